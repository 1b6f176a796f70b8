package vn.phieukin.record;

import java.util.regex.Pattern;

/** The SHA-256 a record is known by: what {@code supersedes} and the close answer's {@code recordSha256} hold. */
public final class RecordHash {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    private RecordHash() {
    }

    /** Whether {@code text} has the form of such a hash: 64 lowercase hex characters. */
    public static boolean isHash(String text) {
        return text != null && HEX_SHA256.matcher(text).matches();
    }
}
