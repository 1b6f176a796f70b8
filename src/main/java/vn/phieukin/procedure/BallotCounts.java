package vn.phieukin.procedure;

/** Ballots cast, valid and invalid (valid + invalid = cast). */
public record BallotCounts(long cast, long valid, long invalid) {
    public BallotCounts {
        if (cast < 0 || valid < 0 || invalid < 0 || valid + invalid != cast) {
            throw new IllegalArgumentException("inconsistent counts " + cast + "/" + valid + "/" + invalid);
        }
    }
}
