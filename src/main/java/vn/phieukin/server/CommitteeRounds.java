package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.record.v2.Layouts;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.RoundStore;

/**
 * What a committee member's device (the page {@code /committee/}) needs at each close, beside
 * COMMITTEE.md's calls: the rounds of its conference that wait for the committee's decryption,
 * and a closed round's encrypted ballots, exactly as stored, so that the device recomputes the
 * encrypted tally and checks every proof itself before it contributes. Staff may call both too;
 * a member device only for its own conference.
 *
 * <ul>
 * <li>{@code GET /api/v1/conferences/{cid}/committee/rounds} →
 * {@code {conferenceId, rounds:[{id, step, kind, ballots, contributed, threshold, members:[index…],
 * youContributed}]}}: the closed v2 rounds whose result waits for decryption, oldest first.</li>
 * <li>{@code GET /api/v1/rounds/{id}/encrypted-ballots?offset=0&limit=50} → {@code {round,
 * conferenceId, kind, jointKey, fingerprint, layout, total, offset, ballots:[{receipt, request}]}}:
 * the ballots in the order they are stored in (sorted by receipt, never by arrival), each cast
 * request as the ballot box received it; {@code layout} is the round's slot layout
 * ({@code {kind:"NOMINATION", sections:[{position, candidates, maxSelections}]}} or
 * {@code {kind:"REMOVAL", lines:[…]}}). Only once the round is closed.</li>
 * </ul>
 */
final class CommitteeRounds {
    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 500;

    private final Database db;

    CommitteeRounds(Database db) {
        this.db = db;
    }

    void mount(Router router, CommitteeApi committee) {
        router.get("/api/v1/conferences/:cid/committee/rounds").handler(committee.staffOrMember())
                .handler(Endpoint.of(this::rounds));
        router.get("/api/v1/rounds/:id/encrypted-ballots").handler(committee.staffOrMember()).handler(this::ballots);
    }

    /** {@code GET /api/v1/conferences/{cid}/committee/rounds}. */
    Future<Reply> rounds(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        CommitteeApi.Member member = CommitteeApi.caller(ctx);
        if (member != null && !member.conferenceId().equals(conferenceId)) {
            throw otherConference();
        }
        return db.read(c -> {
            ConferenceApi.conference(c, conferenceId);
            JsonArray out = new JsonArray();
            for (RoundStore.Round row : RoundStore.roundsOf(c, conferenceId)) {
                if (!row.isClosed()) {
                    continue;
                }
                RoundFacts round = RoundFacts.of(c, row);
                if (!round.awaitingDecryption() || round.committee() == null) {
                    continue;
                }
                JsonArray who = new JsonArray();
                round.committee().contributions().forEach(x -> who.add(x.member()));
                JsonObject item = new JsonObject().put("id", round.id()).put("step", round.step())
                        .put("kind", round.kind().name()).put("ballots", round.counts().cast())
                        .put("contributed", who.size()).put("threshold", round.committee().row().threshold())
                        .put("members", who);
                if (member != null) {
                    item.put("youContributed", who.contains(member.index()));
                }
                out.add(item);
            }
            return Reply.ok(new JsonObject().put("conferenceId", conferenceId).put("rounds", out));
        });
    }

    /** {@code GET /api/v1/rounds/{id}/encrypted-ballots?offset&limit}: written as it is stored, without re-parsing. */
    void ballots(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        CommitteeApi.Member member = CommitteeApi.caller(ctx);
        int offset;
        int limit;
        try {
            offset = parameter(ctx, "offset", 0, Integer.MAX_VALUE, 0);
            limit = parameter(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
        } catch (RefusedException e) {
            ctx.fail(e);
            return;
        }
        db.read(c -> {
            RoundFacts round = RoundDecryption.closedV2(c, id, member);
            StringBuilder out = new StringBuilder(64 * 1024);
            out.append(new JsonObject().put("round", round.id()).put("conferenceId", round.conference().id())
                    .put("kind", round.kind().name())
                    .put("jointKey", round.committee().row().jointKey())
                    .put("fingerprint", round.committee().row().fingerprint())
                    .put("layout", layoutJson(Layouts.of(round.definition())))
                    .put("total", round.counts().cast()).put("offset", offset).encode());
            out.setLength(out.length() - 1); // reopen the object for the raw ballots
            out.append(",\"ballots\":[");
            List<RoundStore.StoredBallot> page = RoundStore.ballotsPage(c, id, offset, limit);
            for (int i = 0; i < page.size(); i++) {
                RoundStore.StoredBallot b = page.get(i);
                out.append(i == 0 ? "" : ",").append("{\"receipt\":").append(io.vertx.core.json.Json.encode(b.receipt()));
                // the request is canonical JSON exactly as the ballot box stored it
                out.append(",\"request\":").append(b.requestJson()).append('}');
            }
            out.append("]}");
            return out.toString();
        }).onSuccess(text -> ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(text)).onFailure(ctx::fail);
    }

    /** The layout as the page's crypto (web/js/crypto/committee.js) reads it. */
    static JsonObject layoutJson(BallotLayout layout) {
        if (layout instanceof BallotLayout.Nomination n) {
            JsonArray sections = new JsonArray();
            for (BallotLayout.Section s : n.sections()) {
                sections.add(new JsonObject().put("position", s.positionId()).put("candidates", new JsonArray(s.candidates()))
                        .put("maxSelections", s.maxSelections()));
            }
            return new JsonObject().put("kind", "NOMINATION").put("sections", sections);
        }
        return new JsonObject().put("kind", "REMOVAL").put("lines", new JsonArray(((BallotLayout.Removal) layout).lines()));
    }

    private static int parameter(RoutingContext ctx, String name, int min, int max, int otherwise) {
        String text = ctx.request().getParam(name);
        if (text == null || text.isEmpty()) {
            return otherwise;
        }
        if (!text.matches("[0-9]{1,9}") || Integer.parseInt(text) < min || Integer.parseInt(text) > max) {
            throw Refusals.badField(name, "phải là một số nguyên từ " + min + " đến " + max);
        }
        return Integer.parseInt(text);
    }

    static RefusedException otherConference() {
        return new RefusedException("FORBIDDEN", "Thiết bị này được ghép nối cho Ban kiểm phiếu của một hội nghị khác: "
                + "không xem được các phiên của hội nghị này.");
    }
}
