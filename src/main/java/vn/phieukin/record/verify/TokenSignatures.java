package vn.phieukin.record.verify;

import java.util.List;
import java.util.Objects;
import vn.phieukin.ballot.TokenMessage;
import vn.phieukin.record.JsonDiff;

/**
 * V2: every token was signed by the round key (RSASSA-PSS-SHA384, salt 48) over
 * {@code prefix ‖ "phieukin/token/v1|" + roundId + "|" + tokenKey}: no ballot came without a
 * token the issuer handed out in this round. Verified in parallel on all cores.
 */
final class TokenSignatures {

    private TokenSignatures() {
    }

    static CheckResult check(RecordContents c) {
        Findings findings = new Findings(CheckId.V2);
        if (!JsonDiff.same(c.record.path("round").path("tokenKey"), c.record.path("tokenKey"))) {
            findings.fail("Khóa phiên ở tokenKey khác với khóa phiên ghi trong round.tokenKey.");
        }
        if (c.tokenKey == null || c.roundId == null) {
            findings.fail("Không kiểm tra được thẻ nào: " + (c.tokenKey == null
                    ? "khóa phiên (tokenKey) không đọc được" : "mã phiên (round.id) không đọc được") + " (xem V1).");
            return findings.result();
        }
        List<String> failures = c.ballots.stream()
                .map(b -> {
                    if (b.shapeProblem() != null) {
                        return b.label() + ": không kiểm tra được thẻ vì yêu cầu bỏ phiếu sai định dạng (" + b.shapeProblem() + ").";
                    }
                    if (b.prefix().length != TokenMessage.PREFIX_LENGTH) {
                        return b.label() + ": tiền tố của thẻ dài " + b.prefix().length + " byte, phải là "
                                + TokenMessage.PREFIX_LENGTH + " byte.";
                    }
                    boolean valid = b.crypto().tokenValid(); // verified when the ballot was read (RecordContents.Crypto)
                    return valid ? null : b.label() + ": chữ ký thẻ không hợp lệ với khóa của phiên " + c.roundId
                            + " (thẻ không do phiên này phát, hoặc đã bị sửa).";
                })
                .filter(Objects::nonNull).toList();
        findings.failAll(failures);
        findings.note(c.ballots.size() + " thẻ đã kiểm tra.");
        return findings.result();
    }
}
