package vn.phieukin.procedure;

/** Something the secretariat should see before opening a round; never a refusal. */
public record BallotWarning(String code, String positionId, String message) {

    /** Fewer or as many candidates printed as open slots: the surplus rule of seed 001 is not met. */
    public static final String NO_SURPLUS = "NO_SURPLUS";
    /** A position has no open slot left, so it gets no section. */
    public static final String NO_OPEN_SLOTS = "NO_OPEN_SLOTS";
}
