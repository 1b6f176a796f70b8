package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import vn.phieukin.procedure.ProcedureArbitraries.NominationCase;
import vn.phieukin.procedure.ProcedureArbitraries.PaperEntry;
import vn.phieukin.procedure.ProcedureArbitraries.RemovalCase;

/**
 * Counting: whatever ballots are cast, the tally is exactly the picks of the valid ballots
 * (recounted here independently from the ballots as cast), and the order in which ballots
 * arrive never changes a tally or a result.
 */
class TallyProperties {

    @Provide
    Arbitrary<NominationCase> nominations() {
        return ProcedureArbitraries.nominationCases();
    }

    @Provide
    Arbitrary<RemovalCase> removals() {
        return ProcedureArbitraries.removalCases();
    }

    /** A round and a ballot body whose sections may hold up to two picks more than allowed. */
    record BodyCase(RoundDefinition round, Map<String, Object> body) {
    }

    @Provide
    Arbitrary<BodyCase> anyNominationBody() {
        return ProcedureArbitraries.nominationRounds().flatMap(round -> ProcedureArbitraries.nominationChoices(round, 2)
                .map(choices -> new BodyCase(round, Fixtures.body("R", choices))));
    }

    // ---- running the engine ------------------------------------------------------------------

    private static List<BallotChoices> electronic(RoundDefinition round, List<Map<String, Object>> bodies) {
        List<BallotChoices> valid = new ArrayList<>();
        for (Map<String, Object> body : bodies) {
            Outcome<BallotChoices> outcome = BallotValidation.electronic(round, body);
            assertThat(outcome.isAccepted()).as("well-formed ballot %s", body).isTrue();
            valid.add(outcome.value());
        }
        return valid;
    }

    private static List<PaperBallot> paper(RoundDefinition round, List<PaperEntry> entries) {
        List<PaperBallot> paper = new ArrayList<>();
        for (PaperEntry entry : entries) {
            Outcome<PaperBallot> outcome = BallotValidation.paper(round, entry.choices(), entry.invalid());
            assertThat(outcome.isAccepted()).as("paper ballot %s", entry).isTrue();
            paper.add(outcome.value());
        }
        return paper;
    }

    private static RoundResult result(RoundDefinition round, Rules rules, long convened, long present, Tally tally) {
        return Results.compute(round, rules, tally, Results.base(rules, convened, present), List.of());
    }

    private static <T> List<T> shuffled(List<T> list, Random random) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, random);
        return copy;
    }

    // ---- an independent recount ------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static List<String> cadres(Object section) {
        return (List<String>) ((Map<String, Object>) section).get("cadres");
    }

    @SuppressWarnings("unchecked")
    private static String position(Object section) {
        return (String) ((Map<String, Object>) section).get("position");
    }

    /** The nomination tally counted straight from the ballots as cast. */
    @SuppressWarnings("unchecked")
    private static Tally.Nomination recount(NominationCase c) {
        Map<String, Map<String, Long>> positions = new TreeMap<>();
        for (Section section : c.round().sections()) {
            Map<String, Long> votes = new TreeMap<>();
            section.candidates().forEach(candidate -> votes.put(candidate, 0L));
            positions.put(section.positionId(), votes);
        }
        Map<String, Long> invalidSections = new TreeMap<>();
        List<List<Object>> counted = new ArrayList<>();
        for (Map<String, Object> body : c.electronicBodies()) {
            counted.add((List<Object>) body.get("choices"));
        }
        long invalid = 0;
        for (PaperEntry entry : c.paper()) {
            if (entry.invalid()) {
                invalid++;
                continue;
            }
            List<Object> kept = new ArrayList<>();
            for (Object section : entry.choices()) {
                int max = c.round().section(position(section)).orElseThrow().maxSelections();
                if (cadres(section).size() > max) {
                    invalidSections.merge(position(section), 1L, Long::sum);
                } else {
                    kept.add(section);
                }
            }
            counted.add(kept);
        }
        for (List<Object> choices : counted) {
            for (Object section : choices) {
                cadres(section).forEach(cadre -> positions.get(position(section)).merge(cadre, 1L, Long::sum));
            }
        }
        return new Tally.Nomination(new BallotCounts(c.cast(), c.cast() - invalid, invalid), positions, invalidSections);
    }

    // ---- properties --------------------------------------------------------------------------

    @Property(tries = 500)
    void theNominationTallyIsExactlyAnIndependentRecountOfTheValidBallots(@ForAll("nominations") NominationCase c) {
        Tally tally = Tallying.tally(c.round(), electronic(c.round(), c.electronicBodies()), paper(c.round(), c.paper()));
        assertThat(tally).isEqualTo(recount(c));
    }

    @Property(tries = 500)
    void theVotesOfEachPositionAddUpToThePicksMadeThereOnValidBallots(@ForAll("nominations") NominationCase c) {
        List<BallotChoices> electronic = electronic(c.round(), c.electronicBodies());
        List<PaperBallot> paper = paper(c.round(), c.paper());
        Tally.Nomination tally = (Tally.Nomination) Tallying.tally(c.round(), electronic, paper);

        List<BallotChoices> valid = new ArrayList<>(electronic);
        paper.stream().filter(p -> !p.invalid()).map(PaperBallot::choices).forEach(valid::add);
        for (Section section : c.round().sections()) {
            long picks = valid.stream()
                    .mapToLong(b -> ((BallotChoices.Nomination) b).picks().getOrDefault(section.positionId(), List.of()).size()).sum();
            long votes = tally.positions().get(section.positionId()).values().stream().mapToLong(Long::longValue).sum();
            assertThat(votes).as("position %s", section.positionId()).isEqualTo(picks);
            // no valid ballot gives a position more votes than its open slots
            assertThat(votes).isLessThanOrEqualTo((long) section.maxSelections() * tally.ballots().valid());
        }
        assertThat(tally.ballots().valid() + tally.ballots().invalid()).isEqualTo(c.cast());
    }

    @Property(tries = 500)
    void reorderingNominationBallotsNeverChangesTheTallyOrTheResult(@ForAll("nominations") NominationCase c, @ForAll Random random) {
        List<BallotChoices> electronic = electronic(c.round(), c.electronicBodies());
        List<PaperBallot> paper = paper(c.round(), c.paper());
        Tally tally = Tallying.tally(c.round(), electronic, paper);
        Tally reordered = Tallying.tally(c.round(), shuffled(electronic, random), shuffled(paper, random));

        assertThat(reordered).isEqualTo(tally);
        assertThat(result(c.round(), c.rules(), c.convened(), c.present(), reordered))
                .isEqualTo(result(c.round(), c.rules(), c.convened(), c.present(), tally));
    }

    @Property(tries = 500)
    void theResultPassesExactlyTheCandidatesMeetingTheThresholdAgainstTheBase(@ForAll("nominations") NominationCase c) {
        Tally tally = Tallying.tally(c.round(), electronic(c.round(), c.electronicBodies()), paper(c.round(), c.paper()));
        RoundResult.Nomination result = (RoundResult.Nomination) result(c.round(), c.rules(), c.convened(), c.present(), tally);
        long base = c.rules().base() == Base.CONVENED ? c.convened() : c.present();
        Threshold threshold = c.rules().threshold();
        assertThat(result.base().value()).isEqualTo(base);
        for (RoundResult.PositionResult position : result.positions()) {
            for (RoundResult.Candidate candidate : position.candidates()) {
                BigInteger left = BigInteger.valueOf(candidate.votes()).multiply(BigInteger.valueOf(threshold.fraction().denominator()));
                BigInteger right = BigInteger.valueOf(threshold.fraction().numerator()).multiply(BigInteger.valueOf(base));
                boolean passes = threshold.comparator() == Comparator.GREATER ? left.compareTo(right) > 0 : left.compareTo(right) >= 0;
                assertThat(candidate.passed()).as("%s with %d of %d", candidate.cadreId(), candidate.votes(), base).isEqualTo(passes);
            }
            if (c.rules().selection() == Selection.ALL_PASSING) {
                assertThat(position.selected()).isEqualTo(position.passers());
            }
        }
    }

    @Property(tries = 500)
    void anElectronicBallotIsAcceptedExactlyWhenNoSectionHasMorePicksThanOpenSlots(@ForAll("anyNominationBody") BodyCase c) {
        RoundDefinition round = c.round();
        Map<String, Object> body = c.body();
        @SuppressWarnings("unchecked")
        List<Object> choices = (List<Object>) body.get("choices");
        boolean withinSlots = choices.stream()
                .allMatch(s -> cadres(s).size() <= round.section(position(s)).orElseThrow().maxSelections());

        Outcome<BallotChoices> outcome = BallotValidation.electronic(round, body);
        assertThat(outcome.isAccepted()).isEqualTo(withinSlots);
        if (!withinSlots) {
            assertThat(outcome.refusal().code()).isEqualTo(BallotValidation.INVALID_BALLOT);
            assertThat(outcome.refusal().message()).contains("nhiều hơn số được giới thiệu");
        }
    }

    // ---- removal ----------------------------------------------------------------------------

    @Property(tries = 500)
    @SuppressWarnings("unchecked")
    void everyRemovalLineCountsEachValidBallotOnceAsAgreeDisagreeOrNone(@ForAll("removals") RemovalCase c) {
        Tally.Removal tally = (Tally.Removal) Tallying.tally(c.round(), electronic(c.round(), c.electronicBodies()),
                paper(c.round(), c.paper()));
        long invalid = c.paper().stream().filter(PaperEntry::invalid).count();
        long cast = c.electronicBodies().size() + c.paper().size();
        assertThat(tally.ballots()).isEqualTo(new BallotCounts(cast, cast - invalid, invalid));

        for (RemovalLine line : c.round().lines()) {
            long[] expected = new long[3];
            List<List<Object>> valid = new ArrayList<>();
            c.electronicBodies().forEach(b -> valid.add((List<Object>) b.get("choices")));
            c.paper().stream().filter(p -> !p.invalid()).forEach(p -> valid.add(p.choices()));
            for (List<Object> choices : valid) {
                String vote = choices.stream().map(o -> (Map<?, ?>) o).filter(m -> line.id().equals(m.get("line")))
                        .map(m -> (String) m.get("vote")).findFirst().orElse("NONE");
                expected[Vote.valueOf(vote).ordinal()]++;
            }
            Tally.LineCount count = tally.lines().get(line.id());
            assertThat(count).isEqualTo(new Tally.LineCount(expected[0], expected[1], expected[2]));
            assertThat(count.agree() + count.disagree() + count.none()).isEqualTo(tally.ballots().valid());
        }
    }

    @Property(tries = 500)
    void reorderingRemovalBallotsNeverChangesTheTallyOrTheResult(@ForAll("removals") RemovalCase c, @ForAll Random random) {
        List<BallotChoices> electronic = electronic(c.round(), c.electronicBodies());
        List<PaperBallot> paper = paper(c.round(), c.paper());
        Tally tally = Tallying.tally(c.round(), electronic, paper);
        Tally reordered = Tallying.tally(c.round(), shuffled(electronic, random), shuffled(paper, random));
        assertThat(reordered).isEqualTo(tally);
        RoundResult.Removal result = (RoundResult.Removal) result(c.round(), c.rules(), c.convened(), c.present(), tally);
        assertThat(result(c.round(), c.rules(), c.convened(), c.present(), reordered)).isEqualTo(result);
        // removed lines are exactly the passing ones
        assertThat(result.removed()).hasSize((int) result.lines().stream().filter(RoundResult.Line::passed).count());
    }
}
