package vn.phieukin.ballot;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * A token's ECDSA P-256 key pair as a Java client holds it (the tablet keeps its own in
 * IndexedDB). {@link #tokenKey()} is the public key as the protocol names it: base64url of the
 * SPKI DER, exactly what WebCrypto's {@code exportKey("spki")} gives.
 */
public final class TokenKeyPair {

    private final ECPrivateKeyParameters privateKey;
    private final String tokenKey;

    private TokenKeyPair(ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey) {
        this.privateKey = privateKey;
        try {
            this.tokenKey = Base64Url.encode(SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey)
                    .getEncoded("DER"));
        } catch (IOException ex) {
            throw new IllegalStateException("P-256 public key could not be encoded", ex);
        }
    }

    public static TokenKeyPair generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(BallotSignature.P256, random));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new TokenKeyPair((ECPrivateKeyParameters) pair.getPrivate(), (ECPublicKeyParameters) pair.getPublic());
    }

    /** base64url(SPKI DER) of the public key. */
    public String tokenKey() {
        return tokenKey;
    }

    ECPrivateKeyParameters privateKey() {
        return privateKey;
    }
}
