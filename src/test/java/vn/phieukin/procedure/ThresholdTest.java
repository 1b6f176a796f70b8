package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The pass marks of PROCEDURE.md "Arithmetic" and the defaults table, at and around each boundary. */
class ThresholdTest {

    @ParameterizedTest(name = "{0} convened, {1} agree ({2} %): removed = {3}")
    @CsvSource({
            "18,  9, 50.00, false",   // the example of PROCEDURE.md: 50 % is not more than half
            "18, 10, 55.56, true",
            "18,  8, 44.44, false",
            "19,  9, 47.37, false",
            "19, 10, 52.63, true",
            " 9,  4, 44.44, false",
            " 9,  5, 55.56, true",
            " 2,  1, 50.00, false",
            " 2,  2, 100.00, true",
            " 1,  1, 100.00, true",
            " 1,  0, 0.00, false",
    })
    void stepOneRemovesOnlyWithMoreThanHalfOfTheConvened(long convened, long agree, String percent, boolean removed) {
        Rules rules = Rules.defaultsFor(1);
        RoundResult.BaseValue base = Results.base(rules, convened, convened);
        assertThat(rules.threshold().passes(agree, base.value())).isEqualTo(removed);
        assertThat(Percent.of(agree, base.value())).isEqualTo(percent);
    }

    @ParameterizedTest(name = "253 present, {0} votes = {1} %: passes step 2 = {2}")
    @CsvSource({
            "74, 29.25, false",
            "75, 29.64, false",       // the example of PROCEDURE.md
            "76, 30.04, true",
            "77, 30.43, true",
    })
    void stepTwoNeedsThirtyPercentOfThoseWhoArePresent(long votes, String percent, boolean passes) {
        Rules rules = Rules.defaultsFor(2);
        long base = Results.base(rules, 300, 253).value();
        assertThat(base).isEqualTo(253);
        assertThat(Percent.of(votes, base)).isEqualTo(percent);
        assertThat(rules.threshold().passes(votes, base)).isEqualTo(passes);
        assertThat(rules.threshold().minimumVotes(base)).isEqualTo(76);
    }

    /**
     * For each step's default rules: convened, present, the votes, whether they pass, and the
     * percentage shown. Rows are chosen so that counting against the wrong base (convened instead
     * of present or the reverse) or with the wrong comparator would change the answer.
     */
    static Stream<Arguments> defaultRulesOfEachStep() {
        return Stream.of(
                // step 1: agree > 1/2 of convened
                Arguments.of(1, 18, 14, 9, false, "50.00"),
                Arguments.of(1, 18, 14, 10, true, "55.56"),
                Arguments.of(1, 9, 8, 4, false, "44.44"),
                Arguments.of(1, 9, 8, 5, true, "55.56"),
                Arguments.of(1, 10, 8, 5, false, "50.00"),
                Arguments.of(1, 10, 8, 6, true, "60.00"),
                // step 2: votes >= 3/10 of present
                Arguments.of(2, 25, 20, 5, false, "25.00"),
                Arguments.of(2, 25, 20, 6, true, "30.00"),   // exactly 30 % passes: "ít nhất từ 30% trở lên"
                Arguments.of(2, 12, 10, 2, false, "20.00"),
                Arguments.of(2, 12, 10, 3, true, "30.00"),
                Arguments.of(2, 14, 11, 3, false, "27.27"),
                Arguments.of(2, 14, 11, 4, true, "36.36"),
                Arguments.of(2, 300, 253, 75, false, "29.64"),
                Arguments.of(2, 300, 253, 76, true, "30.04"),
                // step 3: votes > 1/2 of present
                Arguments.of(3, 15, 12, 6, false, "50.00"),
                Arguments.of(3, 15, 12, 7, true, "58.33"),   // 7 of 15 convened would fail
                Arguments.of(3, 15, 13, 6, false, "46.15"),
                Arguments.of(3, 15, 13, 7, true, "53.85"),
                // step 4: votes > 1/2 of convened
                Arguments.of(4, 10, 8, 5, false, "50.00"),   // 5 of 8 present would pass
                Arguments.of(4, 10, 8, 6, true, "60.00"),
                Arguments.of(4, 9, 8, 4, false, "44.44"),
                Arguments.of(4, 9, 8, 5, true, "55.56"),
                Arguments.of(4, 18, 12, 9, false, "50.00"),
                Arguments.of(4, 18, 12, 10, true, "55.56"));
    }

    @ParameterizedTest(name = "step {0}: {3} votes with {1} convened and {2} present pass = {4} ({5} %)")
    @MethodSource("defaultRulesOfEachStep")
    void eachStepsDefaultRulesPassExactlyAtTheirThresholdAgainstTheirBase(int step, long convened, long present,
            long votes, boolean passes, String percent) {
        Rules rules = Rules.defaultsFor(step);
        RoundResult.BaseValue base = Results.base(rules, convened, present);
        assertThat(base.value()).isEqualTo(step == 2 || step == 3 ? present : convened);
        assertThat(rules.threshold().passes(votes, base.value())).isEqualTo(passes);
        assertThat(Percent.of(votes, base.value())).isEqualTo(percent);
        assertThat(rules.threshold().minimumVotes(base.value()) <= votes).isEqualTo(passes);
    }

    @ParameterizedTest(name = "{0} {1}/{2} of {3}: fewest passing votes {4}")
    @CsvSource({
            ">,  1, 2, 18, 10",
            ">,  1, 2, 19, 10",
            ">,  1, 2,  0,  1",
            ">=, 3, 10, 253, 76",
            ">=, 3, 10, 20, 6",
            ">=, 3, 10, 0, 0",
            ">=, 2, 3, 18, 12",
            ">=, 2, 3, 10, 7",
            ">,  2, 3, 18, 13",
            ">,  1, 1, 5, 6",         // "more than all of them" can never be reached
            ">=, 1, 1, 5, 5",
    })
    void minimumVotesIsTheFewestVotesThatPass(String symbol, long p, long q, long base, long minimum) {
        Threshold threshold = new Threshold(Comparator.fromSymbol(symbol).orElseThrow(), new Fraction(p, q));
        assertThat(threshold.minimumVotes(base)).isEqualTo(minimum);
        assertThat(threshold.passes(minimum, base)).isTrue();
        if (minimum > 0) {
            assertThat(threshold.passes(minimum - 1, base)).isFalse();
        }
    }

    @Test
    void minimumVotesAgreesWithPassesForEveryFractionAndBaseUpToSixty() {
        for (Comparator comparator : Comparator.values()) {
            for (long q = 1; q <= 12; q++) {
                for (long p = 1; p <= q; p++) {
                    Threshold threshold = new Threshold(comparator, new Fraction(p, q));
                    for (long base = 0; base <= 60; base++) {
                        long b = base;
                        long firstPassing = LongStream.rangeClosed(0, b + 1).filter(v -> threshold.passes(v, b)).findFirst()
                                .orElseThrow();
                        assertThat(threshold.minimumVotes(b)).as("%s of %d", threshold.describe(), b).isEqualTo(firstPassing);
                        for (long v = 0; v <= b + 1; v++) {
                            assertThat(threshold.passes(v, b)).as("%d votes, %s of %d", v, threshold.describe(), b)
                                    .isEqualTo(v >= firstPassing);
                        }
                    }
                }
            }
        }
    }

    @Test
    void thresholdsDescribeThemselvesInVietnamese() {
        assertThat(Rules.defaultsFor(1).threshold().describe()).isEqualTo("trên 1/2");
        assertThat(Rules.defaultsFor(2).threshold().describe()).isEqualTo("từ 3/10");
    }

    @Test
    void negativeCountsAreAProgrammerError() {
        Threshold threshold = Threshold.moreThan(1, 2);
        assertThatThrownBy(() -> threshold.passes(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> threshold.passes(1, -10)).isInstanceOf(IllegalArgumentException.class);
    }
}
