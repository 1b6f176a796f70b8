package vn.phieukin.record.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.phieukin.procedure.BallotChoices;
import vn.phieukin.procedure.BallotValidation;
import vn.phieukin.procedure.Outcome;
import vn.phieukin.procedure.PaperBallot;
import vn.phieukin.procedure.Tally;
import vn.phieukin.procedure.Tallying;
import vn.phieukin.record.ProcedureJson;

/**
 * The ballots read again with the procedure's own rules (the same code the server ran when they
 * were cast or entered), and the tally counted again from them. Ballots the rules refuse are
 * reported by V5 and left out of the count.
 */
final class Recount {

    /** Per ballot of the record, in order: what the rules made of it. */
    final List<Outcome<BallotChoices>> electronic = new ArrayList<>();
    final List<Outcome<PaperBallot>> paper = new ArrayList<>();
    /** v2: the round's slot layout and each ballot's check (proofs), in record order; null for v1. */
    final vn.phieukin.committee.BallotLayout layout;
    final List<vn.phieukin.committee.BallotCheck> v2Ballots;
    /** Null when the round's ballot could not be read. */
    final Tally tally;

    /** Why the count could not be made, when {@link #tally} is null. */
    final String unavailable;

    private Recount(RecordContents c) {
        if (c.round == null) {
            tally = null;
            layout = null;
            v2Ballots = null;
            unavailable = "mẫu phiếu của phiên (round) không đọc được (xem V1)";
            return;
        }
        if (c.v2 != null) {
            layout = vn.phieukin.record.v2.Layouts.of(c.round);
            v2Ballots = c.v2.jointKey == null ? null : V2Checks.ballots(c, layout);
        } else {
            layout = null;
            v2Ballots = null;
        }
        if (c.v2 == null) electronic.addAll(c.ballots.parallelStream()
                .map(b -> b.body() == null
                        ? Outcome.<BallotChoices>refused("MALFORMED", "yêu cầu bỏ phiếu sai định dạng (" + b.shapeProblem() + ")")
                        : BallotValidation.electronic(c.round, ProcedureJson.plain(b.body())))
                .toList());
        List<BallotChoices> valid = electronic.stream().filter(Outcome::isAccepted).map(Outcome::value).toList();
        List<PaperBallot> validPaper = new ArrayList<>();
        for (RecordContents.PaperEntry p : c.paperBallots) {
            Outcome<PaperBallot> outcome = p.problem() != null
                    ? Outcome.refused("MALFORMED", p.problem())
                    : BallotValidation.paper(c.round, ProcedureJson.plain(p.choices()), p.invalid());
            paper.add(outcome);
            if (outcome.isAccepted()) {
                validPaper.add(outcome.value());
            }
        }
        Tally counted = null;
        String reason = null;
        try {
            counted = Tallying.tally(c.round, valid, validPaper);
            if (c.v2 != null) {
                // v2: the electronic counts are the decrypted totals (checked by V11), plus paper
                Map<String, Long> votes = c.v2.votes();
                if (votes == null || v2Ballots == null) {
                    throw new IllegalStateException("decryption hoặc committee không đọc được (xem V1)");
                }
                long validBallots = v2Ballots.stream().filter(vn.phieukin.committee.BallotCheck::isValid).count();
                counted = vn.phieukin.record.v2.V2Tally.combine(c.round, counted, validBallots, votes);
            }
        } catch (RuntimeException e) {
            reason = "không đếm được (" + e.getMessage() + ")";
        }
        tally = counted;
        unavailable = reason;
    }

    static Recount of(RecordContents c) {
        return new Recount(c);
    }
}
