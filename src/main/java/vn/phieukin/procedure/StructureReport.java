package vn.phieukin.procedure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The structure (cơ cấu) of a planning list against the targets of seed 003 (young, women,
 * ethnic minority, science/technology) and seed 001 / Quy định 377 (2/3 of each position's
 * list holding a directly subordinate post; at most 3 positions per cadre). Information for
 * the discussion: every miss is flagged, nothing is ever blocked.
 */
public record StructureReport(List<Target> targets, List<PositionShare> subordinatePost, List<CadreLoad> overPositionLimit) {

    /** Young means at most this age in completed years at the review's reference date. */
    public static final int YOUNG_MAX_AGE = 42;
    public static final int MAX_POSITIONS_PER_CADRE = 3;

    public StructureReport {
        targets = List.copyOf(targets);
        subordinatePost = List.copyOf(subordinatePost);
        overPositionLimit = List.copyOf(overPositionLimit);
    }

    /** One share target over the distinct cadres of the list. */
    public record Target(String code, String label, long count, long total, String percent, Fraction required, boolean met) {
    }

    /** Per position: how many of its list hold a directly subordinate post (target 2/3). */
    public record PositionShare(String positionId, long holding, long total, String percent, boolean met) {
    }

    /** A cadre planned for more positions than allowed. */
    public record CadreLoad(String cadreId, int positions) {
    }

    /** @param list per position id, the cadre ids planned or proposed for it */
    public static StructureReport of(Map<String, List<String>> list, Map<String, Cadre> cadres, LocalDate referenceDate) {
        Objects.requireNonNull(referenceDate, "referenceDate");
        Set<Cadre> people = new LinkedHashSet<>();
        Map<String, Integer> load = new TreeMap<>();
        list.values().forEach(ids -> ids.stream().distinct().forEach(id -> {
            people.add(cadre(cadres, id));
            load.merge(id, 1, Integer::sum);
        }));
        List<Target> targets = List.of(
                target("YOUNG", "Cán bộ trẻ (không quá " + YOUNG_MAX_AGE + " tuổi)", people,
                        c -> c.ageOn(referenceDate) <= YOUNG_MAX_AGE, new Fraction(15, 100)),
                target("WOMEN", "Cán bộ nữ", people, c -> c.gender() == Gender.F, new Fraction(25, 100)),
                target("ETHNIC_MINORITY", "Cán bộ người dân tộc thiểu số", people, Cadre::isEthnicMinority, new Fraction(30, 100)),
                target("STEM", "Cán bộ có chuyên môn khoa học, công nghệ, chuyển đổi số", people, Cadre::stem,
                        new Fraction(10, 100)));
        List<PositionShare> shares = new ArrayList<>();
        list.forEach((positionId, ids) -> {
            List<String> distinct = ids.stream().distinct().toList();
            if (!distinct.isEmpty()) {
                long holding = distinct.stream().filter(id -> cadre(cadres, id).subordinatePost()).count();
                shares.add(new PositionShare(positionId, holding, distinct.size(), Percent.of(holding, distinct.size()),
                        Fraction.TWO_THIRDS.isReachedBy(holding, distinct.size())));
            }
        });
        List<CadreLoad> over = load.entrySet().stream().filter(e -> e.getValue() > MAX_POSITIONS_PER_CADRE)
                .map(e -> new CadreLoad(e.getKey(), e.getValue())).toList();
        return new StructureReport(targets, shares, over);
    }

    private static Target target(String code, String label, Set<Cadre> people, Predicate<Cadre> counts, Fraction required) {
        long count = people.stream().filter(counts).count();
        long total = people.size();
        return new Target(code, label, count, total, Percent.of(count, total), required,
                total > 0 && required.isReachedBy(count, total));
    }

    private static Cadre cadre(Map<String, Cadre> cadres, String id) {
        Cadre cadre = cadres.get(id);
        if (cadre == null) {
            throw new IllegalArgumentException("cadre not in the registry: " + id);
        }
        return cadre;
    }
}
