package vn.phieukin.procedure;

import java.util.Objects;

/**
 * A pass mark: votes compared with a fraction of a base (convened or present), by integer
 * cross-multiplication. With v votes, base b and p/q: {@code >} is v×q > p×b, {@code >=} is v×q ≥ p×b.
 */
public record Threshold(Comparator comparator, Fraction fraction) {

    public Threshold {
        Objects.requireNonNull(comparator, "comparator");
        Objects.requireNonNull(fraction, "fraction");
    }

    public static Threshold moreThan(long numerator, long denominator) {
        return new Threshold(Comparator.GREATER, new Fraction(numerator, denominator));
    }

    public static Threshold atLeast(long numerator, long denominator) {
        return new Threshold(Comparator.AT_LEAST, new Fraction(numerator, denominator));
    }

    public boolean passes(long votes, long base) {
        if (votes < 0 || base < 0) {
            throw new IllegalArgumentException("negative count: " + votes + " of " + base);
        }
        return comparator == Comparator.GREATER ? fraction.isExceededBy(votes, base) : fraction.isReachedBy(votes, base);
    }

    /** The fewest votes that pass against this base. */
    public long minimumVotes(long base) {
        return comparator == Comparator.AT_LEAST
                ? fraction.smallestReaching(base)
                : Math.addExact(Math.floorDiv(Math.multiplyExact(fraction.numerator(), base), fraction.denominator()), 1);
    }

    /** e.g. "trên 1/2" or "từ 3/10". */
    public String describe() {
        return comparator.vietnamese() + " " + fraction;
    }
}
