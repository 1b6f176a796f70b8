package vn.phieukin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class DatabaseTest {

    @TempDir
    Path dir;

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** A read's snapshot placed exactly after n writes, or -1 when a write was in progress meanwhile. */
    private static Future<Long> snapshot(Database db) {
        return db.read(c -> {
            long settled = db.writesSettled();
            StaffStore.users(c); // the first query fixes the snapshot
            return db.cleanSnapshot(settled);
        });
    }

    @Test
    void aCleanSnapshotCountsExactlyTheWritesItHoldsAndAWriteInProgressSpoilsIt(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        await(db.write(c -> StaffStore.insertUser(c, "an", "h", "ADMIN", "An")));
        long first = await(snapshot(db));
        assertThat(first).isEqualTo(db.writesStarted()).isPositive();
        // a write task sees itself counted: started − 1 = the snapshot while nothing else was written
        assertThat((long) await(db.<Long>write(c -> db.writesStarted() - 1))).isEqualTo(first);
        long second = await(snapshot(db));
        assertThat(second).isEqualTo(first + 1);
        await(db.write(c -> StaffStore.insertUser(c, "binh", "h", "ADMIN", "Bình")));
        assertThat((long) await(db.<Long>write(c -> db.writesStarted() - 1))).as("a write since the snapshot is seen").isGreaterThan(second);

        // while a write task is running (not yet committed), no snapshot is clean
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Future<String> slow = db.write(c -> {
            String id = StaffStore.insertUser(c, "cuong", "h", "ADMIN", "Cường");
            inside.countDown();
            release.await(30, TimeUnit.SECONDS);
            return id;
        });
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(await(snapshot(db))).isEqualTo(-1);
        release.countDown();
        await(slow);
        assertThat(await(snapshot(db))).isEqualTo(db.writesStarted());
        await(db.close());
    }

    @Test
    void manyConcurrentWritesAllCommitAndAreReadable(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        List<Future<String>> writes = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = i;
            writes.add(db.write(c -> StaffStore.insertUser(c, "user" + n, "hash", "SECRETARIAT", "Người " + n)));
        }
        await(Future.all(writes));
        assertThat(await(db.read(StaffStore::users))).hasSize(500);
        assertThat(writes.stream().map(Future::result).distinct()).hasSize(500);
        await(db.close());
    }

    @Test
    void aFailingTaskUndoesOnlyItsOwnChangesAndFailsOnlyItsOwnFuture(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        Future<String> before = db.write(c -> StaffStore.insertUser(c, "an", "h", "ADMIN", "An"));
        Future<String> failing = db.write(c -> {
            StaffStore.insertUser(c, "binh", "h", "ADMIN", "Bình");
            throw new RefusedException("DUPLICATE", "thử lỗi");
        });
        Future<String> after = db.write(c -> StaffStore.insertUser(c, "cuong", "h", "ADMIN", "Cường"));
        await(before);
        await(after);
        Throwable failure = await(failing.transform(done -> Future.succeededFuture(done.cause())));
        assertThat(failure).isInstanceOf(RefusedException.class);
        assertThat(await(db.read(StaffStore::users))).extracting(StaffStore.User::username)
                .containsExactly("an", "cuong");
        await(db.close());
    }

    @Test
    void aConstraintViolationFailsThatWriteAndLeavesTheOthersCommitted(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        List<Future<String>> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(db.write(c -> StaffStore.insertUser(c, "same", "h", "ADMIN", "Trùng")));
            int n = i;
            writes.add(db.write(c -> StaffStore.insertUser(c, "distinct" + n, "h", "ADMIN", "Khác")));
        }
        await(Future.join(writes).otherwiseEmpty());
        long succeeded = writes.stream().filter(Future::succeeded).count();
        assertThat(succeeded).isEqualTo(21);
        assertThat(await(db.read(StaffStore::users))).hasSize(21);
        await(db.close());
    }

    @Test
    void committedDataSurvivesClosingAndReopening(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        await(db.write(c -> StaffStore.insertUser(c, "lan", "h", "AUDITOR", "Vi Thị Lan")));
        await(db.close());
        Database reopened = await(Database.open(vertx, dir));
        assertThat(await(reopened.read(StaffStore::users))).extracting(StaffStore.User::displayName)
                .containsExactly("Vi Thị Lan");
        assertThat(reopened.schemaVersion()).isEqualTo(Migrations.SCRIPTS.size());
        await(reopened.close());
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefusedAndNoConnectionKeepsItsFileOpen(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        await(db.write(c -> Sql.update(c, "INSERT INTO schema_version(version, script, applied_at) VALUES (?, ?, ?)",
                Migrations.SCRIPTS.size() + 1, "V99__future.sql", "2027-01-01T00:00:00Z")));
        await(db.close());
        Path file = dir.resolve(Database.FILE_NAME).toRealPath();
        long openBefore = openDescriptorsOf(file);

        assertThatThrownBy(() -> Database.openBlocking(vertx, dir, 3)).isInstanceOf(java.sql.SQLException.class)
                .hasMessageContaining("use a newer phieukin");

        // Each refused open used to leave its writer connection, and so a descriptor of the file, behind.
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> Database.openBlocking(vertx, dir, 3)).isInstanceOf(java.sql.SQLException.class);
        }
        assertThat(openDescriptorsOf(file)).isEqualTo(openBefore);
    }

    /** How many of this process's file descriptors point at {@code file} (Linux {@code /proc/self/fd}). */
    private static long openDescriptorsOf(Path file) throws java.io.IOException {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
        try (var entries = java.nio.file.Files.list(fds)) {
            return entries.filter(fd -> {
                try {
                    return java.nio.file.Files.readSymbolicLink(fd).equals(file);
                } catch (java.io.IOException gone) {
                    return false; // the descriptor closed while listing
                }
            }).count();
        }
    }

    @Test
    void aReadTaskCannotWrite(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        Future<String> attempt = db.read(c -> StaffStore.insertUser(c, "x", "h", "ADMIN", "X"));
        try {
            await(attempt);
        } catch (ExecutionException expected) {
            // query_only refuses it
        }
        assertThat(attempt.failed()).isTrue();
        assertThat(await(db.read(StaffStore::users))).isEmpty();
        await(db.close());
    }

    @Test
    void futuresCompleteOnTheCallersContext(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        var context = vertx.getOrCreateContext();
        var thread = new java.util.concurrent.CompletableFuture<Boolean>();
        context.runOnContext(v -> db.write(c -> StaffStore.anyUser(c))
                .onComplete(done -> thread.complete(vertx.getOrCreateContext() == context)));
        assertThat(thread.get(30, TimeUnit.SECONDS)).isTrue();
        await(db.close());
    }

    // ---- the writer thread under faults -------------------------------------------------------

    @Test
    void aWriteWhoseContextIsGoneStillCompletesAndTheWriterGoesOn(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        Vertx other = Vertx.vertx();
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Future<String>> held = new java.util.concurrent.CompletableFuture<>();
        other.getOrCreateContext().runOnContext(v -> held.complete(db.write(c -> {
            running.countDown();
            release.await(30, TimeUnit.SECONDS);
            return StaffStore.insertUser(c, "tam", "h", "ADMIN", "Tâm");
        })));
        Future<String> orphan = held.get(30, TimeUnit.SECONDS);
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        other.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        release.countDown(); // its completion is now refused by the closed Vert.x
        // the writer did not die: the next write (from a live context) commits, and so did the orphan
        await(db.write(c -> StaffStore.insertUser(c, "vy", "h", "ADMIN", "Vy")));
        assertThat(await(db.read(StaffStore::users))).extracting(StaffStore.User::username)
                .containsExactlyInAnyOrder("tam", "vy");
        assertThat(orphan.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS)).isNotNull();
        await(db.close());
    }

    @Test
    void anErrorThrownByATaskFailsOnlyThatTaskAndTheWriterGoesOn(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        Future<String> error = db.write(c -> {
            StaffStore.insertUser(c, "loi", "h", "ADMIN", "Lỗi");
            throw new StackOverflowError("simulated");
        });
        Future<String> after = db.write(c -> StaffStore.insertUser(c, "sau", "h", "ADMIN", "Sau"));
        Throwable failure = await(error.transform(done -> Future.succeededFuture(done.cause())));
        assertThat(failure).isInstanceOf(StackOverflowError.class);
        await(after);
        assertThat(await(db.read(StaffStore::users))).extracting(StaffStore.User::username).containsExactly("sau");
        await(db.close());
    }

    @Test
    void onceClosedAWriteFailsAtOnce(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        await(db.close());
        Future<String> late = db.write(c -> StaffStore.insertUser(c, "muon", "h", "ADMIN", "Muộn"));
        assertThat(late.failed()).as("failed before returning, not queued").isTrue();
        assertThat(late.cause()).hasMessageContaining("closed");
    }

    @Test
    void writesRacingCloseEitherCommitOrFailNoneStaysQueued(Vertx vertx) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            Path folder = dir.resolve("race" + attempt);
            Database db = await(Database.open(vertx, folder));
            List<Future<String>> writes = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Thread writer = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 300; i++) {
                        int n = i;
                        writes.add(db.write(c -> StaffStore.insertUser(c, "u" + thread + "_" + n, "h", "ADMIN", "U")));
                    }
                });
                writer.start();
                writers.add(writer);
            }
            go.countDown();
            Thread.sleep(attempt); // close at a different point of the race each time
            db.closeBlocking();
            for (Thread writer : writers) {
                writer.join(30_000);
            }
            List<Future<String>> all;
            synchronized (writes) {
                all = new ArrayList<>(writes);
            }
            assertThat(all).hasSize(1200);
            // every one completes (bounded wait): none is left in a queue no one reads
            await(Future.join(new ArrayList<Future<?>>(all)).otherwiseEmpty());
            long committed = all.stream().filter(Future::succeeded).count();
            assertThat(all.stream().filter(Future::failed)).allSatisfy(f -> assertThat(f.cause()).hasMessageContaining("closed"));
            Database reopened = await(Database.open(vertx, folder));
            assertThat((long) await(reopened.read(StaffStore::users)).size()).as("a succeeded write is durable")
                    .isEqualTo(committed);
            await(reopened.close());
        }
    }

    // ---- a full disk -----------------------------------------------------------------------------

    private static long pragma(java.sql.Connection c, String sql) throws java.sql.SQLException {
        try (java.sql.Statement statement = c.createStatement(); java.sql.ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }

    @Test
    void aFullDiskRefusesWithStorageFullLosesNothingAcknowledgedAndRecoversOnceSpaceIsFreed(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        await(db.write(c -> {
            try (java.sql.Statement statement = c.createStatement()) {
                statement.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, blob BLOB)");
            }
            return null;
        }));
        // the writer's connection may not grow the file past its current pages: SQLite answers
        // SQLITE_FULL exactly as for a full disk
        await(db.write(c -> pragma(c, "PRAGMA max_page_count = " + pragma(c, "PRAGMA page_count"))));
        List<String> acknowledged = new ArrayList<>();
        Throwable refused = null;
        for (int i = 0; i < 200 && refused == null; i++) {
            int n = i;
            Future<String> write = db.write(c -> {
                try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO filler (blob) VALUES (randomblob(900))")) {
                    insert.executeUpdate();
                }
                return StaffStore.insertUser(c, "user" + n, "h", "ADMIN", "Người " + n);
            });
            refused = await(write.transform(done -> Future.succeededFuture(done.cause())));
            if (refused == null) {
                acknowledged.add("user" + n);
            }
        }
        assertThat(refused).as("the disk filled up").isInstanceOf(RefusedException.class);
        assertThat(((RefusedException) refused).code()).isEqualTo("STORAGE_FULL");
        assertThat(refused.getMessage()).contains(dir.toAbsolutePath().toString()).contains("còn trống");
        // a group of many writes meeting the full disk fails whole; none of them is half-stored
        List<Future<String>> group = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            group.add(db.write(c -> {
                try (java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO filler (blob) VALUES (randomblob(900))")) {
                    insert.executeUpdate();
                }
                return StaffStore.insertUser(c, "late" + n, "h", "ADMIN", "Muộn " + n);
            }));
        }
        await(Future.join(new ArrayList<Future<?>>(group)).otherwiseEmpty());
        group.stream().filter(Future::succeeded).forEach(f -> acknowledged.add("late" + group.indexOf(f)));
        assertThat(group.stream().filter(Future::failed).map(f -> ((RefusedException) f.cause()).code()))
                .isNotEmpty().containsOnly("STORAGE_FULL");
        assertThat(await(db.read(StaffStore::users))).extracting(StaffStore.User::username)
                .containsExactlyInAnyOrderElementsOf(acknowledged);
        // space freed: the same writer goes on
        await(db.write(c -> pragma(c, "PRAGMA max_page_count = 1073741823")));
        await(db.write(c -> StaffStore.insertUser(c, "after", "h", "ADMIN", "Sau khi giải phóng")));
        await(db.close());
        Database reopened = await(Database.open(vertx, dir));
        List<String> expected = new ArrayList<>(acknowledged);
        expected.add("after");
        assertThat(await(reopened.read(StaffStore::users))).extracting(StaffStore.User::username)
                .containsExactlyInAnyOrderElementsOf(expected);
        await(reopened.close());
    }

    @Test
    void theDiskFullRefusalIsTheOnlyOneForAFullDisk() {
        assertThat(StorageFull.isDiskFull(new java.io.IOException("No space left on device"))).isTrue();
        assertThat(StorageFull.isDiskFull(new RuntimeException(new java.nio.file.FileSystemException("/d", null,
                "No space left on device")))).isTrue();
        assertThat(StorageFull.isDiskFull(new org.sqlite.SQLiteException("[SQLITE_FULL] database or disk is full",
                org.sqlite.SQLiteErrorCode.SQLITE_FULL))).isTrue();
        assertThat(StorageFull.isDiskFull(new org.sqlite.SQLiteException("[SQLITE_CONSTRAINT] unique",
                org.sqlite.SQLiteErrorCode.SQLITE_CONSTRAINT))).isFalse();
        assertThat(StorageFull.isDiskFull(new IllegalStateException("database closed"))).isFalse();
        assertThat(StorageFull.human(0)).isEqualTo("0 byte");
        assertThat(StorageFull.human(150L * 1024 * 1024)).isEqualTo("150 MB");
        assertThat(StorageFull.human(1536L * 1024 * 1024)).isEqualTo("1,5 GB");
    }

    @Test
    void scriptsSplitAtStatementEndsButKeepTriggersWhole() {
        List<String> statements = Migrations.statements("""
                -- a comment
                CREATE TABLE a (x INTEGER);
                CREATE TRIGGER keep BEFORE UPDATE ON a
                BEGIN
                    SELECT RAISE(ABORT, 'no');
                END;
                INSERT INTO a VALUES (1);
                """);
        assertThat(statements).hasSize(3);
        assertThat(statements.get(1)).contains("RAISE").endsWith("END;");
    }
}
