package vn.phieukin.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.Ciphertext;
import vn.phieukin.committee.DecryptionShare;
import vn.phieukin.committee.Encoding;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.v2.Layouts;
import vn.phieukin.record.v2.V2Tally;
import vn.phieukin.store.CommitteeStore;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.RoundStore;

/**
 * The close and decryption of a v2 round (COMMITTEE.md "Close, tally and decryption"): the
 * encrypted tally computed once the round is closed, served to staff and member devices; each
 * member's contribution checked (every slot's Chaum–Pedersen proof, on worker threads, in
 * parallel); the k-th valid contribution makes the result, and the sealed record
 * {@code phieukin-record/2} follows. No single ballot is ever decrypted.
 */
final class RoundDecryption {
    private final Vertx vertx;
    private final Database db;
    private final RoundEvents events;
    private final SealKey sealKey;

    RoundDecryption(Vertx vertx, Database db, RoundEvents events, SealKey sealKey) {
        this.vertx = vertx;
        this.db = db;
        this.events = events;
        this.sealKey = sealKey;
    }

    /** After close: computes and stores the encrypted tally unless it is already there. */
    Future<CommitteeStore.EncryptedTally> ensureTally(String roundId) {
        return db.read(c -> {
            var stored = CommitteeStore.encryptedTally(c, roundId);
            if (stored.isPresent()) {
                return (Object) stored.get();
            }
            RoundFacts round = RoundFacts.load(c, roundId);
            List<JsonNode> bodies = new ArrayList<>();
            for (RoundStore.StoredBallot b : RoundStore.ballots(c, roundId)) {
                bodies.add(RoundFacts.tree(b.requestJson()).get("body"));
            }
            return Map.entry(Layouts.of(round.definition()), bodies);
        }).compose(found -> {
            if (found instanceof CommitteeStore.EncryptedTally tally) {
                return Future.succeededFuture(tally);
            }
            @SuppressWarnings("unchecked")
            Map.Entry<BallotLayout, List<JsonNode>> todo = (Map.Entry<BallotLayout, List<JsonNode>>) found;
            return vertx.executeBlocking(() -> V2Tally.json(V2Tally.encryptedTally(todo.getKey(), todo.getValue())).toString(),
                    false).compose(slots -> db.write(c -> {
                        var stored = CommitteeStore.encryptedTally(c, roundId);
                        if (stored.isEmpty()) {
                            CommitteeStore.insertEncryptedTally(c, roundId, todo.getValue().size(), slots);
                        }
                        return CommitteeStore.encryptedTally(c, roundId).orElseThrow();
                    }));
        });
    }

    /** {@code GET /api/v1/rounds/{id}/encrypted-tally} (staff, member of the conference). */
    Future<Reply> encryptedTally(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        CommitteeApi.Member member = CommitteeApi.caller(ctx);
        return db.read(c -> {
            RoundFacts round = closedV2(c, id, member);
            return round.id();
        }).compose(this::ensureTally).map(t -> Reply.ok(new JsonObject().put("round", id).put("ballots", t.ballots())
                .put("slots", new JsonObject(t.slotsJson()))));
    }

    /** {@code POST /api/v1/rounds/{id}/decryption {contributions:{slot:{D, c, s}}}} (member). */
    Future<Reply> decryption(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        CommitteeApi.Member me = CommitteeApi.caller(ctx);
        JsonNode given = ConferenceApi.jackson(JsonInput.body(ctx).json()).path("contributions");
        return db.read(c -> {
            RoundFacts round = closedV2(c, id, me);
            checkOpenToContribution(round, me);
            return round;
        }).compose(round -> ensureTally(id).compose(tally -> vertx.executeBlocking(() -> {
            CommitteeStore.Member row = round.committee().members().stream().filter(m -> m.index() == me.index())
                    .findFirst().orElseThrow();
            return check(id, V2Tally.fromJson(RoundFacts.tree(tally.slotsJson())),
                    Encoding.pointFromText(row.verificationKey()), given);
        }, false))).compose(canonical -> db.write(c -> {
            RoundFacts round = closedV2(c, id, me);
            checkOpenToContribution(round, me);
            CommitteeStore.insertContribution(c, id, me.index(), canonical);
            RoundFacts now = RoundFacts.load(c, id);
            int k = now.committee().row().threshold();
            JsonObject answer = new JsonObject().put("contributed", now.committee().contributions().size())
                    .put("threshold", k);
            if (now.committee().contributions().size() >= k) {
                RoundCount.Sealed sealed = RoundCount.seal(c, now, List.of(), null, sealKey);
                RoundStore.insertRecord(c, id, 1, sealed.sha256(), sealed.text());
                RoundStore.setResult(c, id, sealed.result().toString());
                answer.put("decrypted", true).put("recordSha256", sealed.sha256());
            } else {
                answer.put("decrypted", false);
            }
            return Map.entry(now.conference().id(), answer);
        })).map(done -> {
            events.statusChanged(done.getKey(), id);
            return Reply.ok(done.getValue());
        });
    }

    private static void checkOpenToContribution(RoundFacts round, CommitteeApi.Member me) {
        if (!round.awaitingDecryption()) {
            throw new RefusedException("ROUND_STATE", "Kết quả phiên \"" + round.id() + "\" đã được giải mã: "
                    + "không cần thêm phần giải mã.");
        }
        if (round.committee().contributions().stream().anyMatch(x -> x.member() == me.index())) {
            throw new RefusedException("ROUND_STATE", "Thành viên " + me.index() + " đã góp phần giải mã phiên \""
                    + round.id() + "\".");
        }
    }

    /** The round, closed, of a v2 conference, that the caller (staff, or a member of its conference) may see. */
    static RoundFacts closedV2(Connection c, String id, CommitteeApi.Member member) throws SQLException {
        RoundFacts round = RoundFacts.load(c, id);
        if (member != null && !member.conferenceId().equals(round.conference().id())) {
            throw CommitteeRounds.otherConference();
        }
        if (!round.encrypted() || round.committee() == null) {
            throw new RefusedException("ROUND_STATE", "Phiên bỏ phiếu này không mã hóa phiếu: không có kết quả mã hóa.");
        }
        if (!round.row().isClosed()) {
            throw round.wrongState("kết quả mã hóa chỉ có sau khi phiên kết thúc");
        }
        return round;
    }

    /**
     * Every slot of the tally has a share whose proof holds under the member's verification key;
     * returns the contributions as stored (canonical {slot:{D, c, s}}), or refuses naming the slot.
     */
    static String check(String roundId, Map<String, Ciphertext> tally, ECPoint verificationKey, JsonNode given) {
        if (!given.isObject()) {
            throw Refusals.badField("contributions", "phải là một đối tượng {tên ô: {D, c, s}}");
        }
        for (var it = given.fieldNames(); it.hasNext(); ) {
            String slot = it.next();
            if (!tally.containsKey(slot)) {
                throw Refusals.badField("contributions." + slot, "không phải một ô của kết quả mã hóa phiên này");
            }
        }
        List<String> slots = new ArrayList<>(tally.keySet());
        Map<String, DecryptionShare> shares = new LinkedHashMap<>();
        for (String slot : slots) {
            JsonNode share = given.get(slot);
            if (share == null) {
                throw Refusals.badField("contributions." + slot, "thiếu: phải giải mã mọi ô cùng một lần");
            }
            try {
                shares.put(slot, DecryptionShare.fromJson(share));
            } catch (IllegalArgumentException e) {
                throw Refusals.badField("contributions." + slot, "phải là {D: điểm, c: số, s: số} (base64url)");
            }
        }
        int bad = java.util.stream.IntStream.range(0, slots.size()).parallel()
                .filter(i -> !shares.get(slots.get(i)).verify(roundId, slots.get(i), verificationKey,
                        tally.get(slots.get(i)).alpha()))
                .min().orElse(-1);
        if (bad >= 0) {
            throw Refusals.badField("contributions." + slots.get(bad),
                    "chứng minh giải mã (Chaum–Pedersen) không đúng với khóa kiểm tra của thành viên");
        }
        ObjectNode out = ProcedureJson.mapper().createObjectNode();
        shares.forEach((slot, share) -> out.set(slot, share.toJson()));
        return out.toString();
    }

    /** A v2 round's decryption: the tally, the first k contributions and each slot's votes. */
    record Decrypted(long ballots, Map<String, Ciphertext> tally, List<CommitteeStore.Contribution> q,
                     Map<String, Long> votes) {

        ObjectNode tallyJson() {
            return V2Tally.json(tally);
        }

        /** {@code {slot: {contributions:[{member, D, c, s}…], votes}}}. */
        ObjectNode decryptionJson() {
            ObjectNode out = ProcedureJson.mapper().createObjectNode();
            List<JsonNode> parsed = q.stream().map(x -> RoundFacts.tree(x.contributionsJson())).toList();
            for (String slot : tally.keySet()) {
                ObjectNode item = out.putObject(slot);
                ArrayNode list = item.putArray("contributions");
                for (int i = 0; i < q.size(); i++) {
                    JsonNode share = parsed.get(i).get(slot);
                    list.addObject().put("member", q.get(i).member()).put("D", share.path("D").asText())
                            .put("c", share.path("c").asText()).put("s", share.path("s").asText());
                }
                item.put("votes", votes.get(slot));
            }
            return out;
        }
    }

    /** Combines the first k stored contributions of a round (Lagrange, then baby-step giant-step). */
    static Decrypted decrypted(Connection c, RoundFacts round) throws SQLException {
        CommitteeStore.EncryptedTally stored = CommitteeStore.encryptedTally(c, round.id())
                .orElseThrow(() -> new IllegalStateException("no encrypted tally"));
        Map<String, Ciphertext> tally = V2Tally.fromJson(RoundFacts.tree(stored.slotsJson()));
        int k = round.committee().row().threshold();
        List<CommitteeStore.Contribution> all = round.committee().contributions();
        if (all.size() < k) {
            throw new IllegalStateException("fewer than k contributions");
        }
        List<CommitteeStore.Contribution> q = all.subList(0, k);
        Map<Integer, Map<String, DecryptionShare>> shares = new TreeMap<>();
        for (CommitteeStore.Contribution x : q) {
            Map<String, DecryptionShare> m = new LinkedHashMap<>();
            RoundFacts.tree(x.contributionsJson()).fields().forEachRemaining(e -> m.put(e.getKey(),
                    DecryptionShare.fromJson(e.getValue())));
            shares.put(x.member(), m);
        }
        Map<String, Long> votes = V2Tally.decrypt(tally, shares, stored.ballots());
        votes.forEach((slot, v) -> {
            if (v < 0) {
                throw new IllegalStateException("slot " + slot + " does not decrypt to a count");
            }
        });
        return new Decrypted(stored.ballots(), tally, List.copyOf(q), votes);
    }

    /** The record's {@code committee}: members with their published keys, threshold, joint key, fingerprint. */
    static ObjectNode committeeJson(RoundFacts round) {
        ObjectNode out = ProcedureJson.mapper().createObjectNode();
        ArrayNode members = out.putArray("members");
        for (CommitteeStore.Member m : round.committee().members()) {
            JsonNode deal = RoundFacts.tree(m.dealJson());
            ObjectNode item = members.addObject();
            item.put("index", m.index());
            item.put("fullName", m.fullName());
            item.put("shareKey", m.shareKey());
            item.set("commitments", deal.path("commitments").deepCopy());
            item.set("pok", deal.path("pok").deepCopy());
            item.put("verificationKey", m.verificationKey());
        }
        out.put("threshold", round.committee().row().threshold());
        out.put("jointKey", round.committee().row().jointKey());
        out.put("fingerprint", round.committee().row().fingerprint());
        return out;
    }
}
