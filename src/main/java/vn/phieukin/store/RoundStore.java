package vn.phieukin.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Rounds, token and paper issuance, the ballot box, chair decisions and sealed records. Ids in
 * and out are API ids ({@code r12}, {@code d3}, {@code hn2}); nothing here records when or from
 * where a ballot came, and no query links a delegate to a ballot.
 */
public final class RoundStore {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(RoundStore.class.getName());

    /** A round row: the definition, warnings, key, attendance and result are JSON as stored. */
    public record Round(String id, String conferenceId, String kind, String status, String definitionJson,
                        String warningsJson, String tokenKeyJson, String attendanceJson, Long presentAtOpen,
                        String resultJson) {
        public boolean isOpen() {
            return "OPEN".equals(status);
        }

        /** This row as {@link RoundStore#close} leaves it. */
        public Round closed() {
            return new Round(id, conferenceId, kind, "CLOSED", definitionJson, warningsJson, tokenKeyJson, attendanceJson,
                    presentAtOpen, resultJson);
        }

        public boolean isClosed() {
            return "CLOSED".equals(status);
        }
    }

    /** One token issued: the blinded message and the blind signature given for it. */
    public record Issuance(byte[] blindedMessage, byte[] blindSignature) {
    }

    /** A ballot in the box: its receipt and the cast request as received (canonical JSON). */
    public record StoredBallot(String receipt, String requestJson) {
    }

    /** A paper ballot as entered: its random receipt, the choices (JSON) and the committee's invalid mark. */
    public record StoredPaperBallot(String receipt, String choicesJson, boolean invalid) {
    }

    /** A chair decision as stored. */
    public record StoredDecision(String positionId, String chosenJson, String decidedBy, String decidedAt) {
    }

    /** A sealed record and its SHA-256 (hex, of the JCS of the whole record, seal included). */
    public record StoredRecord(int version, String sha256, String recordJson) {
    }

    /** What a record's row says of it without reading its text: its version and SHA-256. */
    public record RecordMeta(int version, String sha256) {
    }

    /** How many tokens and paper ballots were handed out, and how many ballots are in the box. */
    public record Counts(long tokensIssued, long paperIssued, long ballotsCast, long paperBallotsEntered) {
        public long issued() {
            return tokensIssued + paperIssued;
        }

        public long cast() {
            return ballotsCast + paperBallotsEntered;
        }
    }

    private static final String ROUND_COLUMNS = "seq, conference_seq, kind, status, definition, warnings, token_key, "
            + "attendance, present_at_open, result";

    private RoundStore() {
    }

    // ---- rounds --------------------------------------------------------------------------------

    public static String insertRound(Connection c, String conferenceId, String kind, String definitionJson,
                                     String warningsJson) throws SQLException {
        long seq = Sql.insert(c, "INSERT INTO rounds(conference_seq, kind, status, definition, warnings) "
                + "VALUES (?, ?, 'DRAFT', ?, ?)", conferenceSeq(conferenceId), kind, definitionJson, warningsJson);
        return Ids.ROUND.format(seq);
    }

    public static Optional<Round> round(Connection c, String roundId) throws SQLException {
        var seq = Ids.ROUND.parse(roundId);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT " + ROUND_COLUMNS + " FROM rounds WHERE seq = ?", RoundStore::round, seq.getAsLong());
    }

    /** The rounds of a conference in the order they were created. */
    /** The round's status alone (e.g. OPEN), without its definition and key: what the ballot box checks per cast. */
    public static Optional<String> status(Connection c, String roundId) throws SQLException {
        var seq = Ids.ROUND.parse(roundId);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT status FROM rounds WHERE seq = ?", row -> row.getString(1), seq.getAsLong());
    }

    public static List<Round> roundsOf(Connection c, String conferenceId) throws SQLException {
        return Sql.list(c, "SELECT " + ROUND_COLUMNS + " FROM rounds WHERE conference_seq = ? ORDER BY seq",
                RoundStore::round, conferenceSeq(conferenceId));
    }

    public static Optional<Round> openRoundOf(Connection c, String conferenceId) throws SQLException {
        return Sql.one(c, "SELECT " + ROUND_COLUMNS + " FROM rounds WHERE conference_seq = ? AND status = 'OPEN'",
                RoundStore::round, conferenceSeq(conferenceId));
    }

    /** Every open round (to warm the caches after a restart). */
    public static List<Round> openRounds(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + ROUND_COLUMNS + " FROM rounds WHERE status = 'OPEN' ORDER BY seq",
                RoundStore::round);
    }

    /**
     * The round of {@code step} of the review that closed last and has a result (a v2 round has
     * one once decrypted), if any: the source of the next step.
     */
    public static Optional<Round> latestClosedRoundOfStep(Connection c, String reviewId, int step) throws SQLException {
        return Sql.one(c, "SELECT r.seq, r.conference_seq, r.kind, r.status, r.definition, r.warnings, r.token_key, "
                        + "r.attendance, r.present_at_open, r.result FROM rounds r JOIN conferences k ON k.seq = r.conference_seq "
                        + "LEFT JOIN round_closings x ON x.round_seq = r.seq "
                        + "WHERE k.review_seq = ? AND k.step = ? AND r.status = 'CLOSED' AND r.result IS NOT NULL "
                        + "ORDER BY COALESCE(x.seq, 0) DESC, r.seq DESC LIMIT 1",
                RoundStore::round, Ids.REVIEW.parse(reviewId).orElseThrow(), step);
    }

    /** The first round of {@code step} of the review that was ever opened (open or closed now), if any. */
    public static Optional<String> firstOpenedRoundOfStep(Connection c, String reviewId, int step) throws SQLException {
        return Sql.one(c, "SELECT r.seq FROM rounds r JOIN conferences k ON k.seq = r.conference_seq "
                        + "WHERE k.review_seq = ? AND k.step = ? AND r.status <> 'DRAFT' ORDER BY r.seq LIMIT 1",
                row -> Ids.ROUND.format(row.getLong(1)), Ids.REVIEW.parse(reviewId).orElseThrow(), step);
    }

    /** Notes that a round has just closed (after every round closed before it). */
    public static void markClosed(Connection c, String roundId) throws SQLException {
        Sql.update(c, "INSERT OR IGNORE INTO round_closings(round_seq) VALUES (?)", roundSeq(roundId));
    }

    /** A round held again for a step that already had a closed round: which one, and why. */
    public record Repeat(String roundId, String repeatsId, String reason) {
    }

    public static void insertRepeat(Connection c, String roundId, String repeatsId, String reason) throws SQLException {
        Sql.update(c, "INSERT INTO round_repeats(round_seq, repeats_seq, reason) VALUES (?, ?, ?)", roundSeq(roundId),
                roundSeq(repeatsId), reason);
    }

    /** What the round repeats, if it is a repeat. */
    public static Optional<Repeat> repeatOf(Connection c, String roundId) throws SQLException {
        return Sql.one(c, "SELECT round_seq, repeats_seq, reason FROM round_repeats WHERE round_seq = ?",
                RoundStore::repeat, roundSeq(roundId));
    }

    /** The rounds that repeat this one, oldest first. */
    public static List<Repeat> repeatedBy(Connection c, String roundId) throws SQLException {
        return Sql.list(c, "SELECT round_seq, repeats_seq, reason FROM round_repeats WHERE repeats_seq = ? ORDER BY round_seq",
                RoundStore::repeat, roundSeq(roundId));
    }

    private static Repeat repeat(ResultSet row) throws SQLException {
        return new Repeat(Ids.ROUND.format(row.getLong(1)), Ids.ROUND.format(row.getLong(2)), row.getString(3));
    }

    /** Replaces a draft's ballot (the secretariat edits the carried-over list before opening). */
    public static void updateDraft(Connection c, String roundId, String definitionJson, String warningsJson)
            throws SQLException {
        Sql.update(c, "UPDATE rounds SET definition = ?, warnings = ? WHERE seq = ? AND status = 'DRAFT'",
                definitionJson, warningsJson, roundSeq(roundId));
    }

    /**
     * Opens a draft: freezes the delegates present now (checked in, not excluded), keeps the
     * attendance of this moment and the round key (public part as JWK, private part as given:
     * wrapped by the key-encryption key, never in the clear).
     *
     * @return the number of delegates frozen as present
     */
    public static long open(Connection c, String roundId, String tokenKeyJson, String attendanceJson,
                            byte[] wrappedPrivateKey) throws SQLException {
        long seq = roundSeq(roundId);
        Sql.update(c, "INSERT INTO round_present(round_seq, delegate_seq) SELECT r.seq, d.seq FROM rounds r "
                + "JOIN delegates d ON d.conference_seq = r.conference_seq "
                + "WHERE r.seq = ? AND d.present = 1 AND d.exclusion_reason IS NULL", seq);
        long present = Sql.number(c, "SELECT COUNT(*) FROM round_present WHERE round_seq = ?", seq);
        Sql.update(c, "INSERT OR REPLACE INTO round_times(round_seq, opened_at) VALUES (?, " + NOW + ")", seq);
        Sql.update(c, "INSERT INTO round_private_keys(round_seq, private_key) VALUES (?, ?)", seq, wrappedPrivateKey);
        Sql.update(c, "UPDATE rounds SET status = 'OPEN', token_key = ?, attendance = ?, present_at_open = ? "
                + "WHERE seq = ? AND status = 'DRAFT'", tokenKeyJson, attendanceJson, present, seq);
        return present;
    }

    /** Closes an open round and destroys its private key; the result follows with {@link #setResult}. */
    public static void close(Connection c, String roundId) throws SQLException {
        if (Sql.update(c, "UPDATE rounds SET status = 'CLOSED' WHERE seq = ? AND status = 'OPEN'", roundSeq(roundId)) > 0) {
            Sql.update(c, "INSERT INTO round_times(round_seq, closed_at) VALUES (?1, " + NOW + ") "
                    + "ON CONFLICT(round_seq) DO UPDATE SET closed_at = " + NOW, roundSeq(roundId));
        }
        destroyPrivateKey(c, roundId);
    }

    /** Replaces the result of a closed round (after a chair decision). */
    public static void setResult(Connection c, String roundId, String resultJson) throws SQLException {
        Sql.update(c, "UPDATE rounds SET result = ? WHERE seq = ? AND status = 'CLOSED'", resultJson, roundSeq(roundId));
    }

    public static Optional<byte[]> privateKey(Connection c, String roundId) throws SQLException {
        return Sql.one(c, "SELECT private_key FROM round_private_keys WHERE round_seq = ?", row -> row.getBytes(1),
                roundSeq(roundId));
    }

    /**
     * Overwrites the private key's bytes in place (with secure_delete on, SQLite zeroes freed
     * content too), then deletes the row: the key cannot be read back from the database file.
     */
    public static void destroyPrivateKey(Connection c, String roundId) throws SQLException {
        long seq = roundSeq(roundId);
        Sql.one(c, "PRAGMA secure_delete = ON", row -> row.getLong(1));
        Sql.update(c, "UPDATE round_private_keys SET private_key = zeroblob(length(private_key)) WHERE round_seq = ?", seq);
        Sql.update(c, "DELETE FROM round_private_keys WHERE round_seq = ?", seq);
    }

    /**
     * After a round closed (run alone on the writer, outside any transaction): leaves no file of
     * the data folder from which the order of arrival of ballots (or of token issuance) can be
     * read. The WAL is checkpointed and truncated (its frames are in commit order), then
     * {@code VACUUM} rebuilds every table and index in key order (ballots by receipt, issuance by
     * delegate), so no cell offset, page number or free page keeps the order in which rows were
     * inserted, and the temporary copy stays in memory; then the WAL (which now holds the rebuilt
     * pages) is checkpointed and truncated again. Also makes sure no freed page keeps old content.
     * The sealed records' texts are not in the database ({@link #insertRecord}), so what this
     * rewrites grows with the ballots and issuance kept, not with every record stored.
     *
     * @return whether both checkpoints completed (false: a reader kept the WAL busy; the next
     *         close or start repeats it)
     */
    public static boolean scrub(Connection c) throws SQLException {
        try (java.sql.Statement statement = c.createStatement()) {
            statement.execute("PRAGMA secure_delete = ON");
            boolean first = checkpoint(statement);
            statement.execute("PRAGMA temp_store = MEMORY");
            try {
                statement.execute("VACUUM");
            } finally {
                statement.execute("PRAGMA temp_store = DEFAULT");
            }
            boolean second = checkpoint(statement);
            removeUnnamedRecords(c);
            return second && first;
        }
    }

    /**
     * Deletes every file of {@code data/records/} that no committed row names: the text of a close
     * or a decision whose transaction rolled back (a later task of its group failed, e.g. on a
     * full disk) or was cut by a crash between the file's fsync and the commit, and a temporary
     * file left by a crash mid-write. Such a file is genuinely sealed and lists the ballots and
     * token holders of that moment: beside the record of the same round sealed later, the
     * difference would single out the ballot of whoever voted in between. Each is overwritten
     * with zeros and synced before it is unlinked, then the folder is synced. Runs alone on the
     * writer (from {@link #scrub} and at every start), so no record is being written meanwhile.
     *
     * @return how many files were removed
     */
    public static int removeUnnamedRecords(Connection c) throws SQLException {
        java.nio.file.Path folder = recordsPath(c);
        if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
            return 0;
        }
        // a row whose SHA-256 is not hex (changed in the database) names no file: it must not stop the rest
        java.util.Set<String> named = new java.util.HashSet<>(Sql.list(c,
                "SELECT round_seq, version, sha256 FROM sealed_records WHERE record = ''",
                row -> Ids.ROUND.format(row.getLong(1)) + "-v" + row.getInt(2) + "-" + row.getString(3) + ".json"));
        int removed = 0;
        int failed = 0;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                String name = file.getFileName().toString();
                boolean ours = RECORD_FILE.matcher(name).matches() || (name.startsWith(".record-") && name.endsWith(".tmp"));
                if (ours && !named.contains(name) && java.nio.file.Files.isRegularFile(file,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        zeroAndDelete(file);
                        removed++;
                    } catch (java.io.IOException e) {
                        // one file that cannot be removed (read-only, planted) must not keep the others
                        failed++;
                        LOG.warning("không xóa được tệp biên bản không thuộc phiên nào đã ghi " + file + ": " + e
                                + ". Hãy xóa tệp này bằng tay (nó có thể cho biết ai đã bỏ phiếu giữa hai lần niêm phong).");
                    }
                }
            }
            if (removed > 0) {
                syncFolder(folder);
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot remove the unnamed sealed records of " + folder + ": " + e.getMessage(), e);
        }
        if (failed > 0) {
            int count = failed;
            LOG.warning(() -> count + " tệp biên bản không thuộc phiên nào đã ghi còn lại trong " + folder);
        }
        if (removed > 0) {
            int count = removed;
            LOG.warning(() -> "đã xóa " + count + " tệp biên bản không thuộc phiên nào đã ghi (một lần kết thúc phiên "
                    + "hoặc quyết định bị hủy giữa chừng) trong " + folder);
        }
        return removed;
    }

    private static final java.util.regex.Pattern RECORD_FILE = java.util.regex.Pattern.compile("r[0-9]+-v[0-9]+-[0-9a-f]{64}\\.json");

    /** An fsync of a folder: makes its entries (a rename, an unlink) durable. */
    private static void syncFolder(java.nio.file.Path folder) throws java.io.IOException {
        try (java.nio.channels.FileChannel dir = java.nio.channels.FileChannel.open(folder, java.nio.file.StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * Overwrites a file with zeros, syncs it and unlinks it. The zeros reach every other name of
     * the same inode too (a hard link a copy keeps): that is the point. Someone who can plant a
     * hard link to {@code phieukin.db} under a record's name can as well delete it; that is not
     * guarded against here.
     */
    private static void zeroAndDelete(java.nio.file.Path file) throws java.io.IOException {
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            long size = out.size();
            java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(64 * 1024);
            for (long at = 0; at < size; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                at += out.write(zeros, at);
            }
            out.force(true);
        }
        java.nio.file.Files.delete(file);
    }

    /** Whether any round has closed (then {@link #scrub} at start makes good a close whose scrub failed). */
    public static boolean anyClosed(Connection c) throws SQLException {
        return Sql.number(c, "SELECT COUNT(*) FROM rounds WHERE status = 'CLOSED'") > 0;
    }

    private static boolean checkpoint(java.sql.Statement statement) throws SQLException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ResultSet row = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (row.next() && row.getInt(1) == 0) {
                    return true;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The database's clock, UTC to the second, for the opening and closing times the minutes print. */
    private static final String NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

    /** When the round was opened and closed (ISO instants; null while not yet). */
    public record Times(String openedAt, String closedAt) {
    }

    public static Times times(Connection c, String roundId) throws SQLException {
        return Sql.one(c, "SELECT opened_at, closed_at FROM round_times WHERE round_seq = ?",
                row -> new Times(row.getString(1), row.getString(2)), roundSeq(roundId)).orElse(new Times(null, null));
    }

    // ---- issuance ------------------------------------------------------------------------------

    public static boolean presentAtOpen(Connection c, String roundId, String delegateId) throws SQLException {
        var delegate = Ids.DELEGATE.parse(delegateId);
        return delegate.isPresent() && Sql.number(c, "SELECT COUNT(*) FROM round_present WHERE round_seq = ? AND "
                + "delegate_seq = ?", roundSeq(roundId), delegate.getAsLong()) > 0;
    }

    public static Optional<Issuance> issuance(Connection c, String roundId, String delegateId) throws SQLException {
        return Sql.one(c, "SELECT blinded_message, blind_signature FROM token_issuance WHERE round_seq = ? "
                        + "AND delegate_seq = ?", row -> new Issuance(row.getBytes(1), row.getBytes(2)),
                roundSeq(roundId), delegateSeq(delegateId));
    }

    public static void insertIssuance(Connection c, String roundId, String delegateId, byte[] blindedMessage,
                                      byte[] blindSignature) throws SQLException {
        Sql.update(c, "INSERT INTO token_issuance(round_seq, delegate_seq, blinded_message, blind_signature) "
                + "VALUES (?, ?, ?, ?)", roundSeq(roundId), delegateSeq(delegateId), blindedMessage, blindSignature);
        countOne(c, roundSeq(roundId), "tokens_issued");
    }

    public static boolean paperIssued(Connection c, String roundId, String delegateId) throws SQLException {
        return Sql.number(c, "SELECT COUNT(*) FROM paper_issuance WHERE round_seq = ? AND delegate_seq = ?",
                roundSeq(roundId), delegateSeq(delegateId)) > 0;
    }

    public static void insertPaperIssuance(Connection c, String roundId, String delegateId) throws SQLException {
        Sql.update(c, "INSERT INTO paper_issuance(round_seq, delegate_seq) VALUES (?, ?)", roundSeq(roundId),
                delegateSeq(delegateId));
        countOne(c, roundSeq(roundId), "paper_issued");
    }

    /**
     * Delegates who received a token, sorted by id as text (participation, never a vote); a
     * delegate with an electronic replacement whose new tablet took its token is listed twice.
     */
    public static List<String> tokenHolders(Connection c, String roundId) throws SQLException {
        return delegateIds(c, "SELECT delegate_seq FROM token_issuance WHERE round_seq = ?1 "
                + "UNION ALL SELECT delegate_seq FROM token_reissuance WHERE round_seq = ?1", roundId);
    }

    /** A replacement ballot (đổi phiếu) of one delegate in a round. */
    public record Replacement(String delegateId, String kind, String reason, String at) {
    }

    public static Optional<Replacement> replacement(Connection c, String roundId, String delegateId) throws SQLException {
        return Sql.one(c, "SELECT delegate_seq, kind, reason, at FROM replacements WHERE round_seq = ? AND delegate_seq = ?",
                RoundStore::replacement, roundSeq(roundId), delegateSeq(delegateId));
    }

    /** The round's replacements, by delegate id as text. */
    public static List<Replacement> replacements(Connection c, String roundId) throws SQLException {
        return Sql.list(c, "SELECT delegate_seq, kind, reason, at FROM replacements WHERE round_seq = ?",
                RoundStore::replacement, roundSeq(roundId)).stream()
                .sorted(java.util.Comparator.comparing(Replacement::delegateId)).toList();
    }

    private static Replacement replacement(java.sql.ResultSet row) throws SQLException {
        return new Replacement(Ids.DELEGATE.format(row.getLong(1)), row.getString(2), row.getString(3), row.getString(4));
    }

    public static void insertReplacement(Connection c, String roundId, String delegateId, String kind, String reason,
                                         String at) throws SQLException {
        Sql.update(c, "INSERT INTO replacements(round_seq, delegate_seq, kind, reason, at) VALUES (?, ?, ?, ?, ?)",
                roundSeq(roundId), delegateSeq(delegateId), kind, reason, at);
    }

    /** The second token of a delegate with an electronic replacement, if the new tablet took it. */
    public static Optional<Issuance> reissuance(Connection c, String roundId, String delegateId) throws SQLException {
        return Sql.one(c, "SELECT blinded_message, blind_signature FROM token_reissuance WHERE round_seq = ? "
                        + "AND delegate_seq = ?", row -> new Issuance(row.getBytes(1), row.getBytes(2)),
                roundSeq(roundId), delegateSeq(delegateId));
    }

    public static void insertReissuance(Connection c, String roundId, String delegateId, byte[] blindedMessage,
                                        byte[] blindSignature) throws SQLException {
        Sql.update(c, "INSERT INTO token_reissuance(round_seq, delegate_seq, blinded_message, blind_signature) "
                + "VALUES (?, ?, ?, ?)", roundSeq(roundId), delegateSeq(delegateId), blindedMessage, blindSignature);
        countOne(c, roundSeq(roundId), "tokens_issued");
    }

    /** Delegates who received a paper ballot, sorted by id as text. */
    public static List<String> paperHolders(Connection c, String roundId) throws SQLException {
        return delegateIds(c, "SELECT delegate_seq FROM paper_issuance WHERE round_seq = ?", roundId);
    }

    private static List<String> delegateIds(Connection c, String sql, String roundId) throws SQLException {
        return Sql.list(c, sql, row -> Ids.DELEGATE.format(row.getLong(1)), roundSeq(roundId)).stream().sorted().toList();
    }

    /**
     * The round's counts, from its counter row (V7), which every insert below keeps in the same
     * transaction: constant time, however many ballots the round holds.
     */
    public static Counts counts(Connection c, String roundId) throws SQLException {
        return Sql.one(c, "SELECT tokens_issued, paper_issued, ballots_cast, paper_ballots FROM round_counts WHERE round_seq = ?",
                row -> new Counts(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)), roundSeq(roundId))
                .orElse(new Counts(0, 0, 0, 0));
    }

    /** {@link #counts} recounted from the rows themselves (tests check the counter against it). */
    public static Counts countedRows(Connection c, String roundId) throws SQLException {
        long seq = roundSeq(roundId);
        return Sql.one(c, "SELECT (SELECT COUNT(*) FROM token_issuance WHERE round_seq = ?1) "
                        + "+ (SELECT COUNT(*) FROM token_reissuance WHERE round_seq = ?1), "
                        + "(SELECT COUNT(*) FROM paper_issuance WHERE round_seq = ?1), "
                        + "(SELECT COUNT(*) FROM ballots WHERE round_seq = ?1), "
                        + "(SELECT COUNT(*) FROM paper_ballots WHERE round_seq = ?1)",
                row -> new Counts(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)), seq).orElseThrow();
    }

    /** Adds one to a counter of the round's row (created if missing); {@code column} is one of ours. */
    private static void countOne(Connection c, long roundSeq, String column) throws SQLException {
        Sql.update(c, "INSERT INTO round_counts(round_seq, " + column + ") VALUES (?, 1) "
                + "ON CONFLICT(round_seq) DO UPDATE SET " + column + " = " + column + " + 1", roundSeq);
    }

    // ---- the ballot box ------------------------------------------------------------------------

    /** The receipt of the ballot already cast with {@code tokenKey} in the round, if any. */
    public static Optional<String> receiptOfToken(Connection c, String roundId, String tokenKey) throws SQLException {
        return Sql.one(c, "SELECT receipt FROM ballots WHERE round_seq = ? AND token_key = ?", row -> row.getString(1),
                roundSeq(roundId), tokenKey);
    }

    public static void insertBallot(Connection c, String roundId, String receipt, String tokenKey, String requestJson)
            throws SQLException {
        Sql.update(c, "INSERT INTO ballots(receipt, round_seq, token_key, request) VALUES (?, ?, ?, ?)", receipt,
                roundSeq(roundId), tokenKey, requestJson);
        countOne(c, roundSeq(roundId), "ballots_cast");
    }

    /** The round's ballots sorted by receipt. */
    public static List<StoredBallot> ballots(Connection c, String roundId) throws SQLException {
        return Sql.list(c, "SELECT receipt, request FROM ballots WHERE round_seq = ? ORDER BY receipt",
                row -> new StoredBallot(row.getString(1), row.getString(2)), roundSeq(roundId));
    }

    /** {@code limit} of the round's ballots from {@code offset}, sorted by receipt (as {@link #ballots}). */
    public static List<StoredBallot> ballotsPage(Connection c, String roundId, int offset, int limit) throws SQLException {
        return Sql.list(c, "SELECT receipt, request FROM ballots WHERE round_seq = ? ORDER BY receipt LIMIT ? OFFSET ?",
                row -> new StoredBallot(row.getString(1), row.getString(2)), roundSeq(roundId), limit, offset);
    }

    /** The receipts of the round's electronic ballots, sorted (no contents). */
    public static List<String> receipts(Connection c, String roundId) throws SQLException {
        return Sql.list(c, "SELECT receipt FROM ballots WHERE round_seq = ? ORDER BY receipt", row -> row.getString(1),
                roundSeq(roundId));
    }

    /** The receipts of the round's paper ballots, sorted. */
    public static List<String> paperReceipts(Connection c, String roundId) throws SQLException {
        return Sql.list(c, "SELECT receipt FROM paper_ballots WHERE round_seq = ? ORDER BY receipt",
                row -> row.getString(1), roundSeq(roundId));
    }

    /** Whether a receipt (electronic or paper) is in the round's box. */
    public static boolean receiptIncluded(Connection c, String roundId, String receipt) throws SQLException {
        long seq = roundSeq(roundId);
        return Sql.number(c, "SELECT (SELECT COUNT(*) FROM ballots WHERE receipt = ?1 AND round_seq = ?2) + "
                + "(SELECT COUNT(*) FROM paper_ballots WHERE receipt = ?1 AND round_seq = ?2)", receipt, seq) > 0;
    }

    public static void insertPaperBallot(Connection c, String roundId, String receipt, String choicesJson,
                                         boolean invalid) throws SQLException {
        Sql.update(c, "INSERT INTO paper_ballots(receipt, round_seq, choices, invalid) VALUES (?, ?, ?, ?)", receipt,
                roundSeq(roundId), choicesJson, invalid);
        countOne(c, roundSeq(roundId), "paper_ballots");
    }

    /** The round's paper ballots sorted by receipt. */
    public static List<StoredPaperBallot> paperBallots(Connection c, String roundId) throws SQLException {
        return Sql.list(c, "SELECT receipt, choices, invalid FROM paper_ballots WHERE round_seq = ? ORDER BY receipt",
                row -> new StoredPaperBallot(row.getString(1), row.getString(2), row.getInt(3) == 1), roundSeq(roundId));
    }

    // ---- decisions and sealed records -----------------------------------------------------------

    public static void insertDecision(Connection c, String roundId, String positionId, String chosenJson,
                                      String decidedBy, String decidedAt) throws SQLException {
        Sql.update(c, "INSERT INTO chair_decisions(round_seq, position_id, chosen, decided_by, decided_at) "
                + "VALUES (?, ?, ?, ?, ?)", roundSeq(roundId), positionId, chosenJson, decidedBy, decidedAt);
    }

    /** The round's decisions in the order they were made. */
    public static List<StoredDecision> decisions(Connection c, String roundId) throws SQLException {
        return Sql.list(c, "SELECT position_id, chosen, decided_by, decided_at FROM chair_decisions WHERE round_seq = ? "
                        + "ORDER BY decided_at, position_id",
                row -> new StoredDecision(row.getString(1), row.getString(2), row.getString(3), row.getString(4)),
                roundSeq(roundId));
    }

    /** The folder of the data folder that holds the sealed records' texts ({@link #insertRecord}). */
    public static final String RECORDS_FOLDER = "records";

    /**
     * Stores a sealed record. Its text (12 MB for 10,000 ballots) goes to a file of its own in
     * {@code data/records/}, named by round, version and SHA-256, written whole and made durable
     * (fsync of the file, atomic rename, fsync of the folder) before the row that names it is
     * committed; the row keeps the version and SHA-256 with an empty text. So the database, which
     * every close rewrites whole ({@link #scrub}), does not grow with every record stored. The
     * record lists the ballots sorted by receipt and holds no key, so the file keeps nothing of
     * the arrival order. A transaction that rolls back leaves at most a file no row names, which
     * the scrub after the next close, or the next start, removes ({@link #removeUnnamedRecords}). A
     * database with no file (in memory) keeps the text in the row, as rows stored before did.
     */
    public static void insertRecord(Connection c, String roundId, int version, String sha256, String recordJson)
            throws SQLException {
        String inRow = recordJson;
        java.nio.file.Path folder = recordsFolder(c);
        if (folder != null) {
            writeDurably(folder, recordFile(roundId, version, sha256), recordJson);
            inRow = "";
        }
        Sql.update(c, "INSERT INTO sealed_records(round_seq, version, sha256, record) VALUES (?, ?, ?, ?)",
                roundSeq(roundId), version, sha256, inRow);
    }

    /** The file name of a record's text: {@code r12-v1-<sha256>.json}. */
    static String recordFile(String roundId, int version, String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 in hex: " + sha256);
        }
        return Ids.ROUND.format(roundSeq(roundId)) + "-v" + version + "-" + sha256 + ".json";
    }

    /** {@code data/records/} of the connection's database file (not created); null for a database in memory. */
    private static java.nio.file.Path recordsPath(Connection c) throws SQLException {
        String file = Sql.one(c, "SELECT file FROM pragma_database_list WHERE name = 'main'", row -> row.getString(1))
                .orElse("");
        if (file == null || file.isEmpty()) {
            return null;
        }
        return java.nio.file.Path.of(file).toAbsolutePath().getParent().resolve(RECORDS_FOLDER);
    }

    /** {@code data/records/} of the connection's database file, created 0700 if missing; null for a database in memory. */
    private static java.nio.file.Path recordsFolder(Connection c) throws SQLException {
        java.nio.file.Path folder = recordsPath(c);
        if (folder == null) {
            return null;
        }
        try {
            if (!java.nio.file.Files.isDirectory(folder)) {
                boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
                if (posix) {
                    java.nio.file.Files.createDirectories(folder, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
                } else {
                    java.nio.file.Files.createDirectories(folder);
                }
                // the new folder's entry in the data folder is durable before a record is renamed into it
                syncFolder(folder.getParent());
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create " + folder + ": " + e.getMessage(), e);
        }
        return folder;
    }

    /** Writes {@code text} to {@code folder/name}: a temporary file (0600), fsync, atomic rename, fsync of the folder. */
    private static void writeDurably(java.nio.file.Path folder, String name, String text) throws SQLException {
        java.nio.file.Path temporary = null;
        try {
            temporary = java.nio.file.Files.createTempFile(folder, ".record-", ".tmp"); // rw------- on POSIX
            try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(temporary,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            java.nio.file.Files.move(temporary, folder.resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            syncFolder(folder);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot write the sealed record " + name + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    // it may hold the whole sealed text (the rename failed): zeroed, as an orphan would be
                    zeroAndDelete(temporary);
                } catch (java.io.IOException ignored) {
                    // left for the next scrub or start (removeUnnamedRecords takes .record-*.tmp too)
                }
            }
        }
    }

    /** A stored record row, its text read from its file when the row's is empty. */
    private static StoredRecord storedRecord(Connection c, ResultSet row) throws SQLException {
        int version = row.getInt(1);
        String sha256 = row.getString(2);
        String text = row.getString(3);
        if (!text.isEmpty()) {
            return new StoredRecord(version, sha256, text);
        }
        java.nio.file.Path folder = recordsPath(c);
        String roundId = Ids.ROUND.format(row.getLong(4));
        String name;
        try {
            name = recordFile(roundId, version, sha256);
        } catch (IllegalArgumentException notHex) {
            throw unreadableRecord(version, "dòng của nó trong cơ sở dữ liệu không mang mã SHA-256 hợp lệ (đã bị sửa)");
        }
        if (folder == null) {
            throw new SQLException("the sealed record " + name + " is in a file, but the database has none");
        }
        java.nio.file.Path file = folder.resolve(name);
        try {
            return new StoredRecord(version, sha256, readRecordFile(file));
        } catch (java.io.IOException e) {
            LOG.warning("the sealed record " + name + " cannot be read from " + folder + ": " + e.getClass().getSimpleName());
            String why = e instanceof java.nio.file.NoSuchFileException
                    ? "đã bị xóa hoặc di chuyển sau khi niêm phong"
                    : e instanceof java.nio.charset.CharacterCodingException ? "đã bị ghi đè bằng dữ liệu không phải văn bản"
                    : e instanceof NotARecordFile notARecord ? notARecord.getMessage()
                    : "không đọc được (" + e.getClass().getSimpleName() + ")";
            throw unreadableRecord(version, "tệp " + RECORDS_FOLDER + "/" + name + " " + why);
        }
    }

    /** The largest record file read: 12 MB holds 10,000 ballots, so this is ten times a hall of 10,000. */
    static final long MAX_RECORD_BYTES = 128L * 1024 * 1024;

    /**
     * A record file's text: a regular file (a planted symbolic link, FIFO or folder under a
     * record's name is refused, never followed or waited on), at most {@link #MAX_RECORD_BYTES},
     * decoded as strict UTF-8.
     */
    private static String readRecordFile(java.nio.file.Path file) throws java.io.IOException {
        var attributes = java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            throw new NotARecordFile("không phải một tệp thường (liên kết, thư mục hay thiết bị)");
        }
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            long size = in.size();
            if (size > MAX_RECORD_BYTES) {
                throw new NotARecordFile("lớn bất thường (" + size + " byte)");
            }
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate((int) size);
            while (bytes.hasRemaining() && in.read(bytes) >= 0) {
                // read until full or the file ends (it shrank meanwhile)
            }
            bytes.flip();
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(bytes).toString();
        }
    }

    /** A file under a record's name that is not one (its message says why, in Vietnamese). */
    private static final class NotARecordFile extends java.io.IOException {
        NotARecordFile(String why) {
            super(why);
        }
    }

    private static RefusedException unreadableRecord(int version, String why) {
        return new RefusedException("RECORD_INVALID", "Biên bản niêm phong phiên bản " + version
                + " không còn đọc được trong thư mục dữ liệu: " + why + ". Hãy báo Ủy ban Kiểm tra; "
                + "không dùng kết quả này cho đến khi khôi phục được tệp từ bản sao lưu.");
    }

    /** The version and SHA-256 of a round's latest sealed record, its text not read. */
    public static Optional<RecordMeta> latestRecordMeta(Connection c, String roundId) throws SQLException {
        return Sql.one(c, "SELECT version, sha256 FROM sealed_records WHERE round_seq = ? ORDER BY version DESC LIMIT 1",
                row -> new RecordMeta(row.getInt(1), row.getString(2)), roundSeq(roundId));
    }

    /** The latest sealed record of a round (the one every earlier one is superseded by). */
    public static Optional<StoredRecord> latestRecord(Connection c, String roundId) throws SQLException {
        return Sql.one(c, "SELECT version, sha256, record, round_seq FROM sealed_records WHERE round_seq = ? "
                        + "ORDER BY version DESC LIMIT 1", row -> storedRecord(c, row), roundSeq(roundId));
    }

    /** Every sealed record of a round, oldest version first. */
    public static List<StoredRecord> records(Connection c, String roundId) throws SQLException {
        return Sql.list(c, "SELECT version, sha256, record, round_seq FROM sealed_records WHERE round_seq = ? ORDER BY version",
                row -> storedRecord(c, row), roundSeq(roundId));
    }

    /** One sealed version of a round's record. */
    public static Optional<StoredRecord> record(Connection c, String roundId, int version) throws SQLException {
        return Sql.one(c, "SELECT version, sha256, record, round_seq FROM sealed_records WHERE round_seq = ? AND version = ?",
                row -> storedRecord(c, row), roundSeq(roundId), version);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Round round(ResultSet row) throws SQLException {
        long present = row.getLong(9);
        Long presentAtOpen = row.wasNull() ? null : present;
        return new Round(Ids.ROUND.format(row.getLong(1)), Ids.CONFERENCE.format(row.getLong(2)), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7), row.getString(8), presentAtOpen,
                row.getString(10));
    }

    private static long roundSeq(String roundId) {
        return Ids.ROUND.parse(roundId).orElseThrow(() -> new IllegalArgumentException("not a round id: " + roundId));
    }

    private static long delegateSeq(String delegateId) {
        return Ids.DELEGATE.parse(delegateId)
                .orElseThrow(() -> new IllegalArgumentException("not a delegate id: " + delegateId));
    }

    private static long conferenceSeq(String conferenceId) {
        return Ids.CONFERENCE.parse(conferenceId)
                .orElseThrow(() -> new IllegalArgumentException("not a conference id: " + conferenceId));
    }
}
