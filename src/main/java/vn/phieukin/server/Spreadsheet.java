package vn.phieukin.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;

/**
 * The lists the secretariat keeps in Excel: a {@code .xlsx} workbook (its first sheet) or CSV
 * text as Vietnamese Excel saves it. Both become rows of cell texts with the line numbers the
 * secretariat sees (the spreadsheet's row numbers), read by {@link Csv} from there on. Headers
 * may be the API's field names or the Vietnamese ones ("Họ và tên", "Ngày sinh", …); dates may
 * be {@code 1980-08-15}, {@code 15/08/1980} or an Excel date cell.
 */
public final class Spreadsheet {
    /** At most this many rows and columns are read: a list of a provincial review is far smaller. */
    static final int MAX_ROWS = 5_000;
    static final int MAX_COLUMNS = 64;

    /** Rows of cell texts and the line (row number) each starts on. */
    public record Rows(List<List<String>> rows, List<Integer> lines) {
    }

    private static final Map<String, String> HEADER_ALIASES = Map.ofEntries(
            Map.entry("họ và tên", "fullName"), Map.entry("họ tên", "fullName"), Map.entry("họ, tên", "fullName"),
            Map.entry("ngày sinh", "birthDate"), Map.entry("ngày tháng năm sinh", "birthDate"),
            Map.entry("ngày, tháng, năm sinh", "birthDate"), Map.entry("năm sinh", "birthDate"),
            Map.entry("giới tính", "gender"),
            Map.entry("dân tộc", "ethnicity"),
            Map.entry("chức vụ", "title"), Map.entry("chức vụ hiện tại", "title"),
            Map.entry("đơn vị", "unit"), Map.entry("đơn vị công tác", "unit"), Map.entry("cơ quan, đơn vị", "unit"),
            Map.entry("khoa học - công nghệ", "stem"), Map.entry("khoa học – công nghệ", "stem"),
            Map.entry("khoa học, công nghệ", "stem"), Map.entry("kh-cn", "stem"),
            Map.entry("chức vụ liền kề", "subordinatePost"), Map.entry("liền kề", "subordinatePost"),
            Map.entry("chủ trì", "chair"), Map.entry("bí thư", "chair"),
            Map.entry("chức danh", "position"), Map.entry("chức danh quy hoạch", "position"));

    private static final Pattern DMY = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");

    private Spreadsheet() {
    }

    /** Whether the bytes are a zip archive, as every {@code .xlsx} is. */
    public static boolean isXlsx(byte[] body) {
        return body.length >= 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4;
    }

    /** The field a header names: itself when it is a field name, else its Vietnamese alias, else itself. */
    public static String field(String header) {
        String folded = Normalizer.normalize(header, Normalizer.Form.NFC).strip()
                .replaceAll("[*:]+$", "").replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
        return HEADER_ALIASES.getOrDefault(folded, header.strip());
    }

    /**
     * A date cell in ISO form: {@code 1980-08-15} as is, {@code 15/08/1980} or {@code 5/8/1980}
     * (day first, as Vietnamese Excel writes it) turned into {@code 1980-08-05}; anything else unchanged
     * (the field's own check then names it).
     */
    public static String isoDate(String text) {
        Matcher m = DMY.matcher(text.strip());
        if (!m.matches()) {
            return text;
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(1))).toString();
        } catch (DateTimeException notADate) {
            return text;
        }
    }

    /** A date as the secretariat writes it: {@code 15/08/1980}. */
    public static String dmy(LocalDate date) {
        return String.format(Locale.ROOT, "%02d/%02d/%04d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
    }

    /** The first sheet of a workbook; a file that is not a readable workbook is a {@code BAD_CSV} refusal. */
    public static Rows readXlsx(byte[] body) {
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(body), new ReadingOptions(true, false))) {
            var sheet = workbook.getFirstSheet();
            try (var stream = sheet.openStream()) {
                Iterator<Row> it = stream.iterator();
                while (it.hasNext()) {
                    Row row = it.next();
                    if (rows.size() >= MAX_ROWS) {
                        throw Csv.badCsv(List.of(new Csv.Problem(row.getRowNum(), "bảng tính có hơn " + MAX_ROWS
                                + " dòng; hãy chia thành nhiều tệp")));
                    }
                    List<String> cells = new ArrayList<>();
                    int count = Math.min(row.getCellCount(), MAX_COLUMNS);
                    for (int i = 0; i < count; i++) {
                        cells.add(text(row.getOptionalCell(i)));
                    }
                    while (!cells.isEmpty() && cells.get(cells.size() - 1).isBlank()) {
                        cells.remove(cells.size() - 1);
                    }
                    if (!cells.isEmpty()) {
                        rows.add(cells);
                        lines.add(row.getRowNum());
                    }
                }
            }
        } catch (vn.phieukin.store.RefusedException refused) {
            throw refused;
        } catch (IOException | RuntimeException unreadable) {
            // a corrupt archive, a part that is not XML, a sheet missing: all the same to the secretariat
            throw Csv.badCsv(List.of(new Csv.Problem(1, "không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không phải "
                    + "bảng tính; hãy mở lại bằng Excel và lưu dạng \"Excel Workbook (.xlsx)\" hoặc \"CSV UTF-8\"")));
        }
        return new Rows(rows, lines);
    }

    private static String text(Optional<Cell> maybe) {
        if (maybe.isEmpty()) {
            return "";
        }
        Cell cell = maybe.get();
        return switch (cell.getType()) {
            case NUMBER -> isDateFormat(cell) ? cell.asDate().toLocalDate().toString() : number(cell.asNumber());
            case BOOLEAN -> Boolean.TRUE.equals(cell.asBoolean()) ? "true" : "false";
            case STRING -> cell.asString();
            case FORMULA -> cell.getRawValue() == null ? "" : cell.getRawValue();
            case EMPTY -> "";
            case ERROR -> cell.getRawValue() == null ? "#ERROR" : cell.getRawValue();
        };
    }

    private static String number(BigDecimal value) {
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() <= 0 ? plain.toBigInteger().toString() : plain.toPlainString();
    }

    /** Excel keeps a date as a day number with a date format: the built-in ids, or a format with d, m and y. */
    private static boolean isDateFormat(Cell cell) {
        Integer id = cell.getDataFormatId();
        if (id != null && ((id >= 14 && id <= 22) || (id >= 45 && id <= 47))) {
            return true;
        }
        String format = cell.getDataFormatString();
        if (format == null) {
            return false;
        }
        String bare = format.replaceAll("\"[^\"]*\"", "").replaceAll("\\[[^]]*]", "").toLowerCase(Locale.ROOT);
        return bare.contains("d") && bare.contains("m") && bare.contains("y");
    }
}
