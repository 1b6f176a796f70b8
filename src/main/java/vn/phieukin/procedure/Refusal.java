package vn.phieukin.procedure;

import java.util.Objects;

/**
 * An expected refusal: a stable code (mapped to an HTTP status in one place by the server) and
 * a specific Vietnamese message for the person who asked.
 */
public record Refusal(String code, String message) {
    public Refusal {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
