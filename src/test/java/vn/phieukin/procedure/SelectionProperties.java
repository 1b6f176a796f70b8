package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import vn.phieukin.procedure.ProcedureArbitraries.PositionCase;

/**
 * Top-down selection (step 4) against a deliberately naive oracle: list every way of taking
 * the open slots from the passers such that nobody left out has more votes than anybody taken.
 * One way: the selection is clear. Several: a tie straddles the cut-off and the chair decides;
 * who is in every way is selected already, who is in some but not all is tied.
 */
class SelectionProperties {

    private static final Instant AT = Instant.parse("2026-06-01T10:00:00Z");

    @Provide
    Arbitrary<PositionCase> positions() {
        return ProcedureArbitraries.positionCases();
    }

    /** Only positions where a tie straddles the cut-off (about one generated position in eight). */
    @Provide
    Arbitrary<PositionCase> pendingPositions() {
        return ProcedureArbitraries.positionCases().filter(p -> ProcedureArbitraries.topDown(p, List.of()).pendingDecision());
    }

    /** A position and some list of cadres the chair might send: any of the candidates, maybe an unknown one, maybe repeated. */
    record DecisionCase(PositionCase position, List<String> chosen) {
    }

    @Provide
    Arbitrary<DecisionCase> decisions() {
        return Arbitraries.oneOf(ProcedureArbitraries.positionCases(), pendingPositions()).flatMap(position -> {
            List<String> names = new ArrayList<>(position.votes().keySet());
            names.add("x");
            return Arbitraries.of(names).list().ofMaxSize(5).map(chosen -> new DecisionCase(position, chosen));
        });
    }

    // ---- the oracle ---------------------------------------------------------------------------

    private static boolean passes(long votes, Threshold threshold, long base) {
        BigInteger left = BigInteger.valueOf(votes).multiply(BigInteger.valueOf(threshold.fraction().denominator()));
        BigInteger right = BigInteger.valueOf(threshold.fraction().numerator()).multiply(BigInteger.valueOf(base));
        return threshold.comparator() == Comparator.GREATER ? left.compareTo(right) > 0 : left.compareTo(right) >= 0;
    }

    private static List<String> passers(PositionCase p) {
        return p.votes().entrySet().stream().filter(e -> passes(e.getValue(), p.threshold(), p.base())).map(Map.Entry::getKey).toList();
    }

    /** Every set of min(slots, passers) passers such that nobody outside it has more votes than somebody inside. */
    static List<Set<String>> fairSelections(PositionCase p) {
        List<String> passers = passers(p);
        int size = Math.min(p.slots(), passers.size());
        List<Set<String>> fair = new ArrayList<>();
        for (int mask = 0; mask < 1 << passers.size(); mask++) {
            if (Integer.bitCount(mask) != size) {
                continue;
            }
            Set<String> in = new TreeSet<>();
            for (int i = 0; i < passers.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    in.add(passers.get(i));
                }
            }
            long lowestIn = in.stream().mapToLong(p.votes()::get).min().orElse(Long.MAX_VALUE);
            long highestOut = passers.stream().filter(c -> !in.contains(c)).mapToLong(p.votes()::get).max().orElse(Long.MIN_VALUE);
            if (lowestIn >= highestOut) {
                fair.add(in);
            }
        }
        return fair;
    }

    static Set<String> inEvery(List<Set<String>> selections) {
        Set<String> common = new TreeSet<>(selections.get(0));
        selections.forEach(common::retainAll);
        return common;
    }

    static Set<String> inSomeButNotAll(List<Set<String>> selections) {
        Set<String> some = new TreeSet<>();
        selections.forEach(some::addAll);
        some.removeAll(inEvery(selections));
        return some;
    }

    // ---- properties ---------------------------------------------------------------------------

    @Property(tries = 1000)
    void pendingDecisionExactlyWhenATieStraddlesTheCutOff(@ForAll("positions") PositionCase p) {
        RoundResult.PositionResult result = ProcedureArbitraries.topDown(p, List.of());
        List<Set<String>> fair = fairSelections(p);

        assertThat(result.pendingDecision()).isEqualTo(fair.size() > 1);
        assertThat(new TreeSet<>(result.selected())).isEqualTo(inEvery(fair));
        assertThat(new TreeSet<>(result.tiedCandidates())).isEqualTo(inSomeButNotAll(fair));
        if (!result.pendingDecision()) {
            assertThat(new TreeSet<>(result.selected())).isEqualTo(fair.get(0));
        }
    }

    @Property(tries = 1000)
    void selectionNeverExceedsTheOpenSlotsNorTakesACadreBelowTheThreshold(@ForAll("decisions") DecisionCase d) {
        PositionCase p = d.position();
        List<ChairDecision> recorded = List.of(new ChairDecision("P", d.chosen(), "bithu", AT));
        for (List<ChairDecision> decisions : List.of(List.<ChairDecision>of(), recorded)) {
            RoundResult.PositionResult result = ProcedureArbitraries.topDown(p, decisions);
            assertThat(result.selected()).hasSizeLessThanOrEqualTo(p.slots());
            assertThat(result.selected()).doesNotHaveDuplicates();
            assertThat(result.selected()).allMatch(c -> p.votes().containsKey(c) && passes(p.votes().get(c), p.threshold(), p.base()));
            // the top-down order: nobody selected has fewer votes than a passer left out, unless a tie is pending
            if (!result.pendingDecision() && !result.selected().isEmpty()) {
                long lowestIn = result.selected().stream().mapToLong(p.votes()::get).min().orElseThrow();
                assertThat(passers(p).stream().filter(c -> !result.selected().contains(c)).mapToLong(p.votes()::get))
                        .allMatch(v -> v <= lowestIn);
            }
        }
    }

    @Property(tries = 1000)
    void theChairMayChooseExactlyTheRemainingSlotsAmongTheTiedAndNothingElse(@ForAll("decisions") DecisionCase d) {
        RoundResult.Nomination result = ProcedureArbitraries.nominationResult(d.position(), Selection.TOP_DOWN, List.of());
        List<Set<String>> fair = fairSelections(d.position());
        Outcome<List<String>> checked = Results.checkDecision(result, "P", d.chosen());

        if (fair.size() == 1) {
            assertThat(checked.refusal().code()).isEqualTo("NO_DECISION_PENDING");
            return;
        }
        // acceptable exactly when the already-selected plus the chosen form one of the fair selections
        Set<String> completed = new TreeSet<>(inEvery(fair));
        completed.addAll(d.chosen());
        boolean acceptable = new HashSet<>(d.chosen()).size() == d.chosen().size()
                && d.chosen().stream().noneMatch(inEvery(fair)::contains)
                && fair.contains(completed);
        assertThat(checked.isAccepted()).as("chosen %s, fair %s", d.chosen(), fair).isEqualTo(acceptable);
        if (!acceptable) {
            assertThat(checked.refusal().code()).isEqualTo("BAD_DECISION");
        }
    }

    @Property(tries = 1000)
    void anAcceptedDecisionAlwaysCompletesTheSlotsExactly(@ForAll("pendingPositions") PositionCase p, @ForAll java.util.Random random) {
        RoundResult.Nomination before = ProcedureArbitraries.nominationResult(p, Selection.TOP_DOWN, List.of());
        RoundResult.PositionResult position = before.position("P").orElseThrow();
        List<String> tied = new ArrayList<>(position.tiedCandidates());
        java.util.Collections.shuffle(tied, random);
        List<String> chosen = tied.subList(0, position.openSlots() - position.selected().size());
        Outcome<List<String>> checked = Results.checkDecision(before, "P", chosen);
        assertThat(checked.isAccepted()).isTrue();

        RoundResult.PositionResult after = ProcedureArbitraries.topDown(p,
                List.of(new ChairDecision("P", checked.value(), "bithu", AT)));
        assertThat(after.pendingDecision()).isFalse();
        assertThat(after.selected()).hasSize(p.slots());
        assertThat(fairSelections(p)).contains(new TreeSet<>(after.selected()));
        assertThat(Results.checkDecision(ProcedureArbitraries.nominationResult(p, Selection.TOP_DOWN,
                List.of(new ChairDecision("P", checked.value(), "bithu", AT))), "P", chosen).refusal().code())
                .isEqualTo("NO_DECISION_PENDING");
    }

    @Property(tries = 500)
    void allPassingSelectsEveryPasserInRankOrderAndNeverWaits(@ForAll("positions") PositionCase p) {
        RoundResult.PositionResult result = ProcedureArbitraries.nominationResult(p, Selection.ALL_PASSING, List.of())
                .position("P").orElseThrow();
        assertThat(result.pendingDecision()).isFalse();
        assertThat(result.tiedCandidates()).isEmpty();
        assertThat(new TreeSet<>(result.selected())).isEqualTo(new TreeSet<>(passers(p)));
        List<Long> votes = result.selected().stream().map(p.votes()::get).toList();
        assertThat(votes).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }
}
