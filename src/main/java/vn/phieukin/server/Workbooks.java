package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Excel files the secretariat downloads: exports of its lists (which import again as they are)
 * and the empty templates. One sheet, a bold frozen header row, dates as Excel dates shown
 * {@code dd/mm/yyyy}, booleans as "Có"/"Không".
 */
final class Workbooks {
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** The columns of the cadre registry, in the names Vietnamese Excel users write. */
    static final List<String> CADRE_HEADERS = List.of("Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chức vụ",
            "Đơn vị", "Khoa học – công nghệ", "Chức vụ liền kề");
    /** The roster's columns; an export adds the attendance. */
    static final List<String> DELEGATE_HEADERS = List.of("Họ và tên", "Chức vụ", "Chủ trì");
    /** The columns of a planned or supplementary list: the cadre (name, birth date) and the position. */
    static final List<String> LINE_HEADERS = List.of("Họ và tên", "Ngày sinh", "Chức danh quy hoạch");

    private Workbooks() {
    }

    /** The empty list to fill in, with one example line, for {@code GET /api/v1/templates/{name}.xlsx}. */
    static byte[] template(String name) {
        return switch (name) {
            case "cadres" -> xlsx("Danh sách cán bộ", CADRE_HEADERS, List.of(List.of("Nguyễn Văn An",
                    LocalDate.of(1975, 4, 30), "Nam", "Kinh", "Giám đốc Sở Tài chính", "Sở Tài chính", false, true)));
            case "delegates" -> xlsx("Danh sách triệu tập", DELEGATE_HEADERS,
                    List.of(List.of("Trần Thị Bình", "Ủy viên Ban Thường vụ Tỉnh ủy", false)));
            case "planned", "supplementary" -> xlsx("planned".equals(name) ? "Danh sách quy hoạch" : "Danh sách bổ sung",
                    LINE_HEADERS, List.of(List.of("Nguyễn Văn An", LocalDate.of(1975, 4, 30), "Bí thư Tỉnh ủy")));
            default -> throw new vn.phieukin.store.RefusedException("NOT_FOUND", "Không có mẫu danh sách này "
                    + "(có: cadres.xlsx, delegates.xlsx, planned.xlsx, supplementary.xlsx)");
        };
    }

    static byte[] xlsx(String sheetName, List<String> headers, List<List<Object>> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook workbook = new Workbook(out, "phieukin", "1.0");
            Worksheet sheet = workbook.newWorksheet(sheetName);
            for (int col = 0; col < headers.size(); col++) {
                sheet.value(0, col, headers.get(col));
                sheet.style(0, col).bold().set();
                sheet.width(col, Math.max(12, headers.get(col).length() + 4));
            }
            for (int r = 0; r < rows.size(); r++) {
                List<Object> row = rows.get(r);
                for (int col = 0; col < row.size(); col++) {
                    Object value = row.get(col);
                    if (value instanceof LocalDate date) {
                        sheet.value(r + 1, col, date);
                        sheet.style(r + 1, col).format("dd/mm/yyyy").set();
                    } else if (value instanceof Number number) {
                        sheet.value(r + 1, col, number);
                    } else if (value instanceof Boolean flag) {
                        sheet.value(r + 1, col, flag ? "Có" : "Không");
                    } else if (value != null) {
                        sheet.value(r + 1, col, value.toString());
                    }
                }
            }
            sheet.freezePane(0, 1);
            workbook.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    /** A route answering an .xlsx built off the event loop by {@code build} (a database read). */
    static Handler<RoutingContext> download(Function<RoutingContext, Future<byte[]>> build, String fileName) {
        return ctx -> {
            Future<byte[]> bytes;
            try {
                bytes = build.apply(ctx);
            } catch (RuntimeException refused) {
                ctx.fail(refused);
                return;
            }
            bytes.onComplete(done -> {
                if (done.failed()) {
                    ctx.fail(done.cause());
                } else if (!ctx.response().ended()) {
                    ctx.response().putHeader("Content-Type", XLSX)
                            .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                            .putHeader("Cache-Control", "no-store")
                            .end(Buffer.buffer(done.result()));
                }
            });
        };
    }
}
