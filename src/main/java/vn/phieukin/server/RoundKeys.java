package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import vn.phieukin.ballot.BlindSigner;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.RoundStore;

/**
 * The private round keys of the open rounds, kept in memory for issuing and read back from the
 * database after a restart. Key generation (RSA-3072, seconds) and decoding run on worker
 * threads, never on an event loop. Forgotten when the round closes.
 */
public final class RoundKeys {
    private final Vertx vertx;
    private final Database db;
    private final SecureRandom random;
    private final Map<String, BlindSigner> signers = new ConcurrentHashMap<>();

    public RoundKeys(Vertx vertx, Database db, SecureRandom random) {
        this.vertx = vertx;
        this.db = db;
        this.random = random;
    }

    /** A fresh round key, generated on a worker thread. */
    public Future<BlindSigner> generate() {
        return vertx.executeBlocking(() -> BlindSigner.generate(random), false);
    }

    /** Keeps the signer of a round that has just opened. */
    public void remember(String roundId, BlindSigner signer) {
        signers.put(roundId, signer);
    }

    /** The signer of an open round: from memory, or decoded from the database after a restart. */
    public Future<BlindSigner> signer(String roundId) {
        BlindSigner known = signers.get(roundId);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        return db.read(c -> RoundStore.privateKey(c, roundId)).compose(stored -> decode(roundId, stored));
    }

    private Future<BlindSigner> decode(String roundId, Optional<byte[]> stored) {
        if (stored.isEmpty()) {
            return Future.failedFuture(new RefusedException("ROUND_STATE",
                    "Phiên bỏ phiếu này đã đóng: khóa của phiên đã bị hủy."));
        }
        return vertx.executeBlocking(() -> BlindSigner.decodePrivate(stored.get()), false)
                .map(signer -> signers.computeIfAbsent(roundId, id -> signer));
    }

    /** Drops the signer of a closed round from memory. */
    public void forget(String roundId) {
        signers.remove(roundId);
    }
}
