package vn.phieukin.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-round counter (V7) that the ballot box's limit check reads instead of counting rows: it
 * must equal the rows themselves whatever happens — refused inserts, tasks rolled back to their
 * savepoint, whole groups rolled back, a scrub (VACUUM), a restart, a database from before V7.
 */
@ExtendWith(VertxExtension.class)
class RoundCountsTest {

    @TempDir
    Path dir;

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static <T> Throwable failure(Future<T> future) throws Exception {
        return await(future.transform(done -> Future.succeededFuture(done.cause())));
    }

    private record Fixture(List<String> rounds, List<String> delegates) {
    }

    private static Fixture fixture(Database db) throws Exception {
        return await(db.write(c -> {
            long review = Sql.insert(c, "INSERT INTO reviews(name, reference_date) VALUES ('Rà soát', '2026-06-01')");
            String conference = ConferenceStore.insertConference(c, Ids.REVIEW.format(review), 3, "Hội nghị",
                    LocalDate.parse("2026-06-01"), "{}");
            List<String> delegates = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                delegates.add(ConferenceStore.insertDelegate(c, conference, "Đại biểu " + i, "Ủy viên", false));
            }
            List<String> rounds = List.of(RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]"),
                    RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]"));
            return new Fixture(rounds, delegates);
        }));
    }

    private static void assertCountsMatchRows(Database db, Fixture f) throws Exception {
        for (String round : f.rounds()) {
            RoundStore.Counts kept = await(db.read(c -> RoundStore.counts(c, round)));
            RoundStore.Counts rows = await(db.read(c -> RoundStore.countedRows(c, round)));
            assertThat(kept).as("round %s", round).isEqualTo(rows);
        }
    }

    /** One write of the rows the counter follows. */
    @FunctionalInterface
    private interface Insert {
        void run(Connection c) throws Exception;
    }

    private static Future<Void> insert(Database db, Insert insert) {
        return db.write(c -> {
            insert.run(c);
            return null;
        });
    }

    /** One random operation: an insert that may be refused, or a task that inserts and then fails. */
    private static Future<?> randomOperation(Database db, Fixture f, Random random, int n) {
        String round = f.rounds().get(random.nextInt(2));
        String delegate = f.delegates().get(random.nextInt(f.delegates().size()));
        byte[] blob = {(byte) n};
        return switch (random.nextInt(6)) {
            // duplicate token keys are refused by UNIQUE
            case 0 -> insert(db, c -> RoundStore.insertBallot(c, round, "r" + n, "key-" + random.nextInt(30), "{}"));
            // a second issuance to one delegate is refused by the primary key
            case 1 -> insert(db, c -> RoundStore.insertIssuance(c, round, delegate, blob, blob));
            case 2 -> insert(db, c -> RoundStore.insertReissuance(c, round, delegate, blob, blob));
            case 3 -> insert(db, c -> RoundStore.insertPaperIssuance(c, round, delegate));
            case 4 -> insert(db, c -> RoundStore.insertPaperBallot(c, round, "p" + n, "{}", random.nextBoolean()));
            default -> db.write(c -> { // counted, then rolled back to the task's savepoint
                RoundStore.insertBallot(c, round, "x" + n, "rolled-back-" + n, "{}");
                RoundStore.insertIssuance(c, round, f.delegates().get(0), blob, blob);
                throw new RefusedException("TEST", "thử: nhiệm vụ này thất bại sau khi đã ghi");
            });
        };
    }

    @Test
    void theCounterEqualsTheRowsAfterRefusedAndRolledBackWritesAScrubAndARestart(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        Fixture f = fixture(db);
        Random random = new Random(10);
        List<Future<?>> writes = new ArrayList<>();
        for (int n = 0; n < 400; n++) {
            writes.add(randomOperation(db, f, random, n)); // queued together: they share group transactions
        }
        int failed = 0;
        for (Future<?> write : writes) {
            if (failure(write) != null) {
                failed++;
            }
        }
        assertThat(failed).as("some writes were refused or rolled back").isGreaterThan(50);
        RoundStore.Counts counts = await(db.read(c -> RoundStore.counts(c, f.rounds().get(0))));
        assertThat(counts.tokensIssued() + counts.ballotsCast() + counts.paperIssued() + counts.paperBallotsEntered())
                .as("some writes succeeded").isGreaterThan(50);
        assertCountsMatchRows(db, f);

        assertThat(await(db.alone(RoundStore::scrub))).isTrue();
        assertCountsMatchRows(db, f);
        for (int n = 400; n < 500; n++) {
            failure(randomOperation(db, f, random, n));
        }
        assertCountsMatchRows(db, f);
        await(db.close());

        Database reopened = await(Database.open(vertx, dir));
        assertCountsMatchRows(reopened, f);
        await(reopened.close());
    }

    @Test
    void aTaskThatEndsTheTransactionByForceLeavesCounterAndRowsAgreeing(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        Fixture f = fixture(db);
        String round = f.rounds().get(0);
        await(insert(db, c -> RoundStore.insertBallot(c, round, "kept", "k0", "{}")));
        // a task that ends the group's transaction by force: the whole group fails and rolls back
        List<Future<?>> group = new ArrayList<>();
        group.add(insert(db, c -> RoundStore.insertBallot(c, round, "gone-1", "k1", "{}")));
        group.add(db.write(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK");
            }
            return null;
        }));
        for (Future<?> write : group) {
            failure(write);
        }
        assertCountsMatchRows(db, f);
        await(db.close());
    }

    @Test
    void aDatabaseFromBeforeTheCounterGetsItsCountsFromItsRows(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        Fixture f = fixture(db);
        Random random = new Random(11);
        for (int n = 0; n < 200; n++) {
            failure(randomOperation(db, f, random, n));
        }
        await(db.close());
        // back to schema 6: the counter table gone, rows kept
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME));
             Statement s = raw.createStatement()) {
            s.execute("DROP TABLE round_counts");
            s.execute("DELETE FROM schema_version WHERE version = 7");
        }
        Database migrated = await(Database.open(vertx, dir));
        assertThat(migrated.schemaVersion()).isEqualTo(7);
        RoundStore.Counts counts = await(migrated.read(c -> RoundStore.counts(c, f.rounds().get(1))));
        assertThat(counts).isNotEqualTo(new RoundStore.Counts(0, 0, 0, 0));
        assertCountsMatchRows(migrated, f);
        await(migrated.close());
    }

    @Test
    void aRoundWithoutRowsCountsZero(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        Fixture f = fixture(db);
        RoundStore.Counts none = await(db.read(c -> RoundStore.counts(c, f.rounds().get(0))));
        assertThat(none).isEqualTo(new RoundStore.Counts(0, 0, 0, 0));
        assertCountsMatchRows(db, f);
        await(db.close());
    }
}
