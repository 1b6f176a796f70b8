package vn.phieukin.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vn.phieukin.store.RefusedException;

/**
 * CSV imports (RFC 4180: quotes, doubled quotes, line breaks inside quotes): a header row
 * naming the fields, in any order, then one record per line. A UTF-8 byte-order mark is
 * dropped; a header with semicolons and no comma (a spreadsheet in a Vietnamese locale) is
 * read with semicolons. Blank lines and rows of empty cells are skipped. Line numbers are those of the file (header = 1).
 */
public final class Csv {

    /** One record: the file line it starts on and its values by header name (trimmed). */
    public record Record(int line, Map<String, String> values) {
        /** The value, or empty when absent or blank. */
        public Optional<String> value(String field) {
            String v = values.get(field);
            return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
        }
    }

    /** A bad line and why. */
    public record Problem(int line, String reason) {
    }

    private Csv() {
    }

    /**
     * Reads {@code text}; the header must name every field of {@code required} (others of
     * {@code optional} may be present; unknown columns are ignored).
     */
    public static List<Record> read(String text, Set<String> required, Set<String> optional) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        char delimiter = delimiter(text);
        split(text, delimiter, rows, lines);
        return read(new Spreadsheet.Rows(rows, lines), required, optional);
    }

    /**
     * An uploaded list: an Excel workbook ({@code .xlsx}, its first sheet) or CSV text in UTF-8,
     * read as {@link #read(String, Set, Set)} does.
     */
    public static List<Record> read(byte[] body, Set<String> required, Set<String> optional) {
        if (Spreadsheet.isXlsx(body)) {
            return read(Spreadsheet.readXlsx(body), required, optional);
        }
        return read(utf8(body), required, optional);
    }

    /** The text of a CSV upload, which must be UTF-8: a byte that is not is refused naming its line. */
    static String utf8(byte[] body) {
        return text(io.vertx.core.buffer.Buffer.buffer(body));
    }

    /**
     * Rows already split: the first is the header, whose cells are field names or their
     * Vietnamese names ("Họ và tên", "Ngày sinh", …, {@link Spreadsheet#field}).
     */
    public static List<Record> read(Spreadsheet.Rows table, Set<String> required, Set<String> optional) {
        List<List<String>> rows = table.rows();
        List<Integer> lines = table.lines();
        if (rows.isEmpty()) {
            throw badCsv(List.of(new Problem(1, "tệp rỗng, cần một dòng tiêu đề với các cột "
                    + String.join(",", required))));
        }
        List<String> header = rows.get(0).stream().map(Spreadsheet::field).toList();
        List<String> missing = required.stream().filter(f -> !header.contains(f)).toList();
        if (!missing.isEmpty()) {
            throw badCsv(List.of(new Problem(lines.get(0), "dòng tiêu đề thiếu cột " + String.join(", ", missing)
                    + " (cần: " + String.join(",", required)
                    + (optional.isEmpty() ? "" : "; có thể thêm: " + String.join(",", optional)) + ")")));
        }
        List<Record> records = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.stream().allMatch(String::isBlank)) {
                continue; // a spreadsheet's empty row (",,,,,")
            }
            if (row.size() > header.size()) {
                problems.add(new Problem(lines.get(i), "có " + row.size() + " cột, nhiều hơn " + header.size()
                        + " cột của dòng tiêu đề"));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int col = 0; col < header.size(); col++) {
                String value = col < row.size() ? row.get(col).strip() : "";
                values.putIfAbsent(header.get(col), header.get(col).equals("birthDate") ? Spreadsheet.isoDate(value) : value);
            }
            records.add(new Record(lines.get(i), values));
        }
        if (!problems.isEmpty()) {
            throw badCsv(problems);
        }
        return records;
    }

    /** The hint given with every CSV that is not UTF-8. */
    public static final String UTF8_HINT = "Lưu tệp dưới dạng CSV UTF-8";

    /**
     * The body of a CSV upload as text: it must be UTF-8 (a spreadsheet's "CSV UTF-8"). Invalid
     * bytes (Windows-1252, UTF-16, a damaged file) are refused with BAD_CSV naming the first line
     * that has one, never read as replacement characters.
     */
    public static String text(io.vertx.core.buffer.Buffer body) {
        if (body == null || body.length() == 0) {
            return "";
        }
        byte[] bytes = body.getBytes();
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            String kind = bytes.length >= 2 && ((bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE)
                    || (bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF))
                    ? "tệp ở dạng UTF-16 (\"Unicode Text\"), không phải UTF-8"
                    : String.format(Locale.ROOT, "có byte 0x%02X không hợp lệ trong UTF-8 (tệp có thể ở dạng Windows-1252 hoặc TCVN3)",
                            bytes[bad] & 0xff);
            throw badCsv(List.of(new Problem(line, kind + "; hãy mở bằng Excel và chọn " + UTF8_HINT
                    + ", hoặc tải lên tệp .xlsx")), UTF8_HINT);
        }
        out.flip();
        String text = out.toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            int line = 1 + (int) text.substring(0, nul).chars().filter(ch -> ch == '\n').count();
            throw badCsv(List.of(new Problem(line, "có ký tự NUL (tệp có thể ở dạng UTF-16); hãy mở bằng Excel và chọn "
                    + UTF8_HINT + ", hoặc tải lên tệp .xlsx")), UTF8_HINT);
        }
        return text;
    }

    /** A boolean cell: empty is false; true/false, 1/0, có/không, x. */
    public static Optional<Boolean> bool(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(false);
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "có", "x", "yes" -> Optional.of(true);
            case "false", "0", "không", "no" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** A name as compared for duplicates: NFC, lower case, single spaces. */
    public static String fold(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFC).strip()
                .replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    /**
     * What an import would do, without doing it: every line with its values and problems, and
     * whether the whole file can be imported ({@code ?preview=true} of the import endpoints).
     */
    public static JsonObject preview(List<Record> records, List<Problem> problems) {
        Map<Integer, List<String>> byLine = new LinkedHashMap<>();
        problems.forEach(p -> byLine.computeIfAbsent(p.line(), l -> new ArrayList<>()).add(p.reason()));
        JsonArray rows = new JsonArray();
        for (Record r : records) {
            JsonObject values = new JsonObject();
            r.values().forEach(values::put);
            rows.add(new JsonObject().put("line", r.line()).put("values", values)
                    .put("problems", new JsonArray(byLine.getOrDefault(r.line(), List.of()))));
        }
        JsonArray all = new JsonArray();
        problems.forEach(p -> all.add(new JsonObject().put("line", p.line()).put("reason", p.reason())));
        return new JsonObject().put("preview", true).put("records", rows).put("problems", all)
                .put("importable", problems.isEmpty() && !records.isEmpty());
    }

    /** The refusal listing every bad line, in the message and as {@code details.lines}. */
    public static RefusedException badCsv(List<Problem> problems) {
        return badCsv(problems, null);
    }

    /** As {@link #badCsv(List)}, with a {@code details.hint} for the user when not null. */
    public static RefusedException badCsv(List<Problem> problems, String hint) {
        StringBuilder message = new StringBuilder("Tệp CSV có ").append(problems.size())
                .append(" dòng lỗi, chưa nhập dòng nào: ");
        JsonArray lines = new JsonArray();
        for (int i = 0; i < problems.size(); i++) {
            Problem p = problems.get(i);
            message.append(i == 0 ? "" : "; ").append("dòng ").append(p.line()).append(": ").append(p.reason());
            lines.add(new JsonObject().put("line", p.line()).put("reason", p.reason()));
        }
        JsonObject details = new JsonObject().put("lines", lines);
        if (hint != null) {
            details.put("hint", hint);
        }
        return new RefusedException("BAD_CSV", message.toString(), details);
    }

    private static char delimiter(String text) {
        int end = text.indexOf('\n');
        String first = end < 0 ? text : text.substring(0, end);
        return first.indexOf(',') < 0 && first.indexOf(';') >= 0 ? ';' : ',';
    }

    private static void split(String text, char delimiter, List<List<String>> rows, List<Integer> lines) {
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean rowHasContent = false;
        int line = 1;
        int rowStart = 1;
        int quoteStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    quoted = true;
                    quoteStart = line;
                    rowHasContent = true;
                }
                case '\r' -> {
                    // part of \r\n: the \n ends the row
                }
                case '\n' -> {
                    row.add(field.toString());
                    if (rowHasContent || row.size() > 1 || !row.get(0).isBlank()) {
                        rows.add(row);
                        lines.add(rowStart);
                    }
                    row = new ArrayList<>();
                    field.setLength(0);
                    rowHasContent = false;
                    line++;
                    rowStart = line;
                }
                default -> {
                    if (ch == delimiter) {
                        row.add(field.toString());
                        field.setLength(0);
                        rowHasContent = true;
                    } else {
                        field.append(ch);
                        rowHasContent = true;
                    }
                }
            }
        }
        if (quoted) {
            throw badCsv(List.of(new Problem(quoteStart, "dấu ngoặc kép \" mở ở đây nhưng không được đóng")));
        }
        row.add(field.toString());
        if (rowHasContent || row.size() > 1 || !row.get(0).isBlank()) {
            rows.add(row);
            lines.add(rowStart);
        }
    }
}
