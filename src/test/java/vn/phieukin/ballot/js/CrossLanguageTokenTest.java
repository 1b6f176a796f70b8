package vn.phieukin.ballot.js;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.phieukin.ballot.BallotSignature;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.BlindSigner;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.ballot.CastBallotSignatures;
import vn.phieukin.ballot.Receipts;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenMessage;

/**
 * The tablet's JavaScript (web/js/crypto, driven through src/test/js/tablet-bridge.mjs in Node)
 * against the server's Java: a token blinded on the tablet, blind-signed by {@link BlindSigner}
 * and finalized on the tablet is accepted by the ballot box, and so is a ballot signed on the
 * tablet, with the same receipt on both sides.
 */
class CrossLanguageTokenTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRIDGE = "src/test/js/tablet-bridge.mjs";

    private static BlindSigner signer;
    private static RoundPublicKey roundKey;
    private Node.Session tablet;

    @BeforeEach
    void startTablet() {
        // Assumed per test, so that each one is reported as skipped with the reason.
        Node.assumePresent();
        if (signer == null) {
            signer = BlindSigner.generate(new SecureRandom());
            roundKey = signer.publicKey();
        }
        tablet = new Node.Session(BRIDGE);
    }

    @AfterEach
    void stopTablet() throws InterruptedException {
        if (tablet != null) {
            tablet.close();
        }
    }

    @Test
    void tokensBlindedOnTheTabletAndSignedByTheServerFinalizeToSignaturesTheBallotBoxAccepts() throws Exception {
        // 200 tokens, so that values with a leading zero octet (about one in 200 of each kind)
        // almost surely pass through both encoders.
        for (int i = 0; i < 200; i++) {
            JsonNode token = newToken("R1");
            byte[] prefix = Base64Url.decode(token.get("prefix").textValue());
            String tokenKey = token.get("tokenKey").textValue();
            assertThat(Base64Url.decode(token.get("prepared").textValue()))
                    .isEqualTo(TokenMessage.prepared(prefix, "R1", tokenKey));

            JsonNode finalized = finalizeWith(signer.blindSign(blindedMessage(token)));
            assertThat(finalized.has("error")).withFailMessage("tablet refused: %s", finalized).isFalse();
            byte[] signature = Base64Url.decode(finalized.get("tokenSignature").textValue());
            assertThat(roundKey.verify(TokenMessage.prepared(prefix, "R1", tokenKey), signature)).isTrue();
            assertThat(TokenMessage.verifyToken(roundKey, "R1", tokenKey, prefix, signature)).isTrue();
            assertThat(TokenMessage.verifyToken(roundKey, "R2", tokenKey, prefix, signature))
                    .as("the token belongs to its round only").isFalse();
        }
    }

    @Test
    void theTabletRefusesATamperedBlindSignatureAndStillAcceptsTheGenuineOne() throws Exception {
        byte[] blindSignature = signer.blindSign(blindedMessage(newToken("R1")));
        byte[] tampered = blindSignature.clone();
        tampered[200] ^= 0x01;

        assertThat(finalizeWith(tampered).path("error").asText()).contains("does not verify");
        assertThat(finalizeWith(blindSignature).has("tokenSignature")).isTrue();
    }

    @Test
    void theTabletRefusesABlindSignatureMadeForAnotherTabletsBlindedMessage() throws Exception {
        byte[] otherTablets = blindedMessage(newToken("R1"));
        newToken("R1");

        assertThat(finalizeWith(signer.blindSign(otherTablets)).path("error").asText()).contains("does not verify");
    }

    @Test
    void aBallotCastFromTheTabletPassesTheBallotBoxChecksWithTheSameReceiptOnBothSides() throws Exception {
        String roundId = "R2-bổ-sung";
        JsonNode token = newToken(roundId);
        finalizeWith(signer.blindSign(blindedMessage(token)));
        JsonNode body = JSON.readTree("{\"round\":\"" + roundId + "\",\"choices\":["
                + "{\"position\":\"P1\",\"cadres\":[\"C3\",\"C7\"]},{\"position\":\"P2\",\"cadres\":[]}]}");
        JsonNode cast = ask(Map.of("op", "cast", "body", body));
        JsonNode request = cast.get("request");

        assertThat(BallotSignature.verify(request.at("/token/key").textValue(), request.get("body"),
                Base64Url.decode(request.get("signature").textValue()))).isTrue();
        assertThat(CastBallotSignatures.check(roundKey, roundId, request)).isEqualTo(CastBallotSignatures.Outcome.VALID);
        String receipt = Receipts.of(request);
        assertThat(cast.get("receipt").textValue()).isEqualTo(receipt);
        assertThat(cast.get("shortReceipt").textValue())
                .isEqualTo(receipt.substring(0, 4) + " " + receipt.substring(4, 8) + " " + receipt.substring(8, 12));

        assertThat(CastBallotSignatures.check(roundKey, "R3", request))
                .as("the same request in another round").isEqualTo(CastBallotSignatures.Outcome.TOKEN_SIGNATURE_INVALID);
        ObjectNode changed = request.deepCopy();
        ((ArrayNode) changed.get("body").get("choices").get(0).get("cadres")).remove(1);
        assertThat(CastBallotSignatures.check(roundKey, roundId, changed))
                .as("a ballot changed after signing").isEqualTo(CastBallotSignatures.Outcome.BALLOT_SIGNATURE_INVALID);
    }

    @Test
    void canonicalJsonIsTheSameOnTheTabletAndInJava() throws Exception {
        List<String> values = List.of(
                "{\"fullName\":\"Nguyễn Thị Hồng Nhung\",\"title\":\"Phó Bí thư Tỉnh ủy\",\"unit\":\"Đắk Lắk\"}",
                "\"quote \\\" backslash \\\\ slash / \\b\\t\\n\\f\\r \\u0000\\u001f\\u007f \\u2028 \\ud83d\\ude00\"",
                // RFC 8785 §3.2.3: keys sort by UTF-16 code units (the emoji before U+FB33)
                "{\"\\u20ac\":1,\"\\r\":2,\"\\ufb33\":3,\"1\":4,\"\\ud83d\\ude00\":5,\"\\u0080\":6,\"\\u00f6\":7}",
                "{\"z\":[3,{\"y\":true,\"b\":false},null],\"a\":{\"é\":\"\",\"e\":[]},\"M\":-9007199254740991}",
                "{\"round\":\"R1\",\"choices\":[{\"line\":\"L1\",\"vote\":\"AGREE\"},{\"line\":\"L10\",\"vote\":\"NONE\"}]}");
        for (String text : values) {
            JsonNode value = JSON.readTree(text);
            assertThat(ask(Map.of("op", "jcs", "value", value)).get("jcs").textValue())
                    .as(text).isEqualTo(CanonicalJson.encodeToString(value));
        }
    }

    private JsonNode newToken(String roundId) throws Exception {
        return ask(Map.of("op", "newToken", "roundId", roundId, "jwk", roundKey.toJwk()));
    }

    private static byte[] blindedMessage(JsonNode token) {
        return Base64Url.decode(token.get("blindedMessage").textValue());
    }

    private JsonNode finalizeWith(byte[] blindSignature) throws Exception {
        return ask(Map.of("op", "finalize", "blindSignature", Base64Url.encode(blindSignature)));
    }

    private JsonNode ask(Map<String, ?> command) throws Exception {
        JsonNode answer = JSON.readTree(tablet.ask(JSON.writeValueAsString(command)));
        if (!"finalize".equals(command.get("op"))) {
            assertThat(answer.has("error")).withFailMessage("tablet failed %s: %s", command.get("op"), answer).isFalse();
        }
        return answer;
    }
}
