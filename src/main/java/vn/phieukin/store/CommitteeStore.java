package vn.phieukin.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The counting committee of a conference and its key ceremony, the encrypted tallies of closed
 * v2 rounds and the members' decryption contributions (COMMITTEE.md). Pairing codes and member
 * tokens are kept as SHA-256 hashes only; everything else is the public transcript.
 */
public final class CommitteeStore {

    /** A committee: size n, threshold k, ceremony status, and once READY its joint key and fingerprint. */
    public record Committee(String conferenceId, int size, int threshold, String status, String complaintJson,
                            String jointKey, String fingerprint) {
    }

    /** A member row; the JSON columns are null until the member sent them. */
    public record Member(String conferenceId, int index, String fullName, boolean paired, String shareKey,
                         String dealJson, String verificationKey, boolean accepted) {
    }

    /** A share as dealt, encrypted to {@code to}. */
    public record Share(int from, int to, String iv, String ciphertext) {
    }

    /** The encrypted tally of a closed round. */
    public record EncryptedTally(long ballots, String slotsJson) {
    }

    /** A member's valid contribution to a round's decryption, in arrival order. */
    public record Contribution(int member, long arrival, String contributionsJson) {
    }

    private static final String MEMBER_COLUMNS = "conference_seq, member_index, full_name, token_hash IS NOT NULL, "
            + "share_key, deal, verification_key, accepted";

    private CommitteeStore() {
    }

    public static Optional<Committee> committee(Connection c, String conferenceId) throws SQLException {
        return Sql.one(c, "SELECT conference_seq, size, threshold, status, complaint, joint_key, fingerprint "
                + "FROM committees WHERE conference_seq = ?", row -> new Committee(
                        Ids.CONFERENCE.format(row.getLong(1)), row.getInt(2), row.getInt(3), row.getString(4),
                        row.getString(5), row.getString(6), row.getString(7)), seq(conferenceId));
    }

    /** Replaces the committee (and its whole ceremony) with a new one in status KEYS. */
    public static void replace(Connection c, String conferenceId, int threshold, List<String> fullNames,
                               List<byte[]> pairingHashes, long pairingExpiresAt) throws SQLException {
        long conference = seq(conferenceId);
        Sql.update(c, "DELETE FROM committee_shares WHERE conference_seq = ?", conference);
        Sql.update(c, "DELETE FROM committee_members WHERE conference_seq = ?", conference);
        Sql.update(c, "DELETE FROM committees WHERE conference_seq = ?", conference);
        Sql.update(c, "INSERT INTO committees(conference_seq, size, threshold, status) VALUES (?, ?, ?, 'KEYS')",
                conference, fullNames.size(), threshold);
        for (int i = 0; i < fullNames.size(); i++) {
            Sql.update(c, "INSERT INTO committee_members(conference_seq, member_index, full_name, pairing_hash, "
                    + "pairing_expires_at) VALUES (?, ?, ?, ?, ?)", conference, i + 1, fullNames.get(i),
                    pairingHashes.get(i), pairingExpiresAt);
        }
    }

    public static boolean pairingCodeInUse(Connection c, byte[] codeHash) throws SQLException {
        return Sql.number(c, "SELECT COUNT(*) FROM committee_members WHERE pairing_hash = ?", codeHash) > 0;
    }

    /**
     * Uses up a member's pairing code (deleted whether or not it has expired) and gives the member
     * device its token; returns the member, or empty for an unknown or expired code.
     */
    public static Optional<Member> pair(Connection c, byte[] codeHash, long nowMillis, byte[] tokenHash)
            throws SQLException {
        Optional<long[]> found = Sql.one(c, "SELECT conference_seq, member_index, pairing_expires_at "
                + "FROM committee_members WHERE pairing_hash = ?", row -> new long[] {row.getLong(1), row.getLong(2),
                        row.getLong(3)}, codeHash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        long[] row = found.get();
        Sql.update(c, "UPDATE committee_members SET pairing_hash = NULL, pairing_expires_at = NULL "
                + "WHERE conference_seq = ? AND member_index = ?", row[0], row[1]);
        if (row[2] < nowMillis) {
            return Optional.empty();
        }
        Sql.update(c, "UPDATE committee_members SET token_hash = ? WHERE conference_seq = ? AND member_index = ?",
                tokenHash, row[0], row[1]);
        return member(c, Ids.CONFERENCE.format(row[0]), (int) row[1]);
    }

    /** The member whose device holds the token with this hash. */
    public static Optional<Member> memberByToken(Connection c, byte[] tokenHash) throws SQLException {
        return Sql.one(c, "SELECT " + MEMBER_COLUMNS + " FROM committee_members WHERE token_hash = ?",
                CommitteeStore::member, tokenHash);
    }

    public static Optional<Member> member(Connection c, String conferenceId, int index) throws SQLException {
        return Sql.one(c, "SELECT " + MEMBER_COLUMNS + " FROM committee_members WHERE conference_seq = ? "
                + "AND member_index = ?", CommitteeStore::member, seq(conferenceId), index);
    }

    public static List<Member> members(Connection c, String conferenceId) throws SQLException {
        return Sql.list(c, "SELECT " + MEMBER_COLUMNS + " FROM committee_members WHERE conference_seq = ? "
                + "ORDER BY member_index", CommitteeStore::member, seq(conferenceId));
    }

    public static void setShareKey(Connection c, String conferenceId, int index, String shareKey) throws SQLException {
        Sql.update(c, "UPDATE committee_members SET share_key = ? WHERE conference_seq = ? AND member_index = ?",
                shareKey, seq(conferenceId), index);
    }

    public static void setDeal(Connection c, String conferenceId, int index, String dealJson, List<Share> shares)
            throws SQLException {
        long conference = seq(conferenceId);
        Sql.update(c, "UPDATE committee_members SET deal = ? WHERE conference_seq = ? AND member_index = ?",
                dealJson, conference, index);
        for (Share share : shares) {
            Sql.update(c, "INSERT INTO committee_shares(conference_seq, from_index, to_index, iv, ciphertext) "
                    + "VALUES (?, ?, ?, ?, ?)", conference, share.from(), share.to(), share.iv(), share.ciphertext());
        }
    }

    public static void accept(Connection c, String conferenceId, int index, String verificationKey) throws SQLException {
        Sql.update(c, "UPDATE committee_members SET verification_key = ?, accepted = 1 WHERE conference_seq = ? "
                + "AND member_index = ?", verificationKey, seq(conferenceId), index);
    }

    /** The shares addressed to member {@code to}, by dealer. */
    public static List<Share> sharesTo(Connection c, String conferenceId, int to) throws SQLException {
        return Sql.list(c, "SELECT from_index, to_index, iv, ciphertext FROM committee_shares WHERE conference_seq = ? "
                + "AND to_index = ? ORDER BY from_index", row -> new Share(row.getInt(1), row.getInt(2),
                        row.getString(3), row.getString(4)), seq(conferenceId), to);
    }

    public static void setStatus(Connection c, String conferenceId, String status) throws SQLException {
        Sql.update(c, "UPDATE committees SET status = ? WHERE conference_seq = ?", status, seq(conferenceId));
    }

    public static void fail(Connection c, String conferenceId, String complaintJson) throws SQLException {
        Sql.update(c, "UPDATE committees SET status = 'FAILED', complaint = ? WHERE conference_seq = ?",
                complaintJson, seq(conferenceId));
    }

    public static void ready(Connection c, String conferenceId, String jointKey, String fingerprint) throws SQLException {
        Sql.update(c, "UPDATE committees SET status = 'READY', joint_key = ?, fingerprint = ? WHERE conference_seq = ?",
                jointKey, fingerprint, seq(conferenceId));
    }

    /** Whether any round of the conference was ever opened (the committee is then fixed). */
    public static boolean anyRoundOpened(Connection c, String conferenceId) throws SQLException {
        return Sql.number(c, "SELECT COUNT(*) FROM rounds WHERE conference_seq = ? AND status <> 'DRAFT'",
                seq(conferenceId)) > 0;
    }

    // ---- tallies and decryption ------------------------------------------------------------------

    public static void insertEncryptedTally(Connection c, String roundId, long ballots, String slotsJson)
            throws SQLException {
        Sql.update(c, "INSERT INTO encrypted_tallies(round_seq, ballots, slots) VALUES (?, ?, ?)",
                roundSeq(roundId), ballots, slotsJson);
    }

    public static Optional<EncryptedTally> encryptedTally(Connection c, String roundId) throws SQLException {
        return Sql.one(c, "SELECT ballots, slots FROM encrypted_tallies WHERE round_seq = ?",
                row -> new EncryptedTally(row.getLong(1), row.getString(2)), roundSeq(roundId));
    }

    public static void insertContribution(Connection c, String roundId, int member, String contributionsJson)
            throws SQLException {
        long round = roundSeq(roundId);
        long arrival = Sql.number(c, "SELECT COALESCE(MAX(arrival), 0) + 1 FROM decryptions WHERE round_seq = ?", round);
        Sql.update(c, "INSERT INTO decryptions(round_seq, member_index, arrival, contributions) VALUES (?, ?, ?, ?)",
                round, member, arrival, contributionsJson);
    }

    /** The valid contributions to a round's decryption, in arrival order. */
    public static List<Contribution> contributions(Connection c, String roundId) throws SQLException {
        return Sql.list(c, "SELECT member_index, arrival, contributions FROM decryptions WHERE round_seq = ? "
                + "ORDER BY arrival", row -> new Contribution(row.getInt(1), row.getLong(2), row.getString(3)),
                roundSeq(roundId));
    }

    private static Member member(ResultSet row) throws SQLException {
        return new Member(Ids.CONFERENCE.format(row.getLong(1)), row.getInt(2), row.getString(3), row.getBoolean(4),
                row.getString(5), row.getString(6), row.getString(7), row.getBoolean(8));
    }

    private static long seq(String conferenceId) {
        return Ids.CONFERENCE.parse(conferenceId).orElseThrow(() -> new IllegalArgumentException("not a conference id"));
    }

    private static long roundSeq(String roundId) {
        return Ids.ROUND.parse(roundId).orElseThrow(() -> new IllegalArgumentException("not a round id"));
    }
}
