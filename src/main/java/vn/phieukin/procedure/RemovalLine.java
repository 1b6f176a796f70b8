package vn.phieukin.procedure;

import java.util.Objects;

/** One line of a step-1 ballot: should this cadre be removed from planning for this position? */
public record RemovalLine(String id, String cadreId, String positionId) {
    public RemovalLine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cadreId, "cadreId");
        Objects.requireNonNull(positionId, "positionId");
    }

    public PlanningEntry entry() {
        return new PlanningEntry(cadreId, positionId);
    }
}
