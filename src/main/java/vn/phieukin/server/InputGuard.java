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

    private static final String CHUNK_GUARD = "phieukin-malformed-body";

    /**
     * For {@code HttpServer.connectionHandler}: a body Netty cannot decode (a malformed chunked
     * body: a size that is not hex, too large, negative, data beyond the size) is answered 400 and
     * the connection closed. Vert.x on its own closes such a connection without any answer.
     */
    static void onConnection(io.vertx.core.http.HttpConnection connection) {
        if (!(connection instanceof io.vertx.core.net.impl.ConnectionBase base)) {
            return;
        }
        io.netty.channel.ChannelPipeline pipeline = base.channel().pipeline();
        if (pipeline.get("handler") != null && pipeline.get(CHUNK_GUARD) == null) {
            pipeline.addBefore("handler", CHUNK_GUARD, new MalformedBody());
        }
    }

    private static final class MalformedBody extends io.netty.channel.ChannelInboundHandlerAdapter {
        private boolean answered;

        @Override
        public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
            if (!answered && msg instanceof io.netty.handler.codec.http.HttpRequest request
                    && request.decoderResult().isSuccess()
                    && !io.netty.handler.codec.http.HttpVersion.HTTP_1_1.equals(request.protocolVersion())
                    && !io.netty.handler.codec.http.HttpVersion.HTTP_1_0.equals(request.protocolVersion())) {
                // HTTP/1.2, HTTP/2.0 (and its preface "PRI * HTTP/2.0"), FOO/1.1: a 4xx, not Vert.x's 501
                io.netty.util.ReferenceCountUtil.release(msg);
                refuse(ctx, "Phiên bản giao thức " + request.protocolVersion().text() + " không được hỗ trợ: máy chủ chỉ "
                        + "nhận HTTP/1.1 (hoặc HTTP/1.0)");
                return;
            }
            if (msg instanceof io.netty.handler.codec.http.HttpContent content
                    && !(msg instanceof io.netty.handler.codec.http.HttpRequest)
                    && content.decoderResult().isFailure()) {
                io.netty.util.ReferenceCountUtil.release(msg);
                refuse(ctx, "Phần thân yêu cầu (chunked) không đúng định dạng HTTP/1.1; kết nối được đóng");
                return;
            }
            if (answered) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        /** 400 with the API's error body, written here (Vert.x never sees the request), then closed. */
        private void refuse(io.netty.channel.ChannelHandlerContext ctx, String message) {
            if (answered) {
                return;
            }
            answered = true;
            byte[] body = errorBody("BAD_REQUEST", message).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            var response = new io.netty.handler.codec.http.DefaultFullHttpResponse(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                    io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST,
                    io.netty.buffer.Unpooled.wrappedBuffer(body));
            response.headers().set(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                    .set(HttpHeaders.CONTENT_LENGTH, body.length)
                    .set(HttpHeaders.CONNECTION, "close");
            ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    private static String errorBody(String code, String message) {
        return new JsonObject().put("error", new JsonObject().put("code", code).put("message", message)).toString();
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
