package vn.phieukin.record;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import vn.phieukin.procedure.Cadre;

/**
 * Builds the sealed record of a round ({@code phieukin-record/1}, PROTOCOL.md) from what the
 * server knows. Typical use at close, and again after each chair decision:
 * <pre>{@code
 * ObjectNode record = Sealer.seal(input, sealKey);                 // store it, serve it
 * String recordSha256 = RecordHash.sha256(record);                  // close answer; next record's supersedes
 * }</pre>
 * Pure computation on the caller's thread; signing with Ed25519 takes well under a millisecond.
 */
public final class SealedRecords {

    public static final String FORMAT = "phieukin-record/1";

    /** The top-level keys of a sealed record, in the order PROTOCOL.md lists them. */
    public static final List<String> TOP_LEVEL_KEYS = List.of("format", "review", "conference", "rules", "attendance",
            "round", "tokenKey", "issued", "ballots", "paperBallots", "tally", "result", "decisions", "supersedes", "seal");

    private SealedRecords() {
    }

    /** Every top-level key except {@code seal}, in the order of PROTOCOL.md. */
    public static ObjectNode unsealed(RecordInput input) {
        ObjectNode record = ProcedureJson.newObject();
        record.put("format", FORMAT);

        ObjectNode review = record.putObject("review");
        review.put("id", input.review().id());
        review.put("name", input.review().name());
        review.put("referenceDate", input.review().referenceDate().toString());
        ArrayNode cadres = review.putArray("cadres");
        input.review().cadres().stream().sorted(Comparator.comparing(Cadre::id))
                .forEach(c -> cadres.add(ProcedureJson.cadre(c)));

        ObjectNode conference = record.putObject("conference");
        conference.put("id", input.conference().id());
        conference.put("step", input.conference().step());
        conference.put("title", input.conference().title());
        conference.put("date", input.conference().date().toString());

        record.set("rules", ProcedureJson.rules(input.rules()));

        ObjectNode attendance = record.putObject("attendance");
        attendance.put("convened", input.attendance().convened());
        ArrayNode excluded = attendance.putArray("excluded");
        input.attendance().excluded().stream().sorted(Comparator.comparing(RecordInput.Exclusion::delegateId))
                .forEach(e -> {
                    ObjectNode item = excluded.addObject();
                    item.put("delegateId", e.delegateId());
                    item.put("fullName", e.fullName());
                    item.put("reason", e.reason());
                });
        attendance.put("present", input.attendance().present());
        attendance.put("quorumRequired", input.attendance().quorumRequired());
        attendance.put("quorumMet", input.attendance().quorumMet());

        ObjectNode round = ProcedureJson.round(input.round());
        record.set("round", round);
        record.set("tokenKey", round.get("tokenKey").deepCopy());

        // Issuance lists sorted, so their order says nothing about who came first.
        ObjectNode issued = record.putObject("issued");
        issued.put("electronic", input.issued().electronicTo().size());
        issued.put("paper", input.issued().paperTo().size());
        ArrayNode electronicTo = issued.putArray("electronicTo");
        input.issued().electronicTo().stream().sorted().forEach(electronicTo::add);
        ArrayNode paperTo = issued.putArray("paperTo");
        input.issued().paperTo().stream().sorted().forEach(paperTo::add);
        if (!input.issued().replacements().isEmpty()) {
            ArrayNode replacements = issued.putArray("replacements");
            input.issued().replacements().stream().sorted(Comparator.comparing(RecordInput.Replacement::delegateId))
                    .forEach(r -> replacements.addObject().put("delegateId", r.delegateId()).put("kind", r.kind())
                            .put("reason", r.reason()).put("at", r.at()));
        }

        ArrayNode ballots = record.putArray("ballots");
        input.ballots().stream().sorted(Comparator.comparing(RecordInput.CastBallot::receipt)).forEach(b -> {
            ObjectNode item = ballots.addObject();
            item.put("receipt", b.receipt());
            item.set("request", b.request().deepCopy());
        });
        ArrayNode paper = record.putArray("paperBallots");
        input.paperBallots().stream().sorted(Comparator.comparing(RecordInput.PaperEntry::receipt)).forEach(p -> {
            ObjectNode item = paper.addObject();
            item.put("receipt", p.receipt());
            item.set("choices", p.choices().deepCopy());
            item.put("invalid", p.invalid());
        });

        record.set("tally", ProcedureJson.tally(input.tally()));
        Map<String, Cadre> registry = input.review().cadres().stream()
                .collect(Collectors.toMap(Cadre::id, Function.identity()));
        record.set("result", ResultJson.render(input.result(), registry, input.review().referenceDate()));
        record.set("decisions", ProcedureJson.decisions(input.decisions()));
        if (input.supersedes() == null) {
            record.putNull("supersedes");
        } else {
            record.put("supersedes", input.supersedes());
        }
        return record;
    }
}
