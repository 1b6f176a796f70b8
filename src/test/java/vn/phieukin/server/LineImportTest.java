package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planned and supplementary lists from the secretariat's spreadsheets: each line names a cadre
 * of the registry and a position; all lines or none, the bad line named, never doubled.
 */
@ExtendWith(VertxExtension.class)
class LineImportTest {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @TempDir
    Path dir;
    TestServer srv;
    RoundsFixture f;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        f = RoundsFixture.create(srv); // planned: An and Bình for Bí thư, Cường for Chủ tịch
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    private String path(String list) {
        return "/api/v1/reviews/" + f.review + "/" + list + "/import";
    }

    private TestServer.Answer csv(String list, String text, boolean preview) throws Exception {
        return srv.call("POST", path(list) + (preview ? "?preview=true" : ""), text, f.admin);
    }

    private JsonArray lines(String list) throws Exception {
        return srv.get("/api/v1/reviews/" + f.review + "/" + list, f.admin).array();
    }

    @Test
    void aVietnameseExcelCsvImportsEveryLine() throws Exception {
        String text = "\uFEFFHọ và tên;Ngày sinh;Chức danh quy hoạch\r\n"
                + "Ma Thị Dung;05/01/1985;Chủ tịch UBND tỉnh\r\n"
                + "TRẦN QUỐC EM;;bí thư tỉnh ủy\r\n";
        TestServer.Answer preview = csv("planned", text, true);
        assertThat(preview.status()).as(preview.text()).isEqualTo(200);
        assertThat(preview.object().getBoolean("importable")).isTrue();
        assertThat(lines("planned")).hasSize(3);

        TestServer.Answer answer = csv("planned", text, false);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.object().getInteger("imported")).isEqualTo(2);
        JsonArray planned = lines("planned");
        assertThat(planned).hasSize(5);
        assertThat(planned.getJsonObject(3).getString("cadreId")).isEqualTo(f.id("c4"));
        assertThat(planned.getJsonObject(3).getString("positionId")).isEqualTo(f.id("CT"));
        assertThat(planned.getJsonObject(4).getString("cadreId")).isEqualTo(f.id("c5"));
        assertThat(planned.getJsonObject(4).getString("positionId")).isEqualTo(f.id("BT"));

        TestServer.Answer again = csv("planned", text, false);
        assertThat(again.status()).as("the same file twice is never doubled").isEqualTo(400);
        assertThat(again.errorMessage()).contains("dòng 2").contains("dòng 3").contains("đã có trong quy hoạch");
        assertThat(lines("planned")).hasSize(5);
    }

    @Test
    void oneBadLineImportsNothingAndEveryBadLineIsNamedWithoutIds() throws Exception {
        String text = "Họ và tên,Ngày sinh,Chức danh\n"
                + "Ma Thị Dung,05/01/1985,Chủ tịch UBND tỉnh\n"        // good
                + "Người Không Có,01/01/1980,Chủ tịch UBND tỉnh\n"     // not in the registry
                + "Trần Quốc Em,,Giám đốc Công an tỉnh\n"              // no such position
                + "Nguyễn Văn An,02/03/1970,Bí thư Tỉnh ủy\n"          // already planned
                + "Vi Thị Lan,31/02/1988,Bí thư Tỉnh ủy\n"             // not a real date
                + "Ma Thị Dung,,Chủ tịch UBND tỉnh\n";                 // twice in the file
        TestServer.Answer preview = csv("supplementary", text, true);
        assertThat(preview.status()).as(preview.text()).isEqualTo(200);
        assertThat(preview.object().getBoolean("importable")).isFalse();
        assertThat(preview.object().getJsonArray("problems").stream().map(p -> ((JsonObject) p).getInteger("line")).toList())
                .containsExactly(3, 4, 5, 6, 7);

        TestServer.Answer answer = csv("supplementary", text, false);
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BAD_CSV");
        String message = answer.errorMessage();
        assertThat(message).contains("dòng 3").contains("không có cán bộ Người Không Có, sinh 01/01/1980")
                .contains("dòng 4").contains("không có chức danh \"Giám đốc Công an tỉnh\"")
                .contains("dòng 5").contains("đã có trong quy hoạch")
                .contains("dòng 6").contains("31/02/1988")
                .contains("dòng 7").contains("trùng với dòng 2");
        assertThat(CorrectionsTest.INTERNAL_ID.matcher(message).find()).as(message).isFalse();
        assertThat(lines("supplementary")).isEmpty();
    }

    @Test
    void aWorkbookImportsAndTwoCadresOfOneNameNeedTheirBirthDate() throws Exception {
        srv.ok("/api/v1/reviews/" + f.review + "/cadres", new JsonObject().put("fullName", "Ma Thị Dung")
                .put("birthDate", "1990-10-10").put("gender", "F").put("ethnicity", "Nùng").put("title", "Phó Bí thư Huyện ủy")
                .put("unit", "Huyện ủy"), f.admin);
        byte[] ambiguous = Workbooks.xlsx("Bổ sung", Workbooks.LINE_HEADERS, List.of(List.of("Ma Thị Dung", "", "Bí thư Tỉnh ủy")));
        TestServer.Answer refused = srv.call("POST", path("supplementary"), Buffer.buffer(ambiguous), f.admin, XLSX);
        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.errorMessage()).contains("dòng 2").contains("có 2 cán bộ tên Ma Thị Dung").contains("ngày sinh");

        byte[] workbook = Workbooks.xlsx("Bổ sung", Workbooks.LINE_HEADERS,
                List.of(List.of("Ma Thị Dung", LocalDate.of(1990, 10, 10), "Bí thư Tỉnh ủy")));
        TestServer.Answer answer = srv.call("POST", path("supplementary"), Buffer.buffer(workbook), f.admin, XLSX);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        JsonArray supplementary = lines("supplementary");
        assertThat(supplementary).hasSize(1);
        assertThat(supplementary.getJsonObject(0).getString("cadreId")).isNotEqualTo(f.id("c4"));
    }

    @Test
    void theTemplatesImportAndAFrozenListRefusesAnImport() throws Exception {
        srv.ok("/api/v1/reviews/" + f.review + "/cadres", new JsonObject().put("fullName", "Nguyễn Văn An")
                .put("birthDate", "1975-04-30").put("gender", "M").put("ethnicity", "Kinh").put("title", "Giám đốc Sở")
                .put("unit", "Sở Tài chính"), f.admin);
        byte[] template = srv.download("/api/v1/templates/supplementary.xlsx", null);
        TestServer.Answer answer = srv.call("POST", path("supplementary"), Buffer.buffer(template), f.admin, XLSX);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(srv.download("/api/v1/templates/planned.xlsx", null)).isNotEmpty();

        String conference = f.conference(1);
        f.delegates(conference, 3, 3);
        f.openRound(conference, new JsonObject());
        TestServer.Answer frozen = csv("planned", "Họ và tên;Chức danh\nVi Thị Lan;Bí thư Tỉnh ủy\n", false);
        assertThat(frozen.status()).as(frozen.text()).isEqualTo(409);
        assertThat(frozen.errorCode()).isEqualTo("REVIEW_FROZEN");
        assertThat(lines("planned")).hasSize(3);
        byte[] latin1 = "Họ và tên;Chức danh\nVi Thị Lan;Bí thư Tỉnh ủy\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(srv.call("POST", path("supplementary"), Buffer.buffer(latin1), f.admin, "text/csv").status()).isEqualTo(400);
    }
}
