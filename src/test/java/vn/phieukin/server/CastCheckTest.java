package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.phieukin.ballot.BlindSigner;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.ballot.Receipts;
import vn.phieukin.ballot.TokenHolder;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.Section;
import vn.phieukin.store.RefusedException;

/** The ballot box's checks, in the order of PROTOCOL.md, on genuine and forged cast requests. */
class CastCheckTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BlindSigner signer;
    private static final RoundDefinition ROUND = RoundDefinition.nomination("r1", 3,
            List.of(new Section("p1", 2, List.of("c1", "c2", "c3"), false)), Set.of("c1", "c2", "c3", "c4"));

    @BeforeAll
    static void roundKey() {
        signer = BlindSigner.generate(RANDOM);
    }

    /** A token genuinely issued for {@code roundId} by the round key. */
    private static TokenHolder token(String roundId) throws Exception {
        TokenHolder holder = TokenHolder.prepare(roundId, signer.publicKey(), RANDOM);
        holder.finalizeToken(signer.blindSign(holder.blindedMessage()));
        return holder;
    }

    private static List<Map<String, Object>> picks(String... cadres) {
        return List.of(Map.of("position", "p1", "cadres", List.of(cadres)));
    }

    private static byte[] bytes(Object request) throws Exception {
        return JSON.writeValueAsBytes(request);
    }

    private static String refusalCode(byte[] request) {
        try {
            CastCheck.check(ROUND, signer.publicKey(), request);
            return "ACCEPTED";
        } catch (RefusedException refused) {
            return refused.code();
        }
    }

    @Test
    void aGenuineBallotIsAcceptedWithTheReceiptOfItsCanonicalRequest() throws Exception {
        Map<String, Object> request = token("r1").castRequest(picks("c1", "c3"));
        CastCheck.Accepted accepted = CastCheck.check(ROUND, signer.publicKey(), bytes(request));
        assertThat(accepted.receipt()).isEqualTo(Receipts.of(request));
        assertThat(accepted.canonicalRequest()).isEqualTo(CanonicalJson.encodeToString(request));
        assertThat(accepted.tokenKey()).isEqualTo(((Map<?, ?>) request.get("token")).get("key"));
    }

    @Test
    void aTokenSignedForAnotherRoundIsABadToken() throws Exception {
        TokenHolder other = token("r2");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("round", "r1");
        body.put("choices", picks("c1"));
        assertThat(refusalCode(bytes(other.castRequestWithBody(body)))).isEqualTo("BAD_TOKEN");
    }

    @Test
    void aBodyChangedAfterSigningIsABadSignature() throws Exception {
        Map<String, Object> request = token("r1").castRequest(picks("c1"));
        String text = new String(bytes(request), StandardCharsets.UTF_8).replace("\"c1\"", "\"c2\"");
        assertThat(refusalCode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void anOverSelectedOrOutsidePickIsAnInvalidBallotNamingTheProblem() throws Exception {
        TokenHolder holder = token("r1");
        assertThatThrownBy(() -> CastCheck.check(ROUND, signer.publicKey(), bytes(holder.castRequest(picks("c1", "c2", "c3")))))
                .isInstanceOfSatisfying(RefusedException.class, e -> {
                    assertThat(e.code()).isEqualTo("INVALID_BALLOT");
                    assertThat(e.getMessage()).contains("3").contains("2").contains("mã phiếu vẫn dùng được");
                });
        assertThat(refusalCode(bytes(holder.castRequest(picks("c4"))))).as("no write-ins at this round").isEqualTo("INVALID_BALLOT");
        assertThat(refusalCode(bytes(holder.castRequest(picks("c2", "c1"))))).as("unsorted").isEqualTo("INVALID_BALLOT");
        assertThat(refusalCode(bytes(holder.castRequest(picks("c1", "c2"))))).isEqualTo("ACCEPTED");
    }

    @Test
    void theTokenIsCheckedBeforeTheSignatureAndTheSignatureBeforeTheBody() throws Exception {
        TokenHolder foreign = token("r2");
        Map<String, Object> invalidBody = new LinkedHashMap<>();
        invalidBody.put("round", "r1");
        invalidBody.put("choices", picks("c1", "c2", "c3"));
        assertThat(refusalCode(bytes(foreign.castRequestWithBody(invalidBody)))).isEqualTo("BAD_TOKEN");
        Map<String, Object> request = token("r1").castRequest(picks("c1", "c2", "c3"));
        String tampered = new String(bytes(request), StandardCharsets.UTF_8).replace("\"c3\"", "\"c4\"");
        assertThat(refusalCode(tampered.getBytes(StandardCharsets.UTF_8))).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void malformedRequestsAreBadRequestsNamingTheField() throws Exception {
        Map<String, Object> request = token("r1").castRequest(picks("c1"));
        String text = new String(bytes(request), StandardCharsets.UTF_8);
        assertThat(refusalCode("{\"body\":".getBytes(StandardCharsets.UTF_8))).isEqualTo("BAD_REQUEST");
        assertThat(refusalCode(new byte[0])).isEqualTo("BAD_REQUEST");
        assertThat(refusalCode("[]".getBytes(StandardCharsets.UTF_8))).isEqualTo("BAD_REQUEST");
        String duplicateKey = text.replaceFirst("\\{", "{\"signature\":\"AAAA\",");
        assertThat(refusalCode(duplicateKey.getBytes(StandardCharsets.UTF_8))).as("duplicate keys").isEqualTo("BAD_REQUEST");
        Map<String, Object> noToken = new LinkedHashMap<>(request);
        noToken.remove("token");
        assertThatThrownBy(() -> CastCheck.check(ROUND, signer.publicKey(), bytes(noToken)))
                .hasMessageContaining("token");
        Map<String, Object> floatBody = new LinkedHashMap<>(request);
        floatBody.put("body", Map.of("round", "r1", "choices", List.of(), "weight", 1.5));
        assertThatThrownBy(() -> CastCheck.check(ROUND, signer.publicKey(), bytes(floatBody)))
                .isInstanceOfSatisfying(RefusedException.class, e -> assertThat(e.code()).isEqualTo("BAD_REQUEST"))
                .hasMessageContaining("body");
    }
}
