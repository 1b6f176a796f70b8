package vn.phieukin.procedure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of rounds, rules, ballots and votes for the properties. Small pools of cadres and
 * ballots given in groups of identical copies, so that equal vote counts (ties) are frequent.
 */
final class ProcedureArbitraries {
    private ProcedureArbitraries() {
    }

    static final List<String> POOL = List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7");
    static final Set<String> REGISTRY = Set.copyOf(POOL);

    /** A nomination round with the ballots cast in it, as the API receives them. */
    record NominationCase(RoundDefinition round, Rules rules, long convened, long present,
            List<Map<String, Object>> electronicBodies, List<PaperEntry> paper) {

        long cast() {
            return electronicBodies.size() + paper.size();
        }
    }

    /** A paper ballot as the secretariat enters it: {@code choices} in the body's form, and the committee's mark. */
    record PaperEntry(List<Object> choices, boolean invalid) {
    }

    /** A removal round with its ballots. */
    record RemovalCase(RoundDefinition round, Rules rules, long convened, long present,
            List<Map<String, Object>> electronicBodies, List<PaperEntry> paper) {
    }

    // ---- rules ------------------------------------------------------------------------------

    static Arbitrary<Threshold> thresholds() {
        return Combinators.combine(Arbitraries.of(Comparator.class), Arbitraries.longs().between(1, 10), Arbitraries.longs().between(1, 10))
                .as((comparator, a, b) -> new Threshold(comparator, new Fraction(Math.min(a, b), Math.max(a, b))));
    }

    static Arbitrary<Rules> nominationRules() {
        return Combinators.combine(thresholds(), Arbitraries.of(Base.class), Arbitraries.of(Selection.class), Arbitraries.of(true, false))
                .as((threshold, base, selection, nominations) ->
                        new Rules(threshold, base, selection == Selection.TOP_DOWN, selection, Fraction.TWO_THIRDS, nominations));
    }

    static Arbitrary<Rules> removalRules() {
        return Combinators.combine(thresholds(), Arbitraries.of(Base.class))
                .as((threshold, base) -> new Rules(threshold, base, true, Selection.ALL_PASSING, Fraction.TWO_THIRDS, false));
    }

    // ---- nomination rounds and ballots ------------------------------------------------------

    private record SectionShape(List<String> printed, int maxSelections, boolean allowNominations) {
    }

    static Arbitrary<RoundDefinition> nominationRounds() {
        Arbitrary<SectionShape> shape = Combinators.combine(
                        Arbitraries.subsetOf(POOL).ofMaxSize(6), Arbitraries.integers().between(0, 3), Arbitraries.of(true, false))
                .as((printed, max, nominations) -> new SectionShape(new ArrayList<>(new TreeSet<>(printed)), max, nominations));
        return shape.list().ofMinSize(1).ofMaxSize(3).map(shapes -> {
            List<Section> sections = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                SectionShape s = shapes.get(i);
                sections.add(new Section("P" + (i + 1), s.maxSelections(), s.printed(), s.allowNominations()));
            }
            return RoundDefinition.nomination("R", 2 + shapes.size() % 3, sections, REGISTRY);
        });
    }

    /** Who may be picked in {@code section}: the printed candidates, and the registry where write-ins are allowed. */
    static List<String> allowed(Section section) {
        Set<String> allowed = new TreeSet<>(section.candidates());
        if (section.allowNominations()) {
            allowed.addAll(REGISTRY);
        }
        return new ArrayList<>(allowed);
    }

    /** Picks for every section, each sorted and within {@code maxSelections + extra}. */
    static Arbitrary<List<Object>> nominationChoices(RoundDefinition round, int extra) {
        List<Arbitrary<Object>> sections = new ArrayList<>();
        for (Section section : round.sections()) {
            List<String> allowed = allowed(section);
            Arbitrary<Set<String>> picks = allowed.isEmpty()
                    ? Arbitraries.just(Set.of()) : Arbitraries.subsetOf(allowed).ofMaxSize(section.maxSelections() + extra);
            sections.add(picks.map(p -> (Object) Fixtures.section(section.positionId(), new TreeSet<>(p).toArray())));
        }
        return Combinators.combine(sections).as(ArrayList::new);
    }

    /** Groups of identical ballots, flattened: {@code (ballot, copies)}. */
    static <T> Arbitrary<List<T>> grouped(Arbitrary<T> ballot, int maxGroups) {
        return Combinators.combine(ballot, Arbitraries.integers().between(1, 4))
                .as((b, n) -> Fixtures.times(n, b))
                .list().ofMaxSize(maxGroups)
                .map(groups -> groups.stream().flatMap(List::stream).toList());
    }

    static Arbitrary<NominationCase> nominationCases() {
        return nominationRounds().flatMap(round -> Combinators.combine(
                nominationRules(),
                grouped(nominationChoices(round, 0).map(choices -> Fixtures.body("R", choices)), 6),
                grouped(Combinators.combine(nominationChoices(round, 1), Arbitraries.integers().between(0, 5))
                        .as((choices, mark) -> new PaperEntry(choices, mark == 0)), 3),
                Arbitraries.longs().between(0, 5),
                Arbitraries.longs().between(0, 5))
                .as((rules, electronic, paper, absent, excluded) -> {
                    long present = Math.max(1, electronic.size() + paper.size() + absent);
                    return new NominationCase(round, rules, present + excluded, present, electronic, paper);
                }));
    }

    // ---- removal rounds and ballots ---------------------------------------------------------

    static Arbitrary<RoundDefinition> removalRounds() {
        return Arbitraries.integers().between(1, 4).map(n -> {
            List<RemovalLine> lines = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                lines.add(new RemovalLine("L" + i, POOL.get(i), "P" + (i % 2 + 1)));
            }
            return RoundDefinition.removal("R", lines, REGISTRY);
        });
    }

    static Arbitrary<List<Object>> removalChoices(RoundDefinition round, boolean everyLine) {
        List<Arbitrary<Object>> lines = new ArrayList<>();
        for (RemovalLine line : round.lines()) {
            Arbitrary<Object> vote = Arbitraries.of(Vote.class).map(v -> (Object) Fixtures.line(line.id(), v.name()));
            lines.add(everyLine ? vote : Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(3, vote), net.jqwik.api.Tuple.of(1, Arbitraries.just((Object) null))));
        }
        return Combinators.combine(lines).as(list -> new ArrayList<>(list.stream().filter(java.util.Objects::nonNull).toList()));
    }

    static Arbitrary<RemovalCase> removalCases() {
        return removalRounds().flatMap(round -> Combinators.combine(
                removalRules(),
                grouped(removalChoices(round, true).map(choices -> Fixtures.body("R", choices)), 6),
                grouped(Combinators.combine(removalChoices(round, false), Arbitraries.integers().between(0, 5))
                        .as((choices, mark) -> new PaperEntry(choices, mark == 0)), 3),
                Arbitraries.longs().between(0, 5),
                Arbitraries.longs().between(0, 5))
                .as((rules, electronic, paper, absent, excluded) -> {
                    long present = Math.max(1, electronic.size() + paper.size() + absent);
                    return new RemovalCase(round, rules, present + excluded, present, electronic, paper);
                }));
    }

    // ---- one top-down position --------------------------------------------------------------

    /** One position: open slots, and votes per candidate drawn from a few values so that ties are common. */
    record PositionCase(int slots, Map<String, Long> votes, Threshold threshold, long base) {
    }

    static Arbitrary<PositionCase> positionCases() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 8),
                        thresholds(),
                        Arbitraries.longs().between(1, 12))
                .flatAs((slots, candidates, threshold, base) -> voteLists(candidates, base)
                        .map(votes -> {
                            Map<String, Long> byCadre = new LinkedHashMap<>();
                            for (int i = 0; i < votes.size(); i++) {
                                byCadre.put(POOL.get(i), votes.get(i));
                            }
                            return new PositionCase(slots, byCadre, threshold, base);
                        }));
    }

    /** Votes anywhere in [0, base], or (as often) drawn from only two levels so that several candidates tie. */
    private static Arbitrary<List<Long>> voteLists(int candidates, long base) {
        Arbitrary<List<Long>> anywhere = Arbitraries.longs().between(0, base).list().ofSize(candidates);
        Arbitrary<List<Long>> twoLevels = Arbitraries.longs().between(0, base).list().ofSize(2)
                .flatMap(levels -> Arbitraries.of(levels).list().ofSize(candidates));
        return Arbitraries.oneOf(anywhere, twoLevels);
    }

    /** The result of {@code position} under top-down selection, with the given decisions. */
    static RoundResult.PositionResult topDown(PositionCase position, List<ChairDecision> decisions) {
        return nominationResult(position, Selection.TOP_DOWN, decisions).position("P").orElseThrow();
    }

    static RoundResult.Nomination nominationResult(PositionCase position, Selection selection, List<ChairDecision> decisions) {
        Rules rules = new Rules(position.threshold(), Base.CONVENED, true, selection, Fraction.TWO_THIRDS, false);
        RoundDefinition round = RoundDefinition.nomination("R", 4,
                List.of(new Section("P", position.slots(), List.copyOf(position.votes().keySet()), false)), REGISTRY);
        Tally tally = new Tally.Nomination(new BallotCounts(position.base(), position.base(), 0), Map.of("P", position.votes()),
                Map.of());
        return (RoundResult.Nomination) Results.compute(round, rules, tally, new RoundResult.BaseValue(Base.CONVENED, position.base()),
                decisions);
    }
}
