package vn.phieukin.procedure;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A paper ballot as the counting committee read it: wholly invalid, or valid with the sections
 * that were over-selected (and so are invalid for that section only) set aside.
 */
public record PaperBallot(boolean invalid, BallotChoices choices, Set<String> invalidSections) {
    public PaperBallot {
        Objects.requireNonNull(choices, "choices");
        invalidSections = new TreeSet<>(invalidSections);
    }
}
