package vn.phieukin.record.verify;

import java.util.ArrayList;
import java.util.List;

/** What one check found, gathered as it goes; never stops at the first failure. */
final class Findings {

    private final CheckId id;
    private final List<String> failures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Findings(CheckId id) {
        this.id = id;
    }

    void fail(String message) {
        failures.add(message);
    }

    void failAll(List<String> messages) {
        failures.addAll(messages);
    }

    void note(String message) {
        notes.add(message);
    }

    boolean hasFailures() {
        return !failures.isEmpty();
    }

    CheckResult result() {
        return new CheckResult(id, failures, notes);
    }
}
