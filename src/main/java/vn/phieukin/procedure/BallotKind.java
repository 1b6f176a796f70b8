package vn.phieukin.procedure;

/** Step 1 votes on removing planned cadres; steps 2 to 4 nominate. */
public enum BallotKind {
    REMOVAL,
    NOMINATION;

    public static BallotKind ofStep(int step) {
        Steps.check(step);
        return step == 1 ? REMOVAL : NOMINATION;
    }
}
