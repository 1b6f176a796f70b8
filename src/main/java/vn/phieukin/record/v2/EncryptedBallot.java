package vn.phieukin.record.v2;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.RoundDefinition;

/**
 * Checks a v2 ballot body (COMMITTEE.md "The encrypted ballot") against its round and the joint
 * key: the exact form, each section's {@code cadres} equal to the round's candidate list, every
 * point on the curve, every slot's interval proof over [0, 1] and every sum proof over
 * [0, max]. CPU-bound (about four double multiplications per slot): call it off the event loop.
 */
public final class EncryptedBallot {
    /** The ciphertexts of a valid ballot, one per slot in ballot order. */
    public record Ciphertext(ECPoint alpha, ECPoint beta) {
    }

    /** Why a body is not a valid v2 ballot (a Vietnamese message naming the place). */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    private static final Set<String> NOMINATION_KEYS = Set.of("round", "version", "sections");
    private static final Set<String> REMOVAL_KEYS = Set.of("round", "version", "lines");

    private EncryptedBallot() {
    }

    /** Whether a cast body claims protocol v2. */
    public static boolean isV2(JsonNode body) {
        return body != null && body.path("version").isIntegralNumber() && body.path("version").asInt() == 2;
    }

    /**
     * The slot ciphertexts of a valid ballot; {@code parallel} spreads the proof checks over the
     * common pool (for one large ballot; the server's concurrent casts are already parallel).
     */
    public static List<Ciphertext> check(RoundDefinition round, ECPoint jointKey, String tokenKey, JsonNode body,
                                         boolean parallel) throws Invalid {
        if (body == null || !body.isObject()) {
            throw new Invalid("Thân phiếu (body) phải là một đối tượng JSON.");
        }
        boolean removal = round.kind() == BallotKind.REMOVAL;
        Set<String> keys = removal ? REMOVAL_KEYS : NOMINATION_KEYS;
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                throw new Invalid("Phiếu có trường không thuộc mẫu phiếu mã hóa: \"" + key + "\".");
            }
        }
        if (!round.roundId().equals(body.path("round").textValue())) {
            throw new Invalid("Phiếu ghi phiên \"" + body.path("round").asText() + "\" nhưng được gửi vào phiên \""
                    + round.roundId() + "\".");
        }
        if (!isV2(body)) {
            throw new Invalid("Phiếu của hội nghị này phải là phiếu mã hóa (body.version = 2).");
        }
        String base = Slots.base(round.roundId(), tokenKey);
        List<Slots.Group> groups = Slots.groups(round);
        JsonNode items = body.path(removal ? "lines" : "sections");
        if (!items.isArray() || items.size() != groups.size()) {
            throw new Invalid("Phiếu phải có đúng " + groups.size() + (removal ? " dòng" : " phần chức danh") + ".");
        }
        // parse everything first (cheap), then check the proofs (the costly part)
        List<Check> checks = new ArrayList<>();
        List<Ciphertext> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Slots.Group group = groups.get(g);
            JsonNode item = items.get(g);
            String where = (removal ? "Dòng \"" : "Phần chức danh \"") + group.id() + "\"";
            if (!item.isObject()) {
                throw new Invalid(where + " không đúng định dạng.");
            }
            List<JsonNode> slots = new ArrayList<>();
            if (removal) {
                expectKeys(item, Set.of("line", "agree", "disagree", "sumProof"), where);
                if (!group.id().equals(item.path("line").textValue())) {
                    throw new Invalid("Vị trí thứ " + (g + 1) + " phải là dòng \"" + group.id() + "\".");
                }
                slots.add(item.path("agree"));
                slots.add(item.path("disagree"));
            } else {
                expectKeys(item, Set.of("position", "cadres", "slots", "sumProof"), where);
                if (!group.id().equals(item.path("position").textValue())) {
                    throw new Invalid("Vị trí thứ " + (g + 1) + " phải là chức danh \"" + group.id() + "\".");
                }
                JsonNode cadres = item.path("cadres");
                List<String> given = new ArrayList<>();
                cadres.forEach(c -> given.add(c.textValue()));
                if (!cadres.isArray() || !given.equals(group.cadres())) {
                    throw new Invalid(where + ": danh sách cadres phải đúng danh sách ứng cử của phiên ("
                            + group.cadres().size() + " người, theo thứ tự mã).");
                }
                if (!item.path("slots").isArray() || item.path("slots").size() != group.cadres().size()) {
                    throw new Invalid(where + ": phải có đúng " + group.cadres().size() + " ô (slots).");
                }
                item.path("slots").forEach(slots::add);
            }
            ECPoint sumAlpha = P256.O;
            ECPoint sumBeta = P256.O;
            for (int i = 0; i < slots.size(); i++) {
                String name = group.id() + "|" + group.cadres().get(i);
                JsonNode slot = slots.get(i);
                String at = where + ", ô \"" + group.cadres().get(i) + "\"";
                if (!slot.isObject()) {
                    throw new Invalid(at + " không đúng định dạng {alpha, beta, proof}.");
                }
                expectKeys(slot, Set.of("alpha", "beta", "proof"), at);
                ECPoint alpha = point(slot.path("alpha"), at + ": alpha");
                ECPoint beta = point(slot.path("beta"), at + ": beta");
                List<P256.Branch> proof = proof(slot.path("proof"), 1, at);
                checks.add(new Check(base + "|" + name, alpha, beta, proof, 1, at));
                out.add(new Ciphertext(alpha, beta));
                sumAlpha = sumAlpha.add(alpha);
                sumBeta = sumBeta.add(beta);
            }
            List<P256.Branch> sumProof = proof(item.path("sumProof"), group.max(), where + ", sumProof");
            checks.add(new Check(base + "|" + group.id() + "|sum", sumAlpha.normalize(), sumBeta.normalize(), sumProof,
                    group.max(), where + " (tổng các ô)"));
        }
        IntStream indices = IntStream.range(0, checks.size());
        int failed = (parallel ? indices.parallel() : indices)
                .filter(i -> !checks.get(i).holds(jointKey)).min().orElse(-1);
        if (failed >= 0) {
            throw new Invalid(checks.get(failed).where() + ": chứng minh không đúng (phiếu đã bị sửa hoặc mã hóa sai).");
        }
        return out;
    }

    private record Check(String context, ECPoint alpha, ECPoint beta, List<P256.Branch> proof, int max, String where) {
        boolean holds(ECPoint h) {
            return P256.intervalHolds(context, h, alpha, beta, proof, max);
        }
    }

    private static void expectKeys(JsonNode node, Set<String> keys, String where) throws Invalid {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                throw new Invalid(where + " có trường không thuộc mẫu phiếu: \"" + key + "\".");
            }
        }
        for (String key : keys) {
            if (!node.has(key)) {
                throw new Invalid(where + " thiếu trường \"" + key + "\".");
            }
        }
    }

    private static ECPoint point(JsonNode node, String where) throws Invalid {
        try {
            return P256.point(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new Invalid(where + " không phải một điểm P-256 (SEC1 nén, base64url).");
        }
    }

    private static List<P256.Branch> proof(JsonNode node, int max, String where) throws Invalid {
        if (!node.isArray() || node.size() != max + 1) {
            throw new Invalid(where + ": chứng minh phải có đúng " + (max + 1) + " phần {c, s}.");
        }
        List<P256.Branch> out = new ArrayList<>();
        for (JsonNode b : node) {
            if (!b.isObject() || b.size() != 2) {
                throw new Invalid(where + ": mỗi phần của chứng minh là {c, s}.");
            }
            try {
                out.add(new P256.Branch(P256.scalar(b.path("c").textValue()), P256.scalar(b.path("s").textValue())));
            } catch (IllegalArgumentException e) {
                throw new Invalid(where + ": c và s phải là số 32 byte nhỏ hơn q (base64url).");
            }
        }
        return out;
    }

}
