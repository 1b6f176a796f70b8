package vn.phieukin.server;

import io.netty.handler.codec.DecoderResult;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Requests that are not HTTP/1.1 as the server speaks it: answered with a 4xx and the connection
 * closed, never left without an answer. Also HEAD, answered like GET without a body.
 */
final class InputGuard {
    private InputGuard() {
    }

    /** First in the router: HEAD is routed as GET (Vert.x then sends the headers only). */
    static void mount(Router router) {
        router.route().order(-1000).handler(InputGuard::head);
    }

    private static void head(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.reroute(HttpMethod.GET, ctx.request().uri());
            return;
        }
        ctx.next();
    }

    /**
     * For requests Netty could not decode (bad request line, unknown HTTP version, an HTTP/2
     * preface, a malformed header): 400 (414 or 431 for a request line or headers too long) with the
     * API's error body, and the connection closed.
     */
    static void invalidRequest(HttpServerRequest request) {
        DecoderResult result = request.decoderResult();
        Throwable cause = result == null ? null : result.cause();
        int status = 400;
        String code = "BAD_REQUEST";
        String message = "Yêu cầu HTTP không hợp lệ: máy chủ chỉ nhận HTTP/1.1 (hoặc HTTP/1.0) đúng chuẩn";
        if (cause instanceof io.netty.handler.codec.TooLongFrameException tooLong) {
            boolean line = tooLong.getMessage() != null && tooLong.getMessage().contains("line");
            status = line ? 414 : 431;
            code = line ? "URI_TOO_LONG" : "HEADERS_TOO_LARGE";
            message = line ? "Địa chỉ yêu cầu quá dài" : "Phần tiêu đề (headers) của yêu cầu quá lớn";
        }
        String body = new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).toString();
        try {
            request.response().setStatusCode(status)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(body)
                    .onComplete(done -> request.connection().close());
        } catch (RuntimeException alreadyGone) {
            request.connection().close();
        }
    }
}
