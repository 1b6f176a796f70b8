package vn.phieukin.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Objects;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.ballot.SealPublicKey;

/**
 * The record's seal (PROTOCOL.md): {@code "seal":{"alg":"Ed25519","keyId","signature"}}, an
 * Ed25519 signature by the installation's seal key over UTF-8 {@code "phieukin/record/v1|"} ‖
 * {@code JCS(record without "seal")}.
 */
public final class Sealer {

    public static final String ALG = "Ed25519";
    private static final byte[] DOMAIN = "phieukin/record/v1|".getBytes(StandardCharsets.UTF_8);

    private Sealer() {
    }

    /**
     * The sealed record of a round, ready to store and serve: {@link SealedRecords#unsealed}
     * with the seal added. The server calls this at close and after each chair decision.
     *
     * @throws IllegalArgumentException when the result names a cadre missing from the review's
     *         registry, or a request or paper choice holds a value canonical JSON refuses (a float)
     */
    public static ObjectNode seal(RecordInput input, SealKey sealKey) {
        return seal(SealedRecords.unsealed(input), sealKey);
    }

    /**
     * A copy of {@code record} with {@code seal} set (any seal it had is replaced, never signed).
     *
     * @throws IllegalArgumentException when the record holds a value canonical JSON refuses
     */
    public static ObjectNode seal(ObjectNode record, SealKey sealKey) {
        Objects.requireNonNull(sealKey, "sealKey");
        ObjectNode sealed = record.deepCopy();
        sealed.remove("seal");
        byte[] signature = sealKey.sign(signedBytes(sealed));
        ObjectNode seal = sealed.putObject("seal");
        seal.put("alg", ALG);
        seal.put("keyId", sealKey.keyId());
        seal.put("signature", Base64Url.encode(signature));
        return sealed;
    }

    /**
     * The bytes the seal signs: {@code "phieukin/record/v1|"} ‖ JCS of {@code record} without its
     * {@code seal} member (present or not).
     *
     * @throws IllegalArgumentException when the record holds a value canonical JSON refuses
     */
    public static byte[] signedBytes(JsonNode record) {
        if (!record.isObject()) {
            throw new IllegalArgumentException("a record is a JSON object");
        }
        // A shallow copy without the seal: the members are shared, never changed, and a
        // 10,000-ballot record is not copied just to be hashed.
        ObjectNode withoutSeal = ProcedureJson.newObject();
        record.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("seal")) {
                withoutSeal.set(field.getKey(), field.getValue());
            }
        });
        byte[] jcs = CanonicalJson.encode(withoutSeal);
        byte[] out = new byte[DOMAIN.length + jcs.length];
        System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
        System.arraycopy(jcs, 0, out, DOMAIN.length, jcs.length);
        return out;
    }

    /**
     * {@link #verify(JsonNode, SealPublicKey)}, with the canonical text of some of the record's
     * nodes known beforehand (by identity, e.g. each ballot's request, canonicalised once for its
     * receipt): the signed bytes are streamed into the verification, never built whole.
     */
    public static boolean verify(JsonNode record, SealPublicKey key, IdentityHashMap<JsonNode, String> canonical) {
        JsonNode seal = record == null ? null : record.get("seal");
        if (seal == null || !seal.isObject() || !ALG.equals(seal.path("alg").textValue())
                || !key.keyId().equals(seal.path("keyId").textValue()) || !seal.path("signature").isTextual()
                || !record.isObject()) {
            return false;
        }
        try {
            byte[] signature = Base64Url.decode(seal.get("signature").textValue());
            SealPublicKey.Verification verification = key.verification();
            verification.write(DOMAIN, 0, DOMAIN.length);
            CanonicalJson.encodeTo(withoutSeal(record), canonical, verification);
            return verification.verify(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A shallow copy without the seal: the members are shared, never changed. */
    static ObjectNode withoutSeal(JsonNode record) {
        ObjectNode withoutSeal = ProcedureJson.newObject();
        record.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("seal")) {
                withoutSeal.set(field.getKey(), field.getValue());
            }
        });
        return withoutSeal;
    }

    /**
     * Whether the record's seal is a valid signature by {@code key} (alg Ed25519, keyId of that
     * key). Never throws on a malformed record.
     */
    public static boolean verify(JsonNode record, SealPublicKey key) {
        JsonNode seal = record == null ? null : record.get("seal");
        if (seal == null || !seal.isObject() || !ALG.equals(seal.path("alg").textValue())
                || !key.keyId().equals(seal.path("keyId").textValue()) || !seal.path("signature").isTextual()) {
            return false;
        }
        try {
            return key.verify(signedBytes(record), Base64Url.decode(seal.get("signature").textValue()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
