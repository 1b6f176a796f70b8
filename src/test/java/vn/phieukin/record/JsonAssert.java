package vn.phieukin.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** JSON equality as canonical JSON sees it (numbers by value), failing with the first differing path. */
final class JsonAssert {
    private JsonAssert() {
    }

    static void assertSameJson(JsonNode found, String expectedJson) {
        try {
            assertSameJson(found, ProcedureJson.mapper().readTree(expectedJson));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("bad expected JSON in the test", e);
        }
    }

    static void assertSameJson(JsonNode found, JsonNode expected) {
        assertThat(JsonDiff.firstDifference(expected, found, "")).as("first difference from the expected JSON").isEmpty();
    }
}
