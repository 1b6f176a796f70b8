package vn.phieukin.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Conferences, their rosters, pairing codes and paired tablets (hashes only). */
public final class ConferenceStore {

    /** A conference; {@code rulesJson} is the API's rules object as stored. */
    public record Conference(String id, String reviewId, int step, String title, LocalDate date, String rulesJson) {
    }

    /** A delegate on a roster; {@code exclusionReason} is null unless excluded. */
    public record Delegate(String id, String conferenceId, String fullName, String title, boolean chair,
                           String exclusionReason, boolean present) {
        public boolean excluded() {
            return exclusionReason != null;
        }
    }

    /** Roster counts: everyone on the roster, those excluded, those checked in. */
    public record RosterCounts(int roster, int excluded, int present) {
        public int convened() {
            return roster - excluded;
        }
    }

    private static final String DELEGATE_COLUMNS =
            "seq, conference_seq, full_name, title, chair, exclusion_reason, present";

    private ConferenceStore() {
    }

    public static String insertConference(Connection c, String reviewId, int step, String title, LocalDate date,
                                          String rulesJson) throws SQLException {
        long seq = Sql.insert(c, "INSERT INTO conferences(review_seq, step, title, date, rules) VALUES (?, ?, ?, ?, ?)",
                Ids.REVIEW.parse(reviewId).orElseThrow(), step, title, date.toString(), rulesJson);
        return Ids.CONFERENCE.format(seq);
    }

    public static Optional<Conference> conference(Connection c, String id) throws SQLException {
        var seq = Ids.CONFERENCE.parse(id);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT seq, review_seq, step, title, date, rules FROM conferences WHERE seq = ?",
                ConferenceStore::conference, seq.getAsLong());
    }

    public static List<Conference> conferencesOfReview(Connection c, String reviewId) throws SQLException {
        return Sql.list(c, "SELECT seq, review_seq, step, title, date, rules FROM conferences WHERE review_seq = ? "
                + "ORDER BY seq", ConferenceStore::conference, Ids.REVIEW.parse(reviewId).orElseThrow());
    }

    private static Conference conference(ResultSet row) throws SQLException {
        return new Conference(Ids.CONFERENCE.format(row.getLong(1)), Ids.REVIEW.format(row.getLong(2)), row.getInt(3),
                row.getString(4), LocalDate.parse(row.getString(5)), row.getString(6));
    }

    public static String insertDelegate(Connection c, String conferenceId, String fullName, String title, boolean chair)
            throws SQLException {
        long seq = Sql.insert(c, "INSERT INTO delegates(conference_seq, full_name, title, chair) VALUES (?, ?, ?, ?)",
                Ids.CONFERENCE.parse(conferenceId).orElseThrow(), fullName, title, chair);
        return Ids.DELEGATE.format(seq);
    }

    public static Optional<Delegate> delegate(Connection c, String id) throws SQLException {
        var seq = Ids.DELEGATE.parse(id);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT " + DELEGATE_COLUMNS + " FROM delegates WHERE seq = ?",
                ConferenceStore::delegate, seq.getAsLong());
    }

    public static List<Delegate> delegates(Connection c, String conferenceId) throws SQLException {
        return Sql.list(c, "SELECT " + DELEGATE_COLUMNS + " FROM delegates WHERE conference_seq = ? ORDER BY seq",
                ConferenceStore::delegate, Ids.CONFERENCE.parse(conferenceId).orElseThrow());
    }

    private static Delegate delegate(ResultSet row) throws SQLException {
        return new Delegate(Ids.DELEGATE.format(row.getLong(1)), Ids.CONFERENCE.format(row.getLong(2)),
                row.getString(3), row.getString(4), row.getInt(5) == 1, row.getString(6), row.getInt(7) == 1);
    }

    public static RosterCounts rosterCounts(Connection c, String conferenceId) throws SQLException {
        return Sql.one(c, "SELECT COUNT(*), COUNT(exclusion_reason), COALESCE(SUM(present), 0) FROM delegates "
                        + "WHERE conference_seq = ?",
                row -> new RosterCounts(row.getInt(1), row.getInt(2), row.getInt(3)),
                Ids.CONFERENCE.parse(conferenceId).orElseThrow()).orElseThrow();
    }

    public static void updateDelegate(Connection c, String delegateId, String fullName, String title, boolean chair)
            throws SQLException {
        Sql.update(c, "UPDATE delegates SET full_name = ?, title = ?, chair = ? WHERE seq = ?", fullName, title, chair,
                seq(delegateId));
    }

    /** Deletes a delegate who never took part in a round (with any unused pairing and tablet). */
    public static void deleteDelegate(Connection c, String delegateId) throws SQLException {
        long delegate = seq(delegateId);
        Sql.update(c, "DELETE FROM pairing_codes WHERE delegate_seq = ?", delegate);
        Sql.update(c, "DELETE FROM tablets WHERE delegate_seq = ?", delegate);
        Sql.update(c, "DELETE FROM delegates WHERE seq = ?", delegate);
    }

    /** Whether any round of the conference has opened (its attendance, hence the roster, is on record). */
    public static boolean anyRoundOpened(Connection c, String conferenceId) throws SQLException {
        return Sql.number(c, "SELECT COUNT(*) FROM rounds WHERE conference_seq = ? AND status <> 'DRAFT'",
                Ids.CONFERENCE.parse(conferenceId).orElseThrow()) > 0;
    }

    /** Sets (a reason) or clears (null) the exclusion of a delegate. */
    public static void setExclusion(Connection c, String delegateId, String reason) throws SQLException {
        Sql.update(c, "UPDATE delegates SET exclusion_reason = ? WHERE seq = ?", reason, seq(delegateId));
    }

    public static void setPresent(Connection c, String delegateId, boolean present) throws SQLException {
        Sql.update(c, "UPDATE delegates SET present = ? WHERE seq = ?", present, seq(delegateId));
    }

    /** Gives a delegate a new pairing code, voiding the older one. */
    public static void replacePairingCode(Connection c, String delegateId, byte[] codeHash, long expiresAtMillis)
            throws SQLException {
        replacePairingCode(c, delegateId, codeHash, null, expiresAtMillis);
    }

    /**
     * Gives a delegate a new pairing: the 8-digit code's hash and the QR secret's hash (either
     * one pairs, once), voiding the older pairing.
     */
    public static void replacePairingCode(Connection c, String delegateId, byte[] codeHash, byte[] secretHash,
                                          long expiresAtMillis) throws SQLException {
        long delegate = seq(delegateId);
        Sql.update(c, "DELETE FROM pairing_codes WHERE delegate_seq = ?", delegate);
        Sql.update(c, "INSERT INTO pairing_codes(delegate_seq, code_hash, secret_hash, expires_at) VALUES (?, ?, ?, ?)",
                delegate, codeHash, secretHash, expiresAtMillis);
    }

    public static boolean pairingSecretExists(Connection c, byte[] secretHash) throws SQLException {
        return Sql.number(c, "SELECT COUNT(*) FROM pairing_codes WHERE secret_hash = ?", secretHash) > 0;
    }

    /** Like {@link #takePairingCode} for the QR secret: the pairing is used up either way. */
    public static Optional<String> takePairingSecret(Connection c, byte[] secretHash, long nowMillis) throws SQLException {
        Optional<long[]> found = Sql.one(c, "SELECT delegate_seq, expires_at FROM pairing_codes WHERE secret_hash = ?",
                row -> new long[] {row.getLong(1), row.getLong(2)}, secretHash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Sql.update(c, "DELETE FROM pairing_codes WHERE secret_hash = ?", secretHash);
        return found.get()[1] > nowMillis ? Optional.of(Ids.DELEGATE.format(found.get()[0])) : Optional.empty();
    }

    public static void deletePairingCode(Connection c, String delegateId) throws SQLException {
        Sql.update(c, "DELETE FROM pairing_codes WHERE delegate_seq = ?", seq(delegateId));
    }

    public static boolean pairingCodeInUse(Connection c, byte[] codeHash) throws SQLException {
        return Sql.number(c, "SELECT COUNT(*) FROM pairing_codes WHERE code_hash = ?", codeHash) > 0;
    }

    /**
     * Uses up a pairing code: returns its delegate when the code exists and is unexpired. The
     * code is deleted either way, so it works once.
     */
    public static Optional<String> takePairingCode(Connection c, byte[] codeHash, long nowMillis) throws SQLException {
        Optional<long[]> found = Sql.one(c, "SELECT delegate_seq, expires_at FROM pairing_codes WHERE code_hash = ?",
                row -> new long[] {row.getLong(1), row.getLong(2)}, codeHash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Sql.update(c, "DELETE FROM pairing_codes WHERE code_hash = ?", codeHash);
        return found.get()[1] > nowMillis ? Optional.of(Ids.DELEGATE.format(found.get()[0])) : Optional.empty();
    }

    /** Pairs a tablet with a delegate; an older tablet of the delegate stops working. */
    public static void replaceTablet(Connection c, String delegateId, byte[] tokenHash) throws SQLException {
        replaceTablet(c, delegateId, tokenHash, null);
    }

    /** Pairs a tablet until {@code expiresAtMillis} at the latest (null: no time limit). */
    public static void replaceTablet(Connection c, String delegateId, byte[] tokenHash, Long expiresAtMillis)
            throws SQLException {
        long delegate = seq(delegateId);
        Sql.update(c, "DELETE FROM tablets WHERE delegate_seq = ?", delegate);
        Sql.update(c, "INSERT INTO tablets(token_hash, delegate_seq, expires_at) VALUES (?, ?, ?)", tokenHash, delegate,
                expiresAtMillis);
    }

    /** Unpairs the tablet holding this token (logout); false when there is none. */
    public static boolean deleteTabletByToken(Connection c, byte[] tokenHash) throws SQLException {
        return Sql.update(c, "DELETE FROM tablets WHERE token_hash = ?", tokenHash) > 0;
    }

    /** When the conference was ended, if it was. */
    public static Optional<String> endedAt(Connection c, String conferenceId) throws SQLException {
        var seq = Ids.CONFERENCE.parse(conferenceId);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT ended_at FROM conferences WHERE seq = ?", row -> row.getString(1), seq.getAsLong())
                .filter(java.util.Objects::nonNull);
    }

    /** Ends a conference: every tablet of it is unpaired and every unused pairing voided. */
    public static void end(Connection c, String conferenceId, String endedAt) throws SQLException {
        long conference = Ids.CONFERENCE.parse(conferenceId).orElseThrow();
        Sql.update(c, "UPDATE conferences SET ended_at = COALESCE(ended_at, ?) WHERE seq = ?", endedAt, conference);
        Sql.update(c, "DELETE FROM tablets WHERE delegate_seq IN (SELECT seq FROM delegates WHERE conference_seq = ?)",
                conference);
        Sql.update(c, "DELETE FROM pairing_codes WHERE delegate_seq IN (SELECT seq FROM delegates WHERE conference_seq = ?)",
                conference);
    }

    public static void deleteTablet(Connection c, String delegateId) throws SQLException {
        Sql.update(c, "DELETE FROM tablets WHERE delegate_seq = ?", seq(delegateId));
    }

    /** The delegates of a conference that have a paired tablet. */
    public static java.util.Set<String> pairedDelegates(Connection c, String conferenceId) throws SQLException {
        return new java.util.HashSet<>(Sql.list(c, "SELECT d.seq FROM tablets t JOIN delegates d ON d.seq = t.delegate_seq "
                + "WHERE d.conference_seq = ?", row -> Ids.DELEGATE.format(row.getLong(1)),
                Ids.CONFERENCE.parse(conferenceId).orElseThrow()));
    }

    /** The delegate of a paired tablet's token hash. */
    public static Optional<Delegate> tabletDelegate(Connection c, byte[] tokenHash) throws SQLException {
        return tabletDelegate(c, tokenHash, Long.MIN_VALUE);
    }

    /** The delegate of a tablet token hash still valid at {@code nowMillis}, of a conference not ended. */
    public static Optional<Delegate> tabletDelegate(Connection c, byte[] tokenHash, long nowMillis) throws SQLException {
        return Sql.one(c, "SELECT d.seq, d.conference_seq, d.full_name, d.title, d.chair, d.exclusion_reason, d.present "
                + "FROM tablets t JOIN delegates d ON d.seq = t.delegate_seq JOIN conferences k ON k.seq = d.conference_seq "
                + "WHERE t.token_hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?) AND k.ended_at IS NULL",
                ConferenceStore::delegate, tokenHash, nowMillis);
    }

    private static long seq(String delegateId) {
        return Ids.DELEGATE.parse(delegateId).orElseThrow(() -> new IllegalArgumentException("not a delegate id"));
    }
}
