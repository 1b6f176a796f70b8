package vn.phieukin.committee;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Test-only randomness for the known-answer vectors: attempt n (0, 1, 2, …) is
 * SHA-256(UTF-8("phieukin/test-randomness|" + seed + "|" + n)) read big-endian, rejected unless
 * in [1, q), exactly as {@link Randomness#secure()} rejects. web/test/committee-vectors.test.mjs
 * reimplements it.
 */
final class DeterministicRandomness implements Randomness {

    private final String seed;
    private long counter;

    DeterministicRandomness(String seed) {
        this.seed = seed;
    }

    @Override
    public BigInteger scalar() {
        while (true) {
            BigInteger k = new BigInteger(1, sha256("phieukin/test-randomness|" + seed + "|" + counter++));
            if (k.signum() > 0 && k.compareTo(Group.ORDER) < 0) {
                return k;
            }
        }
    }

    /** 12 bytes for an IV, from the same stream: the first 12 bytes of the next attempt's hash. */
    byte[] iv() {
        byte[] out = new byte[12];
        System.arraycopy(sha256("phieukin/test-randomness|" + seed + "|" + counter++), 0, out, 0, 12);
        return out;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
