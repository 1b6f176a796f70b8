package vn.phieukin.server;

import io.vertx.core.buffer.Buffer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.Set;
import vn.phieukin.store.RefusedException;

/**
 * A request's JSON object with typed reads that refuse with 400 BAD_REQUEST naming the field.
 * Unknown fields are ignored (API.md).
 */
public final class JsonInput {
    /** Longest text accepted in a name-like field. */
    public static final int MAX_TEXT = 500;
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private final JsonObject json;

    private JsonInput(JsonObject json) {
        this.json = json;
    }

    public static JsonInput of(JsonObject json) {
        return new JsonInput(json == null ? new JsonObject() : json);
    }

    /** The request body as a JSON object; an empty body is an empty object. */
    public static JsonInput body(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            return new JsonInput(new JsonObject());
        }
        String text = utf8(body, "Nội dung yêu cầu");
        if (text.isBlank()) {
            return new JsonInput(new JsonObject());
        }
        Object parsed = parseStrict(text);
        if (!(parsed instanceof JsonObject object)) {
            throw Refusals.badRequest("Nội dung yêu cầu phải là một đối tượng JSON {…}");
        }
        return new JsonInput(object);
    }

    /** Largest magnitude of a JSON number accepted anywhere: 2^53, what every client represents exactly. */
    public static final long MAX_SAFE_INTEGER = (1L << 53);
    private static final JsonFactory STRICT = JsonFactory.builder()
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .disable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .disable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .disable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /**
     * The bytes of a text body as UTF-8, refusing anything else (invalid sequences, UTF-16,
     * Windows-1252) instead of reading it as replacement characters. A UTF-8 byte-order mark is kept
     * (the caller drops it if it wants).
     */
    public static String utf8(Buffer body, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body.getBytes())).toString();
        } catch (CharacterCodingException e) {
            throw Refusals.badRequest(what + " không phải văn bản UTF-8 hợp lệ (có thể đang ở UTF-16 hoặc "
                    + "Windows-1252); hãy gửi nội dung mã hoá UTF-8");
        }
    }

    /**
     * Strict JSON (RFC 8259): no comments, no single quotes, no NaN or Infinity, no trailing commas
     * or content, no duplicate names, no control characters in strings; every number within
     * ±2^53 (the field is named when one is not). Objects become JsonObject, arrays JsonArray.
     */
    public static Object parseStrict(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (JsonParser parser = STRICT.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw Refusals.badRequest("Nội dung yêu cầu không phải JSON hợp lệ: rỗng");
            }
            Object value = value(parser, first, "");
            if (parser.nextToken() != null) {
                throw Refusals.badRequest("Nội dung yêu cầu không phải JSON hợp lệ: còn nội dung sau giá trị JSON (dòng "
                        + parser.currentLocation().getLineNr() + ")");
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw Refusals.badRequest("Nội dung yêu cầu JSON lồng nhau quá sâu hoặc có giá trị quá dài");
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                String field = e.getOriginalMessage().replaceFirst("^Duplicate field '([^']*)'.*(?s)", "$1");
                throw Refusals.badRequest("Nội dung yêu cầu có khóa bị lặp (\"" + field
                        + "\"): mỗi trường chỉ được xuất hiện một lần trong một đối tượng JSON.");
            }
            String detail = "lỗi cú pháp";
            throw Refusals.badRequest("Nội dung yêu cầu không phải JSON hợp lệ (" + detail + " ở dòng "
                    + e.getLocation().getLineNr() + ", cột " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw Refusals.badRequest("Nội dung yêu cầu không phải JSON hợp lệ");
        }
    }

    private static Object value(JsonParser parser, JsonToken token, String path) throws java.io.IOException {
        switch (token) {
            case START_OBJECT -> {
                JsonObject object = new JsonObject();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    object.put(name, value(parser, parser.nextToken(), path.isEmpty() ? name : path + "." + name));
                }
                return object;
            }
            case START_ARRAY -> {
                JsonArray array = new JsonArray();
                int i = 0;
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(value(parser, t, path + "[" + i++ + "]"));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        || parser.getLongValue() > MAX_SAFE_INTEGER || parser.getLongValue() < -MAX_SAFE_INTEGER) {
                    throw outOfRange(path, parser.getText());
                }
                long value = parser.getLongValue();
                return value == (int) value ? (Object) (int) value : (Object) value;
            }
            case VALUE_NUMBER_FLOAT -> {
                BigDecimal exact = parser.getDecimalValue();
                if (exact.abs().compareTo(BigDecimal.valueOf(MAX_SAFE_INTEGER)) > 0) {
                    throw outOfRange(path, parser.getText());
                }
                return exact.doubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw Refusals.badRequest("Nội dung yêu cầu không phải JSON hợp lệ");
        }
    }

    private static RefusedException outOfRange(String path, String number) {
        String shown = number.length() > 40 ? number.substring(0, 40) + "…" : number;
        return Refusals.badField(path.isEmpty() ? "(nội dung)" : path, "là số " + shown
                + " nằm ngoài khoảng cho phép (tối đa ±2^53 = ±" + MAX_SAFE_INTEGER + ")");
    }

    public JsonObject json() {
        return json;
    }

    public boolean has(String field) {
        return json.getValue(field) != null;
    }

    /** A required text, trimmed, not empty, at most {@value #MAX_TEXT} characters. */
    public String text(String field) {
        return optionalText(field).orElseThrow(() -> missing(field));
    }

    public Optional<String> optionalText(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw Refusals.badField(field, "phải là một chuỗi ký tự");
        }
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw Refusals.badField(field, "không được để trống");
        }
        if (trimmed.length() > MAX_TEXT) {
            throw Refusals.badField(field, "dài quá " + MAX_TEXT + " ký tự (" + trimmed.length() + ")");
        }
        return Optional.of(trimmed);
    }

    /** Years of any date the API takes (birth dates, conference dates). */
    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 2100;
    private static final java.util.regex.Pattern DATE_FORM = java.util.regex.Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /** A required date {@code YYYY-MM-DD} with a year from {@value #MIN_YEAR} to {@value #MAX_YEAR}. */
    public LocalDate date(String field) {
        return parseDate(field, text(field));
    }

    /** A required date {@code YYYY-MM-DD} with a year in [minYear, maxYear]. */
    public LocalDate date(String field, int minYear, int maxYear) {
        return parseDate(field, text(field), minYear, maxYear);
    }

    public static LocalDate parseDate(String field, String text) {
        return parseDate(field, text, MIN_YEAR, MAX_YEAR);
    }

    /**
     * Exactly {@code YYYY-MM-DD} (four-digit year, no sign, a real calendar day) with a year in
     * [minYear, maxYear]; else 400 naming the field.
     */
    public static LocalDate parseDate(String field, String text, int minYear, int maxYear) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
        LocalDate date;
        try {
            if (!DATE_FORM.matcher(text).matches()) {
                throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
            }
            date = LocalDate.parse(text, ISO_DATE);
        } catch (DateTimeParseException e) {
            throw Refusals.badField(field, "phải là một ngày dạng YYYY-MM-DD (nhận được \"" + shown + "\")");
        }
        if (date.getYear() < minYear || date.getYear() > maxYear) {
            throw Refusals.badField(field, "năm " + date.getYear() + " nằm ngoài khoảng cho phép " + minYear + "–"
                    + maxYear + " (nhận được \"" + shown + "\")");
        }
        return date;
    }

    /** A required integer in [min, max]. */
    public int integer(String field, int min, int max) {
        return optionalInteger(field, min, max).orElseThrow(() -> missing(field));
    }

    public Optional<Integer> optionalInteger(String field, int min, int max) {
        Object value = json.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number number)) {
            throw Refusals.badField(field, "phải là một số nguyên từ " + min + " đến " + max);
        }
        BigDecimal exact = new BigDecimal(number.toString());
        if (exact.stripTrailingZeros().scale() > 0 || exact.compareTo(BigDecimal.valueOf(min)) < 0
                || exact.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw Refusals.badField(field, "phải là một số nguyên từ " + min + " đến " + max
                    + " (nhận được " + number + ")");
        }
        return Optional.of(exact.intValueExact());
    }

    public boolean bool(String field, boolean fallback) {
        Object value = json.getValue(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw Refusals.badField(field, "phải là true hoặc false");
        }
        return b;
    }

    /** A required text that must be one of {@code allowed}. */
    public String choice(String field, Set<String> allowed) {
        String value = text(field);
        if (!allowed.contains(value)) {
            throw Refusals.badField(field, "phải là một trong " + String.join(", ", allowed.stream().sorted().toList())
                    + " (nhận được \"" + value + "\")");
        }
        return value;
    }

    public Optional<JsonObject> optionalObject(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonObject object)) {
            throw Refusals.badField(field, "phải là một đối tượng JSON {…}");
        }
        return Optional.of(object);
    }

    public Optional<JsonArray> optionalArray(String field) {
        Object value = json.getValue(field);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof JsonArray array)) {
            throw Refusals.badField(field, "phải là một mảng JSON […]");
        }
        return Optional.of(array);
    }

    private static RefusedException missing(String field) {
        return Refusals.badField(field, "bắt buộc nhưng không có");
    }
}
