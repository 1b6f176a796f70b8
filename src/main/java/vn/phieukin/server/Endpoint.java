package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Adapts a handler method {@code Future<Reply> m(RoutingContext)} to a route: the reply is
 * written as JSON; a refusal (thrown or as a failed Future) goes to the failure handler, which
 * maps it to its status in one place ({@link ErrorStatus}).
 */
public final class Endpoint {
    private Endpoint() {
    }

    public static Handler<RoutingContext> of(Function<RoutingContext, Future<Reply>> method) {
        return ctx -> {
            Future<Reply> reply;
            try {
                reply = method.apply(ctx);
            } catch (RuntimeException refusedOrBug) {
                ctx.fail(refusedOrBug);
                return;
            }
            reply.onComplete(done -> {
                if (done.failed()) {
                    ctx.fail(done.cause());
                } else if (!ctx.response().ended()) {
                    send(ctx, done.result());
                }
            });
        };
    }

    public static void send(RoutingContext ctx, Reply reply) {
        ctx.response()
                .setStatusCode(reply.status())
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .end(reply.body().toString());
    }
}
