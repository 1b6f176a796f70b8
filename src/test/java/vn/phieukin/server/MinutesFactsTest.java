package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.server.RoundsFixture.Delegate;
import vn.phieukin.server.RoundsFixture.Voter;

/** The secretariat's minutes of an unannounced step carry the counts, times and seal, never the result. */
@ExtendWith(VertxExtension.class)
class MinutesFactsTest {
    @TempDir
    Path dir;
    TestServer srv;
    RoundsFixture f;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        f = RoundsFixture.create(srv);
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    @Test
    void theSecretariatGetsCountsTimesAndSealOfAnUnannouncedStepButNotItsResult() throws Exception {
        f.supplement("c4", "CT");
        String conference = f.conference(2);
        String secretariat = srv.userToken("thuky", Role.SECRETARIAT);
        var details = srv.call("PUT", "/api/v1/conferences/" + conference + "/minutes-details", new JsonObject()
                .put("place", "Hội trường Tỉnh ủy").put("countingCommittee", new JsonArray().add("Trần Văn Kiểm").add("Lê Thị Phiếu")),
                secretariat);
        assertThat(details.status()).isEqualTo(200);
        List<Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        Voter voter = f.issued(round, delegates.get(0).tablet());
        srv.ok("/api/v1/rounds/" + id + "/ballots", voter.ballot(RoundsFixture.picks(round, Map.of(f.id("CT"), List.of(f.id("c4"))))),
                null);
        f.issued(round, delegates.get(1).tablet());
        String sha = srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin).getString("recordSha256");

        assertThat(srv.get("/api/v1/rounds/" + id + "/result", secretariat).status()).isEqualTo(403);
        JsonObject summary = srv.get("/api/v1/rounds/" + id + "/summary", secretariat).object();
        assertThat(summary.getString("place")).isEqualTo("Hội trường Tỉnh ủy");
        assertThat(summary.getJsonArray("countingCommittee")).containsExactly("Trần Văn Kiểm", "Lê Thị Phiếu");
        Instant opened = Instant.parse(summary.getString("openedAt"));
        Instant closed = Instant.parse(summary.getString("closedAt"));
        assertThat(opened).isBeforeOrEqualTo(closed);
        assertThat(summary.getJsonObject("issued").getLong("electronic")).isEqualTo(2);
        assertThat(summary.getJsonObject("ballots").getLong("electronic")).isEqualTo(1);
        assertThat(summary.getJsonObject("ballots").getLong("valid")).isEqualTo(1);
        assertThat(summary.getJsonObject("ballots").getLong("invalid")).isZero();
        assertThat(summary.getJsonObject("record").getString("sha256")).isEqualTo(sha);
        assertThat(summary.getJsonObject("record").getString("keyId")).isEqualTo(srv.server.sealKey().keyId());
        assertThat(summary.encode()).doesNotContain("positions").doesNotContain("votes").doesNotContain("\"" + f.id("c4") + "\"");

        assertThat(srv.get("/api/v1/rounds/" + id + "/summary", delegates.get(0).tablet()).status()).isIn(401, 403);
        assertThat(srv.get("/api/v1/rounds/" + id + "/summary", null).status()).isEqualTo(401);
    }

    @Test
    void badMinutesDetailsAreRefusedNamingTheField() throws Exception {
        String conference = f.conference(1);
        var notAList = srv.call("PUT", "/api/v1/conferences/" + conference + "/minutes-details",
                new JsonObject().put("countingCommittee", "Trần Văn Kiểm"), f.admin);
        assertThat(notAList.status()).isEqualTo(400);
        assertThat(notAList.errorMessage()).contains("countingCommittee");
        var blank = srv.call("PUT", "/api/v1/conferences/" + conference + "/minutes-details",
                new JsonObject().put("countingCommittee", new JsonArray().add("  ")), f.admin);
        assertThat(blank.status()).isEqualTo(400);
        assertThat(srv.call("PUT", "/api/v1/conferences/c999/minutes-details", new JsonObject(), f.admin).status()).isEqualTo(404);
    }
}
