package vn.phieukin.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Keeps one client from holding every connection (issue 13): counts open connections per client
 * address and in all, refuses the ones over a cap with a clear answer, and closes a connection
 * whose request headers or body do not arrive in time. The idle timeout itself is Vert.x's
 * ({@code HttpServerOptions.setIdleTimeout}); this class adds what Vert.x lacks:
 * <ul>
 * <li>a <b>header timeout</b>: from the TLS accept, and from the first byte of each later request
 * on a kept-alive connection, to the end of its headers (a slowloris client sending a byte a
 * second is closed, while a quiet kept-alive connection lives until the idle timeout);</li>
 * <li>a <b>body timeout</b>: from the end of the headers to the end of the body;</li>
 * <li>a <b>per-address cap</b> and a <b>global cap</b>, checked when a connection has finished its
 * TLS handshake (connections still in the handshake are bounded by the handshake timeout, which
 * the server sets to the header timeout). The last {@code staffReserve} places under the global
 * cap are kept for addresses that made a staff call (check-in desk, console) in the last hours,
 * so a flood of tablets or of anything else cannot lock out the secretariat.</li>
 * </ul>
 * A refused connection gets, for its first request, {@code 429 TOO_MANY_CONNECTIONS} (per address)
 * or {@code 503 SERVER_BUSY} (global) with a Vietnamese message, {@code Retry-After} and
 * {@code Connection: close}; it is closed soon after in any case.
 * Timers and state live on the connection's event loop (Netty's), so no locking is needed there.
 */
final class ConnectionGuard {
    private static final Logger LOG = Logger.getLogger(ConnectionGuard.class.getName());
    private static final AttributeKey<Watch> WATCH = AttributeKey.valueOf("phieukin.connection-watch");
    /** Descriptors kept back from the global cap: database, WAL, logs, keys, jars, the JVM. */
    static final int DESCRIPTOR_RESERVE = 256;
    /** Used when the descriptor limit cannot be read (not a Unix system). */
    static final int FALLBACK_MAX = 4096;
    private static final Duration STAFF_MEMORY = Duration.ofHours(12);
    private static final int STAFF_ADDRESSES_KEPT = 1024;
    /** How long a refused connection may stay open waiting for its first request. */
    private static final long REFUSED_GRACE_MS = 2000;

    private final ServerSettings.ConnectionLimits limits;
    private final long descriptorLimit;
    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Map<String, Long> staffSeen = new ConcurrentHashMap<>();

    ConnectionGuard(ServerSettings.ConnectionLimits limits, long descriptorLimit) {
        this.limits = limits;
        this.descriptorLimit = descriptorLimit;
        int derived = descriptorLimit > 0
                ? (int) Math.max(limits.staffReserve() + 16, Math.min(Integer.MAX_VALUE, descriptorLimit - DESCRIPTOR_RESERVE))
                : FALLBACK_MAX;
        this.max = limits.max() > 0 ? Math.min(limits.max(), derived) : derived;
        LOG.info(() -> "open-file limit " + (descriptorLimit > 0 ? descriptorLimit : "unknown") + "; at most " + max
                + " connections (" + limits.perAddress() + " per address, " + limits.staffReserve()
                + " kept for the desk and the console); idle " + limits.idle().toMillis() + " ms, headers "
                + limits.header().toMillis() + " ms, body " + limits.body().toMillis() + " ms");
    }

    /** The effective global cap on open connections. */
    int maxConnections() {
        return max;
    }

    long descriptorLimit() {
        return descriptorLimit;
    }

    /** Connections open now (those refused included, until they close). */
    int open() {
        return open.get();
    }

    /** A staff call succeeded from {@code address}: it may use the reserve for a while. */
    void noteStaff(String address) {
        if (address == null) {
            return;
        }
        long now = System.nanoTime();
        if (staffSeen.size() >= STAFF_ADDRESSES_KEPT && !staffSeen.containsKey(address)) {
            staffSeen.entrySet().removeIf(e -> now - e.getValue() > STAFF_MEMORY.toNanos());
            if (staffSeen.size() >= STAFF_ADDRESSES_KEPT) {
                return;
            }
        }
        staffSeen.put(address, now);
    }

    private boolean isStaff(String address) {
        Long seen = staffSeen.get(address);
        return seen != null && System.nanoTime() - seen <= STAFF_MEMORY.toNanos();
    }

    /** For {@code HttpServer.connectionHandler}: counts, caps and watches one new connection. */
    void onConnection(HttpConnection connection) {
        Channel channel = channelOf(connection);
        String address = connection.remoteAddress() != null ? connection.remoteAddress().hostAddress() : "?";
        int total = open.incrementAndGet();
        int fromHere = perAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
        Runnable release = () -> {
            open.decrementAndGet();
            perAddress.computeIfPresent(address, (a, count) -> count.decrementAndGet() <= 0 ? null : count);
        };
        if (channel == null) {
            // not the Vert.x connection class this was written for: count and cap only
            connection.closeHandler(closed -> release.run());
            if (fromHere > limits.perAddress() || total > max) {
                connection.close();
            }
            return;
        }
        channel.closeFuture().addListener(closed -> release.run());
        // no TLS session resumption: a resumed session (its id or ticket, sent in the clear) would
        // link a tablet's anonymous cast to its earlier, authenticated connection (issue 9 item 5)
        io.netty.handler.ssl.SslHandler ssl = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
        if (ssl != null) {
            ssl.engine().getSession().invalidate();
        }
        Watch watch = new Watch(channel);
        channel.attr(WATCH).set(watch);
        if (fromHere > limits.perAddress()) {
            watch.refusal = Refusal.PER_ADDRESS;
        } else if (total > max || (total > max - limits.staffReserve() && !isStaff(address))) {
            watch.refusal = Refusal.GLOBAL;
        }
        if (watch.refusal != null) {
            LOG.fine(() -> "connection refused (" + watch.refusal + "), " + total + " open");
        }
        watch.install();
    }

    /** Wraps the router: refused connections get their answer; the others have their timers moved. */
    Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
        return request -> {
            Channel channel = channelOf(request.connection());
            Watch watch = channel == null ? null : channel.attr(WATCH).get();
            if (watch == null) {
                next.handle(request);
                return;
            }
            if (watch.refusal != null) {
                refuse(request, watch.refusal);
                return;
            }
            watch.requestStarted(request);
            next.handle(request);
        };
    }

    private void refuse(HttpServerRequest request, Refusal refusal) {
        String message = refusal == Refusal.PER_ADDRESS
                ? "Thiết bị này đang mở quá nhiều kết nối tới máy chủ (tối đa " + limits.perAddress()
                        + "). Hãy đóng bớt các trang đang mở rồi thử lại sau ít giây."
                : "Máy chủ đang có quá nhiều kết nối. Vui lòng thử lại sau ít giây.";
        String code = refusal == Refusal.PER_ADDRESS ? "TOO_MANY_CONNECTIONS" : "SERVER_BUSY";
        request.response()
                .setStatusCode(refusal == Refusal.PER_ADDRESS ? 429 : 503)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("Retry-After", "5")
                .putHeader("Connection", "close")
                .end(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message))
                        .encode())
                .onComplete(done -> request.connection().close());
    }

    private static Channel channelOf(HttpConnection connection) {
        if (connection instanceof io.vertx.core.net.impl.ConnectionBase base) {
            return base.channel();
        }
        return null;
    }

    private enum Refusal { PER_ADDRESS, GLOBAL }

    private enum Phase { HEADERS, REQUEST, IDLE }

    /** One connection's timers. Every method runs on the channel's event loop. */
    private final class Watch extends ChannelDuplexHandler {
        private final Channel channel;
        private Refusal refusal;
        private Phase phase = Phase.HEADERS;
        private HttpServerRequest current;
        private ScheduledFuture<?> timer;
        private boolean closeAfterAnswer;

        Watch(Channel channel) {
            this.channel = channel;
        }

        void install() {
            ChannelPipeline pipeline = channel.pipeline();
            // raw bytes (after TLS): a byte on an idle connection starts the next request's headers
            ChannelDuplexHandler bytes = new ChannelDuplexHandler() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (phase == Phase.IDLE && msg instanceof ByteBuf) {
                        startHeaders();
                    }
                    ctx.fireChannelRead(msg);
                }
            };
            if (pipeline.get("ssl") != null) {
                pipeline.addAfter("ssl", "phieukin-bytes", bytes);
            } else {
                pipeline.addFirst("phieukin-bytes", bytes);
            }
            // decoded response parts on their way out: the last one ends the exchange
            if (pipeline.get("handler") != null) {
                pipeline.addBefore("handler", "phieukin-watch", this);
            }
            schedule(refusal != null ? Math.min(REFUSED_GRACE_MS, limits.header().toMillis())
                    : limits.header().toMillis(), Phase.HEADERS);
        }

        void startHeaders() {
            phase = Phase.HEADERS;
            schedule(limits.header().toMillis(), Phase.HEADERS);
        }

        void requestStarted(HttpServerRequest request) {
            phase = Phase.REQUEST;
            current = request;
            schedule(limits.body().toMillis(), Phase.REQUEST);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response
                    && response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
                // Vert.x keeps the connection open whatever the header says: close it once this
                // answer is written (the tablets' calls, issue 9 item 5; refusals)
                closeAfterAnswer = true;
            }
            if (msg instanceof LastHttpContent) {
                if (phase == Phase.REQUEST) {
                    phase = Phase.IDLE;
                    current = null;
                    cancel();
                }
                if (closeAfterAnswer) {
                    ChannelPromise written = promise.unvoid();
                    written.addListener(ChannelFutureListener.CLOSE);
                    ctx.write(msg, written);
                    return;
                }
            }
            ctx.write(msg, promise);
        }

        private void schedule(long millis, Phase expected) {
            cancel();
            timer = channel.eventLoop().schedule(() -> expire(expected), millis, TimeUnit.MILLISECONDS);
        }

        private void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void expire(Phase expected) {
            timer = null;
            if (phase != expected) {
                return;
            }
            if (expected == Phase.HEADERS) {
                LOG.fine("closing a connection whose request headers did not arrive in time");
                channel.close();
            } else if (expected == Phase.REQUEST && current != null && !current.isEnded()) {
                LOG.fine("closing a connection whose request body did not arrive in time");
                channel.close();
            }
        }
    }
}
