package vn.phieukin.procedure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a tally into the round's result under its rules: thresholds against the base,
 * every passer ({@code ALL_PASSING}) or top-down to the open slots ({@code TOP_DOWN}) with ties
 * straddling the cut-off left to the chair. Candidates below the threshold are never selected.
 */
public final class Results {

    /** Highest votes first; equal votes in ascending id order, so every reader ranks alike. */
    private static final Comparator<RoundResult.Candidate> RANKING =
            Comparator.comparingLong(RoundResult.Candidate::votes).reversed().thenComparing(RoundResult.Candidate::cadreId);

    private Results() {
    }

    /** The base value a round counts against: convened, or present when it opened. */
    public static RoundResult.BaseValue base(Rules rules, long convened, long presentAtOpen) {
        return new RoundResult.BaseValue(rules.base(), rules.base() == Base.CONVENED ? convened : presentAtOpen);
    }

    public static RoundResult compute(RoundDefinition round, Rules rules, Tally tally, RoundResult.BaseValue base,
            List<ChairDecision> decisions) {
        if (tally instanceof Tally.Removal removal) {
            return removal(round, rules, removal, base);
        }
        return nomination(round, rules, (Tally.Nomination) tally, base, decisions);
    }

    private static RoundResult.Removal removal(RoundDefinition round, Rules rules, Tally.Removal tally, RoundResult.BaseValue base) {
        List<RoundResult.Line> lines = new ArrayList<>();
        for (RemovalLine line : round.lines()) {
            Tally.LineCount count = tally.lines().getOrDefault(line.id(), new Tally.LineCount(0, 0, 0));
            lines.add(new RoundResult.Line(line.id(), line.cadreId(), line.positionId(), count.agree(), count.disagree(),
                    count.none(), Percent.of(count.agree(), base.value()), rules.threshold().passes(count.agree(), base.value())));
        }
        return new RoundResult.Removal(round.roundId(), round.step(), base, rules.threshold(), tally.ballots(), lines);
    }

    private static RoundResult.Nomination nomination(RoundDefinition round, Rules rules, Tally.Nomination tally,
            RoundResult.BaseValue base, List<ChairDecision> decisions) {
        List<RoundResult.PositionResult> positions = new ArrayList<>();
        for (Section section : round.sections()) {
            Map<String, Long> votes = tally.positions().getOrDefault(section.positionId(), Map.of());
            List<RoundResult.Candidate> ranked = votes.entrySet().stream()
                    .map(e -> new RoundResult.Candidate(e.getKey(), e.getValue(), Percent.of(e.getValue(), base.value()),
                            rules.threshold().passes(e.getValue(), base.value()), false))
                    .sorted(RANKING).toList();
            Optional<ChairDecision> decision = decisions.stream()
                    .filter(d -> d.positionId().equals(section.positionId())).reduce((first, later) -> later);
            positions.add(rules.selection() == Selection.TOP_DOWN
                    ? topDown(section.positionId(), section.maxSelections(), ranked, decision)
                    : new RoundResult.PositionResult(section.positionId(), section.maxSelections(), false,
                            ranked.stream().filter(RoundResult.Candidate::passed).map(RoundResult.Candidate::cadreId).toList(),
                            ranked));
        }
        return new RoundResult.Nomination(round.roundId(), round.step(), base, rules.threshold(), tally.ballots(), positions);
    }

    /**
     * Fills {@code slots} from the top of the passers. When the last slots would have to be
     * shared by candidates with equal votes, those candidates are tied and the position waits
     * for the chair unless {@code decision} chose among them.
     */
    static RoundResult.PositionResult topDown(String positionId, int slots, List<RoundResult.Candidate> ranked,
            Optional<ChairDecision> decision) {
        List<RoundResult.Candidate> passers = ranked.stream().filter(RoundResult.Candidate::passed).toList();
        if (slots <= 0 || passers.size() <= slots || passers.get(slots - 1).votes() != passers.get(slots).votes()) {
            List<String> selected = passers.stream().limit(Math.max(slots, 0)).map(RoundResult.Candidate::cadreId).toList();
            return new RoundResult.PositionResult(positionId, slots, false, selected, ranked);
        }
        long cutVotes = passers.get(slots - 1).votes();
        List<String> selected = new ArrayList<>(passers.stream().filter(c -> c.votes() > cutVotes)
                .map(RoundResult.Candidate::cadreId).toList());
        List<RoundResult.Candidate> marked = ranked.stream()
                .map(c -> c.passed() && c.votes() == cutVotes
                        ? new RoundResult.Candidate(c.cadreId(), c.votes(), c.percent(), true, true) : c)
                .toList();
        // Only a decision the chair could have made completes the slots; any other (e.g. in a
        // tampered record being recomputed) leaves the position waiting, never over-filled.
        List<String> tied = marked.stream().filter(RoundResult.Candidate::tied).map(RoundResult.Candidate::cadreId).toList();
        Optional<ChairDecision> valid = decision.filter(d -> completesTie(d.chosen(), tied, slots - selected.size()));
        valid.ifPresent(d -> selected.addAll(d.chosen()));
        return new RoundResult.PositionResult(positionId, slots, valid.isEmpty(), selected, marked);
    }

    /** {@code chosen} is exactly {@code remaining} distinct cadres, all of them among the tied. */
    private static boolean completesTie(List<String> chosen, List<String> tied, int remaining) {
        return chosen.size() == remaining && new HashSet<>(chosen).size() == chosen.size() && tied.containsAll(chosen);
    }

    /**
     * Checks a chair decision against the current result: the position must be waiting for one,
     * and {@code chosen} must be exactly as many of the tied candidates as there are slots left.
     */
    public static Outcome<List<String>> checkDecision(RoundResult.Nomination result, String positionId, List<String> chosen) {
        Optional<RoundResult.PositionResult> position = result.position(positionId);
        if (position.isEmpty() || !position.get().pendingDecision()) {
            return Outcome.refused("NO_DECISION_PENDING", "Chức danh \"" + positionId
                    + "\" không có trường hợp bằng phiếu nào đang chờ Bí thư quyết định.");
        }
        List<String> tied = position.get().tiedCandidates();
        int remaining = position.get().openSlots() - position.get().selected().size();
        Set<String> distinct = new HashSet<>(chosen);
        if (distinct.size() != chosen.size()) {
            return Outcome.refused("BAD_DECISION", "Danh sách chọn có một cán bộ bị lặp lại.");
        }
        if (!tied.containsAll(chosen) || chosen.size() != remaining) {
            return Outcome.refused("BAD_DECISION", "Cần chọn đúng " + remaining + " người trong số các cán bộ bằng phiếu ("
                    + String.join(", ", tied) + "); đã chọn " + chosen.size() + " người"
                    + (tied.containsAll(chosen) ? "." : ", trong đó có người không thuộc nhóm bằng phiếu."));
        }
        return Outcome.accepted(chosen.stream().sorted().toList());
    }
}
