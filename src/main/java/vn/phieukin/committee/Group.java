package vn.phieukin.committee;

import java.math.BigInteger;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The group of COMMITTEE.md: P-256, written additively. {@code G} is the base point, {@code q}
 * its order, {@code O} the identity ({@link #identity()}). Bouncy Castle's custom P-256 curve
 * (the same parameters as {@code ECNamedCurveTable.getByName("P-256")}, with its specialised
 * field arithmetic); fixed-base products with {@code G} and with a joint key use the comb
 * multiplier over a precomputed table, two-term sums use Shamir's trick.
 */
public final class Group {

    static final X9ECParameters PARAMETERS = CustomNamedCurves.getByName("P-256");
    static final ECCurve CURVE = PARAMETERS.getCurve();
    /** {@code q}, the order of {@code G}. */
    public static final BigInteger ORDER = PARAMETERS.getN();
    /** {@code G}. One instance, so that its comb table is computed once. */
    static final ECPoint G = PARAMETERS.getG().normalize();
    private static final FixedPointCombMultiplier COMB = new FixedPointCombMultiplier();

    private Group() {
    }

    /** {@code G}, the P-256 base point. */
    public static ECPoint generator() {
        return G;
    }

    /** {@code O}. */
    public static ECPoint identity() {
        return CURVE.getInfinity();
    }

    /** {@code k·G}, by the comb over G's precomputed table; {@code k} is reduced mod q. */
    public static ECPoint timesG(BigInteger k) {
        return fixed(G, k);
    }

    private static final int SMALL = 256;
    private static final ECPoint[] SMALL_MULTIPLES = new ECPoint[SMALL];

    static {
        ECPoint acc = CURVE.getInfinity();
        for (int m = 0; m < SMALL; m++) {
            SMALL_MULTIPLES[m] = acc;
            acc = acc.add(G).normalize();
        }
    }

    /** {@code m·G} for an integer m ≥ 0 (plaintexts; the small ones from a table). */
    public static ECPoint timesG(long m) {
        if (m >= 0 && m < SMALL) {
            return SMALL_MULTIPLES[(int) m];
        }
        return timesG(BigInteger.valueOf(m));
    }

    /**
     * {@code k·P} by the comb, for a base used many times (a joint key): the table is cached on
     * the {@code P} instance, so pass the same instance every time.
     */
    static ECPoint fixed(ECPoint p, BigInteger k) {
        BigInteger reduced = k.mod(ORDER);
        if (reduced.signum() == 0 || p.isInfinity()) {
            return identity();
        }
        return COMB.multiply(p, reduced).normalize();
    }

    /** {@code k·P} for a base used once. */
    public static ECPoint times(ECPoint p, BigInteger k) {
        Objects.requireNonNull(p, "p");
        return p.multiply(k.mod(ORDER)).normalize();
    }

    /** {@code a·P + b·Q} by Shamir's trick (verification). */
    public static ECPoint sumOfTwo(ECPoint p, BigInteger a, ECPoint q, BigInteger b) {
        return sumOfTwoUnnormalized(p, a, q, b).normalize();
    }

    /** {@link #sumOfTwo} in projective coordinates, for callers that normalise many at once. */
    static ECPoint sumOfTwoUnnormalized(ECPoint p, BigInteger a, ECPoint q, BigInteger b) {
        // Bouncy Castle's Shamir's trick needs two finite points (an empty section sums to O).
        if (p.isInfinity()) {
            return q.isInfinity() ? identity() : times(q, b);
        }
        if (q.isInfinity()) {
            return p == G ? timesG(a) : times(p, a);
        }
        return ECAlgorithms.sumOfTwoMultiplies(p, a.mod(ORDER), q, b.mod(ORDER));
    }

    /** Whether {@code p} is a point of this group (any instance of the P-256 curve). */
    static ECPoint onOurCurve(ECPoint p) {
        Objects.requireNonNull(p, "point");
        if (p.getCurve() == CURVE) {
            return p;
        }
        return CURVE.decodePoint(p.getEncoded(true));
    }
}
