package vn.phieukin.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Optional;
import java.util.TreeSet;

/**
 * JSON equality as canonical JSON sees it (numbers by value, object keys in any order, arrays
 * in order), and the first place two trees differ, for the verifier's messages.
 */
public final class JsonDiff {

    private JsonDiff() {
    }

    /** A difference: where (e.g. {@code result.positions[1].candidates[0].votes}) and both values. */
    public record Difference(String path, String expected, String found) {
    }

    public static boolean same(JsonNode expected, JsonNode found) {
        return firstDifference(expected, found, "").isEmpty();
    }

    /** The first difference in document order (keys compared in sorted order), or empty when equal. */
    public static Optional<Difference> firstDifference(JsonNode expected, JsonNode found, String path) {
        if (expected == null || found == null || expected.isMissingNode() || found.isMissingNode()) {
            if ((expected == null || expected.isMissingNode()) && (found == null || found.isMissingNode())) {
                return Optional.empty();
            }
            return Optional.of(new Difference(path, show(expected), show(found)));
        }
        if (expected.isNumber() && found.isNumber()) {
            boolean equal = expected.isIntegralNumber() && found.isIntegralNumber()
                    ? expected.bigIntegerValue().equals(found.bigIntegerValue())
                    : expected.decimalValue().compareTo(found.decimalValue()) == 0;
            return equal ? Optional.empty() : Optional.of(new Difference(path, show(expected), show(found)));
        }
        if (expected.getNodeType() != found.getNodeType()) {
            return Optional.of(new Difference(path, show(expected), show(found)));
        }
        if (expected.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            found.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                Optional<Difference> d = firstDifference(expected.get(key), found.get(key), JsonFields.join(path, key));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (expected.isArray()) {
            Iterator<JsonNode> a = expected.elements();
            Iterator<JsonNode> b = found.elements();
            int i = 0;
            while (a.hasNext() && b.hasNext()) {
                Optional<Difference> d = firstDifference(a.next(), b.next(), JsonFields.at(path, i++));
                if (d.isPresent()) {
                    return d;
                }
            }
            if (a.hasNext() || b.hasNext()) {
                return Optional.of(new Difference(JsonFields.at(path, i), a.hasNext() ? show(a.next()) : "(không có)",
                        b.hasNext() ? show(b.next()) : "(không có)"));
            }
            return Optional.empty();
        }
        return expected.equals(found) ? Optional.empty() : Optional.of(new Difference(path, show(expected), show(found)));
    }

    private static String show(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "(không có)";
        }
        String text = node.toString();
        return text.length() > 120 ? text.substring(0, 117) + "…" : text;
    }
}
