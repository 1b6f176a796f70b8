package vn.phieukin.ballot;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The client's side of RSABSSA-SHA384-PSS-Randomized (RFC 9474 §4.2 Blind, §4.4 Finalize), for
 * the Java tests, the load generator and the verifier's tests; the tablet does the same in
 * {@code web/js/crypto/rsabssa.js}.
 */
public final class BlindingClient {

    /**
     * What Blind returns: the blinded message to send to the issuer and r⁻¹ mod n, which the
     * client keeps secret until Finalize.
     */
    public record Blinded(byte[] blindedMessage, BigInteger inv) {
        public Blinded {
            blindedMessage = blindedMessage.clone();
            Objects.requireNonNull(inv, "inv");
        }

        @Override
        public byte[] blindedMessage() {
            return blindedMessage.clone();
        }
    }

    private BlindingClient() {
    }

    /**
     * Blind: EMSA-PSS-encode the prepared message with a fresh 48-byte salt, then multiply by r^e
     * for r uniform in [1, n) with gcd(r, n) = 1, drawn by rejection from modulus_len random bytes.
     * (Bouncy Castle's {@code RSABlindingFactorGenerator} is not used: its r stays below 2^(k−1),
     * so r would not hide the message perfectly.)
     *
     * @param preparedMessage {@code prefix ‖ T} (see {@link TokenMessage#prepared})
     * @throws IllegalArgumentException "invalid input" when the encoded message shares a factor with n
     */
    public static Blinded blind(RoundPublicKey key, byte[] preparedMessage, SecureRandom random) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(preparedMessage, "preparedMessage");
        Objects.requireNonNull(random, "random");
        byte[] salt = new byte[EmsaPss.SALT_LENGTH];
        random.nextBytes(salt);
        BigInteger m = encodedMessage(key, preparedMessage, salt);
        return blindWith(key, m, blindingFactor(key, random));
    }

    /**
     * r uniform in [1, n) and invertible mod n: modulus_len random bytes, drawn again until the
     * value is in range (at least half of the draws are, since n ≥ 2^(8·modulus_len − 8)).
     */
    static BigInteger blindingFactor(RoundPublicKey key, SecureRandom random) {
        BigInteger n = key.n();
        byte[] candidate = new byte[key.modulusLength()];
        while (true) {
            random.nextBytes(candidate);
            BigInteger r = RsaIntegers.os2ip(candidate);
            if (r.signum() > 0 && r.compareTo(n) < 0 && r.gcd(n).equals(BigInteger.ONE)) {
                return r;
            }
        }
    }

    /** Blind with a fixed salt and r: for known-answer tests only, never for a real token. */
    static Blinded blind(RoundPublicKey key, byte[] preparedMessage, byte[] salt, BigInteger r) {
        if (r.signum() <= 0 || r.compareTo(key.n()) >= 0 || !r.gcd(key.n()).equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("r must be in [1, n) and coprime to n");
        }
        return blindWith(key, encodedMessage(key, preparedMessage, salt), r);
    }

    /**
     * Finalize: s = z · r⁻¹ mod n, then RSASSA-PSS-VERIFY.
     *
     * @return the token signature, modulus_len bytes
     * @throws InvalidBlindSignatureException when the blind signature has the wrong size or the
     *         result does not verify for the prepared message
     */
    public static byte[] finalize(RoundPublicKey key, byte[] preparedMessage, byte[] blindSignature, BigInteger inv) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(preparedMessage, "preparedMessage");
        Objects.requireNonNull(blindSignature, "blindSignature");
        Objects.requireNonNull(inv, "inv");
        int k = key.modulusLength();
        if (blindSignature.length != k) {
            throw new InvalidBlindSignatureException("unexpected input size: blind signature has "
                    + blindSignature.length + " bytes, expected " + k);
        }
        BigInteger s = RsaIntegers.os2ip(blindSignature).multiply(inv).mod(key.n());
        byte[] signature = RsaIntegers.i2osp(s, k);
        if (!key.verify(preparedMessage, signature)) {
            throw new InvalidBlindSignatureException("invalid signature: the blind signature does not unblind "
                    + "to a valid signature of this message");
        }
        return signature;
    }

    private static BigInteger encodedMessage(RoundPublicKey key, byte[] preparedMessage, byte[] salt) {
        BigInteger m = RsaIntegers.os2ip(EmsaPss.encode(preparedMessage, key.n().bitLength() - 1, salt));
        if (!m.gcd(key.n()).equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("invalid input: encoded message not coprime to n");
        }
        return m;
    }

    private static Blinded blindWith(RoundPublicKey key, BigInteger m, BigInteger r) {
        BigInteger n = key.n();
        BigInteger z = m.multiply(r.modPow(key.e(), n)).mod(n);
        return new Blinded(RsaIntegers.i2osp(z, key.modulusLength()), r.modInverse(n));
    }
}
