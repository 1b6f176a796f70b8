package vn.phieukin.committee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One {@code {"c": S, "s": S}} of an interval proof. */
public record ChallengeResponse(BigInteger c, BigInteger s) {

    public ChallengeResponse {
        Objects.requireNonNull(c, "c");
        Objects.requireNonNull(s, "s");
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("c", Encoding.scalarText(c));
        node.put("s", Encoding.scalarText(s));
        return node;
    }

    public static ArrayNode toJson(List<ChallengeResponse> proof) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        proof.forEach(p -> array.add(p.toJson()));
        return array;
    }

    /** @throws InvalidEncodingException unless a list of {c, s} objects with valid scalars */
    public static List<ChallengeResponse> listFromJson(JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new InvalidEncodingException("a proof is a list of {c, s}");
        }
        List<ChallengeResponse> out = new ArrayList<>(node.size());
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw new InvalidEncodingException("a proof is a list of {c, s}");
            }
            out.add(new ChallengeResponse(Encoding.scalarFromText(Ciphertext.text(item, "c")),
                    Encoding.scalarFromText(Ciphertext.text(item, "s"))));
        }
        return out;
    }
}
