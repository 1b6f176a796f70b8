package vn.phieukin.server;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.StorageFull;

/**
 * Turns every failure into the error form of API.md, {@code {"error":{"code","message"}}}.
 * Refusals keep their code (status from {@link ErrorStatus}); Vert.x's own failures (no route,
 * body too large) get a Vietnamese message; anything else is a bug: logged here (without the
 * request body) and answered 500 INTERNAL without any detail.
 */
public final class Failures {
    private static final Logger LOG = Logger.getLogger(Failures.class.getName());
    private static volatile Path dataDir;

    private Failures() {
    }

    public static void handle(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        Throwable failure = ctx.failure();
        if (failure instanceof RefusedException refused && ErrorStatus.known(refused.code())) {
            send(ctx, refused.code(), refused.getMessage(), refused.details());
            return;
        }
        int status = ctx.statusCode();
        String where = ctx.request().method() + " " + ctx.request().path();
        switch (status) {
            case 401 -> send(ctx, "UNAUTHENTICATED", Refusals.unauthenticated().getMessage(), null);
            case 404 -> send(ctx, "NOT_FOUND", "Không có địa chỉ " + where, null);
            case 405 -> send(ctx, "METHOD_NOT_ALLOWED", "Địa chỉ này không nhận phương thức "
                    + ctx.request().method(), null);
            case 413 -> send(ctx, "PAYLOAD_TOO_LARGE", "Nội dung yêu cầu vượt quá giới hạn 1 MB", null);
            case 415 -> send(ctx, "UNSUPPORTED_MEDIA_TYPE", "Kiểu nội dung (Content-Type) không được hỗ trợ", null);
            case 400 -> send(ctx, "BAD_REQUEST", "Yêu cầu không hợp lệ", null);
            default -> {
                if (StorageFull.isDiskFull(failure)) {
                    // a full disk met outside the database writer (e.g. writing a sealed record's file)
                    Path dir = dataDir;
                    LOG.severe("DISK FULL on " + ctx.request().method() + " " + routeOf(ctx) + ": the disk of "
                            + (dir != null ? dir : "the data folder") + " is full; the request was refused");
                    RefusedException refusal = StorageFull.refusal(dir != null ? dir : Path.of("."),
                            StorageFull.freeBytes(dir != null ? dir : Path.of(".")));
                    send(ctx, refusal.code(), refusal.getMessage(), refusal.details());
                    return;
                }
                // the route's pattern, not the path: no ids, and nothing of the ballot box beyond its name
                String route = ctx.currentRoute() != null && ctx.currentRoute().getPath() != null
                        ? ctx.currentRoute().getPath() : "(no route)";
                LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + route, failure);
                send(ctx, "INTERNAL", "Lỗi nội bộ của máy chủ; thao tác không được thực hiện, hãy thử lại", null);
            }
        }
    }

    private static String routeOf(RoutingContext ctx) {
        return ctx.currentRoute() != null && ctx.currentRoute().getPath() != null ? ctx.currentRoute().getPath() : "(no route)";
    }

    /** The data folder named in a STORAGE_FULL message met outside the writer (set at start). */
    static void dataDir(Path dir) {
        dataDir = dir;
    }

    public static void send(RoutingContext ctx, String code, String message, Object details) {
        JsonObject error = new JsonObject().put("code", code).put("message", message);
        if (details != null) {
            error.put("details", details);
        }
        if (details instanceof JsonObject d && d.getValue("retryAfterSeconds") instanceof Number wait) {
            ctx.response().putHeader("Retry-After", String.valueOf(wait.longValue()));
        }
        ctx.response()
                .setStatusCode(ErrorStatus.of(code))
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("error", error).toString());
    }
}
