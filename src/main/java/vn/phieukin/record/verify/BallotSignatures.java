package vn.phieukin.record.verify;

import java.util.List;
import java.util.Objects;

/**
 * V3: every ballot was signed by its token's key (ECDSA P-256, P1363) over
 * {@code "phieukin/ballot/v1|" ‖ JCS(body)}, and its body names this round: no choice was
 * changed after casting and no ballot was moved from another round. Verified in parallel.
 */
final class BallotSignatures {

    private BallotSignatures() {
    }

    static CheckResult check(RecordContents c) {
        Findings findings = new Findings(CheckId.V3);
        List<String> failures = c.ballots.stream()
                .map(b -> {
                    if (b.shapeProblem() != null) {
                        return b.label() + ": không kiểm tra được chữ ký vì yêu cầu bỏ phiếu sai định dạng ("
                                + b.shapeProblem() + ").";
                    }
                    String problem = null;
                    if (c.roundId != null && !(b.body().path("round").isTextual()
                            && c.roundId.equals(b.body().get("round").textValue()))) {
                        problem = b.label() + ": nội dung phiếu ghi phiên " + b.body().path("round")
                                + ", không phải phiên \"" + c.roundId + "\" của biên bản.";
                    }
                    if (!b.crypto().signatureValid()) { // verified when the ballot was read (RecordContents.Crypto)
                        String bad = b.label() + ": chữ ký phiếu không hợp lệ với khóa thẻ của nó"
                                + " (nội dung phiếu đã bị thay đổi sau khi bỏ, hoặc chữ ký bị sửa).";
                        problem = problem == null ? bad : problem + " " + bad;
                    }
                    return problem;
                })
                .filter(Objects::nonNull).toList();
        findings.failAll(failures);
        findings.note(c.ballots.size() + " phiếu đã kiểm tra.");
        return findings.result();
    }
}
