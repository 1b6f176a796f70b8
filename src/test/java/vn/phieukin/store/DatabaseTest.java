package vn.phieukin.store;

import static org.assertj.core.api.Assertions.assertThat;

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
