package vn.phieukin.procedure;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a round's ballot is: its lines (REMOVAL) or sections (NOMINATION), sorted by id as the
 * ballot body lists them, and the registry of cadre ids that write-ins are checked against.
 */
public record RoundDefinition(
        String roundId,
        int step,
        BallotKind kind,
        List<RemovalLine> lines,
        List<Section> sections,
        Set<String> registry) {

    public RoundDefinition {
        Objects.requireNonNull(roundId, "roundId");
        Objects.requireNonNull(kind, "kind");
        Steps.check(step);
        lines = lines.stream().sorted(Comparator.comparing(RemovalLine::id)).toList();
        sections = sections.stream().sorted(Comparator.comparing(Section::positionId)).toList();
        registry = Set.copyOf(registry);
        if (kind == BallotKind.REMOVAL && !sections.isEmpty() || kind == BallotKind.NOMINATION && !lines.isEmpty()) {
            throw new IllegalArgumentException(kind + " round with the other kind's content");
        }
        if (new HashSet<>(lines.stream().map(RemovalLine::id).toList()).size() != lines.size()) {
            throw new IllegalArgumentException("duplicate line id");
        }
        if (new HashSet<>(sections.stream().map(Section::positionId).toList()).size() != sections.size()) {
            throw new IllegalArgumentException("duplicate section");
        }
    }

    public static RoundDefinition removal(String roundId, List<RemovalLine> lines, Set<String> registry) {
        return new RoundDefinition(roundId, 1, BallotKind.REMOVAL, lines, List.of(), registry);
    }

    public static RoundDefinition nomination(String roundId, int step, List<Section> sections, Set<String> registry) {
        return new RoundDefinition(roundId, step, BallotKind.NOMINATION, List.of(), sections, registry);
    }

    public Optional<Section> section(String positionId) {
        return sections.stream().filter(s -> s.positionId().equals(positionId)).findFirst();
    }

    public Optional<RemovalLine> line(String lineId) {
        return lines.stream().filter(l -> l.id().equals(lineId)).findFirst();
    }

    /** Whether {@code cadreId} may be picked in {@code section}: printed, or a registry write-in where allowed. */
    public boolean mayPick(Section section, String cadreId) {
        return section.candidates().contains(cadreId) || section.allowNominations() && registry.contains(cadreId);
    }
}
