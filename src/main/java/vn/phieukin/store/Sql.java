package vn.phieukin.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small JDBC helpers for tasks: parameters bound in order, rows mapped by a lambda.
 *
 * <p>On the connections {@link Database} owns ({@link #cacheStatements}), each SQL text is prepared
 * once and its statement reused (SQLite compiles a statement in about as long as it takes to run a
 * small one, and the writer runs several per ballot). A statement is taken out of the cache while in
 * use, so a nested use of the same text (a row mapper that queries) prepares its own; one that
 * failed is closed rather than reused; its bound values are cleared when it goes back. Each result
 * set is closed before its statement goes back, which resets a query. The driver leaves an
 * INSERT/UPDATE it ran counted as in progress until the statement is closed, which makes
 * {@code VACUUM} refuse: so {@link #releaseStatements} closes the idle statements of a connection,
 * and {@link Database} calls it before each task that runs alone (the scrub's VACUUM and WAL
 * checkpoints).
 */
public final class Sql {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** At most this many idle statements per connection (least recently used closed first). */
    static final int CACHE_SIZE = 200;
    private static final Map<Connection, StatementCache> CACHES = new ConcurrentHashMap<>();

    private Sql() {
    }

    public static <T> List<T> list(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (Lease lease = prepare(c, sql, params);
             ResultSet rows = lease.statement.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rows.next()) {
                out.add(row.map(rows));
            }
            lease.succeeded();
            return out;
        }
    }

    public static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (Lease lease = prepare(c, sql, params);
             ResultSet rows = lease.statement.executeQuery()) {
            Optional<T> out = rows.next() ? Optional.ofNullable(row.map(rows)) : Optional.empty();
            lease.succeeded();
            return out;
        }
    }

    /** A single number, e.g. a COUNT(*). */
    public static long number(Connection c, String sql, Object... params) throws SQLException {
        return one(c, sql, rows -> rows.getLong(1), params).orElse(0L);
    }

    /** Runs an INSERT/UPDATE/DELETE; returns the number of rows changed. */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (Lease lease = prepare(c, sql, params)) {
            int changed = lease.statement.executeUpdate();
            lease.succeeded();
            return changed;
        }
    }

    /** Runs a statement that returns no rows and changes none, e.g. {@code SAVEPOINT} or {@code COMMIT}. */
    public static void execute(Connection c, String sql) throws SQLException {
        try (Lease lease = prepare(c, sql)) {
            lease.statement.execute();
            lease.succeeded();
        }
    }

    /** Runs an INSERT and returns the new row's integer key. */
    public static long insert(Connection c, String sql, Object... params) throws SQLException {
        update(c, sql, params);
        return number(c, "SELECT last_insert_rowid()");
    }

    /** From now on statements run on {@code c} through these helpers are prepared once and reused. */
    static void cacheStatements(Connection c) {
        CACHES.put(c, new StatementCache());
    }

    /** Closes the cached statements of {@code c} (before the connection closes) and stops caching for it. */
    static void closeStatements(Connection c) {
        StatementCache cache = CACHES.remove(c);
        if (cache != null) {
            cache.closeAll();
        }
    }

    /** Closes the idle cached statements of {@code c} (caching goes on): before VACUUM or a checkpoint. */
    static void releaseStatements(Connection c) {
        StatementCache cache = CACHES.get(c);
        if (cache != null) {
            cache.closeIdle();
        }
    }

    /** The number of idle cached statements of {@code c} (tests). */
    static int cachedStatements(Connection c) {
        StatementCache cache = CACHES.get(c);
        return cache == null ? 0 : cache.size();
    }

    private static Lease prepare(Connection c, String sql, Object... params) throws SQLException {
        StatementCache cache = CACHES.get(c);
        PreparedStatement statement = cache == null ? null : cache.take(sql);
        if (statement == null) {
            statement = c.prepareStatement(sql);
        }
        Lease lease = new Lease(cache, sql, statement);
        try {
            for (int i = 0; i < params.length; i++) {
                Object value = params[i];
                statement.setObject(i + 1, value instanceof Boolean b ? (b ? 1 : 0) : value);
            }
            return lease;
        } catch (SQLException | RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** A statement in use: back to the cache when it succeeded, else closed. */
    private static final class Lease implements AutoCloseable {
        final StatementCache cache;
        final String sql;
        final PreparedStatement statement;
        private boolean succeeded;

        Lease(StatementCache cache, String sql, PreparedStatement statement) {
            this.cache = cache;
            this.sql = sql;
            this.statement = statement;
        }

        void succeeded() {
            succeeded = true;
        }

        @Override
        public void close() throws SQLException {
            if (cache == null || !succeeded) {
                statement.close();
                return;
            }
            try {
                statement.clearParameters(); // drops the bound values (no ballot stays in a cached statement)
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
            cache.give(sql, statement);
        }
    }

    /** Idle prepared statements of one connection, by SQL text, least recently used first. */
    private static final class StatementCache {
        private final LinkedHashMap<String, PreparedStatement> idle = new LinkedHashMap<>(64, 0.75f, true);
        private boolean closed;

        synchronized PreparedStatement take(String sql) {
            return idle.remove(sql);
        }

        void give(String sql, PreparedStatement statement) throws SQLException {
            List<PreparedStatement> toClose = new ArrayList<>();
            synchronized (this) {
                if (closed) {
                    toClose.add(statement);
                } else {
                    PreparedStatement previous = idle.put(sql, statement);
                    if (previous != null && previous != statement) {
                        toClose.add(previous); // a nested use prepared a second one: keep one
                    }
                    var eldest = idle.entrySet().iterator();
                    while (idle.size() > CACHE_SIZE && eldest.hasNext()) {
                        toClose.add(eldest.next().getValue());
                        eldest.remove();
                    }
                }
            }
            for (PreparedStatement s : toClose) {
                s.close();
            }
        }

        synchronized int size() {
            return idle.size();
        }

        void closeAll() {
            synchronized (this) {
                closed = true;
            }
            closeIdle();
        }

        void closeIdle() {
            List<PreparedStatement> all;
            synchronized (this) {
                all = new ArrayList<>(idle.values());
                idle.clear();
            }
            for (PreparedStatement s : all) {
                try {
                    s.close();
                } catch (SQLException ignored) {
                    // the connection closes next in any case
                }
            }
        }
    }
}
