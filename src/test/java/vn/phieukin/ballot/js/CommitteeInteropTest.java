package vn.phieukin.ballot.js;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.phieukin.committee.BallotCheck;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.Ciphertext;
import vn.phieukin.committee.CommitteeTranscript;
import vn.phieukin.committee.DecryptionShare;
import vn.phieukin.committee.DiscreteLog;
import vn.phieukin.committee.EncryptedBallot;
import vn.phieukin.committee.Encoding;
import vn.phieukin.committee.Feldman;
import vn.phieukin.committee.Group;
import vn.phieukin.committee.JointKey;
import vn.phieukin.committee.Lagrange;
import vn.phieukin.committee.Polynomial;
import vn.phieukin.committee.Randomness;
import vn.phieukin.committee.SchnorrProof;
import vn.phieukin.committee.ShareEncryption;

/**
 * Protocol v2 between the browser's JavaScript (web/js/crypto/committee.js and shares.js, driven
 * through src/test/js/committee-bridge.mjs in Node) and the server's Java (vn.phieukin.committee):
 * ballots encrypted on the tablet verify in Java and the other way round, and a committee whose
 * member 1 is a JavaScript device and members 2 and 3 are Java completes the ceremony and decrypts.
 */
class CommitteeInteropTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BRIDGE = "src/test/js/committee-bridge.mjs";
    private static final String TOKEN_KEY = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE-interop";

    private final Randomness random = Randomness.secure();
    private final BigInteger secret = random.scalar();
    private final JointKey key = new JointKey(Group.timesG(secret));
    private Node.Session js;

    @BeforeEach
    void start() {
        Node.assumePresent();
        js = new Node.Session(BRIDGE);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (js != null) {
            js.close();
        }
    }

    private static ObjectNode nominationLayout() {
        ObjectNode layout = JSON.createObjectNode();
        layout.put("kind", "NOMINATION");
        ArrayNode sections = layout.putArray("sections");
        for (int p = 1; p <= 3; p++) {
            ObjectNode s = sections.addObject();
            s.put("position", "P" + p);
            ArrayNode c = s.putArray("candidates");
            for (String id : List.of("C7", "C12", "C3", "C1", "Cđ")) {
                c.add(id + "-" + p);
            }
            s.put("maxSelections", p);
        }
        return layout;
    }

    private static BallotLayout.Nomination javaLayout(JsonNode layout) {
        List<BallotLayout.Section> sections = new ArrayList<>();
        for (JsonNode s : layout.get("sections")) {
            List<String> candidates = new ArrayList<>();
            s.get("candidates").forEach(c -> candidates.add(c.textValue()));
            sections.add(new BallotLayout.Section(s.get("position").textValue(), candidates, s.get("maxSelections").intValue()));
        }
        return new BallotLayout.Nomination(sections);
    }

    @Test
    void aNominationBallotEncryptedInJavaScriptVerifiesInJavaAndOpensToTheChoices() throws Exception {
        ObjectNode layout = nominationLayout();
        ObjectNode choices = JSON.createObjectNode();
        choices.putArray("P2").add("C12-2").add("Cđ-2");
        choices.putArray("P3").add("C1-3");
        JsonNode body = ask(Map.of("op", "encryptBallot", "layout", layout, "roundId", "R-bước-2", "tokenKey", TOKEN_KEY,
                "jointKey", key.text(), "choices", choices)).get("body");
        BallotLayout.Nomination java = javaLayout(layout);

        BallotCheck check = EncryptedBallot.verify(java, "R-bước-2", TOKEN_KEY, key, body);
        assertThat(check.isValid()).withFailMessage("%s", check).isTrue();
        Map<String, Long> opened = new LinkedHashMap<>();
        ((BallotCheck.Valid) check).slots().forEach((name, ct) -> opened.put(name, open(ct)));
        Set<String> chosen = Set.of("P2|C12-2", "P2|Cđ-2", "P3|C1-3");
        opened.forEach((name, m) -> assertThat(m).as(name).isEqualTo(chosen.contains(name) ? 1L : 0L));
        assertThat(opened).hasSize(15);

        assertThat(EncryptedBallot.verify(java, "R-bước-2", TOKEN_KEY + "2", key, body).isValid())
                .as("the same ciphertexts under another token").isFalse();
    }

    @Test
    void aRemovalBallotEncryptedInJavaScriptVerifiesInJava() throws Exception {
        ObjectNode layout = JSON.createObjectNode();
        layout.put("kind", "REMOVAL");
        layout.putArray("lines").add("L01").add("L02").add("L03");
        ObjectNode choices = JSON.createObjectNode().put("L01", "DISAGREE").put("L03", "AGREE");
        JsonNode body = ask(Map.of("op", "encryptBallot", "layout", layout, "roundId", "R1", "tokenKey", TOKEN_KEY,
                "jointKey", key.text(), "choices", choices)).get("body");
        BallotCheck check = EncryptedBallot.verify(new BallotLayout.Removal(List.of("L01", "L02", "L03")), "R1", TOKEN_KEY, key, body);
        assertThat(check.isValid()).withFailMessage("%s", check).isTrue();
        assertThat(((BallotCheck.Valid) check).slots().values().stream().map(this::open).toList())
                .containsExactly(0L, 1L, 0L, 0L, 1L, 0L);
    }

    @Test
    void aBallotEncryptedInJavaVerifiesInJavaScriptWithTheSameSlots() throws Exception {
        ObjectNode layout = nominationLayout();
        BallotLayout.Nomination java = javaLayout(layout);
        ObjectNode body = EncryptedBallot.encryptNomination(java, "R1", TOKEN_KEY, key,
                Map.of("P1", List.of("C3-1"), "P3", List.of("C7-3", "C12-3", "C1-3")), random);
        JsonNode answer = ask(Map.of("op", "verifyBallot", "layout", layout, "roundId", "R1", "tokenKey", TOKEN_KEY,
                "jointKey", key.text(), "body", body));
        assertThat(answer.get("valid").booleanValue()).withFailMessage("%s", answer).isTrue();
        BallotCheck.Valid check = (BallotCheck.Valid) EncryptedBallot.verify(java, "R1", TOKEN_KEY, key, body);
        ObjectNode javaSlots = JSON.createObjectNode();
        check.slots().forEach((name, ct) -> javaSlots.set(name, ct.toJson()));
        assertThat(answer.get("slots")).isEqualTo(javaSlots);

        ((ObjectNode) body.at("/sections/2/slots/0")).put("beta", Encoding.pointText(
                Encoding.pointFromText(body.at("/sections/2/slots/0/beta").textValue()).add(Group.generator())));
        JsonNode tampered = ask(Map.of("op", "verifyBallot", "layout", layout, "roundId", "R1", "tokenKey", TOKEN_KEY,
                "jointKey", key.text(), "body", body));
        assertThat(tampered.get("field").textValue()).isEqualTo("/sections/2/slots/0/proof");
        assertThat(EncryptedBallot.verify(java, "R1", TOKEN_KEY, key, body)).isEqualTo(
                new BallotCheck.Invalid("/sections/2/slots/0/proof", "the slot proof does not hold"));
    }

    @Test
    void aCommitteeOfOneJavaScriptAndTwoJavaDevicesCompletesTheCeremonyAndDecrypts() throws Exception {
        int n = 3;
        int k = 2;
        String ctx = SchnorrProof.context("K-interop", n, k);
        SecureRandom ivs = new SecureRandom();
        // Keys: member 1 in JavaScript (WebCrypto), 2 and 3 in Java.
        String shareKey1 = ask(Map.of("op", "memberKey")).get("shareKey").textValue();
        ShareEncryption.KeyPair[] javaKeys = {null, null, ShareEncryption.KeyPair.generate(random), ShareEncryption.KeyPair.generate(random)};
        Map<Integer, String> shareKeys = Map.of(1, shareKey1, 2, javaKeys[2].shareKey(), 3, javaKeys[3].shareKey());

        // Deal: member 1 deals in JavaScript to 2 and 3.
        JsonNode deal1 = ask(Map.of("op", "deal", "ctx", ctx, "index", 1, "k", k,
                "shareKeys", Map.of("2", shareKeys.get(2), "3", shareKeys.get(3))));
        List<ECPoint> commitments1 = points(deal1.get("commitments"));
        SchnorrProof pok1 = SchnorrProof.fromJson(deal1.get("pok"));
        assertThat(pok1.verify(ctx, commitments1.get(0))).as("the JS dealer's Schnorr proof in Java").isTrue();
        Map<Integer, ShareEncryption.EncryptedShare> fromJs = new TreeMap<>();
        for (JsonNode s : deal1.get("shares")) {
            ShareEncryption.EncryptedShare share = ShareEncryption.EncryptedShare.fromJson(s);
            fromJs.put(share.to(), share);
        }
        // Java members 2 and 3 deal.
        Map<Integer, Polynomial> polys = new TreeMap<>();
        for (int i = 2; i <= 3; i++) {
            polys.put(i, Polynomial.random(k, random));
        }
        // Check (Java side): shares dealt in JS open and match the JS commitments.
        Map<Integer, List<BigInteger>> received = new TreeMap<>();
        for (int j = 2; j <= 3; j++) {
            BigInteger share = ShareEncryption.decrypt(javaKeys[j], ShareEncryption.parseSpki(shareKey1), ctx, fromJs.get(j));
            assertThat(Feldman.shareMatches(j, share, commitments1)).as("JS dealer's share to member %d", j).isTrue();
            assertThat(Feldman.shareMatches(j, share.add(BigInteger.ONE).mod(Group.ORDER), commitments1)).isFalse();
            List<BigInteger> mine = new ArrayList<>(List.of(share));
            for (int i = 2; i <= 3; i++) {
                mine.add(polys.get(i).at(j));
            }
            received.put(j, mine);
        }
        // Check (JS side): shares dealt in Java, encrypted in Java to member 1's WebCrypto key.
        ArrayNode dealers = JSON.createArrayNode();
        for (int i = 2; i <= 3; i++) {
            ObjectNode d = dealers.addObject();
            d.put("index", i);
            d.put("shareKey", javaKeys[i].shareKey());
            ArrayNode c = d.putArray("commitments");
            polys.get(i).commitments().forEach(p -> c.add(Encoding.pointText(p)));
            d.set("share", ShareEncryption.encrypt(javaKeys[i], ShareEncryption.parseSpki(shareKey1), ctx, i, 1, polys.get(i).at(1), ivs).toJson());
        }
        JsonNode accepted = ask(Map.of("op", "receive", "ctx", ctx, "index", 1, "dealers", dealers));
        assertThat(accepted.has("error")).withFailMessage("%s", accepted).isFalse();

        List<List<ECPoint>> all = List.of(commitments1, polys.get(2).commitments(), polys.get(3).commitments());
        assertThat(Encoding.pointFromText(accepted.get("verificationKey").textValue()))
                .as("member 1's verification key, from its JS key share and from the commitments").isEqualTo(Feldman.verificationKey(1, all));
        JointKey joint = Feldman.jointKey(all);

        // The fingerprint agrees between the two implementations.
        List<CommitteeTranscript.Member> transcript = new ArrayList<>();
        transcript.add(new CommitteeTranscript.Member(1, "Nguyễn Văn An", shareKey1, commitments1, pok1));
        for (int i = 2; i <= 3; i++) {
            transcript.add(new CommitteeTranscript.Member(i, "Thành viên " + i, javaKeys[i].shareKey(), polys.get(i).commitments(),
                    SchnorrProof.prove(ctx, polys.get(i).secret(), random)));
        }
        assertThat(CommitteeTranscript.check("K-interop", k, transcript)).isNull();
        ArrayNode members = CommitteeTranscript.json(transcript);
        assertThat(ask(Map.of("op", "fingerprint", "members", members)).get("fingerprint").textValue())
                .isEqualTo(CommitteeTranscript.fingerprint(transcript));

        // A slot's encrypted tally of 5 votes: JS member 1 and Java member 3 decrypt it.
        Ciphertext tally = Ciphertext.ZERO;
        for (long m : new long[] {1, 1, 0, 1, 1, 0, 1}) {
            tally = tally.add(joint.encrypt(m, random.scalar()));
        }
        DecryptionShare d1 = DecryptionShare.fromJson(ask(Map.of("op", "decrypt", "roundId", "R1", "slot", "P1|C3",
                "alpha", Encoding.pointText(tally.alpha()))));
        ECPoint s1 = Feldman.verificationKey(1, all);
        assertThat(d1.verify("R1", "P1|C3", s1, tally.alpha())).as("the JS member's decryption proof in Java").isTrue();
        assertThat(d1.verify("R1", "P1|C4", s1, tally.alpha())).isFalse();
        BigInteger keyShare3 = Feldman.keyShare(received.get(3));
        DecryptionShare d3 = DecryptionShare.create("R1", "P1|C3", keyShare3, tally.alpha(), random);
        assertThat(d3.verify("R1", "P1|C3", Feldman.verificationKey(3, all), tally.alpha())).isTrue();
        assertThat(Lagrange.decrypt(tally, Map.of(1, d1.d(), 3, d3.d()), 7)).isEqualTo(5);
        assertThat(Lagrange.decrypt(tally, Map.of(1, d1.d()), 7)).as("one member of a 2-of-3 committee alone").isEqualTo(-1);
    }

    private long open(Ciphertext ct) {
        return DiscreteLog.solve(ct.beta().subtract(Group.times(ct.alpha(), secret)), 10);
    }

    private static List<ECPoint> points(JsonNode array) {
        List<ECPoint> out = new ArrayList<>();
        array.forEach(p -> out.add(Encoding.pointFromText(p.textValue())));
        return out;
    }

    private JsonNode ask(Map<String, ?> command) throws Exception {
        JsonNode answer = JSON.readTree(js.ask(JSON.writeValueAsString(command)));
        assertThat(answer.has("error")).withFailMessage("node failed %s: %s", command.get("op"), answer).isFalse();
        return answer;
    }
}
