package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the server writes to its log: never a secret, never a line about the ballot box. */
@ExtendWith(VertxExtension.class)
class LoggingTest {
    @TempDir
    Path dir;
    TestServer srv;
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final Logger root = Logger.getLogger("");
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLoggerName() + " " + new java.util.logging.SimpleFormatter().formatMessage(record)
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
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
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        TestServer.ACCESS_LOG.addHandler(capture);
        srv = TestServer.start(vertx, dir);
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
        root.removeHandler(capture);
        TestServer.ACCESS_LOG.removeHandler(capture);
    }

    private String joined() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Test
    void passwordsTokensAndPairingCodesNeverReachTheLog() throws Exception {
        String admin = srv.adminToken();
        srv.post("/api/v1/login", new JsonObject().put("username", "admin").put("password", "Sai-mat-khau-9"), null);
        String review = srv.ok("/api/v1/reviews", new JsonObject().put("name", "R").put("referenceDate", "2026-06-01"), admin)
                .getString("id");
        String conf = srv.ok("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 1).put("title", "T")
                .put("date", "2026-06-10"), admin).getString("id");
        String d = srv.ok("/api/v1/conferences/" + conf + "/delegates", new JsonObject().put("fullName", "A"), admin)
                .getString("id");
        String code = srv.ok("/api/v1/conferences/" + conf + "/delegates/" + d + "/check-in", new JsonObject(), admin)
                .getString("pairingCode");
        String tablet = srv.ok("/api/v1/tablet/pair", new JsonObject().put("pairingCode", code), null).getString("tabletToken");
        String log = joined();
        assertThat(log).as("the access log is on").contains("POST /api/v1/tablet/pair 200");
        assertThat(log).doesNotContain(TestServer.ADMIN_PASSWORD).doesNotContain("Sai-mat-khau-9")
                .doesNotContain(admin).doesNotContain(code).doesNotContain(tablet);
    }

    @Test
    void theBallotBoxAndReceiptLookUpsAreNeverLogged() throws Exception {
        srv.post("/api/v1/rounds/r1/ballots", new JsonObject().put("body", new JsonObject()), null);
        srv.get("/api/v1/rounds/r1/receipts/abc123", null);
        srv.get("/api/v1/seal-key-not-here", null);
        String log = joined();
        assertThat(log).contains("GET /api/v1/seal-key-not-here");
        assertThat(log).doesNotContain("/ballots").doesNotContain("/receipts").doesNotContain("abc123");
    }
}
