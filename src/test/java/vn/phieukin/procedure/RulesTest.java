package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The defaults table of PROCEDURE.md (seed 004) and the validation of every per-conference override. */
class RulesTest {

    private static RulesOverride override(String comparator, Long thresholdNumerator, Long thresholdDenominator, String base,
            Boolean announced, String selection, Long quorumNumerator, Long quorumDenominator, Boolean allowNominations) {
        return new RulesOverride(comparator, thresholdNumerator, thresholdDenominator, base, announced, selection,
                quorumNumerator, quorumDenominator, allowNominations);
    }

    @ParameterizedTest(name = "step {0}: {1} {2} of {3}, announced {4}, {5}, write-ins {6}")
    @CsvSource({
            "1, >,  1/2,  CONVENED, true,  ALL_PASSING, false",
            "2, >=, 3/10, PRESENT,  false, ALL_PASSING, true",
            "3, >,  1/2,  PRESENT,  false, ALL_PASSING, false",
            "4, >,  1/2,  CONVENED, true,  TOP_DOWN,    false",
    })
    void eachStepHasTheDefaultsOfThePlan(int step, String comparator, String fraction, Base base, boolean announced,
            Selection selection, boolean allowNominations) {
        Rules rules = Rules.defaultsFor(step);
        assertThat(rules.threshold().comparator().symbol()).isEqualTo(comparator);
        assertThat(rules.threshold().fraction()).hasToString(fraction);
        assertThat(rules.base()).isEqualTo(base);
        assertThat(rules.announced()).isEqualTo(announced);
        assertThat(rules.selection()).isEqualTo(selection);
        assertThat(rules.allowNominations()).isEqualTo(allowNominations);
        assertThat(rules.quorum()).isEqualTo(Fraction.TWO_THIRDS);
        assertThat(Rules.forConference(step, null).value()).isEqualTo(rules);
        assertThat(Rules.forConference(step, RulesOverride.NONE).value()).isEqualTo(rules);
    }

    @Test
    void theRulesReadAsASentenceInTheMinutes() {
        assertThat(Rules.defaultsFor(2).describe()).isEqualTo("Trúng khi số phiếu từ 3/10 số người có mặt; túc số: ít nhất 2/3 "
                + "số người được triệu tập có mặt; không công bố kết quả tại hội nghị; được giới thiệu thêm người ngoài danh sách.");
        assertThat(Rules.defaultsFor(4).describe()).isEqualTo("Trúng khi số phiếu trên 1/2 số người được triệu tập; túc số: "
                + "ít nhất 2/3 số người được triệu tập có mặt; công bố kết quả tại hội nghị; lấy từ cao xuống thấp đến đủ số lượng.");
    }

    static Stream<Arguments> validOverrides() {
        return Stream.of(
                Arguments.of("step 2 strictly more than 30 %", 2,
                        override(">", null, null, null, null, null, null, null, null),
                        new Rules(Threshold.moreThan(3, 10), Base.PRESENT, false, Selection.ALL_PASSING, Fraction.TWO_THIRDS, true)),
                Arguments.of("step 2 with only the numerator changed keeps the denominator", 2,
                        override(null, 4L, null, null, null, null, null, null, null),
                        new Rules(Threshold.atLeast(4, 10), Base.PRESENT, false, Selection.ALL_PASSING, Fraction.TWO_THIRDS, true)),
                Arguments.of("step 3 against the convened, announced", 3,
                        override(null, null, null, "CONVENED", true, null, null, null, null),
                        new Rules(Threshold.moreThan(1, 2), Base.CONVENED, true, Selection.ALL_PASSING, Fraction.TWO_THIRDS, false)),
                Arguments.of("step 4 keeping every passer, at least 2/3", 4,
                        override(">=", 2L, 3L, null, null, "ALL_PASSING", null, null, null),
                        new Rules(Threshold.atLeast(2, 3), Base.CONVENED, true, Selection.ALL_PASSING, Fraction.TWO_THIRDS, false)),
                Arguments.of("step 1 not announced, quorum 3/4", 1,
                        override(null, null, null, null, false, null, 3L, 4L, null),
                        new Rules(Threshold.moreThan(1, 2), Base.CONVENED, false, Selection.ALL_PASSING, new Fraction(3, 4), false)),
                Arguments.of("step 1 quorum numerator only: 1/3", 1,
                        override(null, null, null, null, null, null, 1L, null, null),
                        new Rules(Threshold.moreThan(1, 2), Base.CONVENED, true, Selection.ALL_PASSING, new Fraction(1, 3), false)),
                Arguments.of("step 2 without write-ins", 2,
                        override(null, null, null, null, null, null, null, null, false),
                        new Rules(Threshold.atLeast(3, 10), Base.PRESENT, false, Selection.ALL_PASSING, Fraction.TWO_THIRDS, false)),
                Arguments.of("step 3 top-down with write-ins", 3,
                        override(null, null, null, null, null, "TOP_DOWN", null, null, true),
                        new Rules(Threshold.moreThan(1, 2), Base.PRESENT, false, Selection.TOP_DOWN, Fraction.TWO_THIRDS, true)),
                Arguments.of("step 1 with the whole fraction 1/1", 1,
                        override(">=", 1L, 1L, null, null, "ALL_PASSING", null, null, false),
                        new Rules(Threshold.atLeast(1, 1), Base.CONVENED, true, Selection.ALL_PASSING, Fraction.TWO_THIRDS, false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validOverrides")
    void aValidOverrideChangesOnlyTheSettingsItNames(String what, int step, RulesOverride override, Rules expected) {
        Outcome<Rules> outcome = Rules.forConference(step, override);
        assertThat(outcome.isAccepted()).isTrue();
        assertThat(outcome.value()).isEqualTo(expected);
    }

    static Stream<Arguments> invalidOverrides() {
        return Stream.of(
                Arguments.of("comparator \"=\"", 2, override("=", null, null, null, null, null, null, null, null),
                        "rules.threshold.comparator"),
                Arguments.of("comparator \"≥\"", 3, override("≥", null, null, null, null, null, null, null, null),
                        "rules.threshold.comparator"),
                Arguments.of("threshold 0/3", 2, override(null, 0L, 3L, null, null, null, null, null, null), "rules.threshold"),
                Arguments.of("threshold 4/3", 3, override(null, 4L, 3L, null, null, null, null, null, null), "rules.threshold"),
                Arguments.of("threshold numerator 3 over the default 1/2's denominator", 1,
                        override(null, 3L, null, null, null, null, null, null, null), "rules.threshold"),
                Arguments.of("threshold denominator 0", 4, override(null, null, 0L, null, null, null, null, null, null),
                        "rules.threshold"),
                Arguments.of("base \"ALL\"", 2, override(null, null, null, "ALL", null, null, null, null, null), "rules.base"),
                Arguments.of("base \"present\" in lower case", 2, override(null, null, null, "present", null, null, null, null, null),
                        "rules.base"),
                Arguments.of("selection \"BEST\"", 4, override(null, null, null, null, null, "BEST", null, null, null),
                        "rules.selection"),
                Arguments.of("quorum 0/3", 1, override(null, null, null, null, null, null, 0L, 3L, null), "rules.quorum"),
                Arguments.of("quorum 4/3", 4, override(null, null, null, null, null, null, 4L, 3L, null), "rules.quorum"),
                Arguments.of("quorum -2/3", 3, override(null, null, null, null, null, null, -2L, null, null), "rules.quorum"),
                Arguments.of("TOP_DOWN at step 1", 1, override(null, null, null, null, null, "TOP_DOWN", null, null, null),
                        "rules.selection"),
                Arguments.of("write-ins at step 1", 1, override(null, null, null, null, null, null, null, null, true),
                        "rules.allowNominations"));
    }

    @ParameterizedTest(name = "{0} is refused naming {3}")
    @MethodSource("invalidOverrides")
    void anInvalidOverrideIsRefusedWithAMessageNamingTheSetting(String what, int step, RulesOverride override, String field) {
        Outcome<Rules> outcome = Rules.forConference(step, override);
        assertThat(outcome.isAccepted()).isFalse();
        assertThat(outcome.refusal().code()).isEqualTo("BAD_REQUEST");
        assertThat(outcome.refusal().message()).contains(field);
    }

    @Test
    void theMessageForAnUnknownComparatorSaysWhichSymbolsAreAllowed() {
        Refusal refusal = Rules.forConference(2, override("=", null, null, null, null, null, null, null, null)).refusal();
        assertThat(refusal.message())
                .isEqualTo("Trường rules.threshold.comparator chỉ nhận \">\" hoặc \">=\", nhận được \"=\".");
    }

    @ParameterizedTest(name = "step {0} is refused")
    @ValueSource(ints = {0, 5, -1, 99})
    void aConferenceStepOutsideOneToFourIsRefusedNamingTheStep(int step) {
        Outcome<Rules> outcome = Rules.forConference(step, RulesOverride.NONE);
        assertThat(outcome.refusal().code()).isEqualTo("BAD_REQUEST");
        assertThat(outcome.refusal().message()).isEqualTo("Trường step phải là 1, 2, 3 hoặc 4 (nhận được " + step + ").");
        assertThatThrownBy(() -> Rules.defaultsFor(step)).isInstanceOf(IllegalArgumentException.class);
    }
}
