package vn.phieukin.ballot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.Map;

/** The receipt of a cast ballot: lowercase hex SHA-256 of {@code JCS(whole request)} (PROTOCOL.md). */
public final class Receipts {

    private Receipts() {
    }

    /** @throws IllegalArgumentException when the request is not canonical-JSON-able (e.g. holds a float) */
    public static String of(JsonNode request) {
        return sha256Hex(CanonicalJson.encode(request));
    }

    /** The same for a request built from plain Java values. */
    public static String of(Map<String, ?> request) {
        return sha256Hex(CanonicalJson.encode(request));
    }

    /** The receipt of a request whose canonical form {@code JCS(request)} the caller already has. */
    public static String ofCanonical(byte[] canonicalRequest) {
        return sha256Hex(canonicalRequest);
    }

    /**
     * The JDK's SHA-256 (its compiler uses the CPU's SHA instructions where there are any): the
     * close recomputes 10,000 receipts over 12 MB, where Bouncy Castle's Java SHA-256 cost about
     * a tenth of the close. Same function, so the same receipts (the known-answer vectors check it).
     */
    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
