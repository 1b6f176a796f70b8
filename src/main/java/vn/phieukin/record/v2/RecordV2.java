package vn.phieukin.record.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sealed record of a v2 round, {@code phieukin-record/2} (COMMITTEE.md): v1's keys, with
 * {@code rules.encryption = "COMMITTEE"}, plus {@code committee}, {@code encryptedTally} and
 * {@code decryption}. {@code ballots} hold the encrypted requests; {@code tally} the decrypted
 * electronic counts plus paper.
 */
public final class RecordV2 {
    public static final String FORMAT = "phieukin-record/2";
    /** The top-level keys a v2 record adds to v1's. */
    public static final java.util.List<String> EXTRA_KEYS = java.util.List.of("committee", "encryptedTally", "decryption");

    /** Whether a record (any JSON) says it is v2. */
    public static boolean isV2(com.fasterxml.jackson.databind.JsonNode record) {
        return record != null && FORMAT.equals(record.path("format").textValue());
    }

    private RecordV2() {
    }

    /** A copy of an unsealed v1 record made v2 (seal it afterwards). */
    public static ObjectNode extend(ObjectNode v1, ObjectNode committee, ObjectNode encryptedTally, ObjectNode decryption) {
        ObjectNode record = v1.deepCopy();
        record.put("format", FORMAT);
        ((ObjectNode) record.get("rules")).put("encryption", "COMMITTEE");
        record.set("committee", committee);
        record.set("encryptedTally", encryptedTally);
        record.set("decryption", decryption);
        return record;
    }
}
