package vn.phieukin.ballot;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The token message of PROTOCOL.md: T = UTF-8 of {@code "phieukin/token/v1|" + roundId + "|" + tokenKey},
 * and the prepared message {@code prefix ‖ T} that the round key signs blindly.
 */
public final class TokenMessage {

    /** The random prefix of RFC 9474 §4.1 (the "Randomized" variant), 32 bytes. */
    public static final int PREFIX_LENGTH = 32;
    private static final String DOMAIN = "phieukin/token/v1|";

    private TokenMessage() {
    }

    /** T, the UTF-8 bytes of {@code "phieukin/token/v1|" + roundId + "|" + tokenKey}. */
    public static byte[] message(String roundId, String tokenKey) {
        Objects.requireNonNull(roundId, "roundId");
        Objects.requireNonNull(tokenKey, "tokenKey");
        return (DOMAIN + roundId + "|" + tokenKey).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@code prefix ‖ T}.
     *
     * @throws IllegalArgumentException when the prefix is not 32 bytes
     */
    public static byte[] prepared(byte[] prefix, String roundId, String tokenKey) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.length != PREFIX_LENGTH) {
            throw new IllegalArgumentException("token prefix must be " + PREFIX_LENGTH + " bytes, got " + prefix.length);
        }
        byte[] t = message(roundId, tokenKey);
        byte[] out = new byte[prefix.length + t.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(t, 0, out, prefix.length, t.length);
        return out;
    }

    /**
     * Whether a token is genuine: its signature verifies under the round key over
     * {@code prefix ‖ T(roundId, tokenKey)}. Never throws on malformed input (any null, a prefix
     * of the wrong size or a signature of the wrong size gives false).
     */
    public static boolean verifyToken(RoundPublicKey roundKey, String roundId, String tokenKey,
                                      byte[] prefix, byte[] signature) {
        if (roundKey == null || roundId == null || tokenKey == null || prefix == null || signature == null
                || prefix.length != PREFIX_LENGTH) {
            return false;
        }
        return roundKey.verify(prepared(prefix, roundId, tokenKey), signature);
    }
}
