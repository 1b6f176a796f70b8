package vn.phieukin.ballot;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The installation's seal key (Ed25519) that signs every sealed record. Created on first start
 * in the keys folder as {@code seal-ed25519.pem} (PKCS#8 PEM, mode 0600 from the moment the file
 * exists) and {@code seal-ed25519.pub.pem} (SPKI PEM), and reused on every later start, so that
 * all records of an installation carry the same keyId. Never logged.
 */
public final class SealKey {

    public static final String PRIVATE_FILE = "seal-ed25519.pem";
    public static final String PUBLIC_FILE = "seal-ed25519.pub.pem";
    private static final String PEM_TYPE = "PRIVATE KEY";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Ed25519PrivateKeyParameters privateKey;
    private final SealPublicKey publicKey;

    private SealKey(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = SealPublicKey.fromRaw(privateKey.generatePublicKey().getEncoded());
    }

    /**
     * Loads the seal key from {@code keysDir}, or creates it there when neither file exists.
     * Blocking file I/O: call it at start-up, not on an event loop.
     *
     * @throws IOException when the files cannot be read or written, the private key file is
     *         readable by others, is not an Ed25519 PKCS#8 key, or does not match the public key
     *         file beside it, or only the public key file exists (the message says which, in
     *         Vietnamese and English, since the operator has to fix it)
     */
    public static SealKey loadOrCreate(Path keysDir) throws IOException {
        Objects.requireNonNull(keysDir, "keysDir");
        createDirectories(keysDir);
        Path privateFile = keysDir.resolve(PRIVATE_FILE);
        Path publicFile = keysDir.resolve(PUBLIC_FILE);
        SealKey seal;
        if (Files.exists(privateFile)) {
            requireOwnerOnly(privateFile);
            seal = new SealKey(readPrivate(privateFile));
        } else if (Files.exists(publicFile)) {
            throw new IOException("Có tệp khóa công khai niêm phong " + publicFile + " nhưng thiếu khóa bí mật "
                    + privateFile + "; không tạo khóa mới để khỏi thay khóa mà kiểm toán viên đang dùng. "
                    + "Hãy khôi phục khóa bí mật hoặc chuyển tệp khóa công khai đi chỗ khác. / The seal public key "
                    + "exists without its private key; restore the private key or move the public key away.");
        } else {
            seal = new SealKey(new Ed25519PrivateKeyParameters(new SecureRandom()));
            writeOwnerOnly(privateFile, seal.privatePem());
        }
        if (Files.exists(publicFile)) {
            SealPublicKey onDisk;
            try {
                onDisk = SealPublicKey.fromPem(Files.readString(publicFile, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException ex) {
                throw new IOException("Tệp khóa công khai niêm phong " + publicFile + " không đọc được / "
                        + "the seal public key file is unreadable: " + ex.getMessage(), ex);
            }
            if (!onDisk.equals(seal.publicKey)) {
                throw new IOException("Khóa công khai niêm phong " + publicFile + " không khớp với khóa bí mật "
                        + privateFile + " / the seal public key does not match the private key");
            }
        } else {
            writePublic(publicFile, seal.publicKey.toPem());
        }
        return seal;
    }

    public SealPublicKey publicKey() {
        return publicKey;
    }

    /** {@link SealPublicKey#keyId()} of this key. */
    public String keyId() {
        return publicKey.keyId();
    }

    /** The 64-byte Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** A signature over a message written into the stream in pieces, then {@link Signing#sign()}. */
    public Signing signing() {
        return new Signing(privateKey);
    }

    /** See {@link #signing()}. */
    public static final class Signing extends java.io.OutputStream {
        private final Ed25519Signer signer = new Ed25519Signer();

        private Signing(org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters key) {
            signer.init(true, key);
        }

        @Override
        public void write(int b) {
            signer.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            signer.update(b, off, len);
        }

        /** The 64-byte Ed25519 signature of what was written. */
        public byte[] sign() {
            return signer.generateSignature();
        }
    }

    @Override
    public String toString() {
        return "SealKey[keyId=" + keyId() + "]";
    }

    // PKCS#8 v1 with the 32-byte seed as CurvePrivateKey (RFC 8410 §7), the form OpenSSL writes.
    private String privatePem() throws IOException {
        byte[] seed = privateKey.getEncoded();
        try {
            byte[] der = new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                    new DEROctetString(seed)).getEncoded("DER");
            return SealPublicKey.pem(PEM_TYPE, der);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static Ed25519PrivateKeyParameters readPrivate(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try (PemReader reader = new PemReader(new StringReader(text))) {
            PemObject object = reader.readPemObject();
            if (object == null || !PEM_TYPE.equals(object.getType())) {
                throw new IllegalArgumentException("no PRIVATE KEY block");
            }
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(object.getContent());
            if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
                throw new IllegalArgumentException("not an Ed25519 key");
            }
            byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            try {
                return new Ed25519PrivateKeyParameters(seed);
            } finally {
                Arrays.fill(seed, (byte) 0);
            }
        } catch (IllegalArgumentException | IOException | ClassCastException ex) {
            throw new IOException("Tệp khóa niêm phong " + file + " không phải khóa Ed25519 PKCS#8 hợp lệ / "
                    + "the seal key file is not a valid Ed25519 PKCS#8 key: " + ex.getMessage(), ex);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void createDirectories(Path keysDir) throws IOException {
        if (Files.isDirectory(keysDir)) {
            return;
        }
        if (posix(keysDir)) {
            Files.createDirectories(keysDir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } else {
            Files.createDirectories(keysDir);
        }
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException("Tệp khóa niêm phong " + file + " cho người khác đọc được (quyền "
                    + PosixFilePermissions.toString(permissions) + "); hãy chạy: chmod 600 " + file
                    + " / the seal key file is readable by others; run chmod 600 on it");
        }
    }

    // The temporary file is created with mode 0600 before a byte of the secret is written,
    // then renamed into place, so there is never a readable or half-written key file.
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        boolean posix = posix(file);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        try (FileChannel channel = FileChannel.open(temporary,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            if (posix) {
                Files.setPosixFilePermissions(temporary, OWNER_ONLY); // whatever the umask did
            }
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writePublic(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
