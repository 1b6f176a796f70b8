package vn.phieukin.ballot;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.generators.MGF1BytesGenerator;
import org.bouncycastle.crypto.params.MGFParameters;

/**
 * EMSA-PSS (RFC 8017 §9.1) with SHA-384, MGF1-SHA-384 and a 48-byte salt, the encoding of
 * RSABSSA-SHA384-PSS-Randomized. Written out here because RFC 9474 blinds the encoded message
 * itself, which Bouncy Castle's {@code PSSSigner} never exposes. Spec names: mHash, M', DB,
 * dbMask, maskedDB, H, EM; emBits is always modBits − 1.
 */
final class EmsaPss {

    static final int HASH_LENGTH = 48;
    static final int SALT_LENGTH = 48;

    private EmsaPss() {
    }

    /** EMSA-PSS-ENCODE(M, emBits) with the given salt. */
    static byte[] encode(byte[] message, int emBits, byte[] salt) {
        int emLen = (emBits + 7) / 8;
        if (emLen < HASH_LENGTH + salt.length + 2) {
            throw new IllegalArgumentException("encoding error: modulus too short for SHA-384 PSS");
        }
        byte[] mHash = sha384(message);
        byte[] h = sha384(new byte[8], mHash, salt);
        byte[] db = new byte[emLen - HASH_LENGTH - 1];
        db[db.length - salt.length - 1] = 0x01;
        System.arraycopy(salt, 0, db, db.length - salt.length, salt.length);
        byte[] dbMask = mgf1(h, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= dbMask[i];
        }
        db[0] &= (byte) (0xFF >>> (8 * emLen - emBits));
        byte[] em = new byte[emLen];
        System.arraycopy(db, 0, em, 0, db.length);
        System.arraycopy(h, 0, em, db.length, HASH_LENGTH);
        em[emLen - 1] = (byte) 0xBC;
        return em;
    }

    /** EMSA-PSS-VERIFY(M, EM, emBits) for a 48-byte salt; {@code em} must be exactly emLen bytes. */
    static boolean verify(byte[] message, byte[] em, int emBits) {
        int emLen = (emBits + 7) / 8;
        if (em.length != emLen || emLen < HASH_LENGTH + SALT_LENGTH + 2 || em[emLen - 1] != (byte) 0xBC) {
            return false;
        }
        int topMask = 0xFF >>> (8 * emLen - emBits);
        if ((em[0] & ~topMask & 0xFF) != 0) {
            return false;
        }
        byte[] db = Arrays.copyOfRange(em, 0, emLen - HASH_LENGTH - 1);
        byte[] h = Arrays.copyOfRange(em, emLen - HASH_LENGTH - 1, emLen - 1);
        byte[] dbMask = mgf1(h, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= dbMask[i];
        }
        db[0] &= (byte) topMask;
        int padding = emLen - HASH_LENGTH - SALT_LENGTH - 2;
        for (int i = 0; i < padding; i++) {
            if (db[i] != 0) {
                return false;
            }
        }
        if (db[padding] != 0x01) {
            return false;
        }
        byte[] salt = Arrays.copyOfRange(db, db.length - SALT_LENGTH, db.length);
        byte[] expected = sha384(new byte[8], sha384(message), salt);
        return MessageDigest.isEqual(expected, h);
    }

    static byte[] sha384(byte[]... parts) {
        SHA384Digest digest = new SHA384Digest();
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[HASH_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    private static byte[] mgf1(byte[] seed, int length) {
        MGF1BytesGenerator generator = new MGF1BytesGenerator(new SHA384Digest());
        generator.init(new MGFParameters(seed));
        byte[] mask = new byte[length];
        generator.generateBytes(mask, 0, length);
        return mask;
    }
}
