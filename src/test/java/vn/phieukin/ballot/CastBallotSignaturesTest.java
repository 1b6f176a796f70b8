package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.phieukin.ballot.CastBallotSignatures.Outcome;

/** A whole token's life in Java, as the tablet, the issuer and the ballot box see it. */
class CastBallotSignaturesTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Map<String, Object>> CHOICES = List.of(
            Map.of("line", "L1", "vote", "AGREE"), Map.of("line", "L2", "vote", "NONE"));
    private static BlindSigner issuer;

    @BeforeAll
    static void openRound() {
        issuer = BlindSigner.generate(RANDOM);
    }

    private static TokenHolder tokenFor(String roundId) throws BlindSignRefused {
        TokenHolder holder = TokenHolder.prepare(roundId, issuer.publicKey(), RANDOM);
        holder.finalizeToken(issuer.blindSign(holder.blindedMessage()));
        return holder;
    }

    private static ObjectNode asJson(Map<String, Object> request) {
        return (ObjectNode) JSON.valueToTree(request);
    }

    @Test
    void aGenuineCastBallotPassesBothSignatureChecks() throws Exception {
        TokenHolder holder = tokenFor("R1");
        JsonNode request = JSON.readTree(JSON.writeValueAsString(holder.castRequest(CHOICES)));
        assertThat(CastBallotSignatures.check(issuer.publicKey(), "R1", request)).isEqualTo(Outcome.VALID);
        assertThat(request.at("/body/round").textValue()).isEqualTo("R1");
    }

    @Test
    void theIssueRequestCarriesTheBlindedMessageInBase64url() throws Exception {
        TokenHolder holder = TokenHolder.prepare("R1", issuer.publicKey(), RANDOM);
        assertThat(Base64Url.decode((String) holder.issueRequest().get("blindedMessage")))
                .isEqualTo(holder.blindedMessage()).hasSize(384);
    }

    @Test
    void aTokenIssuedForAnotherRoundIsRefused() throws Exception {
        TokenHolder holder = tokenFor("R2");
        ObjectNode request = asJson(holder.castRequestWithBody(Map.of("round", "R1", "choices", CHOICES)));
        assertThat(CastBallotSignatures.check(issuer.publicKey(), "R1", request)).isEqualTo(Outcome.TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void aTokenFromAnotherRoundKeyIsRefused() throws Exception {
        TokenHolder holder = tokenFor("R1");
        ObjectNode request = asJson(holder.castRequest(CHOICES));
        RoundPublicKey otherKey = BlindSigner.generate(RANDOM).publicKey();
        assertThat(CastBallotSignatures.check(otherKey, "R1", request)).isEqualTo(Outcome.TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void aValidTokenCannotBeReusedWithAnotherKeyPair() throws Exception {
        // someone who saw a token tries to sign their own ballot under it
        TokenHolder victim = tokenFor("R1");
        TokenHolder thief = tokenFor("R1");
        ObjectNode request = asJson(thief.castRequest(CHOICES));
        ObjectNode token = (ObjectNode) request.get("token");
        token.put("prefix", Base64Url.encode(victim.prefix()));
        token.put("signature", Base64Url.encode(victim.tokenSignature()));
        assertThat(CastBallotSignatures.check(issuer.publicKey(), "R1", request)).isEqualTo(Outcome.TOKEN_SIGNATURE_INVALID);
    }

    @Test
    void aBallotChangedAfterSigningIsRefused() throws Exception {
        TokenHolder holder = tokenFor("R1");
        ObjectNode request = asJson(holder.castRequest(CHOICES));
        ((ObjectNode) request.at("/body/choices/1")).put("vote", "DISAGREE");
        assertThat(CastBallotSignatures.check(issuer.publicKey(), "R1", request)).isEqualTo(Outcome.BALLOT_SIGNATURE_INVALID);
    }

    @Test
    void requestsOfTheWrongShapeAreMalformedNotErrors() throws Exception {
        TokenHolder holder = tokenFor("R1");
        ObjectNode good = asJson(holder.castRequest(CHOICES));
        RoundPublicKey key = issuer.publicKey();

        assertThat(CastBallotSignatures.check(key, "R1", JSON.readTree("[]"))).isEqualTo(Outcome.MALFORMED);
        assertThat(CastBallotSignatures.check(key, "R1", JSON.readTree("{}"))).isEqualTo(Outcome.MALFORMED);
        assertThat(CastBallotSignatures.check(key, "R1", good.deepCopy().without("signature"))).isEqualTo(Outcome.MALFORMED);
        ObjectNode numericSignature = good.deepCopy();
        numericSignature.put("signature", 5);
        assertThat(CastBallotSignatures.check(key, "R1", numericSignature)).isEqualTo(Outcome.MALFORMED);
        ObjectNode paddedPrefix = good.deepCopy();
        ((ObjectNode) paddedPrefix.get("token")).put("prefix", good.at("/token/prefix").textValue() + "=");
        assertThat(CastBallotSignatures.check(key, "R1", paddedPrefix)).isEqualTo(Outcome.MALFORMED);
        ObjectNode shortPrefix = good.deepCopy();
        ((ObjectNode) shortPrefix.get("token")).put("prefix", Base64Url.encode(new byte[16]));
        assertThat(CastBallotSignatures.check(key, "R1", shortPrefix)).isEqualTo(Outcome.MALFORMED);
        ObjectNode floatInBody = good.deepCopy();
        ((ObjectNode) floatInBody.get("body")).put("weight", 0.5);
        assertThat(CastBallotSignatures.check(key, "R1", floatInBody)).isEqualTo(Outcome.MALFORMED);
        ObjectNode bodyIsText = good.deepCopy();
        bodyIsText.put("body", "{}");
        assertThat(CastBallotSignatures.check(key, "R1", bodyIsText)).isEqualTo(Outcome.MALFORMED);
        assertThat(CastBallotSignatures.check(key, "R1", null)).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void theSameBlindedMessageSignedAgainGivesTheSameTokenSoARetriedIssueIsHarmless() throws Exception {
        TokenHolder holder = TokenHolder.prepare("R1", issuer.publicKey(), RANDOM);
        byte[] first = issuer.blindSign(holder.blindedMessage());
        assertThat(issuer.blindSign(holder.blindedMessage())).isEqualTo(first);
        holder.finalizeToken(first);
        assertThat(CastBallotSignatures.check(issuer.publicKey(), "R1", asJson(holder.castRequest(CHOICES))))
                .isEqualTo(Outcome.VALID);
    }

    @Test
    void noCastRequestBeforeTheTokenIsFinalized() {
        TokenHolder holder = TokenHolder.prepare("R1", issuer.publicKey(), RANDOM);
        assertThatThrownBy(() -> holder.castRequest(CHOICES)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWrongAnswerFromTheIssuerIsCaughtByTheHolder() throws Exception {
        TokenHolder holder = TokenHolder.prepare("R1", issuer.publicKey(), RANDOM);
        TokenHolder other = TokenHolder.prepare("R1", issuer.publicKey(), RANDOM);
        byte[] answerForSomeoneElse = issuer.blindSign(other.blindedMessage());
        assertThatThrownBy(() -> holder.finalizeToken(answerForSomeoneElse))
                .isInstanceOf(InvalidBlindSignatureException.class);
    }
}
