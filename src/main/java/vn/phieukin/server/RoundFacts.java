package vn.phieukin.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.BallotWarning;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.Rules;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.RoundView;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.ReviewStore;
import vn.phieukin.store.RoundStore;

/**
 * A round with everything needed to show, open, count or seal it, read in one database task:
 * its row and counts, its conference and rules, the review and its cadre registry, and the
 * ballot definition the procedure rules check against.
 */
public record RoundFacts(
        RoundStore.Round row,
        RoundStore.Counts counts,
        ConferenceStore.Conference conference,
        ReviewStore.Review review,
        List<Cadre> cadres,
        Rules rules,
        RoundDefinition definition,
        List<BallotWarning> warnings,
        Committee committee) {

    /**
     * The counting committee of a v2 (encryption COMMITTEE) conference, with how many members
     * have contributed to this round's decryption; null for a v1 conference.
     */
    public record Committee(vn.phieukin.store.CommitteeStore.Committee row,
                            List<vn.phieukin.store.CommitteeStore.Member> members,
                            List<vn.phieukin.store.CommitteeStore.Contribution> contributions,
                            boolean tallied) {
    }

    /** Reads a round; unknown ids are 404 NOT_FOUND. */
    public static RoundFacts load(Connection c, String roundId) throws SQLException {
        RoundStore.Round row = RoundStore.round(c, roundId).orElseThrow(() -> Refusals.notFound("phiên bỏ phiếu", roundId));
        return of(c, row);
    }

    public static RoundFacts of(Connection c, RoundStore.Round row) throws SQLException {
        ConferenceStore.Conference conference = ConferenceStore.conference(c, row.conferenceId()).orElseThrow();
        ReviewStore.Review review = ReviewStore.review(c, conference.reviewId()).orElseThrow();
        List<Cadre> cadres = ReviewStore.cadres(c, review.id());
        Set<String> registry = cadres.stream().map(Cadre::id).collect(Collectors.toSet());
        Committee committee = null;
        if (ConferenceApi.encrypted(conference)) {
            var stored = vn.phieukin.store.CommitteeStore.committee(c, conference.id());
            if (stored.isPresent()) {
                committee = new Committee(stored.get(), vn.phieukin.store.CommitteeStore.members(c, conference.id()),
                        vn.phieukin.store.CommitteeStore.contributions(c, row.id()),
                        vn.phieukin.store.CommitteeStore.encryptedTally(c, row.id()).isPresent());
            }
        }
        return new RoundFacts(row, RoundStore.counts(c, row.id()), conference, review, cadres, rules(conference),
                definition(row, conference.step(), registry), warnings(row.warningsJson()), committee);
    }

    public String id() {
        return row.id();
    }

    public int step() {
        return conference.step();
    }

    public BallotKind kind() {
        return definition.kind();
    }

    /** The round as the API shows it. */
    public RoundView view() {
        return new RoundView(row.id(), row.conferenceId(), step(), kind(), row.status(), definition.sections(),
                definition.lines(), warnings, row.tokenKeyJson() == null ? null : tree(row.tokenKeyJson()),
                row.presentAtOpen(), counts.issued(), counts.cast());
    }

    /** Whether the round's ballots are encrypted to the committee (protocol v2). */
    public boolean encrypted() {
        return ConferenceApi.encrypted(conference);
    }

    /** Closed, v2, and the committee has not yet decrypted the result. */
    public boolean awaitingDecryption() {
        return encrypted() && row.isClosed() && row.resultJson() == null;
    }

    /**
     * The round's JSON as the API shows it; a v2 round adds {@code encryption}, {@code committee}
     * {jointKey, fingerprint, threshold, members:[{index, fullName}]} and, once closed,
     * {@code awaitingDecryption} and {@code decryption} {contributed, threshold, members}.
     */
    public ObjectNode json() {
        ObjectNode node = ProcedureJson.round(view());
        node.put("encryption", ConferenceApi.encryption(conference));
        if (encrypted()) {
            if (committee == null) {
                node.putNull("committee");
            } else {
                ObjectNode c = node.putObject("committee");
                c.put("jointKey", committee.row().jointKey());
                c.put("fingerprint", committee.row().fingerprint());
                c.put("status", committee.row().status());
                c.put("threshold", committee.row().threshold());
                ArrayNode members = c.putArray("members");
                committee.members().forEach(m -> members.addObject().put("index", m.index()).put("fullName", m.fullName()));
            }
            node.put("awaitingDecryption", awaitingDecryption());
            if (row.isClosed() && committee != null) {
                ObjectNode d = node.putObject("decryption");
                d.put("contributed", committee.contributions().size());
                d.put("threshold", committee.row().threshold());
                ArrayNode who = d.putArray("members");
                committee.contributions().forEach(x -> who.add(x.member()));
            }
        }
        return node;
    }

    /** The rules stored with a conference (the API's complete rules object). */
    public static Rules rules(ConferenceStore.Conference conference) {
        return ProcedureJson.readRules(tree(conference.rulesJson()), "rules");
    }

    /** {@code {"lines":[…]}} or {@code {"sections":[…]}} as stored, for the procedure's checks. */
    static RoundDefinition definition(RoundStore.Round row, int step, Set<String> registry) {
        ObjectNode round = (ObjectNode) tree(row.definitionJson());
        round.put("id", row.id());
        round.put("step", step);
        round.put("kind", row.kind());
        return ProcedureJson.readRoundDefinition(round, registry, "round");
    }

    /** What is stored as a draft's ballot: the sections or lines in the API's form. */
    static String definitionJson(RoundBallots.Ballot ballot) {
        ObjectNode node = ProcedureJson.mapper().createObjectNode();
        if (ballot.kind() == BallotKind.REMOVAL) {
            ArrayNode lines = node.putArray("lines");
            ballot.lines().forEach(l -> lines.add(ProcedureJson.line(l)));
        } else {
            ArrayNode sections = node.putArray("sections");
            ballot.sections().forEach(s -> sections.add(ProcedureJson.section(s)));
        }
        return node.toString();
    }

    static String warningsJson(List<BallotWarning> warnings) {
        ArrayNode node = ProcedureJson.mapper().createArrayNode();
        warnings.forEach(w -> node.add(ProcedureJson.warning(w)));
        return node.toString();
    }

    private static List<BallotWarning> warnings(String json) {
        List<BallotWarning> warnings = new ArrayList<>();
        for (JsonNode w : tree(json)) {
            warnings.add(new BallotWarning(w.path("code").asText(), w.path("positionId").asText(), w.path("message").asText()));
        }
        return warnings;
    }

    static JsonNode tree(String json) {
        try {
            return ProcedureJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON unreadable", e);
        }
    }

    /** A refusal for a round in the wrong state, with what the state is. */
    public RefusedException wrongState(String wanted) {
        String now = switch (row.status()) {
            case "DRAFT" -> "chưa mở";
            case "OPEN" -> "đang mở";
            default -> "đã đóng";
        };
        return new RefusedException("ROUND_STATE", "Phiên bỏ phiếu " + now + ": " + wanted + ".");
    }
}
