package vn.phieukin.record.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.record.ProcedureJson;

/**
 * The committee's public key material from the ceremony transcript (COMMITTEE.md "The committee
 * and its key"): the context string, the joint key {@code H = Σ C_i0}, each member's verification
 * key {@code S_j = Σ_i Σ_l j^l·C_il}, and the fingerprint.
 *
 * <p>The fingerprint is the first 16 hex digits of SHA-256 of JCS of
 * {@code {"conferenceId", "threshold", "members":[{"index","fullName","shareKey","commitments","pok"}…]}}
 * with the members in index order: everything a member device published, and who it is.
 */
public final class CommitteeKey {
    private CommitteeKey() {
    }

    /** {@code ctx = conferenceId | n | k}. */
    public static String context(String conferenceId, int n, int k) {
        return conferenceId + "|" + n + "|" + k;
    }

    /** The commitments of every dealer, in member order, decoded (a bad point throws IllegalArgumentException). */
    public static List<List<ECPoint>> commitments(List<JsonNode> commitmentLists) {
        List<List<ECPoint>> out = new ArrayList<>();
        for (JsonNode list : commitmentLists) {
            List<ECPoint> points = new ArrayList<>();
            list.forEach(c -> points.add(P256.point(c.textValue())));
            out.add(points);
        }
        return out;
    }

    /** {@code H = Σ_i C_i0}. */
    public static ECPoint jointKey(List<List<ECPoint>> commitments) {
        ECPoint h = P256.O;
        for (List<ECPoint> c : commitments) {
            h = h.add(c.get(0));
        }
        return h.normalize();
    }

    /** {@code S_j = Σ_i Σ_l j^l·C_il}. */
    public static ECPoint verificationKey(int j, List<List<ECPoint>> commitments) {
        ECPoint s = P256.O;
        for (List<ECPoint> c : commitments) {
            s = s.add(P256.shareImage(j, c));
        }
        return s.normalize();
    }

    /** The transcript the fingerprint hashes; {@code members} items carry at least the five fields named above. */
    public static ObjectNode transcript(String conferenceId, int threshold, List<JsonNode> members) {
        ObjectNode t = ProcedureJson.mapper().createObjectNode();
        t.put("conferenceId", conferenceId);
        t.put("threshold", threshold);
        ArrayNode list = t.putArray("members");
        for (JsonNode m : members) {
            ObjectNode item = list.addObject();
            item.put("index", m.path("index").asInt());
            item.put("fullName", m.path("fullName").asText());
            item.put("shareKey", m.path("shareKey").asText());
            item.set("commitments", m.path("commitments").deepCopy());
            item.set("pok", m.path("pok").deepCopy());
        }
        return t;
    }

    /** The first 16 hex digits of SHA-256 of JCS of the transcript. */
    public static String fingerprint(String conferenceId, int threshold, List<JsonNode> members) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(CanonicalJson.encode(transcript(conferenceId, threshold, members)));
            return HexFormat.of().formatHex(hash).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
