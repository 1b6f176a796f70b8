package vn.phieukin.ballot;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The public half of a round key (RSA, used only for that round's tokens), published to tablets
 * as the JWK {@code {"kty":"RSA","n":…,"e":…}} and kept in the sealed record. Verifies finished
 * tokens as RSASSA-PSS with SHA-384, MGF1-SHA-384, a 48-byte salt and emBits = modBits − 1.
 */
public record RoundPublicKey(BigInteger n, BigInteger e) {

    static final int MIN_MODULUS_BITS = 2048;
    static final int MAX_MODULUS_BITS = 8192;

    /** @throws IllegalArgumentException when (n, e) cannot be an RSA public key we accept */
    public RoundPublicKey {
        Objects.requireNonNull(n, "n");
        Objects.requireNonNull(e, "e");
        if (n.bitLength() < MIN_MODULUS_BITS || n.bitLength() > MAX_MODULUS_BITS || !n.testBit(0)) {
            throw new IllegalArgumentException("RSA modulus must be odd and of " + MIN_MODULUS_BITS + " to "
                    + MAX_MODULUS_BITS + " bits, got " + n.bitLength() + " bits");
        }
        if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0) || e.compareTo(n) >= 0) {
            throw new IllegalArgumentException("RSA public exponent must be odd, at least 3 and below n");
        }
    }

    /** modulus_len of RFC 9474: the length in bytes of blinded messages and signatures. */
    public int modulusLength() {
        return (n.bitLength() + 7) / 8;
    }

    /** {@code {"kty":"RSA","n":…,"e":…}}, values base64url without padding, minimal length. */
    public Map<String, String> toJwk() {
        Map<String, String> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("n", Base64Url.encode(unsigned(n)));
        jwk.put("e", Base64Url.encode(unsigned(e)));
        return jwk;
    }

    /**
     * Reads a JWK as {@link #toJwk} writes it. Other members (alg, kid, …) are ignored.
     *
     * @throws IllegalArgumentException when kty is not RSA, n or e is missing, not canonical
     *         base64url, has a leading zero octet, or does not make an acceptable key
     */
    public static RoundPublicKey fromJwk(Map<String, ?> jwk) {
        Objects.requireNonNull(jwk, "jwk");
        if (!"RSA".equals(jwk.get("kty"))) {
            throw new IllegalArgumentException("JWK kty must be \"RSA\"");
        }
        return new RoundPublicKey(unsignedMember(jwk.get("n"), "n"), unsignedMember(jwk.get("e"), "e"));
    }

    /** The same for a Jackson tree, as the record and the verifier hold it. */
    public static RoundPublicKey fromJwk(JsonNode jwk) {
        Objects.requireNonNull(jwk, "jwk");
        if (!jwk.isObject()) {
            throw new IllegalArgumentException("JWK must be a JSON object");
        }
        if (!jwk.path("kty").isTextual() || !"RSA".equals(jwk.get("kty").textValue())) {
            throw new IllegalArgumentException("JWK kty must be \"RSA\"");
        }
        JsonNode n = jwk.path("n");
        JsonNode e = jwk.path("e");
        return new RoundPublicKey(unsignedMember(n.isTextual() ? n.textValue() : null, "n"),
                unsignedMember(e.isTextual() ? e.textValue() : null, "e"));
    }

    /**
     * RSASSA-PSS-VERIFY of RFC 8017 §8.1.2 (the last step of RFC 9474 Finalize, and what the ballot
     * box and the verifier run on every token). Never throws on malformed input.
     *
     * @param preparedMessage {@code prefix ‖ T} (see {@link TokenMessage#prepared})
     */
    public boolean verify(byte[] preparedMessage, byte[] signature) {
        if (preparedMessage == null || signature == null || signature.length != modulusLength()) {
            return false;
        }
        BigInteger s = RsaIntegers.os2ip(signature);
        if (s.compareTo(n) >= 0) {
            return false;
        }
        BigInteger m = s.modPow(e, n);
        int emBits = n.bitLength() - 1;
        int emLen = (emBits + 7) / 8;
        if (m.bitLength() > 8 * emLen) {
            return false;
        }
        return EmsaPss.verify(preparedMessage, RsaIntegers.i2osp(m, emLen), emBits);
    }

    private static BigInteger unsignedMember(Object value, String name) {
        if (!(value instanceof String) || ((String) value).isEmpty()) {
            throw new IllegalArgumentException("JWK member \"" + name + "\" must be a non-empty base64url string");
        }
        byte[] bytes = Base64Url.decode((String) value);
        if (bytes[0] == 0) {
            throw new IllegalArgumentException("JWK member \"" + name + "\" has a leading zero octet");
        }
        return new BigInteger(1, bytes);
    }

    private static byte[] unsigned(BigInteger x) {
        return RsaIntegers.i2osp(x, (x.bitLength() + 7) / 8);
    }
}
