package vn.phieukin.record.verify;

import com.fasterxml.jackson.databind.JsonNode;
import vn.phieukin.record.RecordHash;

/**
 * V9: a record written after a chair decision names the record it replaces by
 * {@code supersedes} = SHA-256 of JCS of that record; when the auditor gives the earlier record,
 * the hash must match and both must be of the same round.
 */
final class Supersedes {

    private Supersedes() {
    }

    static CheckResult check(RecordContents c, JsonNode previous) {
        Findings f = new Findings(CheckId.V9);
        JsonNode supersedes = c.record.path("supersedes");
        if (previous == null) {
            f.note(supersedes.isNull()
                    ? "Biên bản đầu tiên của phiên (supersedes = null)."
                    : "Biên bản này thay thế biên bản " + supersedes.asText() + "; không kiểm tra vì không có --previous.");
            return f.result();
        }
        String expected;
        try {
            expected = RecordHash.sha256(previous);
        } catch (IllegalArgumentException e) {
            f.fail("Biên bản trước (--previous) không viết được thành JSON chuẩn tắc: " + e.getMessage() + ".");
            return f.result();
        }
        if (supersedes.isNull()) {
            f.fail("Biên bản này không ghi supersedes (null) nhưng được đưa biên bản trước có SHA-256 " + expected + ".");
        } else if (!expected.equals(supersedes.asText())) {
            f.fail("supersedes ghi " + supersedes.asText() + ", nhưng SHA-256 của biên bản trước (--previous) là " + expected + ".");
        }
        JsonNode previousRound = previous.path("round").path("id");
        JsonNode round = c.record.path("round").path("id");
        if (!previousRound.equals(round)) {
            f.fail("Biên bản trước thuộc phiên " + previousRound + ", biên bản này thuộc phiên " + round + ".");
        }
        f.note("Biên bản trước: SHA-256 " + expected + ".");
        return f.result();
    }
}
