package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.ConferenceStore.Delegate;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.ReviewStore;

/** Tablet pairing with a check-in code, and what a paired tablet shows. */
public final class TabletApi {

    /** What the round endpoints add to a tablet's state: the open round and whether it got a token. */
    public interface RoundState {
        /** The open round of the conference as the API's round object, or null. */
        JsonObject openRound(Connection c, String conferenceId) throws SQLException;

        /** Whether the delegate has received a token (or paper ballot) in the round. */
        boolean issued(Connection c, String roundId, String delegateId) throws SQLException;

        RoundState NONE = new RoundState() {
            @Override
            public JsonObject openRound(Connection c, String conferenceId) {
                return null;
            }

            @Override
            public boolean issued(Connection c, String roundId, String delegateId) {
                return false;
            }
        };
    }

    private final Database db;
    private final Secrets secrets;
    private final Clock clock;
    private final PairingGuard guard;
    private final RoundState roundState;

    public TabletApi(Database db, Secrets secrets, Clock clock, ServerSettings.PairingLimits limits, RoundState roundState) {
        this.db = db;
        this.secrets = secrets;
        this.clock = clock;
        this.guard = new PairingGuard(clock, limits);
        this.roundState = roundState;
    }

    /** {@code POST /api/v1/tablet/pair {pairingCode}}: the code works once; an older tablet of the delegate stops working. */
    public Future<Reply> pair(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        long wait = guard.secondsBlocked(address);
        if (wait > 0) {
            throw new RefusedException("TOO_MANY_ATTEMPTS", "Nhập sai mã ghép nối quá nhiều lần: hãy thử lại sau "
                    + wait + " giây");
        }
        JsonInput in = JsonInput.body(ctx);
        Object raw = in.json().getValue("pairingCode");
        if (raw == null) {
            throw Refusals.badField("pairingCode", "bắt buộc nhưng không có");
        }
        String code = raw instanceof Number n ? String.format("%08d", n.longValue()) : String.valueOf(raw).strip();
        String token = secrets.newToken();
        long now = clock.millis();
        Future<Reply> paired = code.matches("[0-9]{8}")
                ? db.write(c -> {
                    String delegateId = ConferenceStore.takePairingCode(c, Secrets.sha256(code), now)
                            .orElseThrow(TabletApi::badCode);
                    Delegate delegate = ConferenceStore.delegate(c, delegateId).orElseThrow(TabletApi::badCode);
                    if (!delegate.present() || delegate.excluded()) {
                        throw badCode();
                    }
                    ConferenceStore.replaceTablet(c, delegateId, Secrets.sha256(token));
                    return Reply.ok(new JsonObject().put("tabletToken", token).put("delegateId", delegateId)
                            .put("delegateName", delegate.fullName()).put("conferenceId", delegate.conferenceId()));
                })
                : Future.failedFuture(badCode());
        return paired.onFailure(failure -> {
            if (failure instanceof RefusedException r && r.code().equals("BAD_PAIRING_CODE")) {
                guard.failed(address);
            }
        });
    }

    /** {@code GET /api/v1/tablet/state} (tablet): conference (with its review's positions), delegate, open round or null, issued. */
    public Future<Reply> state(RoutingContext ctx) {
        Principal.Tablet tablet = (Principal.Tablet) Auth.principal(ctx);
        return db.read(c -> {
            ConferenceStore.Conference conference = ConferenceApi.conference(c, tablet.conferenceId());
            Delegate delegate = ConferenceStore.delegate(c, tablet.delegateId()).orElseThrow();
            JsonObject openRound = roundState.openRound(c, conference.id());
            boolean issued = openRound != null && roundState.issued(c, openRound.getString("id"), delegate.id());
            // the ballot's section headings: a round names its positions by id only
            JsonArray positions = new JsonArray();
            ReviewStore.positions(c, conference.reviewId())
                    .forEach(p -> positions.add(new JsonObject().put("id", p.id()).put("name", p.name())));
            return Reply.ok(new JsonObject()
                    .put("conference", new JsonObject().put("id", conference.id()).put("title", conference.title())
                            .put("step", conference.step()).put("date", conference.date().toString())
                            .put("positions", positions))
                    .put("delegate", new JsonObject().put("id", delegate.id()).put("fullName", delegate.fullName())
                            .put("title", delegate.title()).put("present", delegate.present()))
                    .put("openRound", openRound)
                    .put("issued", issued));
        });
    }

    private static RefusedException badCode() {
        return new RefusedException("BAD_PAIRING_CODE",
                "Mã ghép nối không đúng, đã dùng hoặc đã hết hạn (15 phút): hãy nhờ Ban Tổ chức điểm danh lại để lấy mã mới");
    }
}
