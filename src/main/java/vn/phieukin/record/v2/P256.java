package vn.phieukin.record.v2;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.FixedPointUtil;
import vn.phieukin.ballot.Base64Url;

/**
 * The group operations and checks of COMMITTEE.md that the server and the offline verifier need:
 * encodings, {@code Hq}, and the verification of Schnorr, interval and Chaum–Pedersen proofs, all
 * with Bouncy Castle's EC API (the field arithmetic is theirs). Verification uses
 * {@link ECAlgorithms#sumOfTwoMultiplies} (Shamir's trick); fixed-base multiplications by
 * {@code G} use a comb precomputation.
 */
public final class P256 {
    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256r1");
    public static final ECCurve CURVE = PARAMS.getCurve();
    public static final ECPoint G;
    public static final BigInteger Q = PARAMS.getN();
    public static final ECPoint O = CURVE.getInfinity();
    private static final FixedPointCombMultiplier COMB = new FixedPointCombMultiplier();

    static {
        G = PARAMS.getG().normalize();
        FixedPointUtil.precompute(G);
    }

    private P256() {
    }

    /** A point from its base64url SEC1 encoding (compressed 33 bytes, or {@code 0x00} for O). */
    public static ECPoint point(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing point");
        }
        byte[] bytes = Base64Url.decode(text);
        if (bytes.length == 1 && bytes[0] == 0) {
            return O;
        }
        if (bytes.length != 33 || (bytes[0] != 2 && bytes[0] != 3)) {
            throw new IllegalArgumentException("not a compressed P-256 point");
        }
        ECPoint p = CURVE.decodePoint(bytes);
        if (!p.isValid()) {
            throw new IllegalArgumentException("not a P-256 point");
        }
        return p;
    }

    public static byte[] encode(ECPoint p) {
        return p.isInfinity() ? new byte[] {0} : p.getEncoded(true);
    }

    public static String text(ECPoint p) {
        return Base64Url.encode(encode(p));
    }

    /** A scalar from its base64url 32-byte big-endian encoding; values {@code ≥ q} are refused. */
    public static BigInteger scalar(String text) {
        if (text == null) {
            throw new IllegalArgumentException("missing scalar");
        }
        byte[] bytes = Base64Url.decode(text);
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a scalar is 32 bytes");
        }
        BigInteger s = new BigInteger(1, bytes);
        if (s.compareTo(Q) >= 0) {
            throw new IllegalArgumentException("scalar not below q");
        }
        return s;
    }

    public static byte[] encode(BigInteger s) {
        byte[] raw = s.mod(Q).toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    public static String text(BigInteger s) {
        return Base64Url.encode(encode(s));
    }

    /** {@code k·G}. */
    public static ECPoint base(BigInteger k) {
        return COMB.multiply(G, k.mod(Q)).normalize();
    }

    /** {@code a·P + b·R}. */
    public static ECPoint twice(ECPoint p, BigInteger a, ECPoint r, BigInteger b) {
        return ECAlgorithms.sumOfTwoMultiplies(p, a.mod(Q), r, b.mod(Q));
    }

    /** {@code m·G} for a small non-negative integer. */
    public static ECPoint small(long m) {
        return m == 0 ? O : base(BigInteger.valueOf(m));
    }

    /** {@code Hq(tag, parts…)}: SHA-512 over tag ‖ 0x00 ‖ (4-byte length ‖ part)…, mod q. Parts: ECPoint, BigInteger, String, byte[]. */
    public static BigInteger hq(String tag, Object... parts) {
        MessageDigest sha = sha512();
        sha.update(tag.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        for (Object part : parts) {
            byte[] bytes;
            if (part instanceof ECPoint p) {
                bytes = encode(p);
            } else if (part instanceof BigInteger s) {
                bytes = encode(s);
            } else if (part instanceof String s) {
                bytes = s.getBytes(StandardCharsets.UTF_8);
            } else if (part instanceof byte[] b) {
                bytes = b;
            } else {
                throw new IllegalArgumentException("unknown part " + part.getClass());
            }
            sha.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
                    (byte) bytes.length});
            sha.update(bytes);
        }
        return new BigInteger(1, sha.digest()).mod(Q);
    }

    /** Schnorr proof of knowledge of the discrete log of {@code c0}: {@code z·G = T + e·C0}. */
    public static boolean pokHolds(String ctx, ECPoint c0, ECPoint t, BigInteger z) {
        BigInteger e = hq("phieukin/pok/v2", ctx, c0, t);
        return base(z).equals(t.add(c0.multiply(e)).normalize());
    }

    /** {@code Σ_l j^l·C_l}: the public image of a dealer's share for member {@code j}. */
    public static ECPoint shareImage(int j, List<ECPoint> commitments) {
        ECPoint sum = O;
        BigInteger power = BigInteger.ONE;
        BigInteger jj = BigInteger.valueOf(j);
        for (ECPoint c : commitments) {
            sum = sum.add(c.multiply(power));
            power = power.multiply(jj).mod(Q);
        }
        return sum.normalize();
    }

    /** A proof branch: {@code {c, s}}. */
    public record Branch(BigInteger c, BigInteger s) {
    }

    /** The interval proof check of COMMITTEE.md: {@code (α, β)} encrypts one of {@code 0..max} under {@code h}. */
    public static boolean intervalHolds(String context, ECPoint h, ECPoint alpha, ECPoint beta, List<Branch> proof, int max) {
        if (proof.size() != max + 1) {
            return false;
        }
        Object[] parts = new Object[3 + 2 * proof.size()];
        parts[0] = context;
        parts[1] = alpha;
        parts[2] = beta;
        BigInteger sum = BigInteger.ZERO;
        ECPoint shifted = beta;
        ECPoint negG = G.negate();
        for (int j = 0; j < proof.size(); j++) {
            Branch b = proof.get(j);
            ECPoint a = twice(G, b.s(), alpha, b.c());
            ECPoint bb = twice(h, b.s(), shifted, b.c());
            parts[3 + 2 * j] = a.normalize();
            parts[4 + 2 * j] = bb.normalize();
            sum = sum.add(b.c());
            shifted = shifted.add(negG);
        }
        return sum.mod(Q).equals(hq("phieukin/iprove/v2", parts));
    }

    /** The Chaum–Pedersen check of a decryption share {@code D = s_j·α} under {@code S_j = s_j·G}. */
    public static boolean decryptionHolds(String roundId, String slot, ECPoint verificationKey, ECPoint alpha, ECPoint d,
                                          BigInteger c, BigInteger s) {
        ECPoint a = twice(G, s, verificationKey, c).normalize();
        ECPoint b = twice(alpha, s, d, c).normalize();
        return c.equals(hq("phieukin/decrypt/v2", roundId + "|" + slot, verificationKey, alpha, d, a, b));
    }

    /** Lagrange coefficient at 0 of member {@code j} in the set {@code members}. */
    public static BigInteger lagrange(int j, List<Integer> members) {
        BigInteger num = BigInteger.ONE;
        BigInteger den = BigInteger.ONE;
        for (int l : members) {
            if (l != j) {
                num = num.multiply(BigInteger.valueOf(l)).mod(Q);
                den = den.multiply(BigInteger.valueOf(l - j)).mod(Q);
            }
        }
        return num.multiply(den.modInverse(Q)).mod(Q);
    }

    /** The {@code m ∈ [0, max]} with {@code m·G = target} (baby-step giant-step), or -1 when there is none. */
    public static long discreteLog(ECPoint target, long max) {
        target = target.normalize();
        long step = (long) Math.ceil(Math.sqrt(max + 1.0));
        java.util.Map<java.nio.ByteBuffer, Long> baby = new java.util.HashMap<>();
        ECPoint p = O;
        for (long i = 0; i < step; i++) {
            baby.putIfAbsent(java.nio.ByteBuffer.wrap(encode(p.normalize())), i);
            p = p.add(G);
        }
        ECPoint giant = small(step).negate();
        ECPoint y = target;
        for (long j = 0; j * step <= max; j++) {
            Long i = baby.get(java.nio.ByteBuffer.wrap(encode(y.normalize())));
            if (i != null && j * step + i <= max) {
                return j * step + i;
            }
            y = y.add(giant);
        }
        return -1;
    }

    // ---- the proving side (member devices and tablets simulated in Java: the demo and the tests) ----

    /** A uniform scalar in [1, q), by rejection. */
    public static BigInteger random(java.security.SecureRandom random) {
        while (true) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            BigInteger k = new BigInteger(1, bytes);
            if (k.signum() > 0 && k.compareTo(Q) < 0) {
                return k;
            }
        }
    }

    /** {@code iprove(S, α, β, r, m, [0..max])} of COMMITTEE.md. */
    public static List<Branch> intervalProof(String context, ECPoint h, ECPoint alpha, ECPoint beta, BigInteger r, int m,
                                             int max, java.security.SecureRandom random) {
        BigInteger[] c = new BigInteger[max + 1];
        BigInteger[] s = new BigInteger[max + 1];
        Object[] parts = new Object[3 + 2 * (max + 1)];
        parts[0] = context;
        parts[1] = alpha;
        parts[2] = beta;
        BigInteger w = random(random);
        BigInteger others = BigInteger.ZERO;
        for (int j = 0; j <= max; j++) {
            if (j == m) {
                parts[3 + 2 * j] = base(w);
                parts[4 + 2 * j] = h.multiply(w).normalize();
            } else {
                c[j] = random(random);
                s[j] = random(random);
                ECPoint shifted = beta.add(small(j).negate());
                parts[3 + 2 * j] = twice(G, s[j], alpha, c[j]).normalize();
                parts[4 + 2 * j] = twice(h, s[j], shifted, c[j]).normalize();
                others = others.add(c[j]);
            }
        }
        BigInteger total = hq("phieukin/iprove/v2", parts);
        c[m] = total.subtract(others).mod(Q);
        s[m] = w.subtract(r.multiply(c[m])).mod(Q);
        List<Branch> proof = new java.util.ArrayList<>();
        for (int j = 0; j <= max; j++) {
            proof.add(new Branch(c[j], s[j]));
        }
        return proof;
    }

    /** A Schnorr proof of knowledge of {@code a0}: {@code [T, z]}. */
    public static Object[] pok(String ctx, BigInteger a0, java.security.SecureRandom random) {
        BigInteger u = random(random);
        ECPoint t = base(u);
        BigInteger e = hq("phieukin/pok/v2", ctx, base(a0), t);
        return new Object[] {t, u.add(e.multiply(a0)).mod(Q)};
    }

    /** A decryption share {@code D = s_j·α} and its Chaum–Pedersen proof: {@code [D, c, s]}. */
    public static Object[] decryptionShare(String roundId, String slot, BigInteger share, ECPoint alpha,
                                           java.security.SecureRandom random) {
        ECPoint sj = base(share);
        ECPoint d = alpha.multiply(share).normalize();
        BigInteger w = random(random);
        ECPoint a = base(w);
        ECPoint b = alpha.multiply(w).normalize();
        BigInteger c = hq("phieukin/decrypt/v2", roundId + "|" + slot, sj, alpha, d, a, b);
        return new Object[] {d, c, w.subtract(c.multiply(share)).mod(Q)};
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
