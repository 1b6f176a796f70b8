package vn.phieukin.procedure;

import java.util.Optional;

/** Gender as recorded in the cadre registry ("F" or "M"). */
public enum Gender {
    F,
    M;

    public static Optional<Gender> fromCode(String code) {
        if ("F".equals(code)) {
            return Optional.of(F);
        }
        if ("M".equals(code)) {
            return Optional.of(M);
        }
        return Optional.empty();
    }
}
