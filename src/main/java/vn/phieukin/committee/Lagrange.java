package vn.phieukin.committee;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Combination of k contributions (COMMITTEE.md, Combine): for the set Q of members,
 * {@code λ_j = Π_{l∈Q, l≠j} l / (l − j) mod q} and {@code D = Σ_{j∈Q} λ_j·D_j}.
 */
public final class Lagrange {

    private Lagrange() {
    }

    /** {@code λ_j} for every j of Q (distinct member numbers ≥ 1). */
    public static Map<Integer, BigInteger> coefficients(Collection<Integer> q) {
        TreeSet<Integer> members = new TreeSet<>(q);
        if (members.size() != q.size() || members.isEmpty() || members.first() < 1) {
            throw new IllegalArgumentException("Q is a non-empty set of distinct member numbers >= 1");
        }
        Map<Integer, BigInteger> out = new TreeMap<>();
        for (int j : members) {
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (int l : members) {
                if (l != j) {
                    num = num.multiply(BigInteger.valueOf(l));
                    den = den.multiply(BigInteger.valueOf(l - j));
                }
            }
            out.put(j, num.multiply(den.mod(Group.ORDER).modInverse(Group.ORDER)).mod(Group.ORDER));
        }
        return out;
    }

    /** {@code D = Σ λ_j·D_j} over the members of the map's keys. */
    public static ECPoint combine(Map<Integer, ECPoint> contributions) {
        Map<Integer, BigInteger> lambda = coefficients(contributions.keySet());
        ECPoint acc = Group.identity();
        for (Map.Entry<Integer, ECPoint> e : contributions.entrySet()) {
            acc = acc.add(Group.times(Group.onOurCurve(e.getValue()), lambda.get(e.getKey())));
        }
        return acc.normalize();
    }

    /**
     * The votes of a slot: {@code m} with {@code m·G = β − D} and {@code 0 ≤ m ≤ max}, or -1
     * when no such m exists (the contributions do not decrypt this ciphertext).
     */
    public static long decrypt(Ciphertext ct, Map<Integer, ECPoint> contributions, long max) {
        return DiscreteLog.solve(ct.beta().subtract(combine(contributions)), max);
    }
}
