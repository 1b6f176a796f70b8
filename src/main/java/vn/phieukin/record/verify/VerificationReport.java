package vn.phieukin.record.verify;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every check V1–V9 with its failures, and a header saying which record was checked with which
 * key. {@link #print} writes one line per check (✓ or ✗), each failure indented below it.
 */
public record VerificationReport(List<String> header, List<CheckResult> checks, String recordSha256) {

    /** At most this many failures are printed per check; the count of the rest is given. */
    public static final int PRINTED_FAILURES_PER_CHECK = 50;

    /**
     * @param recordSha256 the record's hash ({@link vn.phieukin.record.RecordHash}) as the command
     *                     prints it, or why it could not be computed; null when not computed
     */
    public VerificationReport {
        header = List.copyOf(header);
        checks = List.copyOf(checks);
    }

    public VerificationReport(List<String> header, List<CheckResult> checks) {
        this(header, checks, null);
    }

    public boolean allPassed() {
        return checks.stream().allMatch(CheckResult::passed);
    }

    public CheckResult check(CheckId id) {
        return checks.stream().filter(c -> c.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no result for " + id));
    }

    /** The ids of the checks that failed, e.g. [V3, V4, V7]. */
    public List<CheckId> failed() {
        return checks.stream().filter(c -> !c.passed()).map(CheckResult::id).toList();
    }

    public void print(PrintStream out) {
        header.forEach(out::println);
        out.println();
        for (CheckResult check : checks) {
            out.println(check.id() + " " + (check.passed() ? "✓" : "✗") + " " + check.id().title());
            check.failures().stream().limit(PRINTED_FAILURES_PER_CHECK).forEach(f -> out.println("     ✗ " + f));
            if (check.failures().size() > PRINTED_FAILURES_PER_CHECK) {
                out.println("     … và " + (check.failures().size() - PRINTED_FAILURES_PER_CHECK) + " lỗi khác cùng loại.");
            }
            check.notes().forEach(n -> out.println("     · " + n));
        }
        out.println();
        if (allPassed()) {
            out.println("KẾT LUẬN: ĐẠT — cả " + checks.size() + " kiểm tra đều đúng.");
        } else {
            out.println("KẾT LUẬN: KHÔNG ĐẠT — " + failed().size() + "/" + checks.size() + " kiểm tra sai ("
                    + failed().stream().map(Enum::name).collect(Collectors.joining(", ")) + ").");
        }
    }
}
