package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import vn.phieukin.committee.Group;
import vn.phieukin.committee.JointKey;
import vn.phieukin.committee.Randomness;

/**
 * Issue 11's tablet figure in headless Chromium, measured, not asserted: the 6 × 40 ballot (240
 * slots, at most 3 picks) encrypted and proved by web/js/crypto/ballot-encrypt.js in its module
 * Web Worker, 5 times, each beside the ceiling measured in the same page just before and after
 * (noble P-256 fixed-base k·G and variable-base k·P on a point decoded afresh, main thread), with
 * the CPU time of Chromium's processes (the JVM's descendants, /proc/PID/stat) beside wall time.
 * Run: {@code mvn -B -o test -Dtest=EncryptInChromiumBenchmark -Dphieukin.benchmark=true}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "phieukin.benchmark", matches = "true")
class EncryptInChromiumBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PRODUCTS = 6 * 40 * 7 + 6 * (3 * 3 + 2); // as src/test/js/encrypt-ballot.bench.mjs

    @Test
    void encryptA240SlotBallotFiveTimes() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        try (ServerUnderTest server = new ServerUnderTest()) {
            Chromium browser = new Chromium();
            try {
                JointKey key = new JointKey(Group.timesG(Randomness.secure().scalar()));
                List<Map<String, Object>> sections = new ArrayList<>();
                for (int p = 1; p <= 6; p++) {
                    List<String> cadres = new ArrayList<>();
                    for (int c = 1; c <= 40; c++) {
                        cadres.add(String.format("C%03d", c));
                    }
                    sections.add(Map.of("position", "P" + p, "candidates", cadres, "maxSelections", 3));
                }
                browser.firstTab(server.base + "/tablet/");
                browser.driver.manage().timeouts().scriptTimeout(java.time.Duration.ofMinutes(4));
                String ceiling = "const C = await import('/js/crypto/committee.js');"
                        + "const H = C.jointKey(request.jointKey); const ks = Array.from({length: 64}, () => C.randomScalar());"
                        + "let t = performance.now(); for (let i = 0; i < 400; i++) C.mul(i % 2 ? C.BASE : H.point, ks[i % 64]);"
                        + "const fixedUs = (performance.now() - t) * 1000 / 400;"
                        + "const enc = ks.map((k, i) => C.pointBytes(C.mulG(k + BigInt(i)))); const fresh = enc.map((b) => C.decodePoint(b));"
                        + "t = performance.now(); fresh.forEach((p, i) => C.mul(p, ks[i])); const variableUs = (performance.now() - t) * 1000 / fresh.length;";
                String script = "const done = arguments[arguments.length - 1]; const request = JSON.parse(arguments[0]);"
                        + "(async () => { const out = {};"
                        + "  { " + ceiling + " out.fixedBefore = fixedUs; out.variableBefore = variableUs; }"
                        + "  const { encryptBallotInWorker } = await import('/js/crypto/ballot-encrypt.js');"
                        + "  const t0 = performance.now(); const body = await encryptBallotInWorker(request);"
                        + "  out.ms = performance.now() - t0; out.sections = body.sections.length;"
                        + "  { " + ceiling + " out.fixedAfter = fixedUs; out.variableAfter = variableUs; }"
                        + "  return out; })().then((o) => done(JSON.stringify(o)), (e) => done(JSON.stringify({ error: String(e) })));";
                int runs = 6; // the first is a warm-up
                double[] ms = new double[runs - 1];
                double[] cpu = new double[runs - 1];
                double[] fixed = new double[runs - 1];
                double[] variable = new double[runs - 1];
                String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
                for (int run = 0; run < runs; run++) {
                    Map<String, Object> request = Map.of("layout", Map.of("kind", "NOMINATION", "sections", sections),
                            "roundId", "R1", "tokenKey", "T" + run, "jointKey", key.text(),
                            "choices", Map.of("P2", List.of("C040", "C001"), "P6", List.of("C013")));
                    long cpu0 = chromiumCpuTicks();
                    JsonNode r = JSON.readTree((String) browser.driver.executeAsyncScript(script, JSON.writeValueAsString(request)));
                    long ticks = chromiumCpuTicks() - cpu0;
                    assertThat(r.has("error")).withFailMessage("%s", r).isFalse();
                    assertThat(r.path("sections").asInt()).isEqualTo(6);
                    System.out.printf("  run %d: %.0f ms wall (worker), Chromium CPU %d ms for the whole call incl. both"
                            + " ceilings; fixed-base %.0f/%.0f µs, variable-base %.0f/%.0f µs wall (before/after)%n",
                            run, r.path("ms").asDouble(), ticks * 10, r.path("fixedBefore").asDouble(), r.path("fixedAfter").asDouble(),
                            r.path("variableBefore").asDouble(), r.path("variableAfter").asDouble());
                    if (run > 0) {
                        ms[run - 1] = r.path("ms").asDouble();
                        cpu[run - 1] = ticks * 10;
                        fixed[run - 1] = (r.path("fixedBefore").asDouble() + r.path("fixedAfter").asDouble()) / 2;
                        variable[run - 1] = (r.path("variableBefore").asDouble() + r.path("variableAfter").asDouble()) / 2;
                    }
                }
                double f = median(fixed);
                System.out.printf("Chromium, 6×40 ballot in a Web Worker: median of %d: %.0f ms wall; Chromium CPU per call %.0f ms"
                        + " (incl. ceilings); noble fixed-base %.1f µs (%.0f/s), variable-base %.1f µs (%.0f/s) wall;"
                        + " ceiling %d × fixed = %.0f ms -> %.0f %%; load %s -> %s%n", ms.length, median(ms), median(cpu), f, 1e6 / f,
                        median(variable), 1e6 / median(variable), PRODUCTS, PRODUCTS * f / 1e3, 100 * PRODUCTS * f / 1e3 / median(ms),
                        loadBefore, Files.readString(Path.of("/proc/loadavg")).strip());
            } finally {
                browser.close();
            }
        }
    }

    /** utime + stime of every descendant of this JVM (chromedriver, Chromium's processes), in 10 ms ticks. */
    private static long chromiumCpuTicks() {
        return ProcessHandle.current().descendants().mapToLong(p -> {
            try {
                String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (Exception e) {
                return 0;
            }
        }).sum();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
