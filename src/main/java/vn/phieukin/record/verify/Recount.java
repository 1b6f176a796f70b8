package vn.phieukin.record.verify;

import java.util.ArrayList;
import java.util.List;
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
    /** Null when the round's ballot could not be read. */
    final Tally tally;

    private Recount(RecordContents c) {
        if (c.round == null) {
            tally = null;
            return;
        }
        electronic.addAll(c.ballots.parallelStream()
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
        tally = Tallying.tally(c.round, valid, validPaper);
    }

    static Recount of(RecordContents c) {
        return new Recount(c);
    }
}
