package vn.phieukin.ballot;

import java.util.Objects;

/**
 * A blinded message the issuer will not sign, with the reason: the request was malformed, so the
 * server answers 4xx. (A failed self-check after signing is a fault, not a refusal, and throws
 * {@link IllegalStateException} instead.)
 */
public final class BlindSignRefused extends Exception {

    /** Why the blinded message was refused. */
    public enum Reason {
        /** Not exactly modulus_len bytes. */
        WRONG_LENGTH,
        /** As an integer, not below the round key's modulus n. */
        NOT_BELOW_MODULUS
    }

    private final Reason reason;

    BlindSignRefused(Reason reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
