package vn.phieukin.procedure;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Percentages for display only (two decimals, half-up); decisions never use them. */
public final class Percent {
    private Percent() {
    }

    /** e.g. 75 of 253 → "29.64"; a zero base gives "0.00". */
    public static String of(long part, long whole) {
        if (part < 0 || whole < 0) {
            throw new IllegalArgumentException("negative count");
        }
        if (whole == 0) {
            return "0.00";
        }
        return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 2, RoundingMode.HALF_UP).toPlainString();
    }
}
