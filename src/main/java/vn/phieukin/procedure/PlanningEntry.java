package vn.phieukin.procedure;

import java.util.Objects;

/** One cadre planned (or proposed) for one position. */
public record PlanningEntry(String cadreId, String positionId) {
    public PlanningEntry {
        Objects.requireNonNull(cadreId, "cadreId");
        Objects.requireNonNull(positionId, "positionId");
    }
}
