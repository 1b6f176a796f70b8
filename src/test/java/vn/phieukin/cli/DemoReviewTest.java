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

/**
 * The demo's sample review, loaded through the real server, leaves step 4 ready for a newcomer;
 * step 4 is encrypted (protocol v2) and its simulated committee decrypts after the close.
 */
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
            for (JsonNode c : api.call("GET", "/api/v1/reviews/" + review, null, admin).path("conferences")) {
                assertThat(api.call("GET", "/api/v1/conferences/" + c.path("id").asText(), null, admin)
                        .path("rules").path("encryption").asText())
                        .as("step %s's ballots", c.path("step").asInt())
                        .isEqualTo(c.path("step").asInt() == 4 ? "COMMITTEE" : "NONE");
            }
            stepFourOnTheSimulatedCommittee(api, admin, step4);
        } finally {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The README's step 4 on v2, the browser's part done here as the tablet does it: the
     * committee is READY under its labelled names, two delegates cast encrypted ballots, the
     * round closes awaiting the committee, and the simulated members decrypt it (2 of 3).
     */
    private void stepFourOnTheSimulatedCommittee(ApiClient api, String admin, String step4) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        DemoCommittee committee = DemoCommittee.ready(api, admin, step4, out);
        assertThat(committee).isNotNull();
        JsonNode view = api.call("GET", "/api/v1/conferences/" + step4 + "/committee", null, admin);
        assertThat(view.path("status").asText()).isEqualTo("READY");
        assertThat(view.path("threshold").asInt()).isEqualTo(2);
        assertThat(view.path("members")).hasSize(3)
                .allSatisfy(m -> assertThat(m.path("fullName").asText()).contains("mô phỏng — chỉ dùng cho bản trình diễn"));
        assertThat(api.call("GET", "/api/v1/conferences/" + step4 + "/minutes-details", null, admin)
                .path("countingCommittee")).hasSize(3);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("mô phỏng — chỉ dùng cho bản trình diễn")
                .contains(view.path("fingerprint").asText().substring(0, 4));

        SecureRandom random = new SecureRandom();
        List<String> tablets = new java.util.ArrayList<>();
        JsonNode delegates = api.call("GET", "/api/v1/conferences/" + step4 + "/delegates", null, admin);
        for (JsonNode d : List.of(delegates.get(0), delegates.get(1))) {
            String code = api.call("POST", "/api/v1/conferences/" + step4 + "/delegates/" + d.path("id").asText() + "/check-in",
                    Map.of(), admin).path("pairingCode").asText();
            tablets.add(api.call("POST", "/api/v1/tablet/pair", Map.of("pairingCode", code), null).path("tabletToken").asText());
        }
        String roundId = api.call("POST", "/api/v1/conferences/" + step4 + "/rounds", Map.of(), admin).path("id").asText();
        JsonNode round = api.call("POST", "/api/v1/rounds/" + roundId + "/open", Map.of(), admin);
        List<String> registry = new java.util.ArrayList<>();
        String review = api.call("GET", "/api/v1/conferences/" + step4, null, admin).path("reviewId").asText();
        api.call("GET", "/api/v1/reviews/" + review + "/cadres", null, admin).forEach(c -> registry.add(c.path("id").asText()));
        // each delegate picks the first printed candidate of every section
        Map<String, List<String>> picks = new TreeMap<>();
        List<vn.phieukin.committee.BallotLayout.Section> sections = new java.util.ArrayList<>();
        for (JsonNode s : round.path("sections")) {
            TreeSet<String> candidates = new TreeSet<>();
            s.path("candidates").forEach(c -> candidates.add(c.asText()));
            if (s.path("allowNominations").asBoolean()) {
                candidates.addAll(registry);
            }
            sections.add(new vn.phieukin.committee.BallotLayout.Section(s.path("positionId").asText(),
                    List.copyOf(candidates), s.path("maxSelections").asInt()));
            picks.put(s.path("positionId").asText(), List.of(s.path("candidates").get(0).asText()));
        }
        vn.phieukin.committee.BallotLayout.Nomination layout = new vn.phieukin.committee.BallotLayout.Nomination(sections);
        vn.phieukin.committee.JointKey key = vn.phieukin.committee.JointKey.fromText(round.path("committee").path("jointKey").asText());
        for (String tablet : tablets) {
            vn.phieukin.ballot.TokenHolder holder = vn.phieukin.ballot.TokenHolder.prepare(roundId,
                    vn.phieukin.ballot.RoundPublicKey.fromJwk(round.path("tokenKey")), random);
            JsonNode issued = api.call("POST", "/api/v1/rounds/" + roundId + "/issue", holder.issueRequest(), tablet);
            holder.finalizeToken(vn.phieukin.ballot.Base64Url.decode(issued.path("blindSignature").asText()));
            var body = vn.phieukin.committee.EncryptedBallot.encryptNomination(layout, roundId, holder.tokenKey(), key, picks,
                    vn.phieukin.committee.Randomness.from(random));
            @SuppressWarnings("unchecked")
            Map<String, Object> map = vn.phieukin.record.ProcedureJson.mapper().convertValue(body, Map.class);
            api.call("POST", "/api/v1/rounds/" + roundId + "/ballots", holder.castRequestWithBody(map), null);
        }
        api.call("POST", "/api/v1/rounds/" + roundId + "/close", Map.of(), admin);
        assertThat(api.call("GET", "/api/v1/rounds/" + roundId, null, admin).path("awaitingDecryption").asBoolean()).isTrue();

        assertThat(committee.decryptPending()).as("two of the three decrypt").isEqualTo(2);
        assertThat(committee.decryptPending()).as("nothing left to decrypt").isZero();
        JsonNode after = api.call("GET", "/api/v1/rounds/" + roundId, null, admin);
        assertThat(after.path("awaitingDecryption").asBoolean()).isFalse();
        assertThat(after.path("decryption").path("contributed").asInt()).isEqualTo(2);
        JsonNode result = api.call("GET", "/api/v1/rounds/" + roundId + "/result", null, admin);
        assertThat(result.path("ballots").path("cast").asInt()).isEqualTo(2);
        for (JsonNode p : result.path("positions")) {
            String picked = picks.get(p.path("positionId").asText()).get(0);
            p.path("candidates").forEach(c -> assertThat(c.path("votes").asInt())
                    .as("votes of %s at %s", c.path("cadreId").asText(), p.path("positionId").asText())
                    .isEqualTo(c.path("cadreId").asText().equals(picked) ? 2 : 0));
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("đã có kết quả và hồ sơ niêm phong");
        assertThat(api.call("GET", "/api/v1/rounds/" + roundId + "/record", null, admin).path("format").asText())
                .isEqualTo("phieukin-record/2");
    }
}
