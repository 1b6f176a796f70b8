package vn.phieukin.committee;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Hash to scalar, COMMITTEE.md: {@code Hq(tag, p1, …, pn)} = SHA-512(UTF-8(tag) ‖ 0x00 ‖ for each
 * part: 4-byte big-endian length ‖ part), read big-endian, mod q. A part is a point (its 33 or 1
 * encoded bytes), a scalar ({@link BigInteger}, its 32 bytes), a string (UTF-8) or raw bytes.
 */
public final class Hq {

    public static final String IPROVE = "phieukin/iprove/v2";
    public static final String POK = "phieukin/pok/v2";
    public static final String DECRYPT = "phieukin/decrypt/v2";

    private Hq() {
    }

    public static BigInteger hash(String tag, Object... parts) {
        SHA512Digest digest = new SHA512Digest();
        byte[] t = tag.getBytes(StandardCharsets.UTF_8);
        digest.update(t, 0, t.length);
        digest.update((byte) 0x00);
        for (Object part : parts) {
            byte[] bytes = partBytes(part);
            digest.update((byte) (bytes.length >>> 24));
            digest.update((byte) (bytes.length >>> 16));
            digest.update((byte) (bytes.length >>> 8));
            digest.update((byte) bytes.length);
            digest.update(bytes, 0, bytes.length);
        }
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return new BigInteger(1, out).mod(Group.ORDER);
    }

    static byte[] partBytes(Object part) {
        Objects.requireNonNull(part, "hash part");
        if (part instanceof ECPoint) {
            return Encoding.pointBytes((ECPoint) part);
        } else if (part instanceof BigInteger) {
            return Encoding.scalarBytes((BigInteger) part);
        } else if (part instanceof String) {
            return ((String) part).getBytes(StandardCharsets.UTF_8);
        } else if (part instanceof byte[]) {
            return (byte[]) part;
        }
        throw new IllegalArgumentException("a hash part is a point, a scalar, a string or bytes, not " + part.getClass().getName());
    }
}
