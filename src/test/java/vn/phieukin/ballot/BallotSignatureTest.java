package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BallotSignatureTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> BODY = Map.of("round", "R1", "choices", List.of(
            Map.of("position", "P1", "cadres", List.of("C3", "C7")),
            Map.of("position", "P2", "cadres", List.of())));

    private final TokenKeyPair keys = TokenKeyPair.generate(RANDOM);

    @Test
    void theSignedBytesAreTheDomainThenTheCanonicalBody() {
        assertThat(new String(BallotSignature.signedBytes(BODY), StandardCharsets.UTF_8))
                .isEqualTo("phieukin/ballot/v1|{\"choices\":[{\"cadres\":[\"C3\",\"C7\"],\"position\":\"P1\"},"
                        + "{\"cadres\":[],\"position\":\"P2\"}],\"round\":\"R1\"}");
    }

    @Test
    void aGenuineBallotSignatureVerifies() throws Exception {
        byte[] signature = BallotSignature.sign(keys, BODY);
        assertThat(signature).hasSize(64);
        assertThat(BallotSignature.verify(keys.tokenKey(), BODY, signature)).isTrue();
        JsonNode parsed = JSON.readTree(JSON.writeValueAsString(BODY));
        assertThat(BallotSignature.verify(keys.tokenKey(), parsed, signature)).as("same body as a Jackson tree").isTrue();
    }

    @Test
    void aBallotWithAChangedChoiceNoLongerVerifies() {
        byte[] signature = BallotSignature.sign(keys, BODY);
        Map<String, Object> changed = Map.of("round", "R1", "choices", List.of(
                Map.of("position", "P1", "cadres", List.of("C3", "C8")),
                Map.of("position", "P2", "cadres", List.of())));
        assertThat(BallotSignature.verify(keys.tokenKey(), changed, signature)).isFalse();
    }

    @Test
    void aBallotMovedToAnotherRoundNoLongerVerifies() {
        byte[] signature = BallotSignature.sign(keys, BODY);
        Map<String, Object> moved = Map.of("round", "R2", "choices", BODY.get("choices"));
        assertThat(BallotSignature.verify(keys.tokenKey(), moved, signature)).isFalse();
    }

    @Test
    void anAlteredSignatureNoLongerVerifies() {
        byte[] signature = BallotSignature.sign(keys, BODY);
        for (int i : new int[] {0, 31, 32, 63}) {
            byte[] altered = signature.clone();
            altered[i] ^= 0x01;
            assertThat(BallotSignature.verify(keys.tokenKey(), BODY, altered)).as("byte %d", i).isFalse();
        }
    }

    @Test
    void anotherTokensKeyDoesNotVerifyTheBallot() {
        byte[] signature = BallotSignature.sign(keys, BODY);
        assertThat(BallotSignature.verify(TokenKeyPair.generate(RANDOM).tokenKey(), BODY, signature)).isFalse();
    }

    /** WebCrypto and the Python client make P1363 signatures over SPKI keys; the JDK does the same independently. */
    @Test
    void aSignatureFromTheJdksEcdsaVerifiesAndOursVerifiesInTheJdk() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair jdkKeys = generator.generateKeyPair();
        String tokenKey = Base64Url.encode(jdkKeys.getPublic().getEncoded());
        Signature jdkSigner = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdkSigner.initSign(jdkKeys.getPrivate());
        jdkSigner.update(BallotSignature.signedBytes(BODY));
        assertThat(BallotSignature.verify(tokenKey, BODY, jdkSigner.sign())).isTrue();

        Signature jdkVerifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        jdkVerifier.initVerify(java.security.KeyFactory.getInstance("EC").generatePublic(
                new java.security.spec.X509EncodedKeySpec(Base64Url.decode(keys.tokenKey()))));
        jdkVerifier.update(BallotSignature.signedBytes(BODY));
        assertThat(jdkVerifier.verify(BallotSignature.sign(keys, BODY))).isTrue();
    }

    @Test
    void theTokenKeyIsTheBase64urlOfA91ByteP256Spki() {
        byte[] spki = Base64Url.decode(keys.tokenKey());
        assertThat(spki).hasSize(91);
        assertThat(BallotSignature.parseTokenKey(keys.tokenKey())).isNotNull();
    }

    @ParameterizedTest(name = "token key \"{0}\"")
    @ValueSource(strings = {"", "!!!", "AAAA", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE=", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"})
    void garbageTokenKeysAreRejectedWithoutAnException(String tokenKey) {
        assertThat(BallotSignature.verify(tokenKey, BODY, BallotSignature.sign(keys, BODY))).isFalse();
    }

    @Test
    void malformedKeysWithTheRightShapeAreRejectedWithoutAnException() {
        byte[] spki = Base64Url.decode(keys.tokenKey());
        byte[] signature = BallotSignature.sign(keys, BODY);

        byte[] offCurve = spki.clone();
        offCurve[offCurve.length - 1] ^= 0x01; // y no longer matches x
        assertThat(BallotSignature.verify(Base64Url.encode(offCurve), BODY, signature)).as("point off the curve").isFalse();

        byte[] trailing = Arrays.copyOf(spki, spki.length + 1);
        assertThat(BallotSignature.verify(Base64Url.encode(trailing), BODY, signature)).as("trailing byte").isFalse();

        byte[] otherCurve = spki.clone();
        otherCurve[22] ^= 0x01; // last byte of the named-curve OID: 1.2.840.10045.3.1.6 (prime239v3)
        assertThat(BallotSignature.verify(Base64Url.encode(otherCurve), BODY, signature)).as("other curve").isFalse();

        byte[] truncated = Arrays.copyOf(spki, 60);
        assertThat(BallotSignature.verify(Base64Url.encode(truncated), BODY, signature)).as("truncated").isFalse();
    }

    /** The fixed-header shortcut of parseTokenKey accepts and refuses exactly what the DER parse does. */
    @Test
    void theTokenKeyShortcutAgreesWithTheDerParseForEveryChangedByte() {
        byte[] spki = Base64Url.decode(keys.tokenKey());
        java.util.List<byte[]> variants = new java.util.ArrayList<>();
        variants.add(spki);
        for (int i = 0; i < spki.length; i++) {
            for (int flip : new int[] {0x01, 0x02, 0x80, 0xFF}) {
                byte[] changed = spki.clone();
                changed[i] ^= (byte) flip;
                variants.add(changed);
            }
        }
        variants.add(Arrays.copyOf(spki, spki.length + 1));
        variants.add(Arrays.copyOf(spki, spki.length - 1));
        int accepted = 0;
        for (byte[] der : variants) {
            Object shortcut = outcome(() -> BallotSignature.parseTokenKey(Base64Url.encode(der)).getQ());
            Object parsed = outcome(() -> BallotSignature.parseTokenKeyDer(der).getQ());
            assertThat(shortcut).as(Base64Url.encode(der)).isEqualTo(parsed);
            accepted += shortcut instanceof String ? 0 : 1;
        }
        assertThat(accepted).as("the genuine key, and no change of its header").isGreaterThanOrEqualTo(1);
    }

    private static Object outcome(java.util.function.Supplier<Object> parse) {
        try {
            return parse.get();
        } catch (RuntimeException refused) { // verify turns any of them into false
            return "refused: " + refused.getClass().getSimpleName();
        }
    }

    @Test
    void aKeyWithACompressedPointIsRefusedSoEachKeyHasOneText() throws Exception {
        // same public key, point compressed: 02/03 ‖ x inside an SPKI of 59 bytes
        byte[] spki = Base64Url.decode(keys.tokenKey());
        byte[] x = Arrays.copyOfRange(spki, 27, 59);
        boolean yOdd = (spki[90] & 1) == 1;
        byte[] compressed = new byte[59];
        System.arraycopy(new byte[] {0x30, 0x39}, 0, compressed, 0, 2);
        System.arraycopy(spki, 2, compressed, 2, 21); // algorithm identifier
        compressed[23] = 0x03;
        compressed[24] = 0x22;
        compressed[25] = 0x00;
        compressed[26] = (byte) (yOdd ? 0x03 : 0x02);
        System.arraycopy(x, 0, compressed, 27, 32);
        org.bouncycastle.crypto.params.ECPublicKeyParameters same = (org.bouncycastle.crypto.params.ECPublicKeyParameters)
                org.bouncycastle.crypto.util.PublicKeyFactory.createKey(compressed);
        assertThat(same.getQ()).as("a well-formed encoding of the same key").isEqualTo(BallotSignature.parseTokenKey(keys.tokenKey()).getQ());
        assertThat(BallotSignature.verify(Base64Url.encode(compressed), BODY, BallotSignature.sign(keys, BODY))).isFalse();
    }

    @Test
    void garbageSignaturesAreRejectedWithoutAnException() {
        byte[] order = RsaIntegers.i2osp(BallotSignature.P256.getN(), 32);
        byte[] rIsOrder = new byte[64];
        System.arraycopy(order, 0, rIsOrder, 0, 32);
        rIsOrder[63] = 1;
        byte[] ones = new byte[64];
        Arrays.fill(ones, (byte) 0xFF);
        byte[] der = new byte[70];
        der[0] = 0x30;
        for (byte[] signature : List.of(new byte[0], new byte[63], new byte[65], new byte[64], rIsOrder, ones, der)) {
            assertThat(BallotSignature.verify(keys.tokenKey(), BODY, signature)).as("%d bytes", signature.length).isFalse();
        }
        assertThat(BallotSignature.verify(keys.tokenKey(), BODY, null)).isFalse();
        assertThat(BallotSignature.verify(null, BODY, new byte[64])).isFalse();
    }

    @Test
    void aBodyThatIsNotCanonicalJsonIsRejectedWithoutAnException() throws Exception {
        byte[] signature = BallotSignature.sign(keys, BODY);
        assertThat(BallotSignature.verify(keys.tokenKey(), JSON.readTree("{\"round\":1.5}"), signature)).isFalse();
        assertThat(BallotSignature.verify(keys.tokenKey(), new Object(), signature)).isFalse();
    }

    @Test
    void signingIsDeterministicButDiffersPerKey() {
        assertThat(BallotSignature.sign(keys, BODY)).isEqualTo(BallotSignature.sign(keys, BODY));
        assertThat(BallotSignature.sign(keys, BODY)).isNotEqualTo(BallotSignature.sign(TokenKeyPair.generate(RANDOM), BODY));
        assertThat(new BigInteger(1, Arrays.copyOf(BallotSignature.sign(keys, BODY), 32))).isPositive();
    }
}
