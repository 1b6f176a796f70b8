package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.phieukin.procedure.ResultsTest.ids;
import static vn.phieukin.procedure.ResultsTest.votes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Step 4: "Trường hợp có từ 02 người trở lên có số phiếu bằng nhau trên 50%, thì giao cho đồng
 * chí Bí thư Tỉnh ủy xem xét, quyết định" (seed 004). The Bí thư chooses exactly the slots left
 * among the tied candidates, once.
 */
class ChairDecisionTest {

    private static final Rules STEP_4 = Rules.defaultsFor(4);
    private static final Instant AT = Instant.parse("2026-06-01T10:15:00Z");

    /** Two slots, a clearly first, b and c tied for the second, d below the threshold (9 convened). */
    private static RoundResult.Nomination pending() {
        return ResultsTest.result(STEP_4, 2, votes("a:8 b:6 c:6 d:1"), 9, 8, List.of());
    }

    private static ChairDecision decision(String positionId, String... chosen) {
        return new ChairDecision(positionId, List.of(chosen), "bithu", AT);
    }

    @Test
    void theChairChoosesAmongTheTiedAndTheChoiceCompletesTheSlots() {
        Outcome<List<String>> checked = Results.checkDecision(pending(), "P", List.of("c"));
        assertThat(checked.value()).containsExactly("c");

        RoundResult.PositionResult decided = ResultsTest.result(STEP_4, 2, votes("a:8 b:6 c:6 d:1"), 9, 8, List.of(decision("P", "c")))
                .position("P").orElseThrow();
        assertThat(decided.pendingDecision()).isFalse();
        assertThat(decided.selected()).containsExactly("a", "c");
        assertThat(decided.tiedCandidates()).containsExactly("b", "c");
    }

    @Test
    void aDecisionAmongThreeTiedForTwoSlotsIsReturnedSorted() {
        RoundResult.Nomination result = ResultsTest.result(STEP_4, 3, votes("a:9 b:5 c:5 d:5"), 9, 8, List.of());
        assertThat(Results.checkDecision(result, "P", List.of("d", "b")).value()).containsExactly("b", "d");
        RoundResult.PositionResult decided = ResultsTest.result(STEP_4, 3, votes("a:9 b:5 c:5 d:5"), 9, 8,
                List.of(decision("P", "d", "b"))).position("P").orElseThrow();
        assertThat(decided.selected()).containsExactly("a", "b", "d");
        assertThat(decided.pendingDecision()).isFalse();
    }

    @ParameterizedTest(name = "choosing [{0}] is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "b c | Cần chọn đúng 1 người trong số các cán bộ bằng phiếu (b, c); đã chọn 2 người.",
            "    | Cần chọn đúng 1 người trong số các cán bộ bằng phiếu (b, c); đã chọn 0 người.",
            "a   | Cần chọn đúng 1 người trong số các cán bộ bằng phiếu (b, c); đã chọn 1 người, trong đó có người không thuộc nhóm bằng phiếu.",
            "d   | Cần chọn đúng 1 người trong số các cán bộ bằng phiếu (b, c); đã chọn 1 người, trong đó có người không thuộc nhóm bằng phiếu.",
            "x   | Cần chọn đúng 1 người trong số các cán bộ bằng phiếu (b, c); đã chọn 1 người, trong đó có người không thuộc nhóm bằng phiếu.",
            "a b | Cần chọn đúng 1 người trong số các cán bộ bằng phiếu (b, c); đã chọn 2 người, trong đó có người không thuộc nhóm bằng phiếu.",
            "b b | Danh sách chọn có một cán bộ bị lặp lại.",
    })
    void aDecisionThatIsNotExactlyTheRemainingSlotsAmongTheTiedIsRefused(String chosen, String message) {
        Outcome<List<String>> checked = Results.checkDecision(pending(), "P", ids(chosen));
        assertThat(checked.isAccepted()).isFalse();
        assertThat(checked.refusal().code()).isEqualTo("BAD_DECISION");
        assertThat(checked.refusal().message()).isEqualTo(message);
    }

    @Test
    void aDuplicateIsRefusedEvenWhenTheCountWouldFit() {
        RoundResult.Nomination result = ResultsTest.result(STEP_4, 3, votes("a:9 b:5 c:5 d:5"), 9, 8, List.of());
        assertThat(Results.checkDecision(result, "P", List.of("b", "b")).refusal().code()).isEqualTo("BAD_DECISION");
    }

    @ParameterizedTest(name = "{0}: no decision pending")
    @CsvSource(delimiter = '|', value = {
            "a clear ranking                    | 2 | a:8 b:7 c:6 | P",
            "a tie inside the slots             | 2 | a:7 b:7 c:5 | P",
            "a tie below the cut-off            | 1 | a:8 b:6 c:6 | P",
            "a position that is not on the ballot | 2 | a:8 b:6 c:6 | Q",
    })
    void aDecisionWhereNothingIsPendingIsRefused(String what, int slots, String votes, String position) {
        RoundResult.Nomination result = ResultsTest.result(STEP_4, slots, votes(votes), 9, 8, List.of());
        Outcome<List<String>> checked = Results.checkDecision(result, position, List.of("b"));
        assertThat(checked.refusal().code()).isEqualTo("NO_DECISION_PENDING");
        assertThat(checked.refusal().message())
                .isEqualTo("Chức danh \"" + position + "\" không có trường hợp bằng phiếu nào đang chờ Bí thư quyết định.");
    }

    @Test
    void anAllPassingRoundNeverWaitsForTheChair() {
        RoundResult.Nomination result = ResultsTest.result(Rules.defaultsFor(3), 2, votes("a:8 b:6 c:6"), 9, 9, List.of());
        assertThat(result.pendingDecision()).isFalse();
        assertThat(result.position("P").orElseThrow().selected()).containsExactly("a", "b", "c");
        assertThat(Results.checkDecision(result, "P", List.of("b")).refusal().code()).isEqualTo("NO_DECISION_PENDING");
    }

    @Test
    void aSecondDecisionForTheSamePositionIsRefused() {
        RoundResult.Nomination decided = ResultsTest.result(STEP_4, 2, votes("a:8 b:6 c:6"), 9, 8, List.of(decision("P", "b")));
        assertThat(Results.checkDecision(decided, "P", List.of("c")).refusal().code()).isEqualTo("NO_DECISION_PENDING");
    }

    @Test
    void aDecisionForAPositionWithNothingPendingChangesNothing() {
        RoundResult.Nomination without = ResultsTest.result(STEP_4, 1, votes("a:8 b:6 c:6"), 9, 8, List.of());
        RoundResult.Nomination with = ResultsTest.result(STEP_4, 1, votes("a:8 b:6 c:6"), 9, 8, List.of(decision("P", "b")));
        assertThat(with).isEqualTo(without);
        assertThat(with.position("P").orElseThrow().selected()).containsExactly("a");
    }

    @Test
    void aDecisionForAnotherPositionDoesNotSettleThisOne() {
        RoundResult.Nomination result = ResultsTest.result(STEP_4, 2, votes("a:8 b:6 c:6"), 9, 8, List.of(decision("Q", "b")));
        assertThat(result.position("P").orElseThrow().pendingDecision()).isTrue();
        assertThat(result.position("P").orElseThrow().selected()).containsExactly("a");
    }

    /**
     * The result is recomputed from the sealed record by the verifier: a decision that the chair
     * could not have made (wrong count, untied or below-threshold cadres, a repeat) must never
     * select anyone, so the position keeps waiting and the recomputed result differs.
     */
    @ParameterizedTest(name = "a recorded decision for [{0}] is not applied")
    @CsvSource(delimiter = '|', value = {"b c", "d", "a", "x", "''", "b b", "c d"})
    void aDecisionTheChairCouldNotHaveMadeIsNeverApplied(String chosen) {
        ChairDecision invalid = new ChairDecision("P", ids(chosen), "bithu", AT);
        RoundResult.PositionResult position = ResultsTest.result(STEP_4, 2, votes("a:8 b:6 c:6 d:1"), 9, 8, List.of(invalid))
                .position("P").orElseThrow();
        assertThat(position.pendingDecision()).isTrue();
        assertThat(position.selected()).containsExactly("a");
    }

    @Test
    void theChairDecisionRecordsWhoDecidedAndWhenWithTheChoiceSorted() {
        ChairDecision decision = new ChairDecision("CT", List.of("c9", "c8"), "bithu", AT);
        assertThat(decision.chosen()).containsExactly("c8", "c9");
        assertThat(decision.decidedBy()).isEqualTo("bithu");
        assertThat(decision.decidedAt()).isEqualTo(AT);
    }

    @Test
    void theSmokeReviewsTieOnCtIsSettledByChoosingC9() {
        Map<String, Long> ct = votes("c7:6 c8:5 c9:5");
        RoundResult.Nomination before = ResultsTest.result(STEP_4, 2, ct, 9, 8, List.of());
        assertThat(before.position("P").orElseThrow().pendingDecision()).isTrue();
        assertThat(before.position("P").orElseThrow().tiedCandidates()).containsExactly("c8", "c9");
        assertThat(Results.checkDecision(before, "P", List.of("c9")).isAccepted()).isTrue();
        RoundResult.Nomination after = ResultsTest.result(STEP_4, 2, ct, 9, 8, List.of(decision("P", "c9")));
        assertThat(after.position("P").orElseThrow().selected()).containsExactly("c7", "c9");
    }
}
