package vn.phieukin.committee;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EncryptedBallotTest {

    private static final String TOKEN_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE-token-key-text";
    private final Randomness random = new DeterministicRandomness("ballot-test");
    private final BigInteger secret = random.scalar();
    private final JointKey key = new JointKey(Group.timesG(secret));
    private final BallotLayout.Nomination nomination = new BallotLayout.Nomination(List.of(
            new BallotLayout.Section("P1", List.of("C3", "C1", "C2"), 2),
            new BallotLayout.Section("P2", List.of("C4"), 1),
            new BallotLayout.Section("P3", List.of(), 1)));
    private final BallotLayout.Removal removal = new BallotLayout.Removal(List.of("L01", "L02", "L03"));

    @Test
    void aNominationBallotVerifiesAndItsSlotsDecryptToThePicks() {
        ObjectNode body = EncryptedBallot.encryptNomination(nomination, "R1", TOKEN_KEY, key,
                Map.of("P1", Set.of("C3", "C1"), "P2", Set.of()), random);
        assertThat(body.at("/sections/0/cadres").toString()).isEqualTo("[\"C1\",\"C2\",\"C3\"]");
        BallotCheck check = EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, body);
        assertThat(check).isInstanceOf(BallotCheck.Valid.class);
        Map<String, Ciphertext> slots = ((BallotCheck.Valid) check).slots();
        assertThat(slots.keySet()).containsExactly("P1|C1", "P1|C2", "P1|C3", "P2|C4");
        assertThat(nomination.slotNames()).containsExactlyElementsOf(slots.keySet());
        assertThat(decrypt(slots.get("P1|C1"))).isEqualTo(1);
        assertThat(decrypt(slots.get("P1|C2"))).isEqualTo(0);
        assertThat(decrypt(slots.get("P1|C3"))).isEqualTo(1);
        assertThat(decrypt(slots.get("P2|C4"))).isEqualTo(0);
    }

    @Test
    void aRemovalBallotVerifiesAndItsSlotsDecryptToTheVotes() {
        ObjectNode body = EncryptedBallot.encryptRemoval(removal, "R2", TOKEN_KEY, key,
                Map.of("L01", "AGREE", "L02", "DISAGREE"), random);
        BallotCheck check = EncryptedBallot.verify(removal, "R2", TOKEN_KEY, key, body);
        assertThat(check.isValid()).isTrue();
        Map<String, Ciphertext> slots = ((BallotCheck.Valid) check).slots();
        assertThat(slots.keySet()).containsExactly("L01|AGREE", "L01|DISAGREE", "L02|AGREE", "L02|DISAGREE",
                "L03|AGREE", "L03|DISAGREE");
        assertThat(slots.values().stream().map(this::decrypt).toList()).containsExactly(1L, 0L, 0L, 1L, 0L, 0L);
    }

    @Test
    void aBallotIsBoundToItsRoundAndItsToken() {
        ObjectNode body = EncryptedBallot.encryptNomination(nomination, "R1", TOKEN_KEY, key, Map.of("P1", Set.of("C2")), random);
        assertThat(invalid(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY + "x", key, body)).field())
                .as("a ciphertext copied into a ballot with another token").isEqualTo("/sections/0/slots/0/proof");
        ObjectNode otherRound = body.deepCopy();
        otherRound.put("round", "R9");
        assertThat(invalid(EncryptedBallot.verify(nomination, "R9", TOKEN_KEY, key, otherRound)).field())
                .isEqualTo("/sections/0/slots/0/proof");
        assertThat(invalid(EncryptedBallot.verify(nomination, "R9", TOKEN_KEY, key, body)).field()).isEqualTo("/round");
    }

    @Test
    void tooManyPicksCannotBeProven() {
        // A tablet that encrypts three picks for a section of at most two: built against a layout
        // that allows three, it fails the real round's sum proof.
        BallotLayout.Nomination lax = new BallotLayout.Nomination(List.of(
                new BallotLayout.Section("P1", List.of("C1", "C2", "C3"), 3),
                new BallotLayout.Section("P2", List.of("C4"), 1),
                new BallotLayout.Section("P3", List.of(), 1)));
        ObjectNode body = EncryptedBallot.encryptNomination(lax, "R1", TOKEN_KEY, key, Map.of("P1", Set.of("C1", "C2", "C3")), random);
        assertThat(invalid(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, body)).field()).isEqualTo("/sections/0/sumProof");
        assertThatThrownBy(() -> EncryptedBallot.encryptNomination(nomination, "R1", TOKEN_KEY, key,
                Map.of("P1", Set.of("C1", "C2", "C3")), random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EncryptedBallot.encryptNomination(nomination, "R1", TOKEN_KEY, key,
                Map.of("P1", Set.of("C9")), random)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRemovalLineWithBothAgreeAndDisagreeFailsItsSumProof() {
        // Build line sums by hand: AGREE=1 and DISAGREE=1 each prove [0,1], the sum 2 cannot.
        String base = EncryptedBallot.baseContext("R2", TOKEN_KEY);
        ObjectNode body = EncryptedBallot.encryptRemoval(removal, "R2", TOKEN_KEY, key, Map.of(), random);
        ObjectNode line = (ObjectNode) body.at("/lines/0");
        BigInteger r1 = random.scalar();
        BigInteger r2 = random.scalar();
        Ciphertext c1 = key.encrypt(1, r1);
        Ciphertext c2 = key.encrypt(1, r2);
        ObjectNode agree = c1.toJson();
        agree.set("proof", ChallengeResponse.toJson(IntervalProof.prove(key, base + "|L01|AGREE", c1, r1, 1, new long[] {0, 1}, random)));
        ObjectNode disagree = c2.toJson();
        disagree.set("proof", ChallengeResponse.toJson(IntervalProof.prove(key, base + "|L01|DISAGREE", c2, r2, 1, new long[] {0, 1}, random)));
        line.set("agree", agree);
        line.set("disagree", disagree);
        line.set("sumProof", ChallengeResponse.toJson(IntervalProof.prove(key, base + "|L01|sum", c1.add(c2),
                r1.add(r2).mod(Group.ORDER), 2, new long[] {0, 1, 2}, random).subList(0, 2)));
        assertThat(invalid(EncryptedBallot.verify(removal, "R2", TOKEN_KEY, key, body)).field()).isEqualTo("/lines/0/sumProof");
    }

    @Test
    void everyTamperingIsRefusedWithThePlaceItHappened() {
        ObjectNode good = EncryptedBallot.encryptNomination(nomination, "R1", TOKEN_KEY, key, Map.of("P1", Set.of("C2")), random);
        assertThat(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, good).isValid()).isTrue();

        ObjectNode b = good.deepCopy();
        ((ArrayNode) b.at("/sections/0/cadres")).set(0, "C9");
        assertThat(invalid(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, b)).field()).isEqualTo("/sections/0/cadres");

        b = good.deepCopy();
        ObjectNode slot0 = (ObjectNode) b.at("/sections/0/slots/0");
        ObjectNode slot1 = (ObjectNode) b.at("/sections/0/slots/1");
        JsonNode swap = slot0.deepCopy();
        ((ArrayNode) b.at("/sections/0/slots")).set(0, slot1.deepCopy());
        ((ArrayNode) b.at("/sections/0/slots")).set(1, swap);
        assertThat(invalid(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, b)).field())
                .as("two slots swapped").isEqualTo("/sections/0/slots/0/proof");

        b = good.deepCopy();
        String beta = b.at("/sections/0/slots/2/beta").textValue();
        ((ObjectNode) b.at("/sections/0/slots/2")).put("beta", Encoding.pointText(
                Encoding.pointFromText(beta).add(Group.G)));
        assertThat(invalid(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, b)).field()).isEqualTo("/sections/0/slots/2/proof");

        b = good.deepCopy();
        ((ObjectNode) b.at("/sections/0/slots/2")).put("alpha", "AAAA");
        assertThat(invalid(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, b)).field()).isEqualTo("/sections/0/slots/2");

        b = good.deepCopy();
        b.put("extra", 1);
        assertThat(invalid(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, b)).field()).isEqualTo("/extra");

        b = good.deepCopy();
        b.put("version", 1);
        assertThat(invalid(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, b)).field()).isEqualTo("/version");

        b = good.deepCopy();
        ((ArrayNode) b.get("sections")).remove(2);
        assertThat(invalid(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, b)).field()).isEqualTo("/sections");

        b = good.deepCopy();
        ((ObjectNode) b.at("/sections/1/sumProof/0")).put("c", Encoding.scalarText(Group.ORDER.subtract(BigInteger.ONE)));
        assertThat(invalid(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, b)).field()).isEqualTo("/sections/1/sumProof");

        b = good.deepCopy();
        ((ObjectNode) b.at("/sections/1/sumProof/0")).put("c", "_____________________________________________w");
        assertThat(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, b).isValid()).as("a scalar >= q").isFalse();

        assertThat(EncryptedBallot.verify(removal, "R1", TOKEN_KEY, key, good).isValid()).as("a nomination body for a removal round").isFalse();
        assertThat(EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, null).isValid()).isFalse();
    }

    @Test
    void theEncryptedTallyIsTheSlotwiseSum() {
        List<Map<String, Ciphertext>> ballots = new java.util.ArrayList<>();
        for (Set<String> picks : List.of(Set.of("C1"), Set.of("C1", "C3"), Set.<String>of())) {
            ObjectNode body = EncryptedBallot.encryptNomination(nomination, "R1", TOKEN_KEY, key, Map.of("P1", picks), random);
            ballots.add(((BallotCheck.Valid) EncryptedBallot.verify(nomination, "R1", TOKEN_KEY, key, body)).slots());
        }
        Map<String, Ciphertext> tally = EncryptedBallot.tally(nomination, ballots);
        assertThat(tally.values().stream().map(this::decrypt).toList()).containsExactly(2L, 0L, 1L, 0L);
        assertThat(EncryptedBallot.tally(nomination, List.of()).values()).containsOnly(Ciphertext.ZERO);
    }

    private long decrypt(Ciphertext ct) {
        return DiscreteLog.solve(ct.beta().subtract(Group.times(ct.alpha(), secret)), 100);
    }

    private static BallotCheck.Invalid invalid(BallotCheck check) {
        assertThat(check).isInstanceOf(BallotCheck.Invalid.class);
        return (BallotCheck.Invalid) check;
    }
}
