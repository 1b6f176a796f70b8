package vn.phieukin.store;

import java.sql.Connection;

/**
 * One unit of work for the single writer. It runs on the writer thread inside a savepoint of
 * the current group transaction: it must not commit, roll back or change auto-commit itself.
 * Throwing (for instance a {@link RefusedException}) undoes only this task's changes.
 */
@FunctionalInterface
public interface WriteTask<T> {
    T run(Connection connection) throws Exception;
}
