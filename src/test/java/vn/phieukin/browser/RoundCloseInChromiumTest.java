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
 * Closing a round with ballots not returned: the console names the numbers and who present has
 * no ballot, and a close then needs an explicit second click that repeats them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoundCloseInChromiumTest {
    ServerUnderTest server;
    Chromium browser;
    String roundId;
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
        // the first two tablets take their ballots; only the first casts; the third takes nothing
        for (int i = 0; i < 2; i++) {
            TokenHolder holder = TokenHolder.prepare(roundId, key, random);
            JsonNode issued = api.call("POST", "/api/v1/rounds/" + roundId + "/issue", holder.issueRequest(), tablets.get(i));
            holder.finalizeToken(Base64Url.decode(issued.path("blindSignature").asText()));
            if (i == 0) {
                List<Map<String, Object>> votes = new ArrayList<>();
                round.path("lines").forEach(l -> votes.add(Map.of("line", l.path("id").asText(), "vote", "AGREE")));
                api.call("POST", "/api/v1/rounds/" + roundId + "/ballots", holder.castRequest(votes), null);
            }
        }
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
    void closingWithABallotNotReturnedAndADelegateWithoutOneAsksAgainNamingTheNumbers() throws Exception {
        Chromium b = browser;
        b.firstTab(server.base + "/console/");
        b.type("#login-user", "admin");
        b.type("#login-pass", ServerUnderTest.ADMIN_PASSWORD);
        b.click("#login-submit");
        b.waitText("main", "Đợt rà soát");
        b.driver.get(server.base + "/console/#/round/" + roundId);
        b.waitText("#returns", "chưa thu về");
        assertThat(b.find("#unreturned-count").getText()).isEqualTo("1");
        assertThat(b.find("#without-ballot").getText()).contains("Lê Thị Hải Yến").doesNotContain("Hoàng Minh Chính");

        b.click("#close-round");
        b.waitText("#close-round", "Vẫn kết thúc phiên");
        assertThat(b.find("#close-round").getText())
                .contains("1 phiếu đã phát chưa thu về").contains("1 đại biểu có mặt chưa nhận phiếu");
        assertThat(b.bodyText()).contains("Đồng chí có chắc muốn kết thúc phiên?");
        assertThat(server.api.call("GET", "/api/v1/rounds/" + roundId, null, server.admin).path("status").asText())
                .isEqualTo("OPEN");
        b.fullShot("43-console-close-with-unreturned");

        b.click("#close-round");
        b.waitText("#status-text", "Đã kết thúc");
        assertThat(server.api.call("GET", "/api/v1/rounds/" + roundId, null, server.admin).path("status").asText())
                .isEqualTo("CLOSED");

        // the minutes say how many ballots were issued, returned and not returned
        b.driver.get(server.base + "/console/#/round/" + roundId + "/minutes");
        b.waitText("#minutes-returned", "không thu về");
        assertThat(b.find("#minutes").getText()).contains("Số phiếu phát ra: 2");
        assertThat(b.find("#minutes-returned").getText()).contains("Số phiếu thu về: 1").contains("số phiếu không thu về: 1");
    }
}
