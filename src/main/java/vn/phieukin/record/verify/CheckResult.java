package vn.phieukin.record.verify;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one check: every failure found (each a specific Vietnamese sentence naming the
 * ballot by receipt, the count, expected and found) and notes that are not failures
 * (e.g. "not checked: no --previous").
 */
public record CheckResult(CheckId id, List<String> failures, List<String> notes) {

    public CheckResult {
        Objects.requireNonNull(id, "id");
        failures = List.copyOf(failures);
        notes = List.copyOf(notes);
    }

    public boolean passed() {
        return failures.isEmpty();
    }
}
