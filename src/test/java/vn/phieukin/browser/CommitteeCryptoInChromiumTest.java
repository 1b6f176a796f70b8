package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.phieukin.committee.BallotCheck;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.DiscreteLog;
import vn.phieukin.committee.EncryptedBallot;
import vn.phieukin.committee.Group;
import vn.phieukin.committee.JointKey;
import vn.phieukin.committee.Randomness;

/**
 * The tablet's v2 encryption in real Chromium, loaded from the real server (so under its CSP):
 * web/js/crypto/ballot-encrypt.js runs web/js/crypto/ballot-worker.js as a module Web Worker with
 * the vendored @noble/curves, encrypts and proves a 6 × 40 ballot (240 slots), and the body it
 * gives verifies in Java and opens to the choices.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitteeCryptoInChromiumTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    ServerUnderTest server;
    Chromium browser;

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        browser = new Chromium();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBallotEncryptedInAWebWorkerInChromiumVerifiesInJava() throws Exception {
        Randomness random = Randomness.secure();
        java.math.BigInteger secret = random.scalar();
        JointKey key = new JointKey(Group.timesG(secret));
        List<BallotLayout.Section> sections = new ArrayList<>();
        List<Map<String, Object>> jsSections = new ArrayList<>();
        for (int p = 1; p <= 6; p++) {
            List<String> cadres = new ArrayList<>();
            for (int c = 1; c <= 40; c++) {
                cadres.add(String.format("C%03d", c));
            }
            sections.add(new BallotLayout.Section("P" + p, cadres, 3));
            jsSections.add(Map.of("position", "P" + p, "candidates", cadres, "maxSelections", 3));
        }
        Map<String, Object> request = Map.of(
                "layout", Map.of("kind", "NOMINATION", "sections", jsSections),
                "roundId", "R1", "tokenKey", "T-chromium", "jointKey", key.text(),
                "choices", Map.of("P2", List.of("C040", "C001"), "P6", List.of("C013")));

        browser.firstTab(server.base + "/tablet/");
        browser.driver.manage().timeouts().scriptTimeout(java.time.Duration.ofMinutes(4));
        Object answer = browser.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "const request = JSON.parse(arguments[0]);"
                + "import('/js/crypto/ballot-encrypt.js').then(async ({ encryptBallotInWorker }) => {"
                + "  const t = performance.now(); let progress = 0;"
                + "  const body = await encryptBallotInWorker(request, (d) => { progress = d; });"
                + "  done(JSON.stringify({ body, progress, ms: performance.now() - t, worker: typeof Worker }));"
                + "}).catch((e) => done(JSON.stringify({ error: String(e) })));",
                JSON.writeValueAsString(request));
        JsonNode result = JSON.readTree((String) answer);
        assertThat(result.has("error")).withFailMessage("%s", result).isFalse();
        assertThat(result.get("worker").textValue()).isEqualTo("function");
        assertThat(result.get("progress").intValue()).isEqualTo(240);
        System.out.printf("Chromium: 6×40 ballot encrypted and proved in a Web Worker in %.0f ms wall (load average %.1f)%n",
                result.get("ms").doubleValue(), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        BallotCheck check = EncryptedBallot.verify(new BallotLayout.Nomination(sections), "R1", "T-chromium", key, result.get("body"));
        assertThat(check.isValid()).withFailMessage("%s", check).isTrue();
        long chosen = ((BallotCheck.Valid) check).slots().entrySet().stream()
                .filter(e -> DiscreteLog.solve(e.getValue().beta().subtract(Group.times(e.getValue().alpha(), secret)), 1) == 1)
                .map(Map.Entry::getKey).peek(name -> assertThat(name).isIn("P2|C001", "P2|C040", "P6|C013")).count();
        assertThat(chosen).isEqualTo(3);
    }
}
