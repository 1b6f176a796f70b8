package vn.phieukin.committee;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/** Where the random scalars come from: uniform in [1, q). Production uses {@link #secure()}. */
@FunctionalInterface
public interface Randomness {

    /** A scalar uniform in [1, q). */
    BigInteger scalar();

    /** 32 bytes from {@link SecureRandom} per attempt, rejected unless in [1, q). */
    static Randomness secure() {
        return from(new SecureRandom());
    }

    static Randomness from(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return () -> {
            byte[] bytes = new byte[Encoding.SCALAR_BYTES];
            while (true) {
                random.nextBytes(bytes);
                BigInteger k = new BigInteger(1, bytes);
                if (k.signum() > 0 && k.compareTo(Group.ORDER) < 0) {
                    return k;
                }
            }
        };
    }
}
