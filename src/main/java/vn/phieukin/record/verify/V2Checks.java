package vn.phieukin.record.verify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.committee.BallotCheck;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.Ciphertext;
import vn.phieukin.committee.CommitteeTranscript;
import vn.phieukin.committee.EncryptedBallot;
import vn.phieukin.committee.Feldman;
import vn.phieukin.committee.Lagrange;

/**
 * The checks of a {@code phieukin-record/2} that replace or add to v1's (COMMITTEE.md): V5 every
 * proof of every encrypted ballot, V10 the committee's key, V11 the decryption.
 */
final class V2Checks {
    private V2Checks() {
    }

    /** Every ballot checked against the round's layout and the joint key (in parallel), in record order. */
    static List<BallotCheck> ballots(RecordContents c, BallotLayout layout) {
        return IntStream.range(0, c.ballots.size()).parallel().mapToObj(i -> {
            RecordContents.ElectronicBallot b = c.ballots.get(i);
            if (b.body() == null) {
                return (BallotCheck) new BallotCheck.Invalid("", "yêu cầu bỏ phiếu sai định dạng (" + b.shapeProblem() + ")");
            }
            return EncryptedBallot.verify(layout, c.round.roundId(), b.tokenKey(), c.v2.jointKey, b.body());
        }).toList();
    }

    /** V5 for v2: every slot proof and sum proof holds; each section's cadres is the round's candidate list. */
    static void ballotValidity(Findings f, RecordContents c, Recount recount) {
        if (c.v2.jointKey == null || recount.v2Ballots == null) {
            f.fail("Không kiểm tra được các phiếu mã hóa: khóa chung (committee.jointKey) không đọc được (xem V1).");
            return;
        }
        for (int i = 0; i < c.ballots.size(); i++) {
            if (recount.v2Ballots.get(i) instanceof BallotCheck.Invalid invalid) {
                f.fail(c.ballots.get(i).label() + ": phiếu mã hóa không hợp lệ tại \"" + invalid.field() + "\" ("
                        + invalid.reason() + ").");
            }
        }
        f.note(c.ballots.size() + " phiếu mã hóa: mọi chứng minh của từng ô và của tổng từng phần đã được kiểm tra.");
    }

    /** V10: Schnorr proofs, jointKey = Σ C_i0, every verificationKey from the commitments, the fingerprint. */
    static CheckResult committee(RecordContents c) {
        Findings f = new Findings(CheckId.V10);
        V2Record v = c.v2;
        if (v.members == null) {
            f.fail("Không kiểm tra được: committee không đọc được (xem V1).");
            return f.result();
        }
        int n = v.members.size();
        if (n < 1 || n > 9 || v.threshold < 1 || v.threshold > n) {
            f.fail("Ban kiểm phiếu có " + n + " thành viên và ngưỡng " + v.threshold + ": phải là 1 ≤ k ≤ n ≤ 9.");
        }
        for (int i = 0; i < n; i++) {
            if (v.members.get(i).index() != i + 1) {
                f.fail("Thành viên thứ " + (i + 1) + " ghi số thứ tự " + v.members.get(i).index() + ".");
                return f.result();
            }
        }
        String conferenceId = c.record.path("conference").path("id").asText();
        List<CommitteeTranscript.Member> transcript = new ArrayList<>();
        v.members.forEach(m -> transcript.add(new CommitteeTranscript.Member(m.index(), m.fullName(), m.shareKey(),
                m.commitments(), m.pok())));
        String problem = CommitteeTranscript.check(conferenceId, v.threshold, transcript);
        if (problem != null) {
            f.fail("Khóa của Ban kiểm phiếu: " + problem + ".");
            return f.result();
        }
        List<List<ECPoint>> commitments = v.members.stream().map(V2Record.Member::commitments).toList();
        if (!Feldman.jointKey(commitments).equals(v.jointKey)) {
            f.fail("committee.jointKey khác tổng các cam kết C_i0 của các thành viên: khóa chung đã bị thay.");
        }
        for (V2Record.Member m : v.members) {
            if (!Feldman.verificationKey(m.index(), commitments).equals(m.verificationKey())) {
                f.fail("Khóa kiểm tra (verificationKey) của thành viên " + m.index() + " khác khóa mà các cam kết cho ra.");
            }
        }
        String fingerprint = CommitteeTranscript.fingerprint(transcript);
        if (!fingerprint.equals(v.fingerprint)) {
            f.fail("Mã khóa Ban kiểm phiếu tính lại là " + CommitteeTranscript.grouped(fingerprint) + ", biên bản ghi "
                    + v.fingerprint + ".");
        }
        f.note("Ban kiểm phiếu " + n + " thành viên, ngưỡng " + v.threshold + "; mã khóa "
                + CommitteeTranscript.grouped(fingerprint) + " (đối chiếu với mã đọc to tại hội nghị và in trong biên bản).");
        return f.result();
    }

    /**
     * V11: encryptedTally = the slot-wise sum of the valid ballots' ciphertexts; every
     * contribution's proof holds under its member's verification key; at least k distinct members
     * per slot; their combination gives {@code votes}; (with V7) tally = votes + paper ballots.
     */
    static CheckResult decryption(RecordContents c, Recount recount) {
        Findings f = new Findings(CheckId.V11);
        V2Record v = c.v2;
        if (c.round == null || v.encryptedTally == null || v.decryption == null || v.members == null
                || recount.v2Ballots == null) {
            f.fail("Không kiểm tra được: mẫu phiếu (round), committee, encryptedTally hoặc decryption không đọc được (xem V1).");
            return f.result();
        }
        BallotLayout layout = recount.layout;
        List<Map<String, Ciphertext>> valid = new ArrayList<>();
        recount.v2Ballots.forEach(b -> {
            if (b instanceof BallotCheck.Valid ok) {
                valid.add(ok.slots());
            }
        });
        Map<String, Ciphertext> sum = EncryptedBallot.tally(layout, valid);
        if (!sum.keySet().equals(v.encryptedTally.keySet())) {
            f.fail("encryptedTally có các ô " + new TreeMap<>(v.encryptedTally).keySet() + ", mẫu phiếu của phiên có "
                    + sum.keySet() + ".");
            return f.result();
        }
        for (String slot : sum.keySet()) {
            if (!sum.get(slot).equals(v.encryptedTally.get(slot))) {
                f.fail("Ô " + slot + ": encryptedTally khác tổng các bản mã của " + valid.size()
                        + " phiếu hợp lệ (có phiếu bị thêm, bớt hoặc sửa).");
            }
        }
        if (!v.decryption.keySet().equals(sum.keySet())) {
            f.fail("decryption không có đúng các ô của mẫu phiếu.");
            return f.result();
        }
        List<String> slots = new ArrayList<>(sum.keySet());
        List<String> failures = IntStream.range(0, slots.size()).parallel().mapToObj(i -> {
            String slot = slots.get(i);
            V2Record.Slot d = v.decryption.get(slot);
            Ciphertext ct = v.encryptedTally.get(slot);
            Set<Integer> members = new HashSet<>();
            Map<Integer, ECPoint> shares = new TreeMap<>();
            for (V2Record.Share s : d.contributions()) {
                V2Record.Member m = v.member(s.member());
                if (m == null) {
                    return "Ô " + slot + ": phần giải mã của thành viên " + s.member() + " không có trong Ban kiểm phiếu.";
                }
                if (!members.add(s.member())) {
                    return "Ô " + slot + ": thành viên " + s.member() + " góp phần giải mã hai lần.";
                }
                if (!s.share().verify(c.round.roundId(), slot, m.verificationKey(), ct.alpha())) {
                    return "Ô " + slot + ": chứng minh giải mã của thành viên " + s.member() + " không đúng (D sai).";
                }
                shares.put(s.member(), s.share().d());
            }
            if (members.size() < v.threshold) {
                return "Ô " + slot + ": chỉ " + members.size() + " thành viên giải mã, cần ít nhất " + v.threshold + ".";
            }
            long m = Lagrange.decrypt(ct, shares, c.ballots.size());
            if (m != d.votes()) {
                return "Ô " + slot + ": giải mã cho " + (m < 0 ? "không ra số phiếu nào" : m + " phiếu") + ", biên bản ghi "
                        + d.votes() + ".";
            }
            return null;
        }).filter(java.util.Objects::nonNull).toList();
        failures.forEach(f::fail);
        f.note(slots.size() + " ô giải mã từ tổng mã hóa của " + valid.size() + " phiếu; không phiếu nào được giải mã riêng.");
        return f.result();
    }
}
