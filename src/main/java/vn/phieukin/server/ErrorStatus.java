package vn.phieukin.server;

import java.util.Map;

/**
 * The one place where a refusal code becomes an HTTP status (API.md). Handlers only ever
 * refuse with a code and a Vietnamese message; they never pick a status themselves.
 */
public final class ErrorStatus {
    private static final Map<String, Integer> STATUS = Map.ofEntries(
            Map.entry("BAD_REQUEST", 400),
            Map.entry("BAD_CSV", 400),
            Map.entry("BAD_PAIRING_CODE", 400),
            Map.entry("BAD_BLINDED_MESSAGE", 400),
            Map.entry("INVALID_BALLOT", 400),
            Map.entry("BAD_DECISION", 400),
            Map.entry("NOT_CONFIRMED", 400),
            Map.entry("BAD_CREDENTIALS", 401),
            Map.entry("UNAUTHENTICATED", 401),
            Map.entry("FORBIDDEN", 403),
            Map.entry("NOT_PRESENT", 403),
            Map.entry("BAD_TOKEN", 403),
            Map.entry("BAD_SIGNATURE", 403),
            Map.entry("NOT_FOUND", 404),
            Map.entry("METHOD_NOT_ALLOWED", 405),
            Map.entry("DUPLICATE", 409),
            Map.entry("DELEGATE_PRESENT", 409),
            Map.entry("DELEGATE_EXCLUDED", 409),
            Map.entry("QUORUM_NOT_MET", 409),
            Map.entry("ROUND_STATE", 409),
            Map.entry("ALREADY_ISSUED", 409),
            Map.entry("ALREADY_REPLACED", 409),
            Map.entry("NOT_NEEDED", 409),
            Map.entry("TOKEN_SPENT", 409),
            Map.entry("PAPER_LIMIT", 409),
            Map.entry("BALLOT_LIMIT", 409),
            Map.entry("NO_DECISION_PENDING", 409),
            Map.entry("CONFERENCE_ENDED", 409),
            Map.entry("REVIEW_FROZEN", 409),
            Map.entry("ROSTER_FROZEN", 409),
            Map.entry("IN_USE", 409),
            Map.entry("RECORD_INVALID", 409),
            Map.entry("PAYLOAD_TOO_LARGE", 413),
            Map.entry("UNSUPPORTED_MEDIA_TYPE", 415),
            Map.entry("TOO_MANY_ATTEMPTS", 429),
            Map.entry("STORAGE_FULL", 507),
            Map.entry("INTERNAL", 500));

    private ErrorStatus() {
    }

    /** The HTTP status of a refusal code; a code missing here is a programming error. */
    public static int of(String code) {
        Integer status = STATUS.get(code);
        if (status == null) {
            throw new IllegalArgumentException("refusal code without an HTTP status: " + code);
        }
        return status;
    }

    public static boolean known(String code) {
        return STATUS.containsKey(code);
    }
}
