package vn.phieukin.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict readers for the record's JSON: each names the path of what it reads and throws a
 * {@link RecordFormatException} with a Vietnamese message when the value is missing or of the
 * wrong type. Strict because a verifier that guesses hides tampering.
 */
public final class JsonFields {

    private JsonFields() {
    }

    public static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    public static String at(String path, int index) {
        return path + "[" + index + "]";
    }

    public static JsonNode member(JsonNode node, String field, String path) {
        if (node == null || !node.isObject()) {
            throw new RecordFormatException(path, "phải là một đối tượng JSON");
        }
        JsonNode value = node.get(field);
        if (value == null) {
            throw new RecordFormatException(join(path, field), "thiếu trường này");
        }
        return value;
    }

    public static JsonNode object(JsonNode node, String field, String path) {
        JsonNode value = member(node, field, path);
        if (!value.isObject()) {
            throw new RecordFormatException(join(path, field), "phải là một đối tượng JSON");
        }
        return value;
    }

    public static JsonNode array(JsonNode node, String field, String path) {
        JsonNode value = member(node, field, path);
        if (!value.isArray()) {
            throw new RecordFormatException(join(path, field), "phải là một mảng JSON");
        }
        return value;
    }

    public static String text(JsonNode node, String field, String path) {
        JsonNode value = member(node, field, path);
        if (!value.isTextual()) {
            throw new RecordFormatException(join(path, field), "phải là một chuỗi");
        }
        return value.textValue();
    }

    /** A string or JSON null. */
    public static String textOrNull(JsonNode node, String field, String path) {
        JsonNode value = member(node, field, path);
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RecordFormatException(join(path, field), "phải là một chuỗi hoặc null");
        }
        return value.textValue();
    }

    public static boolean bool(JsonNode node, String field, String path) {
        JsonNode value = member(node, field, path);
        if (!value.isBoolean()) {
            throw new RecordFormatException(join(path, field), "phải là true hoặc false");
        }
        return value.booleanValue();
    }

    /** A non-negative JSON integer that fits a long (counts, votes, steps). */
    public static long count(JsonNode node, String field, String path) {
        return count(member(node, field, path), join(path, field));
    }

    public static long count(JsonNode value, String path) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new RecordFormatException(path, "phải là một số nguyên không âm");
        }
        return value.longValue();
    }

    public static int smallInt(JsonNode node, String field, String path) {
        long value = count(node, field, path);
        if (value > Integer.MAX_VALUE) {
            throw new RecordFormatException(join(path, field), "số quá lớn");
        }
        return (int) value;
    }

    public static LocalDate date(JsonNode node, String field, String path) {
        String text = text(node, field, path);
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new RecordFormatException(join(path, field), "phải là ngày dạng YYYY-MM-DD, nhận được \"" + text + "\"");
        }
    }

    public static Instant instant(JsonNode node, String field, String path) {
        String text = text(node, field, path);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new RecordFormatException(join(path, field), "phải là thời điểm ISO-8601 UTC, nhận được \"" + text + "\"");
        }
    }

    /** An array of strings. */
    public static List<String> texts(JsonNode node, String field, String path) {
        JsonNode items = array(node, field, path);
        List<String> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isTextual()) {
                throw new RecordFormatException(at(join(path, field), i), "phải là một chuỗi");
            }
            out.add(items.get(i).textValue());
        }
        return out;
    }
}
