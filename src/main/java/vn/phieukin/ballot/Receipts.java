package vn.phieukin.ballot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.Map;
import org.bouncycastle.crypto.digests.SHA256Digest;

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

    static String sha256Hex(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, 0, data.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        return HexFormat.of().formatHex(hash);
    }
}
