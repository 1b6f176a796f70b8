package vn.phieukin.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.BallotWarning;
import vn.phieukin.procedure.Planning;
import vn.phieukin.procedure.PlanningEntry;
import vn.phieukin.procedure.Position;
import vn.phieukin.procedure.RemovalLine;
import vn.phieukin.procedure.Rules;
import vn.phieukin.procedure.Section;
import vn.phieukin.store.RefusedException;

/**
 * The ballot of a new round: built from the review (step 1: every planned line; step 2: the
 * supplementary list; steps 3 and 4: the previous step's passers) or given explicitly by the
 * secretariat ({@code lines} or {@code sections}), checked against the review's positions,
 * cadres and open slots. Warnings (no surplus, a full position) never refuse.
 */
public final class RoundBallots {

    /** A ballot ready to be stored as a draft round. */
    public record Ballot(BallotKind kind, List<RemovalLine> lines, List<Section> sections, List<BallotWarning> warnings) {
        public Ballot {
            lines = List.copyOf(lines);
            sections = List.copyOf(sections);
            warnings = List.copyOf(warnings);
        }
    }

    private RoundBallots() {
    }

    /**
     * @param planning  the planning of the review (removed: step-1 passers, when step 1 is closed)
     * @param printed   steps 2 to 4: the candidates per position id (supplementary list or passers)
     */
    public static Ballot fromReview(int step, Rules rules, Planning planning, Map<String, List<String>> printed) {
        if (step == 1) {
            List<RemovalLine> lines = planning.removalLines();
            if (lines.isEmpty()) {
                throw Refusals.badRequest("Đợt rà soát chưa có cán bộ nào trong quy hoạch (danh sách planned trống): "
                        + "không có dòng nào để đưa vào phiếu bước 1.");
            }
            return new Ballot(BallotKind.REMOVAL, lines, List.of(), List.of());
        }
        Planning.BuiltBallot built = planning.nominationBallot(printed, rules.allowNominations());
        requireSomeSection(built.sections());
        return new Ballot(BallotKind.NOMINATION, List.of(), built.sections(), built.warnings());
    }

    /**
     * A ballot given in the request: {@code lines:[{cadreId, positionId}]} at step 1 (each a
     * planned line; ids L1, L2, … in the order given) or {@code sections:[{positionId,
     * maxSelections?, candidates:[cadreId…], allowNominations?}]} at steps 2 to 4 (maxSelections
     * from 1 to the open slots, default the open slots; allowNominations default from the rules).
     */
    public static Ballot explicit(int step, Rules rules, Planning planning, Set<String> registry, JsonObject body) {
        if (step == 1) {
            if (body.containsKey("sections")) {
                throw Refusals.badField("sections", "phiếu bước 1 (đưa ra khỏi quy hoạch) gồm các dòng \"lines\", không có \"sections\"");
            }
            return new Ballot(BallotKind.REMOVAL, explicitLines(planning, array(body, "lines")), List.of(), List.of());
        }
        if (body.containsKey("lines")) {
            throw Refusals.badField("lines", "phiếu bước " + step + " (giới thiệu nhân sự) gồm các phần \"sections\", không có \"lines\"");
        }
        JsonArray given = array(body, "sections");
        List<Section> sections = new ArrayList<>();
        List<BallotWarning> warnings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String at = "sections[" + i + "]";
            JsonObject item = object(given.getValue(i), at);
            String positionId = text(item, "positionId", at);
            Position position = position(planning, positionId, at + ".positionId");
            if (!seen.add(positionId)) {
                throw Refusals.badField(at + ".positionId", "chức danh \"" + position.name() + "\" có hai phần trên phiếu");
            }
            int slots = planning.openSlots(positionId);
            if (slots == 0) {
                throw Refusals.badField(at + ".positionId", "chức danh \"" + position.name() + "\" đã đủ "
                        + position.maxPlanned() + " cán bộ quy hoạch, không còn chỗ trống để giới thiệu");
            }
            int max = slots;
            if (item.getValue("maxSelections") != null) {
                max = positiveInteger(item.getValue("maxSelections"), at + ".maxSelections");
                if (max > slots) {
                    throw Refusals.badField(at + ".maxSelections", "chức danh \"" + position.name() + "\" chỉ còn " + slots
                            + " chỗ trống, không thể cho chọn " + max + " người");
                }
            }
            List<String> candidates = new ArrayList<>();
            JsonArray printed = item.getValue("candidates") == null ? new JsonArray() : array(item, "candidates", at);
            for (int j = 0; j < printed.size(); j++) {
                String cadreAt = at + ".candidates[" + j + "]";
                if (!(printed.getValue(j) instanceof String cadreId)) {
                    throw Refusals.badField(cadreAt, "phải là mã cán bộ (chuỗi)");
                }
                if (!registry.contains(cadreId)) {
                    throw Refusals.badField(cadreAt, "không có cán bộ này trong danh sách cán bộ của đợt rà soát");
                }
                if (candidates.contains(cadreId)) {
                    throw Refusals.badField(cadreAt, "cán bộ này được in hai lần trong phần này (xem " + at + ".candidates)");
                }
                candidates.add(cadreId);
            }
            Object allow = item.getValue("allowNominations");
            if (allow != null && !(allow instanceof Boolean)) {
                throw Refusals.badField(at + ".allowNominations", "phải là true hoặc false");
            }
            boolean nominations = allow == null ? rules.allowNominations() : (Boolean) allow;
            Section section = new Section(positionId, max, candidates, nominations);
            sections.add(section);
            Planning.surplusWarning(section, position.name()).ifPresent(warnings::add);
        }
        requireSomeSection(sections);
        return new Ballot(BallotKind.NOMINATION, List.of(), sections, warnings);
    }

    private static List<RemovalLine> explicitLines(Planning planning, JsonArray given) {
        Set<PlanningEntry> planned = new HashSet<>(planning.plannedBefore());
        Map<PlanningEntry, String> lines = new LinkedHashMap<>();
        for (int i = 0; i < given.size(); i++) {
            String at = "lines[" + i + "]";
            JsonObject item = object(given.getValue(i), at);
            PlanningEntry entry = new PlanningEntry(text(item, "cadreId", at), text(item, "positionId", at));
            Position position = position(planning, entry.positionId(), at + ".positionId");
            if (!planned.contains(entry)) {
                throw Refusals.badField(at, "cán bộ của dòng này không có trong quy hoạch chức danh \""
                        + position.name() + "\" trước đợt rà soát");
            }
            if (lines.containsKey(entry)) {
                throw Refusals.badField(at, "dòng này (chức danh \"" + position.name()
                        + "\") có hai lần trên phiếu");
            }
            lines.put(entry, "L" + (lines.size() + 1));
        }
        if (lines.isEmpty()) {
            throw Refusals.badField("lines", "cần ít nhất một dòng");
        }
        List<RemovalLine> out = new ArrayList<>();
        lines.forEach((entry, id) -> out.add(new RemovalLine(id, entry.cadreId(), entry.positionId())));
        return out;
    }

    private static void requireSomeSection(List<Section> sections) {
        if (sections.isEmpty()) {
            throw new RefusedException("BAD_REQUEST", "Không có chức danh nào còn chỗ trống để giới thiệu: phiếu không có phần nào.");
        }
    }

    private static Position position(Planning planning, String positionId, String field) {
        return planning.positions().stream().filter(p -> p.id().equals(positionId)).findFirst()
                .orElseThrow(() -> Refusals.badField(field, "không có chức danh này trong đợt rà soát"));
    }

    private static JsonArray array(JsonObject body, String field) {
        return array(body, field, null);
    }

    private static JsonArray array(JsonObject body, String field, String at) {
        String name = at == null ? field : at + "." + field;
        Object value = body.getValue(field);
        if (!(value instanceof JsonArray array)) {
            throw Refusals.badField(name, value == null ? "bắt buộc nhưng không có" : "phải là một mảng JSON […]");
        }
        return array;
    }

    private static JsonObject object(Object value, String at) {
        if (!(value instanceof JsonObject object)) {
            throw Refusals.badField(at, "phải là một đối tượng JSON {…}");
        }
        return object;
    }

    private static int positiveInteger(Object value, String field) {
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
                || ((Number) value).longValue() > Integer.MAX_VALUE) {
            throw Refusals.badField(field, "phải là một số nguyên dương");
        }
        return ((Number) value).intValue();
    }

    private static String text(JsonObject item, String field, String at) {
        Object value = item.getValue(field);
        if (!(value instanceof String text) || text.isBlank()) {
            throw Refusals.badField(at + "." + field, value == null ? "bắt buộc nhưng không có" : "phải là một chuỗi mã");
        }
        return text;
    }
}
