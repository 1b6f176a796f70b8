package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers of RFC 9474 Appendix A (copied from shared/testdata, see its README), for every
 * vector with a 48-byte salt. The two PSSZERO vectors use salt length 0, a variant we never
 * run (ours is RSABSSA-SHA384-PSS-Randomized, salt 48), so they are left out on purpose.
 */
class Rfc9474VectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    static List<Arguments> pssVectors() throws IOException {
        JsonNode all;
        try (InputStream in = Rfc9474VectorsTest.class.getResourceAsStream("rfc9474-vectors.json")) {
            all = new ObjectMapper().readTree(in);
        }
        List<Arguments> vectors = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : all.properties()) {
            if (!entry.getKey().contains("PSSZERO")) {
                vectors.add(Arguments.of(entry.getKey(), entry.getValue()));
            }
        }
        return vectors;
    }

    @Test
    void bothSaltedVectorsAreFoundSoNoneIsSilentlySkipped() throws IOException {
        assertThat(pssVectors()).extracting(a -> a.get()[0])
                .containsExactlyInAnyOrder("RSABSSA-SHA384-PSS-Randomized", "RSABSSA-SHA384-PSS-Deterministic");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pssVectors")
    void theEncodedMessageMatches(String name, JsonNode v) {
        int emBits = integer(v, "n").bitLength() - 1;
        assertThat(EmsaPss.encode(bytes(v, "prepared_msg"), emBits, bytes(v, "salt")))
                .asHexString().isEqualToIgnoringCase(v.get("encoded_msg").textValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pssVectors")
    void thePreparedMessageIsThePrefixFollowedByTheMessage(String name, JsonNode v) {
        byte[] prefix = bytes(v, "msg_prefix");
        byte[] msg = bytes(v, "msg");
        byte[] expected = new byte[prefix.length + msg.length];
        System.arraycopy(prefix, 0, expected, 0, prefix.length);
        System.arraycopy(msg, 0, expected, prefix.length, msg.length);
        assertThat(bytes(v, "prepared_msg")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pssVectors")
    void blindGivesTheVectorsBlindedMessageAndInverse(String name, JsonNode v) {
        RoundPublicKey key = new RoundPublicKey(integer(v, "n"), integer(v, "e"));
        BigInteger inv = integer(v, "inv");
        BigInteger r = inv.modInverse(key.n()); // the vectors give r⁻¹; r is its inverse
        BlindingClient.Blinded blinded = BlindingClient.blind(key, bytes(v, "prepared_msg"), bytes(v, "salt"), r);
        assertThat(blinded.blindedMessage()).asHexString().isEqualToIgnoringCase(v.get("blinded_msg").textValue());
        assertThat(blinded.inv()).isEqualTo(inv);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pssVectors")
    void blindSignWithTheVectorsKeyGivesTheVectorsBlindSignature(String name, JsonNode v) throws Exception {
        BlindSigner signer = BlindSigner.fromPrimes(integer(v, "p"), integer(v, "q"), integer(v, "e"), integer(v, "d"));
        assertThat(signer.publicKey().n()).isEqualTo(integer(v, "n"));
        assertThat(signer.blindSign(bytes(v, "blinded_msg")))
                .asHexString().isEqualToIgnoringCase(v.get("blind_sig").textValue());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pssVectors")
    void finalizeGivesTheVectorsSignatureWhichVerifies(String name, JsonNode v) {
        RoundPublicKey key = new RoundPublicKey(integer(v, "n"), integer(v, "e"));
        byte[] sig = BlindingClient.finalize(key, bytes(v, "prepared_msg"), bytes(v, "blind_sig"), integer(v, "inv"));
        assertThat(sig).asHexString().isEqualToIgnoringCase(v.get("sig").textValue());
        assertThat(key.verify(bytes(v, "prepared_msg"), sig)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pssVectors")
    void theVectorsSignatureDoesNotVerifyForAnotherMessage(String name, JsonNode v) {
        RoundPublicKey key = new RoundPublicKey(integer(v, "n"), integer(v, "e"));
        byte[] other = bytes(v, "prepared_msg");
        other[other.length - 1] ^= 1;
        assertThat(key.verify(other, bytes(v, "sig"))).isFalse();
    }

    private static byte[] bytes(JsonNode v, String field) {
        return HEX.parseHex(v.get(field).textValue());
    }

    private static BigInteger integer(JsonNode v, String field) {
        return new BigInteger(v.get(field).textValue(), 16);
    }
}
