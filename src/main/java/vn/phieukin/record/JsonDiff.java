package vn.phieukin.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * JSON equality as canonical JSON sees it (numbers by value, object keys in any order, arrays
 * in order), and where two trees differ, for the verifier's messages.
 */
public final class JsonDiff {

    private JsonDiff() {
    }

    /** A difference: where (e.g. {@code result.positions[1].candidates[0].votes}) and both values. */
    public record Difference(String path, String expected, String found) {
    }

    public static boolean same(JsonNode expected, JsonNode found) {
        return differences(expected, found, "", 1).isEmpty();
    }

    /** The first difference in document order (object keys in sorted order), or empty when equal. */
    public static Optional<Difference> firstDifference(JsonNode expected, JsonNode found, String path) {
        return differences(expected, found, path, 1).stream().findFirst();
    }

    /** Up to {@code limit} differences in document order. */
    public static List<Difference> differences(JsonNode expected, JsonNode found, String path, int limit) {
        List<Difference> out = new ArrayList<>();
        walk(expected, found, path, out, limit);
        return out;
    }

    private static void walk(JsonNode expected, JsonNode found, String path, List<Difference> out, int limit) {
        if (out.size() >= limit) {
            return;
        }
        boolean noExpected = expected == null || expected.isMissingNode();
        boolean noFound = found == null || found.isMissingNode();
        if (noExpected || noFound) {
            if (noExpected != noFound) {
                out.add(new Difference(path, show(expected), show(found)));
            }
            return;
        }
        if (expected.isNumber() && found.isNumber()) {
            boolean equal = expected.isIntegralNumber() && found.isIntegralNumber()
                    ? expected.bigIntegerValue().equals(found.bigIntegerValue())
                    : expected.decimalValue().compareTo(found.decimalValue()) == 0;
            if (!equal) {
                out.add(new Difference(path, show(expected), show(found)));
            }
            return;
        }
        if (expected.getNodeType() != found.getNodeType()) {
            out.add(new Difference(path, show(expected), show(found)));
            return;
        }
        if (expected.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            found.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                walk(expected.get(key), found.get(key), JsonFields.join(path, key), out, limit);
            }
            return;
        }
        if (expected.isArray()) {
            int common = Math.min(expected.size(), found.size());
            for (int i = 0; i < common; i++) {
                walk(expected.get(i), found.get(i), JsonFields.at(path, i), out, limit);
            }
            if (expected.size() != found.size() && out.size() < limit) {
                out.add(new Difference(JsonFields.at(path, common),
                        common < expected.size() ? show(expected.get(common)) : "(không có)",
                        common < found.size() ? show(found.get(common)) : "(không có)"));
            }
            return;
        }
        if (!expected.equals(found)) {
            out.add(new Difference(path, show(expected), show(found)));
        }
    }

    private static String show(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "(không có)";
        }
        String text = node.toString();
        return text.length() > 120 ? text.substring(0, 117) + "…" : text;
    }
}
