package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String jcs(Object value) {
        return new String(CanonicalJson.encode(value), StandardCharsets.UTF_8);
    }

    @Test
    void keysAreSortedByUtf16CodeUnitsAsInRfc8785() throws Exception {
        // RFC 8785 §3.2.3: the emoji (a surrogate pair, 0xD83D…) sorts before U+FB33
        JsonNode node = JSON.readTree("{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\","
                + "\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\",\"1\":\"One\","
                + "\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}");
        assertThat(jcs(node)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void vietnameseTextIsWrittenAsRawUtf8NotEscaped() {
        byte[] out = CanonicalJson.encode(Map.of("fullName", "Nguyễn Thị Hồng Nhung"));
        assertThat(out).isEqualTo("{\"fullName\":\"Nguyễn Thị Hồng Nhung\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(out, StandardCharsets.UTF_8)).doesNotContain("\\u");
    }

    @Test
    void onlyQuoteBackslashAndControlCharactersAreEscaped() {
        assertThat(jcs("a\"b\\c\b\f\n\r\t\u0001\u001f\u007f/<>&\u2028é"))
                .isEqualTo("\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f\u007f/<>&\u2028é\"");
    }

    @Test
    void objectsAreWrittenWithoutWhitespaceAndNestedObjectsAreSortedToo() throws Exception {
        JsonNode pretty = JSON.readTree("{ \"round\" : \"R1\",\n  \"choices\" : [ { \"position\" : \"P1\", "
                + "\"cadres\" : [ \"C3\", \"C7\" ] }, { \"position\" : \"P2\", \"cadres\" : [ ] } ] }");
        assertThat(jcs(pretty)).isEqualTo("{\"choices\":[{\"cadres\":[\"C3\",\"C7\"],\"position\":\"P1\"},"
                + "{\"cadres\":[],\"position\":\"P2\"}],\"round\":\"R1\"}");
    }

    @Test
    void plainJavaValuesAndJacksonTreesOfTheSameJsonGiveTheSameBytes() throws Exception {
        Map<String, Object> line = new HashMap<>();
        line.put("vote", "AGREE");
        line.put("line", "L1");
        line.put("weight", 3);
        line.put("big", new BigInteger("123456789012345678901234567890"));
        line.put("negative", -7L);
        line.put("ok", true);
        line.put("note", null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("round", "Vòng 1");
        body.put("choices", List.of(line, Map.of()));
        JsonNode tree = JSON.readTree(JSON.writeValueAsString(body));
        assertThat(CanonicalJson.encode(tree)).isEqualTo(CanonicalJson.encode(body));
        assertThat(jcs(body)).isEqualTo("{\"choices\":[{\"big\":123456789012345678901234567890,\"line\":\"L1\","
                + "\"negative\":-7,\"note\":null,\"ok\":true,\"vote\":\"AGREE\",\"weight\":3},{}],\"round\":\"Vòng 1\"}");
    }

    @Test
    void jacksonNodesInsidePlainMapsAreWrittenToo() {
        ObjectNode inner = JsonNodeFactory.instance.objectNode().put("b", 1).put("a", "x");
        assertThat(jcs(Map.of("z", inner, "y", new ArrayList<>(List.of(1, 2))))).isEqualTo("{\"y\":[1,2],\"z\":{\"a\":\"x\",\"b\":1}}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.5", "1.0", "1e2", "-0.0", "{\"a\":[0.1]}"})
    void floatingPointNumbersInAJacksonTreeAreRefused(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        assertThatThrownBy(() -> CanonicalJson.encode(node))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void floatingPointJavaValuesAreRefused() {
        for (Object value : new Object[] {1.0d, 2.5f, new BigDecimal("3"), Map.of("x", List.of(0.5d))}) {
            assertThatThrownBy(() -> CanonicalJson.encode(value)).as(String.valueOf(value))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void valuesOutsideJsonAreRefused() {
        Map<Object, Object> numericKey = new HashMap<>();
        numericKey.put(1, "one");
        assertThatThrownBy(() -> CanonicalJson.encode(numericKey)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("key is not a string");
        assertThatThrownBy(() -> CanonicalJson.encode(new Object())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(java.util.Set.of("b", "a"))).as("a set has no order to keep")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalJson.encode(JsonNodeFactory.instance.binaryNode(new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStringWithAnUnpairedSurrogateIsRefusedBecauseItHasNoUtf8() throws Exception {
        assertThatThrownBy(() -> CanonicalJson.encode("x\ud800y")).isInstanceOf(IllegalArgumentException.class);
        JsonNode lone = JSON.readTree("\"\\udc00\"");
        assertThatThrownBy(() -> CanonicalJson.encode(lone)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void absurdlyDeepNestingIsRefusedInsteadOfOverflowingTheStack() {
        Object value = "leaf";
        for (int i = 0; i < 300; i++) {
            value = List.of(value);
        }
        Object deep = value;
        assertThatThrownBy(() -> CanonicalJson.encode(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deeper");
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThatThrownBy(() -> CanonicalJson.encode(cyclic)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyContainersAndScalarsAtTheTop() {
        assertThat(Arrays.asList(jcs(Map.of()), jcs(List.of()), jcs(null), jcs(true), jcs(0), jcs(Long.MIN_VALUE)))
                .containsExactly("{}", "[]", "null", "true", "0", "-9223372036854775808");
    }

    /** A record-sized value: many entries with escapes, non-ASCII text and surrogate pairs, over many 64K chunks. */
    private static ObjectNode large() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        var items = root.putArray("ballots");
        for (int i = 0; i < 6000; i++) {
            ObjectNode item = items.addObject();
            item.put("z", "Phiếu \"" + i + "\"\n\ud83d\ude00 tab\t" + "x".repeat(i % 17));
            item.put("a", i);
            item.putObject("request").put("signature", "sig-" + i).putArray("choices").add("c" + i).add(i * 7L);
        }
        root.put("format", "phieukin-record/1");
        return root;
    }

    @Test
    void streamingIntoASinkGivesExactlyTheBytesOfEncode() {
        ObjectNode value = large();
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        CanonicalJson.encodeTo(value, null, new java.io.FilterOutputStream(sink) {
            @Override
            public void write(byte[] b, int off, int len) {
                writes.incrementAndGet();
                sink.write(b, off, len);
            }
        });
        assertThat(sink.toByteArray()).isEqualTo(CanonicalJson.encode(value));
        assertThat(writes.get()).as("written in several chunks, never the whole text at once").isGreaterThan(3);
    }

    @Test
    void knownCanonicalTextOfANodeIsUsedAsIsAndOnlyForThatNode() {
        ObjectNode value = large();
        var known = new java.util.IdentityHashMap<JsonNode, String>();
        for (JsonNode item : value.get("ballots")) {
            known.put(item.get("request"), CanonicalJson.encodeToString(item.get("request")));
        }
        assertThat(CanonicalJson.encodeToString(value, known)).isEqualTo(CanonicalJson.encodeToString(value));
        // by identity: an equal node that is not the one mapped is encoded normally
        ObjectNode first = (ObjectNode) value.get("ballots").get(0).get("request");
        var marker = new java.util.IdentityHashMap<JsonNode, String>();
        marker.put(first.deepCopy(), "\"not used\"");
        assertThat(CanonicalJson.encodeToString(value, marker)).isEqualTo(CanonicalJson.encodeToString(value));
        marker.put(first, "\"used\"");
        assertThat(CanonicalJson.encodeToString(value, marker)).contains("\"request\":\"used\"");
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        CanonicalJson.encodeTo(value, known, sink);
        assertThat(sink.toByteArray()).isEqualTo(CanonicalJson.encode(value));
    }
}
