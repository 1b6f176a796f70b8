package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 9 items 6 and 7 in real Chromium: a tablet pairs by the desk's QR address (#qr=secret),
 * the minutes print the sealed record's numbers even when the stored result was changed
 * afterwards, and a repeated round's reason shows in both rounds' minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordsAndPairingInChromiumTest {
    ServerUnderTest server;
    Chromium browser;

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
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

    private JsonNode post(String path, Map<String, ?> body) {
        return server.api.call("POST", path, body, server.admin);
    }

    @Test
    void aTabletPairsByTheQrAddressAndTheMinutesComeFromTheSealedRecord() throws Exception {
        String review = post("/api/v1/reviews", Map.of("name", "Rà soát thử", "referenceDate", "2026-06-01")).path("id").asText();
        String position = post("/api/v1/reviews/" + review + "/positions", Map.of("name", "Bí thư Tỉnh ủy")).path("id").asText();
        String cadre = post("/api/v1/reviews/" + review + "/cadres", Map.of("fullName", "Nguyễn Văn An", "birthDate", "1970-03-02",
                "gender", "M", "ethnicity", "Kinh", "title", "Phó Bí thư Tỉnh ủy", "unit", "Tỉnh ủy")).path("id").asText();
        post("/api/v1/reviews/" + review + "/planned", Map.of("cadreId", cadre, "positionId", position));
        String conference = post("/api/v1/reviews/" + review + "/conferences", Map.of("step", 1, "title", "Hội nghị BTV",
                "date", "2026-06-02", "rules", Map.of("encryption", "NONE"))).path("id").asText(); // v1 records
        String delegate = post("/api/v1/conferences/" + conference + "/delegates", Map.of("fullName", "Hoàng Thị Bình"))
                .path("id").asText();
        String secret = post("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in", Map.of())
                .path("pairingSecret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(22);

        Chromium b = browser;
        b.firstTab(server.base + "/tablet/#qr=" + secret);
        b.waitText("#delegate-name", "Hoàng Thị Bình");
        assertThat(b.driver.getCurrentUrl()).as("the secret leaves the address bar").doesNotContain(secret);
        b.shot("qr-01-tablet-paired-by-qr");

        String first = post("/api/v1/conferences/" + conference + "/rounds", Map.of()).path("id").asText();
        post("/api/v1/rounds/" + first + "/open", Map.of());
        post("/api/v1/rounds/" + first + "/close", Map.of());
        // an operator edits the stored result; the sealed record keeps 0 votes of 1 (0.00 %)
        JsonNode result = server.api.call("GET", "/api/v1/rounds/" + first + "/result", null, server.admin);
        String forged = result.toString().replace("\"agree\":0", "\"agree\":7").replace("\"percent\":\"0.00\"",
                "\"percent\":\"87.65\"");
        assertThat(forged).isNotEqualTo(result.toString());
        server.server.database().write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE rounds SET result = ? WHERE seq = ?")) {
                p.setString(1, forged);
                p.setLong(2, Long.parseLong(first.substring(1)));
                return p.executeUpdate();
            }
        }).toCompletionStage().toCompletableFuture().get();

        String reason = "Ban kiểm phiếu đề nghị bỏ phiếu lại vì một đại biểu chưa nhận được phiếu";
        String second = post("/api/v1/conferences/" + conference + "/rounds", Map.of("reason", reason)).path("id").asText();
        post("/api/v1/rounds/" + second + "/open", Map.of());
        post("/api/v1/rounds/" + second + "/close", Map.of());

        b.newTab(server.base + "/console/");
        b.type("#login-user", "admin");
        b.type("#login-pass", ServerUnderTest.ADMIN_PASSWORD);
        b.click("#login-submit");
        b.waitText("main", "Đợt rà soát");
        b.driver.get(server.base + "/console/#/round/" + first + "/minutes");
        String minutes = b.waitText("#minutes", "BIÊN BẢN KIỂM PHIẾU").getText();
        b.waitText("#minutes", "Nguyễn Văn An");
        minutes = b.find("#minutes").getText();
        assertThat(minutes).as("the table comes from the sealed record").doesNotContain("87,65").doesNotContain("87.65");
        assertThat(minutes).contains("bỏ phiếu lại ở phiên 2").contains(reason).doesNotContain(second);
        b.fullShot("qr-02-minutes-of-the-first-round");

        b.driver.get(server.base + "/console/#/round/" + second + "/minutes");
        b.waitText("#repeat-of", reason);
        assertThat(b.find("#repeat-of").getText()).contains("thay cho phiên 1").doesNotContain(first);
        b.fullShot("qr-03-minutes-of-the-repeat");
    }
}
