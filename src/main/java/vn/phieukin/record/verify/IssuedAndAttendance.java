package vn.phieukin.record.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
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
        Set<String> electronicTo = distinct(f, issued.electronicTo(), "issued.electronicTo");
        Set<String> paperTo = distinct(f, issued.paperTo(), "issued.paperTo");
        Set<String> both = new HashSet<>(electronicTo);
        both.retainAll(paperTo);
        if (!both.isEmpty()) {
            f.fail("Đại biểu nhận cả thẻ điện tử lẫn phiếu giấy: " + String.join(", ", both.stream().sorted().toList()) + ".");
        }
        Set<String> excludedButIssued = new HashSet<>(att.excludedIds());
        excludedButIssued.retainAll(union(electronicTo, paperTo));
        if (!excludedButIssued.isEmpty()) {
            f.fail("Đại biểu không được triệu tập (attendance.excluded) lại được phát phiếu: "
                    + String.join(", ", excludedButIssued.stream().sorted().toList()) + ".");
        }

        long issuedTotal = issued.electronic() + issued.paper();
        if (issuedTotal > att.present()) {
            f.fail("Thẻ + phiếu giấy đã phát = " + issued.electronic() + " + " + issued.paper() + " = " + issuedTotal
                    + ", nhiều hơn số có mặt khi mở phiên (" + att.present() + ").");
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
                + "; phát " + issued.electronic() + " thẻ + " + issued.paper() + " phiếu giấy; nhận " + ballots
                + " phiếu điện tử + " + paper + " phiếu giấy.");
        return f.result();
    }

    private static Set<String> distinct(Findings f, List<String> ids, String list) {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        ids.forEach(id -> {
            if (!seen.add(id)) {
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
