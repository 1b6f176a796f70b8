package vn.phieukin.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.Planning;
import vn.phieukin.procedure.RoundResult;
import vn.phieukin.procedure.StructureReport;

/**
 * A round's result exactly as {@code GET /api/v1/rounds/{id}/result} returns it and the sealed
 * record keeps it (API.md). One renderer for both, so the verifier's recomputation can be
 * compared with what was announced byte for byte.
 */
public final class ResultJson {

    private ResultJson() {
    }

    /**
     * NOMINATION: {@code {roundId, step, base:{kind, value}, threshold:{comparator, numerator, denominator},
     * ballots:{cast, valid, invalid}, positions:[{positionId, openSlots, pendingDecision, selected:[…],
     * candidates:[{cadreId, votes, percent, passed, tied}]}], structure}} where {@code structure} is the
     * structure report of the cadres the round puts forward ({@link Planning#selected}).
     * REMOVAL: {@code {roundId, step, base, threshold, ballots, lines:[{id, cadreId, positionId, agree,
     * disagree, none, percent, passed}]}} (no structure).
     *
     * @param registry      the review's cadres by id (every selected cadre must be in it)
     * @param referenceDate the review's reference date (ages for the "young" target)
     * @throws IllegalArgumentException when a selected cadre is not in the registry
     */
    public static ObjectNode render(RoundResult result, Map<String, Cadre> registry, LocalDate referenceDate) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(referenceDate, "referenceDate");
        ObjectNode node = ProcedureJson.newObject();
        node.put("roundId", result.roundId());
        node.put("step", result.step());
        node.set("base", ProcedureJson.base(result.base()));
        node.set("threshold", ProcedureJson.threshold(result.threshold()));
        node.set("ballots", ProcedureJson.ballotCounts(result.ballots()));
        if (result instanceof RoundResult.Removal removal) {
            ArrayNode lines = node.putArray("lines");
            for (RoundResult.Line l : removal.lines()) {
                ObjectNode line = lines.addObject();
                line.put("id", l.id());
                line.put("cadreId", l.cadreId());
                line.put("positionId", l.positionId());
                line.put("agree", l.agree());
                line.put("disagree", l.disagree());
                line.put("none", l.none());
                line.put("percent", l.percent());
                line.put("passed", l.passed());
            }
            return node;
        }
        RoundResult.Nomination nomination = (RoundResult.Nomination) result;
        ArrayNode positions = node.putArray("positions");
        for (RoundResult.PositionResult p : nomination.positions()) {
            ObjectNode position = positions.addObject();
            position.put("positionId", p.positionId());
            position.put("openSlots", p.openSlots());
            position.put("pendingDecision", p.pendingDecision());
            ArrayNode selected = position.putArray("selected");
            p.selected().forEach(selected::add);
            ArrayNode candidates = position.putArray("candidates");
            for (RoundResult.Candidate c : p.candidates()) {
                ObjectNode candidate = candidates.addObject();
                candidate.put("cadreId", c.cadreId());
                candidate.put("votes", c.votes());
                candidate.put("percent", c.percent());
                candidate.put("passed", c.passed());
                candidate.put("tied", c.tied());
            }
        }
        node.set("structure", ProcedureJson.structure(
                StructureReport.of(Planning.selected(nomination), registry, referenceDate)));
        return node;
    }
}
