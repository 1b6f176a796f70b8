package vn.phieukin.ballot;

import java.math.BigInteger;

/** I2OSP / OS2IP of RFC 8017 §4. */
final class RsaIntegers {

    private RsaIntegers() {
    }

    static BigInteger os2ip(byte[] octets) {
        return new BigInteger(1, octets);
    }

    /** @throws IllegalArgumentException "integer too large" when x needs more than {@code length} octets */
    static byte[] i2osp(BigInteger x, int length) {
        if (x.signum() < 0 || x.bitLength() > 8 * length) {
            throw new IllegalArgumentException("integer too large");
        }
        byte[] raw = x.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
