package vn.phieukin.committee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The body of an encrypted ballot (COMMITTEE.md, "The encrypted ballot"): building it (what the
 * tablet does; used by the demo, the tests and the benchmark) and checking it (the ballot box, the
 * committee devices and the verifier).
 *
 * <p>Contexts: {@code base = "phieukin/ballot/v2|" + roundId + "|" + tokenKey}; slot
 * {@code base|positionId|cadreId}, {@code base|lineId|AGREE}, {@code base|lineId|DISAGREE}; sum
 * {@code base|positionId|sum}, {@code base|lineId|sum}. Every slot proves [0, 1]; every section
 * proves its sum in [0 … maxSelections], every line in [0, 1], with randomness {@code Σ r}.
 *
 * <p>Randomness order when building: per section (line), per slot in order: {@code r}, then
 * that slot's proof draws; then the sum proof's draws (see {@link IntervalProof}).
 */
public final class EncryptedBallot {

    public static final int VERSION = 2;
    public static final String AGREE = "AGREE";
    public static final String DISAGREE = "DISAGREE";
    public static final String NONE = "NONE";
    private static final long[] ZERO_ONE = {0, 1};
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private EncryptedBallot() {
    }

    public static String baseContext(String roundId, String tokenKey) {
        return "phieukin/ballot/v2|" + roundId + "|" + tokenKey;
    }

    /**
     * A NOMINATION body: {@code picks} maps a position id to the chosen cadre ids (a position
     * absent or empty: nothing chosen).
     *
     * @throws IllegalArgumentException for a pick that is not a candidate, or too many picks
     */
    public static ObjectNode encryptNomination(BallotLayout.Nomination layout, String roundId, String tokenKey,
            JointKey key, Map<String, ? extends Collection<String>> picks, Randomness random) {
        Objects.requireNonNull(picks, "picks");
        for (String position : picks.keySet()) {
            if (layout.sections().stream().noneMatch(s -> s.positionId().equals(position))) {
                throw new IllegalArgumentException("no such position on this ballot");
            }
        }
        String base = baseContext(roundId, tokenKey);
        ObjectNode body = NODES.objectNode();
        body.put("round", roundId);
        body.put("version", VERSION);
        ArrayNode sections = body.putArray("sections");
        for (BallotLayout.Section section : layout.sections()) {
            Collection<String> given = picks.get(section.positionId());
            Set<String> chosen = given == null ? Set.of() : new HashSet<>(given);
            if (!section.candidates().containsAll(chosen)) {
                throw new IllegalArgumentException("a pick is not a candidate of " + section.positionId());
            }
            if (chosen.size() > section.maxSelections()) {
                throw new IllegalArgumentException("more picks than maxSelections in " + section.positionId());
            }
            ObjectNode out = sections.addObject();
            out.put("position", section.positionId());
            ArrayNode cadres = out.putArray("cadres");
            section.candidates().forEach(cadres::add);
            ArrayNode slots = out.putArray("slots");
            Ciphertext sum = Ciphertext.ZERO;
            BigInteger rSum = BigInteger.ZERO;
            for (String cadre : section.candidates()) {
                long m = chosen.contains(cadre) ? 1 : 0;
                BigInteger r = random.scalar();
                Ciphertext ct = key.encrypt(m, r);
                slots.add(slot(ct, IntervalProof.prove(key, base + "|" + section.positionId() + "|" + cadre,
                        ct, r, m, ZERO_ONE, random)));
                sum = sum.add(ct);
                rSum = rSum.add(r);
            }
            out.set("sumProof", ChallengeResponse.toJson(IntervalProof.prove(key, base + "|" + section.positionId() + "|sum",
                    sum, rSum.mod(Group.ORDER), chosen.size(), IntervalProof.range(section.maxSelections()), random)));
        }
        return body;
    }

    /**
     * A REMOVAL body: {@code votes} maps a line id to {@code AGREE}, {@code DISAGREE} or
     * {@code NONE} (absent: NONE).
     */
    public static ObjectNode encryptRemoval(BallotLayout.Removal layout, String roundId, String tokenKey,
            JointKey key, Map<String, String> votes, Randomness random) {
        for (Map.Entry<String, String> vote : votes.entrySet()) {
            if (!layout.lines().contains(vote.getKey())) {
                throw new IllegalArgumentException("no such line on this ballot");
            }
            if (!List.of(AGREE, DISAGREE, NONE).contains(vote.getValue())) {
                throw new IllegalArgumentException("a vote is AGREE, DISAGREE or NONE");
            }
        }
        String base = baseContext(roundId, tokenKey);
        ObjectNode body = NODES.objectNode();
        body.put("round", roundId);
        body.put("version", VERSION);
        ArrayNode lines = body.putArray("lines");
        for (String line : layout.lines()) {
            String vote = votes.getOrDefault(line, NONE);
            ObjectNode out = lines.addObject();
            out.put("line", line);
            long agree = AGREE.equals(vote) ? 1 : 0;
            long disagree = DISAGREE.equals(vote) ? 1 : 0;
            BigInteger r1 = random.scalar();
            Ciphertext c1 = key.encrypt(agree, r1);
            out.set("agree", slot(c1, IntervalProof.prove(key, base + "|" + line + "|AGREE", c1, r1, agree, ZERO_ONE, random)));
            BigInteger r2 = random.scalar();
            Ciphertext c2 = key.encrypt(disagree, r2);
            out.set("disagree", slot(c2, IntervalProof.prove(key, base + "|" + line + "|DISAGREE", c2, r2, disagree, ZERO_ONE, random)));
            out.set("sumProof", ChallengeResponse.toJson(IntervalProof.prove(key, base + "|" + line + "|sum",
                    c1.add(c2), r1.add(r2).mod(Group.ORDER), agree + disagree, ZERO_ONE, random)));
        }
        return body;
    }

    private static ObjectNode slot(Ciphertext ct, List<ChallengeResponse> proof) {
        ObjectNode node = ct.toJson();
        node.set("proof", ChallengeResponse.toJson(proof));
        return node;
    }

    /**
     * Checks a body against its round: shape (exactly the fields of COMMITTEE.md, the round's
     * sections or lines in order, each section's {@code cadres} equal to its candidate list),
     * every encoding, every slot proof and every sum proof. Never throws for a hostile body.
     */
    public static BallotCheck verify(BallotLayout layout, String roundId, String tokenKey, JointKey key, JsonNode body) {
        Objects.requireNonNull(layout, "layout");
        try {
            if (body == null || !body.isObject()) {
                return new BallotCheck.Invalid("", "the body is not an object");
            }
            if (!body.path("round").isTextual() || !body.get("round").textValue().equals(roundId)) {
                return new BallotCheck.Invalid("/round", "not this round");
            }
            JsonNode version = body.get("version");
            if (version == null || !version.isIntegralNumber() || version.asLong() != VERSION) {
                return new BallotCheck.Invalid("/version", "version is not 2");
            }
            String base = baseContext(roundId, tokenKey);
            Map<String, Ciphertext> slots = new LinkedHashMap<>();
            BallotCheck.Invalid refusal = layout instanceof BallotLayout.Nomination n
                    ? verifyNomination(n, base, key, body, slots)
                    : verifyRemoval((BallotLayout.Removal) layout, base, key, body, slots);
            return refusal != null ? refusal : new BallotCheck.Valid(slots);
        } catch (InvalidEncodingException e) {
            return new BallotCheck.Invalid("", e.getMessage());
        }
    }

    private static BallotCheck.Invalid verifyNomination(BallotLayout.Nomination layout, String base, JointKey key,
            JsonNode body, Map<String, Ciphertext> slotsOut) {
        BallotCheck.Invalid extra = onlyFields(body, "", "round", "version", "sections");
        if (extra != null) {
            return extra;
        }
        JsonNode sections = body.get("sections");
        if (sections == null || !sections.isArray() || sections.size() != layout.sections().size()) {
            return new BallotCheck.Invalid("/sections", "not the round's sections");
        }
        for (int i = 0; i < sections.size(); i++) {
            BallotLayout.Section expected = layout.sections().get(i);
            JsonNode section = sections.get(i);
            String at = "/sections/" + i;
            if (!section.isObject()) {
                return new BallotCheck.Invalid(at, "a section is an object");
            }
            extra = onlyFields(section, at, "position", "cadres", "slots", "sumProof");
            if (extra != null) {
                return extra;
            }
            if (!section.path("position").isTextual() || !section.get("position").textValue().equals(expected.positionId())) {
                return new BallotCheck.Invalid(at + "/position", "not the round's position at this place");
            }
            JsonNode cadres = section.get("cadres");
            if (cadres == null || !cadres.isArray() || cadres.size() != expected.candidates().size()) {
                return new BallotCheck.Invalid(at + "/cadres", "not the round's candidate list");
            }
            for (int c = 0; c < cadres.size(); c++) {
                if (!cadres.get(c).isTextual() || !cadres.get(c).textValue().equals(expected.candidates().get(c))) {
                    return new BallotCheck.Invalid(at + "/cadres", "not the round's candidate list");
                }
            }
            JsonNode slots = section.get("slots");
            if (slots == null || !slots.isArray() || slots.size() != expected.candidates().size()) {
                return new BallotCheck.Invalid(at + "/slots", "not one slot per candidate");
            }
            Ciphertext sum = Ciphertext.ZERO;
            for (int c = 0; c < slots.size(); c++) {
                String name = expected.positionId() + "|" + expected.candidates().get(c);
                String slotAt = at + "/slots/" + c;
                JsonNode slot = slots.get(c);
                Object checked = checkSlot(slot, slotAt, base + "|" + name, key);
                if (checked instanceof BallotCheck.Invalid bad) {
                    return bad;
                }
                Ciphertext ct = (Ciphertext) checked;
                slotsOut.put(name, ct);
                sum = sum.add(ct);
            }
            if (!IntervalProof.verify(key, base + "|" + expected.positionId() + "|sum", sum,
                    IntervalProof.range(expected.maxSelections()), ChallengeResponse.listFromJson(section.get("sumProof")))) {
                return new BallotCheck.Invalid(at + "/sumProof", "the sum proof does not hold");
            }
        }
        return null;
    }

    private static BallotCheck.Invalid verifyRemoval(BallotLayout.Removal layout, String base, JointKey key,
            JsonNode body, Map<String, Ciphertext> slotsOut) {
        BallotCheck.Invalid extra = onlyFields(body, "", "round", "version", "lines");
        if (extra != null) {
            return extra;
        }
        JsonNode lines = body.get("lines");
        if (lines == null || !lines.isArray() || lines.size() != layout.lines().size()) {
            return new BallotCheck.Invalid("/lines", "not the round's lines");
        }
        for (int i = 0; i < lines.size(); i++) {
            String expected = layout.lines().get(i);
            JsonNode line = lines.get(i);
            String at = "/lines/" + i;
            if (!line.isObject()) {
                return new BallotCheck.Invalid(at, "a line is an object");
            }
            extra = onlyFields(line, at, "line", "agree", "disagree", "sumProof");
            if (extra != null) {
                return extra;
            }
            if (!line.path("line").isTextual() || !line.get("line").textValue().equals(expected)) {
                return new BallotCheck.Invalid(at + "/line", "not the round's line at this place");
            }
            Object agreeChecked = checkSlot(line.get("agree"), at + "/agree", base + "|" + expected + "|AGREE", key);
            if (agreeChecked instanceof BallotCheck.Invalid bad) {
                return bad;
            }
            Object disagreeChecked = checkSlot(line.get("disagree"), at + "/disagree", base + "|" + expected + "|DISAGREE", key);
            if (disagreeChecked instanceof BallotCheck.Invalid bad) {
                return bad;
            }
            Ciphertext agree = (Ciphertext) agreeChecked;
            Ciphertext disagree = (Ciphertext) disagreeChecked;
            if (!IntervalProof.verify(key, base + "|" + expected + "|sum", agree.add(disagree), ZERO_ONE,
                    ChallengeResponse.listFromJson(line.get("sumProof")))) {
                return new BallotCheck.Invalid(at + "/sumProof", "the sum proof does not hold");
            }
            slotsOut.put(expected + "|AGREE", agree);
            slotsOut.put(expected + "|DISAGREE", disagree);
        }
        return null;
    }

    /** The slot's ciphertext when its proof holds, otherwise the {@link BallotCheck.Invalid}. */
    private static Object checkSlot(JsonNode slot, String at, String context, JointKey key) {
        if (slot == null || !slot.isObject()) {
            return new BallotCheck.Invalid(at, "a slot is an object {alpha, beta, proof}");
        }
        BallotCheck.Invalid extra = onlyFields(slot, at, "alpha", "beta", "proof");
        if (extra != null) {
            return extra;
        }
        Ciphertext ct;
        List<ChallengeResponse> proof;
        try {
            ct = Ciphertext.fromJson(slot);
            proof = ChallengeResponse.listFromJson(slot.get("proof"));
        } catch (InvalidEncodingException e) {
            return new BallotCheck.Invalid(at, e.getMessage());
        }
        if (!IntervalProof.verify(key, context, ct, ZERO_ONE, proof)) {
            return new BallotCheck.Invalid(at + "/proof", "the slot proof does not hold");
        }
        return ct;
    }

    private static BallotCheck.Invalid onlyFields(JsonNode node, String at, String... allowed) {
        Set<String> ok = Set.of(allowed);
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!ok.contains(name)) {
                return new BallotCheck.Invalid(at + "/" + name, "unknown field");
            }
        }
        for (String name : allowed) {
            if (!node.has(name)) {
                return new BallotCheck.Invalid(at + "/" + name, "missing");
            }
        }
        return null;
    }

    /** The slot-wise sum of the slots of several valid ballots: the encrypted tally ({@code (O, O)} for none). */
    public static Map<String, Ciphertext> tally(BallotLayout layout, Iterable<Map<String, Ciphertext>> ballots) {
        Map<String, Ciphertext> out = new LinkedHashMap<>();
        layout.slotNames().forEach(name -> out.put(name, Ciphertext.ZERO));
        for (Map<String, Ciphertext> ballot : ballots) {
            for (Map.Entry<String, Ciphertext> slot : ballot.entrySet()) {
                Ciphertext acc = out.get(slot.getKey());
                if (acc == null) {
                    throw new IllegalArgumentException("a slot that is not on this round's ballot");
                }
                out.put(slot.getKey(), acc.add(slot.getValue()));
            }
        }
        return out;
    }
}
