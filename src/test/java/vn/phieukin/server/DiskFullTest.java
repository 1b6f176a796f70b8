package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.server.RoundsFixture.Delegate;
import vn.phieukin.server.RoundsFixture.Voter;
import vn.phieukin.store.StorageFull;

/**
 * A full disk through the real server over TLS. The disk is filled by letting the writer's SQLite
 * connection grow no further ({@code PRAGMA max_page_count}): SQLite then answers SQLITE_FULL
 * exactly as when the disk of the data folder is full.
 */
@ExtendWith(VertxExtension.class)
class DiskFullTest {
    @TempDir
    Path dir;
    TestServer srv;
    RoundsFixture f;
    final List<String> serverLog = new ArrayList<>();
    /** Held here: the log manager keeps loggers only weakly, and a collected one loses its handler. */
    final Logger storageLog = Logger.getLogger(StorageFull.class.getName());
    final Handler listener = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (serverLog) {
                serverLog.add(record.getLevel() + " " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        storageLog.addHandler(listener);
        srv = TestServer.start(vertx, dir);
        f = RoundsFixture.create(srv);
    }

    @AfterEach
    void stop() throws Exception {
        storageLog.removeHandler(listener);
        srv.close();
    }

    private static long pragma(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getLong(1) : -1;
        }
    }

    private void fillTheDisk() throws Exception {
        TestServer.await(srv.server.database().write(c -> pragma(c, "PRAGMA max_page_count = " + pragma(c, "PRAGMA page_count"))));
    }

    private void freeSpace() throws Exception {
        TestServer.await(srv.server.database().write(c -> pragma(c, "PRAGMA max_page_count = 1073741823")));
    }

    @Test
    void aFullDiskIsRefusedWith507NamingTheFolderNoAcknowledgedBallotIsLostAndCastingResumes() throws Exception {
        String conference = f.conference(1);
        int voters = 40;
        List<Delegate> delegates = f.delegates(conference, voters, voters);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        String path = "/api/v1/rounds/" + id + "/ballots";
        List<JsonObject> ballots = new ArrayList<>();
        for (Delegate delegate : delegates) {
            Voter voter = f.issued(round, delegate.tablet());
            ballots.add(voter.ballot(RoundsFixture.votes(round, Map.of("L1", "AGREE"))));
        }
        fillTheDisk();
        List<JsonObject> acknowledged = new ArrayList<>();
        List<JsonObject> refused = new ArrayList<>();
        TestServer.Answer full = null;
        for (JsonObject ballot : ballots) {
            TestServer.Answer answer = srv.post(path, ballot, null);
            assertThat(answer.status()).as(answer.text()).isIn(201, 507);
            if (answer.status() == 201) {
                acknowledged.add(ballot);
            } else {
                refused.add(ballot);
                full = answer;
            }
        }
        assertThat(refused).as("the pages left filled up before 40 ballots").isNotEmpty();
        assertThat(full.errorCode()).isEqualTo("STORAGE_FULL");
        assertThat(full.errorMessage()).contains(dir.resolve("data").toAbsolutePath().toString())
                .contains("đã đầy").contains("còn trống").contains("giải phóng dung lượng");
        synchronized (serverLog) {
            assertThat(serverLog).anySatisfy(line -> assertThat(line).startsWith("SEVERE DISK FULL")
                    .contains(dir.resolve("data").toAbsolutePath().toString()));
        }
        // other writes are refused the same way, never as 500 INTERNAL
        TestServer.Answer login = srv.post("/api/v1/login",
                new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD), null);
        assertThat(login.status()).as(login.text()).isIn(200, 507);

        freeSpace();
        for (JsonObject ballot : refused) {
            assertThat(srv.post(path, ballot, null).status()).as("a refused ballot is cast again once space is freed")
                    .isEqualTo(201);
        }
        for (JsonObject ballot : acknowledged) {
            assertThat(srv.post(path, ballot, null).status()).as("an acknowledged ballot is stored: a resend is 200")
                    .isEqualTo(200);
        }
        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        JsonObject result = srv.get("/api/v1/rounds/" + id + "/result", null).object();
        assertThat(result.getJsonObject("ballots").getLong("cast")).isEqualTo(voters);
        assertThat(result.getJsonArray("lines").getJsonObject(0).getLong("agree")).isEqualTo(voters);
        assertThat(srv.get("/api/v1/rounds/" + id + "/record", null).object().getJsonArray("ballots")).hasSize(voters);
    }

    /**
     * The same on a really full filesystem: run with {@code -Dphieukin.smallFs=/mnt/small} pointing at
     * a small empty filesystem (e.g. {@code mount -t tmpfs -o size=3m tmpfs /mnt/small}, as root);
     * skipped otherwise, since mounting needs privileges CI may not have.
     */
    @Test
    void aReallyFullFilesystemIsRefusedWith507AndCastingResumesOnceSpaceIsFreed(Vertx vertx) throws Exception {
        String small = System.getProperty("phieukin.smallFs");
        org.junit.jupiter.api.Assumptions.assumeTrue(small != null, "no small filesystem given (-Dphieukin.smallFs)");
        srv.close();
        Path folder = java.nio.file.Files.createTempDirectory(Path.of(small), "phieukin");
        srv = TestServer.start(vertx, folder);
        f = RoundsFixture.create(srv);
        String conference = f.conference(1);
        int voters = 20;
        List<Delegate> delegates = f.delegates(conference, voters, voters);
        JsonObject round = f.openRound(conference, new JsonObject());
        String path = "/api/v1/rounds/" + round.getString("id") + "/ballots";
        List<JsonObject> ballots = new ArrayList<>();
        for (Delegate delegate : delegates) {
            ballots.add(f.issued(round, delegate.tablet()).ballot(RoundsFixture.votes(round, Map.of("L1", "AGREE"))));
        }
        Path filler = Path.of(small, "filler");
        try (var out = java.nio.file.Files.newOutputStream(filler)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
            }
        } catch (java.io.IOException full) {
            // the filesystem is full now
        }
        List<JsonObject> acknowledged = new ArrayList<>();
        List<JsonObject> refused = new ArrayList<>();
        TestServer.Answer last = null;
        for (JsonObject ballot : ballots) {
            TestServer.Answer answer = srv.post(path, ballot, null);
            assertThat(answer.status()).as(answer.text()).isIn(201, 507);
            (answer.status() == 201 ? acknowledged : refused).add(ballot);
            if (answer.status() == 507) {
                last = answer;
            }
        }
        System.out.println("really full filesystem: " + acknowledged.size() + " acknowledged, " + refused.size()
                + " refused with 507" + (last == null ? "" : ": " + last.errorMessage()));
        assertThat(refused).isNotEmpty();
        java.nio.file.Files.delete(filler);
        for (JsonObject ballot : refused) {
            assertThat(srv.post(path, ballot, null).status()).isEqualTo(201);
        }
        srv.ok("/api/v1/rounds/" + round.getString("id") + "/close", new JsonObject(), f.admin);
        assertThat(srv.get("/api/v1/rounds/" + round.getString("id") + "/result", null).object()
                .getJsonObject("ballots").getLong("cast")).isEqualTo(voters);
    }

    @Test
    void theConsoleIsWarnedWhenFreeSpaceIsUnderTheMargin(Vertx vertx) throws Exception {
        JsonObject plenty = srv.get("/api/v1/server/storage", f.admin).object();
        assertThat(plenty.getLong("marginBytes")).isEqualTo(200L * 1024 * 1024);
        assertThat(plenty.getString("dataDir")).isEqualTo(dir.resolve("data").toAbsolutePath().toString());
        assertThat(plenty.getLong("freeBytes")).isPositive();
        assertThat(plenty.getBoolean("low")).isEqualTo(plenty.getLong("freeBytes") < plenty.getLong("marginBytes"));
        assertThat(srv.get("/api/v1/server/storage", null).status()).isEqualTo(401);
        srv.close();
        // a margin larger than any disk here: the warning is due
        System.setProperty(StorageFull.MARGIN_PROPERTY, String.valueOf(1L << 40));
        try {
            srv = TestServer.start(vertx, dir);
        } finally {
            System.clearProperty(StorageFull.MARGIN_PROPERTY);
        }
        JsonObject low = srv.get("/api/v1/server/storage", srv.adminToken()).object();
        assertThat(low.getBoolean("low")).isTrue();
        assertThat(low.getString("message")).contains(dir.resolve("data").toAbsolutePath().toString())
                .contains("chỉ còn trống").contains("giải phóng dung lượng");
    }
}
