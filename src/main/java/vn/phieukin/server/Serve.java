package vn.phieukin.server;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code phieukin.jar serve [--port 8443] [--data DIR] [--keys DIR] [--admin-password PW]
 * [--connections-per-address 64]}:
 * runs the server until SIGTERM/Ctrl-C, then closes Vert.x and the database cleanly.
 */
public final class Serve {
    /** Environment variable that may hold the first admin password. */
    public static final String PASSWORD_VARIABLE = "PHIEUKIN_ADMIN_PASSWORD";

    private Serve() {
    }

    /** Starts and blocks until the JVM stops; returns only on a usage or start-up error. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ServerSettings settings;
        try {
            settings = parse(args, System.getenv(PASSWORD_VARIABLE));
        } catch (IllegalArgumentException usage) {
            err.println(usage.getMessage());
            return 2;
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n");
        }
        MemoryBounds.applyAtStart().ifPresent(err::println);
        Vertx vertx = Vertx.vertx();
        PhieukinServer server;
        try {
            server = PhieukinServer.start(vertx, settings, out).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof BindException) {
                err.println("Không khởi động được: cổng " + settings.port() + " đang được chương trình khác dùng");
            } else {
                err.println("Không khởi động được: " + cause.getMessage());
            }
            vertx.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Đang dừng máy chủ…");
            try {
                // one after the other from this thread: a future of an event-loop context could not
                // complete once Vert.x has stopped its loops
                server.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
                vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
                out.println("Đã dừng.");
            } catch (Exception e) {
                err.println("Dừng không trọn vẹn: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "phieukin-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static ServerSettings parse(String[] args, String passwordFromEnvironment) {
        ServerSettings settings = ServerSettings.defaults();
        Path data = settings.dataDir();
        Path keys = settings.keysDir();
        int port = settings.port();
        int perAddress = settings.connectionLimits().perAddress();
        String password = passwordFromEnvironment == null || passwordFromEnvironment.isEmpty()
                ? null : passwordFromEnvironment;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Thiếu giá trị sau " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        port = -1;
                    }
                    if (port < 1 || port > 65535) {
                        throw new IllegalArgumentException("--port phải là số từ 1 đến 65535 (nhận được " + value + ")");
                    }
                }
                case "--data" -> data = Path.of(value);
                case "--keys" -> keys = Path.of(value);
                case "--admin-password" -> password = value;
                case "--connections-per-address" -> {
                    try {
                        perAddress = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        perAddress = -1;
                    }
                    if (perAddress < 8 || perAddress > 100_000) {
                        throw new IllegalArgumentException("--connections-per-address phải là số từ 8 đến 100000 (nhận được "
                                + value + ")");
                    }
                }
                default -> throw new IllegalArgumentException("Tùy chọn không xác định: " + option
                        + " (serve [--port 8443] [--data DIR] [--keys DIR] [--admin-password PW]"
                        + " [--connections-per-address 64])");
            }
        }
        ServerSettings.ConnectionLimits c = settings.connectionLimits();
        settings = settings.withPort(port).withDirs(data, keys).withConnectionLimits(new ServerSettings.ConnectionLimits(
                c.idle(), c.header(), c.body(), perAddress, c.max(), c.staffReserve()));
        if (password != null) {
            try {
                StaffApi.checkNewPassword("--admin-password", password);
            } catch (RuntimeException refused) {
                throw new IllegalArgumentException(refused.getMessage());
            }
            settings = settings.withAdminPassword(password);
        }
        return settings;
    }
}
