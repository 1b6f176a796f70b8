package vn.phieukin.record.v2;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.ballot.Base64Url;

/**
 * A committee member's device simulated in Java, <b>for the demo and the tests only</b>: it
 * does what the page {@code /committee/} does on a member's own device (COMMITTEE.md key
 * ceremony and decryption), keeping its key share in this object's memory. A real committee
 * never runs this: each member's share must live only on that member's device.
 */
public final class SimulatedMember {
    private final int index;
    private final SecureRandom random;
    private final KeyPair ecdh;
    private final List<BigInteger> coefficients = new ArrayList<>();
    private BigInteger share;

    public SimulatedMember(int index, SecureRandom random) {
        this.index = index;
        this.random = random;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            this.ecdh = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public int index() {
        return index;
    }

    /** {@code POST /committee/key} body. */
    public Map<String, Object> keyRequest() {
        return Map.of("shareKey", Base64Url.encode(ecdh.getPublic().getEncoded()));
    }

    /** {@code POST /committee/deal} body for the committee {@code view} (GET /committee, status DEAL). */
    public Map<String, Object> dealRequest(JsonNode view) {
        int k = view.path("threshold").asInt();
        String ctx = view.path("context").asText();
        coefficients.clear();
        List<String> commitments = new ArrayList<>();
        for (int l = 0; l < k; l++) {
            BigInteger a = P256.random(random);
            coefficients.add(a);
            commitments.add(P256.text(P256.base(a)));
        }
        Object[] pok = P256.pok(ctx, coefficients.get(0), random);
        List<Map<String, Object>> shares = new ArrayList<>();
        for (JsonNode m : view.path("members")) {
            int j = m.path("index").asInt();
            if (j == index) {
                continue;
            }
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            byte[] ciphertext = aes(Cipher.ENCRYPT_MODE, m.path("shareKey").asText(), ctx, index, j, iv,
                    P256.encode(evaluate(j)));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("to", j);
            s.put("iv", Base64Url.encode(iv));
            s.put("ciphertext", Base64Url.encode(ciphertext));
            shares.add(s);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("commitments", commitments);
        body.put("pok", Map.of("T", P256.text((ECPoint) pok[0]), "z", P256.text((BigInteger) pok[1])));
        body.put("shares", shares);
        return body;
    }

    /**
     * After every deal (status CHECK): decrypts and checks each share addressed here. Returns
     * {@code ["accept", {verificationKey}]} or {@code ["complaint", {against, reason}]}.
     */
    public Object[] check(JsonNode view) {
        String ctx = view.path("context").asText();
        BigInteger sum = evaluate(index);
        for (JsonNode s : view.path("shares")) {
            int from = s.path("from").asInt();
            JsonNode dealer = null;
            for (JsonNode m : view.path("members")) {
                if (m.path("index").asInt() == from) {
                    dealer = m;
                }
            }
            BigInteger value;
            try {
                value = new BigInteger(1, aes(Cipher.DECRYPT_MODE, dealer.path("shareKey").asText(), ctx, from, index,
                        Base64Url.decode(s.path("iv").asText()), Base64Url.decode(s.path("ciphertext").asText())));
            } catch (IllegalStateException e) {
                return new Object[] {"complaint", Map.of("against", from, "reason", "Không giải mã được phần khóa")};
            }
            List<ECPoint> commitments = new ArrayList<>();
            dealer.path("commitments").forEach(c -> commitments.add(P256.point(c.asText())));
            if (!P256.base(value).equals(P256.shareImage(index, commitments))) {
                return new Object[] {"complaint", Map.of("against", from, "reason", "Phần khóa không khớp cam kết")};
            }
            sum = sum.add(value);
        }
        share = sum.mod(P256.Q);
        return new Object[] {"accept", Map.of("verificationKey", P256.text(P256.base(share)))};
    }

    /** {@code POST /rounds/{id}/decryption} body for an encrypted tally's {@code slots}. */
    public Map<String, Object> decryptionRequest(String roundId, JsonNode slots) {
        if (share == null) {
            throw new IllegalStateException("no key share yet");
        }
        Map<String, Object> contributions = new LinkedHashMap<>();
        slots.fields().forEachRemaining(e -> {
            ECPoint alpha = P256.point(e.getValue().path("alpha").asText());
            Object[] d = P256.decryptionShare(roundId, e.getKey(), share, alpha, random);
            contributions.put(e.getKey(), Map.of("D", P256.text((ECPoint) d[0]), "c", P256.text((BigInteger) d[1]),
                    "s", P256.text((BigInteger) d[2])));
        });
        return Map.of("contributions", contributions);
    }

    /** For tamper tests only: the key share (a real device never lets it out). */
    public BigInteger shareForTests() {
        return share;
    }

    private BigInteger evaluate(int x) {
        BigInteger result = BigInteger.ZERO;
        BigInteger xx = BigInteger.valueOf(x);
        for (int l = coefficients.size() - 1; l >= 0; l--) {
            result = result.multiply(xx).add(coefficients.get(l)).mod(P256.Q);
        }
        return result;
    }

    /** AES-256-GCM under HKDF-SHA-256(ECDH(this device, other)), info {@code phieukin/share/v2|ctx|from|to}. */
    private byte[] aes(int mode, String otherSpki, String ctx, int from, int to, byte[] iv, byte[] input) {
        try {
            PublicKey other = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64Url.decode(otherSpki)));
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ecdh.getPrivate());
            agreement.doPhase(other, true);
            byte[] secret = agreement.generateSecret();
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(secret, new byte[0],
                    ("phieukin/share/v2|" + ctx + "|" + from + "|" + to).getBytes(StandardCharsets.UTF_8)));
            byte[] key = new byte[32];
            hkdf.generateBytes(key, 0, 32);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("share encryption failed", e);
        }
    }
}
