package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.phieukin.procedure.Fixtures.line;
import static vn.phieukin.procedure.Fixtures.list;
import static vn.phieukin.procedure.Fixtures.section;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Paper ballots (fallback) as the secretariat enters them: the counting committee may set a
 * whole ballot aside; an over-selected section is invalid for that section only; an entry
 * mistake is refused with BAD_REQUEST so that the secretariat can correct it.
 */
class PaperBallotValidationTest {

    private static final RoundDefinition STEP_2 = Fixtures.stepTwoRound();
    private static final RoundDefinition STEP_3 = Fixtures.stepThreeRound();
    private static final RoundDefinition REMOVAL = Fixtures.removalRound();

    @Test
    void aBallotTheCommitteeMarkedInvalidCountsAsCastButNotValidAndItsMarksAreIgnored() {
        PaperBallot invalid = BallotValidation.paper(STEP_2, list(section("BT", "c4", "c5", "c6")), true).value();
        PaperBallot valid = BallotValidation.paper(STEP_2, list(section("BT", "c4")), false).value();
        assertThat(invalid.invalid()).isTrue();

        Tally.Nomination tally = (Tally.Nomination) Tallying.tally(STEP_2, List.of(), List.of(invalid, valid));
        assertThat(tally.ballots()).isEqualTo(new BallotCounts(2, 1, 1));
        assertThat(tally.positions().get("BT")).isEqualTo(Map.of("c4", 1L, "c5", 0L, "c6", 0L));
    }

    @Test
    void aWholeBallotMarkedInvalidNeedsNoChoicesAtAll() {
        assertThat(BallotValidation.paper(STEP_2, null, true).value().invalid()).isTrue();
        assertThat(BallotValidation.paper(REMOVAL, "unreadable", true).value().invalid()).isTrue();
    }

    @Test
    void anOverSelectedSectionIsInvalidForThatSectionOnlyWhileTheOtherSectionsCount() {
        PaperBallot ballot = BallotValidation.paper(STEP_2, list(section("BT", "c4", "c5"), section("CT", "c8", "c7")), false)
                .value();
        assertThat(ballot.invalid()).isFalse();
        assertThat(ballot.invalidSections()).containsExactly("BT");
        assertThat(ballot.choices()).isEqualTo(Fixtures.picks("CT", List.of("c7", "c8")));

        Tally.Nomination tally = (Tally.Nomination) Tallying.tally(STEP_2, List.of(), List.of(ballot));
        assertThat(tally.ballots()).isEqualTo(new BallotCounts(1, 1, 0));
        assertThat(tally.invalidSections()).isEqualTo(Map.of("BT", 1L));
        assertThat(tally.positions().get("BT").values()).containsOnly(0L);
        assertThat(tally.positions().get("CT")).isEqualTo(Map.of("c7", 1L, "c8", 1L));
    }

    @Test
    void everySectionOverSelectedLeavesAValidBallotWithNoVote() {
        PaperBallot ballot = BallotValidation.paper(STEP_2,
                list(section("BT", "c4", "c5"), section("CT", "c7", "c8", "c9")), false).value();
        assertThat(ballot.invalid()).isFalse();
        assertThat(ballot.invalidSections()).containsExactly("BT", "CT");
        assertThat(ballot.choices()).isEqualTo(new BallotChoices.Nomination(Map.of()));
    }

    @Test
    void aPaperBallotMayListSectionsAndPicksInAnyOrderAndLeaveSectionsOut() {
        PaperBallot ballot = BallotValidation.paper(STEP_2, list(section("CT", "c9", "c7")), false).value();
        assertThat(ballot.choices()).isEqualTo(Fixtures.picks("BT", List.of(), "CT", List.of("c7", "c9")));
        assertThat(ballot.invalidSections()).isEmpty();
    }

    @Test
    void removalLinesLeftOutOfAPaperBallotCountAsNoOpinion() {
        PaperBallot ballot = BallotValidation.paper(REMOVAL, list(line("L2", "AGREE")), false).value();
        assertThat(ballot.choices()).isEqualTo(new BallotChoices.Removal(Map.of("L1", Vote.NONE, "L2", Vote.AGREE, "L3", Vote.NONE)));

        Tally.Removal tally = (Tally.Removal) Tallying.tally(REMOVAL, List.of(), List.of(ballot));
        assertThat(tally.lines().get("L1")).isEqualTo(new Tally.LineCount(0, 0, 1));
        assertThat(tally.lines().get("L2")).isEqualTo(new Tally.LineCount(1, 0, 0));
    }

    @Test
    void anEmptyPaperBallotIsValidAndVotesForNobody() {
        PaperBallot nomination = BallotValidation.paper(STEP_2, list(), false).value();
        assertThat(nomination.invalid()).isFalse();
        assertThat(nomination.choices()).isEqualTo(Fixtures.picks("BT", List.of(), "CT", List.of()));
        PaperBallot removal = BallotValidation.paper(REMOVAL, list(), false).value();
        assertThat(removal.choices()).isEqualTo(new BallotChoices.Removal(Map.of("L1", Vote.NONE, "L2", Vote.NONE, "L3", Vote.NONE)));
    }

    static Stream<Arguments> entryMistakes() {
        return Stream.of(
                Arguments.of("no choices", STEP_2, null, "Thiếu danh sách lựa chọn (choices) của phiếu giấy."),
                Arguments.of("choices that are not a list", REMOVAL, Map.of("L1", "AGREE"),
                        "Thiếu danh sách lựa chọn (choices) của phiếu giấy."),
                Arguments.of("a position not on the ballot", STEP_2, list(section("PCT", "c4")),
                        "Chức danh \"PCT\" không có trên phiếu của phiên này."),
                Arguments.of("the same position entered twice", STEP_2, list(section("BT", "c4"), section("BT", "c5")),
                        "Chức danh \"BT\" được nhập hai lần."),
                Arguments.of("a section without its cadres", STEP_2, list(Map.of("position", "BT")),
                        "Mỗi phần của phiếu giấy phải có dạng {\"position\", \"cadres\": [...]}."),
                Arguments.of("the same cadre entered twice", STEP_2, list(section("CT", "c7", "c7")),
                        "Chức danh \"CT\": cán bộ \"c7\" được chọn hai lần."),
                Arguments.of("a cadre not printed where write-ins are not allowed", STEP_3, list(section("BT", "c5")),
                        "Chức danh \"BT\": cán bộ \"c5\" không có tên trên phiếu và phiếu này không cho giới thiệu thêm."),
                Arguments.of("a write-in not in the registry", STEP_2, list(section("BT", "x1")),
                        "Chức danh \"BT\": \"x1\" không có trong danh sách cán bộ của đợt rà soát."),
                Arguments.of("a cadre id that is a number", STEP_2, list(section("BT", 4)),
                        "Chức danh \"BT\": mỗi lựa chọn phải là mã cán bộ (chuỗi)."),
                Arguments.of("a line not on the ballot", REMOVAL, list(line("L9", "AGREE")),
                        "Dòng \"L9\" không có trên phiếu của phiên này."),
                Arguments.of("the same line entered twice", REMOVAL, list(line("L1", "AGREE"), line("L1", "DISAGREE")),
                        "Dòng \"L1\" được nhập hai lần."),
                Arguments.of("a vote that is not one of the three", REMOVAL, list(line("L1", "Đồng ý")),
                        "Dòng \"L1\": ý kiến phải là AGREE, DISAGREE hoặc NONE."),
                Arguments.of("a line without its id", REMOVAL, list(Map.of("vote", "AGREE")),
                        "Mỗi lựa chọn của phiếu giấy phải có dạng {\"line\", \"vote\"}."));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("entryMistakes")
    void anEntryMistakeIsRefusedSoTheSecretariatCanCorrectIt(String what, RoundDefinition round, Object choices, String message) {
        Outcome<PaperBallot> outcome = BallotValidation.paper(round, choices, false);
        assertThat(outcome.isAccepted()).as(what).isFalse();
        assertThat(outcome.refusal().code()).isEqualTo("BAD_REQUEST");
        assertThat(outcome.refusal().message()).isEqualTo(message);
    }

    @Test
    void aMistakeInAnotherSectionIsRefusedEvenWhenOneSectionIsOverSelected() {
        Outcome<PaperBallot> outcome = BallotValidation.paper(STEP_3, list(section("BT", "c4", "c6"), section("CT", "x1")), false);
        assertThat(outcome.refusal().code()).isEqualTo("BAD_REQUEST");
        assertThat(outcome.refusal().message()).contains("\"x1\"");
    }

    @Test
    void invalidSectionsAreCountedPerPositionOverAllPaperBallots() {
        List<PaperBallot> paper = List.of(
                BallotValidation.paper(STEP_2, list(section("BT", "c4", "c5")), false).value(),
                BallotValidation.paper(STEP_2, list(section("BT", "c5", "c6"), section("CT", "c7", "c8", "c9")), false).value(),
                BallotValidation.paper(STEP_2, list(section("BT", "c4", "c6")), true).value());
        Tally.Nomination tally = (Tally.Nomination) Tallying.tally(STEP_2, List.of(), paper);
        assertThat(tally.invalidSections()).isEqualTo(Map.of("BT", 2L, "CT", 1L));
        assertThat(tally.ballots()).isEqualTo(new BallotCounts(3, 2, 1));
        assertThat(paper.get(1).invalidSections()).isEqualTo(Set.of("BT", "CT"));
    }
}
