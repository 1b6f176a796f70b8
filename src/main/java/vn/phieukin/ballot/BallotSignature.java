package vn.phieukin.ballot;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The ballot signature of PROTOCOL.md: ECDSA P-256 with SHA-256 in IEEE P1363 form (r ‖ s,
 * 64 bytes, as WebCrypto produces it) over B = UTF-8 {@code "phieukin/ballot/v1|"} ‖ JCS(body),
 * by the token key. Bouncy Castle's lightweight ECDSA, which verifies several times faster than
 * the JDK's SunEC on Java 17.
 */
public final class BallotSignature {

    public static final int SIGNATURE_LENGTH = 64;
    static final ECNamedDomainParameters P256 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);
    private static final byte[] DOMAIN = "phieukin/ballot/v1|".getBytes(StandardCharsets.UTF_8);
    private static final int FIELD_BYTES = 32;

    private BallotSignature() {
    }

    /**
     * B = {@code "phieukin/ballot/v1|"} ‖ JCS(body), the bytes the token key signs.
     *
     * @param body a Jackson tree or plain Java values (see {@link CanonicalJson})
     * @throws IllegalArgumentException when the body is not canonical-JSON-able
     */
    public static byte[] signedBytes(Object body) {
        byte[] jcs = CanonicalJson.encode(body);
        byte[] out = Arrays.copyOf(DOMAIN, DOMAIN.length + jcs.length);
        System.arraycopy(jcs, 0, out, DOMAIN.length, jcs.length);
        return out;
    }

    /** Signs a ballot body, giving the 64-byte P1363 signature (deterministic ECDSA, RFC 6979). */
    public static byte[] sign(TokenKeyPair keys, Object body) {
        Objects.requireNonNull(keys, "keys");
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, keys.privateKey());
        BigInteger[] rs = signer.generateSignature(sha256(signedBytes(body)));
        byte[] out = new byte[SIGNATURE_LENGTH];
        System.arraycopy(RsaIntegers.i2osp(rs[0], FIELD_BYTES), 0, out, 0, FIELD_BYTES);
        System.arraycopy(RsaIntegers.i2osp(rs[1], FIELD_BYTES), 0, out, FIELD_BYTES, FIELD_BYTES);
        return out;
    }

    /**
     * Whether {@code signature} is a valid P1363 ECDSA P-256/SHA-256 signature of the body under
     * {@code tokenKey}. Built for attacker input: any malformed key, body or signature (or a null)
     * gives false, never an exception.
     */
    public static boolean verify(String tokenKey, Object body, byte[] signature) {
        if (tokenKey == null || signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            ECPublicKeyParameters key = parseTokenKey(tokenKey);
            byte[] hash = sha256(signedBytes(body));
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, FIELD_BYTES));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, FIELD_BYTES, SIGNATURE_LENGTH));
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, key);
            return verifier.verifySignature(hash, r, s); // also refuses r or s outside [1, order)
        } catch (RuntimeException ex) {
            return false;
        }
    }

    /**
     * {@link #verify} for a body already in its canonical form: {@code canonicalBody} = JCS(body),
     * computed once by the caller (who also needs it for the receipt). Never throws on bad input.
     */
    public static boolean verifyCanonical(String tokenKey, byte[] canonicalBody, byte[] signature) {
        if (tokenKey == null || canonicalBody == null || signature == null || signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        try {
            ECPublicKeyParameters key = parseTokenKey(tokenKey);
            SHA256Digest digest = new SHA256Digest();
            digest.update(DOMAIN, 0, DOMAIN.length);
            digest.update(canonicalBody, 0, canonicalBody.length);
            byte[] hash = new byte[digest.getDigestSize()];
            digest.doFinal(hash, 0);
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, FIELD_BYTES));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, FIELD_BYTES, SIGNATURE_LENGTH));
            ECDSASigner verifier = new ECDSASigner();
            verifier.init(false, key);
            return verifier.verifySignature(hash, r, s);
        } catch (RuntimeException ex) {
            return false;
        }
    }

    /**
     * Parses a token key: base64url of a DER SubjectPublicKeyInfo with id-ecPublicKey, the named
     * curve P-256 and an uncompressed point on the curve, encoded exactly as DER re-encodes it
     * (so one public key has one token key text).
     *
     * @throws IllegalArgumentException for anything else
     */
    static ECPublicKeyParameters parseTokenKey(String tokenKey) {
        Objects.requireNonNull(tokenKey, "tokenKey");
        byte[] der = Base64Url.decode(tokenKey);
        if (der.length == SPKI_HEADER.length + 2 * FIELD_BYTES
                && Arrays.equals(der, 0, SPKI_HEADER.length, SPKI_HEADER, 0, SPKI_HEADER.length)) {
            // the one DER text of such a key: the ASN.1 parse below would accept exactly these bytes
            return onCurve(Arrays.copyOfRange(der, SPKI_HEADER.length - 1, der.length));
        }
        return parseTokenKeyDer(der);
    }

    /**
     * The DER of every P-256 SubjectPublicKeyInfo with an uncompressed point, up to the point's
     * coordinates: SEQUENCE(89) { SEQUENCE(19) { OID id-ecPublicKey, OID secp256r1 }, BIT STRING(66)
     * with no unused bits, 0x04 }. DER has one encoding per value, so a token key is valid iff
     * it is these 27 bytes then x ‖ y of a point on the curve ({@code parseTokenKeyDer} says the
     * same by parsing, as BallotSignatureTest checks byte by byte).
     */
    private static final byte[] SPKI_HEADER = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce,
            0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04};

    /** {@link #parseTokenKey} by parsing the DER with Bouncy Castle's ASN.1 reader. */
    static ECPublicKeyParameters parseTokenKeyDer(byte[] der) {
        SubjectPublicKeyInfo spki;
        try {
            spki = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (spki == null || !Arrays.equals(spki.getEncoded("DER"), der)) {
                throw new IllegalArgumentException("token key is not DER");
            }
        } catch (java.io.IOException | RuntimeException ex) {
            throw new IllegalArgumentException("token key is not a DER SubjectPublicKeyInfo", ex);
        }
        AlgorithmIdentifier algorithm = spki.getAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())
                || !(algorithm.getParameters() instanceof ASN1ObjectIdentifier)
                || !SECObjectIdentifiers.secp256r1.equals(algorithm.getParameters())) {
            throw new IllegalArgumentException("token key is not an ECDSA P-256 key");
        }
        byte[] point = spki.getPublicKeyData().getOctets();
        if (point.length != 1 + 2 * FIELD_BYTES || point[0] != 0x04) {
            throw new IllegalArgumentException("token key point is not uncompressed");
        }
        return onCurve(point);
    }

    private static ECPublicKeyParameters onCurve(byte[] point) {
        try {
            ECPoint q = P256.getCurve().decodePoint(point);
            return new ECPublicKeyParameters(q, P256); // checks the point is on the curve, not infinity
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("token key point is not on P-256", ex);
        }
    }

    private static byte[] sha256(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
