package vn.phieukin.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
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
        if (body == null || body.length() == 0 || body.toString().isBlank()) {
            return new JsonInput(new JsonObject());
        }
        Object parsed;
        try {
            requireNoDuplicateKeys(body);
            parsed = io.vertx.core.json.Json.decodeValue(body);
        } catch (DecodeException e) {
            throw Refusals.badRequest("Nội dung yêu cầu không phải JSON hợp lệ");
        }
        if (!(parsed instanceof JsonObject object)) {
            throw Refusals.badRequest("Nội dung yêu cầu phải là một đối tượng JSON {…}");
        }
        return new JsonInput(object);
    }

    private static final com.fasterxml.jackson.core.JsonFactory STRICT = com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** One request, one meaning: an object with a key twice is refused (400), not read last-wins. */
    private static void requireNoDuplicateKeys(Buffer body) {
        try (com.fasterxml.jackson.core.JsonParser parser = STRICT.createParser(body.getBytes())) {
            while (parser.nextToken() != null) {
                // reading every token is what detects a repeated key
            }
        } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
                String field = e.getMessage().replaceFirst("^Duplicate field '([^']*)'.*(?s)", "$1");
                throw Refusals.badRequest("Nội dung yêu cầu có khóa bị lặp (\"" + field
                        + "\"): mỗi trường chỉ được xuất hiện một lần trong một đối tượng JSON.");
            }
            throw Refusals.badRequest("Nội dung yêu cầu không phải JSON hợp lệ");
        } catch (java.io.IOException e) {
            throw Refusals.badRequest("Nội dung yêu cầu không phải JSON hợp lệ");
        }
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

    /** A required date {@code YYYY-MM-DD}. */
    public LocalDate date(String field) {
        return parseDate(field, text(field));
    }

    public static LocalDate parseDate(String field, String text) {
        try {
            return LocalDate.parse(text, ISO_DATE);
        } catch (DateTimeParseException e) {
            throw Refusals.badField(field, "phải là một ngày dạng YYYY-MM-DD (nhận được \"" + text + "\")");
        }
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
