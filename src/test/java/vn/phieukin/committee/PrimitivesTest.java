package vn.phieukin.committee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;
import vn.phieukin.ballot.Base64Url;

class PrimitivesTest {

    private final Randomness random = new DeterministicRandomness("primitives-test");

    @Test
    void theCurveIsP256AsTheNamedCurveTableDefinesIt() {
        X9ECParameters named = ECNamedCurveTable.getByName("P-256");
        assertThat(Group.ORDER).isEqualTo(named.getN());
        assertThat(Group.CURVE.getField().getCharacteristic()).isEqualTo(named.getCurve().getField().getCharacteristic());
        assertThat(Group.CURVE.getA().toBigInteger()).isEqualTo(named.getCurve().getA().toBigInteger());
        assertThat(Group.CURVE.getB().toBigInteger()).isEqualTo(named.getCurve().getB().toBigInteger());
        assertThat(Group.G.getEncoded(true)).isEqualTo(named.getG().getEncoded(true));
        assertThat(Group.timesG(Group.ORDER.subtract(BigInteger.ONE)).add(Group.G).isInfinity()).isTrue();
    }

    @Test
    void pointsEncodeCompressedAndTheIdentityAsOneZeroByte() {
        ECPoint p = Group.timesG(random.scalar());
        byte[] bytes = Encoding.pointBytes(p);
        assertThat(bytes).hasSize(33);
        assertThat(bytes[0]).isIn((byte) 2, (byte) 3);
        assertThat(Encoding.decodePoint(bytes)).isEqualTo(p);
        assertThat(Encoding.pointBytes(Group.identity())).containsExactly(0);
        assertThat(Encoding.decodePoint(new byte[] {0}).isInfinity()).isTrue();
        assertThat(Encoding.pointFromText(Encoding.pointText(p))).isEqualTo(p);
    }

    @Test
    void badPointsAreRefused() {
        ECPoint p = Group.timesG(random.scalar());
        byte[] good = p.getEncoded(true);
        assertThatThrownBy(() -> Encoding.decodePoint(p.getEncoded(false))).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> Encoding.decodePoint(java.util.Arrays.copyOf(good, 32))).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> Encoding.decodePoint(new byte[0])).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> Encoding.decodePoint(new byte[] {0, 0})).isInstanceOf(InvalidEncodingException.class);
        byte[] badPrefix = good.clone();
        badPrefix[0] = 0x05;
        assertThatThrownBy(() -> Encoding.decodePoint(badPrefix)).isInstanceOf(InvalidEncodingException.class);
        byte[] allOnes = new byte[33];
        java.util.Arrays.fill(allOnes, (byte) 0xff);
        allOnes[0] = 0x02;
        assertThatThrownBy(() -> Encoding.decodePoint(allOnes)).as("x >= p").isInstanceOf(InvalidEncodingException.class);
        // about half of all x have no point: find one
        int refused = 0;
        for (int x = 1; x < 40; x++) {
            byte[] candidate = new byte[33];
            candidate[0] = 0x02;
            candidate[32] = (byte) x;
            try {
                assertThat(Encoding.decodePoint(candidate).isValid()).isTrue();
            } catch (InvalidEncodingException e) {
                refused++;
            }
        }
        assertThat(refused).as("x-coordinates without a curve point are refused").isGreaterThan(5);
        assertThatThrownBy(() -> Encoding.pointFromText(Base64Url.encode(good) + "=")).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> Encoding.pointFromText(null)).isInstanceOf(InvalidEncodingException.class);
    }

    @Test
    void scalarsAreThirtyTwoBytesBigEndianBelowQ() {
        assertThat(Encoding.scalarBytes(BigInteger.ONE)).hasSize(32).endsWith(1).startsWith(0);
        BigInteger qMinus1 = Group.ORDER.subtract(BigInteger.ONE);
        assertThat(Encoding.decodeScalar(Encoding.scalarBytes(qMinus1))).isEqualTo(qMinus1);
        byte[] q = Encoding.scalarBytesUnchecked(Group.ORDER);
        assertThatThrownBy(() -> Encoding.decodeScalar(q)).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> Encoding.decodeScalar(new byte[31])).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> Encoding.decodeScalar(new byte[33])).isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> Encoding.scalarBytes(Group.ORDER)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hqIsSha512OfTagZeroAndLengthPrefixedPartsModQ() throws Exception {
        ECPoint p = Group.timesG(BigInteger.valueOf(7));
        MessageDigest sha = MessageDigest.getInstance("SHA-512");
        sha.update("phieukin/iprove/v2".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        byte[] s = "ngữ cảnh".getBytes(StandardCharsets.UTF_8);
        sha.update(new byte[] {0, 0, 0, (byte) s.length});
        sha.update(s);
        sha.update(new byte[] {0, 0, 0, 33});
        sha.update(p.getEncoded(true));
        sha.update(new byte[] {0, 0, 0, 1, 0});
        sha.update(new byte[] {0, 0, 0, 32});
        sha.update(Encoding.scalarBytes(BigInteger.TEN));
        BigInteger expected = new BigInteger(1, sha.digest()).mod(Group.ORDER);
        assertThat(Hq.hash(Hq.IPROVE, "ngữ cảnh", p, Group.identity(), BigInteger.TEN)).isEqualTo(expected);
        assertThat(Hq.hash(Hq.IPROVE, "ab", "c")).isNotEqualTo(Hq.hash(Hq.IPROVE, "a", "bc"));
    }

    @Test
    void ciphertextsAddToTheEncryptionOfTheSum() {
        JointKey key = new JointKey(Group.timesG(random.scalar()));
        BigInteger r1 = random.scalar();
        BigInteger r2 = random.scalar();
        assertThat(key.encrypt(3, r1).add(key.encrypt(4, r2))).isEqualTo(key.encrypt(7, r1.add(r2).mod(Group.ORDER)));
        assertThat(Ciphertext.ZERO.add(key.encrypt(1, r1))).isEqualTo(key.encrypt(1, r1));
        assertThat(Ciphertext.fromJson(key.encrypt(2, r1).toJson())).isEqualTo(key.encrypt(2, r1));
    }

    @Test
    void anIntervalProofHoldsForItsCiphertextAndContextOnly() {
        JointKey key = new JointKey(Group.timesG(random.scalar()));
        long[] range = IntervalProof.range(3);
        for (long m = 0; m <= 3; m++) {
            BigInteger r = random.scalar();
            Ciphertext ct = key.encrypt(m, r);
            List<ChallengeResponse> proof = IntervalProof.prove(key, "S", ct, r, m, range, random);
            assertThat(IntervalProof.verify(key, "S", ct, range, proof)).isTrue();
            assertThat(IntervalProof.verify(key, "S'", ct, range, proof)).as("another context").isFalse();
            assertThat(IntervalProof.verify(key, "S", ct.add(key.encrypt(1, BigInteger.ZERO)), range, proof))
                    .as("the ciphertext moved by one").isFalse();
            assertThat(IntervalProof.verify(key, "S", ct, IntervalProof.range(4), proof)).as("another list").isFalse();
            List<ChallengeResponse> tampered = new ArrayList<>(proof);
            ChallengeResponse first = tampered.get(0);
            tampered.set(0, new ChallengeResponse(first.c(), first.s().add(BigInteger.ONE).mod(Group.ORDER)));
            assertThat(IntervalProof.verify(key, "S", ct, range, tampered)).isFalse();
            JointKey other = new JointKey(Group.timesG(random.scalar()));
            assertThat(IntervalProof.verify(other, "S", ct, range, proof)).as("another key").isFalse();
        }
        BigInteger r = random.scalar();
        assertThatThrownBy(() -> IntervalProof.prove(key, "S", key.encrypt(4, r), r, 4, range, random))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aProofOfTheWrongPlaintextDoesNotVerify() {
        // A cheating prover who claims Enc(2) is in [0, 1] by proving as if it were 1.
        JointKey key = new JointKey(Group.timesG(random.scalar()));
        BigInteger r = random.scalar();
        Ciphertext two = key.encrypt(2, r);
        List<ChallengeResponse> forged = IntervalProof.prove(key, "S", two, r, 1, new long[] {0, 1}, random);
        assertThat(IntervalProof.verify(key, "S", two, new long[] {0, 1}, forged)).isFalse();
    }

    @Test
    void theSchnorrProofShowsKnowledgeOfTheConstantTerm() {
        String ctx = SchnorrProof.context("K1", 3, 2);
        assertThat(ctx).isEqualTo("K1|3|2");
        BigInteger a0 = random.scalar();
        SchnorrProof pok = SchnorrProof.prove(ctx, a0, random);
        assertThat(pok.verify(ctx, Group.timesG(a0))).isTrue();
        assertThat(pok.verify("K1|3|3", Group.timesG(a0))).isFalse();
        assertThat(pok.verify(ctx, Group.timesG(a0.add(BigInteger.ONE)))).isFalse();
        assertThat(SchnorrProof.fromJson(pok.toJson())).isEqualTo(pok);
    }

    @Test
    void sharesMatchTheirDealersCommitmentsAndGiveTheVerificationKeys() {
        int n = 3;
        int k = 2;
        List<Polynomial> polys = new ArrayList<>();
        List<List<ECPoint>> commitments = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Polynomial f = Polynomial.random(k, random);
            polys.add(f);
            commitments.add(f.commitments());
        }
        for (int j = 1; j <= n; j++) {
            List<BigInteger> received = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                BigInteger share = polys.get(i).at(j);
                assertThat(Feldman.shareMatches(j, share, commitments.get(i))).isTrue();
                assertThat(Feldman.shareMatches(j, share.add(BigInteger.ONE), commitments.get(i))).isFalse();
                assertThat(Feldman.shareMatches(j == n ? 1 : j + 1, share, commitments.get(i))).isFalse();
                received.add(share);
            }
            assertThat(Feldman.verificationKey(j, commitments)).isEqualTo(Group.timesG(Feldman.keyShare(received)));
        }
        BigInteger secret = polys.stream().map(Polynomial::secret).reduce(BigInteger.ZERO, BigInteger::add).mod(Group.ORDER);
        assertThat(Feldman.jointKey(commitments).point()).isEqualTo(Group.timesG(secret));
    }

    @Test
    void decryptionSharesProveTheirCorrectnessAndCombineToThePlaintext() {
        int n = 3;
        Polynomial f = Polynomial.random(2, random);
        JointKey key = new JointKey(Group.timesG(f.secret()));
        BigInteger r = random.scalar();
        Ciphertext ct = key.encrypt(42, r);
        Map<Integer, ECPoint> d = new java.util.TreeMap<>();
        for (int j = 1; j <= n; j++) {
            DecryptionShare share = DecryptionShare.create("R1", "P1|C1", f.at(j), ct.alpha(), random);
            ECPoint sj = Group.timesG(f.at(j));
            assertThat(share.verify("R1", "P1|C1", sj, ct.alpha())).isTrue();
            assertThat(share.verify("R1", "P1|C2", sj, ct.alpha())).as("another slot").isFalse();
            assertThat(share.verify("R2", "P1|C1", sj, ct.alpha())).as("another round").isFalse();
            assertThat(share.verify("R1", "P1|C1", Group.timesG(f.at(j + 1)), ct.alpha())).as("another member's key").isFalse();
            DecryptionShare wrongD = new DecryptionShare(share.d().add(Group.G), share.c(), share.s());
            assertThat(wrongD.verify("R1", "P1|C1", sj, ct.alpha())).isFalse();
            assertThat(DecryptionShare.fromJson(share.toJson())).isEqualTo(share);
            d.put(j, share.d());
        }
        for (List<Integer> q : List.of(List.of(1, 2), List.of(1, 3), List.of(2, 3), List.of(1, 2, 3))) {
            Map<Integer, ECPoint> subset = new java.util.TreeMap<>();
            q.forEach(j -> subset.put(j, d.get(j)));
            assertThat(Lagrange.decrypt(ct, subset, 250)).as("Q = %s", q).isEqualTo(42);
        }
        assertThat(Lagrange.decrypt(ct, Map.of(1, d.get(1)), 250)).as("one of a 2-of-3 committee").isEqualTo(-1);
        assertThat(Lagrange.decrypt(ct, Map.of(1, d.get(1), 2, d.get(2)), 41)).as("above max").isEqualTo(-1);
    }

    @Test
    void lagrangeCoefficientsInterpolateAtZero() {
        Map<Integer, BigInteger> lambda = Lagrange.coefficients(List.of(1, 3));
        // f(x) = 5 + 2x: f(1) = 7, f(3) = 11 -> λ1·7 + λ3·11 = 5
        assertThat(lambda.get(1).multiply(BigInteger.valueOf(7)).add(lambda.get(3).multiply(BigInteger.valueOf(11)))
                .mod(Group.ORDER)).isEqualTo(BigInteger.valueOf(5));
        assertThatThrownBy(() -> Lagrange.coefficients(List.of(1, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Lagrange.coefficients(List.of(0, 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void babyStepGiantStepFindsEveryValueUpToMaxAndNothingBeyond() {
        for (long max : new long[] {0, 1, 2, 15, 16, 17, 250}) {
            for (long m = 0; m <= max; m++) {
                assertThat(DiscreteLog.solve(Group.timesG(m), max)).isEqualTo(m);
            }
            assertThat(DiscreteLog.solve(Group.timesG(max + 1), max)).isEqualTo(-1);
        }
        assertThat(DiscreteLog.solve(Group.timesG(100_000), 100_000)).isEqualTo(100_000);
        assertThat(DiscreteLog.solve(Group.timesG(random.scalar()), 1000)).isEqualTo(-1);
    }

    @Test
    void sharesEncryptedToAMemberOpenOnlyWithItsKey() {
        ShareEncryption.KeyPair dealer = ShareEncryption.KeyPair.generate(random);
        ShareEncryption.KeyPair addressee = ShareEncryption.KeyPair.generate(random);
        ShareEncryption.KeyPair other = ShareEncryption.KeyPair.generate(random);
        BigInteger share = random.scalar();
        ShareEncryption.EncryptedShare sealed = ShareEncryption.encrypt(dealer, addressee.publicKey(), "K1|3|2", 1, 2, share, new SecureRandom());
        assertThat(sealed.ciphertext()).hasSize(48);
        assertThat(ShareEncryption.decrypt(addressee, dealer.publicKey(), "K1|3|2", sealed)).isEqualTo(share);
        assertThatThrownBy(() -> ShareEncryption.decrypt(other, dealer.publicKey(), "K1|3|2", sealed))
                .isInstanceOf(InvalidEncodingException.class);
        assertThatThrownBy(() -> ShareEncryption.decrypt(addressee, dealer.publicKey(), "K1|3|3", sealed))
                .as("another ctx").isInstanceOf(InvalidEncodingException.class);
        ShareEncryption.EncryptedShare misaddressed = new ShareEncryption.EncryptedShare(1, 3, sealed.iv(), sealed.ciphertext());
        assertThatThrownBy(() -> ShareEncryption.decrypt(addressee, dealer.publicKey(), "K1|3|2", misaddressed))
                .as("from/to are bound by the info").isInstanceOf(InvalidEncodingException.class);
        byte[] flipped = sealed.ciphertext();
        flipped[5] ^= 1;
        assertThatThrownBy(() -> ShareEncryption.decrypt(addressee, dealer.publicKey(), "K1|3|2",
                new ShareEncryption.EncryptedShare(1, 2, sealed.iv(), flipped))).isInstanceOf(InvalidEncodingException.class);
        assertThat(ShareEncryption.EncryptedShare.fromJson(sealed.toJson()).ciphertext()).isEqualTo(sealed.ciphertext());
        assertThat(ShareEncryption.parseSpki(addressee.shareKey())).isEqualTo(addressee.publicKey());
        assertThat(Base64Url.decode(addressee.shareKey())).hasSize(91);
    }

    @Test
    void theFingerprintIsSixteenHexDigitsOfTheTranscriptAndChangesWithAnyKey() {
        List<CommitteeTranscript.Member> members = new ArrayList<>();
        String ctx = SchnorrProof.context("K1", 2, 2);
        for (int i = 1; i <= 2; i++) {
            Polynomial f = Polynomial.random(2, random);
            members.add(new CommitteeTranscript.Member(i, "Thành viên " + i, ShareEncryption.KeyPair.generate(random).shareKey(),
                    f.commitments(), SchnorrProof.prove(ctx, f.secret(), random)));
        }
        String fp = CommitteeTranscript.fingerprint(members);
        assertThat(fp).matches("[0-9a-f]{16}");
        assertThat(CommitteeTranscript.grouped(fp)).matches("[0-9a-f]{4}( [0-9a-f]{4}){3}");
        assertThat(CommitteeTranscript.check("K1", 2, members)).isNull();
        assertThat(CommitteeTranscript.check("K2", 2, members)).contains("Schnorr");
        CommitteeTranscript.Member m = members.get(1);
        List<CommitteeTranscript.Member> substituted = List.of(members.get(0), new CommitteeTranscript.Member(2, m.fullName(),
                ShareEncryption.KeyPair.generate(random).shareKey(), m.commitments(), m.pok()));
        assertThat(CommitteeTranscript.fingerprint(substituted)).isNotEqualTo(fp);
        assertThat(HexFormat.of().parseHex(fp)).hasSize(8);
    }
}
