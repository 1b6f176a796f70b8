package vn.phieukin.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.Position;

/**
 * A round's result as an Excel sheet, worded as the minutes word it (web/js/result-view.js):
 * the conference, the counts, the record's hash and seal key, then one line per candidate
 * (NOMINATION) or per planned line (REMOVAL). Built from the latest sealed record's result,
 * the one the minutes print, never from a figure computed here.
 */
final class ResultWorkbook {
    private ResultWorkbook() {
    }

    /** What the sheet needs besides the result. */
    record Facts(String conferenceTitle, int step, LocalDate date, Map<String, Cadre> cadres,
                 Map<String, Position> positions, String recordSha256, String keyId) {
    }

    static byte[] build(Facts facts, JsonNode result) {
        List<List<Object>> head = new ArrayList<>();
        head.add(List.of("KẾT QUẢ KIỂM PHIẾU — " + facts.conferenceTitle()));
        head.add(List.of("Bước " + facts.step() + ", ngày " + longDate(facts.date())));
        head.add(List.of(ballotsLine(result)));
        head.add(List.of("Mã băm SHA-256 của hồ sơ niêm phong: " + facts.recordSha256()));
        head.add(List.of("Mã khóa niêm phong (keyId): " + (facts.keyId() == null ? "—" : facts.keyId())));
        List<String> headers;
        List<List<Object>> rows = new ArrayList<>();
        if (result.has("lines")) {
            headers = List.of("STT", "Họ và tên", "Chức vụ, đơn vị", "Chức danh quy hoạch", "Đồng ý", "Không đồng ý",
                    "Không chọn", "Tỷ lệ đồng ý", "Kết quả");
            int n = 0;
            for (JsonNode line : result.path("lines")) {
                Cadre cadre = facts.cadres().get(line.path("cadreId").asText());
                rows.add(List.of(++n, name(cadre), detail(cadre), positionName(facts, line.path("positionId").asText()),
                        line.path("agree").asLong(), line.path("disagree").asLong(), line.path("none").asLong(),
                        percent(line.path("percent").asText()),
                        line.path("passed").asBoolean() ? "Đưa ra khỏi quy hoạch" : "Tiếp tục quy hoạch"));
            }
        } else {
            headers = List.of("STT", "Chức danh quy hoạch", "Số còn thiếu", "Họ và tên", "Chức vụ, đơn vị", "Số phiếu",
                    "Tỷ lệ", "Kết quả");
            int n = 0;
            for (JsonNode position : result.path("positions")) {
                Set<String> selected = new HashSet<>();
                position.path("selected").forEach(s -> selected.add(s.asText()));
                boolean pending = position.path("pendingDecision").asBoolean();
                String positionName = positionName(facts, position.path("positionId").asText());
                if (position.path("candidates").isEmpty()) {
                    rows.add(List.of(++n, positionName, position.path("openSlots").asLong(),
                            "Không có cán bộ nào được giới thiệu.", "", "", "", ""));
                }
                for (JsonNode cand : position.path("candidates")) {
                    String id = cand.path("cadreId").asText();
                    Cadre cadre = facts.cadres().get(id);
                    String outcome = selected.contains(id)
                            ? (result.path("step").asInt() == 4 ? "Được giới thiệu (đề nghị phê duyệt)" : "Đạt — chuyển bước tiếp theo")
                            : cand.path("tied").asBoolean() && pending ? "Bằng phiếu — chờ Bí thư quyết định"
                            : cand.path("passed").asBoolean() ? "Đạt tỷ lệ, không được chọn" : "Không đạt";
                    rows.add(List.of(++n, positionName, position.path("openSlots").asLong(), name(cadre), detail(cadre),
                            cand.path("votes").asLong(), percent(cand.path("percent").asText()), outcome));
                }
            }
        }
        return write(head, headers, rows);
    }

    private static byte[] write(List<List<Object>> head, List<String> headers, List<List<Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "phieukin", "1.0");
            Worksheet sheet = workbook.newWorksheet("Kết quả kiểm phiếu");
            int r = 0;
            for (List<Object> line : head) {
                sheet.value(r, 0, line.get(0).toString());
                if (r == 0) {
                    sheet.style(r, 0).bold().fontSize(14).set();
                }
                r++;
            }
            r++;
            int headerRow = r;
            for (int col = 0; col < headers.size(); col++) {
                sheet.value(r, col, headers.get(col));
                sheet.style(r, col).bold().wrapText(true).set();
                sheet.width(col, col == 0 ? 6 : Math.max(12, headers.get(col).length() + 4));
            }
            for (List<Object> row : rows) {
                r++;
                for (int col = 0; col < row.size(); col++) {
                    Object value = row.get(col);
                    if (value instanceof Number number) {
                        sheet.value(r, col, number);
                    } else {
                        sheet.value(r, col, value.toString());
                    }
                }
            }
            sheet.freezePane(0, headerRow + 1);
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** The counts line of the minutes. */
    static String ballotsLine(JsonNode result) {
        JsonNode b = result.path("ballots");
        JsonNode base = result.path("base");
        String kind = "PRESENT".equals(base.path("kind").asText()) ? "số người có mặt" : "số người được triệu tập";
        JsonNode t = result.path("threshold");
        String threshold = ">".equals(t.path("comparator").asText())
                ? "trên " + t.path("numerator").asLong() + "/" + t.path("denominator").asLong()
                : "từ " + t.path("numerator").asLong() + "/" + t.path("denominator").asLong() + " trở lên";
        return "Số phiếu thu về: " + b.path("cast").asLong() + "; hợp lệ: " + b.path("valid").asLong()
                + "; không hợp lệ: " + b.path("invalid").asLong() + ". Tỷ lệ tính trên " + kind + " ("
                + base.path("value").asLong() + " người); điều kiện đạt: " + threshold + ".";
    }

    /** "17 tháng 3 năm 2026" (write "ngày " before it). */
    static String longDate(LocalDate date) {
        return date.getDayOfMonth() + " tháng " + date.getMonthValue() + " năm " + date.getYear();
    }

    private static String percent(String text) {
        return text.replace('.', ',') + " %";
    }

    private static String name(Cadre cadre) {
        return cadre == null ? "Cán bộ (không tìm thấy tên)" : cadre.fullName();
    }

    private static String detail(Cadre cadre) {
        if (cadre == null) {
            return "";
        }
        String title = cadre.title();
        String unit = cadre.unit();
        if (unit.isBlank() || Csv.fold(title).contains(Csv.fold(unit))) {
            return title;
        }
        return title.isBlank() ? unit : title + " — " + unit;
    }

    private static String positionName(Facts facts, String id) {
        Position p = facts.positions().get(id);
        return p == null ? "Chức danh (không tìm thấy tên)" : p.name();
    }
}
