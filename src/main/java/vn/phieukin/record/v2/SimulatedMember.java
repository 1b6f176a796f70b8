package vn.phieukin.record.v2;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.committee.Ciphertext;
import vn.phieukin.committee.DecryptionShare;
import vn.phieukin.committee.Encoding;
import vn.phieukin.committee.Feldman;
import vn.phieukin.committee.Group;
import vn.phieukin.committee.Polynomial;
import vn.phieukin.committee.Randomness;
import vn.phieukin.committee.SchnorrProof;
import vn.phieukin.committee.ShareEncryption;

/**
 * A committee member's device simulated in Java, <b>for the demo and the tests only</b>: it
 * does what the page {@code /committee/} does on a member's own device (COMMITTEE.md key
 * ceremony and decryption), keeping its key share in this object's memory. A real committee
 * never runs this: each member's share must live only on that member's own device.
 */
public final class SimulatedMember {
    private final int index;
    private final SecureRandom secure;
    private final Randomness random;
    private final ShareEncryption.KeyPair ecdh;
    private Polynomial polynomial;
    private BigInteger share;

    public SimulatedMember(int index, SecureRandom random) {
        this.index = index;
        this.secure = random;
        this.random = Randomness.from(random);
        this.ecdh = ShareEncryption.KeyPair.generate(this.random);
    }

    public int index() {
        return index;
    }

    /** {@code POST /committee/key} body. */
    public Map<String, Object> keyRequest() {
        return Map.of("shareKey", ecdh.shareKey());
    }

    /** {@code POST /committee/deal} body for the committee {@code view} (GET /committee, status DEAL). */
    public Map<String, Object> dealRequest(JsonNode view) {
        int k = view.path("threshold").asInt();
        String ctx = view.path("context").asText();
        polynomial = Polynomial.random(k, random);
        List<String> commitments = new ArrayList<>();
        polynomial.commitments().forEach(c -> commitments.add(Encoding.pointText(c)));
        SchnorrProof pok = SchnorrProof.prove(ctx, polynomial.secret(), random);
        List<Map<String, Object>> shares = new ArrayList<>();
        for (JsonNode m : view.path("members")) {
            int j = m.path("index").asInt();
            if (j == index) {
                continue;
            }
            ShareEncryption.EncryptedShare s = ShareEncryption.encrypt(ecdh, ShareEncryption.parseSpki(m.path("shareKey").asText()),
                    ctx, index, j, polynomial.at(j), secure);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("to", j);
            item.put("iv", vn.phieukin.ballot.Base64Url.encode(s.iv()));
            item.put("ciphertext", vn.phieukin.ballot.Base64Url.encode(s.ciphertext()));
            shares.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commitments", commitments);
        body.put("pok", Map.of("T", Encoding.pointText(pok.t()), "z", Encoding.scalarText(pok.z())));
        body.put("shares", shares);
        return body;
    }

    /**
     * After every deal (status CHECK): decrypts and checks each share addressed here. Returns
     * {@code ["accept", {verificationKey}]} or {@code ["complaint", {against, reason}]}.
     */
    public Object[] check(JsonNode view) {
        String ctx = view.path("context").asText();
        List<BigInteger> received = new ArrayList<>();
        received.add(polynomial.at(index));
        for (JsonNode s : view.path("shares")) {
            int from = s.path("from").asInt();
            JsonNode dealer = null;
            for (JsonNode m : view.path("members")) {
                if (m.path("index").asInt() == from) {
                    dealer = m;
                }
            }
            BigInteger value;
            List<ECPoint> commitments = new ArrayList<>();
            try {
                ShareEncryption.EncryptedShare share = new ShareEncryption.EncryptedShare(from, index,
                        vn.phieukin.ballot.Base64Url.decode(s.path("iv").asText()),
                        vn.phieukin.ballot.Base64Url.decode(s.path("ciphertext").asText()));
                value = ShareEncryption.decrypt(ecdh, ShareEncryption.parseSpki(dealer.path("shareKey").asText()), ctx, share);
                dealer.path("commitments").forEach(c -> commitments.add(Encoding.pointFromText(c.asText())));
            } catch (IllegalArgumentException e) {
                return new Object[] {"complaint", Map.of("against", from, "reason", "Không giải mã được phần khóa")};
            }
            if (!Feldman.shareMatches(index, value, commitments)) {
                return new Object[] {"complaint", Map.of("against", from, "reason", "Phần khóa không khớp cam kết")};
            }
            received.add(value);
        }
        share = Feldman.keyShare(received);
        return new Object[] {"accept", Map.of("verificationKey", Encoding.pointText(Group.timesG(share)))};
    }

    /** {@code POST /rounds/{id}/decryption} body for an encrypted tally's {@code slots}. */
    public Map<String, Object> decryptionRequest(String roundId, JsonNode slots) {
        if (share == null) {
            throw new IllegalStateException("no key share yet");
        }
        Map<String, Object> contributions = new LinkedHashMap<>();
        slots.fields().forEachRemaining(e -> {
            Ciphertext ct = Ciphertext.fromJson(e.getValue());
            DecryptionShare d = DecryptionShare.create(roundId, e.getKey(), share, ct.alpha(), random);
            contributions.put(e.getKey(), Map.of("D", Encoding.pointText(d.d()), "c", Encoding.scalarText(d.c()),
                    "s", Encoding.scalarText(d.s())));
        });
        return Map.of("contributions", contributions);
    }

    /** For tests only: the key share (a real device never lets it out). */
    public BigInteger shareForTests() {
        return share;
    }
}
