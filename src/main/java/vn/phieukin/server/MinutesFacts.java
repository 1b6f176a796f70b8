package vn.phieukin.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.Database;
import vn.phieukin.store.MinutesStore;
import vn.phieukin.store.RoundStore;

/**
 * What every role's minutes carry whether or not the result is announced: the conference's place
 * and counting committee (entered by the secretariat), the round's opening and closing times, the
 * ballot counts (issued, returned, valid, invalid, replacements) and the sealed record's version,
 * hash and seal key id. Never the tally: an unannounced step's result stays with the roles the
 * announcement rule names.
 */
final class MinutesFacts {
    static final int MAX_MEMBERS = 15;

    private final Database db;
    private final Auth auth;
    private final vn.phieukin.ballot.SealPublicKey sealKey;

    MinutesFacts(Database db, Auth auth, vn.phieukin.ballot.SealPublicKey sealKey) {
        this.db = db;
        this.auth = auth;
        this.sealKey = sealKey;
    }

    void mount(Router router) {
        router.put("/api/v1/conferences/:cid/minutes-details").handler(auth.staff(Role.ADMIN, Role.SECRETARIAT))
                .handler(Endpoint.of(this::setDetails));
        router.get("/api/v1/conferences/:cid/minutes-details").handler(auth.anyStaff()).handler(Endpoint.of(this::details));
        router.get("/api/v1/rounds/:id/summary").handler(auth.anyStaff()).handler(Endpoint.of(this::summary));
    }

    /** {@code PUT /api/v1/conferences/{cid}/minutes-details {place, countingCommittee:[fullName…]}}. */
    private Future<Reply> setDetails(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        JsonInput in = JsonInput.body(ctx);
        String place = in.optionalText("place").orElse("");
        Object raw = in.json().getValue("countingCommittee");
        JsonArray members = new JsonArray();
        if (raw != null) {
            if (!(raw instanceof JsonArray list)) {
                throw Refusals.badField("countingCommittee", "phải là danh sách họ tên các thành viên Ban kiểm phiếu");
            }
            if (list.size() > MAX_MEMBERS) {
                throw Refusals.badField("countingCommittee", "nhiều nhất " + MAX_MEMBERS + " thành viên");
            }
            for (int i = 0; i < list.size(); i++) {
                if (!(list.getValue(i) instanceof String name) || name.isBlank() || name.length() > JsonInput.MAX_TEXT) {
                    throw Refusals.badField("countingCommittee", "thành viên thứ " + (i + 1)
                            + " phải là một họ tên (không trống, tối đa " + JsonInput.MAX_TEXT + " ký tự)");
                }
                members.add(name.strip());
            }
        }
        return db.write(c -> {
            ConferenceApi.conference(c, conferenceId);
            MinutesStore.setDetails(c, conferenceId, place, members.encode());
            return Reply.ok(new JsonObject().put("place", place).put("countingCommittee", members));
        });
    }

    private Future<Reply> details(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        return db.read(c -> {
            ConferenceApi.conference(c, conferenceId);
            MinutesStore.Details d = MinutesStore.details(c, conferenceId);
            return Reply.ok(new JsonObject().put("place", d.place()).put("countingCommittee", new JsonArray(d.countingCommitteeJson())));
        });
    }

    /**
     * {@code GET /api/v1/rounds/{id}/summary}: {@code {status, openedAt, closedAt, place,
     * countingCommittee, issued:{electronic, paper, replacements}, ballots:{electronic, paper, valid,
     * invalid}, record:{version, sha256, keyId}}} (ballots and record once closed).
     */
    private Future<Reply> summary(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return db.read(c -> {
            RoundStore.Round round = RoundStore.round(c, id).orElseThrow(() -> Refusals.notFound("phiên bỏ phiếu", id));
            ConferenceStore.conference(c, round.conferenceId()).orElseThrow();
            RoundStore.Times times = RoundStore.times(c, id);
            MinutesStore.Details details = MinutesStore.details(c, round.conferenceId());
            JsonObject out = new JsonObject().put("status", round.status()).put("openedAt", times.openedAt())
                    .put("closedAt", times.closedAt()).put("place", details.place())
                    .put("countingCommittee", new JsonArray(details.countingCommitteeJson()));
            var record = RoundStore.latestRecord(c, id);
            if (record.isPresent()) {
                JsonNode tree = SealedSource.checked(id, record.get(), sealKey, SealedSource.RECORD);
                JsonNode issued = tree.path("issued");
                JsonArray replacements = new JsonArray();
                issued.path("replacements").forEach(r -> replacements.add(new JsonObject()
                        .put("kind", r.path("kind").asText()).put("reason", r.path("reason").asText())));
                out.put("issued", new JsonObject().put("electronic", issued.path("electronic").asLong())
                        .put("paper", issued.path("paper").asLong()).put("replacements", replacements));
                JsonNode counted = tree.path("result").path("ballots");
                out.put("ballots", new JsonObject().put("electronic", tree.path("ballots").size())
                        .put("paper", tree.path("paperBallots").size())
                        .put("valid", counted.path("valid").asLong()).put("invalid", counted.path("invalid").asLong()));
                out.put("record", new JsonObject().put("version", record.get().version()).put("sha256", record.get().sha256())
                        .put("keyId", tree.path("seal").path("keyId").asText()));
            }
            return Reply.ok(out);
        });
    }
}
