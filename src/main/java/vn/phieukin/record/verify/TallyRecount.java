package vn.phieukin.record.verify;

import java.util.List;
import vn.phieukin.record.JsonDiff;
import vn.phieukin.record.ProcedureJson;

/** V7: the tally counted again from the record's ballots equals the recorded {@code tally}, count by count. */
final class TallyRecount {

    static final int MAX_DIFFERENCES = 20;

    private TallyRecount() {
    }

    static CheckResult check(RecordContents c, Recount recount) {
        Findings f = new Findings(CheckId.V7);
        if (recount.tally == null) {
            f.fail("Không đếm lại được: " + recount.unavailable + ".");
            return f.result();
        }
        List<JsonDiff.Difference> differences = JsonDiff.differences(ProcedureJson.tally(recount.tally),
                c.record.path("tally"), "tally", MAX_DIFFERENCES);
        for (JsonDiff.Difference d : differences) {
            f.fail(d.path() + ": đếm lại từ các phiếu được " + d.expected() + ", biên bản ghi " + d.found() + ".");
        }
        if (differences.size() == MAX_DIFFERENCES) {
            f.note("Chỉ liệt kê " + MAX_DIFFERENCES + " chỗ khác nhau đầu tiên.");
        }
        var counts = recount.tally.ballots();
        f.note("Đếm lại: " + counts.cast() + " phiếu, " + counts.valid() + " hợp lệ, " + counts.invalid() + " không hợp lệ.");
        return f.result();
    }
}
