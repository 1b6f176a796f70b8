package vn.phieukin.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption key (KEK) that wraps the private round keys before they reach the
 * database: 32 random bytes in {@code keys/round-kek.bin} (mode 0600, created on first use),
 * AES-256-GCM with a fresh 96-bit nonce per key and the round id as associated data (a wrapped
 * key copied to another round's row does not unwrap). A copy of {@code data/} alone never holds
 * a round key in the clear; with {@code keys/} too, only the keys of rounds still open can be
 * unwrapped (a closed round's wrapped key is overwritten and deleted, see {@code RoundStore}).
 *
 * <p>Stored form: {@code "PKW1"} ‖ nonce (12) ‖ ciphertext ‖ tag (16).
 */
public final class RoundKeyWrap {
    /** The KEK's file name inside the keys folder. */
    public static final String FILE = "round-kek.bin";
    private static final byte[] MAGIC = "PKW1".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final SecretKeySpec kek;
    private final SecureRandom random;

    private RoundKeyWrap(byte[] kek, SecureRandom random) {
        this.kek = new SecretKeySpec(kek, "AES");
        this.random = random;
    }

    /** Reads {@code keysDir/round-kek.bin}, creating it (0600) if absent; blocking file I/O. */
    public static RoundKeyWrap loadOrCreate(Path keysDir, SecureRandom random) throws IOException {
        Objects.requireNonNull(keysDir, "keysDir");
        Objects.requireNonNull(random, "random");
        Files.createDirectories(keysDir);
        Path file = keysDir.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] fresh = new byte[KEY_BYTES];
            random.nextBytes(fresh);
            try {
                writeOwnerOnly(file, fresh);
            } catch (FileAlreadyExistsException raced) {
                // another start created it first: use that one
            } finally {
                Arrays.fill(fresh, (byte) 0);
            }
        }
        if (posix(file)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IOException("Tệp khóa bọc khóa phiên " + file + " cho người khác đọc được (quyền "
                        + PosixFilePermissions.toString(permissions) + "); hãy chạy: chmod 600 " + file
                        + " / the round key-encryption key is readable by others; run chmod 600 on it");
            }
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != KEY_BYTES) {
            throw new IOException("Tệp khóa bọc khóa phiên " + file + " phải dài đúng " + KEY_BYTES + " byte (dài "
                    + bytes.length + " byte) / the round key-encryption key file is damaged");
        }
        try {
            return new RoundKeyWrap(bytes, random);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** The PKCS#8 bytes of round {@code roundId}'s private key, encrypted and authenticated. */
    public byte[] wrap(String roundId, byte[] pkcs8) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(roundId));
            byte[] sealed = cipher.doFinal(pkcs8);
            return ByteBuffer.allocate(MAGIC.length + NONCE_BYTES + sealed.length).put(MAGIC).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * The PKCS#8 bytes that {@link #wrap} wrapped for {@code roundId}.
     *
     * @throws IllegalArgumentException when the bytes are not a key wrapped by this KEK for this round
     */
    public byte[] unwrap(String roundId, byte[] wrapped) {
        if (!isWrapped(wrapped) || wrapped.length < MAGIC.length + NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("not a wrapped round key");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, wrapped, MAGIC.length, NONCE_BYTES));
            cipher.updateAAD(aad(roundId));
            int start = MAGIC.length + NONCE_BYTES;
            return cipher.doFinal(wrapped, start, wrapped.length - start);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("the round key does not unwrap with this key-encryption key (wrong "
                    + "keys/" + FILE + ", another round's key, or damaged)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Whether stored bytes are in the wrapped form (older databases kept plain PKCS#8). */
    public static boolean isWrapped(byte[] stored) {
        return stored != null && stored.length >= MAGIC.length
                && Arrays.equals(Arrays.copyOf(stored, MAGIC.length), MAGIC);
    }

    private static byte[] aad(String roundId) {
        return ("phieukin/round-key/v1|" + roundId).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    // created 0600 before a byte is written, then moved into place (never a readable key file)
    private static void writeOwnerOnly(Path file, byte[] bytes) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        boolean posix = posix(file);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(temporary,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            if (posix) {
                Files.setPosixFilePermissions(temporary, OWNER_ONLY);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        if (Files.exists(file)) {
            Files.delete(temporary);
            throw new FileAlreadyExistsException(file.toString());
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
