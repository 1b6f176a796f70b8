package vn.phieukin.procedure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.phieukin.procedure.Fixtures.cadre;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The structure report (cơ cấu) against the planning-list targets of seed 003 ("trong quy hoạch
 * … cán bộ trẻ đạt từ 15% trở lên, cán bộ nữ đạt từ 25% trở lên, cán bộ người dân tộc thiểu số
 * đạt từ 30% trở lên; … khoa học - công nghệ, chuyển đổi số … đạt từ 10% trở lên"; young = "không
 * quá 42 tuổi tại thời điểm rà soát") and seed 001 ("ít nhất 2/3 số cán bộ giữ chức danh cấp dưới
 * trực tiếp").
 */
class StructureReportTest {

    private static final LocalDate REFERENCE = LocalDate.of(2026, 6, 1);
    private static final LocalDate OLD = LocalDate.of(1970, 1, 1);

    private static Cadre plain(String id) {
        return cadre(id, OLD, Gender.M, "Kinh", false, true);
    }

    private static StructureReport.Target target(StructureReport report, String code) {
        return report.targets().stream().filter(t -> t.code().equals(code)).findFirst().orElseThrow();
    }

    /** One position "P" planning all of {@code cadres}. */
    private static StructureReport reportOf(List<Cadre> cadres, LocalDate reference) {
        Map<String, Cadre> registry = cadres.stream().collect(Collectors.toMap(Cadre::id, Function.identity()));
        return StructureReport.of(Map.of("P", cadres.stream().map(Cadre::id).toList()), registry, reference);
    }

    @ParameterizedTest(name = "born {0}, on {1}: {2} years old")
    @CsvSource({
            "1984-06-01, 2026-06-01, 42",   // turning 42 on the reference date
            "1983-06-01, 2026-06-01, 43",   // turning 43 on the reference date
            "1983-06-02, 2026-06-01, 42",   // turns 43 the day after
            "1984-06-02, 2026-06-01, 41",
            "1984-02-29, 2026-02-28, 41",   // born 29 February: in a common year the birthday comes on 1 March
            "1984-02-29, 2026-03-01, 42",
            "1984-02-29, 2027-02-28, 42",
            "1984-02-29, 2027-03-01, 43",
            "1984-02-29, 2028-02-28, 43",   // in a leap year on 29 February itself
            "1984-02-29, 2028-02-29, 44",
            "1984-02-29, 2028-03-01, 44",
            "1984-02-28, 2028-02-28, 44",
            "1984-03-01, 2028-02-29, 43",
            "1984-03-01, 2028-03-01, 44",
            "1985-12-31, 2027-12-31, 42",
            "1985-12-31, 2027-12-30, 41",
    })
    void ageIsCountedInCompletedYearsAtTheReferenceDate(LocalDate born, LocalDate reference, int age) {
        assertThat(cadre("x", born, Gender.M, "Kinh", false, false).ageOn(reference)).isEqualTo(age);
    }

    @ParameterizedTest(name = "born {0}, reference {1}: young = {2}")
    @CsvSource({
            "1984-06-01, 2026-06-01, true",    // turns 42 that day: still young
            "1983-06-01, 2026-06-01, false",   // turns 43 that day: no longer young
            "1983-06-02, 2026-06-01, true",
            "1984-02-29, 2027-02-28, true",    // 29 February: 43 only from 1 March of a common year
            "1984-02-29, 2027-03-01, false",
            "1988-02-29, 2031-02-28, true",
            "1988-02-29, 2031-03-01, false",
    })
    void aCadreIsYoungUpToAndIncludingFortyTwoCompletedYears(LocalDate born, LocalDate reference, boolean young) {
        StructureReport report = reportOf(List.of(cadre("x", born, Gender.M, "Kinh", false, true)), reference);
        assertThat(target(report, "YOUNG").count()).isEqualTo(young ? 1 : 0);
    }

    @ParameterizedTest(name = "ethnicity \"{0}\": minority = {1}")
    @CsvSource(delimiter = '|', value = {
            "Kinh    | false",
            "kinh    | false",
            "KINH    | false",
            "' Kinh '| false",
            "'Kinh\t'| false",
            "Tày     | true",
            "Nùng    | true",
            "Dao     | true",
            "Mường   | true",
            "Ê Đê    | true",
            "Hoa     | true",
    })
    void everyEthnicityOtherThanKinhIsAnEthnicMinorityWhateverItsCaseOrSurroundingSpaces(String ethnicity, boolean minority) {
        assertThat(cadre("x", OLD, Gender.M, ethnicity, false, false).isEthnicMinority()).isEqualTo(minority);
    }

    @Test
    void anEthnicityWrittenWithDecomposedDiacriticsIsRecognisedAlike() {
        String decomposed = java.text.Normalizer.normalize("Tày", java.text.Normalizer.Form.NFD);
        assertThat(cadre("x", OLD, Gender.M, decomposed, false, false).isEthnicMinority()).isTrue();
    }

    /** n cadres of 20 having the attribute of {@code code}: met at the seed-003 share, missed one below it. */
    static Stream<Arguments> targetBoundaries() {
        return Stream.of(
                Arguments.of("YOUNG", 20, 3, "15.00", true),
                Arguments.of("YOUNG", 20, 2, "10.00", false),
                Arguments.of("YOUNG", 7, 1, "14.29", false),
                Arguments.of("YOUNG", 13, 2, "15.38", true),
                Arguments.of("WOMEN", 20, 5, "25.00", true),
                Arguments.of("WOMEN", 20, 4, "20.00", false),
                Arguments.of("WOMEN", 9, 2, "22.22", false),
                Arguments.of("WOMEN", 9, 3, "33.33", true),
                Arguments.of("ETHNIC_MINORITY", 20, 6, "30.00", true),
                Arguments.of("ETHNIC_MINORITY", 20, 5, "25.00", false),
                Arguments.of("ETHNIC_MINORITY", 7, 2, "28.57", false),
                Arguments.of("ETHNIC_MINORITY", 7, 3, "42.86", true),
                Arguments.of("STEM", 20, 2, "10.00", true),
                Arguments.of("STEM", 20, 1, "5.00", false),
                Arguments.of("STEM", 11, 1, "9.09", false),
                Arguments.of("STEM", 9, 1, "11.11", true));
    }

    @ParameterizedTest(name = "{0}: {2} of {1} ({3} %) met = {4}")
    @MethodSource("targetBoundaries")
    void eachStructureTargetIsMetExactlyFromItsShare(String code, int total, int having, String percent, boolean met) {
        List<Cadre> cadres = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            boolean has = i < having;
            cadres.add(cadre("c" + i,
                    code.equals("YOUNG") && has ? LocalDate.of(1990, 1, 1) : OLD,
                    code.equals("WOMEN") && has ? Gender.F : Gender.M,
                    code.equals("ETHNIC_MINORITY") && has ? "Tày" : "Kinh",
                    code.equals("STEM") && has, true));
        }
        StructureReport.Target target = target(reportOf(cadres, REFERENCE), code);
        assertThat(target.count()).isEqualTo(having);
        assertThat(target.total()).isEqualTo(total);
        assertThat(target.percent()).isEqualTo(percent);
        assertThat(target.met()).isEqualTo(met);
    }

    @Test
    void theTargetsAreThoseOfSeed003ForPlanningLists() {
        StructureReport report = reportOf(List.of(plain("a")), REFERENCE);
        assertThat(report.targets()).extracting(StructureReport.Target::code, StructureReport.Target::required).containsExactly(
                org.assertj.core.groups.Tuple.tuple("YOUNG", new Fraction(15, 100)),
                org.assertj.core.groups.Tuple.tuple("WOMEN", new Fraction(25, 100)),
                org.assertj.core.groups.Tuple.tuple("ETHNIC_MINORITY", new Fraction(30, 100)),
                org.assertj.core.groups.Tuple.tuple("STEM", new Fraction(10, 100)));
        assertThat(target(report, "YOUNG").label()).isEqualTo("Cán bộ trẻ (không quá 42 tuổi)");
        assertThat(target(report, "WOMEN").label()).isEqualTo("Cán bộ nữ");
        assertThat(target(report, "ETHNIC_MINORITY").label()).isEqualTo("Cán bộ người dân tộc thiểu số");
    }

    @Test
    void aCadrePlannedForSeveralPositionsIsCountedOnceInTheShares() {
        Cadre woman = cadre("w", OLD, Gender.F, "Kinh", false, true);
        Map<String, Cadre> registry = Map.of("w", woman, "a", plain("a"), "b", plain("b"), "c", plain("c"));
        Map<String, List<String>> list = new LinkedHashMap<>();
        list.put("BT", List.of("w", "a"));
        list.put("CT", List.of("w", "b", "c"));
        StructureReport.Target women = target(StructureReport.of(list, registry, REFERENCE), "WOMEN");
        assertThat(women.count()).isEqualTo(1);
        assertThat(women.total()).isEqualTo(4);
        assertThat(women.met()).isTrue();   // 1 of 4 = 25 %
    }

    @Test
    void anEmptyListMeetsNoTarget() {
        StructureReport report = StructureReport.of(Map.of("BT", List.of()), Map.of(), REFERENCE);
        assertThat(report.targets()).allSatisfy(t -> {
            assertThat(t.total()).isZero();
            assertThat(t.met()).isFalse();
            assertThat(t.percent()).isEqualTo("0.00");
        });
        assertThat(report.subordinatePost()).isEmpty();
    }

    @ParameterizedTest(name = "{1} of {0} holding a directly subordinate post ({2} %): met = {3}")
    @CsvSource({
            "3, 2, 66.67, true",
            "3, 1, 33.33, false",
            "3, 3, 100.00, true",
            "6, 4, 66.67, true",
            "6, 3, 50.00, false",
            "5, 4, 80.00, true",
            "5, 3, 60.00, false",
            "2, 2, 100.00, true",
            "2, 1, 50.00, false",
            "1, 1, 100.00, true",
            "1, 0, 0.00, false",
    })
    void atLeastTwoThirdsOfEachPositionsListShouldHoldADirectlySubordinatePost(int total, int holding, String percent, boolean met) {
        List<Cadre> cadres = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            cadres.add(cadre("c" + i, OLD, Gender.M, "Kinh", false, i < holding));
        }
        StructureReport report = reportOf(cadres, REFERENCE);
        assertThat(report.subordinatePost()).containsExactly(new StructureReport.PositionShare("P", holding, total, percent, met));
    }

    @Test
    void theSubordinatePostShareIsComputedPerPosition() {
        Map<String, Cadre> registry = Map.of(
                "a", cadre("a", OLD, Gender.M, "Kinh", false, true),
                "b", cadre("b", OLD, Gender.M, "Kinh", false, true),
                "c", cadre("c", OLD, Gender.M, "Kinh", false, false));
        Map<String, List<String>> list = new LinkedHashMap<>();
        list.put("BT", List.of("a", "b", "c"));
        list.put("CT", List.of("a", "c"));
        StructureReport report = StructureReport.of(list, registry, REFERENCE);
        assertThat(report.subordinatePost()).containsExactly(
                new StructureReport.PositionShare("BT", 2, 3, "66.67", true),
                new StructureReport.PositionShare("CT", 1, 2, "50.00", false));
    }

    @Test
    void aCadrePlannedForMoreThanThreePositionsIsFlaggedAndThreeIsAllowed() {
        Map<String, Cadre> registry = Map.of("a", plain("a"), "b", plain("b"));
        Map<String, List<String>> list = new LinkedHashMap<>();
        list.put("P1", List.of("a", "b"));
        list.put("P2", List.of("a", "b"));
        list.put("P3", List.of("a", "b"));
        list.put("P4", List.of("a", "a"));   // listed twice for one position still counts once
        StructureReport report = StructureReport.of(list, registry, REFERENCE);
        assertThat(report.overPositionLimit()).containsExactly(new StructureReport.CadreLoad("a", 4));
    }

    @Test
    void aCadreNotInTheRegistryIsAProgrammerError() {
        assertThatThrownBy(() -> StructureReport.of(Map.of("P", List.of("ghost")), Map.of(), REFERENCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ghost");
    }

    @Test
    void theSmokeReviewsFinalListMeetsEveryShareTarget() {
        // finalPlanning of smoke.json: BT [c2, c4], CT [c3, c7, c9], reference date 2026-06-01
        Map<String, Cadre> registry = Map.of(
                "c2", new Cadre("c2", "Hoàng Thị Bình", LocalDate.of(1975, 7, 19), Gender.F, "Tày", "", "", false, true),
                "c3", new Cadre("c3", "Lê Văn Cường", LocalDate.of(1972, 11, 30), Gender.M, "Kinh", "", "", false, true),
                "c4", new Cadre("c4", "Ma Thị Dung", LocalDate.of(1985, 1, 5), Gender.F, "Nùng", "", "", false, false),
                "c7", new Cadre("c7", "Phạm Thị Hà", LocalDate.of(1983, 12, 12), Gender.F, "Kinh", "", "", true, false),
                "c9", new Cadre("c9", "Vi Thị Lan", LocalDate.of(1988, 2, 14), Gender.F, "Dao", "", "", false, false));
        Map<String, List<String>> list = new LinkedHashMap<>();
        list.put("BT", List.of("c2", "c4"));
        list.put("CT", List.of("c3", "c7", "c9"));
        StructureReport report = StructureReport.of(list, registry, LocalDate.of(2026, 6, 1));
        // young: c4 (41), c7 (42), c9 (38) of 5; women 4 of 5; minority c2, c4, c9; stem c7
        assertThat(report.targets()).extracting(StructureReport.Target::count).containsExactly(3L, 4L, 3L, 1L);
        assertThat(report.targets()).allMatch(StructureReport.Target::met);
        assertThat(report.subordinatePost()).containsExactly(
                new StructureReport.PositionShare("BT", 1, 2, "50.00", false),
                new StructureReport.PositionShare("CT", 1, 3, "33.33", false));
        assertThat(report.overPositionLimit()).isEmpty();
    }
}
