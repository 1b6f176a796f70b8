package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The acceptance smoke review (../shared/acceptance/smoke.json, copied into the test resources)
 * run through the engine alone: Planning builds each ballot from the step before, BallotValidation
 * checks every ballot body, Tallying counts, Results decides, the chair settles the tie. Every
 * figure the scenario expects is checked, and so is the carry-over between the steps.
 */
class FourStepReviewTest {

    private static final String SMOKE = "smoke.json";
    private static final Instant DECIDED_AT = Instant.parse("2026-06-01T15:00:00Z");

    private static JsonNode scenario;
    private static Review review;

    @BeforeAll
    static void runTheWholeReview() throws IOException {
        try (InputStream in = FourStepReviewTest.class.getResourceAsStream(SMOKE)) {
            scenario = new ObjectMapper().readTree(in);
        }
        review = new Review(scenario);
        review.run();
    }

    // ---- the engine, step by step --------------------------------------------------------------

    /** One conference: its ballot, rules, attendance and result (before and after any chair decision). */
    record Conference(int step, RoundDefinition round, List<BallotWarning> warnings, Rules rules, Attendance attendance,
            RoundResult result, RoundResult decided, Map<String, Outcome<List<String>>> decisionChecks,
            Map<String, Outcome<List<String>>> secondDecisionChecks) {
    }

    static final class Review {
        final JsonNode sc;
        final List<Position> positions = new ArrayList<>();
        final Map<String, Cadre> cadres = new LinkedHashMap<>();
        final List<PlanningEntry> planned = new ArrayList<>();
        final Map<Integer, Conference> conferences = new TreeMap<>();
        final Map<Integer, Planning> planningAt = new TreeMap<>();
        Map<String, List<String>> finalList;

        Review(JsonNode sc) {
            this.sc = sc;
            sc.get("positions").forEach(p -> positions.add(new Position(p.get("key").asText(), p.get("name").asText(),
                    p.path("maxPlanned").asInt(Position.DEFAULT_MAX_PLANNED))));
            sc.get("cadres").forEach(c -> cadres.put(c.get("key").asText(), new Cadre(c.get("key").asText(),
                    c.get("fullName").asText(), LocalDate.parse(c.get("birthDate").asText()),
                    Gender.fromCode(c.get("gender").asText()).orElseThrow(), c.get("ethnicity").asText(), c.path("title").asText(),
                    c.path("unit").asText(), c.path("stem").asBoolean(false), c.path("subordinatePost").asBoolean(false))));
            sc.get("planned").forEach(pair -> planned.add(new PlanningEntry(pair.get(0).asText(), pair.get(1).asText())));
        }

        void run() {
            Planning planning = new Planning(positions, planned, List.of());
            Map<String, List<String>> candidates = Map.of();
            for (JsonNode st : sc.get("steps")) {
                int step = st.get("step").asInt();
                if (step == 2) {
                    candidates = supplementary(st);
                }
                planningAt.put(step, planning);
                Conference conference = conference(st, planning, candidates);
                conferences.put(step, conference);
                if (conference.result() instanceof RoundResult.Removal removal) {
                    planning = new Planning(positions, planned, removal.removed());
                } else {
                    candidates = Planning.passers((RoundResult.Nomination) conference.decided());
                }
            }
            RoundResult.Nomination last = (RoundResult.Nomination) conferences.get(Steps.LAST).decided();
            finalList = planning.finalList(Planning.selected(last));
        }

        private static Map<String, List<String>> supplementary(JsonNode st) {
            Map<String, List<String>> list = new LinkedHashMap<>();
            st.get("supplementary").forEach(pair -> list.computeIfAbsent(pair.get(1).asText(), k -> new ArrayList<>())
                    .add(pair.get(0).asText()));
            return list;
        }

        private Conference conference(JsonNode st, Planning planning, Map<String, List<String>> candidates) {
            int step = st.get("step").asInt();
            Rules rules = Rules.forConference(step, RulesOverride.NONE).value();
            Attendance attendance = Attendance.of(st.get("roster").asLong(), st.path("excluded").asLong(0), st.get("present").asLong(),
                    rules.quorum());
            RoundDefinition round;
            List<BallotWarning> warnings = List.of();
            if (step == 1) {
                round = RoundDefinition.removal("R1", planning.removalLines(), cadres.keySet());
            } else {
                Planning.BuiltBallot built = planning.nominationBallot(candidates, rules.allowNominations());
                round = RoundDefinition.nomination("R" + step, step, built.sections(), cadres.keySet());
                warnings = built.warnings();
            }
            List<BallotChoices> ballots = new ArrayList<>();
            for (JsonNode group : st.get("ballots")) {
                Map<String, Object> body = Fixtures.body(round.roundId(), step == 1 ? removalChoices(round, group) : picks(round, group));
                Outcome<BallotChoices> checked = BallotValidation.electronic(round, body);
                if (!checked.isAccepted()) {
                    throw new AssertionError("step " + step + ": the scenario's ballot " + body + " was refused: "
                            + checked.refusal().message());
                }
                ballots.addAll(Fixtures.times(group.get("count").asInt(), checked.value()));
            }
            Tally tally = Tallying.tally(round, ballots, List.of());
            RoundResult.BaseValue base = Results.base(rules, attendance.convened(), attendance.present());
            RoundResult result = Results.compute(round, rules, tally, base, List.of());
            RoundResult decided = result;
            Map<String, Outcome<List<String>>> checks = new TreeMap<>();
            Map<String, Outcome<List<String>>> second = new TreeMap<>();
            if (st.has("decision")) {
                List<ChairDecision> decisions = new ArrayList<>();
                st.get("decision").fields().forEachRemaining(e -> {
                    List<String> chosen = new ArrayList<>();
                    e.getValue().forEach(c -> chosen.add(c.asText()));
                    Outcome<List<String>> checked = Results.checkDecision((RoundResult.Nomination) result, e.getKey(), chosen);
                    checks.put(e.getKey(), checked);
                    decisions.add(new ChairDecision(e.getKey(), checked.value(), "bithu", DECIDED_AT));
                });
                decided = Results.compute(round, rules, tally, base, decisions);
                RoundResult settled = decided;
                st.get("decision").fields().forEachRemaining(e -> {
                    List<String> chosen = new ArrayList<>();
                    e.getValue().forEach(c -> chosen.add(c.asText()));
                    second.put(e.getKey(), Results.checkDecision((RoundResult.Nomination) settled, e.getKey(), chosen));
                });
            }
            return new Conference(step, round, warnings, rules, attendance, result, decided, checks, second);
        }

        /** Every line of the ballot, sorted by id: the group's vote for "cadre/position", NONE otherwise. */
        private static List<Object> removalChoices(RoundDefinition round, JsonNode group) {
            List<Object> choices = new ArrayList<>();
            for (RemovalLine line : round.lines()) {
                JsonNode vote = group.path("lines").path(line.cadreId() + "/" + line.positionId());
                choices.add(Fixtures.line(line.id(), vote.isMissingNode() ? "NONE" : vote.asText()));
            }
            return choices;
        }

        /** Every section of the ballot, sorted by position, the group's picks sorted. */
        private static List<Object> picks(RoundDefinition round, JsonNode group) {
            List<Object> choices = new ArrayList<>();
            for (Section section : round.sections()) {
                List<String> picked = new ArrayList<>();
                group.path("picks").path(section.positionId()).forEach(c -> picked.add(c.asText()));
                choices.add(Fixtures.section(section.positionId(), picked.stream().sorted().toArray()));
            }
            return choices;
        }
    }

    // ---- every figure of the scenario ----------------------------------------------------------

    private static List<String> sorted(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list.stream().sorted().toList();
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> map = new TreeMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asLong()));
        return map;
    }

    private static RoundResult.PositionResult position(RoundResult result, String positionId) {
        return ((RoundResult.Nomination) result).position(positionId).orElseThrow();
    }

    @TestFactory
    Stream<DynamicTest> everyFigureTheSmokeScenarioExpectsComesOutOfTheEngine() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode st : scenario.get("steps")) {
            int n = st.get("step").asInt();
            Conference c = review.conferences.get(n);
            tests.add(dynamicTest("step " + n + ": convened " + (st.get("roster").asLong() - st.path("excluded").asLong(0))
                    + ", present " + st.get("present").asLong() + ", quorum met", () -> {
                        assertThat(c.attendance().convened()).isEqualTo(st.get("roster").asLong() - st.path("excluded").asLong(0));
                        assertThat(c.attendance().present()).isEqualTo(st.get("present").asLong());
                        assertThat(c.attendance().quorumMet()).isEqualTo(!st.path("expectQuorumRefused").asBoolean(false));
                    }));
            tests.add(dynamicTest("step " + n + ": every ballot counted as cast and valid", () -> {
                long cast = 0;
                for (JsonNode group : st.get("ballots")) {
                    cast += group.get("count").asLong();
                }
                assertThat(c.result().ballots()).isEqualTo(new BallotCounts(cast, cast, 0));
                assertThat(cast).isLessThanOrEqualTo(c.attendance().present());
            }));
            tests.add(dynamicTest("step " + n + ": result announced at the conference = " + st.path("announced").asBoolean(n == 1 || n == 4),
                    () -> assertThat(c.rules().announced()).isEqualTo(st.path("announced").asBoolean(n == 1 || n == 4))));
            if (st.has("printed")) {
                tests.add(dynamicTest("step " + n + ": printed candidates " + st.get("printed"), () -> {
                    Map<String, List<String>> printed = new TreeMap<>();
                    c.round().sections().forEach(s -> printed.put(s.positionId(), s.candidates().stream().sorted().toList()));
                    Map<String, List<String>> want = new TreeMap<>();
                    st.get("printed").fields().forEachRemaining(e -> want.put(e.getKey(), sorted(e.getValue())));
                    assertThat(printed).isEqualTo(want);
                }));
            }
            expectations(tests, "step " + n + ": ", c.result(), st.path("expect"));
            expectations(tests, "step " + n + " after the chair's decision: ", c.decided(), st.path("expectAfterDecision"));
            st.path("decision").fields().forEachRemaining(e -> {
                tests.add(dynamicTest("step " + n + ": the chair's choice of " + e.getValue() + " for " + e.getKey() + " is accepted",
                        () -> assertThat(c.decisionChecks().get(e.getKey()).isAccepted()).isTrue()));
                tests.add(dynamicTest("step " + n + ": a second decision for " + e.getKey() + " is refused (NO_DECISION_PENDING)",
                        () -> assertThat(c.secondDecisionChecks().get(e.getKey()).refusal().code()).isEqualTo("NO_DECISION_PENDING")));
            });
        }
        JsonNode finalPlanning = scenario.get("finalPlanning");
        tests.add(dynamicTest("final planning " + finalPlanning, () -> {
            Map<String, List<String>> want = new TreeMap<>();
            finalPlanning.fields().forEachRemaining(e -> want.put(e.getKey(), sorted(e.getValue())));
            Map<String, List<String>> got = new TreeMap<>();
            review.finalList.forEach((p, list) -> got.put(p, list.stream().sorted().toList()));
            assertThat(got).isEqualTo(want);
        }));
        return tests.stream();
    }

    private static void expectations(List<DynamicTest> tests, String when, RoundResult result, JsonNode want) {
        if (want.has("removed")) {
            tests.add(dynamicTest(when + "removed " + want.get("removed"), () -> {
                List<String> removed = ((RoundResult.Removal) result).removed().stream()
                        .map(e -> e.cadreId() + "/" + e.positionId()).sorted().toList();
                assertThat(removed).isEqualTo(sorted(want.get("removed")));
            }));
        }
        if (want.has("agree")) {
            tests.add(dynamicTest(when + "agree counts " + want.get("agree"), () -> {
                Map<String, Long> agree = new TreeMap<>();
                ((RoundResult.Removal) result).lines().forEach(l -> agree.put(l.cadreId() + "/" + l.positionId(), l.agree()));
                assertThat(agree).isEqualTo(longs(want.get("agree")));
            }));
        }
        if (want.has("base")) {
            tests.add(dynamicTest(when + "base " + want.get("base"), () -> assertThat(result.base()).isEqualTo(
                    new RoundResult.BaseValue(Base.valueOf(want.get("base").get("kind").asText()), want.get("base").get("value").asLong()))));
        }
        want.path("passed").fields().forEachRemaining(e -> tests.add(dynamicTest(
                when + "passers for " + e.getKey() + " " + e.getValue(),
                () -> assertThat(position(result, e.getKey()).passers().stream().sorted().toList()).isEqualTo(sorted(e.getValue())))));
        want.path("votes").fields().forEachRemaining(e -> tests.add(dynamicTest(
                when + "votes for " + e.getKey() + " " + e.getValue(), () -> {
                    Map<String, Long> votes = new TreeMap<>();
                    position(result, e.getKey()).candidates().forEach(cand -> votes.put(cand.cadreId(), cand.votes()));
                    assertThat(votes).isEqualTo(longs(e.getValue()));
                })));
        want.path("selected").fields().forEachRemaining(e -> tests.add(dynamicTest(
                when + "selected for " + e.getKey() + " " + e.getValue(),
                () -> assertThat(position(result, e.getKey()).selected().stream().sorted().toList()).isEqualTo(sorted(e.getValue())))));
        want.path("pending").fields().forEachRemaining(e -> tests.add(dynamicTest(
                when + e.getKey() + (e.getValue().asBoolean() ? " waits for the chair" : " does not wait for the chair"),
                () -> assertThat(position(result, e.getKey()).pendingDecision()).isEqualTo(e.getValue().asBoolean()))));
    }

    // ---- the carry-over between the steps, spelled out -----------------------------------------

    @Test
    void stepOneVotesOnEveryPlannedCadreAndRemovesOnlyC1FromBiThu() {
        RoundResult.Removal removal = (RoundResult.Removal) review.conferences.get(1).result();
        assertThat(review.conferences.get(1).round().lines()).containsExactly(
                new RemovalLine("L1", "c1", "BT"), new RemovalLine("L2", "c2", "BT"), new RemovalLine("L3", "c3", "CT"));
        // 5 of 9 convened is more than half; 4 of 9 is not
        assertThat(removal.lines()).extracting(RoundResult.Line::percent).containsExactly("55.56", "44.44", "0.00");
        assertThat(removal.removed()).containsExactly(new PlanningEntry("c1", "BT"));
    }

    @Test
    void theOpenSlotsAfterStepOneAreWhatStepTwoLetsDelegatesPick() {
        Planning afterRemoval = review.planningAt.get(2);
        assertThat(afterRemoval.stillPlanned("BT")).containsExactly("c2");
        assertThat(afterRemoval.openSlots("BT")).isEqualTo(1);   // 2 allowed, c2 still planned
        assertThat(afterRemoval.openSlots("CT")).isEqualTo(2);   // 3 allowed, c3 still planned
        assertThat(review.conferences.get(2).round().sections()).containsExactly(
                new Section("BT", 1, List.of("c4", "c5", "c6"), true),
                new Section("CT", 2, List.of("c7", "c8"), true));
    }

    @Test
    void stepTwoWarnsThatCtPrintsNoSurplusButGoesAhead() {
        assertThat(review.conferences.get(2).warnings()).extracting(BallotWarning::code, BallotWarning::positionId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BallotWarning.NO_SURPLUS, "CT"));
    }

    @Test
    void stepTwoCountsWriteInsAndPassesThoseWithThirtyPercentOfThePresent() {
        RoundResult.Nomination result = (RoundResult.Nomination) review.conferences.get(2).result();
        // c9 was not printed for CT and c8 not for BT: both were written in from the registry
        assertThat(position(result, "CT").candidates()).containsExactly(
                new RoundResult.Candidate("c9", 10, "50.00", true, false),
                new RoundResult.Candidate("c8", 7, "35.00", true, false),
                new RoundResult.Candidate("c7", 6, "30.00", true, false));
        assertThat(position(result, "BT").candidates()).containsExactly(
                new RoundResult.Candidate("c6", 7, "35.00", true, false),
                new RoundResult.Candidate("c4", 6, "30.00", true, false),
                new RoundResult.Candidate("c5", 4, "20.00", false, false),
                new RoundResult.Candidate("c8", 2, "10.00", false, false));
    }

    @Test
    void stepThreePrintsExactlyTheStepTwoPassersWithoutWriteIns() {
        RoundResult.Nomination stepTwo = (RoundResult.Nomination) review.conferences.get(2).result();
        RoundDefinition stepThree = review.conferences.get(3).round();
        // the same cadres, in id order rather than by their (unannounced) step-2 votes
        assertThat(stepThree.section("BT").orElseThrow().candidates()).isEqualTo(List.of("c4", "c6"))
                .containsExactlyInAnyOrderElementsOf(position(stepTwo, "BT").passers());
        assertThat(stepThree.section("CT").orElseThrow().candidates()).isEqualTo(List.of("c7", "c8", "c9"))
                .containsExactlyInAnyOrderElementsOf(position(stepTwo, "CT").passers());
        assertThat(stepThree.sections()).noneMatch(Section::allowNominations);
        assertThat(stepThree.sections()).extracting(Section::maxSelections).containsExactly(1, 2);
    }

    @Test
    void stepThreePassesMoreThanHalfOfThePresentAndStepFourPrintsThem() {
        RoundResult.Nomination stepThree = (RoundResult.Nomination) review.conferences.get(3).result();
        assertThat(stepThree.base()).isEqualTo(new RoundResult.BaseValue(Base.PRESENT, 12));
        // 8 of 12 present pass, 4 of 12 does not
        assertThat(position(stepThree, "BT").candidates()).extracting(RoundResult.Candidate::percent).containsExactly("66.67", "33.33");
        RoundDefinition stepFour = review.conferences.get(4).round();
        assertThat(stepFour.section("BT").orElseThrow().candidates()).containsExactly("c4");
        assertThat(stepFour.section("CT").orElseThrow().candidates()).containsExactly("c7", "c8", "c9");
        // one candidate for one open slot: no surplus, a warning only
        assertThat(review.conferences.get(4).warnings()).extracting(BallotWarning::positionId).containsExactly("BT");
    }

    @Test
    void stepFourTakesC7FromTheTopAndLeavesTheC8C9TieToTheChairWhoChoosesC9() {
        RoundResult.Nomination before = (RoundResult.Nomination) review.conferences.get(4).result();
        assertThat(position(before, "CT").selected()).containsExactly("c7");
        assertThat(position(before, "CT").tiedCandidates()).containsExactly("c8", "c9");
        assertThat(before.pendingDecision()).isTrue();

        RoundResult.Nomination after = (RoundResult.Nomination) review.conferences.get(4).decided();
        assertThat(after.pendingDecision()).isFalse();
        assertThat(position(after, "CT").selected()).containsExactly("c7", "c9");
        assertThat(position(after, "BT").selected()).containsExactly("c4");
    }

    @Test
    void theFinalListKeepsThoseStillPlannedAndAddsThoseProposedAtStepFour() {
        assertThat(review.finalList).containsExactly(Map.entry("BT", List.of("c2", "c4")), Map.entry("CT", List.of("c3", "c7", "c9")));
        StructureReport structure = StructureReport.of(review.finalList, review.cadres, LocalDate.parse(scenario.get("referenceDate").asText()));
        assertThat(structure.targets()).allMatch(StructureReport.Target::met);
        assertThat(structure.subordinatePost()).noneMatch(StructureReport.PositionShare::met);
    }

    @Test
    void theBundledScenarioIsTheSharedAcceptanceScenario() throws IOException {
        // ../shared next to the checkout (as .ci/run expects it), looked for upwards from here
        Path shared = null;
        for (Path dir = Path.of("").toAbsolutePath(); dir != null && shared == null; dir = dir.getParent()) {
            Path candidate = dir.resolve(Path.of("shared", "acceptance", SMOKE));
            shared = Files.exists(candidate) ? candidate : null;
        }
        assumeTrue(shared != null, "the shared acceptance folder is not next to this checkout");
        try (InputStream in = FourStepReviewTest.class.getResourceAsStream(SMOKE)) {
            assertThat(new ObjectMapper().readTree(in)).isEqualTo(new ObjectMapper().readTree(shared.toFile()));
        }
    }
}
