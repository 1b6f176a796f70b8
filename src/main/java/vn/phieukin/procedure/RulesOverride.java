package vn.phieukin.procedure;

/**
 * The settings a conference overrides, as received (every field optional: null keeps the
 * default). Strings and boxed numbers so that {@link Rules#apply} can name what is wrong.
 */
public record RulesOverride(
        String comparator,
        Long thresholdNumerator,
        Long thresholdDenominator,
        String base,
        Boolean announced,
        String selection,
        Long quorumNumerator,
        Long quorumDenominator,
        Boolean allowNominations) {

    public static final RulesOverride NONE = new RulesOverride(null, null, null, null, null, null, null, null, null);
}
