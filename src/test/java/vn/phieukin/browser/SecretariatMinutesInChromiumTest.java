package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * The secretariat's minutes of an unannounced step (step 2): the counts, valid and invalid, the
 * seal key id and record hash, the place, times and counting committee, and a plain statement
 * that the result table is left out; never the result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretariatMinutesInChromiumTest {
    ServerUnderTest server;
    Chromium browser;
    String roundId;
    String cadre;
    final List<String> names = List.of("Hoàng Minh Chính", "Nguyễn Văn Thắng", "Lê Thị Hải Yến");

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        var api = server.api;
        String admin = server.admin;
        String review = api.call("POST", "/api/v1/reviews", Map.of("name", "Rà soát quy hoạch 2026",
                "referenceDate", "2026-06-01"), admin).path("id").asText();
        String position = api.call("POST", "/api/v1/reviews/" + review + "/positions", Map.of("name", "Bí thư Tỉnh ủy"),
                admin).path("id").asText();
        String cadre = api.call("POST", "/api/v1/reviews/" + review + "/cadres", Map.of("fullName", "Sầm Văn Lợi",
                "birthDate", "1975-04-30", "gender", "M", "ethnicity", "Tày", "title", "Phó Bí thư Tỉnh ủy",
                "unit", "Tỉnh ủy"), admin).path("id").asText();
        api.call("POST", "/api/v1/reviews/" + review + "/supplementary", Map.of("cadreId", cadre, "positionId", position), admin);
        this.cadre = cadre;
        String conference = api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", 2,
                "title", "Hội nghị Ban Chấp hành Đảng bộ tỉnh (giới thiệu bổ sung)", "date", "2026-06-10"), admin).path("id").asText();
        List<String> tablets = new ArrayList<>();
        for (String name : names) {
            String delegate = api.call("POST", "/api/v1/conferences/" + conference + "/delegates",
                    Map.of("fullName", name, "title", "Tỉnh ủy viên"), admin).path("id").asText();
            String code = api.call("POST", "/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in",
                    Map.of(), admin).path("pairingCode").asText();
            tablets.add(api.call("POST", "/api/v1/tablet/pair", Map.of("pairingCode", code), null).path("tabletToken").asText());
        }
        JsonNode round = api.call("POST", "/api/v1/conferences/" + conference + "/rounds", Map.of(), admin);
        roundId = round.path("id").asText();
        round = api.call("POST", "/api/v1/rounds/" + roundId + "/open", Map.of(), admin);
        RoundPublicKey key = RoundPublicKey.fromJwk(round.path("tokenKey"));
        SecureRandom random = new SecureRandom();
        api.call("PUT", "/api/v1/conferences/" + conference + "/minutes-details", Map.of("place", "Hội trường Tỉnh ủy",
                "countingCommittee", List.of("Trần Văn Kiểm", "Lê Thị Phiếu", "Đỗ Minh Sổ")), admin);
        // two ballots: one for the cadre, one blank
        for (int i = 0; i < 2; i++) {
            TokenHolder holder = TokenHolder.prepare(roundId, key, random);
            JsonNode issued = api.call("POST", "/api/v1/rounds/" + roundId + "/issue", holder.issueRequest(), tablets.get(i));
            holder.finalizeToken(Base64Url.decode(issued.path("blindSignature").asText()));
            List<Map<String, Object>> picks = new ArrayList<>();
            for (JsonNode section : round.path("sections")) {
                picks.add(Map.of("position", section.path("positionId").asText(), "cadres", i == 0 ? List.of(cadre) : List.of()));
            }
            api.call("POST", "/api/v1/rounds/" + roundId + "/ballots", holder.castRequest(picks), null);
        }
        api.call("POST", "/api/v1/rounds/" + roundId + "/close", Map.of(), admin);
        api.call("POST", "/api/v1/users", Map.of("username", "thuky", "password", "Thu-ky-2026-hoi-nghi", "role", "SECRETARIAT",
                "displayName", "Thư ký hội nghị"), admin);
        browser = new Chromium();
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
    void theSecretariatsStepTwoMinutesCarryCountsSealPlaceAndCommitteeButNoResult() throws Exception {
        Chromium b = browser;
        b.firstTab(server.base + "/console/");
        b.type("#login-user", "thuky");
        b.type("#login-pass", "Thu-ky-2026-hoi-nghi");
        b.click("#login-submit");
        b.waitText("main", "Đợt rà soát");
        b.driver.get(server.base + "/console/#/round/" + roundId + "/minutes");
        b.waitText("#minutes", "BIÊN BẢN KIỂM PHIẾU");
        b.waitText("#record-fingerprint", "");
        String minutes = b.find("#minutes").getText();
        JsonNode summary = server.api.call("GET", "/api/v1/rounds/" + roundId + "/summary", null, server.admin);
        assertThat(minutes).contains("Bản rút gọn").contains("bản dành cho Ban Tổ chức")
                .contains("Địa điểm: Hội trường Tỉnh ủy").contains("Mở phiên bỏ phiếu lúc").contains("kết thúc lúc")
                .contains("Ban kiểm phiếu gồm: Trần Văn Kiểm, Lê Thị Phiếu, Đỗ Minh Sổ")
                .contains("Số phiếu phát ra: 2").contains("Số phiếu thu về: 2").contains("số phiếu không thu về: 0")
                .contains("Số phiếu hợp lệ: 2; không hợp lệ: 0")
                .doesNotContain("Sầm Văn Lợi").doesNotContain("—\n");
        assertThat(b.find("#record-fingerprint").getText()).isEqualTo(summary.path("record").path("sha256").asText());
        assertThat(b.find("#seal-key-id").getText()).isEqualTo(summary.path("record").path("keyId").asText());
        assertThat(b.find(".signatures").getText()).contains("TRƯỞNG BAN KIỂM PHIẾU").contains("Trần Văn Kiểm").contains("Đỗ Minh Sổ");
        b.fullShot("47-minutes-step2-secretariat");
    }
}
