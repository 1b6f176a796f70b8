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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import vn.phieukin.cli.ApiClient;
import vn.phieukin.record.v2.SimulatedMember;

/**
 * The console's committee set-up on a v2 conference: names and threshold checked in Vietnamese,
 * a pairing code and QR per member pointing at /committee/, the ceremony followed live while
 * the member devices (simulated in Java over the real API) take their steps, the fingerprint
 * when READY, a complaint and the restart; the minutes take the names; a round does not open
 * before READY and says why; a closed round waits for the committee with its count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitteeConsoleInChromiumTest {
    static final List<String> MEMBERS = List.of("Trần Thị Thu Hà", "Lò Văn Pấng", "Nguyễn Đức Mạnh");
    final SecureRandom random = new SecureRandom();
    ServerUnderTest server;
    Chromium browser;
    ApiClient api;
    String admin;
    String conference;
    String round;

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
        String cadre = api.call("POST", "/api/v1/reviews/" + review + "/cadres", Map.of("fullName", "Sầm Văn Lợi",
                "birthDate", "1975-04-30", "gender", "M", "ethnicity", "Tày", "title", "Phó Bí thư Tỉnh ủy",
                "unit", "Tỉnh ủy"), admin).path("id").asText();
        api.call("POST", "/api/v1/reviews/" + review + "/planned", Map.of("cadreId", cadre, "positionId", position), admin);
        conference = api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", 1,
                "title", "Hội nghị Ban Chấp hành Đảng bộ tỉnh", "date", "2026-06-10",
                "rules", Map.of("encryption", "COMMITTEE")), admin).path("id").asText();
        for (String name : List.of("Hoàng Minh Chính", "Nguyễn Văn Thắng", "Lê Thị Hải Yến")) {
            String delegate = api.call("POST", "/api/v1/conferences/" + conference + "/delegates",
                    Map.of("fullName", name, "title", "Tỉnh ủy viên"), admin).path("id").asText();
            api.call("POST", "/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in", Map.of(), admin);
        }
        round = api.call("POST", "/api/v1/conferences/" + conference + "/rounds", Map.of(), admin).path("id").asText();
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
    void theSecretariatSetsUpTheCommitteeFollowsTheCeremonyAndRestartsAfterAComplaint() throws Exception {
        Chromium b = browser;
        b.consoleAsAdmin(server.base);

        // before any committee, the round page says the round cannot open yet, and why
        b.driver.get(server.base + "/console/#/round/" + round);
        b.waitText("#committee-not-ready", "chưa lập Ban kiểm phiếu");
        b.click("#open-round");
        b.waitText("main .msg.error", "chưa có Ban kiểm phiếu");
        assertThat(status("/api/v1/rounds/" + round)).isEqualTo("DRAFT");

        b.driver.get(server.base + "/console/#/conference/" + conference + "/committee");
        b.find("#committee-form");
        List<WebElement> names = b.all("#committee-names input");
        assertThat(names).hasSize(3);
        assertThat(b.find("#committee-threshold").getAttribute("value")).isEqualTo("2");
        assertThat(b.find("#committee-threshold").getText()).contains("2 trên 3 thành viên");

        // validation, in Vietnamese, before anything is sent
        names.get(0).sendKeys(MEMBERS.get(0));
        names.get(2).sendKeys(MEMBERS.get(2));
        b.click("#committee-submit");
        b.waitText("#committee-form .msg.error", "Vui lòng nhập họ tên thành viên thứ 2");
        names.get(1).sendKeys(MEMBERS.get(0).toUpperCase(java.util.Locale.forLanguageTag("vi")));
        b.click("#committee-submit");
        b.waitText("#committee-form .msg.error", "Thành viên thứ 1 và thứ 2 trùng họ tên");
        assertThat(server.api.call("GET", "/api/v1/conferences/" + conference + "/minutes-details", null, admin)
                .path("countingCommittee").size()).isZero();
        names.get(1).clear();
        names.get(1).sendKeys(MEMBERS.get(1));
        b.click("#committee-submit");

        // a code and a QR per member, pointing at the member page
        b.waitText("#committee-status", "KEYS");
        List<String> codes = codesOnPage();
        assertThat(codes).hasSize(3).allMatch(c -> c.matches("[0-9]{8}"));
        assertThat(b.all(".committee-member img.qr")).hasSize(3);
        assertThat(b.find(".committee-member[data-member='2'] .committee-member-name").getText()).isEqualTo(MEMBERS.get(1));
        assertThat(b.find(".committee-member[data-member='1']").getText()).contains("/committee/");
        String qr = (String) b.js("return document.querySelector(\".committee-member[data-member='1'] img.qr\").alt");
        assertThat(qr).contains(MEMBERS.get(0));
        String hall = api.call("GET", "/api/v1/server-info", null, admin).path("hallUrls").path(0).asText();
        assertThat(b.find(".committee-member[data-member='1'] img.qr").getAttribute("data-url"))
                .isEqualTo(hall + "/committee/#code=" + codes.get(0));
        // the minutes take the same names: nobody types them twice
        JsonNode details = api.call("GET", "/api/v1/conferences/" + conference + "/minutes-details", null, admin);
        assertThat(details.path("countingCommittee").toString()).isEqualTo(
                "[\"" + String.join("\",\"", MEMBERS) + "\"]");
        b.fullShot("60-console-committee-codes");

        // the member devices: the first complains about the second's share
        List<String> tokens = pairAll(codes);
        List<SimulatedMember> devices = keysAndDeals(tokens);
        b.waitText("#committee-status", "CHECK");
        api.call("POST", "/api/v1/committee/complaint", Map.of("against", 2, "reason", "Phần khóa không khớp cam kết"),
                tokens.get(0));
        b.waitText("#committee-status", "FAILED");
        assertThat(b.find("#committee-ceremony .msg.error").getText())
                .contains("Thành viên 1 (" + MEMBERS.get(0) + ") khiếu nại phần khóa của thành viên 2 (" + MEMBERS.get(1) + ")")
                .contains("Phần khóa không khớp cam kết");
        b.fullShot("61-console-committee-complaint");

        // restart: asks first; dismissing keeps everything as it is
        b.click("#committee-restart");
        alert().dismiss();
        assertThat(api.call("GET", "/api/v1/conferences/" + conference + "/committee", null, admin).path("status").asText())
                .isEqualTo("FAILED");
        b.click("#committee-restart");
        org.openqa.selenium.Alert confirm = alert();
        assertThat(confirm.getText()).contains("Khởi động lại");
        confirm.accept();
        b.waitText("#committee-status", "KEYS");
        b.waitUntil(10, () -> codesOnPage().size() == 3 && !codesOnPage().equals(codes));
        List<String> fresh = codesOnPage();
        // the old codes are dead
        ApiClient.Refused refused = org.junit.jupiter.api.Assertions.assertThrows(ApiClient.Refused.class,
                () -> api.call("POST", "/api/v1/committee/pair", Map.of("pairingCode", codes.get(2)), null));
        assertThat(refused.code).isEqualTo("BAD_PAIRING_CODE");

        tokens = pairAll(fresh);
        devices = keysAndDeals(tokens);
        for (int i = 0; i < devices.size(); i++) {
            JsonNode view = api.call("GET", "/api/v1/conferences/" + conference + "/committee", null, tokens.get(i));
            Object[] outcome = devices.get(i).check(view);
            assertThat(outcome[0]).isEqualTo("accept");
            api.call("POST", "/api/v1/committee/accept", outcome[1], tokens.get(i));
        }
        b.waitText("#committee-status", "READY");
        String fingerprint = api.call("GET", "/api/v1/conferences/" + conference + "/committee", null, admin)
                .path("fingerprint").asText();
        assertThat(b.find("#committee-fingerprint").getText().replace(" ", "")).isEqualTo(fingerprint);
        assertThat(b.all(".committee-code")).isEmpty(); // paired: no code left on screen
        b.fullShot("62-console-committee-ready");

        // READY: the round opens from the console
        b.driver.get(server.base + "/console/#/round/" + round);
        b.waitText("#status-text", "Chưa mở");
        assertThat(b.all("#committee-not-ready")).isEmpty();
        b.click("#open-round");
        b.waitText("#status-text", "Đang bỏ phiếu");
        String grouped = String.join(" ", fingerprint.substring(0, 4), fingerprint.substring(4, 8),
                fingerprint.substring(8, 12), fingerprint.substring(12));
        assertThat(b.find("#round-committee-fingerprint").getText()).isEqualTo(grouped);
        // after a round opened the committee can no longer be restarted
        b.driver.get(server.base + "/console/#/conference/" + conference + "/committee");
        b.waitText("#committee-ceremony", "không thay đổi được nữa");
        assertThat(b.all("#committee-restart")).isEmpty();

        // closed: the round list and the round page wait for the committee, with the count
        api.call("POST", "/api/v1/rounds/" + round + "/close", Map.of(), admin);
        b.driver.get(server.base + "/console/#/conference/" + conference + "/rounds");
        b.waitText("#rounds", "Đang chờ Ban kiểm phiếu giải mã (0/2)");
        JsonNode tally = api.call("GET", "/api/v1/rounds/" + round + "/encrypted-tally", null, tokens.get(2));
        api.call("POST", "/api/v1/rounds/" + round + "/decryption", devices.get(2).decryptionRequest(round, tally.path("slots")),
                tokens.get(2));
        b.waitText("#rounds", "Đang chờ Ban kiểm phiếu giải mã (1/2)");
        b.driver.get(server.base + "/console/#/round/" + round);
        b.waitText("#awaiting-decryption", "Đang chờ Ban kiểm phiếu giải mã (1/2)");
        api.call("POST", "/api/v1/rounds/" + round + "/decryption", devices.get(0).decryptionRequest(round, tally.path("slots")),
                tokens.get(0));
        b.waitUntil(15, () -> b.all("#awaiting-decryption").isEmpty());
        b.waitText("#minutes-link", "Biên bản");

        // the minutes: the members as named once, and the committee's key from the sealed record
        b.click("#minutes-link");
        b.waitText("#minutes", "BIÊN BẢN KIỂM PHIẾU");
        assertThat(b.find("#minutes-committee").getText()).isEqualTo("Ban kiểm phiếu gồm: " + String.join(", ", MEMBERS) + ".");
        assertThat(b.find("#minutes-committee-fingerprint").getText()).isEqualTo(grouped);
        assertThat(b.find("#minutes").getText()).contains("Phiếu điện tử được mã hóa cho Ban kiểm phiếu");
    }

    /** The confirm dialog, which opens once the page has checked that no round opened (a call to the server). */
    private org.openqa.selenium.Alert alert() {
        return new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(30))
                .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
    }

    private String status(String path) {
        return api.call("GET", path, null, admin).path("status").asText();
    }

    private List<String> codesOnPage() {
        List<String> codes = new ArrayList<>();
        for (WebElement e : browser.driver.findElements(By.cssSelector(".committee-code"))) {
            codes.add(e.getText().replace(" ", ""));
        }
        return codes;
    }

    private List<String> pairAll(List<String> codes) {
        List<String> tokens = new ArrayList<>();
        for (String code : codes) {
            tokens.add(api.call("POST", "/api/v1/committee/pair", Map.of("pairingCode", code), null)
                    .path("memberToken").asText());
        }
        return tokens;
    }

    private List<SimulatedMember> keysAndDeals(List<String> tokens) {
        List<SimulatedMember> devices = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            devices.add(new SimulatedMember(i + 1, random));
            api.call("POST", "/api/v1/committee/key", devices.get(i).keyRequest(), tokens.get(i));
        }
        browser.waitText("#committee-status", "DEAL");
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode view = api.call("GET", "/api/v1/conferences/" + conference + "/committee", null, tokens.get(i));
            api.call("POST", "/api/v1/committee/deal", devices.get(i).dealRequest(view), tokens.get(i));
        }
        return devices;
    }
}
