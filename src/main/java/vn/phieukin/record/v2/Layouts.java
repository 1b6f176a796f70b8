package vn.phieukin.record.v2;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.RemovalLine;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.Section;

/**
 * A round's v2 ballot layout (COMMITTEE.md "The encrypted ballot"): per section its candidate
 * list, the printed candidates or, where write-ins are allowed, every cadre of the review's
 * registry (sorted by cadre id); per removal line AGREE and DISAGREE.
 */
public final class Layouts {
    private Layouts() {
    }

    public static BallotLayout of(RoundDefinition round) {
        if (round.kind() == BallotKind.REMOVAL) {
            return new BallotLayout.Removal(round.lines().stream().map(RemovalLine::id).toList());
        }
        List<BallotLayout.Section> sections = new ArrayList<>();
        for (Section s : round.sections()) {
            sections.add(new BallotLayout.Section(s.positionId(), candidates(round, s), s.maxSelections()));
        }
        return new BallotLayout.Nomination(sections);
    }

    /** The candidate list of a section, sorted by cadre id. */
    public static List<String> candidates(RoundDefinition round, Section section) {
        TreeSet<String> list = new TreeSet<>(section.candidates());
        if (section.allowNominations()) {
            list.addAll(round.registry());
        }
        return List.copyOf(list);
    }
}
