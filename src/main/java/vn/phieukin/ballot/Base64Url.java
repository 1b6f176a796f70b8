package vn.phieukin.ballot;

import java.util.Base64;
import java.util.Objects;

/** Base64url without padding (RFC 4648 §5), the encoding of every binary value in the protocol. */
public final class Base64Url {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] data) {
        return ENCODER.encodeToString(Objects.requireNonNull(data, "data"));
    }

    /**
     * Decodes strictly: only the url-safe alphabet, no padding, no line breaks, and no stray
     * bits in the last character, so that every byte string has exactly one accepted text.
     *
     * @throws IllegalArgumentException when the text is not canonical base64url
     */
    public static byte[] decode(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("not base64url without padding: character at " + i);
            }
        }
        if (text.length() % 4 == 1) {
            throw new IllegalArgumentException("not base64url: impossible length " + text.length());
        }
        byte[] data = DECODER.decode(text);
        if (!ENCODER.encodeToString(data).equals(text)) {
            throw new IllegalArgumentException("not canonical base64url: stray bits in the last character");
        }
        return data;
    }
}
