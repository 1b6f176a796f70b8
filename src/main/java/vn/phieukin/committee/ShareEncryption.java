package vn.phieukin.committee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.ballot.Base64Url;

/**
 * The encryption of a share to its addressee (COMMITTEE.md, Deal), as WebCrypto does it on the
 * member devices: ECDH P-256 between the dealer's {@code E_i} private key and the addressee's
 * {@code E_j} (the shared secret is the x-coordinate, 32 bytes) → HKDF-SHA-256 (salt empty, info
 * UTF-8 {@code "phieukin/share/v2|" + ctx + "|" + i + "|" + j}, 32 bytes) → AES-256-GCM key;
 * 12-byte random IV; plaintext the 32-byte scalar; ciphertext = AES-GCM output with its 16-byte
 * tag appended (WebCrypto's layout, 48 bytes), no additional data. {@code E_i} travels as
 * base64url of its SPKI (named curve P-256, uncompressed point).
 */
public final class ShareEncryption {

    public static final int IV_BYTES = 12;
    public static final int CIPHERTEXT_BYTES = Encoding.SCALAR_BYTES + 16;

    private ShareEncryption() {
    }

    /** An {@code E_i} key pair: private scalar d in [1, q), public d·G. */
    public record KeyPair(BigInteger privateKey, ECPoint publicKey) {
        public KeyPair {
            Objects.requireNonNull(privateKey, "privateKey");
            publicKey = Group.onOurCurve(publicKey).normalize();
        }

        public static KeyPair generate(Randomness random) {
            BigInteger d = random.scalar();
            return new KeyPair(d, Group.timesG(d));
        }

        /** base64url of the SPKI, as published. */
        public String shareKey() {
            return spki(publicKey);
        }

        @Override
        public String toString() {
            return "KeyPair{" + shareKey() + "}"; // never the private key
        }
    }

    /** A published share {@code {from, to, iv, ciphertext}}. */
    public record EncryptedShare(int from, int to, byte[] iv, byte[] ciphertext) {
        public EncryptedShare {
            iv = iv.clone();
            ciphertext = ciphertext.clone();
        }

        @Override
        public byte[] iv() {
            return iv.clone();
        }

        @Override
        public byte[] ciphertext() {
            return ciphertext.clone();
        }

        public ObjectNode toJson() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("from", from);
            node.put("to", to);
            node.put("iv", Base64Url.encode(iv));
            node.put("ciphertext", Base64Url.encode(ciphertext));
            return node;
        }

        /** @throws InvalidEncodingException unless {from, to, iv (12 bytes), ciphertext (48 bytes)} */
        public static EncryptedShare fromJson(JsonNode node) {
            if (node == null || !node.isObject() || !node.path("from").canConvertToInt() || !node.path("to").canConvertToInt()
                    || !node.path("from").isIntegralNumber() || !node.path("to").isIntegralNumber()) {
                throw new InvalidEncodingException("a share is {from, to, iv, ciphertext}");
            }
            byte[] iv;
            byte[] ct;
            try {
                iv = Base64Url.decode(Ciphertext.text(node, "iv"));
                ct = Base64Url.decode(Ciphertext.text(node, "ciphertext"));
            } catch (InvalidEncodingException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InvalidEncodingException("iv or ciphertext is not base64url", e);
            }
            if (iv.length != IV_BYTES || ct.length != CIPHERTEXT_BYTES) {
                throw new InvalidEncodingException("iv is 12 bytes and ciphertext 48");
            }
            return new EncryptedShare(node.get("from").intValue(), node.get("to").intValue(), iv, ct);
        }
    }

    /** {@code "phieukin/share/v2|" + ctx + "|" + i + "|" + j}. */
    public static String info(String ctx, int from, int to) {
        return "phieukin/share/v2|" + ctx + "|" + from + "|" + to;
    }

    public static EncryptedShare encrypt(KeyPair dealer, ECPoint addressee, String ctx, int from, int to,
            BigInteger share, SecureRandom random) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        return encrypt(dealer, addressee, ctx, from, to, share, iv);
    }

    /** With a given IV (the known-answer vectors). */
    public static EncryptedShare encrypt(KeyPair dealer, ECPoint addressee, String ctx, int from, int to,
            BigInteger share, byte[] iv) {
        byte[] key = key(dealer.privateKey(), addressee, info(ctx, from, to));
        return new EncryptedShare(from, to, iv, gcm(true, key, iv, Encoding.scalarBytes(share)));
    }

    /**
     * Opens a share addressed to {@code addressee}, sent by the holder of {@code dealerKey}.
     *
     * @throws InvalidEncodingException when it does not decrypt (wrong key, tampered) or is not a scalar
     */
    public static BigInteger decrypt(KeyPair addressee, ECPoint dealerKey, String ctx, EncryptedShare share) {
        byte[] key = key(addressee.privateKey(), dealerKey, info(ctx, share.from(), share.to()));
        return Encoding.decodeScalar(gcm(false, key, share.iv(), share.ciphertext()));
    }

    /** The AES-256-GCM key: HKDF-SHA-256(ECDH x-coordinate, salt empty, info), 32 bytes. */
    static byte[] key(BigInteger privateKey, ECPoint publicKey, String info) {
        ECPoint shared = Group.times(Group.onOurCurve(publicKey), privateKey);
        if (shared.isInfinity()) {
            throw new InvalidEncodingException("ECDH gave the identity");
        }
        byte[] x = Encoding.scalarBytesUnchecked(shared.getAffineXCoord().toBigInteger());
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(x, new byte[0], info.getBytes(StandardCharsets.UTF_8)));
        byte[] key = new byte[32];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }

    private static byte[] gcm(boolean encrypt, byte[] key, byte[] iv, byte[] input) {
        GCMBlockCipher cipher = (GCMBlockCipher) GCMBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, iv));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int n = cipher.processBytes(input, 0, input.length, out, 0);
        try {
            n += cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new InvalidEncodingException("the share does not decrypt with this key (wrong key or altered)", e);
        }
        return Arrays.copyOf(out, n);
    }

    /** base64url of the DER SubjectPublicKeyInfo (id-ecPublicKey, P-256, uncompressed point). */
    public static String spki(ECPoint publicKey) {
        try {
            return Base64Url.encode(new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, SECObjectIdentifiers.secp256r1),
                    Group.onOurCurve(publicKey).getEncoded(false)).getEncoded("DER"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws InvalidEncodingException unless base64url of exactly such an SPKI with a valid point */
    public static ECPoint parseSpki(String shareKey) {
        byte[] der;
        try {
            der = Base64Url.decode(Objects.requireNonNull(shareKey, "shareKey"));
        } catch (IllegalArgumentException e) {
            throw new InvalidEncodingException("shareKey is not base64url", e);
        }
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (info == null || !Arrays.equals(info.getEncoded("DER"), der)) {
                throw new InvalidEncodingException("shareKey is not DER");
            }
        } catch (IOException | RuntimeException e) {
            throw e instanceof InvalidEncodingException i ? i : new InvalidEncodingException("shareKey is not an SPKI", e);
        }
        AlgorithmIdentifier algorithm = info.getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                || !(algorithm.getParameters() instanceof ASN1ObjectIdentifier)
                || !SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters())) {
            throw new InvalidEncodingException("shareKey is not a P-256 key");
        }
        byte[] point = info.getPublicKeyData().getOctets();
        if (point.length != 65 || point[0] != 0x04) {
            throw new InvalidEncodingException("shareKey point is not uncompressed");
        }
        try {
            ECPoint p = Group.CURVE.decodePoint(point).normalize();
            if (p.isInfinity() || !p.isValid()) {
                throw new InvalidEncodingException("shareKey point is not on P-256");
            }
            return p;
        } catch (InvalidEncodingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidEncodingException("shareKey point is not on P-256", e);
        }
    }
}
