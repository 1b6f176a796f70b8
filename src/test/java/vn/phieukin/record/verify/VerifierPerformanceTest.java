package vn.phieukin.record.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.ballot.TokenMessage;
import vn.phieukin.procedure.Rules;
import vn.phieukin.procedure.Section;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.RecordFixture;
import vn.phieukin.record.RecordInput;

/**
 * How long the verifier takes on a 10,000-ballot record, against the crypto ceiling measured in
 * the same run: the raw RSA-3072 PSS verification of each token plus the raw ECDSA P-256
 * verification of each ballot (hashes computed and keys extracted beforehand, only the curve
 * point decoded per verification), spread over all cores the same way. Run by hand (it mints 10,000 genuine ballots first, about a minute):
 * <pre>
 * mvn -B -o -q test -Dtest=VerifierPerformanceTest -Dphieukin.perf=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Figures are printed (one warm-up each, then {@value #RUNS} interleaved pairs: medians and the median of
 * the paired ratios); the test fails only if the record does not verify.
 */
@Tag("perf")
@EnabledIfSystemProperty(named = "phieukin.perf", matches = "true")
class VerifierPerformanceTest {

    static final int BALLOTS = Integer.getInteger("phieukin.perf.ballots", 10_000);
    static final int RUNS = 5;

    @Test
    void verifyingATenThousandBallotRecordIsMeasuredAgainstTheCryptoCeiling(@TempDir Path dir) throws Exception {
        RecordFixture fixture = new RecordFixture(SealKey.loadOrCreate(dir.resolve("keys")));
        List<Section> sections = List.of(new Section("BT", 1, List.of("c4", "c5", "c6"), false),
                new Section("CT", 2, List.of("c7", "c8", "c9"), false));
        List<List<?>> electronic = new ArrayList<>();
        String[][] picksBt = {{"c4"}, {"c5"}, {"c6"}, {}};
        String[][] picksCt = {{"c7", "c8"}, {"c8", "c9"}, {"c7"}, {"c9"}, {}};
        for (int i = 0; i < BALLOTS; i++) {
            electronic.add(List.of(RecordFixture.pick("BT", picksBt[i % picksBt.length]),
                    RecordFixture.pick("CT", picksCt[i % picksCt.length])));
        }
        RecordFixture.Round round = new RecordFixture.Round(3, Rules.defaultsFor(3), sections, List.of(), BALLOTS + 100, 0,
                BALLOTS + 50, electronic, 10, List.of(), List.of(), null);
        long mintStart = System.nanoTime();
        List<RecordInput.CastBallot> ballots = RecordFixture.castBallots(round);
        ObjectNode record = fixture.sealed(round, ballots);
        Path file = dir.resolve("record.json");
        Files.write(file, record.toString().getBytes(StandardCharsets.UTF_8));
        System.out.printf(Locale.ROOT, "minted and sealed %d genuine ballots in %.1f s; record %.1f MB%n", BALLOTS,
                (System.nanoTime() - mintStart) / 1e9, Files.size(file) / 1e6);

        // What the auditor's command does: read and parse the file, then V1-V9.
        var key = fixture.sealKey().publicKey();
        LongSupplier verifyRun = () -> {
            long start = System.nanoTime();
            try {
                VerificationReport report = RecordVerifier.verify(RecordVerifier.read(file), key, null);
                assertThat(report.failed()).isEmpty();
            } catch (UnreadableRecordException e) {
                throw new AssertionError(e);
            }
            return System.nanoTime() - start;
        };

        // The ceiling: only the two public-key operations per ballot, inputs prepared beforehand.
        RoundPublicKey roundKey = RoundPublicKey.fromJwk(record.get("tokenKey"));
        String roundId = record.at("/round/id").asText();
        List<Prepared> prepared = new ArrayList<>();
        for (JsonNode b : record.get("ballots")) {
            JsonNode request = b.get("request");
            String tokenKey = request.at("/token/key").asText();
            byte[] body = CanonicalJson.encode(request.get("body"));
            byte[] signed = concat("phieukin/ballot/v1|".getBytes(StandardCharsets.UTF_8), body);
            byte[] signature = Base64Url.decode(request.get("signature").asText());
            prepared.add(new Prepared(
                    TokenMessage.prepared(Base64Url.decode(request.at("/token/prefix").asText()), roundId, tokenKey),
                    Base64Url.decode(request.at("/token/signature").asText()),
                    ((ECPublicKeyParameters) PublicKeyFactory.createKey(Base64Url.decode(tokenKey))).getQ().getEncoded(false),
                    MessageDigest.getInstance("SHA-256").digest(signed),
                    new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                    new BigInteger(1, Arrays.copyOfRange(signature, 32, 64))));
        }
        LongSupplier ceilingRun = () -> {
            long start = System.nanoTime();
            long valid = prepared.parallelStream().filter(p -> {
                // The point is decoded afresh each time: Bouncy Castle caches precomputation on a
                // decoded point, which would make later runs faster than any real first verification.
                ECDSASigner ecdsa = new ECDSASigner();
                ecdsa.init(false, new ECPublicKeyParameters(P256.getCurve().decodePoint(p.tokenPoint()), P256));
                return roundKey.verify(p.tokenMessage(), p.tokenSignature()) && ecdsa.verifySignature(p.hash(), p.r(), p.s());
            }).count();
            assertThat(valid).isEqualTo(BALLOTS);
            return System.nanoTime() - start;
        };

        // Interleaved, so that the load of the machine drifting over minutes weighs on both alike.
        verifyRun.getAsLong();
        ceilingRun.getAsLong();
        long[] verify = new long[RUNS];
        long[] ceiling = new long[RUNS];
        long[] verifyCpu = new long[RUNS];
        long[] ceilingCpu = new long[RUNS];
        double[] ratios = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long cpu = processCpuNanos();
            verify[i] = verifyRun.getAsLong();
            verifyCpu[i] = processCpuNanos() - cpu;
            cpu = processCpuNanos();
            ceiling[i] = ceilingRun.getAsLong();
            ceilingCpu[i] = processCpuNanos() - cpu;
            ratios[i] = (double) verify[i] / ceiling[i];
        }
        Arrays.sort(ratios);

        double verifySeconds = median(verify) / 1e9;
        double ceilingSeconds = median(ceiling) / 1e9;
        System.out.printf(Locale.ROOT, "cores: %d; ballots: %d; runs: %d%n", Runtime.getRuntime().availableProcessors(), BALLOTS, RUNS);
        System.out.printf(Locale.ROOT, "verify (read + parse + V1-V9), median: %.2f s   runs: %s%n", verifySeconds, seconds(verify));
        System.out.printf(Locale.ROOT, "crypto ceiling (RSA-3072 PSS + ECDSA P-256 per ballot), median: %.2f s   runs: %s%n",
                ceilingSeconds, seconds(ceiling));
        System.out.printf(Locale.ROOT, "ratio verify / ceiling: %.2f (ratio of medians); %.2f (median of the %d paired runs, range %.2f-%.2f)%n",
                verifySeconds / ceilingSeconds, ratios[RUNS / 2], RUNS, ratios[0], ratios[RUNS - 1]);
        // CPU time of this JVM (all its threads, GC included) is not inflated by other processes' load.
        System.out.printf(Locale.ROOT, "process CPU time, median: verify %.2f s, ceiling %.2f s, ratio %.2f%n",
                median(verifyCpu) / 1e9, median(ceilingCpu) / 1e9, (double) median(verifyCpu) / median(ceilingCpu));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static final ECNamedDomainParameters P256 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);

    private record Prepared(byte[] tokenMessage, byte[] tokenSignature, byte[] tokenPoint, byte[] hash,
            BigInteger r, BigInteger s) {
    }

    private static long median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String seconds(long[] times) {
        StringBuilder out = new StringBuilder();
        for (long t : times) {
            out.append(String.format(Locale.ROOT, "%.2f ", t / 1e9));
        }
        return out.toString().trim();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
