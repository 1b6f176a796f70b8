package vn.phieukin.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Staff accounts and their login sessions (only SHA-256 hashes of the bearer tokens). */
public final class StaffStore {

    /** A staff account without its password hash. */
    public record User(String id, String username, String role, String displayName) {
    }

    /** An account with the bcrypt hash, for checking a login. */
    public record Credentials(User user, String passwordHash) {
    }

    private StaffStore() {
    }

    public static Optional<Credentials> credentials(Connection c, String username) throws SQLException {
        return Sql.one(c, "SELECT seq, username, role, display_name, password_hash FROM users WHERE username = ?",
                row -> new Credentials(new User(Ids.USER.format(row.getLong(1)), row.getString(2), row.getString(3),
                        row.getString(4)), row.getString(5)), username);
    }

    public static boolean usernameTaken(Connection c, String username) throws SQLException {
        return Sql.number(c, "SELECT COUNT(*) FROM users WHERE username = ?", username) > 0;
    }

    public static boolean anyUser(Connection c) throws SQLException {
        return Sql.number(c, "SELECT COUNT(*) FROM users") > 0;
    }

    /** Inserts an account; returns its id. */
    public static String insertUser(Connection c, String username, String passwordHash, String role, String displayName)
            throws SQLException {
        long seq = Sql.insert(c, "INSERT INTO users(username, password_hash, role, display_name) VALUES (?, ?, ?, ?)",
                username, passwordHash, role, displayName);
        return Ids.USER.format(seq);
    }

    public static List<User> users(Connection c) throws SQLException {
        return Sql.list(c, "SELECT seq, username, role, display_name FROM users ORDER BY seq",
                row -> new User(Ids.USER.format(row.getLong(1)), row.getString(2), row.getString(3), row.getString(4)));
    }

    /** Stores a session; expired ones are dropped on the way. */
    public static void insertSession(Connection c, byte[] tokenHash, String userId, long expiresAtMillis, long nowMillis)
            throws SQLException {
        Sql.update(c, "DELETE FROM staff_sessions WHERE expires_at <= ?", nowMillis);
        Sql.update(c, "INSERT INTO staff_sessions(token_hash, user_seq, expires_at) VALUES (?, ?, ?)",
                tokenHash, Ids.USER.parse(userId).orElseThrow(), expiresAtMillis);
    }

    /** Revokes a session (logout); false when there is none. */
    public static boolean deleteSession(Connection c, byte[] tokenHash) throws SQLException {
        return Sql.update(c, "DELETE FROM staff_sessions WHERE token_hash = ?", tokenHash) > 0;
    }

    /** The user of an unexpired session token hash. */
    public static Optional<User> sessionUser(Connection c, byte[] tokenHash, long nowMillis) throws SQLException {
        return Sql.one(c, "SELECT u.seq, u.username, u.role, u.display_name FROM staff_sessions s "
                        + "JOIN users u ON u.seq = s.user_seq WHERE s.token_hash = ? AND s.expires_at > ?",
                row -> new User(Ids.USER.format(row.getLong(1)), row.getString(2), row.getString(3), row.getString(4)),
                tokenHash, nowMillis);
    }
}
