package vn.phieukin.procedure;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The Bí thư's choice among candidates tied at the cut-off of one position, who made it and when. */
public record ChairDecision(String positionId, List<String> chosen, String decidedBy, Instant decidedAt) {
    public ChairDecision {
        Objects.requireNonNull(positionId, "positionId");
        Objects.requireNonNull(decidedBy, "decidedBy");
        Objects.requireNonNull(decidedAt, "decidedAt");
        chosen = chosen.stream().sorted().toList();
    }
}
