package vn.phieukin.committee;

import java.util.Map;

/** The outcome of checking an encrypted ballot body against its round. */
public sealed interface BallotCheck permits BallotCheck.Valid, BallotCheck.Invalid {

    /** Every proof holds; {@code slots} maps each slot name, in ballot order, to its ciphertext. */
    record Valid(Map<String, Ciphertext> slots) implements BallotCheck {
        public Valid {
            slots = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(slots));
        }
    }

    /**
     * The body is refused. {@code field} is a JSON pointer to the offending part (e.g.
     * {@code /sections/0/slots/3/proof}); {@code reason} is in English, for logs and tests (it
     * never contains a ballot's values).
     */
    record Invalid(String field, String reason) implements BallotCheck {
    }

    default boolean isValid() {
        return this instanceof Valid;
    }
}
