package vn.phieukin.record.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vn.phieukin.procedure.ChairDecision;
import vn.phieukin.procedure.Outcome;
import vn.phieukin.procedure.Results;
import vn.phieukin.procedure.RoundResult;
import vn.phieukin.record.JsonDiff;
import vn.phieukin.record.ResultJson;

/**
 * V8: the result computed again from the recounted tally, the base (convened or present, per
 * the rules), the rules (threshold, top-down, ties) and the chair's decisions equals the recorded
 * {@code result}. Each decision must itself be one the chair could make: exactly as many of the
 * tied candidates as slots were left, on a position that was waiting for one.
 */
final class ResultRecount {

    private ResultRecount() {
    }

    static CheckResult check(RecordContents c, Recount recount) {
        Findings f = new Findings(CheckId.V8);
        if (recount.tally == null || c.rules == null || c.attendance == null || c.decisions == null || c.registry == null) {
            f.fail("Không tính lại được kết quả: " + String.join(", ", missing(c, recount)) + " không đọc được (xem V1).");
            return f.result();
        }
        RoundResult.BaseValue base = Results.base(c.rules, c.attendance.convened(), c.attendance.present());
        List<ChairDecision> accepted = new ArrayList<>();
        for (int i = 0; i < c.decisions.size(); i++) {
            ChairDecision d = c.decisions.get(i);
            RoundResult before = Results.compute(c.round, c.rules, recount.tally, base, accepted);
            if (!(before instanceof RoundResult.Nomination nomination)) {
                f.fail("decisions[" + i + "]: phiên đưa ra khỏi quy hoạch (bước 1) không có quyết định của Bí thư.");
                continue;
            }
            Outcome<List<String>> checked = Results.checkDecision(nomination, d.positionId(), d.chosen());
            if (checked.isAccepted()) {
                accepted.add(d);
            } else {
                f.fail("decisions[" + i + "] (chức danh " + d.positionId() + ", chọn " + String.join(", ", d.chosen())
                        + ", bởi " + d.decidedBy() + "): quyết định không hợp lệ — " + checked.refusal().message());
            }
        }
        RoundResult result = Results.compute(c.round, c.rules, recount.tally, base, accepted);
        try {
            Optional<JsonDiff.Difference> difference = JsonDiff.firstDifference(
                    ResultJson.render(result, c.registry, c.referenceDate), c.record.path("result"), "result");
            difference.ifPresent(d -> f.fail(d.path() + ": tính lại được " + d.expected() + ", biên bản ghi " + d.found() + "."));
        } catch (IllegalArgumentException e) {
            f.fail("Không dựng lại được báo cáo cơ cấu: có cán bộ được chọn không nằm trong danh sách cán bộ review.cadres (" + e.getMessage() + ").");
        }
        f.note("Cơ số: " + base.kind().vietnamese() + " = " + base.value() + "; ngưỡng " + c.rules.threshold().describe() + "; "
                + accepted.size() + " quyết định của Bí thư.");
        return f.result();
    }

    private static List<String> missing(RecordContents c, Recount recount) {
        List<String> parts = new ArrayList<>();
        if (recount.tally == null) {
            parts.add("mẫu phiếu của phiên (round)");
        }
        if (c.rules == null) {
            parts.add("rules");
        }
        if (c.attendance == null) {
            parts.add("attendance");
        }
        if (c.decisions == null) {
            parts.add("decisions");
        }
        if (c.registry == null) {
            parts.add("review.cadres");
        }
        return parts;
    }
}
