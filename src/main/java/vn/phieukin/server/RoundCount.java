package vn.phieukin.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import vn.phieukin.ballot.Receipts;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.procedure.Attendance;
import vn.phieukin.procedure.BallotChoices;
import vn.phieukin.procedure.BallotValidation;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.ChairDecision;
import vn.phieukin.procedure.PaperBallot;
import vn.phieukin.procedure.Results;
import vn.phieukin.procedure.RoundResult;
import vn.phieukin.procedure.Tally;
import vn.phieukin.procedure.Tallying;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.RecordInput;
import vn.phieukin.record.ResultJson;
import vn.phieukin.record.Sealer;
import vn.phieukin.record.SealedRecords;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.RoundStore;

/**
 * Counting and sealing a round, inside one database task: the tally recomputed from the ballot
 * box with the procedure's rules, the result under the conference's rules and the chair's
 * decisions, and the sealed record of PROTOCOL.md built from all of it.
 */
final class RoundCount {

    /** The tally and result of a closed round. */
    record Counted(Tally tally, RoundResult result, List<RecordInput.CastBallot> ballots,
                   List<RecordInput.PaperEntry> paperBallots, RoundDecryption.Decrypted decrypted,
                   IdentityHashMap<JsonNode, String> canonicalRequests) {
    }

    /** A sealed record, its text to store and serve, its SHA-256, and the result as the API shows it. */
    record Sealed(ObjectNode record, String text, String sha256, ObjectNode result) {
    }

    private RoundCount() {
    }

    /** Counts the box: every ballot was valid when cast; paper ballots as the committee read them. */
    static Counted count(Connection c, RoundFacts round, List<ChairDecision> decisions) throws SQLException {
        List<BallotChoices> electronic = new ArrayList<>();
        List<RecordInput.CastBallot> ballots = new ArrayList<>();
        IdentityHashMap<JsonNode, String> canonical = new IdentityHashMap<>();
        // each ballot is parsed, its receipt recomputed and its body read on every core (the order
        // of the list, by receipt, is kept); only the tally below runs on one thread
        List<ReadBallot> read = RoundStore.ballots(c, round.id()).parallelStream()
                .map(stored -> ReadBallot.of(stored, round)).toList();
        for (ReadBallot ballot : read) {
            if (ballot.canonicalText() != null) {
                canonical.put(ballot.request(), ballot.canonicalText());
            }
            if (ballot.choices() != null) {
                electronic.add(ballot.choices());
            }
            ballots.add(new RecordInput.CastBallot(ballot.receipt(), ballot.request()));
        }
        List<PaperBallot> paper = new ArrayList<>();
        List<RecordInput.PaperEntry> paperBallots = new ArrayList<>();
        for (RoundStore.StoredPaperBallot stored : RoundStore.paperBallots(c, round.id())) {
            JsonNode choices = RoundFacts.tree(stored.choicesJson());
            Object plain = ProcedureJson.mapper().convertValue(choices, Object.class);
            paper.add(BallotValidation.paper(round.definition(), plain, stored.invalid()).value());
            paperBallots.add(new RecordInput.PaperEntry(stored.receipt(), choices, stored.invalid()));
        }
        Tally tally = Tallying.tally(round.definition(), electronic, paper);
        RoundDecryption.Decrypted decrypted = null;
        if (round.encrypted()) {
            // v2: the electronic counts are the committee's decrypted totals, added to the paper ballots
            decrypted = RoundDecryption.decrypted(c, round);
            tally = vn.phieukin.record.v2.V2Tally.combine(round.definition(), tally, ballots.size(), decrypted.votes());
        }
        RecordInput.AttendanceFacts attendance = attendanceAtOpen(round);
        RoundResult.BaseValue base = Results.base(round.rules(), attendance.convened(), attendance.present());
        RoundResult result = Results.compute(round.definition(), round.rules(), tally, base, decisions);
        return new Counted(tally, result, ballots, paperBallots, decrypted, canonical);
    }

    /** One stored ballot as the count reads it: its request, its canonical text if still intact, its choices (v1). */
    private record ReadBallot(String receipt, JsonNode request, String canonicalText, BallotChoices choices) {
        static ReadBallot of(RoundStore.StoredBallot stored, RoundFacts round) {
            JsonNode request = RoundFacts.tree(stored.requestJson());
            // The box stores JCS(request), whose SHA-256 is the receipt: when it still is, the
            // stored text is the request's canonical form and the seal reuses it as it is.
            boolean intact = Receipts.ofCanonical(stored.requestJson().getBytes(StandardCharsets.UTF_8)).equals(stored.receipt());
            BallotChoices choices = null;
            if (!round.encrypted()) {
                Object body = ProcedureJson.mapper().convertValue(request.get("body"), Object.class);
                choices = BallotValidation.electronic(round.definition(), body).value();
            }
            return new ReadBallot(stored.receipt(), request, intact ? stored.requestJson() : null, choices);
        }
    }

    /** Counts and seals; {@code supersedes} is null at close, else the SHA-256 of the record replaced. */
    static Sealed seal(Connection c, RoundFacts round, List<ChairDecision> decisions, String supersedes, SealKey sealKey)
            throws SQLException {
        Counted counted = count(c, round, decisions);
        RecordInput input = new RecordInput(
                new RecordInput.ReviewFacts(round.review().id(), round.review().name(), round.review().referenceDate(),
                        round.cadres()),
                new RecordInput.ConferenceFacts(round.conference().id(), round.step(), round.conference().title(),
                        round.conference().date()),
                round.rules(), attendanceAtOpen(round), round.view(),
                new RecordInput.Issued(RoundStore.tokenHolders(c, round.id()), RoundStore.paperHolders(c, round.id()),
                        RoundStore.replacements(c, round.id()).stream().map(r -> new RecordInput.Replacement(
                                r.delegateId(), r.kind(), r.reason(), r.at())).toList()),
                counted.ballots(), counted.paperBallots(), counted.tally(), counted.result(), decisions, supersedes);
        ObjectNode unsealed = SealedRecords.unsealed(input);
        // a repeated round seals what it repeats and the written reason with its round
        ObjectNode roundNode = (ObjectNode) unsealed.get("round");
        RoundStore.repeatOf(c, round.id()).ifPresent(r -> roundNode.putObject("repeat")
                .put("of", r.repeatsId()).put("reason", r.reason()));
        if (counted.decrypted() != null) {
            unsealed = vn.phieukin.record.v2.RecordV2.extend(unsealed, RoundDecryption.committeeJson(round),
                    counted.decrypted().tallyJson(), counted.decrypted().decryptionJson());
        }
        Sealer.SealedText sealed = Sealer.sealToText(unsealed, sealKey, counted.canonicalRequests());
        return new Sealed(sealed.record(), sealed.text(), sealed.sha256(), (ObjectNode) sealed.record().get("result"));
    }

    /** The result as the API shows it (structure report included), for a result just computed. */
    static ObjectNode render(RoundFacts round, RoundResult result) {
        Map<String, Cadre> registry = round.cadres().stream().collect(Collectors.toMap(Cadre::id, Function.identity()));
        return ResultJson.render(result, registry, round.review().referenceDate());
    }

    /** The decisions stored for a round, oldest first. */
    static List<ChairDecision> decisions(Connection c, String roundId) throws SQLException {
        List<ChairDecision> decisions = new ArrayList<>();
        for (RoundStore.StoredDecision d : RoundStore.decisions(c, roundId)) {
            List<String> chosen = new ArrayList<>();
            RoundFacts.tree(d.chosenJson()).forEach(id -> chosen.add(id.asText()));
            decisions.add(new ChairDecision(d.positionId(), chosen, d.decidedBy(), Instant.parse(d.decidedAt())));
        }
        return decisions;
    }

    /** The attendance frozen when the round opened. */
    static RecordInput.AttendanceFacts attendanceAtOpen(RoundFacts round) {
        JsonNode node = RoundFacts.tree(round.row().attendanceJson());
        List<RecordInput.Exclusion> excluded = new ArrayList<>();
        node.path("excluded").forEach(e -> excluded.add(new RecordInput.Exclusion(e.path("delegateId").asText(),
                e.path("fullName").asText(), e.path("reason").asText())));
        return new RecordInput.AttendanceFacts(node.path("convened").asLong(), excluded, node.path("present").asLong(),
                node.path("quorumRequired").asLong(), node.path("quorumMet").asBoolean());
    }

    /** The attendance of this moment in the record's form, to freeze when a round opens. */
    static ObjectNode attendanceJson(Attendance attendance, List<ConferenceStore.Delegate> delegates) {
        ObjectNode node = ProcedureJson.mapper().createObjectNode();
        node.put("convened", attendance.convened());
        ArrayNode excluded = node.putArray("excluded");
        delegates.stream().filter(ConferenceStore.Delegate::excluded).forEach(d -> excluded.addObject()
                .put("delegateId", d.id()).put("fullName", d.fullName()).put("reason", d.exclusionReason()));
        node.put("present", attendance.present());
        node.put("quorumRequired", attendance.quorumRequired());
        node.put("quorumMet", attendance.quorumMet());
        return node;
    }
}
