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
    void theBallotBoxAndReceiptLookUpsAreNeverLoggedHoweverThePathIsSpelled() throws Exception {
        RoundsFixture f = RoundsFixture.create(srv);
        String conference = f.conference(1);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        RoundsFixture.Voter voter = f.issued(round, delegates.get(0).tablet());
        JsonObject ballot = voter.ballot(RoundsFixture.votes(round, java.util.Map.of()));
        String receipt = srv.ok("/api/v1/rounds/" + id + "/ballots", ballot, null).getString("receipt");
        lines.clear();

        // every spelling of the ballot box and of the receipt look-ups; some reach the box (the
        // router decodes and normalises them), some do not: none may leave a line
        java.util.Map<String, Integer> statuses = new java.util.LinkedHashMap<>();
        for (String path : List.of("/api/v1/rounds/" + id + "/ballots", "/api/v1/rounds/" + id + "/%62allots",
                "/api/v1/rounds/" + id + "/%62%61%6c%6c%6f%74%73", "//api//v1//rounds//" + id + "//ballots",
                "/api/v1/rounds/" + id + "/ballots/", "/api/v1/rounds/" + id + "/./ballots",
                "/api/v1/rounds/x/../" + id + "/ballots", "/API/V1/ROUNDS/" + id + "/BALLOTS",
                "/api/v1/rounds/" + id + "/Ballots", "/api/v1/rounds/" + id + "/%2562allots",
                "/api/v1/rounds/" + id + "/ballots;x=1")) {
            statuses.put("POST " + path, srv.post(path, ballot, null).status());
        }
        for (String path : List.of("/api/v1/rounds/" + id + "/receipts/" + receipt,
                "/api/v1/rounds/" + id + "/%72eceipts/" + receipt, "//api/v1/rounds/" + id + "/receipts/" + receipt + "/",
                "/API/v1/rounds/" + id + "/RECEIPTS/" + receipt, "/api/v1/rounds/" + id + "/receipts")) {
            statuses.put("GET " + path, srv.get(path, null).status());
        }
        // a POST of a spelling to the receipts (no such route: 404 or 405) is not logged either
        statuses.put("POST receipts", srv.post("/api/v1/rounds/" + id + "/RECEIPTS/" + receipt, new JsonObject(), null).status());
        assertThat(statuses).as("the plain and several re-spelled casts reach the box (same request: 200)")
                .containsEntry("POST /api/v1/rounds/" + id + "/ballots", 200)
                .containsEntry("POST /api/v1/rounds/" + id + "/%62allots", 200)
                .containsEntry("GET /api/v1/rounds/" + id + "/receipts/" + receipt, 200);

        // the polls that follow a cast: hall screen, round view, tablet state, attendance, events
        srv.get("/api/v1/conferences/" + conference + "/screen", null);
        srv.get("/api/v1/rounds/" + id, f.admin);
        srv.get("/api/v1/rounds/" + id, delegates.get(1).tablet());
        srv.get("/api/v1/tablet/state", delegates.get(1).tablet());
        srv.get("/api/v1/conferences/" + conference + "/attendance", f.admin);
        srv.get("/api/v1/conferences/" + conference, f.admin);
        openEventsStream(conference);
        // and what is logged: state changes, also when refused, and a 404 elsewhere
        srv.post("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        srv.post("/api/v1/nothing-here", new JsonObject(), null);

        String log = joined();
        assertThat(log).as("the access log is on").contains("POST /api/v1/rounds/" + id + "/close 200")
                .contains("POST /api/v1/nothing-here 404");
        synchronized (lines) {
            for (String line : lines) {
                String canonical = AccessLog.canonical(line);
                assertThat(canonical).as("a logged line: %s", line).doesNotContain("ballot").doesNotContain("receipt")
                        .doesNotContain(receipt);
                assertThat(line).as("no poll is logged").doesNotContain("GET /api/");
            }
        }
        assertThat(log).doesNotContain("/screen").doesNotContain("/events").doesNotContain("/tablet/state")
                .doesNotContain("/attendance");
    }

    /** Opens the conference's Server-Sent Events stream, waits for the answer's head, and drops it. */
    private void openEventsStream(String conference) throws Exception {
        io.vertx.core.Promise<Integer> status = io.vertx.core.Promise.promise();
        srv.clientContext.runOnContext(ignored -> srv.client.request(io.vertx.core.http.HttpMethod.GET,
                        "/api/v1/conferences/" + conference + "/events")
                .compose(request -> request.send().map(response -> {
                    request.reset();
                    return response.statusCode();
                }))
                .onComplete(status));
        assertThat(TestServer.await(status.future())).isEqualTo(200);
        Thread.sleep(200); // the server notices the reset and ends the exchange
    }
}
