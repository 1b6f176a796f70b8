package vn.phieukin.ballot;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One voter's secrets for one round, held in Java the way the tablet holds them in the browser:
 * a token key pair, a 32-byte prefix, the blinded token message and r⁻¹; then the finished token
 * and the cast request. For tests, the load generator and the verifier's tests, which need genuine
 * tokens and ballots without a browser.
 *
 * <p>Usage: {@code prepare} → send {@link #blindedMessage()} to the issuer → {@link #finalizeToken}
 * with its answer → {@link #castRequest}.
 */
public final class TokenHolder {

    private final String roundId;
    private final RoundPublicKey roundKey;
    private final TokenKeyPair keys;
    private final byte[] prefix;
    private final byte[] prepared;
    private final byte[] blindedMessage;
    private final BigInteger inv;
    private byte[] tokenSignature;

    private TokenHolder(String roundId, RoundPublicKey roundKey, SecureRandom random) {
        this.roundId = roundId;
        this.roundKey = roundKey;
        this.keys = TokenKeyPair.generate(random);
        this.prefix = new byte[TokenMessage.PREFIX_LENGTH];
        random.nextBytes(prefix);
        this.prepared = TokenMessage.prepared(prefix, roundId, keys.tokenKey());
        BlindingClient.Blinded blinded = BlindingClient.blind(roundKey, prepared, random);
        this.blindedMessage = blinded.blindedMessage();
        this.inv = blinded.inv();
    }

    /** New key pair and prefix for the round, and the blinded token message ready to send. */
    public static TokenHolder prepare(String roundId, RoundPublicKey roundKey, SecureRandom random) {
        return new TokenHolder(Objects.requireNonNull(roundId, "roundId"),
                Objects.requireNonNull(roundKey, "roundKey"), Objects.requireNonNull(random, "random"));
    }

    public String roundId() {
        return roundId;
    }

    public String tokenKey() {
        return keys.tokenKey();
    }

    public byte[] prefix() {
        return prefix.clone();
    }

    /** What goes into {@code POST /api/v1/rounds/{id}/issue}, as bytes. */
    public byte[] blindedMessage() {
        return blindedMessage.clone();
    }

    /** The issue request body {@code {"blindedMessage": …}}. */
    public Map<String, Object> issueRequest() {
        return Map.of("blindedMessage", Base64Url.encode(blindedMessage));
    }

    /**
     * Unblinds the issuer's answer into the token signature.
     *
     * @throws InvalidBlindSignatureException when it does not give a valid token
     */
    public void finalizeToken(byte[] blindSignature) {
        tokenSignature = BlindingClient.finalize(roundKey, prepared, blindSignature, inv);
    }

    /** @throws IllegalStateException before {@link #finalizeToken} */
    public byte[] tokenSignature() {
        return requireToken().clone();
    }

    /** A cast request for {@code {"round": roundId, "choices": choices}}. */
    public Map<String, Object> castRequest(List<?> choices) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("round", roundId);
        body.put("choices", Objects.requireNonNull(choices, "choices"));
        return castRequestWithBody(body);
    }

    /**
     * A cast request {@code {"body", "token":{"key","prefix","signature"}, "signature"}} for any body,
     * signed by the token key (also for tests that need a body for the wrong round).
     */
    public Map<String, Object> castRequestWithBody(Map<String, ?> body) {
        Objects.requireNonNull(body, "body");
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("key", keys.tokenKey());
        token.put("prefix", Base64Url.encode(prefix));
        token.put("signature", Base64Url.encode(requireToken()));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("body", body);
        request.put("token", token);
        request.put("signature", Base64Url.encode(BallotSignature.sign(keys, body)));
        return request;
    }

    private byte[] requireToken() {
        if (tokenSignature == null) {
            throw new IllegalStateException("no token yet: finalizeToken first");
        }
        return tokenSignature;
    }
}
