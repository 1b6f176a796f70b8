package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** "Các hội nghị được tiến hành khi có ít nhất 2/3 số người được triệu tập có mặt" (seed 004). */
class QuorumTest {

    @ParameterizedTest(name = "roster {0}, excluded {1}, present {2}: quorum met = {3} (needs {4})")
    @CsvSource({
            "18, 0, 12, true, 12",    // exactly 2/3
            "18, 0, 11, false, 12",   // missed by one
            "9, 0, 6, true, 6",
            "9, 0, 5, false, 6",
            "12, 0, 8, true, 8",
            "12, 0, 7, false, 8",
            "10, 0, 7, true, 7",      // 2/3 of 10 is 6.67: 7 is enough
            "10, 0, 6, false, 7",
            "11, 0, 8, true, 8",      // 2/3 of 11 is 7.33
            "11, 0, 7, false, 8",
            "300, 0, 200, true, 200",
            "300, 0, 199, false, 200",
            "10, 1, 6, true, 6",      // the excluded do not count: 6 of 9 convened
            "10, 1, 5, false, 6",
            "3, 0, 2, true, 2",
            "1, 0, 1, true, 1",
            "1, 0, 0, false, 1",
    })
    void aRoundMayOpenOnlyWithTwoThirdsOfTheConvenedPresent(long roster, long excluded, long present, boolean met, long required) {
        Attendance attendance = Attendance.of(roster, excluded, present, Rules.defaultsFor(1).quorum());
        assertThat(attendance.convened()).isEqualTo(roster - excluded);
        assertThat(attendance.quorumMet()).isEqualTo(met);
        assertThat(attendance.quorumRequired()).isEqualTo(required);
    }

    @Test
    void theRefusalShowsThePresentTheConvenedAndHowManyAreNeeded() {
        Refusal refusal = Attendance.of(18, 0, 11, Fraction.TWO_THIRDS).quorumRefusal();
        assertThat(refusal.code()).isEqualTo("QUORUM_NOT_MET");
        assertThat(refusal.message()).isEqualTo("Không đủ túc số: có mặt 11/18 người được triệu tập, cần ít nhất 12 người.");
    }

    @Test
    void aConferenceWithNobodyConvenedNeverHasQuorum() {
        Attendance attendance = Attendance.of(4, 4, 0, Fraction.TWO_THIRDS);
        assertThat(attendance.quorumMet()).isFalse();
        assertThat(attendance.quorumRefusal().code()).isEqualTo("QUORUM_NOT_MET");
        assertThat(attendance.quorumRefusal().message()).contains("Chưa có người được triệu tập nào");
    }

    @ParameterizedTest(name = "quorum {0}/{1}: {3} of {2} met = {4}")
    @CsvSource({"1, 2, 18, 9, true", "1, 2, 18, 8, false", "3, 4, 20, 15, true", "3, 4, 20, 14, false", "1, 1, 5, 5, true",
            "1, 1, 5, 4, false"})
    void aConfiguredQuorumIsAppliedExactly(long p, long q, long convened, long present, boolean met) {
        assertThat(Attendance.of(convened, 0, present, new Fraction(p, q)).quorumMet()).isEqualTo(met);
    }

    @Test
    void impossibleCountsAreAProgrammerError() {
        assertThatThrownBy(() -> Attendance.of(10, 0, 11, Fraction.TWO_THIRDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attendance.of(10, 11, 0, Fraction.TWO_THIRDS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Attendance.of(10, 2, 9, Fraction.TWO_THIRDS)).isInstanceOf(IllegalArgumentException.class);
    }
}
