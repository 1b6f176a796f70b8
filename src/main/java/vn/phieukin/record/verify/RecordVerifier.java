package vn.phieukin.record.verify;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import vn.phieukin.ballot.SealPublicKey;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.SealedRecords;
import vn.phieukin.record.v2.RecordV2;

/**
 * The offline verifier (PROTOCOL.md "Verifier checks"): runs V1–V9 on a sealed record with the
 * seal public key the auditor obtained out of band, recomputing everything from the ballots
 * with the same procedure code the server uses. Every check runs and reports all it finds; none
 * stops at the first failure. Needs no server, database or network.
 */
public final class RecordVerifier {

    private RecordVerifier() {
    }

    /** Reads a record file strictly (duplicate keys refused). */
    public static JsonNode read(Path file) throws UnreadableRecordException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableRecordException("Không đọc được tệp " + file + ": " + e.getMessage());
        }
        return parse(bytes);
    }

    /** Parses a record strictly and checks it is one this verifier can check. */
    public static JsonNode parse(byte[] json) throws UnreadableRecordException {
        JsonNode record;
        try {
            record = ProcedureJson.mapper().readTree(json);
        } catch (JacksonException e) {
            throw new UnreadableRecordException("Tệp không phải JSON hợp lệ"
                    + (e.getLocation() != null ? " (dòng " + e.getLocation().getLineNr() + ", cột "
                    + e.getLocation().getColumnNr() + ")" : "") + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnreadableRecordException("Không đọc được biên bản: " + e.getMessage());
        }
        requireKnownForm(record);
        return record;
    }

    /** A JSON object with every top-level key of {@code phieukin-record/1}. */
    public static void requireKnownForm(JsonNode record) throws UnreadableRecordException {
        if (record == null || !record.isObject()) {
            throw new UnreadableRecordException("Biên bản phải là một đối tượng JSON, tệp chứa "
                    + (record == null || record.isMissingNode() ? "không gì cả" : record.getNodeType().name().toLowerCase()) + ".");
        }
        JsonNode format = record.get("format");
        boolean v2 = RecordV2.isV2(record);
        if (format == null || !(SealedRecords.FORMAT.equals(format.textValue()) || v2)) {
            throw new UnreadableRecordException("Không phải biên bản định dạng " + SealedRecords.FORMAT + " hay "
                    + RecordV2.FORMAT + (format == null ? " (không có trường format)." : " (format là " + format + ")."));
        }
        List<String> missing = new ArrayList<>();
        List<String> keys = new ArrayList<>(SealedRecords.TOP_LEVEL_KEYS);
        if (v2) {
            keys.addAll(RecordV2.EXTRA_KEYS);
        }
        for (String key : keys) {
            if (!record.has(key)) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new UnreadableRecordException("Biên bản thiếu trường: " + String.join(", ", missing) + ".");
        }
    }

    /**
     * Runs V1–V9.
     *
     * @param previous the record this one supersedes, when the auditor has it (V9), else null
     * @throws UnreadableRecordException when the record is not of the known form at all
     */
    public static VerificationReport verify(JsonNode record, SealPublicKey sealKey, JsonNode previous)
            throws UnreadableRecordException {
        return verify(record, sealKey, previous, Timings.off());
    }

    static VerificationReport verify(JsonNode record, SealPublicKey sealKey, JsonNode previous, Timings timings)
            throws UnreadableRecordException {
        Objects.requireNonNull(sealKey, "sealKey");
        requireKnownForm(record);
        RecordContents contents = RecordContents.read(record);
        timings.mark("read");
        Recount recount = Recount.of(contents);
        timings.mark("recount");
        CheckResult v1 = guarded(CheckId.V1, () -> FormatAndSeal.check(contents, sealKey));
        timings.mark("seal");
        CheckResult v2 = guarded(CheckId.V2, () -> TokenSignatures.check(contents));
        timings.mark("tokens");
        CheckResult v3 = guarded(CheckId.V3, () -> BallotSignatures.check(contents));
        timings.mark("ballots");
        CheckResult v4 = guarded(CheckId.V4, () -> TokenKeysAndReceipts.check(contents));
        timings.mark("receipts");
        List<CheckResult> checks = new ArrayList<>(List.of(v1, v2, v3, v4,
                guarded(CheckId.V5, () -> BallotValidity.check(contents, recount)),
                guarded(CheckId.V6, () -> IssuedAndAttendance.check(contents)),
                guarded(CheckId.V7, () -> TallyRecount.check(contents, recount)),
                guarded(CheckId.V8, () -> ResultRecount.check(contents, recount)),
                guarded(CheckId.V9, () -> Supersedes.check(contents, previous))));
        timings.mark("other-checks");
        if (contents.v2 != null) {
            checks.add(guarded(CheckId.V10, () -> V2Checks.committee(contents)));
            checks.add(guarded(CheckId.V11, () -> V2Checks.decryption(contents, recount)));
            timings.mark("v2-checks");
        }
        String hash;
        try {
            hash = vn.phieukin.record.RecordHash.sha256(record, contents.canonicalMembers()); // texts of the seal check
        } catch (IllegalArgumentException e) {
            hash = "không tính được (" + e.getMessage() + ")";
        }
        timings.mark("hash");
        return new VerificationReport(header(record), checks, hash);
    }

    /**
     * A check that cannot finish (e.g. counts so large that exact arithmetic overflows) fails with
     * the reason instead of taking the other checks' findings down with it.
     */
    private static CheckResult guarded(CheckId id, Supplier<CheckResult> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            return new CheckResult(id, List.of("Không kiểm tra hết được: biên bản chứa giá trị không thể tính lại ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")."), List.of());
        }
    }

    private static List<String> header(JsonNode record) {
        JsonNode round = record.path("round");
        JsonNode conference = record.path("conference");
        return List.of(
                "Biên bản " + record.path("format").asText() + " — phiên " + round.path("id").asText("?") + " (bước "
                        + round.path("step").asText("?") + ", " + round.path("kind").asText("?") + ")",
                "Hội nghị: " + conference.path("title").asText("?") + ", ngày " + conference.path("date").asText("?")
                        + "; đợt rà soát: " + record.path("review").path("name").asText("?"),
                "Phiếu điện tử: " + record.path("ballots").size() + "; phiếu giấy: " + record.path("paperBallots").size()
                        + "; quyết định của Bí thư: " + record.path("decisions").size());
    }
}
