package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 1 over the real server and TLS: one host holding idle connections, a slowloris,
 * a slow body, a quiet kept-alive connection, and a flood that must leave room for the desk.
 * Clients bind 127.0.0.x source addresses so that one test plays several hosts.
 */
@ExtendWith(VertxExtension.class)
class ConnectionLimitsTest {
    @TempDir
    Path dir;
    Vertx vertx;
    PhieukinServer server;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    final List<RawHttps> sockets = new ArrayList<>();

    private void start(Vertx vertx, ServerSettings.ConnectionLimits limits) throws Exception {
        this.vertx = vertx;
        ServerSettings settings = new ServerSettings(0, "127.0.0.1", dir.resolve("data"), dir.resolve("keys"),
                Optional.of(TestServer.ADMIN_PASSWORD), Clock.systemUTC(), new SecureRandom(),
                ServerSettings.PairingLimits.DEFAULT, limits);
        server = TestServer.await(PhieukinServer.start(vertx, settings,
                new PrintStream(output, true, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stop() throws Exception {
        for (RawHttps socket : sockets) {
            socket.close();
        }
        if (server != null) {
            TestServer.await(server.close());
        }
    }

    private RawHttps open(String from) throws Exception {
        RawHttps socket = RawHttps.open(dir.resolve("keys/ca.pem"), server.port(), from);
        sockets.add(socket);
        return socket;
    }

    private static ServerSettings.ConnectionLimits limits(long idleMs, long headerMs, long bodyMs, int perAddress,
                                                          int max, int reserve) {
        return new ServerSettings.ConnectionLimits(Duration.ofMillis(idleMs), Duration.ofMillis(headerMs),
                Duration.ofMillis(bodyMs), perAddress, max, reserve);
    }

    @Test
    void moreIdleConnectionsThanThePerAddressCapLeaveOtherClientsAnswered(Vertx vertx) throws Exception {
        // the default cap; headers may take a minute here, so the idle ones stay while the test opens more
        int cap = ServerSettings.ConnectionLimits.DEFAULT.perAddress();
        assertThat(cap).isEqualTo(64);
        start(vertx, limits(60_000, 60_000, 30_000, cap, 0, 64));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<RawHttps>> idle = new ArrayList<>();
            for (int i = 0; i < cap; i++) {
                idle.add(pool.submit(() -> RawHttps.open(dir.resolve("keys/ca.pem"), server.port(), "127.0.0.2")));
            }
            for (java.util.concurrent.Future<RawHttps> socket : idle) {
                sockets.add(socket.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        waitUntilOpen(cap);
        // the host over its cap gets a clear refusal, then the connection closes
        RawHttps over = open("127.0.0.2");
        RawHttps.Response refused = over.request("GET", "/api/v1/seal-key", null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Connection")).isEqualToIgnoringCase("close");
        assertThat(refused.header("Retry-After")).isEqualTo("5");
        JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("TOO_MANY_CONNECTIONS");
        assertThat(error.getString("message")).contains("quá nhiều kết nối", "tối đa 64");
        RawHttps silent = open("127.0.0.2");
        // an ordinary client on another host is answered at once
        try (RawHttps other = RawHttps.open(dir.resolve("keys/ca.pem"), server.port(), "127.0.0.3")) {
            assertThat(other.request("GET", "/api/v1/seal-key", null).status()).isEqualTo(200);
        }
        try (RawHttps local = RawHttps.open(dir.resolve("keys/ca.pem"), server.port(), "127.0.0.1")) {
            assertThat(local.request("GET", "/tablet/", null).status()).isEqualTo(200);
        }
        assertThat(over.closedWithin(5000)).isTrue();
        // one that sends nothing is closed soon too, and the connections under the cap still work
        assertThat(silent.closedWithin(5000)).isTrue();
        assertThat(sockets.get(0).request("GET", "/api/v1/seal-key", null).status()).isEqualTo(200);
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("64 mỗi địa chỉ", "giới hạn mô tả tệp");
        assertThat(server.connectionGuard().open()).as("the %d idle ones are still open", cap).isGreaterThanOrEqualTo(cap);
    }

    @Test
    void aSlowlorisConnectionIsClosedWithinTheHeaderTimeout(Vertx vertx) throws Exception {
        start(vertx, limits(30_000, 1000, 30_000, 64, 0, 64));
        RawHttps slow = open("127.0.0.2");
        long started = System.nanoTime();
        Thread dripper = new Thread(() -> {
            try {
                slow.write("GET /api/v1/seal-key HTTP/1.1\r\n");
                for (int i = 0; i < 100; i++) {
                    slow.write("X");
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException closed) {
                // the server closed it: that is the point
            }
        });
        dripper.setDaemon(true);
        dripper.start();
        assertThat(slow.closedWithin(6000)).as("closed by the header timeout").isTrue();
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(elapsed).as("not before the header timeout").isGreaterThanOrEqualTo(900);
        dripper.interrupt();
    }

    @Test
    void onAKeptAliveConnectionSlowHeadersAreClosedButQuietWaitsForTheIdleTimeout(Vertx vertx) throws Exception {
        start(vertx, limits(4000, 1000, 30_000, 64, 0, 64));
        RawHttps quiet = open("127.0.0.2");
        RawHttps slow = open("127.0.0.2");
        assertThat(quiet.request("GET", "/api/v1/seal-key", null).status()).isEqualTo(200);
        assertThat(slow.request("GET", "/api/v1/seal-key", null).status()).isEqualTo(200);
        long started = System.nanoTime();
        slow.write("GET /api/v1/seal-key HTTP/1.1\r\nHost: loc");
        assertThat(quiet.closedWithin(2500)).as("a quiet kept-alive connection outlives the header timeout")
                .isFalse();
        assertThat(slow.closedWithin(1000)).as("partial headers on a kept-alive connection time out").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(900);
        assertThat(quiet.closedWithin(8000)).as("the idle timeout closes it in the end").isTrue();
    }

    @Test
    void aSlowBodyIsClosedWithinTheBodyTimeout(Vertx vertx) throws Exception {
        start(vertx, limits(30_000, 5000, 1000, 64, 0, 64));
        RawHttps slow = open("127.0.0.2");
        slow.write("POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200\r\n\r\n{\"username\":");
        long started = System.nanoTime();
        Thread dripper = new Thread(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    Thread.sleep(200);
                    slow.write(" ");
                }
            } catch (IOException | InterruptedException closed) {
                // closed by the server
            }
        });
        dripper.setDaemon(true);
        dripper.start();
        assertThat(slow.closedWithin(6000)).as("closed by the body timeout").isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(900);
        dripper.interrupt();
    }

    @Test
    void aFloodBeyondTheGlobalCapLeavesRoomForTheDesk(Vertx vertx) throws Exception {
        start(vertx, limits(30_000, 10_000, 30_000, 64, 20, 5));
        // the desk logged in and worked before the flood
        String admin;
        try (RawHttps desk = RawHttps.open(dir.resolve("keys/ca.pem"), server.port(), "127.0.0.4")) {
            desk.write("POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + loginBody().getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + loginBody());
            admin = new JsonObject(desk.read().body()).getString("token");
            assertThat(desk.request("GET", "/api/v1/reviews", admin).status()).isEqualTo(200);
        }
        waitUntilOpen(0);
        for (int i = 0; i < 15; i++) {
            open("127.0.0.2");
        }
        waitUntilOpen(15);
        try (RawHttps stranger = RawHttps.open(dir.resolve("keys/ca.pem"), server.port(), "127.0.0.3")) {
            RawHttps.Response busy = stranger.request("GET", "/api/v1/seal-key", null);
            assertThat(busy.status()).isEqualTo(503);
            assertThat(new JsonObject(busy.body()).getJsonObject("error").getString("code")).isEqualTo("SERVER_BUSY");
        }
        try (RawHttps desk = RawHttps.open(dir.resolve("keys/ca.pem"), server.port(), "127.0.0.4")) {
            assertThat(desk.request("GET", "/api/v1/reviews", admin).status()).as("the desk uses the reserve")
                    .isEqualTo(200);
        }
    }

    private static String loginBody() {
        return new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD).encode();
    }

    /** The server counts a connection once its handshake is done and forgets it once closed. */
    private void waitUntilOpen(int count) throws InterruptedException {
        ConnectionGuard guard = server.connectionGuard();
        for (int i = 0; i < 100 && guard.open() != count; i++) {
            Thread.sleep(50);
        }
        assertThat(guard.open()).isEqualTo(count);
    }

    @Test
    void theServerRunsWithTheHardDescriptorLimitWhenTheSoftOneIsLower() throws Exception {
        Process hard = new ProcessBuilder("bash", "-c", "ulimit -Hn").start();
        String hardText = new String(hard.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        hard.waitFor();
        assumeThat(hardText).as("a hard limit above 512").matches("unlimited|\\d+");
        assumeThat(hardText.equals("unlimited") || Long.parseLong(hardText) > 512).isTrue();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder("bash", "-c", "ulimit -Sn 512 && exec \"$0\" -cp \"$1\" "
                + DescriptorLimit.class.getName(), java, System.getProperty("java.class.path")).start();
        String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(child.waitFor()).isZero();
        assertThat(Long.parseLong(printed)).as("the JVM raised its soft limit (" + hardText + " hard)")
                .isGreaterThan(512);
    }
}
