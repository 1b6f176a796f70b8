package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConferenceApiTest {
    @TempDir
    Path dir;
    TestServer srv;
    String admin;
    String review;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        admin = srv.adminToken();
        review = srv.ok("/api/v1/reviews", new JsonObject().put("name", "Rà soát 2026").put("referenceDate", "2026-06-01"),
                admin).getString("id");
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    private String conference(int step) throws Exception {
        return srv.ok("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", step)
                .put("title", "Hội nghị bước " + step).put("date", "2026-06-10"), admin).getString("id");
    }

    private List<String> delegates(String conference, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(srv.ok("/api/v1/conferences/" + conference + "/delegates",
                    new JsonObject().put("fullName", "Đại biểu " + i), admin).getString("id"));
        }
        return ids;
    }

    private String checkIn(String conference, String delegate) throws Exception {
        return srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in", new JsonObject(), admin)
                .getString("pairingCode");
    }

    private JsonObject attendance(String conference) throws Exception {
        return srv.get("/api/v1/conferences/" + conference + "/attendance", admin).object();
    }

    @Test
    void aConferenceGetsTheDefaultRulesOfItsStep() throws Exception {
        JsonObject step2 = srv.ok("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 2)
                .put("title", "Hội nghị cán bộ chủ chốt").put("date", "2026-06-10"), admin);
        JsonObject rules = step2.getJsonObject("rules");
        assertThat(step2.getString("id")).matches("hn\\d+");
        assertThat(rules.getJsonObject("threshold")).isEqualTo(new JsonObject().put("comparator", ">=")
                .put("numerator", 3).put("denominator", 10));
        assertThat(rules.getString("base")).isEqualTo("PRESENT");
        assertThat(rules.getBoolean("announced")).isFalse();
        assertThat(rules.getBoolean("allowNominations")).isTrue();
        assertThat(rules.getString("encryption")).as("new conferences encrypt their ballots (protocol v2)").isEqualTo("COMMITTEE");
        JsonObject got = srv.get("/api/v1/conferences/" + step2.getString("id"), admin).object();
        assertThat(got.getString("reviewId")).isEqualTo(review);
        assertThat(got.getInteger("step")).isEqualTo(2);
        assertThat(got.getJsonObject("rules")).isEqualTo(rules);
        assertThat(got.getJsonArray("rounds")).isEmpty();
        JsonArray listed = srv.get("/api/v1/reviews/" + review, admin).object().getJsonArray("conferences");
        assertThat(listed.getJsonObject(0).getString("id")).isEqualTo(step2.getString("id"));
    }

    @Test
    void rulesOverridesReplaceOnlyTheSettingsGiven() throws Exception {
        JsonObject created = srv.ok("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 4)
                .put("title", "BTV lần 2").put("date", "2026-06-20")
                .put("rules", new JsonObject().put("announced", false)
                        .put("quorum", new JsonObject().put("numerator", 3).put("denominator", 4))), admin);
        JsonObject rules = created.getJsonObject("rules");
        assertThat(rules.getBoolean("announced")).isFalse();
        assertThat(rules.getJsonObject("quorum")).isEqualTo(new JsonObject().put("numerator", 3).put("denominator", 4));
        assertThat(rules.getString("selection")).isEqualTo("TOP_DOWN");
        assertThat(rules.getJsonObject("threshold").getString("comparator")).isEqualTo(">");
    }

    @Test
    void invalidRulesOrStepAreRefusedNamingTheField() throws Exception {
        var fraction = srv.post("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 2).put("title", "X")
                .put("date", "2026-06-10").put("rules", new JsonObject().put("threshold",
                        new JsonObject().put("numerator", 5).put("denominator", 3))), admin);
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.errorMessage()).contains("rules.threshold").contains("5/3");
        var comparator = srv.post("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 1).put("title", "X")
                .put("date", "2026-06-10").put("rules", new JsonObject().put("threshold",
                        new JsonObject().put("comparator", "=>"))), admin);
        assertThat(comparator.status()).isEqualTo(400);
        assertThat(comparator.errorMessage()).contains("comparator");
        var step = srv.post("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 5).put("title", "X")
                .put("date", "2026-06-10"), admin);
        assertThat(step.status()).isEqualTo(400);
        assertThat(step.errorMessage()).contains("step");
    }

    @Test
    void attendanceCountsConvenedExcludedPresentAndQuorum() throws Exception {
        String conf = conference(1);
        List<String> roster = delegates(conf, 10);
        srv.ok("/api/v1/conferences/" + conf + "/delegates/" + roster.get(9) + "/exclusion",
                new JsonObject().put("reason", "Vắng mặt có lý do"), admin);
        for (int i = 0; i < 5; i++) {
            checkIn(conf, roster.get(i));
        }
        JsonObject att = attendance(conf);
        assertThat(att).isEqualTo(new JsonObject().put("convened", 9).put("excluded", 1).put("present", 5)
                .put("quorumRequired", 6).put("quorumMet", false));
        checkIn(conf, roster.get(5));
        assertThat(attendance(conf).getBoolean("quorumMet")).isTrue();
        srv.ok("/api/v1/conferences/" + conf + "/delegates/" + roster.get(5) + "/check-out", new JsonObject(), admin);
        assertThat(attendance(conf).getInteger("present")).isEqualTo(5);
        srv.call("DELETE", "/api/v1/conferences/" + conf + "/delegates/" + roster.get(9) + "/exclusion", null, admin);
        assertThat(attendance(conf).getInteger("convened")).isEqualTo(10);
    }

    @Test
    void anExclusionNeedsAReasonAndIsRefusedForAPresentDelegate() throws Exception {
        String conf = conference(1);
        List<String> roster = delegates(conf, 2);
        var noReason = srv.post("/api/v1/conferences/" + conf + "/delegates/" + roster.get(0) + "/exclusion",
                new JsonObject(), admin);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.errorMessage()).contains("reason");
        checkIn(conf, roster.get(0));
        var present = srv.post("/api/v1/conferences/" + conf + "/delegates/" + roster.get(0) + "/exclusion",
                new JsonObject().put("reason", "Bị đình chỉ"), admin);
        assertThat(present.status()).isEqualTo(409);
        assertThat(present.errorCode()).isEqualTo("DELEGATE_PRESENT");
        assertThat(present.errorMessage()).contains("Đại biểu 1");
        assertThat(attendance(conf).getInteger("excluded")).isZero();
    }

    @Test
    void anExcludedDelegateCannotCheckIn() throws Exception {
        String conf = conference(1);
        String d = delegates(conf, 1).get(0);
        srv.ok("/api/v1/conferences/" + conf + "/delegates/" + d + "/exclusion", new JsonObject().put("reason", "Bị đình chỉ"), admin);
        var answer = srv.post("/api/v1/conferences/" + conf + "/delegates/" + d + "/check-in", new JsonObject(), admin);
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo("DELEGATE_EXCLUDED");
        assertThat(answer.errorMessage()).contains("Bị đình chỉ");
        assertThat(attendance(conf).getInteger("present")).isZero();
    }

    @Test
    void aCheckInGivesAnEightDigitCode() throws Exception {
        String conf = conference(1);
        String d = delegates(conf, 1).get(0);
        assertThat(checkIn(conf, d)).matches("[0-9]{8}");
    }

    @Test
    void aDelegateOfAnotherConferenceOrAnUnknownOneIsNotFound() throws Exception {
        String first = conference(1);
        String second = conference(2);
        String d = delegates(first, 1).get(0);
        assertThat(srv.post("/api/v1/conferences/" + second + "/delegates/" + d + "/check-in", new JsonObject(), admin).status())
                .isEqualTo(404);
        assertThat(srv.post("/api/v1/conferences/" + first + "/delegates/d999/check-in", new JsonObject(), admin).errorCode())
                .isEqualTo("NOT_FOUND");
        assertThat(srv.get("/api/v1/conferences/hn999/attendance", admin).status()).isEqualTo(404);
    }

    @Test
    void theSecretariatRunsAttendanceButTheChairCannot() throws Exception {
        String conf = conference(1);
        String secretariat = srv.userToken("thuky", Role.SECRETARIAT);
        String chair = srv.userToken("bithu", Role.CHAIR);
        assertThat(srv.post("/api/v1/conferences/" + conf + "/delegates", new JsonObject().put("fullName", "A"), secretariat)
                .status()).isEqualTo(201);
        var refused = srv.post("/api/v1/conferences/" + conf + "/delegates", new JsonObject().put("fullName", "B"), chair);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(srv.post("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 1).put("title", "X")
                .put("date", "2026-06-10"), secretariat).status()).isEqualTo(201);
    }

    @Test
    void aDelegateCsvImportsAllLinesOrNone() throws Exception {
        String conf = conference(3);
        var bad = srv.post("/api/v1/conferences/" + conf + "/delegates/import",
                "fullName,title,chair\nNguyễn Văn An,Bí thư,true\n,Ủy viên,\nLê Văn Cường,Ủy viên,có lẽ\n", admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorCode()).isEqualTo("BAD_CSV");
        assertThat(bad.errorMessage()).contains("dòng 3").contains("dòng 4").contains("có lẽ");
        assertThat(attendance(conf).getInteger("convened")).isZero();
        var good = srv.post("/api/v1/conferences/" + conf + "/delegates/import",
                "fullName,title,chair\nNguyễn Văn An,Bí thư,true\nLê Văn Cường,,\n", admin);
        assertThat(good.status()).isEqualTo(200);
        assertThat(good.object().getInteger("imported")).isEqualTo(2);
        JsonArray roster = srv.get("/api/v1/conferences/" + conf + "/delegates", admin).array();
        assertThat(roster.getJsonObject(0).getBoolean("chair")).isTrue();
        assertThat(roster.getJsonObject(1).getString("fullName")).isEqualTo("Lê Văn Cường");
    }

    @Test
    void liveEventsShowAttendanceAsItChanges(Vertx vertx) throws Exception {
        String conf = conference(1);
        List<String> roster = delegates(conf, 3);
        StringBuilder received = new StringBuilder();
        CompletableFuture<String> sawTwoPresent = new CompletableFuture<>();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        // The whole exchange, handlers included, is attached on the client's context (see TestServer#onClientContext).
        srv.onClientContext(() -> srv.client.request(new RequestOptions().setMethod(HttpMethod.GET)
                        .setURI("/api/v1/conferences/" + conf + "/events"))
                .compose(request -> request.send())
                .onSuccess(response -> {
                    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
                    response.handler((Buffer chunk) -> {
                        received.append(chunk.toString());
                        if (received.indexOf("\"convened\":3") >= 0) {
                            connected.complete(null);
                        }
                        if (received.indexOf("\"present\":2") >= 0) {
                            sawTwoPresent.complete(received.toString());
                        }
                    });
                }))
                .onFailure(sawTwoPresent::completeExceptionally);
        connected.get(30, TimeUnit.SECONDS);
        checkIn(conf, roster.get(0));
        checkIn(conf, roster.get(1));
        String stream = sawTwoPresent.get(30, TimeUnit.SECONDS);
        assertThat(stream).contains("event: attendance").doesNotContain("votes");
    }

    @Test
    void eventsOfAnUnknownConferenceAreNotFound() throws Exception {
        assertThat(srv.get("/api/v1/conferences/hn42/events", null).status()).isEqualTo(404);
    }
}
