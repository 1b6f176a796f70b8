package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The secretariat's lists in the forms Excel writes: .xlsx, and CSV as Vietnamese Excel saves it. */
@ExtendWith(VertxExtension.class)
class SpreadsheetImportTest {
    static final String XLSX = Workbooks.XLSX;

    @TempDir
    Path dir;
    TestServer srv;
    String admin;
    String review;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        admin = srv.adminToken();
        review = newReview("Rà soát 2026");
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    private String newReview(String name) throws Exception {
        return srv.ok("/api/v1/reviews", new JsonObject().put("name", name).put("referenceDate", "2026-06-01"), admin)
                .getString("id");
    }

    private JsonArray cadres(String reviewId) throws Exception {
        return srv.get("/api/v1/reviews/" + reviewId + "/cadres", admin).array();
    }

    private TestServer.Answer upload(String path, byte[] bytes, String type) throws Exception {
        return srv.call("POST", path, Buffer.buffer(bytes), admin, type);
    }

    /** A workbook as a secretary would type it: Vietnamese headers, Excel date cells, "Nữ", "Có". */
    private static byte[] registryWorkbook(List<List<Object>> rows) {
        return Workbooks.xlsx("Cán bộ", Workbooks.CADRE_HEADERS, rows);
    }

    @Test
    void anXlsxWithOneBadLineImportsNothingAndNamesTheLine() throws Exception {
        byte[] workbook = registryWorkbook(List.of(
                List.of("Nguyễn Thị Lan", LocalDate.of(1980, 8, 15), "Nữ", "Tày", "Phó Giám đốc Sở Y tế", "Sở Y tế", true, false),
                List.of("Lò Văn Minh", LocalDate.of(1978, 1, 2), "Không rõ", "Thái", "Giám đốc Sở Nội vụ", "Sở Nội vụ", false, true),
                List.of("Hà Văn Sơn", LocalDate.of(1985, 3, 9), "Nam", "Kinh", "Bí thư Huyện ủy", "Huyện ủy X", false, true)));
        var answer = upload("/api/v1/reviews/" + review + "/cadres/import", workbook, XLSX);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BAD_CSV");
        // the spreadsheet's row 3 (header = row 1) holds the bad gender
        assertThat(answer.errorMessage()).contains("dòng 3").contains("Không rõ").doesNotContain("dòng 2:");
        assertThat(cadres(review)).isEmpty();
    }

    @Test
    void anXlsxWithExcelDatesAndVietnameseWordsImportsEveryLine() throws Exception {
        byte[] workbook = registryWorkbook(List.of(
                List.of("Nguyễn Thị Lan", LocalDate.of(1980, 8, 15), "Nữ", "Tày", "Phó Giám đốc Sở Y tế", "Sở Y tế", true, false),
                List.of("Hà Văn Sơn", LocalDate.of(1985, 3, 9), "Nam", "Kinh", "Bí thư Huyện ủy", "Huyện ủy X", false, true)));
        var answer = upload("/api/v1/reviews/" + review + "/cadres/import", workbook, XLSX);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonArray got = cadres(review);
        assertThat(got).hasSize(2);
        JsonObject lan = got.getJsonObject(0);
        assertThat(lan.getString("fullName")).isEqualTo("Nguyễn Thị Lan");
        assertThat(lan.getString("birthDate")).isEqualTo("1980-08-15");
        assertThat(lan.getString("gender")).isEqualTo("F");
        assertThat(lan.getBoolean("stem")).isTrue();
        assertThat(got.getJsonObject(1).getBoolean("subordinatePost")).isTrue();
    }

    @Test
    void aCsvSavedByVietnameseExcelIsReadAsTheTableShowsIt() throws Exception {
        String csv = "\uFEFFHọ và tên;Ngày sinh;Giới tính;Dân tộc;Chức vụ;Đơn vị;Khoa học – công nghệ;Chức vụ liền kề\r\n"
                + "Nguyễn Thị Lan;15/08/1980;Nữ;Tày;Phó Giám đốc Sở Y tế;Sở Y tế;Có;Không\r\n"
                + "Hà Văn Sơn;9/3/1985;Nam;Kinh;Bí thư Huyện ủy;Huyện ủy X;Không;Có\r\n";
        var answer = upload("/api/v1/reviews/" + review + "/cadres/import", csv.getBytes(StandardCharsets.UTF_8),
                "text/csv");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonArray got = cadres(review);
        assertThat(got).hasSize(2);
        assertThat(got.getJsonObject(0).getString("birthDate")).isEqualTo("1980-08-15");
        assertThat(got.getJsonObject(0).getString("gender")).isEqualTo("F");
        assertThat(got.getJsonObject(0).getBoolean("stem")).isTrue();
        assertThat(got.getJsonObject(1).getString("birthDate")).isEqualTo("1985-03-09");
        assertThat(got.getJsonObject(1).getBoolean("subordinatePost")).isTrue();
    }

    @Test
    void importingTheSameListTwiceIsRefusedLineByLineAndNeverDoublesTheRegistry() throws Exception {
        String csv = "fullName,birthDate,gender,ethnicity,title,unit\n"
                + "Nguyễn Văn An,1975-04-30,M,Kinh,Giám đốc Sở Tài chính,Sở Tài chính\n"
                + "Lục Thị Hà,1979-11-02,F,Nùng,Phó Bí thư Huyện ủy,Huyện ủy Y\n";
        String path = "/api/v1/reviews/" + review + "/cadres/import";
        assertThat(srv.post(path, csv, admin).status()).isEqualTo(200);
        var again = srv.post(path, csv, admin);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errorMessage()).contains("dòng 2").contains("dòng 3").contains("trùng họ tên và ngày sinh");
        assertThat(cadres(review)).hasSize(2);

        String twiceInOneFile = "fullName,birthDate,gender,ethnicity,title,unit\n"
                + "Trần Văn Bình,1970-01-01,M,Kinh,Giám đốc,Sở A\n"
                + "trần  văn bình,01/01/1970,Nam,Kinh,Giám đốc,Sở A\n";
        var doubled = srv.post(path, twiceInOneFile, admin);
        assertThat(doubled.status()).isEqualTo(400);
        assertThat(doubled.errorMessage()).contains("dòng 3").contains("dòng 2 của tệp");
        assertThat(cadres(review)).hasSize(2);

        var form = srv.post("/api/v1/reviews/" + review + "/cadres", new JsonObject().put("fullName", "Nguyễn Văn An")
                .put("birthDate", "1975-04-30").put("gender", "M").put("ethnicity", "Kinh").put("title", "x").put("unit", "y"), admin);
        assertThat(form.status()).isEqualTo(409);
        assertThat(cadres(review)).hasSize(2);
    }

    @Test
    void thePreviewListsEveryLineWithItsProblemsAndWritesNothing() throws Exception {
        String csv = "Họ và tên,Ngày sinh,Giới tính,Dân tộc,Chức vụ,Đơn vị\n"
                + "Nguyễn Văn An,30/04/1975,Nam,Kinh,Giám đốc Sở Tài chính,Sở Tài chính\n"
                + "Lục Thị Hà,31/02/1979,Nữ,Nùng,Phó Bí thư Huyện ủy,Huyện ủy Y\n";
        var answer = srv.post("/api/v1/reviews/" + review + "/cadres/import?preview=true", csv, admin);
        assertThat(answer.status()).isEqualTo(200);
        JsonObject preview = answer.object();
        assertThat(preview.getBoolean("importable")).isFalse();
        JsonArray records = preview.getJsonArray("records");
        assertThat(records).hasSize(2);
        assertThat(records.getJsonObject(0).getJsonObject("values").getString("birthDate")).isEqualTo("1975-04-30");
        assertThat(records.getJsonObject(0).getJsonArray("problems")).isEmpty();
        assertThat(records.getJsonObject(1).getInteger("line")).isEqualTo(3);
        assertThat(records.getJsonObject(1).getJsonArray("problems").encode()).contains("31/02/1979");
        assertThat(cadres(review)).isEmpty();
    }

    @Test
    void aCsvInWindows1252IsRefusedWithTheHintToSaveAsUtf8() throws Exception {
        String csv = "fullName,birthDate,gender,ethnicity,title,unit\nJosé Ñandú,1975-04-30,M,Kinh,Giám đốc,Sở A\n";
        var answer = upload("/api/v1/reviews/" + review + "/cadres/import", csv.getBytes(Charset.forName("windows-1252")),
                "text/csv");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BAD_CSV");
        assertThat(answer.errorMessage()).contains("dòng 2").contains("CSV UTF-8");
        assertThat(cadres(review)).isEmpty();
    }

    @Test
    void aFileThatLooksLikeAWorkbookButIsNotOneIsRefusedClearly() throws Exception {
        byte[] broken = "PK\u0003\u0004 this is not really a zip archive".getBytes(StandardCharsets.ISO_8859_1);
        var answer = upload("/api/v1/reviews/" + review + "/cadres/import", broken, XLSX);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("không đọc được tệp Excel");
    }

    @Test
    void theRegistryExportImportsAgainIntoAnotherReviewAsItIs() throws Exception {
        String csv = "fullName,birthDate,gender,ethnicity,title,unit,stem,subordinatePost\n"
                + "Nguyễn Văn An,1975-04-30,M,Kinh,Giám đốc Sở Tài chính,Sở Tài chính,false,true\n"
                + "Lục Thị Hà,1979-11-02,F,Nùng,Phó Bí thư Huyện ủy,Huyện ủy Y,true,false\n";
        assertThat(srv.post("/api/v1/reviews/" + review + "/cadres/import", csv, admin).status()).isEqualTo(200);
        byte[] exported = srv.download("/api/v1/reviews/" + review + "/cadres.xlsx", admin);
        assertThat(cells(exported).get(0)).containsExactlyElementsOf(Workbooks.CADRE_HEADERS);
        assertThat(cells(exported).get(2)).startsWith("Lục Thị Hà");

        String other = newReview("Rà soát bổ sung");
        var answer = upload("/api/v1/reviews/" + other + "/cadres/import", exported, XLSX);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(withoutIds(cadres(other))).isEqualTo(withoutIds(cadres(review)));
    }

    @Test
    void theTemplatesDownloadAndTheirExampleLinesImport() throws Exception {
        byte[] template = srv.download("/api/v1/templates/cadres.xlsx", null);
        assertThat(upload("/api/v1/reviews/" + review + "/cadres/import", template, XLSX).status()).isEqualTo(200);
        assertThat(cadres(review)).hasSize(1);
        assertThat(srv.get("/api/v1/templates/nothing.xlsx", null).status()).isEqualTo(404);
    }

    @Test
    void theRosterImportsFromXlsxAndExportsWithAttendance() throws Exception {
        String conference = srv.ok("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 1)
                .put("title", "Hội nghị Ban Chấp hành").put("date", "2026-06-10"), admin).getString("id");
        byte[] roster = Workbooks.xlsx("Triệu tập", Workbooks.DELEGATE_HEADERS, List.of(
                List.of("Trần Thị Bình", "Ủy viên Ban Thường vụ", false),
                List.of("Hoàng Minh Chính", "Bí thư Tỉnh ủy", true)));
        String path = "/api/v1/conferences/" + conference + "/delegates/import";
        var answer = upload(path, roster, XLSX);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(upload(path, roster, XLSX).status()).isEqualTo(400); // never doubled
        JsonArray delegates = srv.get("/api/v1/conferences/" + conference + "/delegates", admin).array();
        assertThat(delegates).hasSize(2);
        String chinh = delegates.getJsonObject(1).getString("id");
        assertThat(delegates.getJsonObject(1).getBoolean("chair")).isTrue();
        srv.ok("/api/v1/conferences/" + conference + "/delegates/" + chinh + "/check-in", new JsonObject(), admin);

        List<List<String>> exported = cells(srv.download("/api/v1/conferences/" + conference + "/delegates.xlsx", admin));
        assertThat(exported.get(1)).startsWith("Trần Thị Bình", "Ủy viên Ban Thường vụ", "Không", "Vắng");
        assertThat(exported.get(2)).startsWith("Hoàng Minh Chính", "Bí thư Tỉnh ủy", "Có", "Có mặt");
    }

    private static List<List<String>> cells(byte[] xlsx) throws Exception {
        List<List<String>> out = new ArrayList<>();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx));
             var rows = workbook.getFirstSheet().openStream()) {
            for (Row row : (Iterable<Row>) rows::iterator) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    cells.add(row.getCellText(i));
                }
                out.add(cells);
            }
        }
        return out;
    }

    private static JsonArray withoutIds(JsonArray cadres) {
        JsonArray out = new JsonArray();
        cadres.forEach(c -> {
            JsonObject copy = ((JsonObject) c).copy();
            copy.remove("id");
            out.add(copy);
        });
        return out;
    }
}
