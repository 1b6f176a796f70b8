package vn.phieukin.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import vn.phieukin.ballot.SealPublicKey;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.Sealer;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.RoundStore;

/**
 * What follows from a step (the next step's ballot, the planning view) is read from the latest
 * sealed record of the step's last closed round, and that record's seal is checked with the
 * installation's seal key each time it is read: a record or a result changed in the database
 * after the close is refused ({@code 409 RECORD_INVALID}), never used.
 */
final class SealedSource {

    /** The latest sealed record of a step's last closed round. */
    record Latest(String roundId, int version, JsonNode record) {
        JsonNode result() {
            return record.path("result");
        }
    }

    private SealedSource() {
    }

    static Optional<Latest> latestOfStep(Connection c, String reviewId, int step, SealPublicKey key) throws SQLException {
        Optional<RoundStore.Round> round = RoundStore.latestClosedRoundOfStep(c, reviewId, step);
        if (round.isEmpty()) {
            return Optional.empty();
        }
        String roundId = round.get().id();
        RoundStore.StoredRecord stored = RoundStore.latestRecord(c, roundId)
                .orElseThrow(() -> invalid(roundId, step, "phiên đã kết thúc nhưng không có biên bản niêm phong nào"));
        JsonNode record;
        try {
            record = ProcedureJson.mapper().readTree(stored.recordJson());
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException unreadable) {
            throw invalid(roundId, step, "biên bản phiên bản " + stored.version() + " không đọc được");
        }
        if (!Sealer.verify(record, key)) {
            throw invalid(roundId, step, "chữ ký niêm phong của biên bản phiên bản " + stored.version()
                    + " không hợp lệ với khóa niêm phong " + key.keyId() + " (nội dung đã bị thay đổi sau khi niêm phong)");
        }
        if (!roundId.equals(record.path("round").path("id").textValue())
                || !reviewId.equals(record.path("review").path("id").textValue())
                || record.path("conference").path("step").asInt() != step) {
            throw invalid(roundId, step, "biên bản phiên bản " + stored.version() + " là của phiên "
                    + record.path("round").path("id") + ", không phải của phiên này");
        }
        return Optional.of(new Latest(roundId, stored.version(), record));
    }

    private static RefusedException invalid(String roundId, int step, String why) {
        return new RefusedException("RECORD_INVALID", "Không dùng được kết quả bước " + step + ": "
                + why + ". Hãy báo Ủy ban Kiểm tra; không lập phiếu hay danh sách quy hoạch từ kết quả này.");
    }
}
