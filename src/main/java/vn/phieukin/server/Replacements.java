package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.RoundStore;

/**
 * Replacement ballots (đổi phiếu): a present delegate whose tablet failed after it received the
 * round's token gets a new token on a newly paired tablet ({@code ELECTRONIC}) or a paper ballot
 * ({@code PAPER}). The server cannot know whether the old token was cast (the blind token hides
 * it), so the desk asks the delegate to confirm that they have not voted, the old tablet's
 * pairing is revoked, and the sealed record counts the replacement openly
 * ({@code issued.replacements}): ballots ≤ tokens + paper issued still holds.
 */
final class Replacements {
    static final int MAX_REASON = 200;

    private final Database db;
    private final Auth auth;
    private final Clock clock;
    private final RoundEvents events;

    Replacements(Vertx vertx, Database db, Auth auth, Clock clock) {
        this.db = db;
        this.auth = auth;
        this.clock = clock;
        this.events = new RoundEvents(vertx, db);
    }

    void mount(Router router) {
        router.post("/api/v1/rounds/:id/replacements").handler(auth.staff(Role.ADMIN, Role.SECRETARIAT))
                .handler(Endpoint.of(this::replace));
    }

    /**
     * {@code POST /api/v1/rounds/{id}/replacements {delegateId, kind, reason, confirmedNotVoted}} →
     * {@code 201 {delegateId, kind, reason, at}}. A {@code PAPER} replacement issues the paper
     * ballot at once; after an {@code ELECTRONIC} one the desk pairs a new tablet (check-in), which
     * then receives a second token.
     */
    private Future<Reply> replace(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonInput in = JsonInput.body(ctx);
        String delegateId = in.text("delegateId");
        String kind = in.text("kind");
        if (!kind.equals("ELECTRONIC") && !kind.equals("PAPER")) {
            throw Refusals.badField("kind", "phải là ELECTRONIC (thẻ điện tử mới trên máy tính bảng khác) hoặc PAPER "
                    + "(phiếu giấy), nhận được \"" + kind + "\"");
        }
        String reason = in.text("reason");
        if (reason.length() > MAX_REASON) {
            throw Refusals.badField("reason", "dài quá " + MAX_REASON + " ký tự");
        }
        if (!in.bool("confirmedNotVoted", false)) {
            throw new RefusedException("NOT_CONFIRMED", "Hãy hỏi đại biểu và xác nhận đồng chí chưa bỏ phiếu bằng máy "
                    + "tính bảng cũ (confirmedNotVoted) trước khi đổi phiếu.");
        }
        String at = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        return db.write(c -> {
            RoundStore.Round round = RoundStore.round(c, id).orElseThrow(() -> Refusals.notFound("phiên bỏ phiếu", id));
            if (!round.isOpen()) {
                throw new RefusedException("ROUND_STATE", "Chỉ đổi phiếu khi phiên bỏ phiếu đang mở.");
            }
            ConferenceStore.Delegate delegate = ConferenceStore.delegate(c, delegateId)
                    .filter(d -> d.conferenceId().equals(round.conferenceId()))
                    .orElseThrow(() -> Refusals.notFound("đại biểu của hội nghị này", delegateId));
            if (!RoundStore.presentAtOpen(c, id, delegateId)) {
                throw new RefusedException("NOT_PRESENT", "Đại biểu " + delegate.fullName()
                        + " không có mặt khi phiên được mở, nên không được nhận phiếu.");
            }
            if (RoundStore.replacement(c, id, delegateId).isPresent()) {
                throw new RefusedException("ALREADY_REPLACED", "Đại biểu " + delegate.fullName()
                        + " đã được đổi phiếu một lần trong phiên này: không đổi thêm.");
            }
            if (RoundStore.paperIssued(c, id, delegateId)) {
                throw new RefusedException("ALREADY_ISSUED", "Đại biểu " + delegate.fullName()
                        + " đã nhận phiếu giấy trong phiên này.");
            }
            if (RoundStore.issuance(c, id, delegateId).isEmpty()) {
                throw new RefusedException("NOT_NEEDED", "Máy tính bảng của đại biểu " + delegate.fullName()
                        + " chưa nhận phiếu của phiên này, nên không cần đổi phiếu: hãy ghép nối máy tính bảng khác "
                        + "(Cấp mã ghép nối mới) hoặc phát phiếu giấy như thường.");
            }
            RoundStore.insertReplacement(c, id, delegateId, kind, reason, at);
            ConferenceStore.deleteTablet(c, delegateId); // the failed tablet can do nothing more
            if (kind.equals("PAPER")) {
                RoundStore.insertPaperIssuance(c, id, delegateId);
            }
            return round.conferenceId();
        }).map(conferenceId -> {
            events.countsChanged(conferenceId, id);
            return Reply.created(new JsonObject().put("delegateId", delegateId).put("kind", kind).put("reason", reason)
                    .put("at", at));
        });
    }
}
