package vn.phieukin.procedure;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The planning as the review goes on: who was planned before it, who step 1 removed, the open
 * slots that follow, and each step's ballot built from the step before (PROCEDURE.md).
 */
public record Planning(List<Position> positions, List<PlanningEntry> plannedBefore, List<PlanningEntry> removed) {

    public Planning {
        positions = List.copyOf(positions);
        plannedBefore = List.copyOf(plannedBefore);
        removed = List.copyOf(removed);
    }

    /** Still planned for {@code positionId}: planned before the review and not removed at step 1. */
    public List<String> stillPlanned(String positionId) {
        Set<PlanningEntry> gone = new HashSet<>(removed);
        return plannedBefore.stream().filter(e -> e.positionId().equals(positionId) && !gone.contains(e))
                .map(PlanningEntry::cadreId).toList();
    }

    /** {@code maxPlanned} − still planned, never below zero. */
    public int openSlots(String positionId) {
        Position position = position(positionId);
        return Math.max(0, position.maxPlanned() - stillPlanned(positionId).size());
    }

    public Position position(String positionId) {
        return positions.stream().filter(p -> p.id().equals(positionId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown position " + positionId));
    }

    /**
     * Step 1: one line per planned (cadre, position), numbered L1, L2, … in the order given,
     * zero-padded to the same width (L01 … L12) so that the ballot's order by id is this order.
     */
    public List<RemovalLine> removalLines() {
        String format = "L%0" + String.valueOf(plannedBefore.size()).length() + "d";
        List<RemovalLine> lines = new ArrayList<>();
        for (PlanningEntry entry : plannedBefore) {
            lines.add(new RemovalLine(String.format(java.util.Locale.ROOT, format, lines.size() + 1), entry.cadreId(), entry.positionId()));
        }
        return lines;
    }

    /** A nomination ballot and the warnings to show before it opens. */
    public record BuiltBallot(List<Section> sections, List<BallotWarning> warnings) {
        public BuiltBallot {
            sections = List.copyOf(sections);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Steps 2 to 4: a section per position with open slots, printing {@code candidates} for it
     * (step 2: the supplementary list; 3 and 4: the previous step's passers) sorted by cadre id,
     * and letting a delegate pick up to the open slots. Positions with no open slot get no section.
     */
    public BuiltBallot nominationBallot(Map<String, List<String>> candidates, boolean allowNominations) {
        List<Section> sections = new ArrayList<>();
        List<BallotWarning> warnings = new ArrayList<>();
        for (Position position : positions) {
            int slots = openSlots(position.id());
            // by id, never in the order given: a list carried from an unannounced step may be in rank order
            List<String> printed = candidates.getOrDefault(position.id(), List.of()).stream().distinct().sorted().toList();
            if (slots == 0) {
                warnings.add(new BallotWarning(BallotWarning.NO_OPEN_SLOTS, position.id(), "Chức danh " + position.name()
                        + " đã đủ " + position.maxPlanned() + " cán bộ quy hoạch: không đưa vào phiếu."));
                continue;
            }
            Section section = new Section(position.id(), slots, printed, allowNominations);
            sections.add(section);
            surplusWarning(section, position.name()).ifPresent(warnings::add);
        }
        return new BuiltBallot(sections, warnings);
    }

    /** "Phải có số dư" (seed 001): warn when a section prints no more candidates than open slots. */
    public static java.util.Optional<BallotWarning> surplusWarning(Section section, String positionName) {
        Objects.requireNonNull(positionName, "positionName");
        if (section.candidates().size() > section.maxSelections()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new BallotWarning(BallotWarning.NO_SURPLUS, section.positionId(), "Chức danh " + positionName
                + ": " + section.candidates().size() + " người trên phiếu cho " + section.maxSelections()
                + " chỗ còn trống, chưa bảo đảm số dư."));
    }

    /**
     * The passers of a nomination round per position, sorted by cadre id: the next step's
     * candidates. Not in rank order, because steps 2 and 3 do not announce their results and the
     * next ballot must not reveal them.
     */
    public static Map<String, List<String>> passers(RoundResult.Nomination result) {
        Map<String, List<String>> passers = new LinkedHashMap<>();
        result.positions().forEach(p -> passers.put(p.positionId(), p.passers().stream().sorted().toList()));
        return passers;
    }

    /** The cadres a round puts forward per position: passers (ALL_PASSING) or the top-down choice. */
    public static Map<String, List<String>> selected(RoundResult.Nomination result) {
        Map<String, List<String>> selected = new LinkedHashMap<>();
        result.positions().forEach(p -> selected.put(p.positionId(), p.selected()));
        return selected;
    }

    /** After step 4: per position, the cadres still planned followed by those proposed. */
    public Map<String, List<String>> finalList(Map<String, List<String>> proposed) {
        Map<String, List<String>> list = new LinkedHashMap<>();
        for (Position position : positions) {
            List<String> cadres = new ArrayList<>(stillPlanned(position.id()));
            proposed.getOrDefault(position.id(), List.of()).stream().filter(c -> !cadres.contains(c)).forEach(cadres::add);
            list.put(position.id(), cadres);
        }
        return list;
    }
}
