package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad-input run through the whole set-up and a round: unknown ids of every kind, lists
 * frozen, rounds in the wrong state, ballots naming what is not on them, wrong roles. Every
 * answer must be a 4xx with a Vietnamese message that quotes no internal id ("c42", "(r3)",
 * "hn1"…), since the reader cannot know what such an id stands for.
 */
@ExtendWith(VertxExtension.class)
class ErrorMessagesTest {
    @TempDir
    Path dir;
    TestServer srv;
    RoundsFixture f;
    final List<String> seen = new ArrayList<>();

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        f = RoundsFixture.create(srv);
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    /** The refusal of {@code method path}: 4xx, a message, no internal id in it. */
    private void refused(String method, String path, Object body, String token) throws Exception {
        TestServer.Answer answer = srv.call(method, path, body, token);
        String what = method + " " + path + " -> " + answer.text();
        assertThat(answer.status()).as(what).isBetween(400, 499);
        String message = answer.errorMessage();
        assertThat(message).as(what).isNotBlank();
        assertThat(CorrectionsTest.INTERNAL_ID.matcher(message).find()).as(what).isFalse();
        seen.add(message);
    }

    @Test
    void noRefusalOfABadInputRunQuotesAnInternalId() throws Exception {
        String admin = f.admin;
        String review = "/api/v1/reviews/" + f.review;
        String secretary = srv.userToken("thuky", Role.SECRETARIAT);
        JsonObject cadre = new JsonObject().put("fullName", "Ai Đó").put("birthDate", "1980-01-01").put("gender", "M")
                .put("ethnicity", "Kinh").put("title", "Chuyên viên").put("unit", "Sở Nội vụ");

        // unknown ids of every kind
        refused("GET", "/api/v1/reviews/rv999", null, admin);
        refused("GET", "/api/v1/conferences/hn999", null, admin);
        refused("GET", "/api/v1/rounds/r999", null, admin);
        refused("GET", "/api/v1/rounds/r999/result", null, admin);
        refused("GET", "/api/v1/rounds/r999/records/1", null, admin);
        refused("PUT", review + "/cadres/c999", cadre, admin);
        refused("DELETE", review + "/positions/p999", null, admin);
        refused("DELETE", review + "/planned/pl999", null, admin);
        refused("POST", review + "/planned", new JsonObject().put("cadreId", "c999").put("positionId", f.id("BT")), admin);
        refused("POST", review + "/planned", new JsonObject().put("cadreId", f.id("c4")).put("positionId", "p999"), admin);
        refused("POST", review + "/planned", new JsonObject().put("cadreId", f.id("c1")).put("positionId", f.id("BT")), admin);
        refused("GET", "/api/v1/templates/nothing.xlsx", null, null);
        String conference = f.conference(1);
        String path = "/api/v1/conferences/" + conference;
        refused("POST", path + "/delegates/d999/check-in", new JsonObject(), admin);
        refused("POST", path + "/delegates/d999/exclusion", new JsonObject().put("reason", "vắng"), admin);
        refused("POST", path + "/rounds", new JsonObject().put("lines", new JsonArray().add(new JsonObject()
                .put("cadreId", "c999").put("positionId", f.id("BT")))), admin);
        refused("POST", path + "/rounds", new JsonObject().put("lines", new JsonArray().add(new JsonObject()
                .put("cadreId", f.id("c1")).put("positionId", "p999"))), admin);
        refused("POST", path + "/rounds", new JsonObject().put("lines", new JsonArray()
                .add(new JsonObject().put("cadreId", f.id("c1")).put("positionId", f.id("BT")))
                .add(new JsonObject().put("cadreId", f.id("c1")).put("positionId", f.id("BT")))), admin);
        refused("POST", "/api/v1/conferences/" + f.conference(2) + "/rounds", new JsonObject().put("sections", new JsonArray()
                .add(new JsonObject().put("positionId", f.id("CT")).put("candidates", new JsonArray().add("c999")))), admin);
        // wrong role
        refused("DELETE", review + "/cadres/" + f.id("c9"), null, secretary);
        refused("POST", "/api/v1/reviews", new JsonObject().put("name", "X").put("referenceDate", "2026-06-01"), secretary);

        // a round: frozen lists, wrong states, a paper ballot naming a line that is not on it
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 3, 3);
        String late = srv.ok(path + "/delegates", new JsonObject().put("fullName", "Đến muộn"), admin).getString("id");
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        refused("POST", review + "/positions", new JsonObject().put("name", "Chức danh mới"), admin);
        refused("DELETE", review + "/planned/" + srv.get(review + "/planned", admin).array().getJsonObject(0).getString("id"),
                null, admin);
        refused("PUT", review + "/cadres/" + f.id("c1"), cadre, admin);
        refused("DELETE", path + "/delegates/" + late, null, admin);
        refused("GET", "/api/v1/rounds/" + id + "/result", null, admin);
        refused("GET", "/api/v1/rounds/" + id + "/receipts", null, null);
        refused("POST", path + "/end", new JsonObject(), admin);
        refused("POST", "/api/v1/rounds/" + id + "/paper-issue", new JsonObject().put("delegateId", late), admin);
        srv.ok("/api/v1/rounds/" + id + "/paper-issue", new JsonObject().put("delegateId", delegates.get(0).id()), admin);
        refused("POST", "/api/v1/rounds/" + id + "/paper-ballots", new JsonObject().put("choices", new JsonArray()
                .add(new JsonObject().put("line", "L99").put("vote", "AGREE"))), admin);
        refused("POST", "/api/v1/rounds/" + id + "/paper-ballots", new JsonObject().put("choices", new JsonArray()
                .add(new JsonObject().put("line", "L1").put("vote", "MAYBE"))), admin);
        refused("POST", "/api/v1/rounds/" + id + "/issue", f.voter(round).issueRequest(), delegates.get(0).tablet());
        String lateTablet = f.checkIn(conference, late);
        refused("POST", "/api/v1/rounds/" + id + "/issue", f.voter(round).issueRequest(), lateTablet);
        for (RoundsFixture.Delegate d : delegates.subList(1, 3)) {
            srv.ok("/api/v1/rounds/" + id + "/ballots", f.issued(round, d.tablet()).ballot(RoundsFixture.votes(round, Map.of())),
                    null);
        }
        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), admin);
        refused("POST", "/api/v1/rounds/" + id + "/decisions", new JsonObject().put("positionId", f.id("BT"))
                .put("chosen", new JsonArray()), srv.userToken("bithu", Role.CHAIR));
        refused("GET", "/api/v1/rounds/" + id + "/records/9", null, admin);
        refused("POST", path + "/rounds", new JsonObject(), admin); // a repeat needs its reason
        srv.ok(path + "/end", new JsonObject(), admin);
        refused("POST", path + "/delegates/" + late + "/check-in", new JsonObject(), admin);

        assertThat(seen).hasSizeGreaterThan(35);
        assertThat(String.join("\n", seen)).as("messages name things").contains("Bí thư Tỉnh ủy").contains("Nguyễn Văn An");
    }
}
