package vn.phieukin.record.v2;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.RoundDefinition;

/**
 * Encrypts and proves a ballot as a tablet does (COMMITTEE.md "The encrypted ballot"), in Java:
 * for the demo's simulated tablets and for the tests. The tablet's own implementation is the
 * browser's; this one speaks exactly the same format.
 */
public final class BallotEncryptor {
    private BallotEncryptor() {
    }

    /**
     * The v2 body for {@code picks}: NOMINATION position id → chosen cadre ids, REMOVAL line id →
     * {@code AGREE} / {@code DISAGREE} / {@code NONE}. Nothing is checked: a body that breaks the
     * rules (too many picks) gets proofs that fail, as a tampering tablet's would.
     */
    public static Map<String, Object> encrypt(RoundDefinition round, ECPoint jointKey, String tokenKey,
                                              Map<String, ?> picks, SecureRandom random) {
        String base = Slots.base(round.roundId(), tokenKey);
        boolean removal = round.kind() == BallotKind.REMOVAL;
        List<Object> items = new ArrayList<>();
        for (Slots.Group group : Slots.groups(round)) {
            Object choice = picks.get(group.id());
            List<Map<String, Object>> slots = new ArrayList<>();
            BigInteger rSum = BigInteger.ZERO;
            ECPoint aSum = P256.O;
            ECPoint bSum = P256.O;
            int mSum = 0;
            for (String cadre : group.cadres()) {
                int m = removal ? (cadre.equals(choice) ? 1 : 0)
                        : (choice instanceof List<?> list && list.contains(cadre) ? 1 : 0);
                BigInteger r = P256.random(random);
                ECPoint alpha = P256.base(r);
                ECPoint beta = P256.twice(jointKey, r, P256.G, BigInteger.valueOf(m)).normalize();
                List<P256.Branch> proof = P256.intervalProof(base + "|" + group.id() + "|" + cadre, jointKey, alpha, beta, r,
                        m, 1, random);
                Map<String, Object> slot = new LinkedHashMap<>();
                slot.put("alpha", P256.text(alpha));
                slot.put("beta", P256.text(beta));
                slot.put("proof", json(proof));
                slots.add(slot);
                rSum = rSum.add(r).mod(P256.Q);
                aSum = aSum.add(alpha);
                bSum = bSum.add(beta);
                mSum += m;
            }
            // a sum beyond the maximum cannot be proved: prove the maximum, which then fails to verify
            int proved = Math.min(mSum, group.max());
            List<P256.Branch> sumProof = P256.intervalProof(base + "|" + group.id() + "|sum", jointKey, aSum.normalize(),
                    bSum.normalize(), rSum, proved, group.max(), random);
            Map<String, Object> item = new LinkedHashMap<>();
            if (removal) {
                item.put("line", group.id());
                item.put("agree", slots.get(0));
                item.put("disagree", slots.get(1));
            } else {
                item.put("position", group.id());
                item.put("cadres", group.cadres());
                item.put("slots", slots);
            }
            item.put("sumProof", json(sumProof));
            items.add(item);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("round", round.roundId());
        body.put("version", 2);
        body.put(removal ? "lines" : "sections", items);
        return body;
    }

    static List<Map<String, String>> json(List<P256.Branch> proof) {
        List<Map<String, String>> out = new ArrayList<>();
        for (P256.Branch b : proof) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("c", P256.text(b.c()));
            m.put("s", P256.text(b.s()));
            out.add(m);
        }
        return out;
    }
}
