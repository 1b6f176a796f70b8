package vn.phieukin.procedure;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One position on a nomination ballot: the printed candidates, how many a delegate may pick
 * (the open slots), and whether cadres not printed may be written in from the registry.
 */
public record Section(String positionId, int maxSelections, List<String> candidates, boolean allowNominations) {
    public Section {
        Objects.requireNonNull(positionId, "positionId");
        candidates = List.copyOf(candidates);
        if (maxSelections < 0) {
            throw new IllegalArgumentException("maxSelections must not be negative: " + maxSelections);
        }
        if (new HashSet<>(candidates).size() != candidates.size()) {
            throw new IllegalArgumentException("a candidate is printed twice in section " + positionId);
        }
    }
}
