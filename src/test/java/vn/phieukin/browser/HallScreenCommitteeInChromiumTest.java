package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenHolder;
import vn.phieukin.cli.ApiClient;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.EncryptedBallot;
import vn.phieukin.committee.JointKey;
import vn.phieukin.committee.Randomness;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.v2.SimulatedMember;

/**
 * The hall screen of a v2 (encrypted) round at 1920×1080 and 1280×720, never scrolled: the
 * counting committee's fingerprint while the round is open, then "Đang chờ Ban kiểm phiếu giải
 * mã (c/k)" after the close, counting the members' contributions, until the result is in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HallScreenCommitteeInChromiumTest {
    static final int[][] SIZES = {{1920, 1080}, {1280, 720}};
    final SecureRandom random = new SecureRandom();
    ServerUnderTest server;
    Chromium browser;
    ApiClient api;
    String admin;
    String conference;
    final List<String> tablets = new ArrayList<>();
    final List<SimulatedMember> members = new ArrayList<>();
    final List<String> memberTokens = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        api = server.api;
        admin = server.admin;
        String review = api.call("POST", "/api/v1/reviews", Map.of("name", "Rà soát quy hoạch 2026",
                "referenceDate", "2026-06-01"), admin).path("id").asText();
        String position = api.call("POST", "/api/v1/reviews/" + review + "/positions", Map.of("name", "Bí thư Tỉnh ủy"),
                admin).path("id").asText();
        for (String name : List.of("Sầm Văn Lợi", "Hà Thị Mai")) {
            String cadre = api.call("POST", "/api/v1/reviews/" + review + "/cadres", Map.of("fullName", name,
                    "birthDate", "1975-04-30", "gender", "M", "ethnicity", "Tày", "title", "Phó Bí thư Tỉnh ủy",
                    "unit", "Tỉnh ủy"), admin).path("id").asText();
            api.call("POST", "/api/v1/reviews/" + review + "/planned", Map.of("cadreId", cadre, "positionId", position), admin);
        }
        conference = api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", 1,
                "title", "Hội nghị Ban Chấp hành Đảng bộ tỉnh", "date", "2026-06-10",
                "rules", Map.of("encryption", "COMMITTEE", "announced", true)), admin).path("id").asText();
        for (String name : List.of("Hoàng Minh Chính", "Nguyễn Văn Thắng", "Lê Thị Hải Yến")) {
            String delegate = api.call("POST", "/api/v1/conferences/" + conference + "/delegates",
                    Map.of("fullName", name, "title", "Tỉnh ủy viên"), admin).path("id").asText();
            String code = api.call("POST", "/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in",
                    Map.of(), admin).path("pairingCode").asText();
            tablets.add(api.call("POST", "/api/v1/tablet/pair", Map.of("pairingCode", code), null).path("tabletToken").asText());
        }
        // the committee of 3 (2 to decrypt), its devices simulated over the real API
        JsonNode created = api.call("POST", "/api/v1/conferences/" + conference + "/committee", Map.of("members",
                List.of(Map.of("fullName", "Trần Thị Thu Hà"), Map.of("fullName", "Lò Văn Pấng"),
                        Map.of("fullName", "Nguyễn Đức Mạnh"))), admin);
        for (JsonNode m : created.path("members")) {
            members.add(new SimulatedMember(m.path("index").asInt(), random));
            memberTokens.add(api.call("POST", "/api/v1/committee/pair", Map.of("pairingCode", m.path("pairingCode").asText()),
                    null).path("memberToken").asText());
        }
        for (int i = 0; i < 3; i++) {
            api.call("POST", "/api/v1/committee/key", members.get(i).keyRequest(), memberTokens.get(i));
        }
        for (int i = 0; i < 3; i++) {
            api.call("POST", "/api/v1/committee/deal", members.get(i).dealRequest(view(i)), memberTokens.get(i));
        }
        for (int i = 0; i < 3; i++) {
            api.call("POST", "/api/v1/committee/accept", members.get(i).check(view(i))[1], memberTokens.get(i));
        }
        browser = new Chromium();
    }

    private JsonNode view(int i) {
        return api.call("GET", "/api/v1/conferences/" + conference + "/committee", null, memberTokens.get(i));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theScreenShowsTheCommitteeKeyWhileOpenAndWaitsForTheCommitteeAfterTheClose() throws Exception {
        String fingerprint = api.call("GET", "/api/v1/conferences/" + conference + "/committee", null, admin)
                .path("fingerprint").asText();
        assertThat(fingerprint).matches("[0-9a-f]{16}");
        String grouped = String.join(" ", fingerprint.substring(0, 4), fingerprint.substring(4, 8),
                fingerprint.substring(8, 12), fingerprint.substring(12));
        String roundId = api.call("POST", "/api/v1/conferences/" + conference + "/rounds", Map.of(), admin).path("id").asText();
        JsonNode round = api.call("POST", "/api/v1/rounds/" + roundId + "/open", Map.of(), admin);
        // two delegates vote AGREE on every line, with ballots encrypted as the tablet does
        for (String tablet : tablets.subList(0, 2)) {
            cast(round, tablet);
        }

        Chromium b = browser;
        b.viewport(1920, 1080);
        b.firstTab(server.base + "/screen/?conference=" + conference);
        for (int[] size : SIZES) {
            b.viewport(size[0], size[1]);
            b.driver.navigate().refresh();
            b.waitText("#counts", "2 phiếu đã bỏ / 2 phiếu đã phát");
            assertThat(b.find("#committee-fingerprint").getText()).isEqualTo(grouped);
            assertThat(b.find("#key-fingerprint").getText()).matches("[0-9a-f]{4}( [0-9a-f]{4}){3}");
            b.shot("hall-" + size[0] + "x" + size[1] + "-v2-open");
            HallScreenFit.assertFits(b, "v2 round open at " + size[0] + "×" + size[1]);
            if (size[0] == 1920) {
                HallScreenFit.assertReadable(b, "v2 round open");
            }
        }

        api.call("POST", "/api/v1/rounds/" + roundId + "/close", Map.of(), admin);
        JsonNode tally = api.call("GET", "/api/v1/rounds/" + roundId + "/encrypted-tally", null, memberTokens.get(1));
        for (int[] size : SIZES) {
            b.viewport(size[0], size[1]);
            b.driver.navigate().refresh();
            b.waitText("#not-announced", "Đang chờ Ban kiểm phiếu giải mã (0/2)");
            b.shot("hall-" + size[0] + "x" + size[1] + "-v2-awaiting");
            HallScreenFit.assertFits(b, "v2 round awaiting decryption at " + size[0] + "×" + size[1]);
        }
        assertThat(b.bodyText()).doesNotContain("Kết quả kiểm phiếu");
        api.call("POST", "/api/v1/rounds/" + roundId + "/decryption",
                members.get(1).decryptionRequest(roundId, tally.path("slots")), memberTokens.get(1));
        b.waitText("#not-announced", "Đang chờ Ban kiểm phiếu giải mã (1/2)"); // live, without a reload
        api.call("POST", "/api/v1/rounds/" + roundId + "/decryption",
                members.get(2).decryptionRequest(roundId, tally.path("slots")), memberTokens.get(2));
        b.waitText("main", "Kết quả kiểm phiếu");
        assertThat(b.all("#not-announced")).isEmpty();
        assertThat(b.all("#committee-fingerprint")).isEmpty();
        assertThat(b.bodyText()).contains("Phiếu thu về: 2");
        HallScreenFit.assertFits(b, "v2 result at 1280×720");
    }

    private void cast(JsonNode round, String tablet) {
        String roundId = round.path("id").asText();
        TokenHolder holder = TokenHolder.prepare(roundId, RoundPublicKey.fromJwk(round.path("tokenKey")), random);
        JsonNode issued = api.call("POST", "/api/v1/rounds/" + roundId + "/issue", holder.issueRequest(), tablet);
        holder.finalizeToken(Base64Url.decode(issued.path("blindSignature").asText()));
        List<String> lines = new ArrayList<>();
        round.path("lines").forEach(l -> lines.add(l.path("id").asText()));
        Map<String, String> votes = new java.util.LinkedHashMap<>();
        lines.forEach(l -> votes.put(l, EncryptedBallot.AGREE));
        ObjectNode body = EncryptedBallot.encryptRemoval(new BallotLayout.Removal(lines), roundId, holder.tokenKey(),
                JointKey.fromText(round.path("committee").path("jointKey").asText()), votes, Randomness.from(random));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = ProcedureJson.mapper().convertValue(body, Map.class);
        api.call("POST", "/api/v1/rounds/" + roundId + "/ballots", holder.castRequestWithBody(map), null);
    }
}
