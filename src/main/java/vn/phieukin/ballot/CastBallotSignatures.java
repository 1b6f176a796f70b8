package vn.phieukin.ballot;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The two signature checks on a cast request {@code {"body", "token":{"key","prefix","signature"},
 * "signature"}} (PROTOCOL.md, the ballot box and verifier checks V2 and V3): the token is signed by
 * the round key, and the ballot by the token's key. Whether the body is valid for the round is the
 * procedure's business, not this class's. Never throws on attacker input.
 */
public final class CastBallotSignatures {

    /** The result of {@link #check}, first failure wins in the order listed. */
    public enum Outcome {
        /** Both signatures hold. */
        VALID,
        /** Not the shape of a cast request: missing or mistyped members, bad base64url, a prefix
         *  that is not 32 bytes, or a body that is not canonical JSON (e.g. holds a float). */
        MALFORMED,
        /** The token signature does not verify under the round key for this round. */
        TOKEN_SIGNATURE_INVALID,
        /** The ballot signature does not verify under the token key (or the token key is not a P-256 key). */
        BALLOT_SIGNATURE_INVALID
    }

    private CastBallotSignatures() {
    }

    public static Outcome check(RoundPublicKey roundKey, String roundId, JsonNode request) {
        if (roundKey == null || roundId == null || request == null || !request.isObject()) {
            return Outcome.MALFORMED;
        }
        JsonNode body = request.get("body");
        JsonNode token = request.get("token");
        JsonNode signature = request.get("signature");
        if (body == null || !body.isObject() || token == null || !token.isObject()
                || signature == null || !signature.isTextual()
                || !token.path("key").isTextual() || !token.path("prefix").isTextual()
                || !token.path("signature").isTextual()) {
            return Outcome.MALFORMED;
        }
        String tokenKey = token.get("key").textValue();
        byte[] prefix;
        byte[] tokenSignature;
        byte[] ballotSignature;
        try {
            prefix = Base64Url.decode(token.get("prefix").textValue());
            tokenSignature = Base64Url.decode(token.get("signature").textValue());
            ballotSignature = Base64Url.decode(signature.textValue());
            CanonicalJson.encode(body);
        } catch (IllegalArgumentException ex) {
            return Outcome.MALFORMED;
        }
        if (prefix.length != TokenMessage.PREFIX_LENGTH) {
            return Outcome.MALFORMED;
        }
        if (!TokenMessage.verifyToken(roundKey, roundId, tokenKey, prefix, tokenSignature)) {
            return Outcome.TOKEN_SIGNATURE_INVALID;
        }
        if (!BallotSignature.verify(tokenKey, body, ballotSignature)) {
            return Outcome.BALLOT_SIGNATURE_INVALID;
        }
        return Outcome.VALID;
    }
}
