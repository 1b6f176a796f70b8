package vn.phieukin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.server.PhieukinServer;
import vn.phieukin.server.ServerSettings;

/** The demo's sample review, loaded through the real server, leaves step 4 ready for a newcomer. */
class DemoReviewTest {

    @TempDir
    Path dir;

    @Test
    void theSampleReviewHasStepsOneToThreeVotedAndAStepFourConferenceOfThreeWaiting() throws Exception {
        Vertx vertx = Vertx.vertx();
        ServerSettings settings = new ServerSettings(0, "127.0.0.1", dir.resolve("data"), dir.resolve("keys"),
                Optional.of(Demo.ADMIN_PASSWORD), Clock.systemUTC(), new SecureRandom(), ServerSettings.PairingLimits.DEFAULT);
        PhieukinServer server = PhieukinServer.start(vertx, settings, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        try {
            ApiClient api = new ApiClient("https://localhost:" + server.port(), dir.resolve("keys/ca.pem"));
            String admin = api.call("POST", "/api/v1/login", Map.of("username", "admin", "password", Demo.ADMIN_PASSWORD), null)
                    .path("token").asText();
            String step4 = new DemoReview(api, admin, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .load();

            JsonNode conference = api.call("GET", "/api/v1/conferences/" + step4, null, admin);
            String review = conference.path("reviewId").asText();
            Map<String, String> names = new HashMap<>();
            api.call("GET", "/api/v1/reviews/" + review + "/cadres", null, admin)
                    .forEach(c -> names.put(c.path("id").asText(), c.path("fullName").asText()));
            assertThat(names).hasSize(40);
            Map<Integer, JsonNode> results = new TreeMap<>();
            for (JsonNode c : api.call("GET", "/api/v1/reviews/" + review, null, admin).path("conferences")) {
                JsonNode rounds = api.call("GET", "/api/v1/conferences/" + c.path("id").asText(), null, admin).path("rounds");
                if (c.path("step").asInt() < 4) {
                    assertThat(rounds).hasSize(1);
                    results.put(c.path("step").asInt(),
                            api.call("GET", "/api/v1/rounds/" + rounds.get(0).path("id").asText() + "/result", null, admin));
                } else {
                    assertThat(rounds).as("step 4 is left for the newcomer").isEmpty();
                }
            }
            TreeSet<String> removed = new TreeSet<>();
            results.get(1).path("lines").forEach(l -> {
                if (l.path("passed").asBoolean()) {
                    removed.add(names.get(l.path("cadreId").asText()));
                }
            });
            assertThat(removed).containsExactly("Cao Văn Sơn", "Nguyễn Đình Long");
            assertThat(results.get(2).path("ballots").path("cast").asInt()).isEqualTo(55);
            TreeSet<String> stepThreePassers = new TreeSet<>();
            results.get(3).path("positions").forEach(p -> p.path("candidates").forEach(c -> {
                if (c.path("passed").asBoolean()) {
                    stepThreePassers.add(names.get(c.path("cadreId").asText()));
                }
            }));
            assertThat(stepThreePassers).containsExactlyInAnyOrderElementsOf(List.of("Phạm Minh Đức", "Sầm Văn Lợi", "Lục Thị Hà",
                    "Nguyễn Hữu Phước", "Quàng Thị Xuân", "Vi Văn Thành", "Bùi Thị Hồng Nhung", "Mai Xuân Lộc", "Kiều Minh Tâm",
                    "Triệu Văn Hải"));
            JsonNode attendance = api.call("GET", "/api/v1/conferences/" + step4 + "/attendance", null, admin);
            assertThat(attendance.path("convened").asInt()).isEqualTo(3);
            assertThat(attendance.path("quorumRequired").asInt()).as("two browser tabs reach the quorum").isEqualTo(2);
            assertThat(api.call("POST", "/api/v1/login", Map.of("username", "bithu", "password", "bithu-demo-2026"), null)
                    .path("role").asText()).isEqualTo("CHAIR");
        } finally {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }
}
