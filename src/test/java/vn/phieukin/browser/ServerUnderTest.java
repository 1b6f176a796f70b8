package vn.phieukin.browser;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import vn.phieukin.cli.ApiClient;
import vn.phieukin.server.PhieukinServer;
import vn.phieukin.server.ServerSettings;

/** The real server over TLS on a free loopback port, in temporary folders, serving web/. */
final class ServerUnderTest implements AutoCloseable {
    static final String ADMIN_PASSWORD = "Quy-hoach-2026!";

    final Vertx vertx = Vertx.vertx();
    final Path dir;
    final PhieukinServer server;
    final String base;
    final ApiClient api;
    final String admin;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();

    ServerUnderTest() throws Exception {
        dir = Files.createTempDirectory("phieukin-browser-");
        ServerSettings settings = new ServerSettings(0, "127.0.0.1", dir.resolve("data"), dir.resolve("keys"),
                Optional.of(ADMIN_PASSWORD), Clock.systemUTC(), new SecureRandom(), ServerSettings.PairingLimits.DEFAULT);
        server = PhieukinServer.start(vertx, settings, new PrintStream(output, true, StandardCharsets.UTF_8))
                .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        base = "https://localhost:" + server.port();
        api = new ApiClient(base, dir.resolve("keys/ca.pem"));
        admin = api.call("POST", "/api/v1/login", Map.of("username", "admin", "password", ADMIN_PASSWORD), null)
                .path("token").asText();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
