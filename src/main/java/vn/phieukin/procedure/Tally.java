package vn.phieukin.procedure;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The raw counts of a round, recomputable by anyone from its ballots. */
public sealed interface Tally permits Tally.Removal, Tally.Nomination {

    BallotCounts ballots();

    /** Agree / disagree / none per line. */
    record LineCount(long agree, long disagree, long none) {
    }

    /** Per line id. */
    record Removal(BallotCounts ballots, Map<String, LineCount> lines) implements Tally {
        public Removal {
            lines = Collections.unmodifiableMap(new TreeMap<>(lines));
        }
    }

    /**
     * Votes per position per cadre (printed candidates with zero included, write-ins with at
     * least one vote), and per position the paper sections set aside as over-selected.
     */
    record Nomination(BallotCounts ballots, Map<String, Map<String, Long>> positions, Map<String, Long> invalidSections)
            implements Tally {
        public Nomination {
            TreeMap<String, Map<String, Long>> copy = new TreeMap<>();
            positions.forEach((p, votes) -> copy.put(p, Collections.unmodifiableMap(new TreeMap<>(votes))));
            positions = Collections.unmodifiableMap(copy);
            invalidSections = Collections.unmodifiableMap(new TreeMap<>(invalidSections));
        }
    }
}
