package vn.phieukin.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import vn.phieukin.ballot.CanonicalJson;

/**
 * The SHA-256 a record is known by: lowercase hex SHA-256 of {@code JCS(whole record)}, seal
 * included. What the close endpoint answers as {@code recordSha256} and what the next record
 * after a chair decision puts in {@code supersedes}.
 */
public final class RecordHash {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private RecordHash() {
    }

    /** @throws IllegalArgumentException when the record holds a value canonical JSON refuses (a float) */
    public static String sha256(JsonNode record) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(record)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * The same, with the canonical text of some of the record's nodes known beforehand (by
     * identity; see {@link CanonicalJson#encodeToString(Object, java.util.IdentityHashMap)}),
     * streamed into the digest: the verifier reuses the texts it canonicalised for the seal.
     *
     * @throws IllegalArgumentException when the record holds a value canonical JSON refuses (a float)
     */
    public static String sha256(JsonNode record, java.util.IdentityHashMap<JsonNode, String> known) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            CanonicalJson.encodeTo(record, known,
                    new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), sha256));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Whether {@code text} has the form of such a hash: 64 lowercase hex characters. */
    public static boolean isHash(String text) {
        return text != null && HEX_SHA256.matcher(text).matches();
    }
}
