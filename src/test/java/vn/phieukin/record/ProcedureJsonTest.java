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
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.BallotWarning;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.ChairDecision;
import vn.phieukin.procedure.Gender;
import vn.phieukin.procedure.PaperBallot;
import vn.phieukin.procedure.RemovalLine;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.Rules;
import vn.phieukin.procedure.RulesOverride;
import vn.phieukin.procedure.Section;
import vn.phieukin.procedure.Tallying;
import vn.phieukin.procedure.Vote;

class ProcedureJsonTest {

    private static JsonNode parse(String json) throws Exception {
        return ProcedureJson.mapper().readTree(json);
    }

    @Test
    void rulesAreWrittenInTheApiFormAndReadBackUnchanged() throws Exception {
        for (int step = 1; step <= 4; step++) {
            Rules rules = Rules.defaultsFor(step);
            ObjectNode json = ProcedureJson.rules(rules);
            assertThat(ProcedureJson.readRules(parse(json.toString()), "rules")).isEqualTo(rules);
        }
        assertSameJson(ProcedureJson.rules(Rules.defaultsFor(2)), """
                {"threshold":{"comparator":">=","numerator":3,"denominator":10},"base":"PRESENT","announced":false,
                 "selection":"ALL_PASSING","quorum":{"numerator":2,"denominator":3},"allowNominations":true}""");
    }

    @Test
    void aRulesFieldOfTheWrongKindIsNamedWithItsPath() throws Exception {
        JsonNode bad = parse("""
                {"threshold":{"comparator":"<","numerator":1,"denominator":2},"base":"CONVENED","announced":true,
                 "selection":"ALL_PASSING","quorum":{"numerator":2,"denominator":3},"allowNominations":false}""");
        assertThatThrownBy(() -> ProcedureJson.readRules(bad, "rules"))
                .isInstanceOf(RecordFormatException.class)
                .hasMessageContaining("rules.threshold.comparator").hasMessageContaining("\"<\"");
        JsonNode floatCount = parse("""
                {"threshold":{"comparator":">","numerator":1.5,"denominator":2},"base":"CONVENED","announced":true,
                 "selection":"ALL_PASSING","quorum":{"numerator":2,"denominator":3},"allowNominations":false}""");
        assertThatThrownBy(() -> ProcedureJson.readRules(floatCount, "rules"))
                .hasMessageContaining("rules.threshold.numerator").hasMessageContaining("số nguyên");
    }

    @Test
    void aPartialRulesObjectFromTheApiOverridesOnlyWhatItNames() throws Exception {
        var override = ProcedureJson.readRulesOverride(parse("{\"threshold\":{\"numerator\":2,\"denominator\":3},\"announced\":true}"));
        assertThat(override.isAccepted()).isTrue();
        Rules rules = Rules.forConference(3, override.value()).value();
        assertThat(rules.threshold().fraction().numerator()).isEqualTo(2);
        assertThat(rules.announced()).isTrue();
        assertThat(rules.base()).isEqualTo(Rules.defaultsFor(3).base());
        assertThat(ProcedureJson.readRulesOverride(null).value()).isEqualTo(RulesOverride.NONE);

        var refused = ProcedureJson.readRulesOverride(parse("{\"quorum\":{\"numerator\":\"two\"}}"));
        assertThat(refused.isAccepted()).isFalse();
        assertThat(refused.refusal().code()).isEqualTo("BAD_REQUEST");
        assertThat(refused.refusal().message()).contains("rules.quorum.numerator");
    }

    @Test
    void aNominationRoundIsShownAsTheApiShowsItAndItsBallotCanBeRebuilt() throws Exception {
        RoundView view = new RoundView("R7", "K2", 2, BallotKind.NOMINATION, "CLOSED",
                List.of(new Section("P2", 1, List.of("C5"), true), new Section("P1", 2, List.of("C1", "C2", "C3"), true)),
                List.of(), List.of(new BallotWarning(BallotWarning.NO_SURPLUS, "P2", "Chức danh X: chưa bảo đảm số dư.")),
                parse("{\"kty\":\"RSA\",\"n\":\"abc\",\"e\":\"AQAB\"}"), 20L, 19, 18);
        ObjectNode json = ProcedureJson.round(view);
        assertThat(json.fieldNames()).toIterable().containsExactly("id", "conferenceId", "step", "kind", "status",
                "sections", "warnings", "tokenKey", "presentAtOpen", "issued", "cast");
        assertThat(json.get("presentAtOpen").isIntegralNumber()).isTrue();
        assertThat(json.at("/warnings/0/code").asText()).isEqualTo("NO_SURPLUS");

        RoundDefinition definition = ProcedureJson.readRoundDefinition(parse(json.toString()), Set.of("C1", "C9"), "round");
        assertThat(definition.roundId()).isEqualTo("R7");
        assertThat(definition.step()).isEqualTo(2);
        assertThat(definition.sections()).extracting(Section::positionId).containsExactly("P1", "P2");
        assertThat(definition.mayPick(definition.section("P1").orElseThrow(), "C9")).isTrue();
    }

    @Test
    void aDraftRoundHasNoTokenKeyAndNoFrozenPresentCount() {
        RoundView draft = new RoundView("R1", "K1", 1, BallotKind.REMOVAL, "DRAFT", List.of(),
                List.of(new RemovalLine("L1", "C1", "P1")), List.of(), null, null, 0, 0);
        ObjectNode json = ProcedureJson.round(draft);
        assertThat(json.get("tokenKey").isNull()).isTrue();
        assertThat(json.get("presentAtOpen").isNull()).isTrue();
        assertThat(json.has("sections")).isFalse();
        assertThat(json.at("/lines/0/cadreId").asText()).isEqualTo("C1");
    }

    @Test
    void aRoundWhoseKindDoesNotFitItsStepIsRefused() throws Exception {
        JsonNode round = parse("{\"id\":\"R1\",\"step\":1,\"kind\":\"NOMINATION\",\"sections\":[]}");
        assertThatThrownBy(() -> ProcedureJson.readRoundDefinition(round, Set.of(), "round"))
                .hasMessageContaining("round.kind");
        JsonNode twice = parse("{\"id\":\"R1\",\"step\":1,\"kind\":\"REMOVAL\",\"lines\":["
                + "{\"id\":\"L1\",\"cadreId\":\"C1\",\"positionId\":\"P1\"},{\"id\":\"L1\",\"cadreId\":\"C2\",\"positionId\":\"P1\"}]}");
        assertThatThrownBy(() -> ProcedureJson.readRoundDefinition(twice, Set.of(), "round"))
                .hasMessageContaining("lặp lại");
    }

    @Test
    void aNominationTallyListsVotesPerPositionAndTheInvalidPaperSections() throws Exception {
        RoundDefinition round = RoundDefinition.nomination("R2", 2,
                List.of(new Section("P1", 1, List.of("C1", "C2"), true)), Set.of("C1", "C2", "C9"));
        var electronic = List.<BallotChoices>of(new BallotChoices.Nomination(Map.of("P1", List.of("C9"))));
        var paper = List.of(
                new PaperBallot(false, new BallotChoices.Nomination(Map.of()), Set.of("P1")),
                new PaperBallot(true, new BallotChoices.Nomination(Map.of()), Set.of()));
        assertSameJson(ProcedureJson.tally(Tallying.tally(round, electronic, paper)), """
                {"ballots":{"cast":3,"valid":2,"invalid":1},
                 "positions":{"P1":{"C1":0,"C2":0,"C9":1}},"invalidSections":{"P1":1}}""");
    }

    @Test
    void aRemovalTallyCountsAgreeDisagreeAndNonePerLine() throws Exception {
        RoundDefinition round = RoundDefinition.removal("R1", List.of(new RemovalLine("L1", "C1", "P1")), Set.of("C1"));
        var ballots = List.<BallotChoices>of(new BallotChoices.Removal(Map.of("L1", Vote.AGREE)),
                new BallotChoices.Removal(Map.of("L1", Vote.NONE)));
        assertSameJson(ProcedureJson.tally(Tallying.tally(round, ballots, List.of())), """
                {"ballots":{"cast":2,"valid":2,"invalid":0},"lines":{"L1":{"AGREE":1,"DISAGREE":0,"NONE":1}}}""");
    }

    @Test
    void aCadreKeepsTheFieldsTheStructureReportNeeds() throws Exception {
        Cadre cadre = new Cadre("C4", "Ma Thị Dung", LocalDate.of(1985, 1, 5), Gender.F, "Nùng", "Bí thư Đảng ủy phường",
                "Đảng ủy phường", true, false);
        ObjectNode json = ProcedureJson.cadre(cadre);
        assertThat(json.get("birthDate").asText()).isEqualTo("1985-01-05");
        assertThat(json.get("stem").asBoolean()).isTrue();
        assertThat(ProcedureJson.readCadre(parse(json.toString()), "review.cadres[0]")).isEqualTo(cadre);
        JsonNode badGender = parse(json.toString().replace("\"F\"", "\"X\""));
        assertThatThrownBy(() -> ProcedureJson.readCadre(badGender, "review.cadres[0]"))
                .hasMessageContaining("review.cadres[0].gender");
    }

    @Test
    void aDecisionKeepsWhoDecidedAndWhenInUtc() throws Exception {
        ChairDecision decision = new ChairDecision("P1", List.of("C9", "C8"), "bithu", Instant.parse("2026-06-01T09:30:00Z"));
        ObjectNode json = ProcedureJson.decision(decision);
        assertSameJson(json, """
                {"positionId":"P1","chosen":["C8","C9"],"decidedBy":"bithu","decidedAt":"2026-06-01T09:30:00Z"}""");
        assertThat(ProcedureJson.readDecision(parse(json.toString()), "decisions[0]")).isEqualTo(decision);
    }

    @Test
    void theStrictMapperRefusesDuplicateKeysSoNoTwoReadersSeeDifferentRecords() {
        assertThatThrownBy(() -> ProcedureJson.mapper().readTree("{\"a\":1,\"a\":2}")).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> ProcedureJson.mapper().readTree("{\"a\":1} {}")).isNotNull();
    }
}
