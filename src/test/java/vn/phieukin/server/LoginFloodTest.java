package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A login flood (3 addresses with 64 logins in flight each all the time, each a bcrypt check) while delegates cast:
 * bcrypt has its own one-thread pool with a short queue, so the casts' checks on the shared
 * worker pool never wait behind it. Compares the casts' median latency with a baseline taken
 * just before, in the same run.
 */
@ExtendWith(VertxExtension.class)
class LoginFloodTest {
    private static final int VOTERS = 30;
    private static final int BASELINE = 10;

    @TempDir
    Path dir;
    TestServer srv;

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    @Test
    void aLoginFloodDoesNotSlowTheBallotBox(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir, ServerSettings.PairingLimits.DEFAULT,
                java.util.Optional.of(TestServer.ADMIN_PASSWORD), PairingLimitsTest.MANY_CONNECTIONS);
        RoundsFixture f = RoundsFixture.create(srv);
        String conference = f.conference(1);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, VOTERS, VOTERS);
        JsonObject round = f.openRound(conference, new JsonObject());
        List<JsonObject> ballots = new ArrayList<>();
        for (RoundsFixture.Delegate d : delegates) {
            ballots.add(f.issued(round, d.tablet()).ballot(RoundsFixture.votes(round, Map.of())));
        }
        srv.ok("/api/v1/users", new JsonObject().put("username", "flood").put("password", "Mat-khau-flood")
                .put("role", "AUDITOR").put("displayName", "Người thử"), f.admin);
        String path = "/api/v1/rounds/" + round.getString("id") + "/ballots";

        List<Long> baseline = new ArrayList<>();
        for (int i = 0; i < BASELINE; i++) {
            baseline.add(castMillis(path, ballots.get(i)));
        }

        AtomicBoolean flooding = new AtomicBoolean(true);
        Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
        long cpuBefore = processCpuMillis();
        List<Long> during = new ArrayList<>();
        try (Crowd a = new Crowd(srv, "127.0.0.2", 64).warm(64); Crowd b = new Crowd(srv, "127.0.0.3", 64).warm(64);
             Crowd c = new Crowd(srv, "127.0.0.4", 64).warm(64)) {
            JsonObject login = new JsonObject().put("username", "flood").put("password", "Mat-khau-flood");
            List<Future<Void>> loops = new ArrayList<>();
            for (Crowd crowd : List.of(a, b, c)) {
                for (int i = 0; i < 64; i++) {
                    loops.add(floodLoop(crowd, login, flooding, answers, System.nanoTime() + 60_000_000_000L));
                }
            }
            Thread.sleep(1000); // the flood is under way
            for (int i = BASELINE; i < VOTERS; i++) {
                during.add(castMillis(path, ballots.get(i)));
            }
            flooding.set(false);
            TestServer.await(Future.all(loops));
        }
        long cpu = processCpuMillis() - cpuBefore;
        long base = median(baseline);
        long flood = median(during);
        System.out.printf("login flood: cast median %d ms before, %d ms during (%s); logins answered %s; process CPU %d ms; "
                + "load average %.2f%n", base, flood, during, answers,
                cpu, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertThat(answers.getOrDefault(200, new AtomicLong()).get()).as("the flood did run bcrypt").isPositive();
        assertThat(answers.getOrDefault(429, new AtomicLong()).get()).as("the queue limit turned logins away").isPositive();
        assertThat(flood).as("median cast latency during the flood vs %d ms before", base)
                .isLessThanOrEqualTo(Math.max(8 * base, base + 3000));
    }

    private long castMillis(String path, JsonObject ballot) throws Exception {
        long start = System.nanoTime();
        TestServer.Answer cast = srv.post(path, ballot, null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(cast.status()).as(cast.text()).isEqualTo(201);
        return millis;
    }

    /** Logs in again and again until told to stop (or the deadline), pausing briefly after a 429. */
    private Future<Void> floodLoop(Crowd crowd, JsonObject login, AtomicBoolean flooding, Map<Integer, AtomicLong> answers,
                                   long deadline) {
        Promise<Void> done = Promise.promise();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (!flooding.get() || System.nanoTime() > deadline) {
                done.tryComplete();
                return;
            }
            crowd.post("/api/v1/login", login, null).onComplete(answer -> {
                int status = answer.succeeded() ? answer.result().status() : 0;
                answers.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                srv.vertx.setTimer(status == 429 ? 500 : 1, t -> next[0].run());
            });
        };
        next[0].run();
        return done.future();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
                / 1_000_000;
    }
}
