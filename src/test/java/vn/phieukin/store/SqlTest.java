package vn.phieukin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statement cache of {@link Sql}: reused, never shared by two uses at once, never in the way of VACUUM. */
class SqlTest {

    @TempDir
    Path dir;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("CREATE TABLE t(k TEXT PRIMARY KEY, v INTEGER NOT NULL)");
        }
        Sql.cacheStatements(c);
    }

    @AfterEach
    void close() throws SQLException {
        Sql.closeStatements(c);
        c.close();
    }

    @Test
    void oneTextIsPreparedOnceAndReusedWithFreshParameters() throws SQLException {
        for (int i = 0; i < 50; i++) {
            Sql.update(c, "INSERT INTO t(k, v) VALUES (?, ?)", "k" + i, i);
        }
        assertThat(Sql.cachedStatements(c)).isEqualTo(1);
        for (int i = 0; i < 50; i++) {
            assertThat(Sql.number(c, "SELECT v FROM t WHERE k = ?", "k" + i)).isEqualTo(i);
        }
        assertThat(Sql.cachedStatements(c)).isEqualTo(2);
        assertThat(Sql.number(c, "SELECT v FROM t WHERE k = ?", "missing")).isZero();
    }

    @Test
    void aNestedUseOfTheSameTextGetsItsOwnStatement() throws SQLException {
        for (int i = 0; i < 5; i++) {
            Sql.update(c, "INSERT INTO t(k, v) VALUES (?, ?)", "k" + i, i);
        }
        // the outer result set is still open while the mapper runs the very same query
        List<Long> sums = Sql.list(c, "SELECT v FROM t WHERE v >= ? ORDER BY v",
                row -> row.getLong(1) + Sql.list(c, "SELECT v FROM t WHERE v >= ? ORDER BY v", inner -> inner.getLong(1), 3L).size(),
                0L);
        assertThat(sums).containsExactly(2L, 3L, 4L, 5L, 6L);
        assertThat(Sql.cachedStatements(c)).isEqualTo(2); // the insert and one of the two selects
    }

    @Test
    void aStatementThatFailedIsNotReusedAndTheNextUseWorks() throws SQLException {
        Sql.update(c, "INSERT INTO t(k, v) VALUES (?, ?)", "a", 1);
        assertThatThrownBy(() -> Sql.update(c, "INSERT INTO t(k, v) VALUES (?, ?)", "a", 2)).hasMessageContaining("UNIQUE");
        assertThat(Sql.update(c, "INSERT INTO t(k, v) VALUES (?, ?)", "b", 2)).isEqualTo(1);
        assertThat(Sql.list(c, "SELECT k FROM t ORDER BY k", row -> row.getString(1))).containsExactly("a", "b");
    }

    @Test
    void releasedStatementsDoNotHoldUpVacuumOrACheckpoint() throws SQLException {
        for (int i = 0; i < 100; i++) {
            Sql.update(c, "INSERT INTO t(k, v) VALUES (?, ?)", "k" + i, i);
            Sql.one(c, "SELECT k, v FROM t WHERE v <= ? ORDER BY v", row -> row.getString(1), i); // first row only: not run to the end
        }
        Sql.execute(c, "BEGIN IMMEDIATE");
        Sql.update(c, "DELETE FROM t WHERE v < ?", 50);
        Sql.execute(c, "COMMIT");
        Sql.releaseStatements(c); // what Database does before a task that runs alone
        assertThat(Sql.cachedStatements(c)).isZero();
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM");
            try (var row = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getInt(1)).as("checkpoint not blocked").isZero();
            }
        }
        assertThat(Sql.number(c, "SELECT COUNT(*) FROM t")).isEqualTo(50);
        assertThat(Sql.number(c, "SELECT v FROM t WHERE k = ?", "k77")).isEqualTo(77); // cached statements survive VACUUM
    }

    @Test
    void theCacheIsBoundedAndClosingItClosesItsStatements() throws SQLException {
        for (int i = 0; i < Sql.CACHE_SIZE + 50; i++) {
            Sql.number(c, "SELECT " + i);
        }
        assertThat(Sql.cachedStatements(c)).isEqualTo(Sql.CACHE_SIZE);
        Sql.closeStatements(c);
        assertThat(Sql.cachedStatements(c)).isZero();
        assertThat(Sql.number(c, "SELECT 7")).isEqualTo(7); // uncached from now on, still works
        assertThat(Sql.cachedStatements(c)).isZero();
    }
}
