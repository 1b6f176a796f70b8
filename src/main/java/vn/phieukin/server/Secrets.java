package vn.phieukin.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Bearer tokens, pairing codes and passwords. Tokens and codes are kept only as SHA-256 hashes,
 * passwords only as bcrypt hashes; none of them is ever logged.
 */
public final class Secrets {
    /** bcrypt cost: about 50 ms per check on the target machine, run off the event loop. */
    static final int BCRYPT_COST = 10;
    /** bcrypt reads at most 72 bytes of a password. */
    public static final int MAX_PASSWORD_BYTES = 72;
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    /** Compared against when the username is unknown, so a login takes as long either way. */
    private static final String DUMMY_HASH;

    private final SecureRandom random;

    static {
        DUMMY_HASH = OpenBSDBCrypt.generate("2b", "not-a-password".toCharArray(), new byte[16], BCRYPT_COST);
    }

    public Secrets(SecureRandom random) {
        this.random = random;
    }

    /** A new bearer token: 32 random bytes, base64url. */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new 8-digit pairing code (leading zeros kept). */
    public String newPairingCode() {
        return String.format("%08d", random.nextInt(100_000_000));
    }

    /**
     * A new secret for the desk's QR code: 16 random bytes (128 bits), base64url (22
     * characters). Unlike the 8-digit code it cannot be guessed, so it is never rate-limited.
     */
    public String newPairingSecret() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A new random password for the first admin: 16 characters, no look-alikes (0/O, 1/l). */
    public String newPassword() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            out.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return out.toString();
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** bcrypt hash of a password; blocking (tens of milliseconds). */
    public String hashPassword(String password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, BCRYPT_COST);
    }

    /** Checks a password against a bcrypt hash (or a dummy one when null); blocking. */
    public static boolean passwordMatches(String hash, String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            OpenBSDBCrypt.checkPassword(DUMMY_HASH, "x".toCharArray());
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash == null ? DUMMY_HASH : hash, password.toCharArray()) && hash != null;
        } catch (IllegalArgumentException | org.bouncycastle.crypto.DataLengthException unreadable) {
            return false;
        }
    }
}
