package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Blindness depends on r being uniform in [1, n): the issuer's view of a blinded message is
 * then independent of the token. Bouncy Castle's RSABlindingFactorGenerator draws r below
 * 2^(bits(n)−1), which would never put r in the top part of the range; these tests would catch it.
 * Bounds are about 4.5 standard deviations wide for 2,000 draws (false alarm about 1 in 10^5).
 */
class BlindingFactorDistributionTest {

    private static final int DRAWS = 2_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final RoundPublicKey FRESH_ROUND_KEY = BlindSigner.generate(RANDOM).publicKey();

    static Stream<Arguments> roundKeys() {
        // the RFC 9474 test modulus (4096 bits) and a fresh 3072-bit round key
        BigInteger rfcN = new BigInteger("aec4d69addc70b990ea66a5e70603b6fee27aafebd08f2d94cbe1250c556e047a928d635c3f45ee9b66d1bc628a03bac9b7c3f416fe20dabea8f3d7b4bbf7f963be335d2328d67e6c13ee4a8f955e05a3283720d3e1f139c38e43e0338ad058a9495c53377fc35be64d208f89b4aa721bf7f7d3fef837be2a80e0f8adf0bcd1eec5bb040443a2b2792fdca522a7472aed74f31a1ebe1eebc1f408660a0543dfe2a850f106a617ec6685573702eaaa21a5640a5dcaf9b74e397fa3af18a2f1b7c03ba91a6336158de420d63188ee143866ee415735d155b7c2d854d795b7bc236cffd71542df34234221a0413e142d8c61355cc44d45bda94204974557ac2704cd8b593f035a5724b1adf442e78c542cd4414fce6f1298182fb6d8e53cef1adfd2e90e1e4deec52999bdc6c29144e8d52a125232c8c6d75c706ea3cc06841c7bda33568c63a6c03817f722b50fcf898237d788a4400869e44d90a3020923dc646388abcc914315215fcd1bae11b1c751fd52443aac8f601087d8d42737c18a3fa11ecd4131ecae017ae0a14acfc4ef85b83c19fed33cfd1cd629da2c4c09e222b398e18d822f77bb378dea3cb360b605e5aa58b20edc29d000a66bd177c682a17e7eb12a63ef7c2e4183e0d898f3d6bf567ba8ae84f84f1d23bf8b8e261c3729e2fa6d07b832e07cddd1d14f55325c6f924267957121902dc19b3b32948bdead5", 16);
        return Stream.of(
                Arguments.of("RFC 9474 key", new RoundPublicKey(rfcN, BigInteger.valueOf(65537))),
                Arguments.of("fresh round key", FRESH_ROUND_KEY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundKeys")
    void rCoversTheWholeRangeFromOneToN(String name, RoundPublicKey key) {
        BigInteger n = key.n();
        BigInteger half = n.shiftRight(1);
        BigInteger topBit = BigInteger.ONE.shiftLeft(n.bitLength() - 1);
        int upperHalf = 0;
        int topBitSet = 0;
        for (int i = 0; i < DRAWS; i++) {
            BigInteger r = BlindingClient.blindingFactor(key, RANDOM);
            assertThat(r.signum()).isPositive();
            assertThat(r).isLessThan(n);
            upperHalf += r.compareTo(half) > 0 ? 1 : 0;
            topBitSet += r.testBit(n.bitLength() - 1) ? 1 : 0;
        }
        // uniform on [1, n): half the draws above n/2, and a share (n − 2^(b−1)) / n at or above 2^(b−1)
        assertThat(upperHalf / (double) DRAWS).isBetween(0.45, 0.55);
        double expectedTop = new java.math.BigDecimal(n.subtract(topBit))
                .divide(new java.math.BigDecimal(n), java.math.MathContext.DECIMAL64).doubleValue();
        assertThat(topBitSet / (double) DRAWS).isBetween(expectedTop - 0.05, expectedTop + 0.05);
        assertThat(topBitSet).as("r at or above 2^(b-1) occurs").isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundKeys")
    void blindUsesAFreshUniformRForEveryToken(String name, RoundPublicKey key) {
        // end to end through blind(): r recovered from the inverse the client keeps
        BigInteger n = key.n();
        byte[] message = TokenMessage.prepared(new byte[32], "R1", "k");
        java.util.Set<BigInteger> seen = new java.util.HashSet<>();
        int upperHalf = 0;
        for (int i = 0; i < 200; i++) {
            BigInteger r = BlindingClient.blind(key, message, RANDOM).inv().modInverse(n);
            assertThat(r.signum()).isPositive();
            assertThat(r).isLessThan(n);
            seen.add(r);
            upperHalf += r.compareTo(n.shiftRight(1)) > 0 ? 1 : 0;
        }
        assertThat(seen).hasSize(200);
        assertThat(upperHalf).isBetween(60, 140); // 200 draws, p = 1/2: about 5.7 standard deviations
    }
}
