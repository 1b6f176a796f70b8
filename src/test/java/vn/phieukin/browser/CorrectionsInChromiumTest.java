package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The secretariat corrects its lists in the console: a cadre's name fixed in the form, a cadre
 * still on a planned line refused with the reason, a planned line deleted after a confirmation
 * that names it, a delegate renamed and one deleted from the roster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorrectionsInChromiumTest {
    ServerUnderTest server;
    Chromium browser;
    String review;
    String conference;

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        review = post("/api/v1/reviews", Map.of("name", "Rà soát bổ sung quy hoạch 2026", "referenceDate", "2026-06-01"));
        String position = post("/api/v1/reviews/" + review + "/positions", Map.of("name", "Bí thư Tỉnh ủy", "maxPlanned", 3));
        String an = post("/api/v1/reviews/" + review + "/cadres", cadre("Nguyễn Văn An", "1970-03-02"));
        post("/api/v1/reviews/" + review + "/cadres", cadre("Hoàng Thi Bình", "1975-07-19"));
        post("/api/v1/reviews/" + review + "/cadres", cadre("Lê Văn Cường", "1972-11-30"));
        post("/api/v1/reviews/" + review + "/planned", Map.of("cadreId", an, "positionId", position));
        conference = post("/api/v1/reviews/" + review + "/conferences", Map.of("step", 1, "title", "Hội nghị Ban Thường vụ Tỉnh ủy",
                "date", "2026-06-02"));
        post("/api/v1/conferences/" + conference + "/delegates", Map.of("fullName", "Trần Văn Hải", "title", "Ủy viên Ban Thường vụ"));
        post("/api/v1/conferences/" + conference + "/delegates", Map.of("fullName", "Đinh Thị Hoa", "title", "Ủy viên Ban Thường vụ"));
        browser = new Chromium();
    }

    private String post(String path, Map<String, ?> body) {
        return server.api.call("POST", path, body, server.admin).path("id").asText();
    }

    private static Map<String, Object> cadre(String name, String birth) {
        return Map.of("fullName", name, "birthDate", birth, "gender", "M", "ethnicity", "Kinh", "title", "Giám đốc Sở",
                "unit", "Sở Nội vụ");
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

    private void login() {
        Chromium b = browser;
        b.firstTab(server.base + "/console/");
        b.waitUntil(20, () -> !b.all("#login-user").isEmpty() || b.bodyText().contains("Đăng xuất"));
        if (b.all("#login-user").isEmpty()) {
            return;
        }
        b.type("#login-user", "admin");
        b.type("#login-pass", ServerUnderTest.ADMIN_PASSWORD);
        b.click("#login-submit");
        b.waitText("main", "Đợt rà soát");
    }

    @Test
    void aPlannedListImportsFromAVietnameseExcelCsvAfterABadLineIsFixed(@TempDir Path dir) throws Exception {
        String other = post("/api/v1/reviews", Map.of("name", "Rà soát quy hoạch Ban Chấp hành", "referenceDate", "2026-06-01"));
        post("/api/v1/reviews/" + other + "/positions", Map.of("name", "Chủ tịch UBND tỉnh", "maxPlanned", 3));
        post("/api/v1/reviews/" + other + "/cadres", cadre("Lò Văn Minh", "1978-02-03"));
        post("/api/v1/reviews/" + other + "/cadres", cadre("Hà Thị Sen", "1985-03-09"));
        login();
        Chromium b = browser;
        b.driver.get(server.base + "/console/#/review/" + other + "/planning");
        b.waitText("#planned-import", "Tải tệp mẫu");

        Path bad = dir.resolve("quy-hoach.csv");
        Files.writeString(bad, "\uFEFFHọ và tên;Ngày sinh;Chức danh quy hoạch\r\n"
                + "Lò Văn Minh;03/02/1978;Chủ tịch UBND tỉnh\r\n"
                + "Hà Thị Sen;09/03/1985;Chủ tịch tỉnh\r\n", StandardCharsets.UTF_8);
        b.driver.findElement(org.openqa.selenium.By.cssSelector("#planned-import-file")).sendKeys(bad.toAbsolutePath().toString());
        b.waitText("#planned-import-preview", "dòng lỗi");
        assertThat(b.find("#planned-import-preview").getText()).contains("dòng 3").contains("không có chức danh \"Chủ tịch tỉnh\"");
        assertThat(b.find("#planned-import-send").isEnabled()).isFalse();
        b.fullShot("56-console-planned-import-bad-line");
        assertThat(server.api.call("GET", "/api/v1/reviews/" + other + "/planned", null, server.admin)).isEmpty();

        Path good = dir.resolve("quy-hoach-sua.csv");
        Files.writeString(good, Files.readString(bad).replace("Chủ tịch tỉnh", "Chủ tịch UBND tỉnh"), StandardCharsets.UTF_8);
        b.driver.findElement(org.openqa.selenium.By.cssSelector("#planned-import-file")).sendKeys(good.toAbsolutePath().toString());
        b.waitText("#planned-import-preview", "2 dòng hợp lệ");
        b.click("#planned-import-send");
        b.waitText("#planned-lines", "Hà Thị Sen");
        b.fullShot("57-console-planned-import-done");
        JsonNode planned = server.api.call("GET", "/api/v1/reviews/" + other + "/planned", null, server.admin);
        assertThat(planned).hasSize(2);
    }

    private String rowOf(String table, String text) {
        return (String) browser.js("for (const tr of document.querySelectorAll(arguments[0] + ' tbody tr')) "
                + "if (tr.textContent.includes(arguments[1])) return tr.dataset.cadre || tr.dataset.line || tr.dataset.delegate; "
                + "return null;", table, text);
    }

    @Test
    void theSecretariatCorrectsCadresPlannedLinesAndTheRoster() throws Exception {
        login();
        Chromium b = browser;

        // a misspelt name, corrected in the form
        b.driver.get(server.base + "/console/#/review/" + review + "/cadres");
        b.waitText("#cadres", "Hoàng Thi Bình");
        String binh = rowOf("#cadres", "Hoàng Thi Bình");
        b.click("#cadres tr[data-cadre='" + binh + "'] [data-action='edit']");
        b.waitText("#new-cadre h2", "Sửa thông tin cán bộ: Hoàng Thi Bình");
        b.type("#cadre-fullName", "Hoàng Thị Bình");
        b.fullShot("50-console-cadre-edit");
        b.clickText("#new-cadre", "Lưu thay đổi");
        b.waitText("#cadres", "Hoàng Thị Bình");
        JsonNode cadres = server.api.call("GET", "/api/v1/reviews/" + review + "/cadres", null, server.admin);
        assertThat(cadres.toString()).contains("Hoàng Thị Bình").doesNotContain("Hoàng Thi Bình");
        assertThat(cadres).hasSize(3);

        // a cadre still planned: the confirmation names them, the refusal says why
        String an = rowOf("#cadres", "Nguyễn Văn An");
        b.click("#cadres tr[data-cadre='" + an + "'] [data-action='delete']");
        b.waitText("#cadres tr[data-cadre='" + an + "'] .confirm-delete", "Xóa cán bộ Nguyễn Văn An (sinh 02/03/1970) khỏi danh sách?");
        b.fullShot("51-console-cadre-delete-confirm");
        b.click("#cadres tr[data-cadre='" + an + "'] [data-confirm='yes']");
        b.waitText("main .msg.error", "đang có trong quy hoạch chức danh Bí thư Tỉnh ủy");
        b.fullShot("52-console-cadre-delete-refused");
        assertThat(b.find("main .msg.error").getText()).doesNotContainPattern("\\b[cp][0-9]+\\b");

        // an unused cadre goes after the confirmation
        String cuong = rowOf("#cadres", "Lê Văn Cường");
        b.click("#cadres tr[data-cadre='" + cuong + "'] [data-action='delete']");
        b.click("#cadres tr[data-cadre='" + cuong + "'] [data-confirm='yes']");
        b.waitUntil(10, () -> !b.find("#cadres").getText().contains("Lê Văn Cường"));
        assertThat(server.api.call("GET", "/api/v1/reviews/" + review + "/cadres", null, server.admin)).hasSize(2);

        // the planned line, deleted from the planning tab; then the cadre can go
        b.driver.get(server.base + "/console/#/review/" + review + "/planning");
        b.waitText("#planned-lines", "Nguyễn Văn An");
        b.click("#planned-lines [data-action='delete']");
        b.waitText("#planned-lines .confirm-delete", "Xóa dòng quy hoạch: Nguyễn Văn An, chức danh Bí thư Tỉnh ủy?");
        b.fullShot("53-console-planned-line-delete-confirm");
        b.click("#planned-lines [data-confirm='yes']");
        b.waitText("#planned-form", "Chưa có dòng nào.");
        assertThat(server.api.call("GET", "/api/v1/reviews/" + review + "/planned", null, server.admin)).isEmpty();

        // the roster: one renamed in place, one deleted
        b.driver.get(server.base + "/console/#/conference/" + conference + "/roster");
        b.waitText("#roster", "Trần Văn Hải");
        String hai = rowOf("#roster", "Trần Văn Hải");
        b.click("#roster tr[data-delegate='" + hai + "'] [data-action='edit']");
        b.type("#roster tr[data-delegate='" + hai + "'] input[aria-label='Họ và tên']", "Trần Văn Hải Anh");
        b.fullShot("54-console-roster-edit");
        b.clickText("#roster tr[data-delegate='" + hai + "']", "Lưu");
        b.waitText("#roster", "Trần Văn Hải Anh");
        String hoa = rowOf("#roster", "Đinh Thị Hoa");
        b.click("#roster tr[data-delegate='" + hoa + "'] [data-action='delete']");
        b.waitText("#roster .confirm-delete", "Xóa Đinh Thị Hoa (Ủy viên Ban Thường vụ) khỏi danh sách triệu tập?");
        b.click("#roster tr[data-delegate='" + hoa + "'] [data-confirm='yes']");
        b.waitUntil(10, () -> !b.find("#roster").getText().contains("Đinh Thị Hoa"));
        b.fullShot("55-console-roster-after-delete");
        JsonNode roster = server.api.call("GET", "/api/v1/conferences/" + conference + "/delegates", null, server.admin);
        assertThat(roster).hasSize(1);
        assertThat(roster.get(0).path("fullName").asText()).isEqualTo("Trần Văn Hải Anh");
    }
}
