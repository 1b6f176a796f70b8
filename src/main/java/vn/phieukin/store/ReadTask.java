package vn.phieukin.store;

import java.sql.Connection;

/**
 * A read-only unit of work. It runs on a reader thread inside one read transaction, so every
 * query of the task sees the same committed snapshot.
 */
@FunctionalInterface
public interface ReadTask<T> {
    T run(Connection connection) throws Exception;
}
