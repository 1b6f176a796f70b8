package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Pass marks, quorum and percentages against exact arbitrary-precision oracles, with bases up
 * to a billion and fractions with denominators up to a million; the votes are drawn around the
 * exact boundary as often as anywhere else.
 */
class ThresholdProperties {

    /** votes, base and a threshold. */
    record Comparison(long votes, long base, Threshold threshold) {
    }

    private static final BigInteger HUNDRED_HUNDREDTHS = BigInteger.valueOf(10_000);

    @Provide
    Arbitrary<Threshold> thresholds() {
        Arbitrary<Long> denominators = Arbitraries.oneOf(Arbitraries.longs().between(1, 12),
                Arbitraries.longs().between(1, Fraction.MAX_DENOMINATOR));
        return Combinators.combine(Arbitraries.of(Comparator.class), denominators, Arbitraries.doubles().between(0, 1))
                .as((comparator, q, share) -> new Threshold(comparator,
                        new Fraction(Math.max(1, Math.min(q, Math.round(share * q))), q)));
    }

    @Provide
    Arbitrary<Comparison> comparisons() {
        Arbitrary<Long> bases = Arbitraries.oneOf(Arbitraries.longs().between(0, 300), Arbitraries.longs().between(0, 1_000_000_000L));
        return Combinators.combine(thresholds(), bases, Arbitraries.integers().between(-3, 3), Arbitraries.doubles().between(0, 1),
                        Arbitraries.of(true, false))
                .as((threshold, base, offset, share, nearBoundary) -> {
                    // the exact boundary p × b / q, rounded down, plus a small offset; or anywhere in [0, b]
                    long boundary = BigInteger.valueOf(threshold.fraction().numerator()).multiply(BigInteger.valueOf(base))
                            .divide(BigInteger.valueOf(threshold.fraction().denominator())).longValueExact();
                    long votes = nearBoundary ? boundary + offset : Math.round(share * base);
                    return new Comparison(Math.max(0, Math.min(base, votes)), base, threshold);
                });
    }

    /** v/b against p/q as exact rationals: v·q against p·b in arbitrary precision. */
    private static int compareShare(long votes, long base, Fraction fraction) {
        return BigInteger.valueOf(votes).multiply(BigInteger.valueOf(fraction.denominator()))
                .compareTo(BigInteger.valueOf(fraction.numerator()).multiply(BigInteger.valueOf(base)));
    }

    @Property(tries = 2000)
    void aThresholdPassesExactlyWhenTheExactRationalComparisonSaysSo(@ForAll("comparisons") Comparison c) {
        int cmp = compareShare(c.votes(), c.base(), c.threshold().fraction());
        boolean expected = c.threshold().comparator() == Comparator.GREATER ? cmp > 0 : cmp >= 0;
        assertThat(c.threshold().passes(c.votes(), c.base())).isEqualTo(expected);
    }

    @Property(tries = 2000)
    void theFewestPassingVotesAreTheExactCeilingOfTheShare(@ForAll("comparisons") Comparison c) {
        Fraction f = c.threshold().fraction();
        BigInteger[] division = BigInteger.valueOf(f.numerator()).multiply(BigInteger.valueOf(c.base()))
                .divideAndRemainder(BigInteger.valueOf(f.denominator()));
        long floor = division[0].longValueExact();
        boolean exact = division[1].signum() == 0;
        long expected = c.threshold().comparator() == Comparator.GREATER ? floor + 1 : exact ? floor : floor + 1;
        assertThat(c.threshold().minimumVotes(c.base())).isEqualTo(expected);
        assertThat(f.smallestReaching(c.base())).isEqualTo(exact ? floor : floor + 1);
    }

    @Property(tries = 2000)
    void theQuorumIsMetExactlyWhenThePresentReachTheShareOfTheConvened(@ForAll("comparisons") Comparison c) {
        // read as: convened = base, present = votes, quorum = the threshold's fraction
        Fraction quorum = c.threshold().fraction();
        Attendance attendance = Attendance.of(c.base(), 0, c.votes(), quorum);
        assertThat(attendance.quorumMet()).isEqualTo(c.base() > 0 && compareShare(c.votes(), c.base(), quorum) >= 0);
        assertThat(compareShare(attendance.quorumRequired(), c.base(), quorum)).isGreaterThanOrEqualTo(0);
        if (attendance.quorumRequired() > 0) {
            assertThat(compareShare(attendance.quorumRequired() - 1, c.base(), quorum)).isNegative();
        }
    }

    @Property(tries = 2000)
    void aPercentageIsTheExactShareRoundedHalfUpToTwoDecimals(@ForAll("comparisons") Comparison c) {
        String expected;
        if (c.base() == 0) {
            expected = "0.00";
        } else {
            // hundredths = ⌊(2 · v · 10000 + b) / (2 · b)⌋ = v · 10000 / b rounded half-up
            BigInteger twice = BigInteger.TWO.multiply(BigInteger.valueOf(c.base()));
            BigInteger hundredths = BigInteger.TWO.multiply(BigInteger.valueOf(c.votes())).multiply(HUNDRED_HUNDREDTHS)
                    .add(BigInteger.valueOf(c.base())).divide(twice);
            BigInteger[] parts = hundredths.divideAndRemainder(BigInteger.valueOf(100));
            expected = parts[0] + "." + String.format("%02d", parts[1].intValueExact());
        }
        assertThat(Percent.of(c.votes(), c.base())).isEqualTo(expected);
    }
}
