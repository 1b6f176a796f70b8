package vn.phieukin.procedure;

import java.util.List;
import java.util.Optional;

/** What a closed round decided, in the shape of the API's result (without the structure report). */
public sealed interface RoundResult permits RoundResult.Removal, RoundResult.Nomination {

    String roundId();

    int step();

    BaseValue base();

    Threshold threshold();

    BallotCounts ballots();

    /** The base the votes were counted against, and its value. */
    record BaseValue(Base kind, long value) {
    }

    record Line(String id, String cadreId, String positionId, long agree, long disagree, long none, String percent,
            boolean passed) {
    }

    record Removal(String roundId, int step, BaseValue base, Threshold threshold, BallotCounts ballots, List<Line> lines)
            implements RoundResult {
        public Removal {
            lines = List.copyOf(lines);
        }

        /** The planning entries removed by this round. */
        public List<PlanningEntry> removed() {
            return lines.stream().filter(Line::passed).map(l -> new PlanningEntry(l.cadreId(), l.positionId())).toList();
        }
    }

    /**
     * {@code tied}: the candidate is one of those with equal votes straddling the cut-off of a
     * top-down selection (whether or not the chair has decided yet).
     */
    record Candidate(String cadreId, long votes, String percent, boolean passed, boolean tied) {
    }

    record PositionResult(String positionId, int openSlots, boolean pendingDecision, List<String> selected,
            List<Candidate> candidates) {
        public PositionResult {
            selected = List.copyOf(selected);
            candidates = List.copyOf(candidates);
        }

        public List<String> passers() {
            return candidates.stream().filter(Candidate::passed).map(Candidate::cadreId).toList();
        }

        public List<String> tiedCandidates() {
            return candidates.stream().filter(Candidate::tied).map(Candidate::cadreId).toList();
        }
    }

    record Nomination(String roundId, int step, BaseValue base, Threshold threshold, BallotCounts ballots,
            List<PositionResult> positions) implements RoundResult {
        public Nomination {
            positions = List.copyOf(positions);
        }

        public Optional<PositionResult> position(String positionId) {
            return positions.stream().filter(p -> p.positionId().equals(positionId)).findFirst();
        }

        public boolean pendingDecision() {
            return positions.stream().anyMatch(PositionResult::pendingDecision);
        }
    }
}
