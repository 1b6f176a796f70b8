package vn.phieukin.committee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Member j's contribution to the decryption of one slot (COMMITTEE.md, Decrypt):
 * {@code D_j = s_j·α} with a Chaum–Pedersen proof; {@code w} random, {@code A = w·G},
 * {@code B = w·α}, {@code c = Hq("phieukin/decrypt/v2", roundId + "|" + slot, S_j, α, D_j, A, B)},
 * {@code s = w − c·s_j}. JSON {@code {"D": P, "c": S, "s": S}}.
 */
public record DecryptionShare(ECPoint d, BigInteger c, BigInteger s) {

    public DecryptionShare {
        d = Group.onOurCurve(d).normalize();
        Objects.requireNonNull(c, "c");
        Objects.requireNonNull(s, "s");
    }

    /**
     * @param keyShare {@code s_j}
     * @param slot the slot's name (its context suffix, e.g. {@code "P1|C3"} or {@code "L01|AGREE"})
     */
    public static DecryptionShare create(String roundId, String slot, BigInteger keyShare, ECPoint alpha, Randomness random) {
        ECPoint a = Group.onOurCurve(alpha).normalize();
        ECPoint verificationKey = Group.timesG(keyShare);
        ECPoint d = Group.times(a, keyShare);
        BigInteger w = random.scalar();
        ECPoint bigA = Group.timesG(w);
        ECPoint bigB = Group.times(a, w);
        BigInteger c = Hq.hash(Hq.DECRYPT, roundId + "|" + slot, verificationKey, a, d, bigA, bigB);
        return new DecryptionShare(d, c, w.subtract(c.multiply(keyShare)).mod(Group.ORDER));
    }

    /** The check with member j's verification key {@code S_j}. */
    public boolean verify(String roundId, String slot, ECPoint verificationKey, ECPoint alpha) {
        if (c.signum() < 0 || c.compareTo(Group.ORDER) >= 0 || s.signum() < 0 || s.compareTo(Group.ORDER) >= 0) {
            return false;
        }
        ECPoint sj = Group.onOurCurve(verificationKey);
        ECPoint a = Group.onOurCurve(alpha);
        ECPoint bigA = Group.sumOfTwo(Group.G, s, sj, c);
        ECPoint bigB = Group.sumOfTwo(a, s, d, c);
        return c.equals(Hq.hash(Hq.DECRYPT, roundId + "|" + slot, sj, a, d, bigA, bigB));
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("D", Encoding.pointText(d));
        node.put("c", Encoding.scalarText(c));
        node.put("s", Encoding.scalarText(s));
        return node;
    }

    /** @throws InvalidEncodingException unless {D: point, c: scalar, s: scalar} */
    public static DecryptionShare fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidEncodingException("a contribution is an object {D, c, s}");
        }
        return new DecryptionShare(Encoding.pointFromText(Ciphertext.text(node, "D")),
                Encoding.scalarFromText(Ciphertext.text(node, "c")), Encoding.scalarFromText(Ciphertext.text(node, "s")));
    }
}
