package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.phieukin.procedure.Fixtures.body;
import static vn.phieukin.procedure.Fixtures.line;
import static vn.phieukin.procedure.Fixtures.list;
import static vn.phieukin.procedure.Fixtures.section;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Electronic ballots are checked when cast: anything but the exact form of PROTOCOL.md is
 * refused with INVALID_BALLOT and a message saying what is wrong (PROCEDURE.md "Ballot validity").
 */
class ElectronicBallotValidationTest {

    private static final RoundDefinition STEP_2 = Fixtures.stepTwoRound();
    private static final RoundDefinition STEP_3 = Fixtures.stepThreeRound();
    private static final RoundDefinition REMOVAL = Fixtures.removalRound();

    private static Map<String, Object> withField(Map<String, Object> object, String key, Object value) {
        object.put(key, value);
        return object;
    }

    static Stream<Arguments> refusedBallots() {
        return Stream.of(
                Arguments.of("a body that is not an object", STEP_2, "R2",
                        "Phiếu không đúng định dạng: thân phiếu (body) phải là một đối tượng JSON."),
                Arguments.of("no body at all", STEP_2, null,
                        "Phiếu không đúng định dạng: thân phiếu (body) phải là một đối tượng JSON."),
                Arguments.of("no round id", STEP_2, body(null, list(section("BT"), section("CT"))),
                        "Phiếu thiếu mã phiên bỏ phiếu (body.round)."),
                Arguments.of("a round id that is a number", STEP_2, Map.of("round", 2, "choices", list()),
                        "Phiếu thiếu mã phiên bỏ phiếu (body.round)."),
                Arguments.of("the ballot of another round", STEP_2, body("R9", list(section("BT"), section("CT"))),
                        "Phiếu ghi phiên \"R9\" nhưng được gửi vào phiên \"R2\"."),
                Arguments.of("no choices", STEP_2, body("R2", null), "Phiếu thiếu danh sách lựa chọn (body.choices)."),
                Arguments.of("choices that are not a list", STEP_2, Map.of("round", "R2", "choices", Map.of("BT", list())),
                        "Phiếu thiếu danh sách lựa chọn (body.choices)."),
                // nothing but the form of PROTOCOL.md: an extra field would let a voter mark the ballot
                Arguments.of("an extra field in the body", STEP_2, withField(body("R2", list(section("BT"), section("CT"))),
                        "note", "Nguyễn Văn A"),
                        "Phiếu có trường không thuộc mẫu phiếu: \"note\" (thân phiếu chỉ gồm round và choices)."),
                Arguments.of("an extra field in a section", STEP_2, body("R2", list(withField(section("BT"), "mark", "x"), section("CT"))),
                        "Phần thứ 1 của phiếu có trường không thuộc mẫu phiếu: \"mark\"."),
                Arguments.of("an extra field in a line", REMOVAL,
                        body("R1", list(line("L1", "AGREE"), withField(line("L2", "NONE"), "mark", 7), line("L3", "NONE"))),
                        "Dòng thứ 2 của phiếu có trường không thuộc mẫu phiếu: \"mark\"."),
                // sections
                Arguments.of("a missing section", STEP_2, body("R2", list(section("BT", "c4"))),
                        "Phiếu phải có đúng 2 phần chức danh, phiếu gửi có 1."),
                Arguments.of("an extra section", STEP_2, body("R2", list(section("BT"), section("CT"), section("PCT"))),
                        "Phiếu phải có đúng 2 phần chức danh, phiếu gửi có 3."),
                Arguments.of("sections out of order", STEP_2, body("R2", list(section("CT", "c7"), section("BT", "c4"))),
                        "Các phần phải theo thứ tự mã chức danh tăng dần, mỗi chức danh một lần: vị trí thứ 1 phải là \"BT\", "
                                + "phiếu gửi là \"CT\"."),
                Arguments.of("the same section twice", STEP_2, body("R2", list(section("BT", "c4"), section("BT", "c5"))),
                        "Các phần phải theo thứ tự mã chức danh tăng dần, mỗi chức danh một lần: vị trí thứ 2 phải là \"CT\", "
                                + "phiếu gửi là \"BT\"."),
                Arguments.of("a section for a position not on the ballot", STEP_2, body("R2", list(section("BT"), section("PCT"))),
                        "Chức danh \"PCT\" không có trên phiếu của phiên này."),
                Arguments.of("a section without its cadres", STEP_2, body("R2", list(Map.of("position", "BT"), section("CT"))),
                        "Phần thứ 1 của phiếu không đúng định dạng {\"position\", \"cadres\": [...]}."),
                Arguments.of("a section that is a string", STEP_2, body("R2", list(section("BT"), "CT")),
                        "Phần thứ 2 của phiếu không đúng định dạng {\"position\", \"cadres\": [...]}."),
                Arguments.of("removal lines sent to a nomination round", STEP_2,
                        body("R2", list(line("L1", "AGREE"), line("L2", "NONE"))),
                        "Phần thứ 1 của phiếu không đúng định dạng {\"position\", \"cadres\": [...]}."),
                // picks
                Arguments.of("the same cadre picked twice", STEP_2, body("R2", list(section("BT"), section("CT", "c7", "c7"))),
                        "Chức danh \"CT\": cán bộ \"c7\" được chọn hai lần."),
                Arguments.of("more picks than open slots", STEP_2, body("R2", list(section("BT", "c4", "c5"), section("CT"))),
                        "Chức danh \"BT\": chọn 2 người, nhiều hơn số được giới thiệu (không quá 1 người)."),
                Arguments.of("three picks for two open slots", STEP_2, body("R2", list(section("BT"), section("CT", "c7", "c8", "c9"))),
                        "Chức danh \"CT\": chọn 3 người, nhiều hơn số được giới thiệu (không quá 2 người)."),
                Arguments.of("a write-in who is not in the review's registry", STEP_2,
                        body("R2", list(section("BT"), section("CT", "c7", "x1"))),
                        "Chức danh \"CT\": \"x1\" không có trong danh sách cán bộ của đợt rà soát."),
                Arguments.of("a cadre not printed where write-ins are not allowed", STEP_3,
                        body("R3", list(section("BT", "c5"), section("CT"))),
                        "Chức danh \"BT\": cán bộ \"c5\" không có tên trên phiếu và phiếu này không cho giới thiệu thêm."),
                Arguments.of("a registry cadre printed only in another section, without write-ins", STEP_3,
                        body("R3", list(section("BT", "c7"), section("CT"))),
                        "Chức danh \"BT\": cán bộ \"c7\" không có tên trên phiếu và phiếu này không cho giới thiệu thêm."),
                Arguments.of("picks not sorted by id", STEP_2, body("R2", list(section("BT"), section("CT", "c8", "c7"))),
                        "Chức danh \"CT\": danh sách cán bộ phải xếp theo mã tăng dần."),
                Arguments.of("a pick that is a number", STEP_2, body("R2", list(section("BT"), section("CT", 7))),
                        "Chức danh \"CT\": mỗi lựa chọn phải là mã cán bộ (chuỗi)."),
                Arguments.of("a pick that is null", STEP_2, body("R2", list(section("BT", (Object) null), section("CT"))),
                        "Chức danh \"BT\": mỗi lựa chọn phải là mã cán bộ (chuỗi)."),
                Arguments.of("a pick that is a list", STEP_2, body("R2", list(section("BT", list("c4")), section("CT"))),
                        "Chức danh \"BT\": mỗi lựa chọn phải là mã cán bộ (chuỗi)."),
                // removal lines
                Arguments.of("a missing line", REMOVAL, body("R1", list(line("L1", "AGREE"), line("L2", "NONE"))),
                        "Phiếu phải có đúng 3 dòng, phiếu gửi có 2 dòng."),
                Arguments.of("an extra line", REMOVAL,
                        body("R1", list(line("L1", "AGREE"), line("L2", "NONE"), line("L3", "NONE"), line("L4", "NONE"))),
                        "Phiếu phải có đúng 3 dòng, phiếu gửi có 4 dòng."),
                Arguments.of("lines out of order", REMOVAL,
                        body("R1", list(line("L2", "AGREE"), line("L1", "NONE"), line("L3", "NONE"))),
                        "Các dòng phải theo thứ tự mã tăng dần, mỗi dòng một lần: vị trí thứ 1 phải là dòng \"L1\", phiếu gửi là \"L2\"."),
                Arguments.of("the same line twice", REMOVAL,
                        body("R1", list(line("L1", "AGREE"), line("L1", "NONE"), line("L3", "NONE"))),
                        "Các dòng phải theo thứ tự mã tăng dần, mỗi dòng một lần: vị trí thứ 2 phải là dòng \"L2\", phiếu gửi là \"L1\"."),
                Arguments.of("a line not on the ballot", REMOVAL,
                        body("R1", list(line("L1", "AGREE"), line("L2", "NONE"), line("L9", "NONE"))),
                        "Dòng \"L9\" không có trên phiếu của phiên này."),
                Arguments.of("a vote in lower case", REMOVAL,
                        body("R1", list(line("L1", "AGREE"), line("L2", "agree"), line("L3", "NONE"))),
                        "Dòng \"L2\": ý kiến phải là AGREE, DISAGREE hoặc NONE."),
                Arguments.of("a vote that is not one of the three", REMOVAL,
                        body("R1", list(line("L1", "YES"), line("L2", "NONE"), line("L3", "NONE"))),
                        "Dòng \"L1\": ý kiến phải là AGREE, DISAGREE hoặc NONE."),
                Arguments.of("a vote that is a number", REMOVAL,
                        body("R1", list(line("L1", "AGREE"), line("L2", "NONE"), line("L3", 1))),
                        "Dòng \"L3\": ý kiến phải là AGREE, DISAGREE hoặc NONE."),
                Arguments.of("a missing vote", REMOVAL,
                        body("R1", list(line("L1", null), line("L2", "NONE"), line("L3", "NONE"))),
                        "Dòng \"L1\": ý kiến phải là AGREE, DISAGREE hoặc NONE."),
                Arguments.of("a line without its id", REMOVAL,
                        body("R1", list(line("L1", "AGREE"), Map.of("vote", "NONE"), line("L3", "NONE"))),
                        "Dòng thứ 2 của phiếu không đúng định dạng {\"line\", \"vote\"}."),
                Arguments.of("a line id that is a number", REMOVAL,
                        body("R1", list(line("L1", "AGREE"), Map.of("line", 2, "vote", "NONE"), line("L3", "NONE"))),
                        "Dòng thứ 2 của phiếu không đúng định dạng {\"line\", \"vote\"}."),
                Arguments.of("nomination sections sent to a removal round", REMOVAL,
                        body("R1", list(section("BT"), section("CT"), section("PCT"))),
                        "Dòng thứ 1 của phiếu không đúng định dạng {\"line\", \"vote\"}."));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("refusedBallots")
    void aMalformedOrDisallowedBallotIsRefusedSayingWhatIsWrong(String what, RoundDefinition round, Object body, String message) {
        Outcome<BallotChoices> outcome = BallotValidation.electronic(round, body);
        assertThat(outcome.isAccepted()).as(what).isFalse();
        assertThat(outcome.refusal().code()).isEqualTo(BallotValidation.INVALID_BALLOT);
        assertThat(outcome.refusal().message()).isEqualTo(message);
    }

    static Stream<Arguments> acceptedNominations() {
        return Stream.of(
                Arguments.of("one pick per open slot", STEP_2, list(section("BT", "c4"), section("CT", "c7", "c8")),
                        Map.of("BT", List.of("c4"), "CT", List.of("c7", "c8"))),
                Arguments.of("fewer picks than open slots", STEP_2, list(section("BT", "c6"), section("CT", "c8")),
                        Map.of("BT", List.of("c6"), "CT", List.of("c8"))),
                Arguments.of("no pick at all (a blank ballot)", STEP_2, list(section("BT"), section("CT")),
                        Map.of("BT", List.of(), "CT", List.of())),
                Arguments.of("write-ins from the registry at step 2", STEP_2, list(section("BT", "c9"), section("CT", "c1", "c7")),
                        Map.of("BT", List.of("c9"), "CT", List.of("c1", "c7"))),
                Arguments.of("printed candidates only at step 3", STEP_3, list(section("BT", "c6"), section("CT", "c7", "c9")),
                        Map.of("BT", List.of("c6"), "CT", List.of("c7", "c9"))));
    }

    @ParameterizedTest(name = "{0} is accepted")
    @MethodSource("acceptedNominations")
    void aWellFormedNominationIsAcceptedWithExactlyItsPicks(String what, RoundDefinition round, List<Object> choices,
            Map<String, List<String>> picks) {
        Outcome<BallotChoices> outcome = BallotValidation.electronic(round, body(round.roundId(), choices));
        assertThat(outcome.isAccepted()).as(what).isTrue();
        assertThat(outcome.value()).isEqualTo(new BallotChoices.Nomination(picks));
    }

    @Test
    void aWellFormedRemovalBallotIsAcceptedWithEachLinesVote() {
        Outcome<BallotChoices> outcome = BallotValidation.electronic(REMOVAL,
                body("R1", list(line("L1", "AGREE"), line("L2", "DISAGREE"), line("L3", "NONE"))));
        assertThat(outcome.value()).isEqualTo(new BallotChoices.Removal(
                Map.of("L1", Vote.AGREE, "L2", Vote.DISAGREE, "L3", Vote.NONE)));
    }

    @Test
    void aNominationRoundWithNoSectionAcceptsOnlyAnEmptyList() {
        RoundDefinition empty = RoundDefinition.nomination("R4", 4, List.of(), Fixtures.REGISTRY);
        assertThat(BallotValidation.electronic(empty, body("R4", list())).value()).isEqualTo(new BallotChoices.Nomination(Map.of()));
        assertThat(BallotValidation.electronic(empty, body("R4", list(section("BT")))).refusal().message())
                .isEqualTo("Phiếu phải có đúng 0 phần chức danh, phiếu gửi có 1.");
    }
}
