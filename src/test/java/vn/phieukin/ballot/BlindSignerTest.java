package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlindSignerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static BlindSigner signer;
    private static RoundPublicKey key;

    @BeforeAll
    static void generateOneRoundKey() {
        signer = BlindSigner.generate(RANDOM);
        key = signer.publicKey();
    }

    private static byte[] prepared(String roundId) {
        byte[] prefix = new byte[TokenMessage.PREFIX_LENGTH];
        RANDOM.nextBytes(prefix);
        return TokenMessage.prepared(prefix, roundId, "token-key-placeholder-for-this-test");
    }

    @Test
    void aNewRoundKeyIsRsa3072WithExponent65537() {
        assertThat(key.n().bitLength()).isEqualTo(3072);
        assertThat(key.e()).isEqualTo(BigInteger.valueOf(65537));
        assertThat(key.modulusLength()).isEqualTo(384);
    }

    @Test
    void twoRoundsGetDifferentKeys() {
        assertThat(BlindSigner.generate(RANDOM).publicKey().n()).isNotEqualTo(key.n());
    }

    @Test
    void aBlindedTokenSignedByTheIssuerFinalizesToASignatureThatVerifies() throws Exception {
        byte[] message = prepared("R1");
        BlindingClient.Blinded blinded = BlindingClient.blind(key, message, RANDOM);
        byte[] token = BlindingClient.finalize(key, message, signer.blindSign(blinded.blindedMessage()), blinded.inv());
        assertThat(token).hasSize(384);
        assertThat(key.verify(message, token)).isTrue();
    }

    @Test
    void theIssuerNeverSeesTheTokenSignatureItMade() throws Exception {
        byte[] message = prepared("R1");
        BlindingClient.Blinded blinded = BlindingClient.blind(key, message, RANDOM);
        byte[] blindSignature = signer.blindSign(blinded.blindedMessage());
        byte[] token = BlindingClient.finalize(key, message, blindSignature, blinded.inv());
        assertThat(token).isNotEqualTo(blindSignature);
        assertThat(blinded.blindedMessage()).isNotEqualTo(EmsaPss.encode(message, 3071, new byte[48]));
    }

    @Test
    void blindingTheSameMessageTwiceSendsUnrelatedBlindedMessages() {
        byte[] message = prepared("R1");
        assertThat(BlindingClient.blind(key, message, RANDOM).blindedMessage())
                .isNotEqualTo(BlindingClient.blind(key, message, RANDOM).blindedMessage());
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 383, 385, 512})
    void blindSignRefusesABlindedMessageOfTheWrongSize(int size) {
        assertThatThrownBy(() -> signer.blindSign(new byte[size]))
                .isInstanceOfSatisfying(BlindSignRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(BlindSignRefused.Reason.WRONG_LENGTH));
    }

    @ParameterizedTest(name = "n + {0}")
    @ValueSource(ints = {0, 1, 2})
    void blindSignRefusesAValueNotBelowTheModulus(int above) {
        byte[] tooLarge = RsaIntegers.i2osp(key.n().add(BigInteger.valueOf(above)), 384);
        assertThatThrownBy(() -> signer.blindSign(tooLarge))
                .isInstanceOfSatisfying(BlindSignRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(BlindSignRefused.Reason.NOT_BELOW_MODULUS));
    }

    @Test
    void blindSignRefusesAllOnes() {
        byte[] ones = new byte[384];
        Arrays.fill(ones, (byte) 0xFF);
        assertThatThrownBy(() -> signer.blindSign(ones))
                .isInstanceOfSatisfying(BlindSignRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(BlindSignRefused.Reason.NOT_BELOW_MODULUS));
    }

    @Test
    void blindSignAcceptsTheLargestValueBelowTheModulus() throws Exception {
        BigInteger m = key.n().subtract(BigInteger.ONE);
        byte[] s = signer.blindSign(RsaIntegers.i2osp(m, 384));
        assertThat(RsaIntegers.os2ip(s).modPow(key.e(), key.n())).isEqualTo(m);
    }

    @Test
    void aBlindSignatureOfATamperedBlindedMessageFailsFinalize() throws Exception {
        byte[] message = prepared("R1");
        BlindingClient.Blinded blinded = BlindingClient.blind(key, message, RANDOM);
        byte[] tampered = blinded.blindedMessage();
        tampered[200] ^= 0x01;
        byte[] blindSignature = signer.blindSign(tampered);
        assertThatThrownBy(() -> BlindingClient.finalize(key, message, blindSignature, blinded.inv()))
                .isInstanceOf(InvalidBlindSignatureException.class).hasMessageContaining("invalid signature");
    }

    @Test
    void aBlindSignatureFinalizedForAnotherMessageFails() throws Exception {
        byte[] message = prepared("R1");
        BlindingClient.Blinded blinded = BlindingClient.blind(key, message, RANDOM);
        byte[] blindSignature = signer.blindSign(blinded.blindedMessage());
        byte[] other = message.clone();
        other[other.length - 1] ^= 0x01;
        assertThatThrownBy(() -> BlindingClient.finalize(key, other, blindSignature, blinded.inv()))
                .isInstanceOf(InvalidBlindSignatureException.class);
    }

    @Test
    void aBlindSignatureFromAnotherRoundKeyFailsFinalize() throws Exception {
        BlindSigner otherRound = BlindSigner.generate(RANDOM);
        byte[] message = prepared("R1");
        // The blinded value is uniform below this key's modulus; the other key refuses values at
        // or above its own (a separate test), so blind again until it accepts the value.
        BlindingClient.Blinded blinded;
        do {
            blinded = BlindingClient.blind(key, message, RANDOM);
        } while (new java.math.BigInteger(1, blinded.blindedMessage()).compareTo(otherRound.publicKey().n()) >= 0);
        byte[] blindSignature = otherRound.blindSign(blinded.blindedMessage());
        BlindingClient.Blinded sent = blinded;
        assertThatThrownBy(() -> BlindingClient.finalize(key, message, blindSignature, sent.inv()))
                .isInstanceOf(InvalidBlindSignatureException.class);
    }

    @Test
    void finalizeRefusesABlindSignatureOfTheWrongSize() {
        BlindingClient.Blinded blinded = BlindingClient.blind(key, prepared("R1"), RANDOM);
        assertThatThrownBy(() -> BlindingClient.finalize(key, prepared("R1"), new byte[383], blinded.inv()))
                .isInstanceOf(InvalidBlindSignatureException.class).hasMessageContaining("size");
    }

    @Test
    void theRoundKeySurvivesARestartThroughItsPrivateEncoding() throws Exception {
        BlindSigner restored = BlindSigner.decodePrivate(signer.encodePrivate());
        assertThat(restored.publicKey()).isEqualTo(key);
        byte[] message = prepared("R1");
        BlindingClient.Blinded blinded = BlindingClient.blind(key, message, RANDOM);
        byte[] token = BlindingClient.finalize(key, message, restored.blindSign(blinded.blindedMessage()), blinded.inv());
        assertThat(key.verify(message, token)).isTrue();
    }

    @Test
    void theSameBlindedMessageGetsTheSameBlindSignatureSoRetriesAreSafe() throws Exception {
        byte[] blinded = BlindingClient.blind(key, prepared("R1"), RANDOM).blindedMessage();
        assertThat(signer.blindSign(blinded)).isEqualTo(BlindSigner.decodePrivate(signer.encodePrivate()).blindSign(blinded));
    }

    @Test
    void decodingSomethingThatIsNotAnRsaPrivateKeyFails() {
        assertThatThrownBy(() -> BlindSigner.decodePrivate("not a key".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inconsistentPrimesAreRefused() throws Exception {
        RSAPrivateCrtKeyParameters k = (RSAPrivateCrtKeyParameters) PrivateKeyFactory.createKey(signer.encodePrivate());
        assertThatThrownBy(() -> BlindSigner.fromPrimes(k.getP(), k.getQ(), k.getPublicExponent(),
                k.getExponent().add(BigInteger.TWO)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Bouncy Castle's own PSS signer is an independent implementation of the same encoding. */
    @Test
    void aTokenSignatureVerifiesWithBouncyCastlesPssVerifierAndTheOtherWayRound() throws Exception {
        byte[] message = prepared("R1");
        BlindingClient.Blinded blinded = BlindingClient.blind(key, message, RANDOM);
        byte[] token = BlindingClient.finalize(key, message, signer.blindSign(blinded.blindedMessage()), blinded.inv());

        PSSSigner bcVerifier = new PSSSigner(new RSAEngine(), new SHA384Digest(), 48);
        bcVerifier.init(false, new RSAKeyParameters(false, key.n(), key.e()));
        bcVerifier.update(message, 0, message.length);
        assertThat(bcVerifier.verifySignature(token)).isTrue();

        RSAPrivateCrtKeyParameters privateKey = (RSAPrivateCrtKeyParameters) PrivateKeyFactory.createKey(signer.encodePrivate());
        PSSSigner bcSigner = new PSSSigner(new RSAEngine(), new SHA384Digest(), 48);
        bcSigner.init(true, new ParametersWithRandom(privateKey, RANDOM));
        bcSigner.update(message, 0, message.length);
        byte[] bcSignature = bcSigner.generateSignature();
        assertThat(key.verify(message, bcSignature)).isTrue();
        message[0] ^= 1;
        assertThat(key.verify(message, bcSignature)).isFalse();
    }

    @Test
    void verifyReturnsFalseForSignaturesOfTheWrongSizeOrNotBelowTheModulus() {
        byte[] message = prepared("R1");
        assertThat(key.verify(message, new byte[383])).isFalse();
        assertThat(key.verify(message, new byte[385])).isFalse();
        assertThat(key.verify(message, RsaIntegers.i2osp(key.n(), 384))).isFalse();
        assertThat(key.verify(message, new byte[384])).isFalse();
        assertThat(key.verify(null, new byte[384])).isFalse();
    }

    /**
     * The blinding pair is squared between signatures and drawn afresh every BLINDING_REFRESH: across
     * several refreshes, from four threads at once, every blind signature is exactly m^d mod n
     * computed without any blinding (a wrong or shared pair would give another number).
     */
    @Test
    void everyBlindSignatureIsTheUnblindedRsaResultAcrossBlindingRefreshesAndThreads() throws Exception {
        var crt = (RSAPrivateCrtKeyParameters) PrivateKeyFactory.createKey(signer.encodePrivate());
        int perThread = BlindSigner.BLINDING_REFRESH * 2 + 5;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    int checked = 0;
                    for (int i = 0; i < perThread; i++) {
                        BigInteger m = new BigInteger(3071, random);
                        byte[] blinded = RsaIntegers.i2osp(m, key.modulusLength());
                        BigInteger expected = m.modPow(crt.getExponent(), crt.getModulus());
                        assertThat(RsaIntegers.os2ip(signer.blindSign(blinded))).isEqualTo(expected);
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (var f : done) {
                total += f.get(5, java.util.concurrent.TimeUnit.MINUTES);
            }
            assertThat(total).isEqualTo(4 * perThread);
        } finally {
            pool.shutdownNow();
        }
    }
}
