package vn.phieukin.record.verify;

/**
 * The record cannot be checked at all: not JSON, not an object, a top-level key missing, or a
 * format this verifier does not know. The message, in Vietnamese, says which.
 */
public final class UnreadableRecordException extends Exception {
    public UnreadableRecordException(String message) {
        super(message);
    }
}
