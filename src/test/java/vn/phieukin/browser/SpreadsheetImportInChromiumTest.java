package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secretariat imports its cadre list in the console from the files Excel writes: a workbook
 * with one bad line is shown line by line and nothing is imported; a CSV saved by Vietnamese
 * Excel (BOM, semicolons, Vietnamese headers, 15/08/1980, "Nữ") imports as the table shows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpreadsheetImportInChromiumTest {
    ServerUnderTest server;
    Chromium browser;
    String review;

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        review = server.api.call("POST", "/api/v1/reviews", Map.of("name", "Rà soát bổ sung quy hoạch 2026",
                "referenceDate", "2026-06-01"), server.admin).path("id").asText();
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
    void aWorkbookWithOneBadLineImportsNothingThenAVietnameseExcelCsvImportsEveryLine(@TempDir Path dir) throws Exception {
        Chromium b = browser;
        b.consoleAsAdmin(server.base);
        b.driver.get(server.base + "/console/#/review/" + review + "/cadres");
        b.waitText("#cadre-import", "Tải tệp mẫu");

        Path workbook = dir.resolve("danh-sach-can-bo.xlsx");
        try (OutputStream out = Files.newOutputStream(workbook)) {
            Workbook wb = new Workbook(out, "Microsoft Excel", "16.0");
            Worksheet ws = wb.newWorksheet("Sheet1");
            String[] header = {"Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chức vụ", "Đơn vị"};
            for (int i = 0; i < header.length; i++) {
                ws.value(0, i, header[i]);
            }
            Object[][] rows = {
                {"Nguyễn Thị Lan", LocalDate.of(1980, 8, 15), "Nữ", "Tày", "Phó Giám đốc Sở Y tế", "Sở Y tế"},
                {"Lò Văn Minh", "31/02/1978", "Nam", "Thái", "Giám đốc Sở Nội vụ", "Sở Nội vụ"},
                {"Hà Văn Sơn", LocalDate.of(1985, 3, 9), "Nam", "Kinh", "Bí thư Huyện ủy", "Huyện ủy Mường Lát"},
            };
            for (int r = 0; r < rows.length; r++) {
                for (int c = 0; c < rows[r].length; c++) {
                    if (rows[r][c] instanceof LocalDate d) {
                        ws.value(r + 1, c, d);
                        ws.style(r + 1, c).format("dd/mm/yyyy").set();
                    } else {
                        ws.value(r + 1, c, (String) rows[r][c]);
                    }
                }
            }
            wb.finish();
        }
        b.driver.findElement(org.openqa.selenium.By.cssSelector("#cadre-import-file")).sendKeys(workbook.toAbsolutePath().toString());
        b.waitText("#cadre-import-preview", "dòng lỗi");
        String preview = b.find("#cadre-import-preview").getText();
        assertThat(preview).contains("dòng 3").contains("31/02/1978").contains("Nguyễn Thị Lan");
        assertThat(b.find("#cadre-import-send").isEnabled()).isFalse();
        b.fullShot("40-console-import-xlsx-bad-line");
        assertThat(server.api.call("GET", "/api/v1/reviews/" + review + "/cadres", null, server.admin)).isEmpty();

        Path csv = dir.resolve("danh-sach-can-bo.csv");
        Files.writeString(csv, "\uFEFFHọ và tên;Ngày sinh;Giới tính;Dân tộc;Chức vụ;Đơn vị\r\n"
                + "Nguyễn Thị Lan;15/08/1980;Nữ;Tày;Phó Giám đốc Sở Y tế;Sở Y tế\r\n"
                + "Hà Văn Sơn;09/03/1985;Nam;Kinh;Bí thư Huyện ủy;Huyện ủy Mường Lát\r\n", StandardCharsets.UTF_8);
        b.driver.findElement(org.openqa.selenium.By.cssSelector("#cadre-import-file")).sendKeys(csv.toAbsolutePath().toString());
        b.waitText("#cadre-import-preview", "2 dòng hợp lệ");
        b.fullShot("41-console-import-csv-preview");
        b.click("#cadre-import-send");
        b.waitText("#cadres", "Hà Văn Sơn");
        b.fullShot("42-console-import-csv-done");

        JsonNode cadres = server.api.call("GET", "/api/v1/reviews/" + review + "/cadres", null, server.admin);
        assertThat(cadres).hasSize(2);
        assertThat(cadres.get(0).path("birthDate").asText()).isEqualTo("1980-08-15");
        assertThat(cadres.get(0).path("gender").asText()).isEqualTo("F");
        assertThat(cadres.get(1).path("birthDate").asText()).isEqualTo("1985-03-09");
    }
}
