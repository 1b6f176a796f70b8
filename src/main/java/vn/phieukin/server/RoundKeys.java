package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
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
 * database after a restart. In the database a key is only ever stored wrapped (AES-256-GCM) by
 * the key-encryption key in {@code keys/} ({@link RoundKeyWrap}): a restart unwraps it and goes
 * on issuing; a copy of {@code data/} alone holds no round key. Key generation (RSA-3072,
 * seconds), loading the KEK and decoding run on worker threads, never on an event loop.
 * Forgotten when the round closes.
 */
public final class RoundKeys {
    private final Vertx vertx;
    private final Database db;
    private final SecureRandom random;
    private final Path keysDir;
    private final Map<String, BlindSigner> signers = new ConcurrentHashMap<>();
    private volatile RoundKeyWrap wrap;

    public RoundKeys(Vertx vertx, Database db, SecureRandom random, Path keysDir) {
        this.vertx = vertx;
        this.db = db;
        this.random = random;
        this.keysDir = keysDir;
    }

    /** A fresh round key, generated on a worker thread (which also loads the KEK for {@link #wrapped}). */
    public Future<BlindSigner> generate() {
        return vertx.executeBlocking(() -> {
            kek();
            return BlindSigner.generate(random);
        }, false);
    }

    /** The private key of {@code signer} as stored for round {@code roundId}: wrapped by the KEK. */
    public byte[] wrapped(String roundId, BlindSigner signer) {
        byte[] pkcs8 = signer.encodePrivate();
        try {
            return kekLoaded().wrap(roundId, pkcs8);
        } finally {
            java.util.Arrays.fill(pkcs8, (byte) 0);
        }
    }

    /** Blocking: loads (or creates) the KEK once. */
    private RoundKeyWrap kek() throws java.io.IOException {
        RoundKeyWrap known = wrap;
        if (known == null) {
            synchronized (this) {
                if (wrap == null) {
                    wrap = RoundKeyWrap.loadOrCreate(keysDir, random);
                }
                known = wrap;
            }
        }
        return known;
    }

    private RoundKeyWrap kekLoaded() {
        RoundKeyWrap known = wrap;
        if (known == null) {
            throw new IllegalStateException("the round key-encryption key is not loaded (call generate() first)");
        }
        return known;
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
        return vertx.executeBlocking(() -> {
            byte[] bytes = stored.get();
            if (!RoundKeyWrap.isWrapped(bytes)) {
                return BlindSigner.decodePrivate(bytes); // a round opened by a version before the KEK
            }
            byte[] pkcs8 = kek().unwrap(roundId, bytes);
            try {
                return BlindSigner.decodePrivate(pkcs8);
            } finally {
                java.util.Arrays.fill(pkcs8, (byte) 0);
            }
        }, false)
                .map(signer -> signers.computeIfAbsent(roundId, id -> signer));
    }

    /** Drops the signer of a closed round from memory. */
    public void forget(String roundId) {
        signers.remove(roundId);
    }
}
