package vn.phieukin.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class RoundStoreTest {

    @TempDir
    Path dir;

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static String conference(Connection c) throws SQLException {
        long review = Sql.insert(c, "INSERT INTO reviews(name, reference_date) VALUES ('Rà soát', '2026-06-01')");
        return ConferenceStore.insertConference(c, Ids.REVIEW.format(review), 3, "Hội nghị", LocalDate.parse("2026-06-01"), "{}");
    }

    private static String sha256Hex(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        return Sql.list(c, "SELECT name FROM pragma_table_info(?) ORDER BY cid", row -> row.getString(1), table);
    }

    @Test
    void theBallotBoxKeepsOnlyReceiptRoundTokenKeyAndRequestWithNoRowOrder(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        List<String> ballots = await(db.read(c -> columns(c, "ballots")));
        List<String> issuance = await(db.read(c -> columns(c, "token_issuance")));
        assertThat(ballots).containsExactly("receipt", "round_seq", "token_key", "request");
        assertThat(issuance).containsExactly("round_seq", "delegate_seq", "blinded_message", "blind_signature");
        Throwable noRowid = await(db.read(c -> Sql.number(c, "SELECT rowid FROM ballots"))
                .transform(done -> Future.succeededFuture(done.cause())));
        assertThat(noRowid).isInstanceOf(SQLException.class).hasMessageContaining("rowid");
        await(db.close());
    }

    @Test
    void aConferenceCannotHaveTwoOpenRoundsEvenIfTwoOpensRace(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        String conference = await(db.write(RoundStoreTest::conference));
        String first = await(db.write(c -> RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]")));
        String second = await(db.write(c -> RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]")));
        await(db.write(c -> RoundStore.open(c, first, "{}", "{}", new byte[] {1})));
        Throwable refused = await(db.write(c -> RoundStore.open(c, second, "{}", "{}", new byte[] {2}))
                .transform(done -> Future.succeededFuture(done.cause())));
        assertThat(refused).isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");
        assertThat(await(db.read(c -> RoundStore.round(c, second))).orElseThrow().status()).isEqualTo("DRAFT");
        Optional<byte[]> secondKey = await(db.read(c -> RoundStore.privateKey(c, second)));
        assertThat(secondKey).isEmpty();
        await(db.close());
    }

    @Test
    void aClosedRoundsPrivateKeyIsGoneFromTheDatabaseFiles(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        byte[] key = new byte[1800];
        new Random(7).nextBytes(key);
        String conference = await(db.write(RoundStoreTest::conference));
        String round = await(db.write(c -> RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]")));
        await(db.write(c -> RoundStore.open(c, round, "{}", "{}", key)));
        Optional<byte[]> stored = await(db.read(c -> RoundStore.privateKey(c, round)));
        assertThat(stored).hasValueSatisfying(k -> assertThat(k).isEqualTo(key));
        assertThat(containsBytes(dir, key)).as("the key is on disk while the round is open").isTrue();

        await(db.write(c -> {
            RoundStore.close(c, round);
            return null;
        }));
        Optional<byte[]> destroyed = await(db.read(c -> RoundStore.privateKey(c, round)));
        assertThat(destroyed).isEmpty();
        await(db.close());
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME));
             Statement statement = raw.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        assertThat(containsBytes(dir, key)).as("no copy of the key left in the database or its journal").isFalse();
    }

    @Test
    void anIdenticalTokenKeyCannotBeStoredTwiceInARound(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        String conference = await(db.write(RoundStoreTest::conference));
        String round = await(db.write(c -> RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]")));
        await(db.write(c -> {
            RoundStore.insertBallot(c, round, "aa", "key-1", "{}");
            return null;
        }));
        assertThatThrownBy(() -> await(db.write(c -> {
            RoundStore.insertBallot(c, round, "bb", "key-1", "{}");
            return null;
        }))).hasMessageContaining("UNIQUE");
        Optional<String> receipt = await(db.read(c -> RoundStore.receiptOfToken(c, round, "key-1")));
        assertThat(receipt).contains("aa");
        assertThat(await(db.read(c -> RoundStore.counts(c, round))).ballotsCast()).isEqualTo(1);
        await(db.close());
    }

    @Test
    void aSealedRecordsTextIsAFileOfItsOwnNamedByTheRowAndNotInTheDatabase(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        String conference = await(db.write(RoundStoreTest::conference));
        String round = await(db.write(c -> RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]")));
        byte[] noise = new byte[10_000];
        new Random(11).nextBytes(noise);
        String first = "{\"note\":\"biên bản một " + java.util.HexFormat.of().formatHex(noise) + "\"}";
        String second = "{\"note\":\"biên bản hai, thay bản một\"}";
        String sha1 = sha256Hex(first);
        String sha2 = sha256Hex(second);
        await(db.write(c -> {
            RoundStore.insertRecord(c, round, 1, sha1, first);
            return null;
        }));
        await(db.write(c -> {
            RoundStore.insertRecord(c, round, 2, sha2, second);
            return null;
        }));
        // a row stored before records went to files keeps its text in the row and still reads back
        String older = await(db.write(c -> RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]")));
        await(db.write(c -> Sql.update(c, "INSERT INTO sealed_records(round_seq, version, sha256, record) VALUES (?, 1, ?, ?)",
                Ids.ROUND.parse(older).orElseThrow(), "3".repeat(64), "{\"old\":true}")));

        assertThat(await(db.read(c -> RoundStore.latestRecord(c, round))).orElseThrow())
                .isEqualTo(new RoundStore.StoredRecord(2, sha2, second));
        List<RoundStore.StoredRecord> all = await(db.read(c -> RoundStore.records(c, round)));
        assertThat(all).containsExactly(new RoundStore.StoredRecord(1, sha1, first), new RoundStore.StoredRecord(2, sha2, second));
        assertThat(await(db.read(c -> RoundStore.record(c, round, 1))).orElseThrow().recordJson()).isEqualTo(first);
        assertThat(await(db.read(c -> RoundStore.latestRecord(c, older))).orElseThrow().recordJson()).isEqualTo("{\"old\":true}");
        List<String> inRows = await(db.read(c -> Sql.list(c, "SELECT record FROM sealed_records WHERE round_seq = ? ORDER BY version",
                row -> row.getString(1), Ids.ROUND.parse(round).orElseThrow())));
        assertThat(inRows).containsExactly("", "");

        Path records = dir.resolve(RoundStore.RECORDS_FOLDER);
        Path file = records.resolve(round + "-v1-" + sha1 + ".json");
        assertThat(Files.readString(file)).isEqualTo(first);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(records)))
                .isEqualTo("rwx------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        try (var list = Files.list(records)) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
                    .as("one file per version, no temporary file left")
                    .containsExactly(round + "-v1-" + sha1 + ".json", round + "-v2-" + sha2 + ".json");
        }

        // a task that fails after storing a record leaves no row, and its file (genuinely sealed in
        // a real close) is gone after the scrub that follows every close, zeroed before unlinking
        String third = "{\"note\":\"never committed\"}";
        String sha3 = sha256Hex(third);
        assertThatThrownBy(() -> await(db.write(c -> {
            RoundStore.insertRecord(c, round, 3, sha3, third);
            throw new SQLException("fails after the record");
        }))).hasMessageContaining("fails after the record");
        assertThat(await(db.read(c -> RoundStore.latestRecord(c, round))).orElseThrow().version()).isEqualTo(2);
        Path orphan = records.resolve(round + "-v3-" + sha3 + ".json");
        assertThat(orphan).as("the rolled-back record's file, until the scrub").exists();
        Path leftover = records.resolve(".record-123.tmp"); // a crash mid-write
        Files.writeString(leftover, third);
        Path foreign = records.resolve("notes.txt"); // not ours: left alone
        Files.writeString(foreign, "x");
        Path heldOpen = dir.resolve("held-open"); // a second name of the orphan's inode, as a copy in progress would hold it
        Files.createLink(heldOpen, orphan);
        assertThat(await(db.alone(RoundStore::scrub))).isTrue();
        try (var list = Files.list(records)) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("notes.txt", round + "-v1-" + sha1 + ".json", round + "-v2-" + sha2 + ".json");
        }
        Files.delete(foreign);
        byte[] seenThroughLink = Files.readAllBytes(heldOpen);
        assertThat(seenThroughLink).as("the file's blocks were overwritten before the unlink").hasSize(third.length())
                .containsOnly((byte) 0);
        Files.delete(heldOpen);
        assertThat(await(db.alone(RoundStore::removeUnnamedRecords))).isZero();

        // a row whose SHA-256 was changed to something not hex (by hand in the database) does not
        // stop the removal of the others: it used to fail every scrub and every start from then on
        String badRow = await(db.write(c -> RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]")));
        await(db.write(c -> Sql.update(c, "INSERT INTO sealed_records(round_seq, version, sha256, record) VALUES (?, 1, ?, '')",
                Ids.ROUND.parse(badRow).orElseThrow(), "../not-a-hash")));
        Path planted = records.resolve(round + "-v9-" + "ab".repeat(32) + ".json");
        Files.writeString(planted, third);
        assertThat(await(db.alone(RoundStore::removeUnnamedRecords))).isEqualTo(1);
        assertThat(planted).doesNotExist();
        assertThatThrownBy(() -> await(db.read(c -> RoundStore.latestRecord(c, badRow))))
                .hasCauseInstanceOf(RefusedException.class).hasMessageContaining("SHA-256");
        await(db.write(c -> Sql.update(c, "DELETE FROM sealed_records WHERE round_seq = ?", Ids.ROUND.parse(badRow).orElseThrow())));


        // a missing file is an error, never an empty or older record
        Files.delete(records.resolve(round + "-v2-" + sha2 + ".json"));
        assertThatThrownBy(() -> await(db.read(c -> RoundStore.latestRecord(c, round))))
                .hasCauseInstanceOf(RefusedException.class).hasMessageContaining(round + "-v2-" + sha2 + ".json");
        await(db.close());
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME));
             Statement statement = raw.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] text = first.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(containsBytes(dir, text)).as("the record's text is in neither the database nor its WAL").isFalse();
    }

    @Test
    void aNewDatabaseKeepsABallotsRowInItsPageWithoutAnOverflowPageOfItsOwn(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        long pageSize = await(db.read(c -> Sql.number(c, "PRAGMA page_size")));
        assertThat(pageSize).isEqualTo(8192L);
        String conference = await(db.write(RoundStoreTest::conference));
        String round = await(db.write(c -> RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]")));
        long before = await(db.read(c -> Sql.number(c, "PRAGMA page_count")));
        Random random = new Random(5);
        int ballots = 300;
        int request = 1300; // a NOMINATION ballot of 6 positions is about 1.2 kB; its token key 122 characters
        await(db.write(c -> {
            for (int i = 0; i < ballots; i++) {
                byte[] bytes = new byte[request / 2];
                random.nextBytes(bytes);
                byte[] key = new byte[61];
                random.nextBytes(key);
                RoundStore.insertBallot(c, round, String.format("%064x", i), java.util.HexFormat.of().formatHex(key),
                        "{\"r\":\"" + java.util.HexFormat.of().formatHex(bytes) + "\"}");
            }
            return null;
        }));
        await(db.alone(RoundStore::scrub));
        long pages = await(db.read(c -> Sql.number(c, "PRAGMA page_count"))) - before;
        long rowBytes = (long) ballots * (64 + 122 + request);
        // one overflow page per ballot would be at least ballots × 4 kB more than the rows
        assertThat(pages * 8192).as("pages of %d ballots of %d bytes", ballots, rowBytes / ballots)
                .isLessThan(rowBytes * 2);
        await(db.close());
    }

    @Test
    void aRecordFileNameIsOnlyRoundVersionAndHexSha256(Vertx vertx) throws Exception {
        Database db = await(Database.open(vertx, dir));
        String conference = await(db.write(RoundStoreTest::conference));
        String round = await(db.write(c -> RoundStore.insertRound(c, conference, "NOMINATION", "{}", "[]")));
        assertThatThrownBy(() -> await(db.write(c -> {
            RoundStore.insertRecord(c, round, 1, "../../escape", "{}");
            return null;
        }))).hasMessageContaining("not a SHA-256");
        Optional<RoundStore.StoredRecord> none = await(db.read(c -> RoundStore.latestRecord(c, round)));
        assertThat(none).isEmpty();
        await(db.close());
    }

    private static boolean containsBytes(Path dir, byte[] needle) throws Exception {
        byte[] probe = Arrays.copyOfRange(needle, 100, 164);
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] data = Files.readAllBytes(file);
                for (int i = 0; i + probe.length <= data.length; i++) {
                    if (data[i] == probe[0] && Arrays.equals(data, i, i + probe.length, probe, 0, probe.length)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
