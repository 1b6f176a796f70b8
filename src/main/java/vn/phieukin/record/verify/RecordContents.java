package vn.phieukin.record.verify;

import static vn.phieukin.record.JsonFields.array;
import static vn.phieukin.record.JsonFields.at;
import static vn.phieukin.record.JsonFields.bool;
import static vn.phieukin.record.JsonFields.count;
import static vn.phieukin.record.JsonFields.date;
import static vn.phieukin.record.JsonFields.member;
import static vn.phieukin.record.JsonFields.object;
import static vn.phieukin.record.JsonFields.text;
import static vn.phieukin.record.JsonFields.texts;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import vn.phieukin.ballot.BallotSignature;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.BlindSigner;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.ballot.Receipts;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenMessage;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.ChairDecision;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.Rules;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.RecordFormatException;

/**
 * A sealed record read once into the values the checks need. Each part is read on its own:
 * a part that does not have its form is left null and its problem listed (reported under V1),
 * so that the other checks still run on what can be read.
 */
final class RecordContents {

    final JsonNode record;
    final List<String> problems = new ArrayList<>();

    String roundId;
    RoundDefinition round;
    Rules rules;
    Map<String, Cadre> registry;
    LocalDate referenceDate;
    RoundPublicKey tokenKey;
    AttendanceFacts attendance;
    IssuedFacts issued;
    final List<ElectronicBallot> ballots = new ArrayList<>();
    final List<PaperEntry> paperBallots = new ArrayList<>();
    List<ChairDecision> decisions;
    boolean ballotsReadable;
    /** The v2 parts, for a {@code phieukin-record/2}; null for v1. */
    V2Record v2;
    boolean paperReadable;
    private IdentityHashMap<JsonNode, String> canonicalMembers;

    /** {@code attendance} as recorded. */
    record AttendanceFacts(long convened, List<String> excludedIds, long present, long quorumRequired, boolean quorumMet) {
    }

    /** {@code issued} as recorded. */
    record IssuedFacts(long electronic, long paper, List<String> electronicTo, List<String> paperTo,
                       List<ReplacementFact> replacements) {
    }

    /** One of {@code issued.replacements}: a delegate given a new ballot after a device failed. */
    record ReplacementFact(String delegateId, String kind, String reason) {
    }

    /**
     * One entry of {@code ballots}. The request's parts are decoded when they have the form of
     * PROTOCOL.md; otherwise {@code shapeProblem} says what is wrong and the parts are null.
     */
    record ElectronicBallot(int index, String receipt, JsonNode request, JsonNode body, String tokenKey, byte[] prefix,
            byte[] tokenSignature, byte[] signature, String shapeProblem, Crypto crypto) {

        /** How a message names this ballot: by its receipt, or its position when it has none. */
        String label() {
            return receipt != null ? "phiếu " + receipt : "phiếu thứ " + (index + 1) + " (không có mã biên nhận)";
        }
    }

    /**
     * What the heavy checks found for one ballot, computed once in the parallel pass that reads
     * it: the request canonicalised once (its body's JCS reused for the ballot signature, its
     * own for the receipt and again, unchanged, inside the seal's JCS of the whole record), the
     * token signature (V2) and the ballot signature (V3) verified there, from the start on all cores.
     *
     * @param canonicalRequest JCS(request), or null when it has none ({@code canonicalProblem} says why)
     * @param computedReceipt  SHA-256 hex of canonicalRequest, or null
     * @param tokenValid       the token signature verifies under the round key (false when not checked)
     * @param signatureValid   the ballot signature verifies under the token key (false when not checked)
     */
    record Crypto(String canonicalRequest, String canonicalProblem, String computedReceipt, boolean tokenValid,
            boolean signatureValid) {
        static final Crypto NONE = new Crypto(null, null, null, false, false);
    }

    /** One entry of {@code paperBallots}; {@code problem} when it does not have the form. */
    record PaperEntry(int index, String receipt, JsonNode choices, boolean invalid, String problem) {
        String label() {
            return receipt != null ? "phiếu giấy " + receipt : "phiếu giấy thứ " + (index + 1) + " (không có mã biên nhận)";
        }
    }

    private RecordContents(JsonNode record) {
        this.record = record;
    }

    static RecordContents read(JsonNode record) {
        RecordContents c = new RecordContents(record);
        c.readReview();
        c.readRules();
        c.readRound();
        c.readTokenKey();
        c.readAttendance();
        c.readIssued();
        c.readBallots();
        c.readPaperBallots();
        c.readDecisions();
        if (vn.phieukin.record.v2.RecordV2.isV2(record)) {
            c.v2 = V2Record.read(record, c.problems);
        }
        return c;
    }

    private void problem(RecordFormatException e) {
        problems.add(e.getMessage());
    }

    private void readReview() {
        try {
            JsonNode review = object(record, "review", "");
            referenceDate = date(review, "referenceDate", "review");
            JsonNode cadres = array(review, "cadres", "review");
            Map<String, Cadre> read = new LinkedHashMap<>();
            for (int i = 0; i < cadres.size(); i++) {
                Cadre cadre = ProcedureJson.readCadre(cadres.get(i), at("review.cadres", i));
                if (read.put(cadre.id(), cadre) != null) {
                    throw new RecordFormatException(at("review.cadres", i), "mã cán bộ \"" + cadre.id() + "\" xuất hiện hai lần");
                }
            }
            registry = Collections.unmodifiableMap(read);
        } catch (RecordFormatException e) {
            problem(e);
        }
    }

    private void readRules() {
        try {
            rules = ProcedureJson.readRules(object(record, "rules", ""), "rules");
        } catch (RecordFormatException e) {
            problem(e);
        }
    }

    private void readRound() {
        try {
            JsonNode node = object(record, "round", "");
            roundId = text(node, "id", "round");
            if (registry != null) {
                round = ProcedureJson.readRoundDefinition(node, registry.keySet(), "round");
            } else {
                problems.add("round: không dựng lại được phiếu của phiên vì danh sách cán bộ (review.cadres) không đọc được");
            }
        } catch (RecordFormatException e) {
            problem(e);
        }
    }

    private void readTokenKey() {
        JsonNode key = record.get("tokenKey");
        if (key == null || key.isNull()) {
            problems.add("tokenKey: biên bản không có khóa phiên (tokenKey), không kiểm tra được thẻ bỏ phiếu");
            return;
        }
        try {
            RoundPublicKey read = RoundPublicKey.fromJwk(key);
            // the server makes every round key RSA-3072 with e = 65537 (BlindSigner): any other key
            // (a short modulus someone could factor, an exponent of choice) is not a round key
            if (read.n().bitLength() != BlindSigner.MODULUS_BITS || !read.e().equals(BlindSigner.PUBLIC_EXPONENT)) {
                problems.add("tokenKey: khóa phiên phải là RSA-" + BlindSigner.MODULUS_BITS + " với e = "
                        + BlindSigner.PUBLIC_EXPONENT + ", biên bản có khóa RSA-" + read.n().bitLength() + " với e = "
                        + read.e() + "; không chấp nhận khóa này");
                return;
            }
            tokenKey = read;
        } catch (IllegalArgumentException e) {
            problems.add("tokenKey: không phải khóa RSA dạng JWK hợp lệ (" + e.getMessage() + ")");
        }
    }

    private void readAttendance() {
        try {
            JsonNode node = object(record, "attendance", "");
            JsonNode excluded = array(node, "excluded", "attendance");
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < excluded.size(); i++) {
                String path = at("attendance.excluded", i);
                ids.add(text(excluded.get(i), "delegateId", path));
                text(excluded.get(i), "fullName", path);
                text(excluded.get(i), "reason", path);
            }
            attendance = new AttendanceFacts(count(node, "convened", "attendance"), ids, count(node, "present", "attendance"),
                    count(node, "quorumRequired", "attendance"), bool(node, "quorumMet", "attendance"));
        } catch (RecordFormatException e) {
            problem(e);
        }
    }

    private void readIssued() {
        try {
            JsonNode node = object(record, "issued", "");
            List<ReplacementFact> replacements = new ArrayList<>();
            if (node.has("replacements")) {
                JsonNode list = array(node, "replacements", "issued");
                for (int i = 0; i < list.size(); i++) {
                    String path = "issued.replacements[" + i + "]";
                    JsonNode r = list.get(i);
                    text(r, "at", path);
                    replacements.add(new ReplacementFact(text(r, "delegateId", path), text(r, "kind", path),
                            text(r, "reason", path)));
                }
            }
            issued = new IssuedFacts(count(node, "electronic", "issued"), count(node, "paper", "issued"),
                    texts(node, "electronicTo", "issued"), texts(node, "paperTo", "issued"), replacements);
        } catch (RecordFormatException e) {
            problem(e);
        }
    }

    private void readBallots() {
        JsonNode items;
        try {
            items = array(record, "ballots", "");
        } catch (RecordFormatException e) {
            problem(e);
            return;
        }
        ballotsReadable = true;
        // Decoding thousands of requests is worth both cores; problems are listed in ballot order.
        ballots.addAll(IntStream.range(0, items.size()).parallel().mapToObj(i -> readBallot(i, items.get(i))).toList());
        ballots.stream().map(ElectronicBallot::shapeProblem).filter(Objects::nonNull).forEach(problems::add);
    }

    private ElectronicBallot readBallot(int index, JsonNode item) {
        String path = at("ballots", index);
        String receipt = item.isObject() && item.path("receipt").isTextual() ? item.get("receipt").textValue() : null;
        JsonNode request = item.isObject() ? item.get("request") : null;
        try {
            text(item, "receipt", path);
            object(item, "request", path);
            String requestPath = path + ".request";
            JsonNode body = object(request, "body", requestPath);
            JsonNode token = object(request, "token", requestPath);
            String tokenPath = requestPath + ".token";
            String tokenKey = text(token, "key", tokenPath);
            byte[] prefix = base64(token, "prefix", tokenPath);
            byte[] tokenSignature = base64(token, "signature", tokenPath);
            byte[] signature = base64(request, "signature", requestPath);
            return new ElectronicBallot(index, receipt, request, body, tokenKey, prefix, tokenSignature, signature, null,
                    crypto(request, body, tokenKey, prefix, tokenSignature, signature));
        } catch (RecordFormatException e) {
            return new ElectronicBallot(index, receipt, request, null, null, null, null, null, e.getMessage(),
                    request != null && request.isObject() ? crypto(request, null, null, null, null, null) : Crypto.NONE);
        }
    }

    /** The canonical forms and both signature checks of one ballot (see {@link Crypto}). */
    private Crypto crypto(JsonNode request, JsonNode body, String tokenKey, byte[] prefix, byte[] tokenSignature,
                          byte[] signature) {
        String canonicalBody = null;
        String canonicalRequest = null;
        String problem = null;
        try {
            if (body != null) {
                canonicalBody = CanonicalJson.encodeToString(body);
                IdentityHashMap<JsonNode, String> known = new IdentityHashMap<>(2);
                known.put(body, canonicalBody);
                canonicalRequest = CanonicalJson.encodeToString(request, known);
            } else {
                canonicalRequest = CanonicalJson.encodeToString(request);
            }
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        String computed = canonicalRequest == null ? null
                : Receipts.ofCanonical(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        boolean tokenValid = tokenKey != null && this.tokenKey != null && roundId != null && prefix != null
                && prefix.length == TokenMessage.PREFIX_LENGTH
                && TokenMessage.verifyToken(this.tokenKey, roundId, tokenKey, prefix, tokenSignature);
        boolean signatureValid = canonicalBody != null && tokenKey != null
                && BallotSignature.verifyCanonical(tokenKey, canonicalBody.getBytes(StandardCharsets.UTF_8), signature);
        return new Crypto(canonicalRequest, problem, computed, tokenValid, signatureValid);
    }

    /** Each ballot's request node with its canonical text, for the seal's JCS of the whole record. */
    IdentityHashMap<JsonNode, String> canonicalRequests() {
        IdentityHashMap<JsonNode, String> known = new IdentityHashMap<>(ballots.size() * 2);
        for (ElectronicBallot b : ballots) {
            if (b.crypto().canonicalRequest() != null) {
                known.put(b.request(), b.crypto().canonicalRequest());
            }
        }
        return known;
    }

    /**
     * {@link #canonicalRequests} and the canonical text of each top-level member of the record
     * (computed once, with the requests' texts reused): the seal (V1) and the record's hash
     * both stream the record from these instead of canonicalising it twice. A member that
     * canonical JSON refuses is left out, so that whoever writes it meets the refusal itself.
     */
    IdentityHashMap<JsonNode, String> canonicalMembers() {
        if (canonicalMembers == null) {
            IdentityHashMap<JsonNode, String> known = canonicalRequests();
            IdentityHashMap<JsonNode, String> members = new IdentityHashMap<>(known);
            record.properties().forEach(member -> {
                try {
                    members.put(member.getValue(), CanonicalJson.encodeToString(member.getValue(), known));
                } catch (IllegalArgumentException refused) {
                    // not canonical: left to the seal check and the hash, which report it
                }
            });
            canonicalMembers = members;
        }
        return canonicalMembers;
    }

    private static byte[] base64(JsonNode node, String field, String path) {
        String value = text(node, field, path);
        try {
            return Base64Url.decode(value);
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(path + "." + field, "không phải base64url không đệm");
        }
    }

    private void readPaperBallots() {
        JsonNode items;
        try {
            items = array(record, "paperBallots", "");
        } catch (RecordFormatException e) {
            problem(e);
            return;
        }
        paperReadable = true;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String path = at("paperBallots", i);
            String receipt = item.isObject() && item.path("receipt").isTextual() ? item.get("receipt").textValue() : null;
            try {
                text(item, "receipt", path);
                paperBallots.add(new PaperEntry(i, receipt, member(item, "choices", path), bool(item, "invalid", path), null));
            } catch (RecordFormatException e) {
                String problem = e.getMessage();
                problems.add(problem);
                paperBallots.add(new PaperEntry(i, receipt, null, false, problem));
            }
        }
    }

    private void readDecisions() {
        try {
            JsonNode items = array(record, "decisions", "");
            List<ChairDecision> read = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                read.add(ProcedureJson.readDecision(items.get(i), at("decisions", i)));
            }
            decisions = List.copyOf(read);
        } catch (RecordFormatException e) {
            problem(e);
        }
    }
}
