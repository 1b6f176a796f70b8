package vn.phieukin.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers for tasks: parameters bound in order, rows mapped by a lambda. */
public final class Sql {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Sql() {
    }

    public static <T> List<T> list(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, params);
             ResultSet rows = statement.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rows.next()) {
                out.add(row.map(rows));
            }
            return out;
        }
    }

    public static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, params);
             ResultSet rows = statement.executeQuery()) {
            return rows.next() ? Optional.ofNullable(row.map(rows)) : Optional.empty();
        }
    }

    /** A single number, e.g. a COUNT(*). */
    public static long number(Connection c, String sql, Object... params) throws SQLException {
        return one(c, sql, rows -> rows.getLong(1), params).orElse(0L);
    }

    /** Runs an INSERT/UPDATE/DELETE; returns the number of rows changed. */
    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, params)) {
            return statement.executeUpdate();
        }
    }

    /** Runs an INSERT and returns the new row's integer key. */
    public static long insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(c, sql, params)) {
            statement.executeUpdate();
        }
        try (Statement statement = c.createStatement();
             ResultSet rows = statement.executeQuery("SELECT last_insert_rowid()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement statement = c.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                Object value = params[i];
                statement.setObject(i + 1, value instanceof Boolean b ? (b ? 1 : 0) : value);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
