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
                             Clock clock, SecureRandom random, PairingLimits pairingLimits,
                             ConnectionLimits connectionLimits) {

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

    /**
     * How long and how many connections the server keeps open (issue 13): {@code idle} without a
     * byte either way; {@code header} from the first byte of a request to the end of its headers
     * (and from the TLS accept to the first request); {@code body} from the headers to the end of
     * the body. {@code perAddress} open connections from one client address; {@code max} open
     * connections in all (0: derived from the process's descriptor limit), of which
     * {@code staffReserve} only for addresses that recently made a staff (desk, console) call.
     */
    public record ConnectionLimits(Duration idle, Duration header, Duration body, int perAddress, int max,
                                   int staffReserve) {
        /**
         * 75 s idle: longer than the 60 s after which common clients (Vert.x's, curl's pool) drop an
         * idle connection themselves, so a client rarely sends on a connection the server is closing.
         */
        public static final ConnectionLimits DEFAULT = new ConnectionLimits(Duration.ofSeconds(75),
                Duration.ofSeconds(10), Duration.ofSeconds(30), 64, 0, 64);

        public ConnectionLimits {
            for (Duration d : new Duration[] {idle, header, body}) {
                if (d == null || d.isNegative() || d.isZero()) {
                    throw new IllegalArgumentException("connection timeouts must be positive");
                }
            }
            if (perAddress < 1 || max < 0 || staffReserve < 0) {
                throw new IllegalArgumentException("connection caps out of range");
            }
        }
    }

    /** Settings with the default connection limits. */
    public ServerSettings(int port, String host, Path dataDir, Path keysDir, Optional<String> adminPassword,
                          Clock clock, SecureRandom random, PairingLimits pairingLimits) {
        this(port, host, dataDir, keysDir, adminPassword, clock, random, pairingLimits, ConnectionLimits.DEFAULT);
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
        Objects.requireNonNull(connectionLimits, "connectionLimits");
    }

    /** The defaults of API.md: port 8443, {@code ./data}, {@code ./keys}, all interfaces. */
    public static ServerSettings defaults() {
        return new ServerSettings(8443, "0.0.0.0", Path.of("data"), Path.of("keys"), Optional.empty(),
                Clock.systemUTC(), new SecureRandom(), PairingLimits.DEFAULT, ConnectionLimits.DEFAULT);
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(newPort, host, dataDir, keysDir, adminPassword, clock, random, pairingLimits,
                connectionLimits);
    }

    public ServerSettings withDirs(Path newData, Path newKeys) {
        return new ServerSettings(port, host, newData, newKeys, adminPassword, clock, random, pairingLimits,
                connectionLimits);
    }

    public ServerSettings withAdminPassword(String password) {
        return new ServerSettings(port, host, dataDir, keysDir, Optional.of(password), clock, random, pairingLimits,
                connectionLimits);
    }

    public ServerSettings withClock(Clock newClock) {
        return new ServerSettings(port, host, dataDir, keysDir, adminPassword, newClock, random, pairingLimits,
                connectionLimits);
    }

    public ServerSettings withPairingLimits(PairingLimits limits) {
        return new ServerSettings(port, host, dataDir, keysDir, adminPassword, clock, random, limits, connectionLimits);
    }

    public ServerSettings withConnectionLimits(ConnectionLimits limits) {
        return new ServerSettings(port, host, dataDir, keysDir, adminPassword, clock, random, pairingLimits, limits);
    }
}
