package vn.phieukin.committee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * An exponential ElGamal ciphertext {@code (α, β) = (r·G, r·H + m·G)}; in JSON
 * {@code {"alpha": P, "beta": P}}. Ciphertexts add component-wise.
 */
public record Ciphertext(ECPoint alpha, ECPoint beta) {

    /** {@code (O, O)}, the sum of no ciphertexts. */
    public static final Ciphertext ZERO = new Ciphertext(Group.identity(), Group.identity());

    public Ciphertext {
        alpha = Group.onOurCurve(alpha).normalize();
        beta = Group.onOurCurve(beta).normalize();
    }

    public Ciphertext add(Ciphertext other) {
        return new Ciphertext(alpha.add(other.alpha), beta.add(other.beta));
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("alpha", Encoding.pointText(alpha));
        node.put("beta", Encoding.pointText(beta));
        return node;
    }

    /** @throws InvalidEncodingException when alpha or beta is missing or not a point */
    public static Ciphertext fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidEncodingException("a ciphertext is an object {alpha, beta}");
        }
        return new Ciphertext(Encoding.pointFromText(text(node, "alpha")), Encoding.pointFromText(text(node, "beta")));
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidEncodingException(field + " missing or not a string");
        }
        return value.textValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ciphertext c && alpha.equals(c.alpha) && beta.equals(c.beta);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Encoding.pointText(alpha), Encoding.pointText(beta));
    }

    @Override
    public String toString() {
        return "Ciphertext{alpha=" + Encoding.pointText(alpha) + ", beta=" + Encoding.pointText(beta) + "}";
    }
}
