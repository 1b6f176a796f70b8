package vn.phieukin.procedure;

/**
 * A fraction p/q in (0, 1], as used by thresholds and the quorum. Compared by
 * cross-multiplication only, never converted to a floating-point number.
 */
public record Fraction(long numerator, long denominator) {

    /** The largest denominator accepted, so that cross-multiplication with any count stays exact. */
    public static final long MAX_DENOMINATOR = 1_000_000L;

    public static final Fraction HALF = new Fraction(1, 2);
    public static final Fraction THREE_TENTHS = new Fraction(3, 10);
    public static final Fraction TWO_THIRDS = new Fraction(2, 3);

    public Fraction {
        if (denominator <= 0 || denominator > MAX_DENOMINATOR || numerator <= 0 || numerator > denominator) {
            throw new IllegalArgumentException("fraction must lie in (0, 1]: " + numerator + "/" + denominator);
        }
    }

    /** Validates user input; {@code field} names the setting in the message (e.g. "rules.quorum"). */
    public static Outcome<Fraction> of(Long numerator, Long denominator, String field) {
        if (numerator == null || denominator == null) {
            return Outcome.refused("BAD_REQUEST", "Trường " + field + " cần cả tử số (numerator) và mẫu số (denominator).");
        }
        if (denominator <= 0 || denominator > MAX_DENOMINATOR || numerator <= 0 || numerator > denominator) {
            return Outcome.refused("BAD_REQUEST", "Trường " + field + " phải là phân số trong khoảng (0, 1], nhận được "
                    + numerator + "/" + denominator + ".");
        }
        return Outcome.accepted(new Fraction(numerator, denominator));
    }

    /** {@code count × q ≥ p × total}: count is at least this share of total. */
    public boolean isReachedBy(long count, long total) {
        return Math.multiplyExact(count, denominator) >= Math.multiplyExact(numerator, total);
    }

    /** {@code count × q > p × total}: count is more than this share of total. */
    public boolean isExceededBy(long count, long total) {
        return Math.multiplyExact(count, denominator) > Math.multiplyExact(numerator, total);
    }

    /** The smallest count that reaches this share of total: ⌈p × total / q⌉. */
    public long smallestReaching(long total) {
        long product = Math.multiplyExact(numerator, total);
        // floor plus one when there is a remainder: "product + q − 1" could overflow silently
        long floor = Math.floorDiv(product, denominator);
        return Math.floorMod(product, denominator) == 0 ? floor : floor + 1;
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }
}
