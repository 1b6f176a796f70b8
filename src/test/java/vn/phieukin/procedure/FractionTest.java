package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fractions of thresholds and the quorum: only (0, 1] is accepted, and a refusal names the setting. */
class FractionTest {

    @ParameterizedTest(name = "{0}/{1} is accepted")
    @CsvSource({"1, 2", "3, 10", "2, 3", "1, 1", "1, 1000000", "999999, 1000000", "7, 7"})
    void fractionsBetweenZeroExcludedAndOneIncludedAreAccepted(long p, long q) {
        Outcome<Fraction> outcome = Fraction.of(p, q, "rules.threshold");
        assertThat(outcome.isAccepted()).isTrue();
        assertThat(outcome.value()).isEqualTo(new Fraction(p, q));
        assertThat(outcome.value()).hasToString(p + "/" + q);
    }

    @ParameterizedTest(name = "{0}/{1} is refused")
    @CsvSource({"0, 3", "4, 3", "-1, 2", "1, 0", "1, -2", "0, 0", "1, 1000001", "2, 1"})
    void fractionsOutsideZeroToOneAreRefusedNamingTheSetting(long p, long q) {
        Outcome<Fraction> outcome = Fraction.of(p, q, "rules.quorum");
        assertThat(outcome.isAccepted()).isFalse();
        assertThat(outcome.refusal().code()).isEqualTo("BAD_REQUEST");
        assertThat(outcome.refusal().message())
                .contains("rules.quorum")
                .contains("phải là phân số trong khoảng (0, 1]")
                .contains(p + "/" + q);
        assertThatThrownBy(() -> new Fraction(p, q)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFractionWithoutNumeratorOrDenominatorIsRefusedNamingTheSetting() {
        for (Outcome<Fraction> outcome : List.of(Fraction.of(null, 3L, "rules.threshold"), Fraction.of(1L, null, "rules.threshold"))) {
            assertThat(outcome.refusal().code()).isEqualTo("BAD_REQUEST");
            assertThat(outcome.refusal().message()).contains("rules.threshold").contains("tử số").contains("mẫu số");
        }
    }

    @ParameterizedTest(name = "{0}/{1}: {2} of {3} reaches = {4}, exceeds = {5}")
    @CsvSource({
            "1, 2, 9, 18, true, false",
            "1, 2, 10, 18, true, true",
            "1, 2, 8, 18, false, false",
            "2, 3, 12, 18, true, false",
            "2, 3, 13, 18, true, true",
            "3, 10, 6, 20, true, false",
            "3, 10, 5, 20, false, false",
            "1, 1, 5, 5, true, false",
    })
    void reachingIsAtLeastAndExceedingIsStrictlyMore(long p, long q, long count, long total, boolean reached, boolean exceeded) {
        Fraction fraction = new Fraction(p, q);
        assertThat(fraction.isReachedBy(count, total)).isEqualTo(reached);
        assertThat(fraction.isExceededBy(count, total)).isEqualTo(exceeded);
    }

    @ParameterizedTest(name = "{0}/{1} of {2} is first reached by {3}")
    @CsvSource({"2, 3, 18, 12", "2, 3, 10, 7", "2, 3, 11, 8", "2, 3, 9, 6", "2, 3, 0, 0", "3, 10, 253, 76", "1, 2, 9, 5",
            "1, 1, 7, 7", "1, 1000000, 1, 1"})
    void theSmallestCountReachingAShareIsTheCeilingOfTheShare(long p, long q, long total, long smallest) {
        assertThat(new Fraction(p, q).smallestReaching(total)).isEqualTo(smallest);
    }

    @Test
    void theSmallestCountReachingAShareStaysExactForTheLargestCountsThatCanBeMultiplied() {
        Fraction fraction = new Fraction(999_999, 1_000_000);
        long total = Long.MAX_VALUE / 999_999;   // p × total still fits in a long, p × total + q − 1 does not
        BigInteger product = BigInteger.valueOf(999_999).multiply(BigInteger.valueOf(total));
        BigInteger[] division = product.divideAndRemainder(BigInteger.valueOf(1_000_000));
        long ceiling = division[0].add(division[1].signum() == 0 ? BigInteger.ZERO : BigInteger.ONE).longValueExact();

        assertThat(fraction.smallestReaching(total)).isEqualTo(ceiling);
        assertThat(ceiling).isPositive();
    }

    @Test
    void countsTooLargeToMultiplyExactlyAreRefusedRatherThanComparedWrongly() {
        Fraction fraction = new Fraction(2, 3);
        assertThatThrownBy(() -> fraction.isReachedBy(Long.MAX_VALUE, 10)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> fraction.smallestReaching(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> Threshold.moreThan(1, 1).minimumVotes(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    }
}
