package vn.phieukin.load;

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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.ballot.TokenMessage;
import vn.phieukin.procedure.Rules;
import vn.phieukin.procedure.Section;
import vn.phieukin.record.RecordFixture;
import vn.phieukin.record.RecordInput;

/**
 * The auditor's command as the auditor runs it: {@code java -jar phieukin.jar verify} in a fresh
 * (cold) JVM on a 10,000-ballot record, wall and CPU time (user + system of the process, from
 * bash's {@code time}), against the crypto ceiling measured in this JVM in the same run: the raw
 * RSA-3072 PSS verification of each token plus the raw ECDSA P-256 verification of each ballot,
 * inputs prepared beforehand, on all cores. Cold runs and ceiling runs alternate, so that the
 * machine's load weighs on both alike; medians and the median of the paired ratios are printed,
 * with the load average and the phases the command reports ({@code PHIEUKIN_VERIFY_TIMINGS=1}).
 * A benchmark, run by hand, never a timed test:
 * <pre>
 * mvn -B -o -q -DskipTests package
 * java -cp target/test-classes:target/phieukin.jar vn.phieukin.load.VerifyBench --jar target/phieukin.jar \
 *      [--ballots 10000] [--runs 5] [--dir target/verify-bench] [--java-options "-XX:TieredStopAtLevel=1"]
 * </pre>
 * The record (minted once with genuine blind-signed tokens, about a minute) is kept in {@code --dir}.
 */
public final class VerifyBench {

    private static final ECNamedDomainParameters P256 = ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);
    private static final Pattern PHASE = Pattern.compile("^phase (\\S+) ([0-9.]+) ms cpu ([0-9.]+) ms", Pattern.MULTILINE);

    private record Prepared(byte[] tokenMessage, byte[] tokenSignature, byte[] tokenPoint, byte[] hash, BigInteger r, BigInteger s) {
    }

    private record Cold(double wall, double cpu, Map<String, Double> phases) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--cold-ceiling")) {
            // the crypto ceiling in a fresh JVM: what the JIT's warm-up alone costs the two checks
            long start = System.nanoTime();
            JsonNode record = vn.phieukin.record.ProcedureJson.mapper().readTree(Path.of(args[1]).toFile());
            List<Prepared> prepared = prepare(record);
            double prepare = (System.nanoTime() - start) / 1e9;
            double[] once = ceiling(prepared, RoundPublicKey.fromJwk(record.get("tokenKey")));
            System.out.printf(Locale.ROOT, "cold ceiling: prepare %.2f s; crypto %.2f s wall, %.2f s CPU%n", prepare, once[0], once[1]);
            return;
        }
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path jar = Path.of(options.getOrDefault("jar", "target/phieukin.jar")).toAbsolutePath();
        int ballots = Integer.parseInt(options.getOrDefault("ballots", "10000"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        Path dir = Path.of(options.getOrDefault("dir", "target/verify-bench")).resolve(Integer.toString(ballots));
        String javaOptions = options.getOrDefault("java-options", "");
        Path file = dir.resolve("record.json");
        Path keys = dir.resolve("keys");
        if (!Files.exists(file)) {
            mint(ballots, file, keys);
        }
        Path sealKey = keys.resolve(SealKey.PUBLIC_FILE);
        JsonNode record = vn.phieukin.record.ProcedureJson.mapper().readTree(file.toFile());
        List<Prepared> prepared = prepare(record);
        RoundPublicKey roundKey = RoundPublicKey.fromJwk(record.get("tokenKey"));

        System.out.printf(Locale.ROOT, "record %s: %d ballots, %.1f MB; cores %d; java %s; cold options: %s%n", file,
                prepared.size(), Files.size(file) / 1e6, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), javaOptions.isBlank() ? "(none)" : javaOptions);
        ceiling(prepared, roundKey); // warm-up of the ceiling's code
        cold(jar, javaOptions, file, sealKey); // warms the page cache for the jar and the record
        double[] coldWall = new double[runs];
        double[] coldCpu = new double[runs];
        double[] ceilWall = new double[runs];
        double[] ceilCpu = new double[runs];
        double[] ratio = new double[runs];
        double[] load = new double[runs];
        List<Map<String, Double>> phases = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            load[i] = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            Cold c = cold(jar, javaOptions, file, sealKey);
            coldWall[i] = c.wall();
            coldCpu[i] = c.cpu();
            phases.add(c.phases());
            double[] ceil = ceiling(prepared, roundKey);
            ceilWall[i] = ceil[0];
            ceilCpu[i] = ceil[1];
            ratio[i] = coldWall[i] / ceilWall[i];
            System.out.printf(Locale.ROOT, "run %d: cold verify %.2f s wall, %.2f s CPU; ceiling %.2f s wall, %.2f s CPU; "
                    + "ratio %.2f; load %.2f; phases %s%n", i + 1, coldWall[i], coldCpu[i], ceilWall[i], ceilCpu[i], ratio[i],
                    load[i], c.phases());
        }
        System.out.printf(Locale.ROOT, "%nmedian of %d: cold verify %.2f s wall / %.2f s CPU; crypto ceiling %.2f s wall / %.2f s CPU;"
                        + "%nratio wall %.2f (median of paired ratios), CPU %.2f; load average %.2f (range %.2f-%.2f)%n",
                runs, median(coldWall), median(coldCpu), median(ceilWall), median(ceilCpu), median(ratio),
                median(coldCpu) / median(ceilCpu), median(load), min(load), max(load));
        for (String phase : phases.get(0).keySet()) {
            double[] values = phases.stream().mapToDouble(p -> p.getOrDefault(phase, 0.0)).toArray();
            System.out.printf(Locale.ROOT, "  phase %-12s median %6.0f ms%n", phase, median(values));
        }
    }

    private static void mint(int ballots, Path file, Path keys) throws Exception {
        RecordFixture fixture = new RecordFixture(SealKey.loadOrCreate(keys));
        List<Section> sections = List.of(new Section("BT", 1, List.of("c4", "c5", "c6"), false),
                new Section("CT", 2, List.of("c7", "c8", "c9"), false));
        List<List<?>> electronic = new ArrayList<>();
        String[][] picksBt = {{"c4"}, {"c5"}, {"c6"}, {}};
        String[][] picksCt = {{"c7", "c8"}, {"c8", "c9"}, {"c7"}, {"c9"}, {}};
        for (int i = 0; i < ballots; i++) {
            electronic.add(List.of(RecordFixture.pick("BT", picksBt[i % picksBt.length]),
                    RecordFixture.pick("CT", picksCt[i % picksCt.length])));
        }
        RecordFixture.Round round = new RecordFixture.Round(3, Rules.defaultsFor(3), sections, List.of(), ballots + 100, 0,
                ballots + 50, electronic, 10, List.of(), List.of(), null);
        long start = System.nanoTime();
        List<RecordInput.CastBallot> cast = RecordFixture.castBallots(round);
        ObjectNode record = fixture.sealed(round, cast);
        Files.createDirectories(file.getParent());
        Files.write(file, record.toString().getBytes(StandardCharsets.UTF_8));
        System.out.printf(Locale.ROOT, "minted and sealed %d genuine ballots in %.1f s%n", ballots, (System.nanoTime() - start) / 1e9);
    }

    /** One cold {@code java -jar phieukin.jar verify}: wall and user+system CPU seconds, and its phases. */
    private static Cold cold(Path jar, String javaOptions, Path file, Path sealKey) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "TIMEFORMAT='time %R %U %S'; time " + java + " " + javaOptions + " -jar '" + jar + "' verify '" + file
                + "' --seal-key '" + sealKey + "' >/dev/null";
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true);
        builder.environment().put("PHIEUKIN_VERIFY_TIMINGS", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher time = Pattern.compile("time ([0-9.]+) ([0-9.]+) ([0-9.]+)").matcher(output);
        if (!time.find()) {
            throw new IllegalStateException("no timing in the output of the verify command:\n" + output);
        }
        if (!output.contains("phase total")) {
            throw new IllegalStateException("the verify command reported no phases (did it verify?):\n" + output);
        }
        Map<String, Double> phases = new java.util.LinkedHashMap<>();
        Matcher phase = PHASE.matcher(output);
        while (phase.find()) {
            phases.put(phase.group(1), Double.parseDouble(phase.group(2)));
            phases.put(phase.group(1) + "-cpu", Double.parseDouble(phase.group(3)));
        }
        return new Cold(Double.parseDouble(time.group(1)), Double.parseDouble(time.group(2)) + Double.parseDouble(time.group(3)),
                phases);
    }

    private static List<Prepared> prepare(JsonNode record) throws Exception {
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
        return prepared;
    }

    /** The two public-key operations per ballot, on all cores: {wall seconds, process CPU seconds}. */
    private static double[] ceiling(List<Prepared> prepared, RoundPublicKey roundKey) {
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        long valid = prepared.parallelStream().filter(p -> {
            // decoded afresh each time: Bouncy Castle caches precomputation on a decoded point
            ECDSASigner ecdsa = new ECDSASigner();
            ecdsa.init(false, new ECPublicKeyParameters(P256.getCurve().decodePoint(p.tokenPoint()), P256));
            return roundKey.verify(p.tokenMessage(), p.tokenSignature()) && ecdsa.verifySignature(p.hash(), p.r(), p.s());
        }).count();
        if (valid != prepared.size()) {
            throw new IllegalStateException("the ceiling run found invalid ballots");
        }
        return new double[] {(System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu) / 1e9};
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
