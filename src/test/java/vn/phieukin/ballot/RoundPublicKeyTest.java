package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoundPublicKeyTest {

    private static RoundPublicKey key;

    @BeforeAll
    static void generate() {
        key = BlindSigner.generate(new SecureRandom()).publicKey();
    }

    @Test
    void theJwkIsKtyNAndEInBase64url() {
        Map<String, String> jwk = key.toJwk();
        assertThat(jwk).containsOnlyKeys("kty", "n", "e").containsEntry("kty", "RSA").containsEntry("e", "AQAB");
        assertThat(Base64Url.decode(jwk.get("n"))).hasSize(384);
        assertThat(new BigInteger(1, Base64Url.decode(jwk.get("n")))).isEqualTo(key.n());
    }

    @Test
    void theJwkReadsBackToTheSameKeyFromAMapOrAJacksonTree() {
        assertThat(RoundPublicKey.fromJwk(key.toJwk())).isEqualTo(key);
        com.fasterxml.jackson.databind.JsonNode tree = new ObjectMapper().valueToTree(key.toJwk());
        assertThat(RoundPublicKey.fromJwk(tree)).isEqualTo(key);
    }

    @Test
    void extraJwkMembersAreIgnored() {
        Map<String, Object> jwk = new HashMap<>(key.toJwk());
        jwk.put("alg", "PS384");
        jwk.put("ext", true);
        assertThat(RoundPublicKey.fromJwk(jwk)).isEqualTo(key);
    }

    @Test
    void malformedJwksAreRefusedWithAReason() {
        Map<String, String> good = key.toJwk();
        assertRefused(with(good, "kty", "EC"), "kty");
        assertRefused(with(good, "n", null), "\"n\"");
        assertRefused(with(good, "e", ""), "\"e\"");
        assertRefused(with(good, "n", good.get("n") + "="), "base64url");
        assertRefused(with(good, "e", "AAEAAQ"), "leading zero");
        assertRefused(with(good, "e", "AQA"), "exponent"); // 256: even
        assertRefused(with(good, "e", "AQ"), "exponent"); // 1
        assertRefused(with(good, "n", Base64Url.encode(new byte[] {1, 0, 1})), "modulus");
        BigInteger even = key.n().subtract(BigInteger.ONE);
        assertRefused(with(good, "n", Base64Url.encode(RsaIntegers.i2osp(even, 384))), "modulus");
        assertThatThrownBy(() -> RoundPublicKey.fromJwk(new ObjectMapper().readTree("[1]")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Object> with(Map<String, String> jwk, String member, String value) {
        Map<String, Object> copy = new HashMap<>(jwk);
        copy.put(member, value);
        return copy;
    }

    private static void assertRefused(Map<String, Object> jwk, String reason) {
        assertThatThrownBy(() -> RoundPublicKey.fromJwk(jwk)).as(jwk.toString())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(reason);
    }
}
