package vn.phieukin.record.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;
import vn.phieukin.procedure.Attendance;

/**
 * V6, the chain of counts: ballots ≤ tokens issued, paper ballots ≤ paper issued, the issue
 * lists match their counts and name each delegate once, never both ways; tokens + paper issued
 * ≤ present ≤ convened; the quorum recomputed under the rules was met; and the round's own
 * counters agree with the record.
 */
final class IssuedAndAttendance {

    private IssuedAndAttendance() {
    }

    static CheckResult check(RecordContents c) {
        Findings f = new Findings(CheckId.V6);
        RecordContents.IssuedFacts issued = c.issued;
        RecordContents.AttendanceFacts att = c.attendance;
        if (issued == null || att == null) {
            f.fail("Không kiểm tra được: " + (issued == null ? "issued" : "attendance") + " không đọc được (xem V1).");
            return f.result();
        }
        long ballots = c.ballots.size();
        long paper = c.paperBallots.size();
        if (ballots > issued.electronic()) {
            f.fail("Có " + ballots + " phiếu điện tử nhưng chỉ " + issued.electronic() + " thẻ được phát (issued.electronic).");
        }
        if (paper > issued.paper()) {
            f.fail("Có " + paper + " phiếu giấy nhưng chỉ " + issued.paper() + " phiếu giấy được phát (issued.paper).");
        }
        if (issued.electronicTo().size() != issued.electronic()) {
            f.fail("issued.electronic ghi " + issued.electronic() + " nhưng danh sách issued.electronicTo có "
                    + issued.electronicTo().size() + " đại biểu.");
        }
        if (issued.paperTo().size() != issued.paper()) {
            f.fail("issued.paper ghi " + issued.paper() + " nhưng danh sách issued.paperTo có " + issued.paperTo().size() + " đại biểu.");
        }
        Map<String, String> replaced = replacements(f, issued);
        Set<String> electronicTo = distinct(f, issued.electronicTo(), "issued.electronicTo",
                id -> "ELECTRONIC".equals(replaced.get(id)));
        Set<String> paperTo = distinct(f, issued.paperTo(), "issued.paperTo", id -> false);
        Set<String> both = new HashSet<>(electronicTo);
        both.retainAll(paperTo);
        both.removeIf(id -> "PAPER".equals(replaced.get(id)));
        if (!both.isEmpty()) {
            f.fail("Đại biểu nhận cả thẻ điện tử lẫn phiếu giấy mà không có phiếu đổi (issued.replacements): "
                    + String.join(", ", both.stream().sorted().toList()) + ".");
        }
        for (String id : replaced.keySet()) {
            if (!electronicTo.contains(id)) {
                f.fail("Phiếu đổi của đại biểu " + id + " nhưng đại biểu này chưa từng nhận thẻ điện tử (issued.electronicTo).");
            }
        }
        Set<String> excludedButIssued = new HashSet<>(att.excludedIds());
        excludedButIssued.retainAll(union(electronicTo, paperTo));
        if (!excludedButIssued.isEmpty()) {
            f.fail("Đại biểu không được triệu tập (attendance.excluded) lại được phát phiếu: "
                    + String.join(", ", excludedButIssued.stream().sorted().toList()) + ".");
        }

        long issuedTotal = issued.electronic() + issued.paper();
        if (issuedTotal > att.present() + replaced.size()) {
            f.fail("Thẻ + phiếu giấy đã phát = " + issued.electronic() + " + " + issued.paper() + " = " + issuedTotal
                    + ", nhiều hơn số có mặt khi mở phiên (" + att.present() + ")"
                    + (replaced.isEmpty() ? "" : " cộng số phiếu đổi (" + replaced.size() + ")") + ".");
        }
        if (att.present() > att.convened()) {
            f.fail("Số có mặt (" + att.present() + ") nhiều hơn số được triệu tập (" + att.convened() + ").");
        }
        if (c.rules != null) {
            long roster = att.convened() + att.excludedIds().size();
            if (att.present() <= att.convened()) {
                Attendance recomputed = Attendance.of(roster, att.excludedIds().size(), att.present(), c.rules.quorum());
                if (recomputed.quorumRequired() != att.quorumRequired()) {
                    f.fail("Túc số cần (quorumRequired): tính lại theo " + c.rules.quorum() + " của " + att.convened()
                            + " người được triệu tập là " + recomputed.quorumRequired() + ", biên bản ghi " + att.quorumRequired() + ".");
                }
                if (recomputed.quorumMet() != att.quorumMet()) {
                    f.fail("Đủ túc số (quorumMet): tính lại được " + recomputed.quorumMet() + ", biên bản ghi " + att.quorumMet() + ".");
                }
                if (!recomputed.quorumMet()) {
                    f.fail("Không đủ túc số: có mặt " + att.present() + "/" + att.convened() + ", cần ít nhất "
                            + recomputed.quorumRequired() + " người.");
                }
            }
        } else {
            f.fail("Không kiểm tra được túc số: rules không đọc được (xem V1).");
        }

        JsonNode round = c.record.path("round");
        expectCount(f, round, "presentAtOpen", att.present(), "attendance.present");
        expectCount(f, round, "issued", issuedTotal, "issued.electronic + issued.paper");
        expectCount(f, round, "cast", ballots + paper, "số phiếu điện tử + phiếu giấy trong biên bản");
        f.note("Triệu tập " + att.convened() + ", có mặt " + att.present() + ", cần " + att.quorumRequired()
                + "; phát " + issued.electronic() + " thẻ + " + issued.paper() + " phiếu giấy"
                + (replaced.isEmpty() ? "" : " (trong đó " + replaced.size() + " phiếu đổi)") + "; nhận " + ballots
                + " phiếu điện tử + " + paper + " phiếu giấy.");
        return f.result();
    }

    /** The replacements by delegate: one each, a known kind and a reason. */
    private static Map<String, String> replacements(Findings f, RecordContents.IssuedFacts issued) {
        Map<String, String> kinds = new HashMap<>();
        for (RecordContents.ReplacementFact r : issued.replacements()) {
            if (!r.kind().equals("ELECTRONIC") && !r.kind().equals("PAPER")) {
                f.fail("Phiếu đổi của đại biểu " + r.delegateId() + " có loại \"" + r.kind() + "\" (cần ELECTRONIC hoặc PAPER).");
            }
            if (r.reason().isBlank()) {
                f.fail("Phiếu đổi của đại biểu " + r.delegateId() + " không ghi lý do.");
            }
            if (kinds.put(r.delegateId(), r.kind()) != null) {
                f.fail("Đại biểu " + r.delegateId() + " được đổi phiếu nhiều lần trong một phiên.");
            }
        }
        return kinds;
    }

    /**
     * The ids of a list, each once; one listed twice fails, unless {@code mayRepeat} (a delegate with
     * an electronic replacement holds two tokens), and never three times.
     */
    private static Set<String> distinct(Findings f, List<String> ids, String list, java.util.function.Predicate<String> mayRepeat) {
        Map<String, Integer> times = new HashMap<>();
        ids.forEach(id -> times.merge(id, 1, Integer::sum));
        Set<String> seen = new HashSet<>(times.keySet());
        Set<String> twice = new HashSet<>();
        times.forEach((id, n) -> {
            if (n > 2 || (n == 2 && !mayRepeat.test(id))) {
                twice.add(id);
            }
        });
        if (!twice.isEmpty()) {
            f.fail("Danh sách " + list + " ghi một đại biểu nhiều lần: " + String.join(", ", twice.stream().sorted().toList()) + ".");
        }
        return seen;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static void expectCount(Findings f, JsonNode round, String field, long expected, String from) {
        JsonNode value = round.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            f.fail("round." + field + " không phải số nguyên (cần " + expected + " = " + from + ").");
        } else if (value.longValue() != expected) {
            f.fail("round." + field + " ghi " + value.longValue() + ", nhưng " + from + " là " + expected + ".");
        }
    }
}
