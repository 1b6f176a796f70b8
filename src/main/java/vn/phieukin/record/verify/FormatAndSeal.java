package vn.phieukin.record.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import vn.phieukin.ballot.SealPublicKey;
import vn.phieukin.record.RecordHash;
import vn.phieukin.record.SealedRecords;
import vn.phieukin.record.Sealer;

/**
 * V1: the record has the form of {@code phieukin-record/1} (exactly its top-level keys, every part
 * readable, a closed round) and its seal is a valid Ed25519 signature by the seal key the auditor
 * obtained out of band. A record changed without re-sealing fails here.
 */
final class FormatAndSeal {

    private FormatAndSeal() {
    }

    static CheckResult check(RecordContents c, SealPublicKey sealKey) {
        Findings f = new Findings(CheckId.V1);
        JsonNode record = c.record;
        List<String> unknown = new ArrayList<>();
        record.fieldNames().forEachRemaining(name -> {
            if (!SealedRecords.TOP_LEVEL_KEYS.contains(name)
                    && !(c.v2 != null && vn.phieukin.record.v2.RecordV2.EXTRA_KEYS.contains(name))) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            f.fail("Biên bản có trường không thuộc định dạng " + record.path("format").asText() + ": " + String.join(", ", unknown) + ".");
        }
        c.problems.forEach(p -> f.fail("Sai định dạng — " + p + "."));
        JsonNode status = record.path("round").path("status");
        if (!"CLOSED".equals(status.textValue())) {
            f.fail("round.status là " + status + ": biên bản niêm phong chỉ được lập khi phiên đã đóng (CLOSED).");
        }
        JsonNode conferenceStep = record.path("conference").path("step");
        if (c.round != null && !(conferenceStep.isIntegralNumber() && conferenceStep.longValue() == c.round.step())) {
            f.fail("conference.step là " + conferenceStep + " nhưng round.step là " + c.round.step() + ".");
        }
        JsonNode supersedes = record.path("supersedes");
        if (!supersedes.isNull() && !(supersedes.isTextual() && RecordHash.isHash(supersedes.textValue()))) {
            f.fail("supersedes phải là null hoặc 64 ký tự hex thường, nhận được " + supersedes + ".");
        }

        JsonNode seal = record.path("seal");
        String keyId = sealKey.keyId();
        if (!seal.isObject()) {
            f.fail("Biên bản không có dấu niêm phong (seal).");
        } else if (!Sealer.ALG.equals(seal.path("alg").textValue())) {
            f.fail("seal.alg là " + seal.path("alg") + ", phải là \"" + Sealer.ALG + "\".");
        } else if (!keyId.equals(seal.path("keyId").textValue())) {
            f.fail("Biên bản được niêm phong bằng khóa " + seal.path("keyId") + ", không phải khóa được cung cấp (keyId "
                    + keyId + "). Hãy đối chiếu mã khóa với mã in trong biên bản kiểm phiếu và trên màn hình hội trường.");
        } else if (!Sealer.verify(record, sealKey, c.canonicalMembers())) {
            f.fail("Chữ ký niêm phong không hợp lệ: nội dung biên bản đã bị thay đổi sau khi niêm phong "
                    + "(hoặc chữ ký bị sửa).");
        }
        f.note("Khóa niêm phong keyId " + keyId + ".");
        return f.result();
    }
}
