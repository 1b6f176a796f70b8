package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tallies turned into results: removal lines, nomination candidates, ALL_PASSING and TOP_DOWN selection. */
class ResultsTest {

    /** "a:8 b:6" → {a=8, b=6}, in the order written. */
    static Map<String, Long> votes(String text) {
        Map<String, Long> votes = new LinkedHashMap<>();
        for (String entry : text.trim().split("\\s+")) {
            if (!entry.isEmpty()) {
                String[] parts = entry.split(":");
                votes.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return votes;
    }

    static List<String> ids(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
    }

    /** One position "P" with {@code slots} open, printed candidates = the keys of {@code votes}, counted with {@code rules}. */
    static RoundResult.Nomination result(Rules rules, int slots, Map<String, Long> votes, long convened, long present,
            List<ChairDecision> decisions) {
        RoundDefinition round = RoundDefinition.nomination("R", 4, List.of(new Section("P", slots, List.copyOf(votes.keySet()), false)),
                votes.keySet());
        Tally tally = new Tally.Nomination(new BallotCounts(present, present, 0), Map.of("P", votes), Map.of());
        return (RoundResult.Nomination) Results.compute(round, rules, tally, Results.base(rules, convened, present), decisions);
    }

    @Test
    void aRemovalLineIsRemovedOnlyWithMoreThanHalfOfTheConvenedAgreeing() {
        RoundDefinition round = Fixtures.removalRound();
        List<BallotChoices> ballots = new java.util.ArrayList<>();
        ballots.addAll(Fixtures.times(4, new BallotChoices.Removal(Map.of("L1", Vote.AGREE, "L2", Vote.AGREE, "L3", Vote.NONE))));
        ballots.addAll(Fixtures.times(1, new BallotChoices.Removal(Map.of("L1", Vote.AGREE, "L2", Vote.NONE, "L3", Vote.DISAGREE))));
        ballots.addAll(Fixtures.times(3, new BallotChoices.Removal(Map.of("L1", Vote.NONE, "L2", Vote.DISAGREE, "L3", Vote.NONE))));
        Rules rules = Rules.defaultsFor(1);
        Tally tally = Tallying.tally(round, ballots, List.of());

        RoundResult.Removal result = (RoundResult.Removal) Results.compute(round, rules, tally, Results.base(rules, 9, 8), List.of());

        assertThat(result.base()).isEqualTo(new RoundResult.BaseValue(Base.CONVENED, 9));
        assertThat(result.ballots()).isEqualTo(new BallotCounts(8, 8, 0));
        assertThat(result.lines()).containsExactly(
                new RoundResult.Line("L1", "c1", "BT", 5, 0, 3, "55.56", true),
                new RoundResult.Line("L2", "c2", "BT", 4, 3, 1, "44.44", false),
                new RoundResult.Line("L3", "c3", "CT", 0, 1, 7, "0.00", false));
        assertThat(result.removed()).containsExactly(new PlanningEntry("c1", "BT"));
    }

    @Test
    void absentMembersCountAgainstRemovalBecauseTheBaseIsTheConvened() {
        // 5 of 9 convened agree, only 6 present: 5 of 6 would be a large majority, but 5 of 9 is what counts
        Rules rules = Rules.defaultsFor(1);
        RoundDefinition round = RoundDefinition.removal("R1", List.of(new RemovalLine("L1", "c1", "BT")), Fixtures.REGISTRY);
        Tally tally = new Tally.Removal(new BallotCounts(6, 6, 0), Map.of("L1", new Tally.LineCount(4, 1, 1)));
        RoundResult.Removal result = (RoundResult.Removal) Results.compute(round, rules, tally, Results.base(rules, 9, 6), List.of());
        assertThat(result.lines().get(0).passed()).isFalse();
        assertThat(result.lines().get(0).percent()).isEqualTo("44.44");
    }

    @Test
    void aNominationResultListsPrintedCandidatesWithoutVotesAndWriteInsWithVotesRankedByVotes() {
        RoundDefinition round = Fixtures.stepTwoRound();
        List<BallotChoices> ballots = new java.util.ArrayList<>();
        ballots.addAll(Fixtures.times(6, Fixtures.picks("BT", List.of("c4"), "CT", List.of("c7", "c9"))));
        ballots.addAll(Fixtures.times(7, Fixtures.picks("BT", List.of("c6"), "CT", List.of("c8"))));
        ballots.addAll(Fixtures.times(2, Fixtures.picks("BT", List.of("c9"), "CT", List.of())));
        Rules rules = Rules.defaultsFor(2);
        Tally.Nomination tally = (Tally.Nomination) Tallying.tally(round, ballots, List.of());
        assertThat(tally.positions().get("BT")).isEqualTo(Map.of("c4", 6L, "c5", 0L, "c6", 7L, "c9", 2L));
        assertThat(tally.positions().get("CT")).isEqualTo(Map.of("c7", 6L, "c8", 7L, "c9", 6L));

        RoundResult.Nomination result = (RoundResult.Nomination) Results.compute(round, rules, tally, Results.base(rules, 25, 20),
                List.of());

        RoundResult.PositionResult bt = result.position("BT").orElseThrow();
        assertThat(bt.candidates()).containsExactly(
                new RoundResult.Candidate("c6", 7, "35.00", true, false),
                new RoundResult.Candidate("c4", 6, "30.00", true, false),
                new RoundResult.Candidate("c9", 2, "10.00", false, false),
                new RoundResult.Candidate("c5", 0, "0.00", false, false));
        // ALL_PASSING puts every passer forward, even more than the open slot
        assertThat(bt.selected()).containsExactly("c6", "c4");
        assertThat(bt.pendingDecision()).isFalse();
        assertThat(bt.openSlots()).isEqualTo(1);
        RoundResult.PositionResult ct = result.position("CT").orElseThrow();
        assertThat(ct.candidates()).extracting(RoundResult.Candidate::cadreId).containsExactly("c8", "c7", "c9");
        assertThat(ct.passers()).containsExactly("c8", "c7", "c9");
        assertThat(result.pendingDecision()).isFalse();
    }

    @Test
    void equalVotesAreListedInAscendingCadreIdSoEveryReaderRanksAlike() {
        RoundResult.Nomination result = result(Rules.defaultsFor(3), 3, votes("z:5 a:5 m:5 b:2"), 9, 9, List.of());
        assertThat(result.position("P").orElseThrow().candidates()).extracting(RoundResult.Candidate::cadreId)
                .containsExactly("a", "m", "z", "b");
    }

    @ParameterizedTest(name = "{0}: {1} slots, votes {2} → selected [{3}], pending {4}, tied [{5}]")
    @CsvSource(delimiter = '|', value = {
            "clear ranking                            | 2 | a:8 b:7 c:6      | a b   | false |",
            "a tie inside the slots needs no decision | 2 | a:7 b:7 c:5      | a b   | false |",
            "a tie filling exactly the slots          | 2 | a:5 b:5          | a b   | false |",
            "a tie straddling the cut-off             | 2 | a:8 b:6 c:6      | a     | true  | b c",
            "three tied for the last slot             | 2 | a:8 b:6 c:6 d:6  | a     | true  | b c d",
            "everyone tied for the only slot          | 1 | a:6 b:6 c:6      |       | true  | a b c",
            "two tied for two of three slots          | 3 | a:9 b:5 c:5 d:5  | a     | true  | b c d",
            "a tie below the cut-off is ignored       | 1 | a:8 b:6 c:6      | a     | false |",
            "below threshold never selected           | 3 | a:6 b:4 c:3      | a     | false |",
            "a tie among non-passers at the cut       | 1 | a:4 b:4          |       | false |",
            "a passer tied with a non-passer          | 2 | a:6 b:5 c:4 d:4  | a b   | false |",
            "two passers tied for one slot           | 1 | a:5 b:5 c:4      |       | true  | a b",
            "no open slot                             | 0 | a:8 b:7          |       | false |",
            "no open slot, tied passers               | 0 | a:8 b:8          |       | false |",
            "fewer passers than slots                 | 3 | a:6 b:5 c:2      | a b   | false |",
            "nobody passes                            | 2 | a:4 b:1          |       | false |",
            "no candidate at all                      | 2 |                  |       | false |",
    })
    void topDownFillsTheOpenSlotsFromTheTopAndLeavesATieAtTheCutOffToTheChair(String what, int slots, String votes,
            String selected, boolean pending, String tied) {
        // step 4 defaults: more than 1/2 of the 9 convened, i.e. at least 5 votes
        RoundResult.PositionResult position = result(Rules.defaultsFor(4), slots, votes(votes == null ? "" : votes), 9, 8, List.of())
                .position("P").orElseThrow();
        assertThat(position.selected()).as(what).containsExactlyElementsOf(ids(selected));
        assertThat(position.pendingDecision()).as(what).isEqualTo(pending);
        assertThat(position.tiedCandidates()).as(what).containsExactlyInAnyOrderElementsOf(ids(tied));
        assertThat(position.selected()).hasSizeLessThanOrEqualTo(slots);
        assertThat(position.openSlots()).isEqualTo(slots);
    }

    @Test
    void aTiedCandidateIsMarkedTiedWithItsVotesAndPercentUnchanged() {
        RoundResult.PositionResult position = result(Rules.defaultsFor(4), 2, votes("a:8 b:6 c:6 d:1"), 9, 8, List.of())
                .position("P").orElseThrow();
        assertThat(position.candidates()).containsExactly(
                new RoundResult.Candidate("a", 8, "88.89", true, false),
                new RoundResult.Candidate("b", 6, "66.67", true, true),
                new RoundResult.Candidate("c", 6, "66.67", true, true),
                new RoundResult.Candidate("d", 1, "11.11", false, false));
    }

    @Test
    void anyPendingPositionMakesTheWholeRoundPending() {
        Rules rules = Rules.defaultsFor(4);
        RoundDefinition round = RoundDefinition.nomination("R", 4, List.of(
                new Section("BT", 1, List.of("c4"), false), new Section("CT", 2, List.of("c7", "c8", "c9"), false)), Fixtures.REGISTRY);
        Tally tally = new Tally.Nomination(new BallotCounts(8, 8, 0),
                Map.of("BT", Map.of("c4", 6L), "CT", Map.of("c7", 6L, "c8", 5L, "c9", 5L)), Map.of());
        RoundResult.Nomination result = (RoundResult.Nomination) Results.compute(round, rules, tally, Results.base(rules, 9, 8), List.of());
        assertThat(result.position("BT").orElseThrow().pendingDecision()).isFalse();
        assertThat(result.position("CT").orElseThrow().pendingDecision()).isTrue();
        assertThat(result.pendingDecision()).isTrue();
    }

    @Test
    void theStepFourBaseIsTheConvenedSoAbsentMembersCountAsNotFor() {
        // 5 votes of 10 convened with 8 present: 62.5 % of those present, but not more than half of the convened
        RoundResult.PositionResult position = result(Rules.defaultsFor(4), 1, votes("a:5"), 10, 8, List.of())
                .position("P").orElseThrow();
        assertThat(position.candidates().get(0).passed()).isFalse();
        assertThat(position.candidates().get(0).percent()).isEqualTo("50.00");
        assertThat(position.selected()).isEmpty();
    }
}
