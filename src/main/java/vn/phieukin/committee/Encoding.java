package vn.phieukin.committee;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.ballot.Base64Url;

/**
 * COMMITTEE.md "Encodings": a point is SEC1 compressed (33 bytes), the identity the single byte
 * {@code 0x00}; a scalar is 32 bytes big-endian with value {@code < q}; in JSON both are base64url
 * without padding. Decoding is strict: anything else throws {@link InvalidEncodingException}.
 */
public final class Encoding {

    public static final int POINT_BYTES = 33;
    public static final int SCALAR_BYTES = 32;

    private Encoding() {
    }

    /** The 33 bytes of a point, or {@code [0x00]} for {@code O}. */
    public static byte[] pointBytes(ECPoint p) {
        Objects.requireNonNull(p, "point");
        if (p.isInfinity()) {
            return new byte[] {0x00};
        }
        return p.getEncoded(true);
    }

    /** @throws InvalidEncodingException unless the bytes are a compressed P-256 point or [0x00] */
    public static ECPoint decodePoint(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 1 && bytes[0] == 0x00) {
            return Group.identity();
        }
        if (bytes.length != POINT_BYTES || (bytes[0] != 0x02 && bytes[0] != 0x03)) {
            throw new InvalidEncodingException("not a compressed P-256 point (33 bytes starting 02 or 03, or the single byte 00)");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(bytes, 1, POINT_BYTES));
        if (x.compareTo(Group.CURVE.getField().getCharacteristic()) >= 0) {
            throw new InvalidEncodingException("point x-coordinate not below the field prime");
        }
        try {
            ECPoint p = Group.CURVE.decodePoint(bytes).normalize();
            if (!p.isValid()) {
                throw new InvalidEncodingException("not a point of P-256");
            }
            return p;
        } catch (InvalidEncodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidEncodingException("not a point of P-256", e);
        }
    }

    /** The 32 big-endian bytes of a scalar in [0, q). */
    public static byte[] scalarBytes(BigInteger s) {
        Objects.requireNonNull(s, "scalar");
        if (s.signum() < 0 || s.compareTo(Group.ORDER) >= 0) {
            throw new IllegalArgumentException("scalar outside [0, q)");
        }
        byte[] raw = s.toByteArray();
        byte[] out = new byte[SCALAR_BYTES];
        int copy = Math.min(raw.length, SCALAR_BYTES);
        System.arraycopy(raw, raw.length - copy, out, SCALAR_BYTES - copy, copy);
        return out;
    }

    /** 32 big-endian bytes of any value below 2^256 (a field element). */
    static byte[] scalarBytesUnchecked(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[SCALAR_BYTES];
        int copy = Math.min(raw.length, SCALAR_BYTES);
        System.arraycopy(raw, raw.length - copy, out, SCALAR_BYTES - copy, copy);
        return out;
    }

    /** @throws InvalidEncodingException unless exactly 32 bytes with value below q */
    public static BigInteger decodeScalar(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != SCALAR_BYTES) {
            throw new InvalidEncodingException("a scalar is 32 bytes, not " + bytes.length);
        }
        BigInteger s = new BigInteger(1, bytes);
        if (s.compareTo(Group.ORDER) >= 0) {
            throw new InvalidEncodingException("scalar not below the group order q");
        }
        return s;
    }

    public static String pointText(ECPoint p) {
        return Base64Url.encode(pointBytes(p));
    }

    public static String scalarText(BigInteger s) {
        return Base64Url.encode(scalarBytes(s));
    }

    /** @throws InvalidEncodingException for anything but base64url of a valid point */
    public static ECPoint pointFromText(String text) {
        return decodePoint(base64(text, "point"));
    }

    /** @throws InvalidEncodingException for anything but base64url of a valid scalar */
    public static BigInteger scalarFromText(String text) {
        return decodeScalar(base64(text, "scalar"));
    }

    private static byte[] base64(String text, String what) {
        if (text == null) {
            throw new InvalidEncodingException(what + " missing");
        }
        try {
            return Base64Url.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException(what + " is not base64url without padding", e);
        }
    }
}
