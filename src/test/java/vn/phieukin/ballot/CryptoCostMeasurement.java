package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The figures of issue 3, measured, not asserted: BlindSign per second on 2 threads against raw
 * RSA-3072 private operations per second, and the CPU time to verify one cast ballot. Off by
 * default (it takes about a minute and wants a quiet machine):
 * {@code mvn -B -o -q test -Dtest=CryptoCostMeasurement -Dphieukin.benchmark=true}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "phieukin.benchmark", matches = "true")
class CryptoCostMeasurement {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int THREADS = 2;
    private static final int SIGNATURES_PER_THREAD = 150;
    private static final int ROUNDS = 7;
    private static final int CPU_SAMPLES = 600;
    private static final int VERIFICATIONS = 3_000;

    @Test
    void blindSignThroughputAgainstRawRsaAndTheCostOfVerifyingOneBallot() throws Exception {
        BlindSigner signer = BlindSigner.generate(RANDOM);
        RoundPublicKey key = signer.publicKey();
        RSAPrivateCrtKeyParameters crt = (RSAPrivateCrtKeyParameters) PrivateKeyFactory.createKey(signer.encodePrivate());
        byte[][] blinded = new byte[256][];
        for (int i = 0; i < blinded.length; i++) {
            blinded[i] = BlindingClient.blind(key, TokenMessage.prepared(new byte[32], "R1", "k" + i), RANDOM).blindedMessage();
        }

        // warm-up of both code paths, so the JIT has compiled them before timing
        for (int i = 0; i < 300; i++) {
            signer.blindSign(blinded[i % blinded.length]);
            rawPrivate(crt, new BigInteger(1, blinded[i % blinded.length]));
        }

        // rounds alternate raw and BlindSign so that load from elsewhere hits both alike; medians reported
        double[] raw1 = new double[ROUNDS];
        double[] blind1 = new double[ROUNDS];
        double[] raw2 = new double[ROUNDS];
        double[] blind2 = new double[ROUNDS];
        double[] ratio2 = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            raw1[r] = throughput(1, i -> rawPrivate(crt, new BigInteger(1, blinded[i % blinded.length])));
            blind1[r] = throughput(1, i -> signer.blindSign(blinded[i % blinded.length]));
            raw2[r] = throughput(THREADS, i -> rawPrivate(crt, new BigInteger(1, blinded[i % blinded.length])));
            blind2[r] = throughput(THREADS, i -> signer.blindSign(blinded[i % blinded.length]));
            ratio2[r] = blind2[r] / raw2[r];
        }
        System.out.printf("RSA-3072 raw CRT private op (no blinding, no check): 1 thread %.1f/s, 2 threads %.1f/s%n",
                median(raw1), median(raw2));
        System.out.printf("BlindSign (RSABlindedEngine + s^e = m check):        1 thread %.1f/s, 2 threads %.1f/s%n",
                median(blind1), median(blind2));
        System.out.printf("BlindSign / raw on 2 threads, median of %d rounds: %.2f (rounds: %s)%n",
                ROUNDS, median(ratio2), Arrays.toString(Arrays.stream(ratio2).map(x -> Math.round(x * 100) / 100.0).toArray()));

        // CPU time per operation on this thread: unlike wall-clock rates, barely moved by other load
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] rawCpu = new long[CPU_SAMPLES];
        long[] blindCpu = new long[CPU_SAMPLES];
        for (int i = 0; i < CPU_SAMPLES; i++) {
            byte[] m = blinded[i % blinded.length];
            long t0 = cpu.getCurrentThreadCpuTime();
            rawPrivate(crt, new BigInteger(1, m));
            long t1 = cpu.getCurrentThreadCpuTime();
            signer.blindSign(m);
            long t2 = cpu.getCurrentThreadCpuTime();
            rawCpu[i] = t1 - t0;
            blindCpu[i] = t2 - t1;
        }
        System.out.printf("CPU time per operation, median of %d: raw %.3f ms, BlindSign %.3f ms, "
                        + "raw/BlindSign (= BlindSign rate relative to raw) %.2f%n",
                CPU_SAMPLES, median(rawCpu) / 1e6, median(blindCpu) / 1e6, median(rawCpu) / median(blindCpu));
        System.out.printf("load average during the run: %.2f on %d cores%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());

        // one cast ballot: token RSA-PSS verify + ballot ECDSA P-256 verify, as the ballot box runs it
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TokenHolder holder = TokenHolder.prepare("R1", key, RANDOM);
            holder.finalizeToken(signer.blindSign(holder.blindedMessage()));
            requests.add(json.valueToTree(holder.castRequest(List.of(
                    Map.of("position", "P1", "cadres", List.of("C3", "C7")), Map.of("position", "P2", "cadres", List.of())))));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < VERIFICATIONS; i++) { // warm-up
            assertThat(CastBallotSignatures.check(key, "R1", requests.get(i % requests.size())))
                    .isEqualTo(CastBallotSignatures.Outcome.VALID);
        }
        long[] whole = new long[VERIFICATIONS];
        long[] token = new long[VERIFICATIONS];
        long[] ballot = new long[VERIFICATIONS];
        for (int i = 0; i < VERIFICATIONS; i++) {
            JsonNode request = requests.get(i % requests.size());
            byte[] prefix = Base64Url.decode(request.at("/token/prefix").textValue());
            byte[] tokenSignature = Base64Url.decode(request.at("/token/signature").textValue());
            byte[] ballotSignature = Base64Url.decode(request.get("signature").textValue());
            String tokenKey = request.at("/token/key").textValue();

            long t0 = threads.getCurrentThreadCpuTime();
            CastBallotSignatures.Outcome outcome = CastBallotSignatures.check(key, "R1", request);
            long t1 = threads.getCurrentThreadCpuTime();
            boolean tokenOk = TokenMessage.verifyToken(key, "R1", tokenKey, prefix, tokenSignature);
            long t2 = threads.getCurrentThreadCpuTime();
            boolean ballotOk = BallotSignature.verify(tokenKey, request.get("body"), ballotSignature);
            long t3 = threads.getCurrentThreadCpuTime();
            assertThat(outcome).isEqualTo(CastBallotSignatures.Outcome.VALID);
            assertThat(tokenOk && ballotOk).isTrue();
            whole[i] = t1 - t0;
            token[i] = t2 - t1;
            ballot[i] = t3 - t2;
        }
        System.out.printf("CPU time per cast ballot, median of %d: whole check %.3f ms "
                        + "(token RSA-PSS verify %.3f ms, ballot ECDSA P-256 verify incl. JCS %.3f ms)%n",
                VERIFICATIONS, median(whole) / 1e6, median(token) / 1e6, median(ballot) / 1e6);
    }

    private interface Operation {
        void run(int i) throws Exception;
    }

    /** Operations per second of wall-clock time with {@code threads} threads each doing a fixed share. */
    private static double throughput(int threads, Operation operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * 7;
                tasks.add(() -> {
                    for (int i = 0; i < SIGNATURES_PER_THREAD; i++) {
                        operation.run(offset + i);
                    }
                    return null;
                });
            }
            long start = System.nanoTime();
            for (Future<Void> done : pool.invokeAll(tasks)) {
                done.get();
            }
            long elapsed = System.nanoTime() - start;
            return threads * SIGNATURES_PER_THREAD / (elapsed / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** m^d mod n by CRT with nothing else: the floor any RSA signature costs. */
    private static BigInteger rawPrivate(RSAPrivateCrtKeyParameters k, BigInteger m) {
        BigInteger mp = m.mod(k.getP()).modPow(k.getDP(), k.getP());
        BigInteger mq = m.mod(k.getQ()).modPow(k.getDQ(), k.getQ());
        return mp.subtract(mq).multiply(k.getQInv()).mod(k.getP()).multiply(k.getQ()).add(mq);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
