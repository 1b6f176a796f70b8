package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.ballot.BlindSigner;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.store.Database;
import vn.phieukin.store.RoundStore;

/**
 * An attacker with a copy of {@code data/} (issue 9 items 2 and 3): a round of {@value #BALLOTS}
 * ballots cast one by one, the folder copied while it is open and again after it closed. The
 * attack (ballots sorted by where their receipts first appear in a file) recovers the exact cast
 * order from the copy taken during the round, which shows the attack works; on the copy taken
 * after close it recovers nothing, in any file, and the database file is byte for byte what a
 * fresh {@code VACUUM} of its own contents gives, so its layout depends on the set of rows only.
 * Neither copy holds the round's private key (nor a prefix of any of its secret numbers); after
 * close not even the wrapped key is left.
 */
@ExtendWith(VertxExtension.class)
class DataFolderSecrecyTest {
    static final int BALLOTS = 20;
    @TempDir
    Path dir;
    TestServer srv;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    Path data() {
        return dir.resolve("data");
    }

    @Test
    void aCopyTakenAfterCloseHoldsNeitherTheRoundKeyNorTheArrivalOrder() throws Exception {
        RoundsFixture f = RoundsFixture.create(srv);
        String conference = f.conference(1);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, BALLOTS, BALLOTS);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");

        // What an attacker with data/ AND keys/ can do while the round is open: unwrap the key.
        byte[] wrapped = query("SELECT private_key FROM round_private_keys");
        byte[] pkcs8 = RoundKeyWrap.loadOrCreate(dir.resolve("keys"), new SecureRandom()).unwrap(id, wrapped);
        assertThat(BlindSigner.decodePrivate(pkcs8).publicKey())
                .isEqualTo(RoundPublicKey.fromJwk(round.getJsonObject("tokenKey").getMap()));
        RSAPrivateCrtKeyParameters key = (RSAPrivateCrtKeyParameters) PrivateKeyFactory.createKey(pkcs8);
        Map<String, byte[]> secrets = new LinkedHashMap<>();
        secrets.put("PKCS#8 (first 32 bytes)", Arrays.copyOf(pkcs8, 32));
        secrets.put("PKCS#8 (bytes 500-532, inside d)", Arrays.copyOfRange(pkcs8, 500, 532));
        secrets.put("PKCS#8 (last 32 bytes)", Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length));
        for (Map.Entry<String, BigInteger> number : Map.of("d", key.getExponent(), "p", key.getP(), "q", key.getQ(),
                "dP", key.getDP(), "dQ", key.getDQ(), "qInv", key.getQInv()).entrySet()) {
            byte[] big = unsigned(number.getValue());
            secrets.put("prefix of " + number.getKey() + " (big-endian)", Arrays.copyOf(big, 12));
            secrets.put("prefix of " + number.getKey() + " (little-endian)", Arrays.copyOf(reversed(big), 12));
        }
        assertThat(RoundKeyWrap.isWrapped(wrapped)).isTrue();

        // a clean WAL from here on, so that the control below sees every cast in it
        try (Connection c = connect(data().resolve(Database.FILE_NAME)); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            assertThat(row.next() && row.getInt(1) == 0).as("checkpoint completed").isTrue();
        }
        List<RoundsFixture.Voter> voters = new ArrayList<>();
        for (RoundsFixture.Delegate d : delegates) {
            voters.add(f.issued(round, d.tablet()));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < BALLOTS; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random());
        List<String> castOrder = new ArrayList<>();
        String[] votes = {"AGREE", "DISAGREE", "NONE"};
        for (int i : order) {
            JsonObject ballot = voters.get(i).ballot(RoundsFixture.votes(round, Map.of(
                    round.getJsonArray("lines").getJsonObject(0).getString("id"), votes[i % 3])));
            castOrder.add(srv.ok("/api/v1/rounds/" + id + "/ballots", ballot, null).getString("receipt"));
        }
        assertThat(castOrder.stream().sorted().toList()).as("(precondition) receipts do not sort in cast order")
                .isNotEqualTo(castOrder);

        Path during = copy(dir.resolve("copy-during"));
        assertThat(srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin).getString("recordSha256")).isNotNull();
        assertModes();
        Path after = copy(dir.resolve("copy-after"));

        // control: the attack works on the copy taken during the round (what docs/threat-model.md says)
        assertThat(attackOrder(Files.readAllBytes(during.resolve(Database.FILE_NAME + "-wal")), castOrder, 1))
                .as("ballots sorted by the first WAL frame holding their receipt, copy taken during the round")
                .isEqualTo(castOrder);
        for (Path file : files(during)) {
            assertNoSecret(file, secrets);
        }

        // after close: no key, not even wrapped; no order in any file
        secrets.put("the wrapped key", wrapped);
        Path wal = after.resolve(Database.FILE_NAME + "-wal");
        assertThat(Files.exists(wal) ? Files.size(wal) : 0).as("the WAL is truncated at close").isZero();
        for (Path file : files(after)) {
            assertNoSecret(file, secrets);
            byte[] bytes = Files.readAllBytes(file);
            for (int k = 1; k <= 6; k++) {
                List<String> guess = attackOrder(bytes, castOrder, k);
                if (!file.getFileName().toString().equals(Database.FILE_NAME)) {
                    assertThat(guess).as("no receipt in %s", file.getFileName()).isEmpty();
                    break;
                }
                if (guess.size() < BALLOTS) {
                    assertThat(k).as("every receipt is at least in the ballots and their two indexes").isGreaterThan(3);
                    break;
                }
                assertThat(guess).as("%s, ballots by the offset of the occurrence %d of their receipt", file.getFileName(), k)
                        .isNotEqualTo(castOrder);
                // receipts are hashes, so an order read from the layout is independent of the cast order:
                // |tau| <= 0.8 fails by chance with probability ~1e-6 for 20 ballots (sd of tau 0.16)
                assertThat(Math.abs(kendallTau(guess, castOrder)))
                        .as("%s, occurrence %d: rank correlation with the cast order", file.getFileName(), k).isLessThan(0.8);
            }
        }
        assertLayoutIsCanonical(after.resolve(Database.FILE_NAME));

        // the sealed record's text is a file of its own (RoundStore.insertRecord): every receipt is in it,
        // sorted by receipt, never in the cast order; no key in it either
        List<Path> records = files(after.resolve(RoundStore.RECORDS_FOLDER));
        assertThat(records).as("the sealed record, one file").hasSize(1);
        for (Path file : records) {
            assertNoSecret(file, secrets);
            byte[] bytes = Files.readAllBytes(file);
            for (int k = 1; k <= 3; k++) {
                List<String> guess = attackOrder(bytes, castOrder, k);
                if (guess.size() < BALLOTS) {
                    break;
                }
                assertThat(guess).as("record, ballots by the offset of the occurrence %d of their receipt", k)
                        .isEqualTo(castOrder.stream().sorted().toList()).isNotEqualTo(castOrder);
                assertThat(Math.abs(kendallTau(guess, castOrder))).as("record, occurrence %d", k).isLessThan(0.8);
            }
        }
        try (Stream<Path> list = Files.list(after.resolve(RoundStore.RECORDS_FOLDER))) {
            assertThat(list.map(p -> p.getFileName().toString()).toList()).as("no temporary file left")
                    .allMatch(name -> name.matches("r[0-9]+-v1-[0-9a-f]{64}\\.json"));
        }
    }

    @Test
    void theDataFolderIs0700AndItsFiles0600() throws Exception {
        RoundsFixture f = RoundsFixture.create(srv);
        String conference = f.conference(1);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 3, 3);
        f.issued(f.openRound(conference, new JsonObject()), delegates.get(0).tablet());
        assertThat(Files.exists(data().resolve(Database.FILE_NAME + "-wal"))).isTrue();
        assertThat(Files.exists(data().resolve(Database.FILE_NAME + "-shm"))).isTrue();
        assertModes();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys").resolve(RoundKeyWrap.FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void anOlderInstallationsLooseModesAreTightenedAtStart(Vertx vertx) throws Exception {
        srv.stop();
        Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path file : files(data())) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
        // the sealed records' folder of an installation copied without its modes
        Path records = Files.createDirectories(data().resolve(RoundStore.RECORDS_FOLDER));
        Files.setPosixFilePermissions(records, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path other = Files.writeString(records.resolve("ghi-chu.txt"), "not a record: left in place");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-r--r--"));
        srv.boot();
        assertModes();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(records))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other))).isEqualTo("rw-------");
    }

    @Test
    void aStartRemovesTheRecordFileOfACloseThatNeverCommitted() throws Exception {
        srv.stop();
        // what a crash between the record file's fsync and the close's commit leaves (no round has
        // closed yet): a genuinely sealed text no row names, and a temporary file mid-write
        Path records = data().resolve(RoundStore.RECORDS_FOLDER);
        Files.createDirectories(records);
        Path orphan = records.resolve("r1-v1-" + "ab".repeat(32) + ".json");
        Path partial = records.resolve(".record-99.tmp");
        Files.writeString(orphan, "{\"ballots\":[\"sealed but never committed\"]}");
        Files.writeString(partial, "{\"ballots\":[\"half");
        srv.boot();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while ((Files.exists(orphan) || Files.exists(partial)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(orphan).as("the start removed the record no row names").doesNotExist();
        assertThat(partial).as("and the temporary file").doesNotExist();
    }

    @Test
    void aStartMakesGoodACloseWhoseScrubDidNotHappen() throws Exception {
        RoundsFixture f = RoundsFixture.create(srv);
        String conference = f.conference(1);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        for (RoundsFixture.Delegate d : delegates) {
            srv.ok("/api/v1/rounds/" + round.getString("id") + "/ballots",
                    f.issued(round, d.tablet()).ballot(RoundsFixture.votes(round, Map.of())), null);
        }
        srv.ok("/api/v1/rounds/" + round.getString("id") + "/close", new JsonObject(), f.admin);
        srv.stop();
        // what a crash right after a close without its scrub leaves: the ballots' pages in the WAL
        Path side = dir.resolve("side");
        Files.createDirectories(side);
        Path db = data().resolve(Database.FILE_NAME);
        try (Connection c = connect(db); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.executeUpdate("UPDATE ballots SET request = request || ' '"); // and back: frames, same rows
            s.executeUpdate("UPDATE ballots SET request = substr(request, 1, length(request) - 1)");
            for (Path file : files(data())) {
                Files.copy(file, side.resolve(file.getFileName()));
            }
        }
        for (Path file : files(side)) {
            Files.copy(file, data().resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path wal = data().resolve(Database.FILE_NAME + "-wal");
        assertThat(Files.size(wal)).as("(precondition) a WAL with frames").isPositive();
        srv.boot();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (Files.size(wal) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Files.size(wal)).as("the start checkpointed, vacuumed and truncated the WAL").isZero();
    }

    private void assertModes() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data()))).isEqualTo("rwx------");
        List<Path> files = files(data());
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
        Path records = data().resolve(RoundStore.RECORDS_FOLDER);
        if (Files.isDirectory(records)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(records))).isEqualTo("rwx------");
            for (Path file : files(records)) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                        .isEqualTo("rw-------");
            }
        }
    }

    /** VACUUM INTO of the copy gives the same bytes (past the 100-byte header): nothing in it depends on the insertion order. */
    private void assertLayoutIsCanonical(Path db) throws Exception {
        Path copy = dir.resolve("canonical-source.db");
        Files.copy(db, copy);
        Path fresh = dir.resolve("canonical.db");
        try (Connection c = connect(copy); Statement s = c.createStatement()) {
            s.execute("PRAGMA secure_delete = ON"); // as the server's VACUUM: free space zeroed
            s.execute("VACUUM INTO '" + fresh + "'");
        }
        byte[] expected = Files.readAllBytes(fresh);
        byte[] actual = Files.readAllBytes(db);
        assertThat(actual.length).as("pages").isEqualTo(expected.length);
        assertThat(Arrays.equals(actual, 100, actual.length, expected, 100, expected.length))
                .as("the database file equals a fresh VACUUM of its contents").isTrue();
    }

    /** The receipts in the order of the offset of their k-th occurrence in {@code bytes} (those found k times). */
    static List<String> attackOrder(byte[] bytes, List<String> receipts, int k) {
        Map<String, Integer> offsets = new LinkedHashMap<>();
        for (String receipt : receipts) {
            byte[] needle = receipt.getBytes(StandardCharsets.US_ASCII);
            int at = -1;
            for (int n = 0; n < k; n++) {
                at = indexOf(bytes, needle, at + 1);
                if (at < 0) {
                    break;
                }
            }
            if (at >= 0) {
                offsets.put(receipt, at);
            }
        }
        return offsets.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    static double kendallTau(List<String> guess, List<String> truth) {
        int concordant = 0;
        int discordant = 0;
        for (int i = 0; i < guess.size(); i++) {
            for (int j = i + 1; j < guess.size(); j++) {
                if (truth.indexOf(guess.get(i)) < truth.indexOf(guess.get(j))) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        return (concordant - discordant) / (double) (concordant + discordant);
    }

    private static void assertNoSecret(Path file, Map<String, byte[]> secrets) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (Map.Entry<String, byte[]> secret : secrets.entrySet()) {
            assertThat(indexOf(bytes, secret.getValue(), 0)).as("%s in %s", secret.getKey(), file).isEqualTo(-1);
        }
    }

    static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private Path copy(Path target) throws IOException {
        Files.createDirectories(target);
        for (Path file : files(data())) {
            Files.copy(file, target.resolve(file.getFileName()));
        }
        Path records = data().resolve(RoundStore.RECORDS_FOLDER);
        if (Files.isDirectory(records)) {
            Files.createDirectories(target.resolve(RoundStore.RECORDS_FOLDER));
            for (Path file : files(records)) {
                Files.copy(file, target.resolve(RoundStore.RECORDS_FOLDER).resolve(file.getFileName()));
            }
        }
        return target;
    }

    private static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private byte[] query(String sql) throws Exception {
        try (Connection c = connect(data().resolve(Database.FILE_NAME)); Statement s = c.createStatement();
             ResultSet row = s.executeQuery(sql)) {
            assertThat(row.next()).isTrue();
            return row.getBytes(1);
        }
    }

    private static Connection connect(Path file) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
        }
        return c;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
