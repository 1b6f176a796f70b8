package vn.phieukin.committee;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A dealer's secret polynomial {@code f_i(x) = a_i0 + a_i1·x + … + a_i,k−1·x^(k−1)} (COMMITTEE.md,
 * Deal). Its coefficients never leave the dealing device; only {@link #commitments()} and the
 * encrypted shares {@link #at(int)} do.
 */
public final class Polynomial {

    private final List<BigInteger> coefficients;

    public Polynomial(List<BigInteger> coefficients) {
        if (coefficients.isEmpty()) {
            throw new IllegalArgumentException("a polynomial has at least one coefficient");
        }
        for (BigInteger a : coefficients) {
            Objects.requireNonNull(a, "coefficient");
            if (a.signum() < 0 || a.compareTo(Group.ORDER) >= 0) {
                throw new IllegalArgumentException("coefficient outside [0, q)");
            }
        }
        this.coefficients = List.copyOf(coefficients);
    }

    /** Degree {@code threshold − 1}, coefficients drawn {@code a_i0} first. */
    public static Polynomial random(int threshold, Randomness random) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold >= 1");
        }
        List<BigInteger> a = new ArrayList<>(threshold);
        for (int l = 0; l < threshold; l++) {
            a.add(random.scalar());
        }
        return new Polynomial(a);
    }

    public List<BigInteger> coefficients() {
        return coefficients;
    }

    /** {@code a_i0}, the dealer's contribution to the joint secret. */
    public BigInteger secret() {
        return coefficients.get(0);
    }

    /** {@code f_i(j) mod q}, Horner's rule. */
    public BigInteger at(int j) {
        BigInteger x = BigInteger.valueOf(j);
        BigInteger acc = BigInteger.ZERO;
        for (int l = coefficients.size() - 1; l >= 0; l--) {
            acc = acc.multiply(x).add(coefficients.get(l)).mod(Group.ORDER);
        }
        return acc;
    }

    /** {@code C_il = a_il·G}, l = 0..k−1. */
    public List<ECPoint> commitments() {
        List<ECPoint> out = new ArrayList<>(coefficients.size());
        coefficients.forEach(a -> out.add(Group.timesG(a)));
        return out;
    }
}
