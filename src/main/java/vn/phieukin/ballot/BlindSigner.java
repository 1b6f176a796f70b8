package vn.phieukin.ballot;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.util.BigIntegers;

/**
 * The issuer's side of RSABSSA-SHA384-PSS-Randomized (RFC 9474 §4.3 BlindSign) for one round.
 * Thread-safe: every call uses its own engine and its own blinding pair. The private key is
 * CPU-heavy to use (a few ms per signature), so call {@link #blindSign} off the event loop.
 */
public final class BlindSigner {

    public static final int MODULUS_BITS = 3072;
    public static final BigInteger PUBLIC_EXPONENT = BigInteger.valueOf(65537);
    // Miller–Rabin certainty for the primes; what Bouncy Castle's provider uses for 3072-bit keys.
    private static final int PRIME_CERTAINTY = 128;

    /** A fresh blinding factor after this many signatures; in between the pair is squared (as OpenSSL does). */
    static final int BLINDING_REFRESH = 32;

    private final RSAPrivateCrtKeyParameters key;
    private final RoundPublicKey publicKey;
    private final SecureRandom random;
    /** The current blinding pair (u = r^e, v = r^-1 mod n) and how often it was used; guarded by itself. */
    private final Object blindingLock = new Object();
    private BigInteger blindU;
    private BigInteger blindV;
    private int blindUses;

    private BlindSigner(RSAPrivateCrtKeyParameters key, SecureRandom random) {
        this.key = key;
        this.publicKey = new RoundPublicKey(key.getModulus(), key.getPublicExponent());
        this.random = random;
    }

    /** A fresh RSA-3072 round key with e = 65537; the same random source then blinds the CRT steps. */
    public static BlindSigner generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(PUBLIC_EXPONENT, random, MODULUS_BITS, PRIME_CERTAINTY));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new BlindSigner((RSAPrivateCrtKeyParameters) pair.getPrivate(), random);
    }

    /**
     * A signer from given primes and exponents, e.g. the RFC 9474 test key.
     *
     * @throws IllegalArgumentException when (p, q, e, d) are not a consistent RSA key
     */
    public static BlindSigner fromPrimes(BigInteger p, BigInteger q, BigInteger e, BigInteger d) {
        Objects.requireNonNull(p, "p");
        Objects.requireNonNull(q, "q");
        Objects.requireNonNull(e, "e");
        Objects.requireNonNull(d, "d");
        if (p.equals(q) || p.signum() <= 0 || q.signum() <= 0) {
            throw new IllegalArgumentException("RSA primes must be two distinct positive numbers");
        }
        BigInteger one = BigInteger.ONE;
        RSAPrivateCrtKeyParameters key = new RSAPrivateCrtKeyParameters(p.multiply(q), e, d, p, q,
                d.mod(p.subtract(one)), d.mod(q.subtract(one)), q.modInverse(p));
        return new BlindSigner(consistent(key), new SecureRandom());
    }

    /**
     * Reads what {@link #encodePrivate} wrote, so that an open round survives a server restart.
     *
     * @throws IllegalArgumentException when the bytes are not a consistent RSA CRT private key
     */
    public static BlindSigner decodePrivate(byte[] pkcs8Der) {
        Objects.requireNonNull(pkcs8Der, "pkcs8Der");
        AsymmetricKeyParameter parsed;
        try {
            parsed = PrivateKeyFactory.createKey(pkcs8Der);
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("not a PKCS#8 RSA private key", ex);
        }
        if (!(parsed instanceof RSAPrivateCrtKeyParameters)) {
            throw new IllegalArgumentException("not an RSA private key with CRT parameters");
        }
        return new BlindSigner(consistent((RSAPrivateCrtKeyParameters) parsed), new SecureRandom());
    }

    /** The private key as PKCS#8 DER (unencrypted: protect it like the seal key, destroy it at close). */
    public byte[] encodePrivate() {
        try {
            return PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded("DER");
        } catch (IOException ex) {
            throw new IllegalStateException("RSA private key could not be encoded", ex);
        }
    }

    public RoundPublicKey publicKey() {
        return publicKey;
    }

    /**
     * BlindSign (RFC 9474 §4.3): s = m^d mod n by CRT, with base blinding (the CRT runs on m·r^e
     * mod n, the result is multiplied by r^-1, so its timing says nothing about the key), then the
     * check s^e mod n = m before anything leaves, so that a CRT fault can never reveal a factor of
     * n (Bouncy Castle's engine checks its CRT result too).
     *
     * <p>The blinding pair (r^e, r^-1) is not drawn afresh each time — that costs a modular
     * inverse, a fifth of a 3072-bit CRT signature — but squared after each use and drawn afresh
     * every {@value #BLINDING_REFRESH} signatures, as OpenSSL's {@code BN_BLINDING_update} and the
     * JDK's {@code RSACore} do; no two signatures use the same pair.
     *
     * @param blindedMessage exactly {@link RoundPublicKey#modulusLength()} bytes
     * @return the blind signature, modulus_len bytes
     * @throws BlindSignRefused when the input has the wrong length or is not below n
     * @throws IllegalStateException when the signature fails its own check (not answered)
     */
    public byte[] blindSign(byte[] blindedMessage) throws BlindSignRefused {
        Objects.requireNonNull(blindedMessage, "blindedMessage");
        int k = publicKey.modulusLength();
        if (blindedMessage.length != k) {
            throw new BlindSignRefused(BlindSignRefused.Reason.WRONG_LENGTH,
                    "blinded message has " + blindedMessage.length + " bytes, expected " + k);
        }
        BigInteger n = key.getModulus();
        BigInteger m = RsaIntegers.os2ip(blindedMessage);
        if (m.compareTo(n) >= 0) {
            throw new BlindSignRefused(BlindSignRefused.Reason.NOT_BELOW_MODULUS,
                    "blinded message is not below the modulus");
        }
        BigInteger[] pair = nextBlinding();
        byte[] hidden = RsaIntegers.i2osp(m.multiply(pair[0]).mod(n), k);
        RSAEngine engine = new RSAEngine();
        engine.init(false, key);
        BigInteger s = RsaIntegers.os2ip(engine.processBlock(hidden, 0, hidden.length)).multiply(pair[1]).mod(n);
        if (!s.modPow(key.getPublicExponent(), n).equals(m)) {
            throw new IllegalStateException("blind signature failed the s^e mod n = m check; not answered");
        }
        return RsaIntegers.i2osp(s, k);
    }

    /** The blinding pair for one signature: squared from the last one, or fresh every {@value #BLINDING_REFRESH}. */
    private BigInteger[] nextBlinding() {
        BigInteger n = key.getModulus();
        synchronized (blindingLock) {
            if (blindU == null || blindUses >= BLINDING_REFRESH) {
                BigInteger r;
                do {
                    r = BigIntegers.createRandomInRange(BigInteger.TWO, n.subtract(BigInteger.TWO), random);
                } while (!r.gcd(n).equals(BigInteger.ONE));
                blindU = r.modPow(key.getPublicExponent(), n);
                blindV = r.modInverse(n);
                blindUses = 0;
            } else {
                blindU = blindU.multiply(blindU).mod(n);
                blindV = blindV.multiply(blindV).mod(n);
            }
            blindUses++;
            return new BigInteger[] {blindU, blindV};
        }
    }

    private static RSAPrivateCrtKeyParameters consistent(RSAPrivateCrtKeyParameters key) {
        BigInteger one = BigInteger.ONE;
        BigInteger p = key.getP();
        BigInteger q = key.getQ();
        BigInteger e = key.getPublicExponent();
        boolean ok = p.multiply(q).equals(key.getModulus())
                && e.multiply(key.getDP()).mod(p.subtract(one)).equals(one)
                && e.multiply(key.getDQ()).mod(q.subtract(one)).equals(one)
                && key.getQInv().multiply(q).mod(p).equals(one);
        if (!ok) {
            throw new IllegalArgumentException("inconsistent RSA private key (n ≠ pq or wrong CRT exponents)");
        }
        new RoundPublicKey(key.getModulus(), e); // size and exponent rules
        return key;
    }
}
