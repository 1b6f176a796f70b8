package vn.phieukin.record.verify;

/**
 * V5: every electronic ballot's body is valid for the round (every line or section once, in
 * order, allowed picks only, no over-selection), and every paper ballot reads as the counting
 * committee entered it, both by the procedure's own {@code BallotValidation}.
 */
final class BallotValidity {

    private BallotValidity() {
    }

    static CheckResult check(RecordContents c, Recount recount) {
        Findings findings = new Findings(CheckId.V5);
        if (c.round == null) {
            findings.fail("Không kiểm tra được: mẫu phiếu của phiên (round) không đọc được (xem V1).");
            return findings.result();
        }
        if (c.v2 != null) {
            V2Checks.ballotValidity(findings, c, recount);
        }
        for (int i = 0; c.v2 == null && i < c.ballots.size(); i++) {
            var outcome = recount.electronic.get(i);
            if (!outcome.isAccepted()) {
                findings.fail(c.ballots.get(i).label() + ": " + outcome.refusal().message());
            }
        }
        for (int i = 0; i < c.paperBallots.size(); i++) {
            var outcome = recount.paper.get(i);
            if (!outcome.isAccepted()) {
                findings.fail(c.paperBallots.get(i).label() + ": " + outcome.refusal().message());
            }
        }
        findings.note(c.ballots.size() + " phiếu điện tử, " + c.paperBallots.size() + " phiếu giấy theo mẫu phiếu của phiên "
                + c.round.roundId() + " (bước " + c.round.step() + ").");
        return findings.result();
    }
}
