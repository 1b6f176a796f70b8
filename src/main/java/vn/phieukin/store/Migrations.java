package vn.phieukin.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Creates and upgrades the schema from the numbered scripts in {@code db/migration/} on the
 * class path. Each script runs once, in its own transaction together with its row in
 * {@code schema_version}; a database newer than this program is refused.
 *
 * <p>To change the schema, add {@code V<n>__<what>.sql} (n = the next number) and list it in
 * {@link #SCRIPTS}. Statements end with {@code ;} at the end of a line; a {@code CREATE
 * TRIGGER} runs until its {@code END;} line.
 */
public final class Migrations {
    /** Every migration, in order: entry i is version i + 1. */
    static final List<String> SCRIPTS = List.of(
            "V1__staff_reviews_conferences.sql",
            "V2__rounds_ballots.sql",
            "V3__committee.sql",
            "V4__replacements.sql",
            "V5__minutes_details.sql",
            "V6__pairing_secrets_tablet_expiry_repeats.sql",
            "V7__round_counts.sql");

    private Migrations() {
    }

    /** Applies the missing migrations; returns the schema version afterwards. */
    public static int apply(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at TEXT NOT NULL)");
        }
        int current = currentVersion(connection);
        if (current > SCRIPTS.size()) {
            throw new SQLException("the database has schema version " + current
                    + " but this program knows only up to " + SCRIPTS.size() + ": use a newer phieukin");
        }
        for (int version = current + 1; version <= SCRIPTS.size(); version++) {
            String script = SCRIPTS.get(version - 1);
            if (!script.startsWith("V" + version + "__")) {
                throw new IllegalStateException("migration " + script + " listed as version " + version);
            }
            applyOne(connection, version, script);
        }
        return SCRIPTS.size();
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    private static void applyOne(Connection connection, int version, String script) throws SQLException {
        List<String> statements = statements(read("db/migration/" + script));
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                for (String sql : statements) {
                    statement.execute(sql);
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version(version, script, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, version);
                    insert.setString(2, script);
                    insert.setString(3, Instant.now().toString());
                    insert.executeUpdate();
                }
                statement.execute("COMMIT");
            } catch (SQLException e) {
                statement.execute("ROLLBACK");
                throw new SQLException("migration " + script + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script into statements: see the class comment. Lines starting with -- are dropped. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inTrigger = false;
        for (String line : script.split("\r?\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("--") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (current.length() == 0 && trimmed.toUpperCase(Locale.ROOT).matches("CREATE\\s+(TEMP\\s+)?TRIGGER\\b.*")) {
                inTrigger = true;
            }
            current.append(line).append('\n');
            boolean ends = inTrigger ? trimmed.equalsIgnoreCase("END;") : trimmed.endsWith(";");
            if (ends) {
                out.add(current.toString().trim());
                current.setLength(0);
                inTrigger = false;
            }
        }
        if (current.toString().trim().length() > 0) {
            out.add(current.toString().trim());
        }
        return out;
    }
}
