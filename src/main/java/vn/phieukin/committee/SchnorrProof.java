package vn.phieukin.committee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The dealer's proof of knowledge of {@code a_i0} (COMMITTEE.md, Deal): {@code u} random,
 * {@code T = u·G}, {@code e = Hq("phieukin/pok/v2", ctx, C_i0, T)}, {@code z = u + e·a_i0};
 * JSON {@code {"T": P, "z": S}}; check {@code z·G = T + e·C_i0}.
 */
public record SchnorrProof(ECPoint t, BigInteger z) {

    public SchnorrProof {
        t = Group.onOurCurve(t).normalize();
        Objects.requireNonNull(z, "z");
    }

    /** {@code ctx = conferenceId + "|" + n + "|" + k}. */
    public static String context(String conferenceId, int n, int k) {
        return conferenceId + "|" + n + "|" + k;
    }

    public static SchnorrProof prove(String ctx, BigInteger secret, Randomness random) {
        BigInteger u = random.scalar();
        ECPoint t = Group.timesG(u);
        ECPoint commitment = Group.timesG(secret);
        BigInteger e = Hq.hash(Hq.POK, ctx, commitment, t);
        return new SchnorrProof(t, u.add(e.multiply(secret)).mod(Group.ORDER));
    }

    public boolean verify(String ctx, ECPoint commitment) {
        if (z.signum() < 0 || z.compareTo(Group.ORDER) >= 0) {
            return false;
        }
        BigInteger e = Hq.hash(Hq.POK, ctx, commitment, t);
        // z·G − e·C_i0 = T, one two-term product
        return Group.sumOfTwo(Group.G, z, commitment, e.negate()).equals(t);
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("T", Encoding.pointText(t));
        node.put("z", Encoding.scalarText(z));
        return node;
    }

    /** @throws InvalidEncodingException unless {T: point, z: scalar} */
    public static SchnorrProof fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidEncodingException("pok is an object {T, z}");
        }
        return new SchnorrProof(Encoding.pointFromText(Ciphertext.text(node, "T")),
                Encoding.scalarFromText(Ciphertext.text(node, "z")));
    }
}
