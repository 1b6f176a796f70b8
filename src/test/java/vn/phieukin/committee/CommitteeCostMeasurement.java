package vn.phieukin.committee;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import vn.phieukin.ballot.CanonicalJson;

/**
 * Issue 11's server figure, measured, not asserted: the CPU time to verify the proofs of one
 * 6 positions × 40 cadres ballot (240 slots, at most 3 picks each), and ballots/s on 2 threads,
 * against the ceiling that its count of two-term products implies, with Bouncy Castle's P-256
 * fixed-base (comb), variable-base and Shamir two-term products per second measured in the same
 * run. Off by default: {@code mvn -B -o -q test -Dtest=CommitteeCostMeasurement -Dphieukin.benchmark=true}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "phieukin.benchmark", matches = "true")
class CommitteeCostMeasurement {

    private static final int POSITIONS = 6;
    private static final int CADRES = 40;
    private static final int MAX = 3;
    private static final int THREADS = 2;
    private static final int ROUNDS = 5;

    @Test
    void verifyingA240SlotBallotAgainstTheCeilingOfItsMultiplications() throws Exception {
        Randomness random = Randomness.secure();
        JointKey key = new JointKey(Group.timesG(random.scalar()));
        List<BallotLayout.Section> sections = new ArrayList<>();
        for (int p = 1; p <= POSITIONS; p++) {
            List<String> cadres = new ArrayList<>();
            for (int c = 1; c <= CADRES; c++) {
                cadres.add(String.format("C%03d", c));
            }
            sections.add(new BallotLayout.Section("P" + p, cadres, MAX));
        }
        BallotLayout.Nomination layout = new BallotLayout.Nomination(sections);
        List<ObjectNode> ballots = new ArrayList<>();
        long proveStart = System.nanoTime();
        for (int b = 0; b < 8; b++) {
            ballots.add(EncryptedBallot.encryptNomination(layout, "R1", "T" + b, key,
                    Map.of("P1", List.of("C001", "C017", "C040"), "P4", List.of("C002")), random));
        }
        double proveMs = (System.nanoTime() - proveStart) / 1e6 / ballots.size();
        int bytes = CanonicalJson.encode(ballots.get(0)).length;
        // two-term products per ballot: 4 per slot ([0,1] proof) + 2·(MAX+1) per section sum proof
        int products = POSITIONS * CADRES * 4 + POSITIONS * 2 * (MAX + 1);

        // warm-up
        for (int i = 0; i < 6; i++) {
            assertThat(EncryptedBallot.verify(layout, "R1", "T" + (i % ballots.size()), key, ballots.get(i % ballots.size())).isValid()).isTrue();
        }
        byte[][] pointBytes = new byte[1200][];
        for (int i = 0; i < pointBytes.length; i++) {
            pointBytes[i] = Encoding.pointBytes(Group.timesG(random.scalar()));
        }
        BigInteger[] scalars = new BigInteger[64];
        for (int i = 0; i < scalars.length; i++) {
            scalars[i] = random.scalar();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] verifyCpuMs = new double[ROUNDS];
        double[] verify2 = new double[ROUNDS];
        double[] shamirCpuUs = new double[ROUNDS];
        double[] shamir2 = new double[ROUNDS];
        double[] fixedUs = new double[ROUNDS];
        double[] variableUs = new double[ROUNDS];
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                // one thread's CPU per ballot
                long cpu0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 4; i++) {
                    EncryptedBallot.verify(layout, "R1", "T" + i, key, ballots.get(i));
                }
                verifyCpuMs[round] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / 4;
                // CPU per Shamir product, with G and H as the fixed bases as in verification and a
                // variable base seen for the first time (as α and β − M·G are: Bouncy Castle caches a
                // point's tables on the instance, so reusing one would flatter the ceiling)
                ECPoint[] fresh = freshPoints(pointBytes, 400);
                cpu0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 400; i++) {
                    Group.sumOfTwoUnnormalized(i % 2 == 0 ? Group.G : key.point(), scalars[i % 64], fresh[i], scalars[(i + 7) % 64]);
                }
                shamirCpuUs[round] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / 400;
                cpu0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 400; i++) {
                    Group.timesG(scalars[i % 64]);
                }
                fixedUs[round] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / 400;
                ECPoint[] freshVariable = freshPoints(pointBytes, 200);
                cpu0 = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 200; i++) {
                    freshVariable[i].multiply(scalars[i % 64]).normalize();
                }
                variableUs[round] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / 200;
                // 2 threads: ballots/s and Shamir products/s, wall clock
                verify2[round] = perSecond(pool, 6, i -> EncryptedBallot.verify(layout, "R1", "T" + (i % 8), key, ballots.get(i % 8)));
                ECPoint[] fresh2 = freshPoints(pointBytes, 2 * 600);
                shamir2[round] = perSecond(pool, 600, i -> Group.sumOfTwoUnnormalized(i % 2 == 0 ? Group.G : key.point(),
                        scalars[i % 64], fresh2[i], scalars[(i + 7) % 64]));
            }
        } finally {
            pool.shutdownNow();
        }
        double shamirPerSecond2 = median(shamir2);
        double ballotsPerSecond2 = median(verify2);
        double ceiling = shamirPerSecond2 / products;
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("committee verify, %d×%d ballot (%d slots, %d bytes JCS), %d two-term products per ballot%n",
                POSITIONS, CADRES, POSITIONS * CADRES, bytes, products);
        System.out.printf("  Java prove (comb only): %.0f ms wall per ballot (first 8, no warm-up)%n", proveMs);
        System.out.printf("  verify: %.1f ms CPU per ballot (median of %d rounds: %s)%n", median(verifyCpuMs), ROUNDS, round(verifyCpuMs));
        System.out.printf("  BC P-256 one thread, CPU: comb k·G %.1f µs, variable k·P %.1f µs, Shamir a·G+b·P %.1f µs%n",
                median(fixedUs), median(variableUs), median(shamirCpuUs));
        System.out.printf("  CPU ceiling one thread: %.1f ms per ballot (products × Shamir) -> verify at %.0f %% of it;"
                + " %.1f ms (products × (comb + variable)) -> %.0f %%%n",
                products * median(shamirCpuUs) / 1e3, 100 * products * median(shamirCpuUs) / 1e3 / median(verifyCpuMs),
                products * (median(fixedUs) + median(variableUs)) / 1e3,
                100 * products * (median(fixedUs) + median(variableUs)) / 1e3 / median(verifyCpuMs));
        System.out.printf("  2 threads, wall: %.2f ballots/s; Shamir %.0f/s -> ceiling %.2f ballots/s; ratio %.0f %%%n",
                ballotsPerSecond2, shamirPerSecond2, ceiling, 100 * ballotsPerSecond2 / ceiling);
        System.out.printf("  load average %.2f, %d processors%n", os.getSystemLoadAverage(), os.getAvailableProcessors());
    }

    /** New point instances (decoded afresh, no cached tables), decoding not timed. */
    private static ECPoint[] freshPoints(byte[][] bytes, int n) {
        ECPoint[] out = new ECPoint[n];
        for (int i = 0; i < n; i++) {
            out[i] = Encoding.decodePoint(bytes[i % bytes.length]);
        }
        return out;
    }

    interface Job {
        Object run(int i);
    }

    private static double perSecond(ExecutorService pool, int perThread, Job job) throws Exception {
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t * perThread;
            tasks.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    job.run(offset + i);
                }
                return null;
            });
        }
        long start = System.nanoTime();
        for (Future<Void> f : pool.invokeAll(tasks)) {
            f.get();
        }
        return THREADS * perThread / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String round(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.length() == 0 ? "" : ", ").append(String.format("%.1f", v));
        }
        return out.toString();
    }

}
