package vn.phieukin.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A minimal access log: method, path (no query, no headers, no client address), status, time.
 * Paths that could tie a person to a ballot are never logged at all: the anonymous ballot box
 * ({@code POST /api/v1/rounds/{id}/ballots}) and receipt look-ups (PROTOCOL.md).
 */
public final class AccessLog implements Handler<RoutingContext> {
    private static final Logger LOG = Logger.getLogger("vn.phieukin.access");
    private static final List<Pattern> NEVER_LOGGED = List.of(
            Pattern.compile("/api/v1/rounds/[^/]+/ballots/?"),
            Pattern.compile("/api/v1/rounds/[^/]+/receipts(/.*)?"));

    /** Whether a request path is kept out of every log. */
    public static boolean neverLogged(String path) {
        return path != null && NEVER_LOGGED.stream().anyMatch(p -> p.matcher(path).matches());
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        if (!neverLogged(path) && LOG.isLoggable(java.util.logging.Level.INFO)) {
            long start = System.nanoTime();
            String method = ctx.request().method().name();
            ctx.addEndHandler(done -> LOG.info(() -> method + " " + path + " " + ctx.response().getStatusCode()
                    + " " + (System.nanoTime() - start) / 1_000_000 + "ms"));
        }
        ctx.next();
    }
}
