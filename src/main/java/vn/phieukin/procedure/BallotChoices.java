package vn.phieukin.procedure;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The choices of one valid ballot (or of the valid part of a paper ballot). */
public sealed interface BallotChoices permits BallotChoices.Removal, BallotChoices.Nomination {

    /** One vote per line id. */
    record Removal(Map<String, Vote> votes) implements BallotChoices {
        public Removal {
            votes = new TreeMap<>(votes);
        }
    }

    /** The cadres picked per position id (sorted ascending), for the sections that count. */
    record Nomination(Map<String, List<String>> picks) implements BallotChoices {
        public Nomination {
            TreeMap<String, List<String>> copy = new TreeMap<>();
            picks.forEach((position, cadres) -> copy.put(position, cadres.stream().sorted().toList()));
            picks = copy;
        }
    }
}
