package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

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
    final List<String> names = OpenRoundFixture.NAMES;
    OpenRoundFixture f;

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        f = new OpenRoundFixture(server, 1, "Hội nghị Ban Chấp hành Đảng bộ tỉnh");
        roundId = f.roundId;
        conference = f.conference;
        // the first two tablets take their ballots, then fail before their delegates vote
        f.token(f.tablets.get(0));
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
    void aFailedTabletIsReplacedByANewOneAndAnotherByPaperAndTheMinutesCountBoth() throws Exception {
        Chromium b = browser;
        b.consoleAsAdmin(server.base);
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
        String fresh = f.pair(code);
        assertThat(api.call("GET", "/api/v1/tablet/state", null, fresh).toString()).contains(roundId);
        List<Map<String, Object>> votes = f.everyLine("AGREE");
        f.cast(f.token(fresh), votes);

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
