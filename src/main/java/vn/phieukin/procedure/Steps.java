package vn.phieukin.procedure;

/** The four steps of the review (seed 004). */
public final class Steps {
    public static final int FIRST = 1;
    public static final int LAST = 4;

    private Steps() {
    }

    public static boolean isStep(int step) {
        return step >= FIRST && step <= LAST;
    }

    static void check(int step) {
        if (!isStep(step)) {
            throw new IllegalArgumentException("step must be 1 to 4: " + step);
        }
    }

    /** The conference of each step, in the words of the plan. */
    public static String conferenceName(int step) {
        check(step);
        return switch (step) {
            case 1 -> "Hội nghị Ban Thường vụ Tỉnh ủy (lần 1)";
            case 2 -> "Hội nghị cán bộ chủ chốt";
            case 3 -> "Hội nghị Ban Chấp hành Đảng bộ tỉnh";
            default -> "Hội nghị Ban Thường vụ Tỉnh ủy (lần 2)";
        };
    }
}
