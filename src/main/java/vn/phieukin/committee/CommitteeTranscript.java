package vn.phieukin.committee;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.encoders.Hex;
import vn.phieukin.ballot.CanonicalJson;

/**
 * The public transcript of a key ceremony and its fingerprint (COMMITTEE.md, Joint key).
 *
 * <p>What is hashed, exactly: the JCS (RFC 8785) of a JSON <b>array</b> with one object per
 * member, in member order (index 1..n), each with exactly the keys
 * {@code {"index": i, "fullName": …, "shareKey": E_i, "commitments": [C_i0, …, C_i,k−1], "pok":
 * {"T": …, "z": …}}} (points and scalars as base64url texts). That is a record's
 * {@code committee.members} entry without its {@code verificationKey} (which is derived from the
 * commitments). The encrypted shares are not part of it. Fingerprint = the first 16 lowercase hex
 * digits of SHA-256 of those bytes, shown in groups of four.
 */
public final class CommitteeTranscript {

    private CommitteeTranscript() {
    }

    /** What one member published in the ceremony. */
    public record Member(int index, String fullName, String shareKey, List<ECPoint> commitments, SchnorrProof pok) {
        public Member {
            Objects.requireNonNull(fullName, "fullName");
            Objects.requireNonNull(shareKey, "shareKey");
            commitments = List.copyOf(commitments);
            Objects.requireNonNull(pok, "pok");
        }

        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("index", index);
            node.put("fullName", fullName);
            node.put("shareKey", shareKey);
            ArrayNode c = node.putArray("commitments");
            commitments.forEach(p -> c.add(Encoding.pointText(p)));
            node.set("pok", pok.toJson());
            return node;
        }
    }

    /** The JSON value that is hashed. */
    public static ArrayNode json(List<Member> members) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).index() != i + 1) {
                throw new IllegalArgumentException("members in order 1..n");
            }
            out.add(members.get(i).toJson());
        }
        return out;
    }

    /** 16 lowercase hex digits. */
    public static String fingerprint(List<Member> members) {
        byte[] jcs = CanonicalJson.encode(json(members));
        SHA256Digest digest = new SHA256Digest();
        digest.update(jcs, 0, jcs.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return new String(Hex.encode(out), StandardCharsets.US_ASCII).substring(0, 16);
    }

    /** "3f2a 9c01 …": the fingerprint in groups of four, as devices, the screen and the minutes show it. */
    public static String grouped(String fingerprint) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fingerprint.length(); i += 4) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(fingerprint, i, Math.min(i + 4, fingerprint.length()));
        }
        return out.toString();
    }

    /**
     * The checks of V10 that need no record around them: every Schnorr proof holds (ctx =
     * {@code conferenceId|n|k}), every member has k commitments, and {@code S_j} recomputes.
     * Returns null when all hold, otherwise the first failure in English.
     */
    public static String check(String conferenceId, int threshold, List<Member> members) {
        String ctx = SchnorrProof.context(conferenceId, members.size(), threshold);
        for (Member m : members) {
            if (m.commitments().size() != threshold) {
                return "member " + m.index() + " has " + m.commitments().size() + " commitments, not " + threshold;
            }
            if (!m.pok().verify(ctx, m.commitments().get(0))) {
                return "member " + m.index() + ": the Schnorr proof does not hold";
            }
        }
        return null;
    }
}
