package vn.phieukin.store;

import java.util.Objects;
import vn.phieukin.procedure.Outcome;
import vn.phieukin.procedure.Refusal;

/**
 * An expected refusal (a code such as {@code NOT_FOUND} and a Vietnamese message for the user)
 * carried through a failed Future. Thrown inside a {@link WriteTask} it also undoes that
 * task's changes. The server maps the code to an HTTP status in one place.
 * No stack trace is captured: this is an answer, not a bug.
 */
public final class RefusedException extends RuntimeException {
    private final String code;
    private final transient Object details;

    public RefusedException(Refusal refusal) {
        this(refusal.code(), refusal.message(), null);
    }

    /** The value of an accepted outcome; a refused one is thrown as a RefusedException. */
    public static <T> T orThrow(Outcome<T> outcome) {
        if (outcome.isAccepted()) {
            return outcome.value();
        }
        throw new RefusedException(outcome.refusal());
    }

    public RefusedException(String code, String message) {
        this(code, message, null);
    }

    /** {@code details}: extra JSON-able data for the error body (e.g. the bad CSV lines), or null. */
    public RefusedException(String code, String message, Object details) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.details = details;
    }

    public String code() {
        return code;
    }

    public Object details() {
        return details;
    }
}
