package vn.phieukin.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.BallotSignature;
import vn.phieukin.ballot.BlindSigner;
import vn.phieukin.ballot.TokenHolder;
import vn.phieukin.ballot.TokenMessage;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.Section;
import vn.phieukin.server.CastCheck;

/**
 * Where the ballot box's CPU goes before the writer, in one warm JVM and without HTTP: genuine
 * cast requests (blind-signed tokens, 6 positions), then per ballot the CPU of (a) the two raw
 * signature checks alone (the crypto ceiling), (b) the whole {@link CastCheck#check} (parse, both
 * signatures, body validation, canonical form, receipt). Each on 2 threads, CPU from the thread
 * clocks, repeated, medians printed. A benchmark run by hand:
 * <pre>
 * java -cp target/test-classes:target/phieukin.jar vn.phieukin.load.CastCheckBench [ballots 3000] [repeats 5]
 * </pre>
 */
public final class CastCheckBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int ballots = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        SecureRandom random = new SecureRandom();
        String roundId = "r1";
        BlindSigner signer = BlindSigner.generate(random);
        List<Section> sections = new ArrayList<>();
        for (int p = 1; p <= 6; p++) {
            List<String> cadres = new ArrayList<>();
            for (int c = 1; c <= 5; c++) {
                cadres.add("c" + (p * 10 + c));
            }
            sections.add(new Section("p" + p, 2, cadres, false));
        }
        Set<String> registry = new java.util.HashSet<>();
        sections.forEach(s -> registry.addAll(s.candidates()));
        RoundDefinition round = RoundDefinition.nomination(roundId, 3, sections, registry);
        List<byte[]> requests = java.util.stream.IntStream.range(0, ballots).parallel().mapToObj(i -> {
            TokenHolder holder = TokenHolder.prepare(roundId, signer.publicKey(), new SecureRandom());
            try {
                holder.finalizeToken(signer.blindSign(holder.blindedMessage()));
            } catch (vn.phieukin.ballot.BlindSignRefused e) {
                throw new IllegalStateException(e);
            }
            List<Map<String, Object>> choices = new ArrayList<>();
            for (Section s : sections) {
                choices.add(Map.of("position", s.positionId(), "cadres", s.candidates().subList(0, i % 3).stream().sorted().toList()));
            }
            try {
                return JSON.writeValueAsBytes(holder.castRequest(choices));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        List<JsonNode> parsed = new ArrayList<>();
        for (byte[] r : requests) {
            parsed.add(JSON.readTree(r));
        }
        IntPredicate ceiling = i -> {
            JsonNode request = parsed.get(i);
            String tokenKey = request.at("/token/key").textValue();
            return TokenMessage.verifyToken(signer.publicKey(), roundId, tokenKey,
                    Base64Url.decode(request.at("/token/prefix").textValue()),
                    Base64Url.decode(request.at("/token/signature").textValue()))
                    && BallotSignature.verify(tokenKey, request.get("body"), Base64Url.decode(request.get("signature").textValue()));
        };
        IntPredicate check = i -> CastCheck.check(round, signer.publicKey(), requests.get(i)).receipt() != null;
        System.out.printf(Locale.ROOT, "%d requests of 6 positions, %d bytes each on average; /proc/loadavg %s%n", ballots,
                requests.stream().mapToInt(r -> r.length).sum() / ballots, CastLoad.procLoadavg());
        run("warm-up ceiling", ceiling, ballots);
        run("warm-up check", check, ballots);
        double[][] results = new double[4][repeats];
        for (int r = 0; r < repeats; r++) {
            double[] a = run("ceiling (2 signature checks)", ceiling, ballots);
            double[] b = run("CastCheck.check (whole)", check, ballots);
            results[0][r] = a[0];
            results[1][r] = a[1];
            results[2][r] = b[0];
            results[3][r] = b[1];
        }
        System.out.printf(Locale.ROOT, "median of %d: ceiling %.0f ballots/s, %.3f ms CPU/ballot; CastCheck.check %.0f ballots/s, "
                        + "%.3f ms CPU/ballot; check / ceiling CPU = %.2f; /proc/loadavg %s%n", repeats, VerifyBench.median(results[0]),
                VerifyBench.median(results[1]), VerifyBench.median(results[2]), VerifyBench.median(results[3]),
                VerifyBench.median(results[3]) / VerifyBench.median(results[1]), CastLoad.procLoadavg());
    }

    /** {rate per second, CPU ms per ballot}, on 2 threads. */
    private static double[] run(String name, IntPredicate task, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicInteger next = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                tasks.add(() -> {
                    long c0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    int ok = 0;
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        ok += task.test(i) ? 1 : 0;
                    }
                    cpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0);
                    return ok;
                });
            }
            long start = System.nanoTime();
            int ok = 0;
            for (var f : pool.invokeAll(tasks)) {
                ok += f.get();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            if (ok != count) {
                throw new IllegalStateException(name + ": " + (count - ok) + " invalid");
            }
            double[] out = {count / wall, cpu.get() / 1e6 / count};
            System.out.printf(Locale.ROOT, "  %-30s %6.0f /s  %.3f ms CPU/ballot%n", name, out[0], out[1]);
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private CastCheckBench() {
    }
}
