package vn.phieukin.server;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import io.vertx.core.Future;

/**
 * Live updates of one conference for the console and the hall screen, as Server-Sent Events
 * on {@code GET /api/v1/conferences/{cid}/events}. Anyone may listen, so only public counts go
 * here (attendance; round status, issued and cast counts), never a tally.
 *
 * <p>To send an event: {@link #publish(Vertx, String, String, JsonObject)}, e.g.
 * {@code publish(vertx, "hn1", "round", {"roundId":"r1","status":"OPEN","issued":3,"cast":1})}.
 * Each listener gets {@code event: <type>} and {@code data: <json>}.
 */
public final class ConferenceEvents {
    static final long KEEP_ALIVE_MS = 20_000;

    private ConferenceEvents() {
    }

    /** The event-bus address of a conference's events. */
    public static String address(String conferenceId) {
        return "phieukin.conference." + conferenceId;
    }

    /** Sends an event to everyone listening to the conference. */
    public static void publish(Vertx vertx, String conferenceId, String type, JsonObject data) {
        vertx.eventBus().publish(address(conferenceId), new JsonObject().put("type", type).put("data", data));
    }

    /**
     * Streams the conference's events to this request, starting with {@code initial} (the
     * current state, sent as the first events) until the client goes away.
     */
    static void stream(Vertx vertx, RoutingContext ctx, String conferenceId, Supplier<Future<JsonObject>> initial) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address(conferenceId),
                message -> write(response, message.body().getString("type"), message.body().getJsonObject("data")));
        long keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, id -> {
            if (!response.closed() && !response.ended()) {
                response.write(": ping\n\n");
            }
        });
        response.closeHandler(closed -> {
            consumer.unregister();
            vertx.cancelTimer(keepAlive);
        });
        response.write("retry: 3000\n\n");
        initial.get().onSuccess(events -> events.forEach(e -> write(response, e.getKey(), (JsonObject) e.getValue())));
    }

    private static void write(HttpServerResponse response, String type, JsonObject data) {
        if (!response.closed() && !response.ended()) {
            response.write("event: " + type + "\ndata: " + data.encode() + "\n\n");
        }
    }
}
