package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Set;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.Database;
import vn.phieukin.store.RoundStore;

/**
 * What the secretariat must know before it closes a round: how many ballots were issued and not
 * yet returned, and which delegates present at the open have received no ballot at all. Who
 * received a ballot is participation, already in the sealed record; never how anyone voted.
 */
final class RoundReturns {
    private final Database db;
    private final Auth auth;

    RoundReturns(Database db, Auth auth) {
        this.db = db;
        this.auth = auth;
    }

    void mount(Router router) {
        router.get("/api/v1/rounds/:id/returns").handler(auth.staff(Role.ADMIN, Role.SECRETARIAT))
                .handler(Endpoint.of(this::returns));
    }

    /**
     * {@code GET /api/v1/rounds/{id}/returns}: {@code {status, issued, cast, unreturned, paperIssued,
     * paperEntered, withoutBallot:[{id, fullName}]}} ({@code unreturned} = electronic ballots issued
     * and not cast; paper ballots are entered after the close).
     */
    private Future<Reply> returns(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return db.read(c -> {
            RoundStore.Round round = RoundStore.round(c, id).orElseThrow(() -> Refusals.notFound("phiên bỏ phiếu", id));
            RoundStore.Counts counts = RoundStore.counts(c, id);
            Set<String> holders = new HashSet<>(RoundStore.tokenHolders(c, id));
            holders.addAll(RoundStore.paperHolders(c, id));
            JsonArray without = new JsonArray();
            if (!"DRAFT".equals(round.status())) {
                for (ConferenceStore.Delegate d : ConferenceStore.delegates(c, round.conferenceId())) {
                    if (!holders.contains(d.id()) && RoundStore.presentAtOpen(c, id, d.id())) {
                        without.add(new JsonObject().put("id", d.id()).put("fullName", d.fullName()));
                    }
                }
            }
            return Reply.ok(new JsonObject().put("status", round.status())
                    .put("issued", counts.tokensIssued()).put("cast", counts.ballotsCast())
                    .put("unreturned", Math.max(0, counts.tokensIssued() - counts.ballotsCast()))
                    .put("paperIssued", counts.paperIssued()).put("paperEntered", counts.paperBallotsEntered())
                    .put("withoutBallot", without));
        });
    }
}
