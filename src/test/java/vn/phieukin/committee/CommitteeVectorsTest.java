package vn.phieukin.committee;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.phieukin.ballot.CanonicalJson;

/**
 * Every known-answer vector of src/test/resources/committee/ recomputed from its input
 * (the same files are checked in JavaScript by web/test/committee-vectors.test.mjs).
 */
class CommitteeVectorsTest {

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String file : CommitteeVectors.FILES) {
            try (InputStream in = CommitteeVectorsTest.class.getResourceAsStream("/committee/" + file + ".json")) {
                assertThat(in).as(file).isNotNull();
                for (JsonNode c : CommitteeVectors.JSON.readTree(in)) {
                    out.add(Arguments.of(file + ": " + c.get("name").textValue(), c));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theJavaImplementationReproducesTheVector(String name, JsonNode vector) {
        JsonNode actual = CommitteeVectors.compute(vector.get("kind").textValue(), vector.get("input"));
        // compared as canonical JSON text: Jackson's IntNode(7) is not equal to LongNode(7)
        assertThat(CanonicalJson.encodeToString(actual)).as(name).isEqualTo(CanonicalJson.encodeToString(vector.get("output")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyProofInTheVectorsVerifies(String name, JsonNode vector) {
        JsonNode in = vector.get("input");
        JsonNode out = vector.get("output");
        switch (vector.get("kind").textValue()) {
            case "iprove" -> {
                long[] allowed = new long[in.get("allowed").size()];
                for (int i = 0; i < allowed.length; i++) {
                    allowed[i] = in.get("allowed").get(i).longValue();
                }
                assertThat(IntervalProof.verify(JointKey.fromText(in.get("H").textValue()), in.get("context").textValue(),
                        Ciphertext.fromJson(out), allowed, ChallengeResponse.listFromJson(out.get("proof")))).isTrue();
            }
            case "pok" -> assertThat(SchnorrProof.fromJson(out.get("pok")).verify(in.get("ctx").textValue(),
                    Encoding.pointFromText(out.get("C0").textValue()))).isTrue();
            case "decrypt" -> assertThat(DecryptionShare.fromJson(out).verify(in.get("roundId").textValue(), in.get("slot").textValue(),
                    Encoding.pointFromText(out.get("verificationKey").textValue()), Encoding.pointFromText(in.get("alpha").textValue()))).isTrue();
            case "ballot" -> assertThat(EncryptedBallot.verify(CommitteeVectors.layout(in.get("layout")), in.get("roundId").textValue(),
                    in.get("tokenKey").textValue(), JointKey.fromText(in.get("H").textValue()), out.get("body")).isValid()).isTrue();
            case "deal" -> {
                for (int i = 0; i < out.get("commitments").size(); i++) {
                    List<org.bouncycastle.math.ec.ECPoint> c = new ArrayList<>();
                    out.get("commitments").get(i).forEach(p -> c.add(Encoding.pointFromText(p.textValue())));
                    for (int j = 1; j <= in.get("n").intValue(); j++) {
                        assertThat(Feldman.shareMatches(j, Encoding.scalarFromText(out.get("shares").get(i).get(j - 1).textValue()), c)).isTrue();
                    }
                }
            }
            default -> assertThat(Map.of()).as("no proof in a %s vector", vector.get("kind").textValue()).isEmpty();
        }
    }
}
