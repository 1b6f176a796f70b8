package vn.phieukin.ballot;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * RFC 8785 canonical JSON (JCS) for the values the protocol uses: objects, arrays, strings,
 * integers, booleans and null, given either as plain Java values ({@code Map<String, ?>},
 * {@code List}, {@code String}, {@code Integer}/{@code Long}/{@code BigInteger}, {@code Boolean},
 * {@code null}) or as Jackson trees, in any mix.
 *
 * <p>Output is UTF-8 with non-ASCII characters written raw; only {@code "}, {@code \} and
 * control characters are escaped; object keys are sorted by UTF-16 code units. Floating-point
 * numbers are refused rather than canonicalised: the protocol has none, and a float that
 * happens to be integral ({@code 1.0}) would otherwise hash differently in other languages.
 * Integers are written with all their digits, as Python's {@code json.dumps} does.
 */
public final class CanonicalJson {

    /** Deeper than any ballot or record; stops cyclic or hostile input before the stack does. */
    private static final int MAX_DEPTH = 200;

    private CanonicalJson() {
    }

    /**
     * @throws IllegalArgumentException for a value outside the supported types (floats above all),
     *         a non-string object key, a string with an unpaired surrogate, or nesting deeper than 200
     */
    public static byte[] encode(Object value) {
        return encodeToString(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical text; {@link #encode} gives its UTF-8 bytes. */
    public static String encodeToString(Object value) {
        Out out = new Out(null, null);
        write(value, out, 0);
        return out.toString();
    }

    /**
     * The canonical text of {@code value}, where each Jackson node that is a key of
     * {@code canonical} (by identity) is written as the text it maps to, unchanged: the caller
     * vouches that this text is the canonical form of that node (e.g. computed once before, or
     * stored canonical). Lets a record be canonicalised without canonicalising each ballot again.
     */
    public static String encodeToString(Object value, IdentityHashMap<JsonNode, String> canonical) {
        Out out = new Out(null, canonical);
        write(value, out, 0);
        return out.toString();
    }

    /**
     * Streams the UTF-8 canonical form of {@code value} into {@code sink} in chunks (never the
     * whole text in memory at once); {@code canonical} as for {@link #encodeToString(Object,
     * IdentityHashMap)}, or null.
     *
     * @throws UncheckedIOException when the sink throws
     */
    public static void encodeTo(Object value, IdentityHashMap<JsonNode, String> canonical, OutputStream sink) {
        Out out = new Out(Objects.requireNonNull(sink, "sink"), canonical);
        write(value, out, 0);
        out.flush();
    }

    /**
     * Where the text goes: a StringBuilder, emptied into the sink (when there is one) as UTF-8
     * between whole values once it holds {@value #CHUNK} characters, so a surrogate pair is never split.
     */
    private static final class Out {
        private static final int CHUNK = 1 << 16;
        private final StringBuilder text = new StringBuilder();
        private final OutputStream sink;
        private final IdentityHashMap<JsonNode, String> canonical;

        Out(OutputStream sink, IdentityHashMap<JsonNode, String> canonical) {
            this.sink = sink;
            this.canonical = canonical == null || canonical.isEmpty() ? null : canonical;
        }

        Out append(char c) {
            text.append(c);
            return this;
        }

        Out append(String s) {
            text.append(s);
            return this;
        }

        String known(JsonNode node) {
            return canonical == null ? null : canonical.get(node);
        }

        void maybeFlush() {
            if (sink != null && text.length() >= CHUNK) {
                flush();
            }
        }

        void flush() {
            if (sink == null) {
                return;
            }
            try {
                sink.write(text.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            text.setLength(0);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    private static void write(Object value, Out out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH);
        }
        if (value instanceof JsonNode) {
            String known = out.known((JsonNode) value);
            if (known != null) {
                out.append(known);
                return;
            }
            writeNode((JsonNode) value, out, depth);
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            writeString((String) value, out);
        } else if (value instanceof Boolean) {
            out.append(((Boolean) value).booleanValue() ? "true" : "false");
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof Byte || value instanceof BigInteger) {
            out.append(value.toString());
        } else if (value instanceof Map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!(entry.getKey() instanceof String)) {
                    throw new IllegalArgumentException("JSON object key is not a string: " + typeOf(entry.getKey()));
                }
                sorted.put((String) entry.getKey(), entry.getValue());
            }
            writeObject(sorted, out, depth);
        } else if (value instanceof List) {
            writeArray((List<?>) value, out, depth); // a List, not any Collection: a Set has no order to keep
        } else {
            throw new IllegalArgumentException("not a canonical JSON value (only strings, integers, booleans, "
                    + "null, lists and objects): " + typeOf(value));
        }
    }

    private static void writeNode(JsonNode node, Out out, int depth) {
        switch (node.getNodeType()) {
            case NULL:
                out.append("null");
                break;
            case BOOLEAN:
                out.append(node.booleanValue() ? "true" : "false");
                break;
            case STRING:
                writeString(node.textValue(), out);
                break;
            case NUMBER:
                if (!node.isIntegralNumber()) {
                    throw new IllegalArgumentException("not an integer: floating-point numbers are not allowed");
                }
                out.append(node.bigIntegerValue().toString());
                break;
            case ARRAY: {
                List<JsonNode> items = new ArrayList<>(node.size());
                node.elements().forEachRemaining(items::add);
                writeArray(items, out, depth);
                break;
            }
            case OBJECT: {
                TreeMap<String, Object> sorted = new TreeMap<>();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    sorted.put(field.getKey(), field.getValue());
                }
                writeObject(sorted, out, depth);
                break;
            }
            default:
                throw new IllegalArgumentException("not a canonical JSON value: Jackson " + node.getNodeType());
        }
    }

    // TreeMap<String, …> orders keys by String.compareTo, which compares UTF-16 code units (RFC 8785 §3.2.3).
    private static void writeObject(TreeMap<String, Object> sorted, Out out, int depth) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(entry.getKey(), out);
            out.append(':');
            write(entry.getValue(), out, depth + 1);
            out.maybeFlush();
        }
        out.append('}');
    }

    private static void writeArray(List<?> items, Out out, int depth) {
        out.append('[');
        boolean first = true;
        for (Object item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(item, out, depth + 1);
            out.maybeFlush();
        }
        out.append(']');
    }

    private static void writeString(String text, Out out) {
        out.append('"');
        if (plain(text)) { // most strings (ids, base64url, hex): nothing to escape or check
            out.append(text).append('"');
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("string with an unpaired surrogate at index " + i);
            }
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\b': out.append("\\b"); break;
                case '\t': out.append("\\t"); break;
                case '\n': out.append("\\n"); break;
                case '\f': out.append("\\f"); break;
                case '\r': out.append("\\r"); break;
                default:
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }

    /** No character that needs escaping, and no surrogate (so none unpaired). */
    private static boolean plain(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String typeOf(Object value) {
        return value == null ? "null" : value.getClass().getName();
    }
}
