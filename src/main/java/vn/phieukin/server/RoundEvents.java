package vn.phieukin.server;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import vn.phieukin.store.Database;
import vn.phieukin.store.RoundStore;

/**
 * Publishes a round's status and its issued and cast counts on the conference's event stream
 * ({@link ConferenceEvents}, event type {@code round}): never a tally. A status change goes out
 * at once; count changes are gathered and sent at most every {@value #COUNTS_EVERY_MS} ms per
 * round, so a burst of ballots costs one count query, not one per ballot.
 */
final class RoundEvents {
    static final long COUNTS_EVERY_MS = 300;

    private final Vertx vertx;
    private final Database db;
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();

    RoundEvents(Vertx vertx, Database db) {
        this.vertx = vertx;
        this.db = db;
    }

    /** The round's status changed (opened, closed): sent now. */
    void statusChanged(String conferenceId, String roundId) {
        publish(conferenceId, roundId);
    }

    /** A token or a ballot was added: sent with the next batch. */
    void countsChanged(String conferenceId, String roundId) {
        if (pending.putIfAbsent(roundId, Boolean.TRUE) == null) {
            vertx.setTimer(COUNTS_EVERY_MS, timer -> {
                pending.remove(roundId);
                publish(conferenceId, roundId);
            });
        }
    }

    private void publish(String conferenceId, String roundId) {
        db.read(c -> RoundStore.round(c, roundId).map(round -> {
            try {
                return data(round, RoundStore.counts(c, roundId));
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        })).onSuccess(data -> data.ifPresent(d -> ConferenceEvents.publish(vertx, conferenceId, "round", d)));
    }

    /** {@code {roundId, status, presentAtOpen, issued, cast}}. */
    static JsonObject data(RoundStore.Round round, RoundStore.Counts counts) {
        return new JsonObject().put("roundId", round.id()).put("status", round.status())
                .put("presentAtOpen", round.presentAtOpen()).put("issued", counts.issued()).put("cast", counts.cast());
    }
}
