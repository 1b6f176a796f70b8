package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Closing a round with ballots not returned: the console names the numbers and who present has
 * no ballot, and a close then needs an explicit second click that repeats them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoundCloseInChromiumTest {
    ServerUnderTest server;
    Chromium browser;
    String roundId;

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        OpenRoundFixture f = new OpenRoundFixture(server, 1, "Hội nghị Ban Chấp hành Đảng bộ tỉnh");
        roundId = f.roundId;
        // the first two tablets take their ballots; only the first casts; the third takes nothing
        f.cast(f.token(f.tablets.get(0)), f.everyLine("AGREE"));
        f.token(f.tablets.get(1));
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
        b.consoleAsAdmin(server.base);
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
