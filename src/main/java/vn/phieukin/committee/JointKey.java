package vn.phieukin.committee;

import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The committee's joint key {@code H = Σ_i C_i0}, the ElGamal public key of a conference. Holds
 * one point instance, on which the comb multiplier caches its table: build one {@code JointKey}
 * per conference and reuse it for every ballot.
 */
public final class JointKey {

    private final ECPoint h;
    private final String text;

    public JointKey(ECPoint h) {
        ECPoint point = Group.onOurCurve(Objects.requireNonNull(h, "h")).normalize();
        if (point.isInfinity()) {
            throw new IllegalArgumentException("the joint key is not the identity");
        }
        this.h = point;
        this.text = Encoding.pointText(point);
    }

    /** @throws InvalidEncodingException for a text that is not a point (or is the identity) */
    public static JointKey fromText(String text) {
        ECPoint p = Encoding.pointFromText(text);
        if (p.isInfinity()) {
            throw new InvalidEncodingException("the joint key is not the identity");
        }
        return new JointKey(p);
    }

    /** {@code H}. */
    public ECPoint point() {
        return h;
    }

    /** base64url of H's compressed encoding. */
    public String text() {
        return text;
    }

    /** {@code k·H} by the comb over H's table. */
    public ECPoint times(BigInteger k) {
        return Group.fixed(h, k);
    }

    /** {@code Enc(m; r) = (r·G, r·H + m·G)}. */
    public Ciphertext encrypt(long m, BigInteger r) {
        if (m < 0) {
            throw new IllegalArgumentException("plaintexts are integers >= 0");
        }
        return new Ciphertext(Group.timesG(r), times(r).add(Group.timesG(m)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JointKey k && k.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return "JointKey{" + text + "}";
    }
}
