package vn.phieukin.committee;

/**
 * A point, scalar or message that is not what COMMITTEE.md's encodings allow: the whole message
 * it came in is invalid. The text names what was wrong (never the value itself).
 */
public final class InvalidEncodingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidEncodingException(String message) {
        super(message);
    }

    public InvalidEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
