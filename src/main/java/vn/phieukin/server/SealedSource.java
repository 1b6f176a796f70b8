package vn.phieukin.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import vn.phieukin.ballot.SealPublicKey;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.RecordHash;
import vn.phieukin.record.Sealer;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.RoundStore;

/**
 * What follows from a step (the next step's ballot, the planning view) is read from the latest
 * sealed record of the step's last closed round, and that record's seal and hash are checked
 * each time it is read ({@link #checked}, which every reader of a record's contents uses): a
 * record or a result changed in the database or in its file after the close, or another
 * version copied over it, is refused ({@code 409 RECORD_INVALID}), never used.
 */
final class SealedSource {

    /** The latest sealed record of a step's last closed round. */
    record Latest(String roundId, int version, JsonNode record) {
        JsonNode result() {
            return record.path("result");
        }
    }

    /** What a refusal of {@link #checked} is about when the record itself is read. */
    static final String RECORD = "biên bản niêm phong";

    private SealedSource() {
    }

    static Optional<Latest> latestOfStep(Connection c, String reviewId, int step, SealPublicKey key) throws SQLException {
        Optional<RoundStore.Round> round = RoundStore.latestClosedRoundOfStep(c, reviewId, step);
        if (round.isEmpty()) {
            return Optional.empty();
        }
        String roundId = round.get().id();
        String what = "kết quả bước " + step;
        RoundStore.StoredRecord stored = RoundStore.latestRecord(c, roundId)
                .orElseThrow(() -> invalid(what, "phiên đã kết thúc nhưng không có biên bản niêm phong nào"));
        JsonNode record = checked(roundId, stored, key, what);
        if (!reviewId.equals(record.path("review").path("id").textValue())
                || record.path("conference").path("step").asInt() != step) {
            throw invalid(what, "biên bản phiên bản " + stored.version() + " là của một đợt rà soát hay bước khác");
        }
        return Optional.of(new Latest(roundId, stored.version(), record));
    }

    /**
     * A stored record's text, parsed and checked before anything is taken from it: sealed by
     * {@code key}, hashing to the SHA-256 its row names (so an older version of the same round,
     * itself validly sealed, copied over the file is refused), and of this round. {@code what}
     * names what the refusal is about ("kết quả bước 2", "biên bản niêm phong").
     *
     * @throws RefusedException {@code RECORD_INVALID} when any of that does not hold
     */
    static JsonNode checked(String roundId, RoundStore.StoredRecord stored, SealPublicKey key, String what) {
        String version = "biên bản phiên bản " + stored.version();
        JsonNode record;
        try {
            record = ProcedureJson.mapper().readTree(stored.recordJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException unreadable) {
            throw invalid(what, version + " không đọc được (không phải JSON)");
        }
        if (record == null || !record.isObject()) {
            throw invalid(what, version + " không đọc được (tệp rỗng hoặc không phải một biên bản)");
        }
        if (!Sealer.verify(record, key)) {
            throw invalid(what, "chữ ký niêm phong của " + version + " không hợp lệ với khóa niêm phong " + key.keyId()
                    + " (nội dung đã bị thay đổi sau khi niêm phong)");
        }
        String sha256;
        try {
            sha256 = RecordHash.sha256(record);
        } catch (IllegalArgumentException notCanonical) {
            throw invalid(what, version + " có giá trị không thể chuẩn hóa để tính mã SHA-256");
        }
        if (!sha256.equals(stored.sha256())) {
            throw invalid(what, "tệp của " + version + " không phải biên bản đã ghi cho phiên bản này (mã SHA-256 "
                    + sha256 + " thay vì " + stored.sha256() + "; có thể một phiên bản khác đã bị chép đè lên)");
        }
        if (!roundId.equals(record.path("round").path("id").textValue())) {
            throw invalid(what, version + " là của phiên " + record.path("round").path("id") + ", không phải của phiên này");
        }
        return record;
    }

    private static RefusedException invalid(String what, String why) {
        return new RefusedException("RECORD_INVALID", "Không dùng được " + what + ": " + why
                + ". Hãy báo Ủy ban Kiểm tra; không lập phiếu, danh sách quy hoạch hay biên bản từ kết quả này"
                + " cho đến khi khôi phục được biên bản đúng từ bản sao lưu.");
    }
}
