package vn.phieukin.ballot;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * The public half of the installation's seal key (Ed25519), what an auditor is given to check a
 * sealed record: the file {@code seal-ed25519.pub.pem} or the raw 32-byte key in base64url.
 */
public final class SealPublicKey {

    public static final int KEY_LENGTH = 32;
    public static final int SIGNATURE_LENGTH = 64;
    private static final String PEM_TYPE = "PUBLIC KEY";

    private final byte[] raw;
    private final Ed25519PublicKeyParameters key;

    private SealPublicKey(byte[] raw) {
        if (raw.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, got " + raw.length);
        }
        try {
            this.key = new Ed25519PublicKeyParameters(raw);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("not a valid Ed25519 public key", ex);
        }
        this.raw = raw.clone();
    }

    /** From the raw 32-byte key. @throws IllegalArgumentException when it is not an Ed25519 key */
    public static SealPublicKey fromRaw(byte[] raw) {
        return new SealPublicKey(Objects.requireNonNull(raw, "raw"));
    }

    /**
     * What an auditor passes on the command line: a path to an SPKI PEM file (as the server writes
     * {@code keys/seal-ed25519.pub.pem}), PEM text itself, or the raw key in base64url.
     *
     * @throws IllegalArgumentException with the reason when none of these gives an Ed25519 public key
     */
    public static SealPublicKey parse(String pemFileOrBase64Url) {
        Objects.requireNonNull(pemFileOrBase64Url, "pemFileOrBase64Url");
        String text = pemFileOrBase64Url.trim();
        if (text.startsWith("-----BEGIN")) {
            return fromPem(text);
        }
        Path file = null;
        try {
            file = Path.of(text);
        } catch (InvalidPathException notAPath) {
            // fall through to base64url
        }
        if (file != null && Files.isRegularFile(file)) {
            try {
                return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
            } catch (IOException ex) {
                throw new IllegalArgumentException("cannot read the seal public key file " + file + ": " + ex.getMessage(), ex);
            }
        }
        byte[] raw;
        try {
            raw = Base64Url.decode(text);
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("\"" + text + "\" is neither a seal public key file nor a base64url Ed25519 key", ex);
        }
        return new SealPublicKey(raw);
    }

    /** From PEM text with one {@code PUBLIC KEY} (SubjectPublicKeyInfo, id-Ed25519). */
    public static SealPublicKey fromPem(String pem) {
        PemObject object;
        try (PemReader reader = new PemReader(new StringReader(pem))) {
            object = reader.readPemObject();
        } catch (IOException | RuntimeException ex) {
            throw new IllegalArgumentException("not readable PEM: " + ex.getMessage(), ex);
        }
        if (object == null || !PEM_TYPE.equals(object.getType())) {
            throw new IllegalArgumentException("PEM does not hold a PUBLIC KEY");
        }
        SubjectPublicKeyInfo spki;
        try {
            spki = SubjectPublicKeyInfo.getInstance(object.getContent());
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("PEM PUBLIC KEY is not a SubjectPublicKeyInfo", ex);
        }
        if (!EdECObjectIdentifiers.id_Ed25519.equals(spki.getAlgorithm().getAlgorithm())) {
            throw new IllegalArgumentException("PEM PUBLIC KEY is not an Ed25519 key");
        }
        return new SealPublicKey(spki.getPublicKeyData().getOctets());
    }

    /** The 32-byte public key. */
    public byte[] raw() {
        return raw.clone();
    }

    public String base64Url() {
        return Base64Url.encode(raw);
    }

    /** First 16 hex characters of SHA-256 of the raw public key (PROTOCOL.md). */
    public String keyId() {
        SHA256Digest digest = new SHA256Digest();
        digest.update(raw, 0, raw.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        return HexFormat.of().formatHex(hash, 0, 8);
    }

    /** The SPKI PEM text, as in {@code seal-ed25519.pub.pem}. */
    public String toPem() {
        byte[] spki;
        try {
            spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), raw).getEncoded("DER");
        } catch (IOException ex) {
            throw new IllegalStateException("Ed25519 public key could not be encoded", ex);
        }
        return pem(PEM_TYPE, spki);
    }

    /** Whether {@code signature} is this key's Ed25519 signature of {@code message}; never throws on bad input. */
    public boolean verify(byte[] message, byte[] signature) {
        if (message == null || signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, key);
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException ex) {
            return false;
        }
    }

    /**
     * A verification of this key's signature over a message written into the stream in pieces
     * (e.g. canonical JSON as it is produced), then {@link Verification#verify}.
     */
    public Verification verification() {
        return new Verification(key);
    }

    /** See {@link #verification()}. */
    public static final class Verification extends java.io.OutputStream {
        private final Ed25519Signer verifier = new Ed25519Signer();

        private Verification(Ed25519PublicKeyParameters key) {
            verifier.init(false, key);
        }

        @Override
        public void write(int b) {
            verifier.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            verifier.update(b, off, len);
        }

        /** Whether {@code signature} is this key's signature of what was written; never throws on bad input. */
        public boolean verify(byte[] signature) {
            if (signature == null || signature.length != SIGNATURE_LENGTH) {
                return false;
            }
            try {
                return verifier.verifySignature(signature);
            } catch (RuntimeException ex) {
                return false;
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SealPublicKey && Arrays.equals(raw, ((SealPublicKey) other).raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "SealPublicKey[keyId=" + keyId() + "]";
    }

    static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException ex) {
            throw new IllegalStateException("PEM could not be written", ex);
        }
        return out.toString();
    }
}
