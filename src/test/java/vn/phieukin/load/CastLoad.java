package vn.phieukin.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenHolder;

/**
 * Load generator for the ballot box: starts the shaded jar as a separate process on a free
 * loopback port with fresh data and keys, sets up a conference with {@code --ballots} present
 * delegates through the API, pre-mints one genuine token per delegate (issue + finalize) and
 * signs every ballot BEFORE the timed phase, then casts them all from {@code --clients}
 * concurrent clients (keep-alive HTTPS connections to 127.0.0.1) and reports ballots accepted
 * per second (each answered only once durable: group commit, synchronous=FULL) with p50/p99
 * latency. Then it times the close (tally + sealed record) of that round and of a round of
 * {@code --close-ballots} ballots.
 *
 * <pre>
 * mvn -B -o -q -DskipTests package
 * java -cp target/test-classes:target/phieukin.jar:$HOME/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar \
 *      vn.phieukin.load.CastLoad --jar target/phieukin.jar --clients 200 --ballots 6000 --close-ballots 2000
 * </pre>
 * {@code --server-tls jdk|openssl} chooses the server's TLS engine ({@code -Dphieukin.tls.engine}; by
 * default the server picks OpenSSL where it loads), {@code --client-tls jdk|openssl} the load
 * generator's (default openssl): both run on the same cores. Each side's engine is printed.
 */
public final class CastLoad {
    private static final String PASSWORD = "Tai-kiem-2026!";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The whole run is bounded: a stuck server fails the run instead of hanging it. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Vertx vertx = Vertx.vertx();
    private final SecureRandom random = new SecureRandom();
    private HttpClientAgent http;
    /** Event-loop contexts requests start from (never the main or a worker thread): one per core. */
    private final List<io.vertx.core.Context> contexts = new ArrayList<>();
    private String admin;

    record Response(int status, Buffer body) {
        JsonObject json() {
            return body.length() == 0 ? new JsonObject() : body.toJsonObject();
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path jar = Path.of(options.getOrDefault("jar", "target/phieukin.jar"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "200"));
        int ballots = Integer.parseInt(options.getOrDefault("ballots", "6000"));
        List<Integer> closeSizes = java.util.Arrays.stream(options.getOrDefault("close-sizes",
                options.getOrDefault("close-ballots", "2000")).split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .map(Integer::parseInt).filter(n -> n > 0).toList();
        int positions = Integer.parseInt(options.getOrDefault("positions", "6"));
        int cadresPerPosition = Integer.parseInt(options.getOrDefault("cadres", "5"));
        double openFraction = Double.parseDouble(options.getOrDefault("open-fraction", "0.8"));
        int warmUpBallots = Integer.parseInt(options.getOrDefault("warm-up", "0"));
        int delegates = Math.max(ballots, closeSizes.stream().mapToInt(Integer::intValue).max().orElse(0));
        Path work = Files.createTempDirectory("phieukin-load-");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of("java"));
        String serverJvm = options.getOrDefault("server-jvm", "");
        if (!serverJvm.isBlank()) {
            command.addAll(List.of(serverJvm.trim().split("\\s+")));
        }
        // --server-tls jdk|openssl: the server's TLS engine (its default: OpenSSL where it loads)
        String serverTls = options.get("server-tls");
        if (serverTls != null) {
            command.add("-D" + vn.phieukin.server.TlsEngine.PROPERTY + "=" + serverTls);
        }
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve", "--port",
                Integer.toString(port), "--data", work.resolve("data").toString(), "--keys", work.resolve("keys").toString(),
                "--admin-password", PASSWORD,
                "--connections-per-address", Integer.toString(Math.max(64, clients + 64))));
        Process server = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(work.resolve("server.log").toFile()).start();
        CastLoad load = new CastLoad();
        load.jar = jar.toAbsolutePath();
        load.serverPid = server.pid();
        load.positions = positions;
        load.cadresPerPosition = cadresPerPosition;
        load.openFraction = openFraction;
        load.warmUpBallots = warmUpBallots;
        load.profileFile = options.get("profile-cast");
        load.profileSettings = options.getOrDefault("profile-settings", "profile");
        load.clientTls = clientTls(options.getOrDefault("client-tls", "openssl"));
        System.out.println("/proc/loadavg at start " + procLoadavg());
        try {
            load.run(work, port, clients, ballots, delegates, closeSizes);
            System.out.printf("%nserver resident memory after the rounds: %s (server JVM options: %s); load average %.2f%n",
                    residentMemory(server.pid()), serverJvm.isBlank() ? "(none)" : serverJvm, loadAverage());
            System.out.println("/proc/loadavg at the end " + procLoadavg());
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
            load.vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private Path jar;
    /** The load generator's own TLS engine: its handshakes compete with the server's for the same cores. */
    private vn.phieukin.server.TlsEngine clientTls;
    private int positions;
    private int cadresPerPosition;
    private double openFraction;
    /** With --warm-up N: a round of N ballots cast and closed before round 1 (a server past its first vote). */
    private int warmUpBallots;

    private void run(Path work, int port, int clients, int ballots, int delegates, List<Integer> closeSizes) throws Exception {
        System.out.printf("machine: %d cores, Java %s; server log %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), work.resolve("server.log"));
        connect(work.resolve("keys").resolve("ca.pem"), port, clients);
        System.out.println("TLS engines: server " + serverTlsEngine(work.resolve("server.log")) + ", load generator "
                + clientTls.label());
        admin = ok(call(HttpMethod.POST, "/api/v1/login", new JsonObject().put("username", "admin").put("password", PASSWORD),
                null)).getString("token");

        // set-up: a review with `positions` positions of `cadres` cadres each, a step-3 conference of `delegates` delegates
        String review = id(post("/api/v1/reviews", new JsonObject().put("name", "Đo tải").put("referenceDate", "2026-06-01")));
        JsonArray sectionList = new JsonArray();
        int cadreNumber = 0;
        for (int p = 1; p <= positions; p++) {
            String position = id(post("/api/v1/reviews/" + review + "/positions", new JsonObject().put("name", "Chức danh " + p)));
            List<String> cadres = new ArrayList<>();
            for (int i = 1; i <= cadresPerPosition; i++) {
                cadreNumber++;
                cadres.add(id(post("/api/v1/reviews/" + review + "/cadres", new JsonObject().put("fullName", "Cán bộ " + cadreNumber)
                        .put("birthDate", String.format("1975-%02d-%02d", 1 + cadreNumber % 12, 1 + cadreNumber % 28))
                        .put("gender", cadreNumber % 2 == 0 ? "F" : "M").put("ethnicity", "Kinh")
                        .put("title", "Chức vụ " + cadreNumber).put("unit", "Đơn vị " + cadreNumber))));
            }
            sectionList.add(new JsonObject().put("positionId", position).put("maxSelections", Math.min(2, cadresPerPosition))
                    .put("candidates", new JsonArray(cadres)));
        }
        String conference = id(post("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 3)
                .put("title", "Hội nghị đo tải").put("date", "2026-06-01")
                .put("rules", new JsonObject().put("encryption", "NONE")))); // v1 ballots: the load this measures
        long started = System.nanoTime();
        // paired through the desk QR's 128-bit secret (never rate-limited), as the check-in desk pairs tablets
        List<String> tablets = inParallel(delegates, 16, i -> post("/api/v1/conferences/" + conference + "/delegates",
                new JsonObject().put("fullName", "Đại biểu " + (i + 1)))
                .compose(created -> post("/api/v1/conferences/" + conference + "/delegates/" + id(created) + "/check-in",
                        new JsonObject()))
                .compose(checkedIn -> call(HttpMethod.POST, "/api/v1/tablet/pair",
                        new JsonObject().put("pairingSecret", ok(checkedIn).getString("pairingSecret")), null))
                .map(paired -> ok(paired).getString("tabletToken")));
        System.out.printf("set-up: %d delegates checked in and paired (QR secret) in %.1f s%n", delegates, seconds(started));
        JsonObject sections = new JsonObject().put("sections", sectionList);

        if (warmUpBallots > 0) {
            int size = Math.min(warmUpBallots, tablets.size());
            long warmStart = System.nanoTime();
            long warmCpu = serverCpu();
            Round warm = openRound(conference, sections.copy().put("reason", "Làm nóng máy chủ (" + size + " phiếu)"));
            List<Buffer> warmRequests = mint(warm, tablets.subList(0, size), size);
            Map<Integer, Integer> warmStatuses = castAll(warmRequests, clients, new ConcurrentHistogram(3));
            check(warmStatuses.getOrDefault(201, 0) == size, "every warm-up ballot must be accepted");
            timeClose(warm, size);
            System.out.printf("warm-up: a round of %d ballots issued, cast and closed in %.1f s (server CPU %.1f s) before round 1; "
                    + "the figures below are those of a server past its first vote%n", size, seconds(warmStart),
                    (serverCpu() - warmCpu) / 1e9);
        }

        // round 1 (the whole round of `ballots` tablets): issue, cast at `clients` concurrent clients, close, verify
        long roundStart = System.nanoTime();
        Round first = openRound(conference, warmUpBallots > 0
                ? sections.copy().put("reason", "Đo tải sau vòng làm nóng") : sections);
        double openSeconds = seconds(roundStart);
        double rawBefore = rawRsaCeiling();
        double rawCpuBefore = lastRawCpuMs;
        long issueCpu = serverCpu();
        Map<String, Long> issueThreads = serverThreads();
        List<Buffer> requests = mint(first, tablets, ballots);
        double issueServerCpu = (serverCpu() - issueCpu) / 1e9;
        System.out.println("server CPU ms per token by thread (issue phase, incl. client-side finalizing): "
                + perBallot(issueThreads, serverThreads(), ballots));
        double rawAfter = rawRsaCeiling();
        double raw = (rawBefore + rawAfter) / 2;
        System.out.printf("issuance: %.0f tokens/s over HTTPS vs raw RSA-3072 CRT ceiling %.0f / %.0f /s (%d threads, before/after) "
                        + "= %.2f; server CPU %.2f ms per token (raw CRT operation CPU %.2f / %.2f ms); /proc/loadavg %s%n", ballots / lastIssueSeconds,
                rawBefore, rawAfter, THREADS, ballots / lastIssueSeconds / raw, issueServerCpu * 1000 / ballots, rawCpuBefore,
                lastRawCpuMs, procLoadavg());
        warmUp(clients);
        castCeiling(requests.subList(0, Math.min(1000, requests.size())), first); // JIT warm-up of the ceiling's code, not counted
        double[] ceilingBefore = castCeiling(requests, first);
        Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(2), 3);
        String loadBefore = procLoadavg();
        long castStart = System.nanoTime();
        long castCpu = processCpu();
        long castServerCpu = serverCpu();
        jcmd("JFR.start", "name=cast", "settings=" + profileSettings);
        Map<String, Long> threadsBefore = serverThreads();
        Map<Integer, Integer> statuses = castAll(requests, clients, latency);
        String threadCpu = perBallot(threadsBefore, serverThreads(), ballots);
        double castSeconds = seconds(castStart);
        double benchCpu = (processCpu() - castCpu) / 1e9;
        double serverSeconds = (serverCpu() - castServerCpu) / 1e9;
        String loadAfter = procLoadavg();
        jcmd("JFR.dump", "name=cast", "filename=" + profileFile);
        jcmd("JFR.stop", "name=cast");
        double[] ceilingAfter = castCeiling(requests, first);
        double ceiling = (ceilingBefore[0] + ceilingAfter[0]) / 2;
        double closedRate = ballots / castSeconds;
        System.out.printf("%ncast (closed loop): %d ballots of %d positions from %d concurrent clients in %.2f s = %.0f ballots/s "
                        + "accepted (durable group commit); server CPU %.1f s = %.3f ms/ballot; load generator CPU %.1f s; "
                        + "/proc/loadavg before %s, after %s%n", ballots, positions, clients, castSeconds, closedRate, serverSeconds,
                serverSeconds * 1000 / ballots, benchCpu, loadBefore, loadAfter);
        System.out.printf("latency (closed loop): p50 %.1f ms, p99 %.1f ms, max %.1f ms; statuses %s%n",
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                latency.getMaxValue() / 1000.0, statuses);
        System.out.printf("crypto ceiling (token RSA-PSS + ballot ECDSA verify, %d threads, this JVM, before/after the cast): "
                        + "%.0f / %.0f ballots/s, CPU %.3f / %.3f ms/ballot; cast / ceiling = %.2f; server CPU per ballot / "
                        + "ceiling CPU per ballot = %.2f%n", THREADS, ceilingBefore[0], ceilingAfter[0], ceilingBefore[1],
                ceilingAfter[1], closedRate / ceiling, serverSeconds * 1000 / ballots / ((ceilingBefore[1] + ceilingAfter[1]) / 2));
        System.out.println("server CPU ms per ballot by thread (closed loop; 1/100 s clock ticks): " + threadCpu);
        check(statuses.getOrDefault(201, 0) == ballots, "every ballot must be accepted with 201");
        long closeStart = System.nanoTime();
        double closeMs = timeClose(first, ballots);
        double verifySeconds = verifyRecord(work, first);
        double closeAndVerify = seconds(closeStart);
        System.out.printf("%n%d-tablet round end to end (%d positions): open %.2f s, issue %.1f s (%.0f tokens/s; ratio to raw "
                        + "RSA-3072 CRT ceiling %.2f), cast %.1f s, close %.2f s, verify (cold command) %.1f s; "
                        + "whole round %.1f s (incl. client-side blinding/signing %.1f s, untimed phases)%n", ballots, positions,
                openSeconds, lastIssueSeconds, ballots / lastIssueSeconds, ballots / lastIssueSeconds / raw, castSeconds,
                closeMs / 1000, verifySeconds, seconds(roundStart),
                seconds(roundStart) - openSeconds - lastIssueSeconds - castSeconds - closeAndVerify);

        // round 2: open loop at a fixed rate (a fraction of the closed-loop rate), latency from each request's intended start
        if (openFraction > 0) {
            int count = Math.min(ballots, tablets.size());
            Round second = openRound(conference, sections.copy().put("reason", "Đo tải vòng hở"));
            List<Buffer> openRequests = mint(second, tablets.subList(0, count), count);
            double rate = openFraction * closedRate;
            openLoop(openRequests, rate, ceiling);
            timeClose(second, count);
        }

        // the close of rounds of each size
        for (int size : closeSizes) {
            Round round = openRound(conference, sections.copy().put("reason", "Đo thời gian kết thúc phiên (" + size + " phiếu)"));
            List<Buffer> roundRequests = mint(round, tablets.subList(0, size), size);
            Map<Integer, Integer> roundStatuses = castAll(roundRequests, clients, new ConcurrentHistogram(3));
            check(roundStatuses.getOrDefault(201, 0) == size, "every ballot of the round must be accepted");
            timeClose(round, size);
        }
    }

    /**
     * Casts every request at a fixed {@code rate} (open loop: a request leaves at its scheduled time whether or not
     * earlier ones were answered). Each latency is taken from the request's INTENDED start, so a stall of the
     * server (or of this generator) counts against every request it delays: the coordinated-omission-free figure.
     * The latency from the actual send is printed beside it.
     */
    private void openLoop(List<Buffer> requests, double rate, double ceiling) throws Exception {
        String path = "/api/v1/rounds/" + roundOf(requests.get(0)) + "/ballots";
        Histogram corrected = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
        Histogram fromSend = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger finished = new AtomicInteger();
        long interval = (long) (1e9 / rate);
        String loadBefore = procLoadavg();
        long cpu = processCpu();
        long server = serverCpu();
        Map<String, Long> threadsBefore = serverThreads();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int i = 0; i < requests.size(); i++) {
            long intended = start + i * interval;
            for (long now = System.nanoTime(); now < intended; now = System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(intended - now);
            }
            Buffer request = requests.get(i);
            contexts.get(i % contexts.size()).runOnContext(ignored -> {
                long sent = System.nanoTime();
                sendHere(HttpMethod.POST, path, request, null).onComplete(answer -> {
                    long end = System.nanoTime();
                    corrected.recordValue(Math.max(1, (end - intended) / 1000));
                    fromSend.recordValue(Math.max(1, (end - sent) / 1000));
                    statuses.merge(answer.succeeded() ? answer.result().status() : -1, 1, Integer::sum);
                    if (finished.incrementAndGet() == requests.size()) {
                        done.complete(null);
                    }
                });
            });
        }
        double scheduled = seconds(start);
        done.get(CALL_TIMEOUT.toSeconds() * 5, TimeUnit.SECONDS);
        double took = seconds(start);
        double serverSeconds = (serverCpu() - server) / 1e9;
        String threadCpu = perBallot(threadsBefore, serverThreads(), requests.size());
        System.out.printf("%ncast (open loop): %d ballots scheduled at %.0f /s (%.2f of the ceiling %.0f /s) over %.2f s, all answered "
                        + "after %.2f s = %.0f /s; server CPU %.1f s = %.3f ms/ballot; generator CPU %.1f s; statuses %s; "
                        + "/proc/loadavg before %s, after %s%n", requests.size(), rate, rate / ceiling, ceiling, scheduled, took,
                requests.size() / took, serverSeconds, serverSeconds * 1000 / requests.size(), (processCpu() - cpu) / 1e9,
                new java.util.TreeMap<>(statuses), loadBefore, procLoadavg());
        System.out.printf("latency (open loop, from the intended start: coordinated omission corrected): p50 %.1f ms, p90 %.1f ms, "
                        + "p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n", corrected.getValueAtPercentile(50) / 1000.0,
                corrected.getValueAtPercentile(90) / 1000.0, corrected.getValueAtPercentile(99) / 1000.0,
                corrected.getValueAtPercentile(99.9) / 1000.0, corrected.getMaxValue() / 1000.0);
        System.out.println("server CPU ms per ballot by thread (open loop): " + threadCpu);
        System.out.printf("latency (open loop, from the actual send, NOT corrected, for comparison): p50 %.1f ms, p99 %.1f ms%n",
                fromSend.getValueAtPercentile(50) / 1000.0, fromSend.getValueAtPercentile(99) / 1000.0);
        check(statuses.getOrDefault(201, 0) == requests.size(), "every ballot of the open-loop round must be accepted");
    }

    private long serverPid;
    private String profileFile;
    private String profileSettings;

    /** With --profile-cast FILE: a JFR recording of the server during the closed-loop cast only. */
    private void jcmd(String... command) throws Exception {
        if (profileFile == null) {
            return;
        }
        List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(serverPid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        check(jcmd.waitFor() == 0, "jcmd failed: " + out);
    }

    /** The server process's CPU time (user + system, all threads) in nanoseconds, from /proc. */
    private long serverCpu() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(serverPid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L; // ticks of 1/100 s
        } catch (IOException e) {
            return 0;
        }
    }

    /** The server's CPU time per thread group (thread name without its number), nanoseconds, from /proc. */
    private Map<String, Long> serverThreads() {
        Map<String, Long> groups = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(serverPid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[#-]?[0-9]+$", "");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    groups.merge(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L, Long::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc: no breakdown
        }
        return groups;
    }

    /** The CPU per ballot of each server thread group between two {@link #serverThreads} snapshots. */
    private static String perBallot(Map<String, Long> before, Map<String, Long> after, int ballots) {
        StringBuilder out = new StringBuilder();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.append(String.format("%s %.3f; ", e.getKey(), e.getValue() / 1e6 / ballots)));
        return out.toString();
    }

    static String procLoadavg() {
        try {
            return "[" + Files.readString(Path.of("/proc/loadavg")).trim() + "]";
        } catch (IOException e) {
            return "[?]";
        }
    }

    private static final int THREADS = 2;
    private double lastIssueSeconds;
    /** CPU per raw RSA-3072 CRT operation in the last ceiling run (process CPU: this JVM is idle meanwhile). */
    private double lastRawCpuMs;

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String residentMemory(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS") || line.startsWith("VmHWM"))
                    .map(line -> line.replaceAll("\\s+", " ")).reduce((a, b) -> a + "; " + b).orElse("?");
        } catch (IOException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    /** What the ballot box's two signature checks cost per ballot at best: {@value #THREADS} threads, inputs parsed. */
    private double[] castCeiling(List<Buffer> requests, Round round) throws Exception {
        List<com.fasterxml.jackson.databind.JsonNode> parsed = new ArrayList<>();
        for (Buffer request : requests) {
            parsed.add(JSON.readTree(request.getBytes()));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(THREADS);
        try {
            AtomicInteger next = new AtomicInteger();
            List<java.util.concurrent.Callable<Integer>> tasks = new ArrayList<>();
            java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
            for (int t = 0; t < THREADS; t++) {
                tasks.add(() -> {
                    long threadCpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    int valid = 0;
                    for (int i = next.getAndIncrement(); i < parsed.size(); i = next.getAndIncrement()) {
                        var request = parsed.get(i);
                        String tokenKey = request.at("/token/key").textValue();
                        valid += vn.phieukin.ballot.TokenMessage.verifyToken(round.key(), round.id(), tokenKey,
                                Base64Url.decode(request.at("/token/prefix").textValue()),
                                Base64Url.decode(request.at("/token/signature").textValue()))
                                && vn.phieukin.ballot.BallotSignature.verify(tokenKey, request.get("body"),
                                Base64Url.decode(request.get("signature").textValue())) ? 1 : 0;
                    }
                    cpu.addAndGet(java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - threadCpu);
                    return valid;
                });
            }
            long start = System.nanoTime();
            int valid = 0;
            for (var done : pool.invokeAll(tasks)) {
                valid += done.get();
            }
            double rate = parsed.size() / seconds(start);
            check(valid == parsed.size(), "the ceiling run found invalid ballots");
            return new double[] {rate, cpu.get() / 1e6 / parsed.size()};
        } finally {
            pool.shutdownNow();
        }
    }

    /** Raw RSA-3072 CRT private operations per second on {@value #THREADS} threads (a fresh key, no blinding, no check). */
    private double rawRsaCeiling() throws Exception {
        vn.phieukin.ballot.BlindSigner signer = vn.phieukin.ballot.BlindSigner.generate(random);
        var crt = (org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters)
                org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(signer.encodePrivate());
        java.math.BigInteger m = new java.math.BigInteger(3000, random);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(THREADS);
        try {
            int each = 150;
            List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                tasks.add(() -> {
                    for (int i = 0; i < each; i++) {
                        java.math.BigInteger mp = m.mod(crt.getP()).modPow(crt.getDP(), crt.getP());
                        java.math.BigInteger mq = m.mod(crt.getQ()).modPow(crt.getDQ(), crt.getQ());
                        mp.subtract(mq).multiply(crt.getQInv()).mod(crt.getP()).multiply(crt.getQ()).add(mq);
                    }
                    return null;
                });
            }
            pool.invokeAll(tasks.subList(0, 1)); // warm-up
            long start = System.nanoTime();
            long cpu = processCpu();
            for (var done : pool.invokeAll(tasks)) {
                done.get();
            }
            double rate = THREADS * each / seconds(start);
            lastRawCpuMs = (processCpu() - cpu) / 1e6 / (THREADS * each);
            return rate;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Downloads the round's record and runs the auditor's command on it in a fresh JVM: wall seconds. */
    private double verifyRecord(Path work, Round round) throws Exception {
        Response record = join(call(HttpMethod.GET, "/api/v1/rounds/" + round.id() + "/record", null, admin));
        Path file = work.resolve("record-" + round.id() + ".json");
        Files.write(file, record.body().getBytes());
        long start = System.nanoTime();
        Process verify = new ProcessBuilder("java", "-jar", jar.toString(), "verify", file.toString(), "--seal-key",
                work.resolve("keys").resolve("seal-ed25519.pub.pem").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("verify-" + round.id() + ".txt").toFile()).start();
        int exit = verify.waitFor();
        double took = seconds(start);
        check(exit == 0, "the record of the round must verify (see " + work.resolve("verify-" + round.id() + ".txt") + ")");
        return took;
    }

    private record Round(String id, RoundPublicKey key, JsonObject json) {
    }

    private Round openRound(String conference, JsonObject sections) {
        String id = id(post("/api/v1/conferences/" + conference + "/rounds", sections));
        long start = System.nanoTime();
        ok(post("/api/v1/rounds/" + id + "/open", new JsonObject()));
        System.out.printf("%nround %s opened (RSA-3072 round key generated) in %.2f s%n", id, seconds(start));
        JsonObject round = ok(call(HttpMethod.GET, "/api/v1/rounds/" + id, null, admin));
        return new Round(id, RoundPublicKey.fromJwk(round.getJsonObject("tokenKey").getMap()), round);
    }

    /** One genuine token per tablet (blind, issue, finalize) and a signed ballot for each, before any timing. */
    private List<Buffer> mint(Round round, List<String> tablets, int count) {
        long start = System.nanoTime();
        JsonArray sections = round.json().getJsonArray("sections");
        List<TokenHolder> holders = java.util.stream.IntStream.range(0, count).parallel()
                .mapToObj(i -> TokenHolder.prepare(round.id(), round.key(), random)).toList();
        long issueStart = System.nanoTime();
        List<String> signatures = inParallel(count, 16, i -> call(HttpMethod.POST, "/api/v1/rounds/" + round.id() + "/issue",
                new JsonObject().put("blindedMessage", Base64Url.encode(holders.get(i).blindedMessage())), tablets.get(i))
                .map(issued -> ok(issued).getString("blindSignature")));
        lastIssueSeconds = seconds(issueStart);
        List<Buffer> requests = java.util.stream.IntStream.range(0, count).parallel().mapToObj(i -> {
            TokenHolder holder = holders.get(i);
            holder.finalizeToken(Base64Url.decode(signatures.get(i)));
            synchronized (random) {
                return Buffer.buffer(json(holder.castRequest(choices(sections))));
            }
        }).toList();
        System.out.printf("issued %d tokens in %.1f s = %.0f tokens/s (16 in flight; blinding before and finalizing after, "
                + "not timed); %.1f s in all; load average %.2f%n", count, lastIssueSeconds, count / lastIssueSeconds,
                seconds(start), loadAverage());
        return requests;
    }

    /** Random picks within each section's allowance, lists sorted as the body requires. */
    private List<Map<String, Object>> choices(JsonArray sections) {
        List<Map<String, Object>> choices = new ArrayList<>();
        for (int s = 0; s < sections.size(); s++) {
            JsonObject section = sections.getJsonObject(s);
            List<String> candidates = new ArrayList<>(section.getJsonArray("candidates").stream().map(String.class::cast).toList());
            Collections.shuffle(candidates, random);
            int picks = random.nextInt(section.getInteger("maxSelections") + 1);
            choices.add(Map.of("position", section.getString("positionId"),
                    "cadres", candidates.subList(0, picks).stream().sorted().toList()));
        }
        choices.sort((a, b) -> ((String) a.get("position")).compareTo((String) b.get("position")));
        return choices;
    }

    /**
     * Opens the clients' connections before the timed phase (as tablets that are already
     * connected): {@code clients} concurrent look-ups, so the pool holds that many TLS connections.
     */
    private void warmUp(int clients) {
        long start = System.nanoTime();
        List<Future<Response>> lookups = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            lookups.add(call(HttpMethod.GET, "/api/v1/seal-key", null, null));
        }
        join(Future.join(lookups).transform(done -> Future.succeededFuture()));
        long connected = lookups.stream().filter(Future::succeeded).count();
        lookups.stream().filter(Future::failed).map(f -> f.cause().toString()).distinct().limit(3)
                .forEach(cause -> System.out.println("warm-up failure: " + cause));
        System.out.printf("warm-up: %d of %d client connections open in %.1f s (not timed)%n", connected, clients, seconds(start));
    }

    /** Casts every request with {@code clients} requests in flight, recording each one's latency. */
    private Map<Integer, Integer> castAll(List<Buffer> requests, int clients, Histogram latency) throws Exception {
        String path = "/api/v1/rounds/" + roundOf(requests.get(0)) + "/ballots";
        AtomicInteger next = new AtomicInteger();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Runnable[] client = new Runnable[1];
        client[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= requests.size()) {
                return;
            }
            long start = System.nanoTime();
            send(HttpMethod.POST, path, requests.get(i), null).onComplete(answer -> {
                latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                statuses.merge(answer.succeeded() ? answer.result().status() : -1, 1, Integer::sum);
                if (answer.failed() && failures.incrementAndGet() <= 3) {
                    System.out.println("client-side failure: " + answer.cause());
                }
                if (finished.incrementAndGet() == requests.size()) {
                    done.complete(null);
                } else {
                    client[0].run();
                }
            });
        };
        for (int c = 0; c < clients; c++) {
            contexts.get(c % contexts.size()).runOnContext(ignored -> client[0].run());
        }
        done.get(CALL_TIMEOUT.toSeconds() * 5, TimeUnit.SECONDS);
        return new java.util.TreeMap<>(statuses);
    }

    private double timeClose(Round round, int ballots) {
        long start = System.nanoTime();
        long cpu = serverCpu();
        JsonObject closed = ok(post("/api/v1/rounds/" + round.id() + "/close", new JsonObject()));
        double took = seconds(start);
        double serverSeconds = (serverCpu() - cpu) / 1e9;
        Response record = join(call(HttpMethod.GET, "/api/v1/rounds/" + round.id() + "/record", null, admin));
        System.out.printf("close of round %s with %d ballots (tally, result, sealed record): %.0f ms wall, server CPU %.0f ms; "
                        + "record %s, %.1f MB%n", round.id(), ballots, took * 1000, serverSeconds * 1000, closed.getString("recordSha256").substring(0, 16) + "…",
                record.body().length() / 1e6);
        System.out.printf("  (/proc/loadavg %s)%n", procLoadavg());
        return took * 1000;
    }

    // ---- HTTP ------------------------------------------------------------------------------

    private void connect(Path ca, int port, int clients) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(ca)) {
            check(System.nanoTime() < deadline, "the server did not create its CA in time");
            Thread.sleep(200);
        }
        // one verticle instance per core: each gets an event loop of its own
        join(vertx.deployVerticle(() -> new io.vertx.core.AbstractVerticle() {
            @Override
            public void start() {
                synchronized (contexts) {
                    contexts.add(context);
                }
            }
        }, new io.vertx.core.DeploymentOptions().setInstances(Math.max(1, Runtime.getRuntime().availableProcessors()))));
        http = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true)
                        .setSslEngineOptions(clientTls.options())
                        .setSslHandshakeTimeout(60).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
                        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
                        .setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true).setIdleTimeout(120),
                new PoolOptions().setHttp1MaxSize(clients + 16).setMaxWaitQueueSize(-1));
        while (true) {
            try {
                if (join(call(HttpMethod.GET, "/api/v1/seal-key", null, null)).status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            check(System.nanoTime() < deadline, "the server did not answer in time");
            Thread.sleep(200);
        }
    }

    private Future<Response> post(String path, JsonObject body) {
        return call(HttpMethod.POST, path, body, admin);
    }

    private Future<Response> call(HttpMethod method, String path, JsonObject body, String token) {
        return send(method, path, body == null ? null : body.toBuffer(), token);
    }

    /** Sends from the current event-loop context, or hops to the first one (requests never start elsewhere). */
    private Future<Response> send(HttpMethod method, String path, Buffer body, String token) {
        io.vertx.core.Context current = Vertx.currentContext();
        if (current != null && current.isEventLoopContext()) {
            return sendHere(method, path, body, token);
        }
        io.vertx.core.Promise<Response> answer = io.vertx.core.Promise.promise();
        contexts.get(0).runOnContext(ignored -> sendHere(method, path, body, token).onComplete(answer));
        return answer.future();
    }

    private Future<Response> sendHere(HttpMethod method, String path, Buffer body, String token) {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(path).setTimeout(CALL_TIMEOUT.toMillis());
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        Future<Response> once = http.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(bytes -> new Response(response.statusCode(), bytes)));
        if (method != HttpMethod.GET) {
            return once;
        }
        // a GET on a kept-alive connection the server closed meanwhile is sent again once, as browsers do
        return once.recover(failure -> failure instanceof io.vertx.core.http.HttpClosedException
                ? http.request(options).compose(HttpClientRequest::send)
                        .compose(response -> response.body().map(bytes -> new Response(response.statusCode(), bytes)))
                : Future.failedFuture(failure));
    }

    /** Runs {@code count} chains, at most {@code width} at a time; results in index order. */
    private <T> List<T> inParallel(int count, int width, IntFunction<Future<T>> task) {
        List<T> results = new ArrayList<>(Collections.nCopies(count, null));
        AtomicInteger next = new AtomicInteger();
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger finished = new AtomicInteger();
        Runnable[] worker = new Runnable[1];
        worker[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= count) {
                return;
            }
            Future<T> future;
            try {
                future = task.apply(i);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            future.onComplete(result -> {
                if (result.failed()) {
                    done.completeExceptionally(result.cause());
                    return;
                }
                results.set(i, result.result());
                if (finished.incrementAndGet() == count) {
                    done.complete(null);
                } else {
                    vertx.executeBlocking(() -> {
                        worker[0].run();
                        return null;
                    }, false);
                }
            });
        };
        for (int w = 0; w < Math.min(width, count); w++) {
            vertx.executeBlocking(() -> {
                worker[0].run();
                return null;
            }, false);
        }
        try {
            done.get(30, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("set-up failed: " + e.getMessage(), e);
        }
        return results;
    }

    private static JsonObject ok(Response response) {
        if (response.status() != 200 && response.status() != 201) {
            throw new IllegalStateException("unexpected answer " + response.status() + " " + response.body());
        }
        return response.json();
    }

    private static JsonObject ok(Future<Response> response) {
        return ok(join(response));
    }

    private static String id(Future<Response> response) {
        return ok(response).getString("id");
    }

    private static String id(Response response) {
        return ok(response).getString("id");
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String roundOf(Buffer request) {
        return request.toJsonObject().getJsonObject("body").getString("round");
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code openssl} (OpenSSL where it loads, else JSSE, said so) or {@code jdk}. */
    private static vn.phieukin.server.TlsEngine clientTls(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "jdk" -> vn.phieukin.server.TlsEngine.JDK;
            case "openssl" -> {
                if (io.vertx.core.net.OpenSSLEngineOptions.isAvailable()) {
                    yield vn.phieukin.server.TlsEngine.OPENSSL;
                }
                System.out.println("--client-tls openssl: OpenSSL unavailable here ("
                        + io.netty.handler.ssl.OpenSsl.unavailabilityCause() + "), the load generator uses JSSE");
                yield vn.phieukin.server.TlsEngine.JDK;
            }
            default -> throw new IllegalArgumentException("--client-tls jdk|openssl, got " + name);
        };
    }

    /** What the server logged at start ("TLS engine: ..."), once it answers. */
    private static String serverTlsEngine(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains("TLS engine: "))
                .map(line -> line.substring(line.indexOf("TLS engine: ") + "TLS engine: ".length())).findFirst()
                .orElse("(not in the server log)");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
