package vn.phieukin.record.v2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.Ciphertext;
import vn.phieukin.committee.DecryptionShare;
import vn.phieukin.committee.EncryptedBallot;
import vn.phieukin.committee.Lagrange;
import vn.phieukin.procedure.BallotCounts;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.Section;
import vn.phieukin.procedure.Tally;
import vn.phieukin.record.ProcedureJson;

/**
 * The homomorphic count of a v2 round (COMMITTEE.md "Close, tally and decryption"): the
 * encrypted tally (slot-wise sum of the ballots' ciphertexts), the combination of k members'
 * decryption shares into each slot's votes, and the tally of the procedure from those votes plus
 * the paper ballots.
 */
public final class V2Tally {
    private V2Tally() {
    }

    /** The ciphertexts of a ballot body already checked (as cast), per slot name, without re-checking proofs. */
    public static Map<String, Ciphertext> slots(BallotLayout layout, JsonNode body) {
        Map<String, Ciphertext> out = new LinkedHashMap<>();
        if (layout instanceof BallotLayout.Nomination n) {
            for (int i = 0; i < n.sections().size(); i++) {
                BallotLayout.Section s = n.sections().get(i);
                JsonNode slots = body.path("sections").get(i).path("slots");
                for (int c = 0; c < s.candidates().size(); c++) {
                    out.put(s.positionId() + "|" + s.candidates().get(c), Ciphertext.fromJson(slots.get(c)));
                }
            }
        } else {
            BallotLayout.Removal r = (BallotLayout.Removal) layout;
            for (int i = 0; i < r.lines().size(); i++) {
                JsonNode line = body.path("lines").get(i);
                out.put(r.lines().get(i) + "|AGREE", Ciphertext.fromJson(line.path("agree")));
                out.put(r.lines().get(i) + "|DISAGREE", Ciphertext.fromJson(line.path("disagree")));
            }
        }
        return out;
    }

    /** The encrypted tally of the bodies (each a cast v2 body). */
    public static Map<String, Ciphertext> encryptedTally(BallotLayout layout, List<JsonNode> bodies) {
        List<Map<String, Ciphertext>> ballots = new ArrayList<>();
        for (JsonNode body : bodies) {
            ballots.add(slots(layout, body));
        }
        return EncryptedBallot.tally(layout, ballots);
    }

    public static ObjectNode json(Map<String, Ciphertext> tally) {
        ObjectNode out = ProcedureJson.mapper().createObjectNode();
        tally.forEach((name, ct) -> out.set(name, ct.toJson()));
        return out;
    }

    public static Map<String, Ciphertext> fromJson(JsonNode slots) {
        Map<String, Ciphertext> out = new LinkedHashMap<>();
        slots.fields().forEachRemaining(e -> out.put(e.getKey(), Ciphertext.fromJson(e.getValue())));
        return out;
    }

    /**
     * The votes of every slot from the shares of a set Q of members (member index → slot →
     * share); -1 for a slot whose shares do not combine to a count in [0, max].
     */
    public static Map<String, Long> decrypt(Map<String, Ciphertext> tally, Map<Integer, Map<String, DecryptionShare>> q,
                                            long max) {
        Map<String, Long> votes = new LinkedHashMap<>();
        tally.forEach((slot, ct) -> {
            Map<Integer, ECPoint> d = new TreeMap<>();
            q.forEach((member, shares) -> d.put(member, shares.get(slot).d()));
            votes.put(slot, Lagrange.decrypt(ct, d, max));
        });
        return votes;
    }

    /**
     * The round's tally: the decrypted electronic votes ({@code electronic} ballots, all valid)
     * added to the paper ballots' tally. A removal line's NONE is what neither slot counted; a
     * nomination section lists printed candidates (zero included) and others with a vote.
     */
    public static Tally combine(RoundDefinition round, Tally paper, long electronic, Map<String, Long> votes) {
        BallotCounts p = paper.ballots();
        BallotCounts counts = new BallotCounts(p.cast() + electronic, p.valid() + electronic, p.invalid());
        if (round.kind() == BallotKind.REMOVAL) {
            Tally.Removal r = (Tally.Removal) paper;
            Map<String, Tally.LineCount> lines = new TreeMap<>();
            r.lines().forEach((id, c) -> {
                long agree = votes.get(id + "|AGREE");
                long disagree = votes.get(id + "|DISAGREE");
                lines.put(id, new Tally.LineCount(c.agree() + agree, c.disagree() + disagree,
                        c.none() + electronic - agree - disagree));
            });
            return new Tally.Removal(counts, lines);
        }
        Tally.Nomination n = (Tally.Nomination) paper;
        Map<String, Map<String, Long>> positions = new TreeMap<>();
        for (Section section : round.sections()) {
            Map<String, Long> merged = new HashMap<>(n.positions().getOrDefault(section.positionId(), Map.of()));
            for (String cadre : Layouts.candidates(round, section)) {
                long v = votes.get(section.positionId() + "|" + cadre);
                if (v > 0 || section.candidates().contains(cadre)) {
                    merged.merge(cadre, v, Long::sum);
                }
            }
            positions.put(section.positionId(), merged);
        }
        return new Tally.Nomination(counts, positions, n.invalidSections());
    }
}
