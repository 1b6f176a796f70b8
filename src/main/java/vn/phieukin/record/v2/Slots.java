package vn.phieukin.record.v2;

import java.util.ArrayList;
import java.util.List;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.RemovalLine;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.Section;

/**
 * The slots of a v2 round in ballot order (COMMITTEE.md "The encrypted ballot"): per section its
 * candidate list (the printed candidates, or the whole registry where write-ins are allowed),
 * sorted by cadre id; per removal line AGREE then DISAGREE. A slot's name is its context suffix.
 */
public final class Slots {
    private Slots() {
    }

    /** One group: a section or a line, with its slot names' last parts and the maximum of its sum. */
    public record Group(String id, List<String> cadres, int max) {
    }

    /** The candidate list of a section: printed, or with write-ins the registry, sorted by id. */
    public static List<String> candidates(RoundDefinition round, Section section) {
        List<String> list = new ArrayList<>(section.allowNominations() ? round.registry() : section.candidates());
        if (section.allowNominations()) {
            for (String printed : section.candidates()) {
                if (!list.contains(printed)) {
                    list.add(printed);
                }
            }
        }
        list.sort(String::compareTo);
        return list;
    }

    /** The groups in ballot order: sections (cadres = candidate list) or lines (cadres = [AGREE, DISAGREE]). */
    public static List<Group> groups(RoundDefinition round) {
        List<Group> groups = new ArrayList<>();
        if (round.kind() == BallotKind.REMOVAL) {
            for (RemovalLine line : round.lines()) {
                groups.add(new Group(line.id(), List.of("AGREE", "DISAGREE"), 1));
            }
        } else {
            for (Section section : round.sections()) {
                groups.add(new Group(section.positionId(), candidates(round, section), section.maxSelections()));
            }
        }
        return groups;
    }

    /** Every slot name in ballot order: {@code positionId|cadreId} or {@code lineId|AGREE} / {@code lineId|DISAGREE}. */
    public static List<String> names(RoundDefinition round) {
        List<String> names = new ArrayList<>();
        for (Group g : groups(round)) {
            for (String c : g.cadres()) {
                names.add(g.id() + "|" + c);
            }
        }
        return names;
    }

    /** {@code "phieukin/ballot/v2|" + roundId + "|" + tokenKey}. */
    public static String base(String roundId, String tokenKey) {
        return "phieukin/ballot/v2|" + roundId + "|" + tokenKey;
    }
}
