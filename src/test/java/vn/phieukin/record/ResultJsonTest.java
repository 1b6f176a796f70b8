package vn.phieukin.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.phieukin.record.JsonAssert.assertSameJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.phieukin.procedure.BallotChoices;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.ChairDecision;
import vn.phieukin.procedure.Gender;
import vn.phieukin.procedure.RemovalLine;
import vn.phieukin.procedure.Results;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.RoundResult;
import vn.phieukin.procedure.Rules;
import vn.phieukin.procedure.Section;
import vn.phieukin.procedure.Tally;
import vn.phieukin.procedure.Tallying;
import vn.phieukin.procedure.Vote;

class ResultJsonTest {

    private static final LocalDate REFERENCE = LocalDate.of(2026, 6, 1);
    private static final Map<String, Cadre> REGISTRY = Map.of(
            "C7", new Cadre("C7", "Phạm Thị Hà", LocalDate.of(1983, 12, 12), Gender.F, "Kinh", "", "", true, false),
            "C8", new Cadre("C8", "Lục Văn Khánh", LocalDate.of(1976, 6, 30), Gender.M, "Tày", "", "", false, true),
            "C9", new Cadre("C9", "Vi Thị Lan", LocalDate.of(1988, 2, 14), Gender.F, "Dao", "", "", false, false));

    private static List<BallotChoices> picks(int count, String... cadres) {
        return java.util.Collections.nCopies(count, new BallotChoices.Nomination(Map.of("P1", List.of(cadres))));
    }

    /** Step 4 of the smoke review: 2 open slots, C7 6 votes, C8 and C9 5 each, base 9 convened. */
    private static RoundResult.Nomination stepFour(List<ChairDecision> decisions) {
        RoundDefinition round = RoundDefinition.nomination("R4", 4,
                List.of(new Section("P1", 2, List.of("C7", "C8", "C9"), false)), REGISTRY.keySet());
        var ballots = new java.util.ArrayList<BallotChoices>();
        ballots.addAll(picks(3, "C7", "C8"));
        ballots.addAll(picks(3, "C7", "C9"));
        ballots.addAll(picks(2, "C8", "C9"));
        Tally tally = Tallying.tally(round, ballots, List.of());
        Rules rules = Rules.defaultsFor(4);
        return (RoundResult.Nomination) Results.compute(round, rules, tally, Results.base(rules, 9, 8), decisions);
    }

    @Test
    void aNominationResultHasTheApiShapeWithIntegersAndTwoDecimalPercentages() throws Exception {
        ObjectNode json = ResultJson.render(stepFour(List.of()), REGISTRY, REFERENCE);
        assertThat(json.fieldNames()).toIterable().containsExactly("roundId", "step", "base", "threshold", "ballots",
                "positions", "structure");
        JsonNode expectedHead = ProcedureJson.mapper().readTree("""
                {"base":{"kind":"CONVENED","value":9},"threshold":{"comparator":">","numerator":1,"denominator":2},
                 "ballots":{"cast":8,"valid":8,"invalid":0}}""");
        expectedHead.fieldNames().forEachRemaining(f -> assertSameJson(json.get(f), expectedHead.get(f)));
        JsonNode position = json.at("/positions/0");
        assertThat(position.get("openSlots").asInt()).isEqualTo(2);
        assertThat(position.get("pendingDecision").asBoolean()).isTrue();
        assertThat(position.get("selected")).hasSize(1);
        assertSameJson(position.at("/candidates/0"), 
                "{\"cadreId\":\"C7\",\"votes\":6,\"percent\":\"66.67\",\"passed\":true,\"tied\":false}");
        assertThat(position.at("/candidates/1/tied").asBoolean()).isTrue();
        assertThat(position.at("/candidates/2/percent").asText()).isEqualTo("55.56");
    }

    @Test
    void theStructureReportCoversTheCadresTheRoundPutsForward() {
        ObjectNode pending = ResultJson.render(stepFour(List.of()), REGISTRY, REFERENCE);
        assertThat(pending.at("/structure/targets/1/code").asText()).isEqualTo("WOMEN");
        assertThat(pending.at("/structure/targets/1/total").asLong()).isEqualTo(1);

        ChairDecision decision = new ChairDecision("P1", List.of("C9"), "bithu", Instant.parse("2026-06-01T10:00:00Z"));
        ObjectNode decided = ResultJson.render(stepFour(List.of(decision)), REGISTRY, REFERENCE);
        assertThat(decided.at("/positions/0/selected").toString()).isEqualTo("[\"C7\",\"C9\"]");
        assertThat(decided.at("/structure/targets/1/count").asLong()).isEqualTo(2);
        assertThat(decided.at("/structure/targets/1/met").asBoolean()).isTrue();
        assertThat(decided.at("/structure/targets/2/code").asText()).isEqualTo("ETHNIC_MINORITY");
        assertThat(decided.at("/structure/targets/2/count").asLong()).isEqualTo(1);
    }

    @Test
    void aRemovalResultListsEachLineWithItsCountsAndNoStructure() throws Exception {
        RoundDefinition round = RoundDefinition.removal("R1",
                List.of(new RemovalLine("L1", "C7", "P1"), new RemovalLine("L2", "C8", "P1")), Set.of());
        var ballots = new java.util.ArrayList<BallotChoices>();
        for (int i = 0; i < 5; i++) {
            ballots.add(new BallotChoices.Removal(Map.of("L1", Vote.AGREE, "L2", Vote.DISAGREE)));
        }
        ballots.add(new BallotChoices.Removal(Map.of("L1", Vote.NONE, "L2", Vote.NONE)));
        Rules rules = Rules.defaultsFor(1);
        RoundResult result = Results.compute(round, rules, Tallying.tally(round, ballots, List.of()),
                Results.base(rules, 9, 8), List.of());
        ObjectNode json = ResultJson.render(result, Map.of(), REFERENCE);
        assertThat(json.has("structure")).isFalse();
        assertSameJson(json.get("lines").get(0), """
                {"id":"L1","cadreId":"C7","positionId":"P1","agree":5,"disagree":0,"none":1,"percent":"55.56","passed":true}""");
        assertThat(json.at("/lines/1/passed").asBoolean()).isFalse();
    }

    @Test
    void aSelectedCadreMissingFromTheRegistryIsAProgrammerError() {
        assertThatThrownBy(() -> ResultJson.render(stepFour(List.of()), Map.of("C8", REGISTRY.get("C8")), REFERENCE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C7");
    }
}
