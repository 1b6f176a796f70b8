package vn.phieukin.committee;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * {@code iprove(S, α, β, r, m, [M0..Mk])} of COMMITTEE.md (Belenios "iproof"): proves that
 * {@code (α, β) = Enc(Mi; r)} for some {@code Mi} of the list without saying which.
 *
 * <p>Randomness is drawn in this order (the deterministic vectors depend on it): for every
 * {@code j ≠ i} in list order {@code c_j} then {@code s_j}; then {@code w}.
 */
public final class IntervalProof {

    private IntervalProof() {
    }

    /** The list {@code [0, 1, …, max]}. */
    public static long[] range(int max) {
        long[] out = new long[max + 1];
        for (int i = 0; i <= max; i++) {
            out[i] = i;
        }
        return out;
    }

    /**
     * @param m the plaintext, which must be one of {@code allowed}
     * @param r the randomness of the ciphertext
     */
    public static List<ChallengeResponse> prove(JointKey key, String context, Ciphertext ct, BigInteger r, long m,
            long[] allowed, Randomness random) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(context, "context");
        int i = -1;
        for (int j = 0; j < allowed.length; j++) {
            if (allowed[j] == m) {
                i = j;
                break;
            }
        }
        if (i < 0) {
            throw new IllegalArgumentException("the plaintext is not in the list of allowed values");
        }
        int k = allowed.length;
        BigInteger[] c = new BigInteger[k];
        BigInteger[] s = new BigInteger[k];
        ECPoint[] a = new ECPoint[k];
        ECPoint[] b = new ECPoint[k];
        BigInteger sum = BigInteger.ZERO;
        for (int j = 0; j < k; j++) {
            if (j == i) {
                continue;
            }
            c[j] = random.scalar();
            s[j] = random.scalar();
            // The prover knows r: A_j = s_j·G + c_j·α = (s_j + c_j·r)·G and
            // B_j = s_j·H + c_j·(β − M_j·G) = (s_j + c_j·r)·H + c_j·(m − M_j)·G, fixed bases only.
            BigInteger t = s[j].add(c[j].multiply(r)).mod(Group.ORDER);
            a[j] = Group.timesG(t);
            b[j] = key.times(t).add(Group.timesG(c[j].multiply(BigInteger.valueOf(m - allowed[j])))).normalize();
            sum = sum.add(c[j]);
        }
        BigInteger w = random.scalar();
        a[i] = Group.timesG(w);
        b[i] = key.times(w);
        BigInteger challenge = challenge(context, ct, a, b);
        c[i] = challenge.subtract(sum).mod(Group.ORDER);
        s[i] = w.subtract(r.multiply(c[i])).mod(Group.ORDER);
        List<ChallengeResponse> proof = new ArrayList<>(k);
        for (int j = 0; j < k; j++) {
            proof.add(new ChallengeResponse(c[j], s[j]));
        }
        return proof;
    }

    /** Whether {@code proof} shows that {@code ct} encrypts one of {@code allowed} under {@code key} in {@code context}. */
    public static boolean verify(JointKey key, String context, Ciphertext ct, long[] allowed, List<ChallengeResponse> proof) {
        if (proof == null || proof.size() != allowed.length) {
            return false;
        }
        int k = allowed.length;
        ECPoint[] a = new ECPoint[k];
        ECPoint[] b = new ECPoint[k];
        BigInteger sum = BigInteger.ZERO;
        for (int j = 0; j < k; j++) {
            ChallengeResponse p = proof.get(j);
            if (!inRange(p.c()) || !inRange(p.s())) {
                return false;
            }
            a[j] = Group.sumOfTwoUnnormalized(Group.G, p.s(), ct.alpha(), p.c());
            ECPoint shifted = ct.beta().subtract(Group.timesG(allowed[j])).normalize();
            b[j] = Group.sumOfTwoUnnormalized(key.point(), p.s(), shifted, p.c());
            sum = sum.add(p.c());
        }
        // one field inversion for all 2k points instead of one each (Montgomery's trick)
        ECPoint[] all = new ECPoint[2 * k];
        System.arraycopy(a, 0, all, 0, k);
        System.arraycopy(b, 0, all, k, k);
        Group.CURVE.normalizeAll(all);
        System.arraycopy(all, 0, a, 0, k);
        System.arraycopy(all, k, b, 0, k);
        return sum.mod(Group.ORDER).equals(challenge(context, ct, a, b));
    }

    private static boolean inRange(BigInteger x) {
        return x.signum() >= 0 && x.compareTo(Group.ORDER) < 0;
    }

    private static BigInteger challenge(String context, Ciphertext ct, ECPoint[] a, ECPoint[] b) {
        Object[] parts = new Object[3 + 2 * a.length];
        parts[0] = context;
        parts[1] = ct.alpha();
        parts[2] = ct.beta();
        for (int j = 0; j < a.length; j++) {
            parts[3 + 2 * j] = a[j];
            parts[4 + 2 * j] = b[j];
        }
        return Hq.hash(Hq.IPROVE, parts);
    }
}
