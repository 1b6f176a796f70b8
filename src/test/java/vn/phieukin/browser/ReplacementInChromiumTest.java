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
 * Đổi phiếu at the desk, in the console: a delegate whose tablet failed after taking its ballot
 * gets a new tablet (the desk shows the new pairing code; the new tablet takes a second token and
 * votes) and another gets a paper ballot; the minutes count both replacements with their reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplacementInChromiumTest {
    ServerUnderTest server;
    Chromium browser;
    String roundId;
    String conference;
    RoundPublicKey key;
    JsonNode lines;
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
        api.call("POST", "/api/v1/reviews/" + review + "/planned", Map.of("cadreId", cadre, "positionId", position), admin);
        String conference = api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", 1,
                "title", "Hội nghị Ban Chấp hành Đảng bộ tỉnh", "date", "2026-06-10"), admin).path("id").asText();
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
        // the first two tablets take their ballots, then fail before their delegates vote
        for (int i = 0; i < 2; i++) {
            TokenHolder holder = TokenHolder.prepare(roundId, key, random);
            JsonNode issued = api.call("POST", "/api/v1/rounds/" + roundId + "/issue", holder.issueRequest(), tablets.get(i));
            holder.finalizeToken(Base64Url.decode(issued.path("blindSignature").asText()));
        }
        this.key = key;
        this.lines = round.path("lines");
        this.conference = conference;
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
    void aFailedTabletIsReplacedByANewOneAndAnotherByPaperAndTheMinutesCountBoth() throws Exception {
        Chromium b = browser;
        b.firstTab(server.base + "/console/");
        b.type("#login-user", "admin");
        b.type("#login-pass", ServerUnderTest.ADMIN_PASSWORD);
        b.click("#login-submit");
        b.waitText("main", "Đợt rà soát");
        b.driver.get(server.base + "/console/#/conference/" + conference + "/desk");
        b.waitText("#desk-list", names.get(0));

        // 1. a new tablet for Hoàng Minh Chính
        b.js("[...document.querySelectorAll('.desk-row')].find(r => r.dataset.name === arguments[0]).querySelector('[data-replace]').click()",
                names.get(0));
        b.waitText("#replacement-form", "Đổi phiếu cho đại biểu " + names.get(0));
        b.click("#replacement-submit");
        b.waitText("#replacement-form", "xác nhận đồng chí chưa bỏ phiếu");
        b.click("#replacement-confirm");
        b.fullShot("44-desk-replacement-form");
        b.click("#replacement-submit");
        b.waitText("#pairing-panel", "máy cũ đã bị ngắt");
        String code = b.find("#pairing-code").getText().replace(" ", "");
        b.fullShot("45-desk-replacement-new-code");
        var api = server.api;
        String fresh = api.call("POST", "/api/v1/tablet/pair", Map.of("pairingCode", code), null).path("tabletToken").asText();
        assertThat(api.call("GET", "/api/v1/tablet/state", null, fresh).toString()).contains(roundId);
        TokenHolder holder = TokenHolder.prepare(roundId, key, new SecureRandom());
        JsonNode issued = api.call("POST", "/api/v1/rounds/" + roundId + "/issue", holder.issueRequest(), fresh);
        holder.finalizeToken(Base64Url.decode(issued.path("blindSignature").asText()));
        List<Map<String, Object>> votes = new ArrayList<>();
        lines.forEach(l -> votes.add(Map.of("line", l.path("id").asText(), "vote", "AGREE")));
        api.call("POST", "/api/v1/rounds/" + roundId + "/ballots", holder.castRequest(votes), null);

        // 2. a paper ballot for Nguyễn Văn Thắng
        b.js("[...document.querySelectorAll('.desk-row')].find(r => r.dataset.name === arguments[0]).querySelector('[data-replace]').click()",
                names.get(1));
        b.waitText("#replacement-form", names.get(1));
        b.click("#replacement-kind-PAPER");
        b.click("#replacement-confirm");
        b.click("#replacement-submit");
        b.waitText("#replacement-done", "phát phiếu giấy cho " + names.get(1));
        JsonNode returns = api.call("GET", "/api/v1/rounds/" + roundId + "/returns", null, server.admin);
        assertThat(returns.path("paperIssued").asInt()).isEqualTo(1);
        assertThat(returns.path("issued").asInt()).isEqualTo(3);

        // the paper ballot is entered, the round closed; the minutes count both replacements
        api.call("POST", "/api/v1/rounds/" + roundId + "/paper-ballots", Map.of("choices", votes), server.admin);
        api.call("POST", "/api/v1/rounds/" + roundId + "/close", Map.of(), server.admin);
        b.driver.get(server.base + "/console/#/round/" + roundId + "/minutes");
        b.waitText("#minutes-replacements", "phiếu đổi");
        assertThat(b.find("#minutes-replacements").getText()).contains("2 phiếu đổi").contains("Máy tính bảng hỏng")
                .contains("1 phiếu điện tử mới, 1 phiếu giấy");
        b.fullShot("46-minutes-replacements");
    }
}
