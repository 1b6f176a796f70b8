package vn.phieukin.server;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** The bytes of an uploaded list (CSV or .xlsx), empty when the request had no body. */
final class Uploads {
    private Uploads() {
    }

    static byte[] bytes(RoutingContext ctx) {
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        return body == null ? new byte[0] : body.getBytes();
    }
}
