package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Percentages are shown with two decimals, rounded half-up (never half-even), for display only. */
class PercentTest {

    @ParameterizedTest(name = "{0} of {1} is shown as {2} %")
    @CsvSource({
            "1, 8, 12.50",
            "2, 3, 66.67",
            "1, 3, 33.33",
            "1, 6, 16.67",
            "2, 7, 28.57",
            "75, 253, 29.64",
            "76, 253, 30.04",
            "9, 18, 50.00",
            "1, 800, 0.13",      // 0.125: half-up gives 0.13 where half-even would give 0.12
            "5, 800, 0.63",      // 0.625: half-up 0.63, half-even 0.62
            "3, 800, 0.38",
            "1, 1600, 0.06",     // 0.0625
            "1, 200, 0.50",
            "0, 9, 0.00",
            "9, 9, 100.00",
            "0, 0, 0.00",        // an empty base shows zero rather than failing
            "3, 0, 0.00",
    })
    void percentagesAreRoundedHalfUpToTwoDecimals(long part, long whole, String shown) {
        assertThat(Percent.of(part, whole)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "{0} of {1} is refused")
    @CsvSource({"-1, 10", "1, -10"})
    void negativeCountsAreAProgrammerError(long part, long whole) {
        assertThatThrownBy(() -> Percent.of(part, whole)).isInstanceOf(IllegalArgumentException.class);
    }
}
