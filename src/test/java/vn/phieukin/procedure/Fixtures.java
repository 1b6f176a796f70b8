package vn.phieukin.procedure;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small builders for ballots and rounds as the API receives them (parsed JSON: Map, List, String). */
final class Fixtures {
    private Fixtures() {
    }

    static final Set<String> REGISTRY = Set.of("c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9");

    /** Step 2 of the smoke review: BT one open slot, CT two; write-ins from the registry allowed. */
    static RoundDefinition stepTwoRound() {
        return RoundDefinition.nomination("R2", 2, List.of(
                new Section("CT", 2, List.of("c7", "c8"), true),
                new Section("BT", 1, List.of("c4", "c5", "c6"), true)), REGISTRY);
    }

    /** A step-3 round: only the printed candidates may be picked. */
    static RoundDefinition stepThreeRound() {
        return RoundDefinition.nomination("R3", 3, List.of(
                new Section("BT", 1, List.of("c4", "c6"), false),
                new Section("CT", 2, List.of("c7", "c8", "c9"), false)), REGISTRY);
    }

    static RoundDefinition removalRound() {
        return RoundDefinition.removal("R1", List.of(
                new RemovalLine("L2", "c2", "BT"), new RemovalLine("L1", "c1", "BT"), new RemovalLine("L3", "c3", "CT")), REGISTRY);
    }

    /** {@code {"round": round, "choices": choices}}. */
    static Map<String, Object> body(String round, List<?> choices) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("round", round);
        body.put("choices", choices);
        return body;
    }

    /** {@code {"position": position, "cadres": [cadres…]}}; cadres may hold anything, even null. */
    static Map<String, Object> section(String position, Object... cadres) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("position", position);
        section.put("cadres", new ArrayList<>(Arrays.asList(cadres)));
        return section;
    }

    /** {@code {"line": line, "vote": vote}}. */
    static Map<String, Object> line(String line, Object vote) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("line", line);
        choice.put("vote", vote);
        return choice;
    }

    static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    static Cadre cadre(String id, LocalDate birthDate, Gender gender, String ethnicity, boolean stem, boolean subordinatePost) {
        return new Cadre(id, "Cán bộ " + id, birthDate, gender, ethnicity, "Chức vụ", "Đơn vị", stem, subordinatePost);
    }

    /** Nomination choices from alternating position ids and lists of cadre ids. */
    static BallotChoices.Nomination picks(Object... positionsAndCadres) {
        Map<String, List<String>> picks = new LinkedHashMap<>();
        for (int i = 0; i < positionsAndCadres.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> cadres = (List<String>) positionsAndCadres[i + 1];
            picks.put((String) positionsAndCadres[i], cadres);
        }
        return new BallotChoices.Nomination(picks);
    }

    /** {@code n} copies of the same ballot. */
    static <T> List<T> times(int n, T ballot) {
        List<T> ballots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ballots.add(ballot);
        }
        return ballots;
    }
}
