package vn.phieukin.record.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.committee.Ciphertext;
import vn.phieukin.committee.DecryptionShare;
import vn.phieukin.committee.Encoding;
import vn.phieukin.committee.JointKey;
import vn.phieukin.committee.SchnorrProof;

/**
 * The v2 parts of a {@code phieukin-record/2} (COMMITTEE.md): {@code committee},
 * {@code encryptedTally} and {@code decryption}, read into values. A part that does not have its
 * form is left null and its problem listed under V1, like every other part of the record.
 */
final class V2Record {
    /** One member as recorded. */
    record Member(int index, String fullName, String shareKey, List<ECPoint> commitments, SchnorrProof pok,
                  ECPoint verificationKey) {
    }

    /** One member's share of a slot's decryption. */
    record Share(int member, DecryptionShare share) {
    }

    /** A slot's decryption as recorded. */
    record Slot(List<Share> contributions, long votes) {
    }

    List<Member> members;
    int threshold;
    JointKey jointKey;
    String fingerprint;
    Map<String, Ciphertext> encryptedTally;
    Map<String, Slot> decryption;

    static V2Record read(JsonNode record, List<String> problems) {
        V2Record v = new V2Record();
        JsonNode committee = record.path("committee");
        try {
            if (!committee.isObject() || !committee.path("members").isArray()
                    || !committee.path("threshold").isIntegralNumber()) {
                throw new IllegalArgumentException("phải là {members:[…], threshold, jointKey, fingerprint}");
            }
            List<Member> members = new ArrayList<>();
            for (JsonNode m : committee.path("members")) {
                List<ECPoint> commitments = new ArrayList<>();
                if (!m.path("commitments").isArray()) {
                    throw new IllegalArgumentException("thành viên " + m.path("index") + ": commitments phải là một mảng điểm");
                }
                for (JsonNode c : m.path("commitments")) {
                    commitments.add(Encoding.pointFromText(c.textValue()));
                }
                if (!m.path("index").isIntegralNumber() || !m.path("fullName").isTextual() || !m.path("shareKey").isTextual()) {
                    throw new IllegalArgumentException("mỗi thành viên có index, fullName, shareKey");
                }
                members.add(new Member(m.path("index").intValue(), m.path("fullName").textValue(), m.path("shareKey").textValue(),
                        commitments, SchnorrProof.fromJson(m.path("pok")),
                        Encoding.pointFromText(m.path("verificationKey").textValue())));
            }
            v.members = members;
            v.threshold = committee.path("threshold").intValue();
            v.jointKey = JointKey.fromText(committee.path("jointKey").textValue());
            if (!committee.path("fingerprint").isTextual()) {
                throw new IllegalArgumentException("fingerprint phải là một chuỗi");
            }
            v.fingerprint = committee.path("fingerprint").textValue();
        } catch (RuntimeException e) {
            problems.add("committee: " + e.getMessage());
            v.members = null;
        }
        try {
            JsonNode tally = record.path("encryptedTally");
            if (!tally.isObject()) {
                throw new IllegalArgumentException("phải là {tên ô: {alpha, beta}}");
            }
            Map<String, Ciphertext> slots = new LinkedHashMap<>();
            tally.fields().forEachRemaining(e -> slots.put(e.getKey(), Ciphertext.fromJson(e.getValue())));
            v.encryptedTally = slots;
        } catch (RuntimeException e) {
            problems.add("encryptedTally: " + e.getMessage());
        }
        try {
            JsonNode decryption = record.path("decryption");
            if (!decryption.isObject()) {
                throw new IllegalArgumentException("phải là {tên ô: {contributions, votes}}");
            }
            Map<String, Slot> slots = new LinkedHashMap<>();
            decryption.fields().forEachRemaining(e -> {
                JsonNode item = e.getValue();
                if (!item.path("contributions").isArray() || !item.path("votes").isIntegralNumber()) {
                    throw new IllegalArgumentException("ô " + e.getKey() + ": phải là {contributions:[…], votes}");
                }
                List<Share> shares = new ArrayList<>();
                for (JsonNode s : item.path("contributions")) {
                    if (!s.path("member").isIntegralNumber()) {
                        throw new IllegalArgumentException("ô " + e.getKey() + ": mỗi phần giải mã ghi member");
                    }
                    shares.add(new Share(s.path("member").intValue(), DecryptionShare.fromJson(s)));
                }
                slots.put(e.getKey(), new Slot(shares, item.path("votes").longValue()));
            });
            v.decryption = slots;
        } catch (RuntimeException e) {
            problems.add("decryption: " + e.getMessage());
        }
        return v;
    }

    /** The member with this index, or null. */
    Member member(int index) {
        if (members == null) {
            return null;
        }
        return members.stream().filter(m -> m.index() == index).findFirst().orElse(null);
    }

    /** The votes of every slot as recorded, or null when the decryption is unreadable. */
    Map<String, Long> votes() {
        if (decryption == null) {
            return null;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        decryption.forEach((slot, d) -> out.put(slot, d.votes()));
        return out;
    }
}
