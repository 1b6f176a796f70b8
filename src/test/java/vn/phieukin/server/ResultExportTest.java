package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.RecordHash;

/** A round's result as Excel: the minutes' table from the sealed record, under the announcement rule. */
@ExtendWith(VertxExtension.class)
class ResultExportTest {
    @TempDir
    Path dir;
    TestServer srv;
    RoundsFixture f;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        f = RoundsFixture.create(srv);
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
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
                if (!cells.isEmpty()) {
                    out.add(cells); // the blank row between the heading lines and the table is not a row
                }
            }
        }
        return out;
    }

    @Test
    void aStepOneResultExportsAsTheMinutesShowItWithTheRecordHash() throws Exception {
        String conference = f.conference(1);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 4, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        String first = round.getJsonArray("lines").getJsonObject(0).getString("id");
        String second = round.getJsonArray("lines").getJsonObject(1).getString("id");
        for (RoundsFixture.Delegate d : delegates.subList(0, 3)) {
            srv.ok("/api/v1/rounds/" + id + "/ballots", f.issued(round, d.tablet())
                    .ballot(RoundsFixture.votes(round, Map.of(first, "AGREE", second, "DISAGREE"))), null);
        }
        assertThat(srv.get("/api/v1/rounds/" + id + "/result.xlsx", f.admin).status())
                .as("no result before close").isEqualTo(409);
        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);

        byte[] xlsx = srv.download("/api/v1/rounds/" + id + "/result.xlsx", null); // announced: anyone
        List<List<String>> rows = cells(xlsx);
        String record = srv.get("/api/v1/rounds/" + id + "/record", null).text();
        String hash = RecordHash.sha256(ProcedureJson.mapper().readTree(record));
        assertThat(rows.get(0).get(0)).isEqualTo("KẾT QUẢ KIỂM PHIẾU — Hội nghị bước 1");
        assertThat(rows.get(1).get(0)).isEqualTo("Bước 1, ngày 1 tháng 6 năm 2026");
        assertThat(rows.get(2).get(0)).isEqualTo("Số phiếu thu về: 3; hợp lệ: 3; không hợp lệ: 0. "
                + "Tỷ lệ tính trên số người được triệu tập (4 người); điều kiện đạt: trên 1/2.");
        assertThat(rows.get(3).get(0)).isEqualTo("Mã băm SHA-256 của hồ sơ niêm phong: " + hash);
        assertThat(rows.get(5)).containsExactly("STT", "Họ và tên", "Chức vụ, đơn vị", "Chức danh quy hoạch", "Đồng ý",
                "Không đồng ý", "Không chọn", "Tỷ lệ đồng ý", "Kết quả");
        assertThat(rows.get(6)).containsExactly("1", "Nguyễn Văn An", "Chức vụ của Nguyễn Văn An — Đơn vị của Nguyễn Văn An",
                "Bí thư Tỉnh ủy", "3", "0", "0", "75,00 %", "Đưa ra khỏi quy hoạch");
        assertThat(rows.get(7)).containsExactly("2", "Hoàng Thị Bình", "Chức vụ của Hoàng Thị Bình — Đơn vị của Hoàng Thị Bình",
                "Bí thư Tỉnh ủy", "0", "3", "0", "0,00 %", "Tiếp tục quy hoạch");
        assertThat(rows.get(8).get(1)).isEqualTo("Lê Văn Cường");
        assertThat(rows).hasSize(9);
    }

    @Test
    void anUnannouncedResultExportsOnlyToThoseWhoMaySeeIt() throws Exception {
        f.supplement("c4", "CT");
        String conference = f.conference(2);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        for (RoundsFixture.Delegate d : delegates) {
            srv.ok("/api/v1/rounds/" + id + "/ballots", f.issued(round, d.tablet())
                    .ballot(RoundsFixture.picks(round, Map.of(f.id("CT"), List.of(f.id("c4"))))), null);
        }
        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);

        String secretary = srv.userToken("thuky", Role.SECRETARIAT);
        TestServer.Answer refused = srv.get("/api/v1/rounds/" + id + "/result.xlsx", secretary);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text()).doesNotContain("Ma Thị Dung");
        assertThat(srv.get("/api/v1/rounds/" + id + "/result.xlsx", null).status()).isEqualTo(403);

        List<List<String>> rows = cells(srv.download("/api/v1/rounds/" + id + "/result.xlsx", f.admin));
        assertThat(rows.get(5)).containsExactly("STT", "Chức danh quy hoạch", "Số còn thiếu", "Họ và tên", "Chức vụ, đơn vị",
                "Số phiếu", "Tỷ lệ", "Kết quả");
        List<String> dung = rows.stream().filter(r -> r.size() > 3 && r.get(3).equals("Ma Thị Dung")).findFirst().orElseThrow();
        assertThat(dung).containsExactly("1", "Chủ tịch UBND tỉnh", "2", "Ma Thị Dung",
                "Chức vụ của Ma Thị Dung — Đơn vị của Ma Thị Dung", "3", "100,00 %", "Đạt — chuyển bước tiếp theo");
        assertThat(srv.get("/api/v1/rounds/r99999/result.xlsx", f.admin).status()).isEqualTo(404);
    }
}
