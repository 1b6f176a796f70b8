package vn.phieukin.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenHolder;

/**
 * Benchmark of the opening herd (issue 13 item 2), not a test: {@code --tablets} simulated tablets
 * (default 300) of one conference poll their state and, when a round opens, fetch their token
 * exactly as {@code web/js/tablet.js} does (GET /tablet/state, POST /rounds/{id}/issue, GET
 * /tablet/cadres; each on a fresh TLS connection since the server closes the tablets'
 * connections; all from 127.0.0.1, so the server's per-address cap is raised to fit). Reports p50/p99 of every request started in the first 5 s after the open:
 * <ul>
 * <li><b>jitter off</b>: every tablet answers the round event at once and then polls every
 * {@code --poll-ms} exactly (the event resets all their timers to the same phase);</li>
 * <li><b>jitter on</b>: as {@code live.js} with the tablet's options, the event is answered after
 * a uniform random delay in [0, 2 s) and each poll interval is spread by ±20%.</li>
 * </ul>
 * The server runs in its own JVM from this classpath, on a free loopback port with fresh folders.
 * The modes alternate for {@code --trials} pairs (each on a new conference and round); the
 * summary gives each mode's median over its trials, the server's CPU time and the load average.
 * Simplification: tablets learn of the open by the event only (not by a poll that happens to
 * fall between the open and the event); the token blinding is computed before the event, as
 * each real tablet does it on its own processor.
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) vn.phieukin.load.OpeningHerd --tablets 300 --trials 2
 * </pre>
 */
public final class OpeningHerd {
    private static final String PASSWORD = "Bay-dan-2026!";
    private static final long WINDOW_MS = 5000;
    private static final long EVENT_DELAY_MS = 2000;
    private static final double POLL_JITTER = 0.2;

    private final Vertx vertx = Vertx.vertx();
    private final SecureRandom random = new SecureRandom();
    private HttpClientAgent http;
    private String admin;
    private final Map<String, Integer> tabletOf = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<Throwable> firstFailure =
            new java.util.concurrent.atomic.AtomicReference<>();
    private String review;
    private List<String> cadres;
    private String[] positions;

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int tablets = Integer.parseInt(options.getOrDefault("tablets", "300"));
        int trials = Integer.parseInt(options.getOrDefault("trials", "2"));
        long pollMs = Long.parseLong(options.getOrDefault("poll-ms", "3000"));
        Path work = Files.createTempDirectory("phieukin-herd-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process server = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "vn.phieukin.cli.Main",
                "serve", "--port", Integer.toString(port), "--data", work.resolve("data").toString(),
                "--keys", work.resolve("keys").toString(), "--admin-password", PASSWORD,
                // every simulated tablet comes from 127.0.0.1, where each real one has its own address
                "--connections-per-address", Integer.toString(tablets * 4 + 64))
                .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
        OpeningHerd herd = new OpeningHerd();
        try {
            herd.run(work, port, server, tablets, trials, pollMs);
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            herd.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private void run(Path work, int port, Process server, int tablets, int trials, long pollMs) throws Exception {
        System.out.printf("opening herd: %d tablets, polls every %d ms, %d trial pairs; %d cores, Java %s; server log %s%n",
                tablets, pollMs, trials, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                work.resolve("server.log"));
        connect(work.resolve("keys/ca.pem"), port, tablets);
        admin = call(HttpMethod.POST, "/api/v1/login", new JsonObject().put("username", "admin")
                .put("password", PASSWORD), null).json().getString("token");
        review = post("/api/v1/reviews", new JsonObject().put("name", "Đo bầy mở phiên")
                .put("referenceDate", java.time.LocalDate.now().toString())).getString("id");
        positions = new String[] {
            post("/api/v1/reviews/" + review + "/positions", new JsonObject().put("name", "Bí thư Tỉnh ủy")).getString("id"),
            post("/api/v1/reviews/" + review + "/positions", new JsonObject().put("name", "Chủ tịch UBND tỉnh")).getString("id")};
        cadres = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            cadres.add(post("/api/v1/reviews/" + review + "/cadres", new JsonObject().put("fullName", "Cán bộ " + i)
                    .put("birthDate", "1975-01-0" + i).put("gender", i % 2 == 0 ? "F" : "M").put("ethnicity", "Kinh")
                    .put("title", "Chức vụ " + i).put("unit", "Đơn vị " + i)).getString("id"));
        }
        Map<Boolean, List<double[]>> results = new TreeMap<>();
        for (int t = 0; t < trials; t++) {
            for (boolean jitter : new boolean[] {false, true}) {
                double[] figures = trial(t, jitter, tablets, pollMs, server);
                results.computeIfAbsent(jitter, j -> new ArrayList<>()).add(figures);
            }
        }
        System.out.println();
        System.out.println("summary (median over trials) of requests started in the first 5 s after the open:");
        for (Map.Entry<Boolean, List<double[]>> mode : results.entrySet()) {
            List<double[]> list = mode.getValue();
            System.out.printf("  jitter %-3s: p50 %.0f ms, p99 %.0f ms, max %.0f ms; token fetched by all within %.1f s;"
                            + " server CPU %.1f s%n", mode.getKey() ? "on" : "off",
                    median(list, 0), median(list, 1), median(list, 2), median(list, 3) / 1000, median(list, 4));
        }
        System.out.printf("load average at the end: %.2f (1 min)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double median(List<double[]> list, int index) {
        double[] values = list.stream().mapToDouble(a -> a[index]).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    /** One conference of {@code tablets} paired delegates, one round opened; returns p50, p99, max, all-issued ms, CPU s. */
    private double[] trial(int number, boolean jitter, int tablets, long pollMs, Process server) throws Exception {
        String conference = post("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 3)
                .put("title", "Hội nghị đo " + number + (jitter ? "b" : "a")).put("date", java.time.LocalDate.now().toString())
                .put("rules", new JsonObject().put("encryption", "NONE"))) // v1: the opening herd does not depend on the protocol
                .getString("id");
        List<String> tokens = new ArrayList<>();
        List<Future<String>> pairing = new ArrayList<>();
        for (int i = 0; i < tablets; i++) {
            int n = i;
            pairing.add(vertx.executeBlocking(() -> {
                String delegate = post("/api/v1/conferences/" + conference + "/delegates",
                        new JsonObject().put("fullName", "Đại biểu " + (n + 1))).getString("id");
                String code = post("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in",
                        new JsonObject()).getString("pairingCode");
                return call(HttpMethod.POST, "/api/v1/tablet/pair", new JsonObject().put("pairingCode", code), null)
                        .json().getString("tabletToken");
            }, false));
        }
        for (Future<String> f : pairing) {
            tokens.add(f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES));
            tabletOf.put(tokens.get(tokens.size() - 1), tokens.size() - 1);
        }
        JsonObject sections = new JsonObject().put("sections", new JsonArray()
                .add(new JsonObject().put("positionId", positions[0]).put("maxSelections", 2)
                        .put("candidates", new JsonArray(cadres.subList(0, 5))))
                .add(new JsonObject().put("positionId", positions[1]).put("maxSelections", 2)
                        .put("candidates", new JsonArray(cadres.subList(5, 9)))));
        String round = post("/api/v1/conferences/" + conference + "/rounds", sections).getString("id");

        // the tablets wait, polling at random phases
        Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(2), 3);
        AtomicBoolean stop = new AtomicBoolean();
        long[] window = {Long.MAX_VALUE, Long.MAX_VALUE};
        Map<Integer, Long> issuedAt = new ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger fetched = new java.util.concurrent.atomic.AtomicInteger();
        Map<Integer, Long> timers = new ConcurrentHashMap<>();
        Map<Integer, Integer> failures = new ConcurrentHashMap<>();
        for (int i = 0; i < tablets; i++) {
            int n = i;
            schedule(timers, n, 1 + random.nextLong(pollMs), () -> poll(n, tokens.get(n), pollMs, jitter, stop, timers,
                    latency, window, failures));
        }
        Thread.sleep(2 * pollMs);
        post("/api/v1/rounds/" + round + "/open", new JsonObject());
        RoundPublicKey key = RoundPublicKey.fromJwk(call(HttpMethod.GET, "/api/v1/rounds/" + round, null, admin)
                .json().getJsonObject("tokenKey").getMap());
        List<TokenHolder> holders = new ArrayList<>();
        for (int i = 0; i < tablets; i++) {
            holders.add(TokenHolder.prepare(round, key, random));
        }
        double cpuBefore = cpuSeconds(server);
        long t0 = System.nanoTime();
        window[0] = t0;
        window[1] = t0 + TimeUnit.MILLISECONDS.toNanos(WINDOW_MS);
        // the round event reaches every tablet now
        for (int i = 0; i < tablets; i++) {
            int n = i;
            long delay = jitter ? (long) (random.nextDouble() * EVENT_DELAY_MS) : 0;
            Long old = timers.remove(n);
            if (old != null) {
                vertx.cancelTimer(old);
            }
            Runnable fetch = () -> timed("state", tokens.get(n), HttpMethod.GET, "/api/v1/tablet/state", null, latency, window, failures)
                    .compose(state -> timed("issue", tokens.get(n), HttpMethod.POST, "/api/v1/rounds/" + round + "/issue",
                            new JsonObject().put("blindedMessage", Base64Url.encode(holders.get(n).blindedMessage())),
                            latency, window, failures))
                    .compose(issued -> {
                        if (issued.status() == 200) {
                            issuedAt.put(n, System.nanoTime());
                        }
                        return timed("cadres", tokens.get(n), HttpMethod.GET, "/api/v1/tablet/cadres", null, latency,
                                window, failures);
                    })
                    .onComplete(done -> {
                        fetched.incrementAndGet();
                        schedule(timers, n, interval(pollMs, jitter), () -> poll(n, tokens.get(n), pollMs,
                                jitter, stop, timers, latency, window, failures));
                    });
            if (delay == 0) {
                vertx.runOnContext(ignored -> fetch.run());
            } else {
                schedule(timers, n, delay, fetch);
            }
        }
        // every request started in the window is counted when it ends, however late
        Thread.sleep(WINDOW_MS);
        for (int i = 0; i < 1800 && fetched.get() < tablets; i++) {
            Thread.sleep(100);
        }
        stop.set(true);
        Thread.sleep(Math.min(30_000, Math.max(2000, latency.getMaxValue() / 1000)));
        timers.values().forEach(vertx::cancelTimer);
        double cpu = cpuSeconds(server) - cpuBefore;
        long lastIssue = issuedAt.values().stream().mapToLong(Long::longValue).max().orElse(t0);
        double p50 = latency.getValueAtPercentile(50) / 1000.0;
        double p99 = latency.getValueAtPercentile(99) / 1000.0;
        double max = latency.getMaxValue() / 1000.0;
        double allIssued = (lastIssue - t0) / 1e6;
        System.out.printf("trial %d, jitter %-3s: %d requests in the first 5 s: p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
                        + " %d/%d tokens issued, the last %.2f s after the open; failures %s; server CPU %.2f s%n",
                number, jitter ? "on" : "off", latency.getTotalCount(), p50, p99, max, issuedAt.size(), tablets,
                allIssued / 1000, failures, cpu);
        Thread.sleep(1000);
        post("/api/v1/rounds/" + round + "/close", new JsonObject());
        return new double[] {p50, p99, max, allIssued, cpu};
    }

    private void poll(int n, String token, long pollMs, boolean jitter, AtomicBoolean stop, Map<Integer, Long> timers,
                      Histogram latency, long[] window, Map<Integer, Integer> failures) {
        if (stop.get()) {
            return;
        }
        timed("state", token, HttpMethod.GET, "/api/v1/tablet/state", null, latency, window, failures)
                .onComplete(done -> schedule(timers, n, interval(pollMs, jitter),
                        () -> poll(n, token, pollMs, jitter, stop, timers, latency, window, failures)));
    }

    private long interval(long pollMs, boolean jitter) {
        return jitter ? Math.max(1, Math.round(pollMs * (1 - POLL_JITTER + 2 * POLL_JITTER * random.nextDouble())))
                : pollMs;
    }

    private void schedule(Map<Integer, Long> timers, int n, long delayMs, Runnable task) {
        timers.put(n, vertx.setTimer(Math.max(1, delayMs), id -> task.run()));
    }

    private Future<Answer> timed(String what, String token, HttpMethod method, String path, JsonObject body,
                                 Histogram latency, long[] window, Map<Integer, Integer> failures) {
        long start = System.nanoTime();
        return send(http, method, path, body, token).andThen(result -> {
            if (start >= window[0] && start < window[1]) {
                latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
            }
            int status = result.succeeded() ? result.result().status() : -1;
            if (status == -1 && firstFailure.compareAndSet(null, result.cause())) {
                System.out.println("first failed request (" + what + "): " + result.cause());
            }
            if (status != 200) {
                failures.merge(status, 1, Integer::sum);
            }
        }).recover(failed -> Future.succeededFuture(new Answer(-1, Buffer.buffer())));
    }

    private static double cpuSeconds(Process process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    // ---- HTTP ------------------------------------------------------------------------------

    record Answer(int status, Buffer body) {
        JsonObject json() {
            return body.length() == 0 ? new JsonObject() : body.toJsonObject();
        }
    }

    private void connect(Path ca, int port, int tablets) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(ca)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not create its CA in time");
            }
            Thread.sleep(200);
        }
        http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
                        .setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true)
                        // below the server's idle timeout: the client drops an idle connection first
                        .setKeepAliveTimeout(30)
                        .setSslHandshakeTimeout(60).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS),
                new PoolOptions().setHttp1MaxSize(tablets + 32).setMaxWaitQueueSize(-1));
        while (true) {
            try {
                if (call(HttpMethod.GET, "/api/v1/seal-key", null, null).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the server did not answer in time");
            }
            Thread.sleep(200);
        }
    }

    private JsonObject post(String path, JsonObject body) {
        Answer answer = call(HttpMethod.POST, path, body, admin);
        if (answer.status() != 200 && answer.status() != 201) {
            throw new IllegalStateException("POST " + path + " -> " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    private Answer call(HttpMethod method, String path, JsonObject body, String token) {
        try {
            return send(method, path, body, token).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        }
    }

    /** Every request starts on the Vert.x event loop (a request started elsewhere may lose its answer). */
    private Future<Answer> send(HttpMethod method, String path, JsonObject body, String token) {
        return send(http, method, path, body, token);
    }

    private Future<Answer> send(HttpClientAgent client, HttpMethod method, String path, JsonObject body, String token) {
        Promise<Answer> answer = Promise.promise();
        vertx.runOnContext(ignored -> {
            RequestOptions options = new RequestOptions().setMethod(method).setURI(path)
                    .setTimeout(Duration.ofSeconds(60).toMillis());
            if (body != null) {
                options.putHeader("Content-Type", "application/json");
            }
            if (token != null) {
                options.putHeader("Authorization", "Bearer " + token);
            }
            client.request(options)
                    .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
                    .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), bytes)))
                    .onComplete(answer);
        });
        return answer.future();
    }
}
