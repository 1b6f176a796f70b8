package vn.phieukin.procedure;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts a round's ballots. Electronic ballots reaching the count were all valid when cast;
 * paper ballots may be wholly invalid or have invalid sections. Order never matters.
 */
public final class Tallying {
    private Tallying() {
    }

    public static Tally tally(RoundDefinition round, List<BallotChoices> electronic, List<PaperBallot> paper) {
        long invalid = paper.stream().filter(PaperBallot::invalid).count();
        long cast = electronic.size() + paper.size();
        BallotCounts counts = new BallotCounts(cast, cast - invalid, invalid);
        List<BallotChoices> valid = new java.util.ArrayList<>(electronic);
        paper.stream().filter(p -> !p.invalid()).map(PaperBallot::choices).forEach(valid::add);
        return round.kind() == BallotKind.REMOVAL ? removal(round, counts, valid) : nomination(round, counts, valid, paper);
    }

    private static Tally removal(RoundDefinition round, BallotCounts counts, List<BallotChoices> valid) {
        Map<String, long[]> counters = new TreeMap<>();
        round.lines().forEach(line -> counters.put(line.id(), new long[3]));
        for (BallotChoices choices : valid) {
            if (!(choices instanceof BallotChoices.Removal removal)) {
                throw new IllegalArgumentException("nomination choices in a removal round");
            }
            for (RemovalLine line : round.lines()) {
                Vote vote = removal.votes().getOrDefault(line.id(), Vote.NONE);
                counters.get(line.id())[vote.ordinal()]++;
            }
        }
        Map<String, Tally.LineCount> lines = new TreeMap<>();
        counters.forEach((id, c) -> lines.put(id, new Tally.LineCount(c[Vote.AGREE.ordinal()], c[Vote.DISAGREE.ordinal()],
                c[Vote.NONE.ordinal()])));
        return new Tally.Removal(counts, lines);
    }

    private static Tally nomination(RoundDefinition round, BallotCounts counts, List<BallotChoices> valid, List<PaperBallot> paper) {
        Map<String, Map<String, Long>> positions = new TreeMap<>();
        for (Section section : round.sections()) {
            Map<String, Long> votes = new TreeMap<>();
            section.candidates().forEach(c -> votes.put(c, 0L));
            positions.put(section.positionId(), votes);
        }
        for (BallotChoices choices : valid) {
            if (!(choices instanceof BallotChoices.Nomination nomination)) {
                throw new IllegalArgumentException("removal choices in a nomination round");
            }
            nomination.picks().forEach((position, cadres) -> {
                Map<String, Long> votes = positions.get(position);
                if (votes == null) {
                    throw new IllegalArgumentException("pick for a position not on the ballot: " + position);
                }
                cadres.forEach(c -> votes.merge(c, 1L, Long::sum));
            });
        }
        Map<String, Long> invalidSections = new HashMap<>();
        paper.stream().filter(p -> !p.invalid())
                .forEach(p -> p.invalidSections().forEach(s -> invalidSections.merge(s, 1L, Long::sum)));
        return new Tally.Nomination(counts, positions, invalidSections);
    }
}
