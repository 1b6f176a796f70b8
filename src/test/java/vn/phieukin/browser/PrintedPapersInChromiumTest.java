package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.phieukin.cli.ApiClient;

/**
 * The desk's printed papers: a pairing slip printed at check-in for the delegate standing there
 * (name, the code that pairs, the QR, when it stops working), and the roster's attendance sheet
 * for signatures. Both are shot as Chromium prints them (print media emulated).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrintedPapersInChromiumTest {
    ServerUnderTest server;
    Chromium browser;
    String conference;

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        String review = post("/api/v1/reviews", Map.of("name", "Rà soát bổ sung quy hoạch 2026", "referenceDate", "2026-06-01"));
        conference = post("/api/v1/reviews/" + review + "/conferences", Map.of("step", 1,
                "title", "Hội nghị Ban Thường vụ Tỉnh ủy (lần 1)", "date", "2026-06-02"));
        post("/api/v1/conferences/" + conference + "/delegates", Map.of("fullName", "Nguyễn Thị Thu Hằng",
                "title", "Phó Bí thư Thường trực Tỉnh ủy"));
        post("/api/v1/conferences/" + conference + "/delegates", Map.of("fullName", "Lò Văn Pấng",
                "title", "Bí thư Huyện ủy Mường Lát"));
        String away = post("/api/v1/conferences/" + conference + "/delegates", Map.of("fullName", "Hà Văn Tư",
                "title", "Trưởng Ban Tổ chức Tỉnh ủy"));
        server.api.call("POST", "/api/v1/conferences/" + conference + "/delegates/" + away + "/exclusion",
                Map.of("reason", "đi công tác được Thường trực đồng ý"), server.admin);
        browser = new Chromium();
    }

    private String post(String path, Map<String, ?> body) {
        return server.api.call("POST", path, body, server.admin).path("id").asText();
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

    private void media(String kind) {
        browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", kind));
    }

    @Test
    void aSlipPrintedAtCheckInCarriesTheCodeThatPairsAndTheRosterPrintsForSignatures() throws Exception {
        Chromium b = browser;
        b.consoleAsAdmin(server.base);
        b.driver.get(server.base + "/console/#/conference/" + conference + "/desk");
        b.waitText("#desk-list", "Lò Văn Pấng");
        b.js("window.print = () => { window.printed = (window.printed || 0) + 1; };");
        b.js("document.querySelector('.desk-row[data-name=\"Lò Văn Pấng\"] button').click();");
        b.waitText("#pairing-name", "Lò Văn Pấng");
        String shown = b.find("#pairing-code").getText().replace(" ", "");
        b.click("#print-pairing-slip");
        assertThat(((Number) b.js("return window.printed;")).intValue()).isEqualTo(1);

        String slip = (String) b.js("return document.querySelector('#pairing-slip').textContent;");
        assertThat(slip).contains("PHIẾU GHÉP NỐI MÁY TÍNH BẢNG").contains("Lò Văn Pấng").contains("Bí thư Huyện ủy Mường Lát")
                .contains(shown.substring(0, 4) + " " + shown.substring(4)).contains("hết hạn lúc")
                .contains("ngày 2 tháng 6 năm 2026").contains("/tablet/").doesNotContain("localhost");
        assertThat((String) b.js("return document.querySelector('#pairing-slip img.qr').src;")).startsWith("data:image/");
        assertThat(b.find("main").isDisplayed()).as("on screen the slip stays out of the page").isTrue();
        media("print");
        b.shot("60-desk-pairing-slip-print");
        assertThat((Boolean) b.js("return getComputedStyle(document.querySelector('main')).display === 'none';")).isTrue();
        media("screen");

        // the printed code is the live one: it pairs once, then never again
        var paired = server.api.call("POST", "/api/v1/tablet/pair", Map.of("pairingCode", shown), null);
        assertThat(paired.path("tabletToken").asText()).isNotEmpty();
        try {
            server.api.call("POST", "/api/v1/tablet/pair", Map.of("pairingCode", shown), null);
            throw new AssertionError("a slip's code paired twice");
        } catch (ApiClient.Refused refused) {
            assertThat(refused.status).isEqualTo(400);
        }

        b.driver.get(server.base + "/console/#/conference/" + conference + "/roster");
        b.waitText("#roster", "Hà Văn Tư");
        b.js("window.print = () => { window.printed = (window.printed || 0) + 1; };");
        b.click("#print-attendance-sheet");
        String sheet = (String) b.js("return document.querySelector('#attendance-sheet').innerText;");
        assertThat(sheet).contains("DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ").contains("Hội nghị Ban Thường vụ Tỉnh ủy (lần 1)")
                .contains("Ngày 2 tháng 6 năm 2026").contains("STT").contains("Chữ ký")
                .contains("Nguyễn Thị Thu Hằng").contains("Tổng số được triệu tập: 2 đồng chí")
                .contains("Hà Văn Tư (đi công tác được Thường trực đồng ý)");
        assertThat(((Number) b.js("return document.querySelectorAll('#attendance-sheet tbody tr').length;")).intValue())
                .as("the excluded delegate signs no line").isEqualTo(2);
        media("print");
        b.fullShot("61-roster-attendance-sheet-print");
        media("screen");
    }
}
