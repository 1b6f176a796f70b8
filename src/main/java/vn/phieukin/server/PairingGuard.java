package vn.phieukin.server;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits guessing of pairing codes: after {@code maxFailures} wrong codes from one client
 * address within the window, that address is refused until the window has passed. With 10
 * tries per 5 minutes, guessing one of a few dozen live 8-digit codes takes years.
 */
final class PairingGuard {
    private final Clock clock;
    private final ServerSettings.PairingLimits limits;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(long windowStart, int count) {
    }

    PairingGuard(Clock clock, ServerSettings.PairingLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /** Seconds until {@code address} may try again, or 0 when it may try now. */
    long secondsBlocked(String address) {
        Failures f = failures.get(address);
        long now = clock.millis();
        if (f == null || now - f.windowStart() >= limits.window().toMillis()) {
            return 0;
        }
        if (f.count() < limits.maxFailures()) {
            return 0;
        }
        return Math.max(1, (f.windowStart() + limits.window().toMillis() - now + 999) / 1000);
    }

    void failed(String address) {
        long now = clock.millis();
        failures.compute(address, (key, f) -> f == null || now - f.windowStart() >= limits.window().toMillis()
                ? new Failures(now, 1) : new Failures(f.windowStart(), f.count() + 1));
        if (failures.size() > 10_000) {
            failures.entrySet().removeIf(e -> now - e.getValue().windowStart() >= limits.window().toMillis());
        }
    }
}
