package vn.phieukin.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Objects;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.ballot.CastBallotSignatures;
import vn.phieukin.ballot.Receipts;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenMessage;
import vn.phieukin.procedure.BallotValidation;
import vn.phieukin.procedure.Outcome;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.store.RefusedException;

/**
 * What the ballot box checks on a cast request before anything is stored, in the order of
 * PROTOCOL.md (the round being open is checked by the caller before, and again when storing):
 * the token's signature under the round key (403 BAD_TOKEN), the ballot's signature under the
 * token key (403 BAD_SIGNATURE), the body valid for the round (400 INVALID_BALLOT; the token is
 * not spent). CPU-bound (an RSA-3072 public operation and an ECDSA verification): run it off the
 * event loop. The request is never logged, and no message quotes a token or signature.
 */
public final class CastCheck {

    /** What a v2 (encryption COMMITTEE) round checks bodies against: its slot layout and the committee's joint key. */
    public record V2(vn.phieukin.committee.BallotLayout layout, vn.phieukin.committee.JointKey jointKey) {
    }

    /** A request that passed every check: its receipt, token key and canonical text for the box. */
    public record Accepted(String receipt, String tokenKey, String canonicalRequest) {
    }

    /** Duplicate keys are refused: one request must have one meaning and one receipt. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private CastCheck() {
    }

    /**
     * Checks a cast request received for {@code round}, signed tokens verified under {@code roundKey}.
     *
     * @throws RefusedException BAD_REQUEST, BAD_TOKEN, BAD_SIGNATURE or INVALID_BALLOT
     */
    public static Accepted check(RoundDefinition round, RoundPublicKey roundKey, byte[] requestBytes) {
        return check(round, roundKey, requestBytes, null);
    }

    /**
     * As {@link #check(RoundDefinition, RoundPublicKey, byte[])}; with {@code v2} the body must be an
     * encrypted ballot whose every proof holds (COMMITTEE.md), else 400 INVALID_BALLOT.
     */
    public static Accepted check(RoundDefinition round, RoundPublicKey roundKey, byte[] requestBytes, V2 v2) {
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(roundKey, "roundKey");
        JsonNode request = parse(requestBytes);
        switch (CastBallotSignatures.check(roundKey, round.roundId(), request)) {
            case MALFORMED -> throw malformed(request);
            case TOKEN_SIGNATURE_INVALID -> throw new RefusedException("BAD_TOKEN",
                    "Mã phiếu (token) không có chữ ký hợp lệ của phiên bỏ phiếu \"" + round.roundId() + "\".");
            case BALLOT_SIGNATURE_INVALID -> throw new RefusedException("BAD_SIGNATURE",
                    "Chữ ký của lá phiếu không khớp với khóa của mã phiếu (token).");
            case VALID -> {
                // go on to the body
            }
        }
        if (v2 != null) {
            String tokenKey = request.get("token").get("key").textValue();
            vn.phieukin.committee.BallotCheck checked = vn.phieukin.committee.EncryptedBallot.verify(v2.layout(),
                    round.roundId(), tokenKey, v2.jointKey(), request.get("body"));
            if (checked instanceof vn.phieukin.committee.BallotCheck.Invalid invalid) {
                throw new RefusedException("INVALID_BALLOT", "Phiếu mã hóa không hợp lệ tại \"" + invalid.field() + "\" ("
                        + invalid.reason() + "). Phiếu chưa được ghi nhận; mã phiếu vẫn dùng được.");
            }
            return accepted(request, tokenKey);
        }
        Object body = STRICT.convertValue(request.get("body"), Object.class);
        Outcome<?> valid = BallotValidation.electronic(round, body);
        if (!valid.isAccepted()) {
            throw new RefusedException(valid.refusal().code(), valid.refusal().message()
                    + " Phiếu chưa được ghi nhận; mã phiếu vẫn dùng được.");
        }
        return accepted(request, request.get("token").get("key").textValue());
    }

    /** The request canonicalized once: its receipt is the SHA-256 of these very bytes, and the box stores them. */
    private static Accepted accepted(JsonNode request, String tokenKey) {
        String canonical = CanonicalJson.encodeToString(request);
        return new Accepted(Receipts.ofCanonical(canonical.getBytes(java.nio.charset.StandardCharsets.UTF_8)), tokenKey, canonical);
    }

    private static JsonNode parse(byte[] requestBytes) {
        if (requestBytes == null || requestBytes.length == 0) {
            throw Refusals.badRequest("Thiếu nội dung phiếu: cần {\"body\", \"token\", \"signature\"}.");
        }
        JsonNode request;
        try {
            request = STRICT.readTree(requestBytes);
        } catch (JsonProcessingException e) {
            throw Refusals.badRequest("Nội dung gửi lên không phải JSON hợp lệ (hoặc có khóa bị lặp).");
        } catch (IOException e) {
            throw Refusals.badRequest("Không đọc được nội dung gửi lên.");
        }
        if (request == null || !request.isObject()) {
            throw Refusals.badRequest("Nội dung phiếu phải là một đối tượng JSON {\"body\", \"token\", \"signature\"}.");
        }
        // Nothing but the three members: anything else would be kept verbatim in the public
        // record, and a delegate could mark their ballot with it.
        java.util.Iterator<String> names = request.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                throw new RefusedException(BallotValidation.INVALID_BALLOT, "Yêu cầu bỏ phiếu chỉ được có ba trường "
                        + "\"body\", \"token\", \"signature\"; không nhận trường khác. Phiếu chưa được ghi nhận; mã phiếu vẫn dùng được.");
            }
        }
        JsonNode token = request.get("token");
        if (token != null && token.isObject()) {
            java.util.Iterator<String> members = token.fieldNames();
            while (members.hasNext()) {
                if (!TOKEN_MEMBERS.contains(members.next())) {
                    throw new RefusedException(BallotValidation.INVALID_BALLOT, "Trường \"token\" chỉ được có \"key\", "
                            + "\"prefix\", \"signature\"; không nhận trường khác. Phiếu chưa được ghi nhận; mã phiếu vẫn dùng được.");
                }
            }
        }
        if (!safeIntegers(request)) {
            throw new RefusedException(BallotValidation.INVALID_BALLOT, "Yêu cầu bỏ phiếu có số nguyên ngoài khoảng ±(2^53 − 1) "
                    + "(hoặc số không phải số nguyên). Phiếu chưa được ghi nhận; mã phiếu vẫn dùng được.");
        }
        return request;
    }

    private static final java.util.Set<String> TOP_LEVEL = java.util.Set.of("body", "token", "signature");
    private static final java.util.Set<String> TOKEN_MEMBERS = java.util.Set.of("key", "prefix", "signature");
    private static final java.math.BigInteger SAFE = java.math.BigInteger.TWO.pow(53).subtract(java.math.BigInteger.ONE);

    /** Every number anywhere is an integer within ±(2^53 − 1), exactly as every JavaScript reader reads it. */
    private static boolean safeIntegers(JsonNode node) {
        if (node.isNumber()) {
            if (!node.isIntegralNumber()) {
                return true; // not an integer: the signature and body checks refuse it with their own message
            }
            return node.bigIntegerValue().abs().compareTo(SAFE) <= 0;
        }
        for (JsonNode child : node) {
            if (!safeIntegers(child)) {
                return false;
            }
        }
        return true;
    }

    /** Names what is wrong with a request that is not the shape of a cast request. */
    private static RefusedException malformed(JsonNode request) {
        JsonNode body = request.get("body");
        JsonNode token = request.get("token");
        if (body == null || !body.isObject()) {
            return Refusals.badField("body", "phải là một đối tượng JSON {\"round\", \"choices\"}");
        }
        if (token == null || !token.isObject()) {
            return Refusals.badField("token", "phải là một đối tượng JSON {\"key\", \"prefix\", \"signature\"}");
        }
        for (String field : new String[] {"key", "prefix", "signature"}) {
            if (!token.path(field).isTextual()) {
                return Refusals.badField("token." + field, "phải là một chuỗi base64url");
            }
        }
        if (!request.path("signature").isTextual()) {
            return Refusals.badField("signature", "phải là một chuỗi base64url");
        }
        for (String field : new String[] {"prefix", "signature"}) {
            if (!base64url(token.get(field).textValue())) {
                return Refusals.badField("token." + field, "không phải base64url không đệm");
            }
        }
        if (!base64url(request.get("signature").textValue())) {
            return Refusals.badField("signature", "không phải base64url không đệm");
        }
        if (Base64Url.decode(token.get("prefix").textValue()).length != TokenMessage.PREFIX_LENGTH) {
            return Refusals.badField("token.prefix", "phải dài đúng " + TokenMessage.PREFIX_LENGTH + " byte");
        }
        return Refusals.badField("body", "chỉ được chứa chuỗi, số nguyên, true/false, mảng và đối tượng (không có số thập phân)");
    }

    private static boolean base64url(String text) {
        try {
            Base64Url.decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
