package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Open slots after step 1, each step's ballot built from the step before, the surplus warning, the final list. */
class PlanningTest {

    private static final Position BT = new Position("BT", "Bí thư Tỉnh ủy", 2);
    private static final Position CT = new Position("CT", "Chủ tịch UBND tỉnh", 3);

    private static Planning planning(List<PlanningEntry> removed) {
        return new Planning(List.of(BT, CT),
                List.of(new PlanningEntry("c1", "BT"), new PlanningEntry("c2", "BT"), new PlanningEntry("c3", "CT")), removed);
    }

    @Test
    void aPositionMayPlanThreeCadresByDefault() {
        assertThat(Position.DEFAULT_MAX_PLANNED).isEqualTo(3);
        assertThatThrownBy(() -> new Position("X", "X", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stepOneHasOneLinePerPlannedCadreAndPosition() {
        assertThat(planning(List.of()).removalLines()).containsExactly(
                new RemovalLine("L1", "c1", "BT"), new RemovalLine("L2", "c2", "BT"), new RemovalLine("L3", "c3", "CT"));
    }

    @Test
    void withTenOrMoreLinesTheBallotStillListsThemInPlanningOrder() {
        // ballots list lines sorted by id as strings: "L10" would come between "L1" and "L2"
        List<Position> positions = new java.util.ArrayList<>();
        List<PlanningEntry> planned = new java.util.ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            positions.add(new Position("P" + i, "Chức danh " + i, 3));
            planned.add(new PlanningEntry("c" + i, "P" + i));
        }
        List<RemovalLine> lines = new Planning(positions, planned, List.of()).removalLines();
        RoundDefinition round = RoundDefinition.removal("R1", lines, Fixtures.REGISTRY);

        assertThat(round.lines()).extracting(RemovalLine::cadreId)
                .containsExactly("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12");
        assertThat(lines).extracting(RemovalLine::id).startsWith("L01", "L02").endsWith("L12");
    }

    @Test
    void openSlotsAreTheMaximumLessThoseStillPlannedAfterStepOne() {
        Planning before = planning(List.of());
        assertThat(before.openSlots("BT")).isZero();
        assertThat(before.openSlots("CT")).isEqualTo(2);

        Planning after = planning(List.of(new PlanningEntry("c1", "BT")));
        assertThat(after.stillPlanned("BT")).containsExactly("c2");
        assertThat(after.openSlots("BT")).isEqualTo(1);
        assertThat(after.openSlots("CT")).isEqualTo(2);
    }

    @Test
    void removingACadreFromOnePositionLeavesTheirOtherPlanningAlone() {
        Planning planning = new Planning(List.of(BT, CT),
                List.of(new PlanningEntry("c1", "BT"), new PlanningEntry("c1", "CT")), List.of(new PlanningEntry("c1", "BT")));
        assertThat(planning.stillPlanned("BT")).isEmpty();
        assertThat(planning.stillPlanned("CT")).containsExactly("c1");
    }

    @Test
    void openSlotsNeverGoBelowZero() {
        Planning crowded = new Planning(List.of(BT), List.of(new PlanningEntry("a", "BT"), new PlanningEntry("b", "BT"),
                new PlanningEntry("c", "BT")), List.of());
        assertThat(crowded.openSlots("BT")).isZero();
    }

    @Test
    void anUnknownPositionIsAProgrammerError() {
        assertThatThrownBy(() -> planning(List.of()).openSlots("PCT")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStepTwoBallotPrintsTheSupplementaryListWithWriteInsAndPicksUpToTheOpenSlots() {
        Planning.BuiltBallot ballot = planning(List.of(new PlanningEntry("c1", "BT")))
                .nominationBallot(Map.of("BT", List.of("c4", "c5", "c6"), "CT", List.of("c7", "c8")), true);
        assertThat(ballot.sections()).containsExactly(
                new Section("BT", 1, List.of("c4", "c5", "c6"), true),
                new Section("CT", 2, List.of("c7", "c8"), true));
        // CT prints 2 candidates for 2 open slots: the surplus rule of seed 001 is not met, but nothing is refused
        assertThat(ballot.warnings()).containsExactly(new BallotWarning(BallotWarning.NO_SURPLUS, "CT",
                "Chức danh Chủ tịch UBND tỉnh: 2 người trên phiếu cho 2 chỗ còn trống, chưa bảo đảm số dư."));
    }

    @Test
    void aPositionWithNoOpenSlotGetsNoSectionAndAWarning() {
        Planning.BuiltBallot ballot = planning(List.of()).nominationBallot(Map.of("BT", List.of("c4"), "CT", List.of("c7", "c8", "c9")),
                false);
        assertThat(ballot.sections()).extracting(Section::positionId).containsExactly("CT");
        assertThat(ballot.warnings()).containsExactly(new BallotWarning(BallotWarning.NO_OPEN_SLOTS, "BT",
                "Chức danh Bí thư Tỉnh ủy đã đủ 2 cán bộ quy hoạch: không đưa vào phiếu."));
    }

    @ParameterizedTest(name = "{0} printed for {1} open slots: surplus warning = {2}")
    @CsvSource({"0, 1, true", "1, 1, true", "2, 1, false", "2, 2, true", "3, 2, false", "3, 3, true", "4, 3, false"})
    void theSurplusWarningAppearsWhenNoMoreCandidatesArePrintedThanOpenSlots(int printed, int slots, boolean warned) {
        List<String> candidates = java.util.stream.IntStream.range(0, printed).mapToObj(i -> "c" + i).toList();
        assertThat(Planning.surplusWarning(new Section("P", slots, candidates, false), "Chức danh P").isPresent()).isEqualTo(warned);
    }

    @Test
    void aCandidateGivenTwiceIsPrintedOnce() {
        Planning.BuiltBallot ballot = planning(List.of()).nominationBallot(Map.of("CT", List.of("c7", "c7", "c8", "c9")), false);
        assertThat(ballot.sections().get(0).candidates()).containsExactly("c7", "c8", "c9");
    }

    @Test
    void theNextStepPrintsThisStepsPassersAndTopDownPutsForwardOnlyTheSelected() {
        RoundResult.Nomination result = ResultsTest.result(Rules.defaultsFor(4), 2, ResultsTest.votes("a:5 b:8 c:6 d:2"), 9, 8,
                List.of());
        assertThat(Planning.passers(result)).isEqualTo(Map.of("P", List.of("a", "b", "c")));
        assertThat(Planning.selected(result)).isEqualTo(Map.of("P", List.of("b", "c")));
    }

    @Test
    void theNextBallotDoesNotRevealTheRankingOfAStepWhoseResultIsNotAnnounced() {
        // step 2's result is not announced: printing its passers by votes on the step-3 ballot would announce it
        RoundResult.Nomination stepTwo = ResultsTest.result(Rules.defaultsFor(2), 2, ResultsTest.votes("c7:6 c9:10 c8:7"), 20, 20,
                List.of());
        assertThat(stepTwo.position("P").orElseThrow().passers()).containsExactly("c9", "c8", "c7");
        Planning planning = new Planning(List.of(new Position("P", "Chức danh P", 3)), List.of(), List.of());

        Planning.BuiltBallot fromPassers = planning.nominationBallot(Planning.passers(stepTwo), false);
        Planning.BuiltBallot fromRanking = planning.nominationBallot(Map.of("P", List.of("c9", "c8", "c7")), false);
        assertThat(fromPassers.sections().get(0).candidates()).containsExactly("c7", "c8", "c9");
        assertThat(fromRanking.sections().get(0).candidates()).containsExactly("c7", "c8", "c9");
    }

    @Test
    void theFinalListIsThoseStillPlannedFollowedByThoseProposedWithoutRepeats() {
        Planning planning = planning(List.of(new PlanningEntry("c1", "BT")));
        Map<String, List<String>> finalList = planning.finalList(Map.of("BT", List.of("c4"), "CT", List.of("c7", "c3", "c9")));
        assertThat(finalList).containsExactly(Map.entry("BT", List.of("c2", "c4")), Map.entry("CT", List.of("c3", "c7", "c9")));
    }

    @Test
    void eachStepUsesItsOwnBallotKindAndConferenceName() {
        assertThat(BallotKind.ofStep(1)).isEqualTo(BallotKind.REMOVAL);
        assertThat(BallotKind.ofStep(2)).isEqualTo(BallotKind.NOMINATION);
        assertThat(BallotKind.ofStep(4)).isEqualTo(BallotKind.NOMINATION);
        assertThat(Steps.conferenceName(1)).isEqualTo("Hội nghị Ban Thường vụ Tỉnh ủy (lần 1)");
        assertThat(Steps.conferenceName(2)).isEqualTo("Hội nghị cán bộ chủ chốt");
        assertThat(Steps.conferenceName(3)).isEqualTo("Hội nghị Ban Chấp hành Đảng bộ tỉnh");
        assertThat(Steps.conferenceName(4)).isEqualTo("Hội nghị Ban Thường vụ Tỉnh ủy (lần 2)");
        assertThatThrownBy(() -> BallotKind.ofStep(5)).isInstanceOf(IllegalArgumentException.class);
    }
}
