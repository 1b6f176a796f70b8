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

    /** A paired tablet works for a conference day at most (and until check-out or the conference's end). */
    public static final java.time.Duration TABLET_LIFETIME = java.time.Duration.ofHours(24);

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

    /**
     * {@code POST /api/v1/tablet/pair {pairingCode} | {pairingSecret}}: the 8-digit code typed by
     * hand, or the desk QR code's secret; either works once and uses up the other; an older
     * tablet of the delegate stops working. Typed codes are limited per address and for the
     * whole hall, each attempt counted before it is evaluated ({@link PairingGuard}); the QR
     * secret (128 bits) is not, so a guesser behind the hall's NAT never stops the QR desk.
     */
    public Future<Reply> pair(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        JsonInput in = JsonInput.body(ctx);
        Object secret = in.json().getValue("pairingSecret");
        if (secret != null) {
            return pairBySecret(secret);
        }
        PairingGuard.Decision decision = guard.acquire(address);
        if (!decision.allowed()) {
            throw tooMany(decision);
        }
        Object raw = in.json().getValue("pairingCode");
        if (raw == null) {
            decision.ticket().succeeded(); // not a guess
            throw Refusals.badField("pairingCode", "bắt buộc nhưng không có");
        }
        String code = raw instanceof Number n ? String.format("%08d", n.longValue()) : String.valueOf(raw).strip();
        if (!code.matches("[0-9]{8}")) {
            return Future.failedFuture(badCode());
        }
        return pairWith(c -> ConferenceStore.takePairingCode(c, Secrets.sha256(code), clock.millis()))
                .onSuccess(paired -> decision.ticket().succeeded());
    }

    private Future<Reply> pairBySecret(Object secret) {
        if (!(secret instanceof String text) || !text.matches("[A-Za-z0-9_-]{22,64}")) {
            throw Refusals.badField("pairingSecret", "phải là mã trong mã QR của bàn điểm danh (chuỗi base64url)");
        }
        byte[] hash = Secrets.sha256(text);
        // a read first, so that wrong secrets (however many) never queue work on the writer
        return db.read(c -> ConferenceStore.pairingSecretExists(c, hash)).compose(exists -> exists
                ? pairWith(c -> ConferenceStore.takePairingSecret(c, hash, clock.millis()))
                : Future.failedFuture(badCode()));
    }

    private interface Take {
        java.util.Optional<String> take(Connection c) throws SQLException;
    }

    private Future<Reply> pairWith(Take take) {
        String token = secrets.newToken();
        long expires = clock.millis() + TABLET_LIFETIME.toMillis();
        return db.write(c -> {
            String delegateId = take.take(c).orElseThrow(TabletApi::badCode);
            Delegate delegate = ConferenceStore.delegate(c, delegateId).orElseThrow(TabletApi::badCode);
            if (!delegate.present() || delegate.excluded() || ConferenceStore.endedAt(c, delegate.conferenceId()).isPresent()) {
                throw badCode();
            }
            ConferenceStore.replaceTablet(c, delegateId, Secrets.sha256(token), expires);
            return Reply.ok(new JsonObject().put("tabletToken", token).put("delegateId", delegateId)
                    .put("delegateName", delegate.fullName()).put("conferenceId", delegate.conferenceId())
                    .put("expiresAt", java.time.Instant.ofEpochMilli(expires).toString()));
        });
    }

    private static RefusedException tooMany(PairingGuard.Decision decision) {
        String why = decision.globalLimit()
                ? "Trong một phút vừa qua có quá nhiều mã ghép nối sai được nhập trong toàn hội trường, nên tạm ngừng nhận mã 8 chữ số"
                : "Nhập sai mã ghép nối quá nhiều lần từ mạng của thiết bị này";
        return new RefusedException("TOO_MANY_ATTEMPTS", why + ": hãy thử lại sau " + decision.waitSeconds()
                + " giây, hoặc quét mã QR tại bàn điểm danh (mã QR vẫn dùng được).",
                new JsonObject().put("retryAfterSeconds", decision.waitSeconds()));
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
