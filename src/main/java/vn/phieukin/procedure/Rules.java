package vn.phieukin.procedure;

import java.util.Objects;

/**
 * The rules in force at one conference: threshold, base, announcement, selection, quorum and
 * write-ins. Defaults per step from PROCEDURE.md (seed 004); every setting can be overridden
 * per conference and is written into the sealed record.
 */
public record Rules(
        Threshold threshold,
        Base base,
        boolean announced,
        Selection selection,
        Fraction quorum,
        boolean allowNominations) {

    public Rules {
        Objects.requireNonNull(threshold, "threshold");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(quorum, "quorum");
    }

    /** The defaults table of PROCEDURE.md. */
    public static Rules defaultsFor(int step) {
        Steps.check(step);
        return switch (step) {
            case 1 -> new Rules(Threshold.moreThan(1, 2), Base.CONVENED, true, Selection.ALL_PASSING, Fraction.TWO_THIRDS, false);
            case 2 -> new Rules(Threshold.atLeast(3, 10), Base.PRESENT, false, Selection.ALL_PASSING, Fraction.TWO_THIRDS, true);
            case 3 -> new Rules(Threshold.moreThan(1, 2), Base.PRESENT, false, Selection.ALL_PASSING, Fraction.TWO_THIRDS, false);
            default -> new Rules(Threshold.moreThan(1, 2), Base.CONVENED, true, Selection.TOP_DOWN, Fraction.TWO_THIRDS, false);
        };
    }

    /** The defaults of {@code step} with {@code override} applied, every setting validated. */
    public static Outcome<Rules> forConference(int step, RulesOverride override) {
        if (!Steps.isStep(step)) {
            return Outcome.refused("BAD_REQUEST", "Trường step phải là 1, 2, 3 hoặc 4 (nhận được " + step + ").");
        }
        return defaultsFor(step).apply(step, override == null ? RulesOverride.NONE : override);
    }

    Outcome<Rules> apply(int step, RulesOverride o) {
        Comparator comparator = threshold.comparator();
        if (o.comparator() != null) {
            var parsed = Comparator.fromSymbol(o.comparator());
            if (parsed.isEmpty()) {
                return Outcome.refused("BAD_REQUEST", "Trường rules.threshold.comparator chỉ nhận \">\" hoặc \">=\", nhận được \""
                        + o.comparator() + "\".");
            }
            comparator = parsed.get();
        }
        Fraction thresholdFraction = threshold.fraction();
        if (o.thresholdNumerator() != null || o.thresholdDenominator() != null) {
            var parsed = Fraction.of(
                    o.thresholdNumerator() != null ? o.thresholdNumerator() : thresholdFraction.numerator(),
                    o.thresholdDenominator() != null ? o.thresholdDenominator() : thresholdFraction.denominator(),
                    "rules.threshold");
            if (!parsed.isAccepted()) {
                return Outcome.refused(parsed.refusal());
            }
            thresholdFraction = parsed.value();
        }
        Base newBase = base;
        if (o.base() != null) {
            try {
                newBase = Base.valueOf(o.base());
            } catch (IllegalArgumentException e) {
                return Outcome.refused("BAD_REQUEST", "Trường rules.base chỉ nhận CONVENED hoặc PRESENT, nhận được \"" + o.base() + "\".");
            }
        }
        Selection newSelection = selection;
        if (o.selection() != null) {
            try {
                newSelection = Selection.valueOf(o.selection());
            } catch (IllegalArgumentException e) {
                return Outcome.refused("BAD_REQUEST", "Trường rules.selection chỉ nhận ALL_PASSING hoặc TOP_DOWN, nhận được \""
                        + o.selection() + "\".");
            }
        }
        Fraction newQuorum = quorum;
        if (o.quorumNumerator() != null || o.quorumDenominator() != null) {
            var parsed = Fraction.of(
                    o.quorumNumerator() != null ? o.quorumNumerator() : quorum.numerator(),
                    o.quorumDenominator() != null ? o.quorumDenominator() : quorum.denominator(),
                    "rules.quorum");
            if (!parsed.isAccepted()) {
                return Outcome.refused(parsed.refusal());
            }
            newQuorum = parsed.value();
        }
        boolean newAnnounced = o.announced() != null ? o.announced() : announced;
        boolean newNominations = o.allowNominations() != null ? o.allowNominations() : allowNominations;
        if (step == 1 && newSelection != Selection.ALL_PASSING) {
            return Outcome.refused("BAD_REQUEST", "Bước 1 (đưa ra khỏi quy hoạch) không có cách chọn từ cao xuống thấp: "
                    + "rules.selection phải là ALL_PASSING.");
        }
        if (step == 1 && newNominations) {
            return Outcome.refused("BAD_REQUEST", "Bước 1 (đưa ra khỏi quy hoạch) không có giới thiệu thêm: "
                    + "rules.allowNominations phải là false.");
        }
        return Outcome.accepted(new Rules(new Threshold(comparator, thresholdFraction), newBase, newAnnounced, newSelection,
                newQuorum, newNominations));
    }

    /** The rules in plain Vietnamese, for the console and the minutes. */
    public String describe() {
        return "Trúng khi số phiếu " + threshold.describe() + " " + base.vietnamese()
                + "; túc số: ít nhất " + quorum + " số người được triệu tập có mặt"
                + (announced ? "; công bố kết quả tại hội nghị" : "; không công bố kết quả tại hội nghị")
                + (selection == Selection.TOP_DOWN ? "; lấy từ cao xuống thấp đến đủ số lượng" : "")
                + (allowNominations ? "; được giới thiệu thêm người ngoài danh sách" : "") + ".";
    }
}
