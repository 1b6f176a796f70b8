package vn.phieukin.procedure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks ballots against their round (PROCEDURE.md "Ballot validity"). Input is plain parsed
 * JSON (Map, List, String, Number, Boolean), so the server and the offline verifier share it.
 * <ul>
 * <li>Electronic: the body must be exactly the form of PROTOCOL.md (every line or section once,
 * sorted by id, cadre lists sorted, no duplicate, allowed picks, no over-selection); anything
 * else is refused with the reason and nothing is stored.</li>
 * <li>Paper: entered by the secretariat; an over-selected section is invalid for that section
 * only, the committee may mark the whole ballot invalid; entry mistakes are refused.</li>
 * </ul>
 */
public final class BallotValidation {

    public static final String INVALID_BALLOT = "INVALID_BALLOT";
    private static final String BAD_REQUEST = "BAD_REQUEST";

    private static final Set<String> BODY_KEYS = Set.of("round", "choices");
    private static final Set<String> LINE_KEYS = Set.of("line", "vote");
    private static final Set<String> SECTION_KEYS = Set.of("position", "cadres");

    private BallotValidation() {
    }

    /** The first key of {@code map} (in sorted order, so the message is stable) that is not allowed, or null. */
    private static Object extraKey(Map<?, ?> map, Set<String> allowed) {
        return map.keySet().stream().filter(k -> !allowed.contains(k)).map(String::valueOf).sorted().findFirst().orElse(null);
    }

    /** Validates an electronic ballot body {@code {"round", "choices"}} for {@code round}. */
    public static Outcome<BallotChoices> electronic(RoundDefinition round, Object body) {
        if (!(body instanceof Map<?, ?> map)) {
            return invalid("Phiếu không đúng định dạng: thân phiếu (body) phải là một đối tượng JSON.");
        }
        // Only the form of PROTOCOL.md: any other field is published with the ballot and could mark it as someone's.
        Object extra = extraKey(map, BODY_KEYS);
        if (extra != null) {
            return invalid("Phiếu có trường không thuộc mẫu phiếu: \"" + extra + "\" (thân phiếu chỉ gồm round và choices).");
        }
        Object roundId = map.get("round");
        if (!(roundId instanceof String)) {
            return invalid("Phiếu thiếu mã phiên bỏ phiếu (body.round).");
        }
        if (!round.roundId().equals(roundId)) {
            return invalid("Phiếu ghi phiên \"" + roundId + "\" nhưng được gửi vào phiên \"" + round.roundId() + "\".");
        }
        if (!(map.get("choices") instanceof List<?> choices)) {
            return invalid("Phiếu thiếu danh sách lựa chọn (body.choices).");
        }
        return round.kind() == BallotKind.REMOVAL ? electronicRemoval(round, choices) : electronicNomination(round, choices);
    }

    private static Outcome<BallotChoices> electronicRemoval(RoundDefinition round, List<?> choices) {
        if (choices.size() != round.lines().size()) {
            return invalid("Phiếu phải có đúng " + round.lines().size() + " dòng, phiếu gửi có " + choices.size() + " dòng.");
        }
        Map<String, Vote> votes = new LinkedHashMap<>();
        for (int i = 0; i < choices.size(); i++) {
            RemovalLine expected = round.lines().get(i);
            if (!(choices.get(i) instanceof Map<?, ?> choice) || !(choice.get("line") instanceof String lineId)) {
                return invalid("Dòng thứ " + (i + 1) + " của phiếu không đúng định dạng {\"line\", \"vote\"}.");
            }
            Object extra = extraKey(choice, LINE_KEYS);
            if (extra != null) {
                return invalid("Dòng thứ " + (i + 1) + " của phiếu có trường không thuộc mẫu phiếu: \"" + extra + "\".");
            }
            if (!lineId.equals(expected.id())) {
                return invalid(round.line(lineId).isEmpty()
                        ? "Dòng \"" + lineId + "\" không có trên phiếu của phiên này."
                        : "Các dòng phải theo thứ tự mã tăng dần, mỗi dòng một lần: vị trí thứ " + (i + 1)
                                + " phải là dòng \"" + expected.id() + "\", phiếu gửi là \"" + lineId + "\".");
            }
            Vote vote = parseVote(choice.get("vote"));
            if (vote == null) {
                return invalid("Dòng \"" + lineId + "\": ý kiến phải là AGREE, DISAGREE hoặc NONE.");
            }
            votes.put(lineId, vote);
        }
        return Outcome.accepted(new BallotChoices.Removal(votes));
    }

    private static Outcome<BallotChoices> electronicNomination(RoundDefinition round, List<?> choices) {
        if (choices.size() != round.sections().size()) {
            return invalid("Phiếu phải có đúng " + round.sections().size() + " phần chức danh, phiếu gửi có " + choices.size() + ".");
        }
        Map<String, List<String>> picks = new LinkedHashMap<>();
        for (int i = 0; i < choices.size(); i++) {
            Section expected = round.sections().get(i);
            if (!(choices.get(i) instanceof Map<?, ?> choice) || !(choice.get("position") instanceof String positionId)
                    || !(choice.get("cadres") instanceof List<?> cadres)) {
                return invalid("Phần thứ " + (i + 1) + " của phiếu không đúng định dạng {\"position\", \"cadres\": [...]}.");
            }
            Object extra = extraKey(choice, SECTION_KEYS);
            if (extra != null) {
                return invalid("Phần thứ " + (i + 1) + " của phiếu có trường không thuộc mẫu phiếu: \"" + extra + "\".");
            }
            if (!positionId.equals(expected.positionId())) {
                return invalid(round.section(positionId).isEmpty()
                        ? "Chức danh \"" + positionId + "\" không có trên phiếu của phiên này."
                        : "Các phần phải theo thứ tự mã chức danh tăng dần, mỗi chức danh một lần: vị trí thứ " + (i + 1)
                                + " phải là \"" + expected.positionId() + "\", phiếu gửi là \"" + positionId + "\".");
            }
            List<String> ids = new ArrayList<>();
            for (Object cadre : cadres) {
                if (!(cadre instanceof String id)) {
                    return invalid("Chức danh \"" + positionId + "\": mỗi lựa chọn phải là mã cán bộ (chuỗi).");
                }
                ids.add(id);
            }
            Outcome<List<String>> checked = checkPicks(round, expected, ids, true);
            if (!checked.isAccepted()) {
                return Outcome.refused(checked.refusal());
            }
            picks.put(positionId, ids);
        }
        return Outcome.accepted(new BallotChoices.Nomination(picks));
    }

    /**
     * Checks the picks of one section: each may be picked, no duplicate, and (electronic) sorted
     * and within the number allowed. Over-selection is reported with code OVER_SELECTION.
     */
    private static Outcome<List<String>> checkPicks(RoundDefinition round, Section section, List<String> ids, boolean electronic) {
        String code = electronic ? INVALID_BALLOT : BAD_REQUEST;
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                return Outcome.refused(code, "Chức danh \"" + section.positionId() + "\": cán bộ \"" + id + "\" được chọn hai lần.");
            }
            if (!round.mayPick(section, id)) {
                return Outcome.refused(code, section.allowNominations()
                        ? "Chức danh \"" + section.positionId() + "\": \"" + id + "\" không có trong danh sách cán bộ của đợt rà soát."
                        : "Chức danh \"" + section.positionId() + "\": cán bộ \"" + id + "\" không có tên trên phiếu và phiếu này "
                                + "không cho giới thiệu thêm.");
            }
        }
        if (electronic && !ids.equals(ids.stream().sorted().toList())) {
            return Outcome.refused(code, "Chức danh \"" + section.positionId() + "\": danh sách cán bộ phải xếp theo mã tăng dần.");
        }
        if (ids.size() > section.maxSelections()) {
            return Outcome.refused(electronic ? code : "OVER_SELECTION", "Chức danh \"" + section.positionId() + "\": chọn "
                    + ids.size() + " người, nhiều hơn số được giới thiệu (không quá " + section.maxSelections() + " người).");
        }
        return Outcome.accepted(ids);
    }

    /**
     * Reads a paper ballot's {@code choices} (same form as the body's; order free, lines or
     * sections left out mean no choice there). Refuses entry mistakes (unknown line or position,
     * a duplicate, a cadre who cannot be picked) with BAD_REQUEST; an over-selected section
     * makes that section invalid. {@code invalid} marks the whole ballot invalid (choices ignored).
     */
    public static Outcome<PaperBallot> paper(RoundDefinition round, Object choicesJson, boolean invalid) {
        BallotChoices empty = round.kind() == BallotKind.REMOVAL
                ? new BallotChoices.Removal(Map.of()) : new BallotChoices.Nomination(Map.of());
        if (invalid) {
            return Outcome.accepted(new PaperBallot(true, empty, Set.of()));
        }
        if (!(choicesJson instanceof List<?> choices)) {
            return Outcome.refused(BAD_REQUEST, "Thiếu danh sách lựa chọn (choices) của phiếu giấy.");
        }
        return round.kind() == BallotKind.REMOVAL ? paperRemoval(round, choices) : paperNomination(round, choices);
    }

    private static Outcome<PaperBallot> paperRemoval(RoundDefinition round, List<?> choices) {
        Map<String, Vote> votes = new HashMap<>();
        for (RemovalLine line : round.lines()) {
            votes.put(line.id(), Vote.NONE);
        }
        Set<String> seen = new HashSet<>();
        for (Object item : choices) {
            if (!(item instanceof Map<?, ?> choice) || !(choice.get("line") instanceof String lineId)) {
                return Outcome.refused(BAD_REQUEST, "Mỗi lựa chọn của phiếu giấy phải có dạng {\"line\", \"vote\"}.");
            }
            if (round.line(lineId).isEmpty()) {
                return Outcome.refused(BAD_REQUEST, "Dòng \"" + lineId + "\" không có trên phiếu của phiên này.");
            }
            if (!seen.add(lineId)) {
                return Outcome.refused(BAD_REQUEST, "Dòng \"" + lineId + "\" được nhập hai lần.");
            }
            Vote vote = parseVote(choice.get("vote"));
            if (vote == null) {
                return Outcome.refused(BAD_REQUEST, "Dòng \"" + lineId + "\": ý kiến phải là AGREE, DISAGREE hoặc NONE.");
            }
            votes.put(lineId, vote);
        }
        return Outcome.accepted(new PaperBallot(false, new BallotChoices.Removal(votes), Set.of()));
    }

    private static Outcome<PaperBallot> paperNomination(RoundDefinition round, List<?> choices) {
        Map<String, List<String>> picks = new HashMap<>();
        for (Section section : round.sections()) {
            picks.put(section.positionId(), List.of());
        }
        Set<String> seen = new HashSet<>();
        Set<String> invalidSections = new HashSet<>();
        for (Object item : choices) {
            if (!(item instanceof Map<?, ?> choice) || !(choice.get("position") instanceof String positionId)
                    || !(choice.get("cadres") instanceof List<?> cadres)) {
                return Outcome.refused(BAD_REQUEST, "Mỗi phần của phiếu giấy phải có dạng {\"position\", \"cadres\": [...]}.");
            }
            var section = round.section(positionId);
            if (section.isEmpty()) {
                return Outcome.refused(BAD_REQUEST, "Chức danh \"" + positionId + "\" không có trên phiếu của phiên này.");
            }
            if (!seen.add(positionId)) {
                return Outcome.refused(BAD_REQUEST, "Chức danh \"" + positionId + "\" được nhập hai lần.");
            }
            List<String> ids = new ArrayList<>();
            for (Object cadre : cadres) {
                if (!(cadre instanceof String id)) {
                    return Outcome.refused(BAD_REQUEST, "Chức danh \"" + positionId + "\": mỗi lựa chọn phải là mã cán bộ (chuỗi).");
                }
                ids.add(id);
            }
            Outcome<List<String>> checked = checkPicks(round, section.get(), ids, false);
            if (checked.isAccepted()) {
                picks.put(positionId, ids);
            } else if (checked.refusal().code().equals("OVER_SELECTION")) {
                invalidSections.add(positionId);
                picks.remove(positionId);
            } else {
                return Outcome.refused(checked.refusal());
            }
        }
        return Outcome.accepted(new PaperBallot(false, new BallotChoices.Nomination(picks), invalidSections));
    }

    private static Vote parseVote(Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        for (Vote vote : Vote.values()) {
            if (vote.name().equals(text)) {
                return vote;
            }
        }
        return null;
    }

    private static <T> Outcome<T> invalid(String message) {
        return Outcome.refused(INVALID_BALLOT, message);
    }
}
