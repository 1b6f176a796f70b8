package vn.phieukin.server;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the server is started with. {@code port} 0 picks a free port (tests);
 * {@code clock} and {@code random} are injectable so tests can move time and expire codes.
 */
public record ServerSettings(int port, String host, Path dataDir, Path keysDir, Optional<String> adminPassword,
                             Clock clock, SecureRandom random, PairingLimits pairingLimits) {

    /**
     * How wrong pairing codes are limited: {@code maxFailures} per client address in
     * {@code window}, and {@code globalFailuresPerMinute} from all addresses together (0: none).
     * The desk's QR secret is never limited (it cannot be guessed).
     */
    public record PairingLimits(int maxFailures, Duration window, int globalFailuresPerMinute) {
        /** 20 wrong codes a minute in the whole hall is far more than typing slips at a desk of 250. */
        public static final int DEFAULT_GLOBAL_PER_MINUTE = 20;
        public static final PairingLimits DEFAULT = new PairingLimits(10, Duration.ofMinutes(5));

        public PairingLimits(int maxFailures, Duration window) {
            this(maxFailures, window, DEFAULT_GLOBAL_PER_MINUTE);
        }
    }

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(keysDir, "keysDir");
        Objects.requireNonNull(adminPassword, "adminPassword");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(pairingLimits, "pairingLimits");
    }

    /** The defaults of API.md: port 8443, {@code ./data}, {@code ./keys}, all interfaces. */
    public static ServerSettings defaults() {
        return new ServerSettings(8443, "0.0.0.0", Path.of("data"), Path.of("keys"), Optional.empty(),
                Clock.systemUTC(), new SecureRandom(), PairingLimits.DEFAULT);
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(newPort, host, dataDir, keysDir, adminPassword, clock, random, pairingLimits);
    }

    public ServerSettings withDirs(Path newData, Path newKeys) {
        return new ServerSettings(port, host, newData, newKeys, adminPassword, clock, random, pairingLimits);
    }

    public ServerSettings withAdminPassword(String password) {
        return new ServerSettings(port, host, dataDir, keysDir, Optional.of(password), clock, random, pairingLimits);
    }

    public ServerSettings withClock(Clock newClock) {
        return new ServerSettings(port, host, dataDir, keysDir, adminPassword, newClock, random, pairingLimits);
    }

    public ServerSettings withPairingLimits(PairingLimits limits) {
        return new ServerSettings(port, host, dataDir, keysDir, adminPassword, clock, random, limits);
    }
}
