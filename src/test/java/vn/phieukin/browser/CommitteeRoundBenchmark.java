package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenHolder;
import vn.phieukin.cli.DemoReview;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.EncryptedBallot;
import vn.phieukin.committee.JointKey;
import vn.phieukin.committee.Randomness;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.v2.SimulatedMember;

/**
 * Issue 11's close + decryption figure, measured, not asserted: a round of the demo review's
 * 6 positions × 40 cadres (240 slots) with N ballots encrypted in Java and cast through the real
 * server (in this JVM), closed, checked and decrypted by 2 of 3 {@link SimulatedMember}s (Java,
 * as the demo's), sealed; each phase's wall time and this process's CPU time, and the record
 * written to {@code target/committee-bench/record.json} for the verifier. No browser. Run:
 * {@code mvn -B -o test -Dtest=CommitteeRoundBenchmark -Dphieukin.benchmark=true -Dphieukin.committee.ballots=250}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "phieukin.benchmark", matches = "true")
class CommitteeRoundBenchmark {

    @Test
    void closeDecryptAndSealARoundOf240Slots() throws Exception {
        int ballots = Integer.getInteger("phieukin.committee.ballots", 50);
        Map<String, String> timings = new java.util.LinkedHashMap<>();
        try (ServerUnderTest server = new ServerUnderTest()) {
            var api = server.api;
            String admin = server.admin;
            String demoStep4 = new DemoReview(api, admin, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).load();
            String review = api.call("GET", "/api/v1/conferences/" + demoStep4, null, admin).path("reviewId").asText();
            String large = api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", 4,
                    "title", "Hội nghị thử tải", "date", "2026-04-01", "rules", Map.of("encryption", "COMMITTEE")), admin)
                    .path("id").asText();
            // the committee of 3, threshold 2, Java devices, through the ceremony
            SecureRandom random = new SecureRandom();
            List<Map<String, String>> named = List.of(Map.of("fullName", "Thành viên 1"), Map.of("fullName", "Thành viên 2"),
                    Map.of("fullName", "Thành viên 3"));
            JsonNode created = api.call("POST", "/api/v1/conferences/" + large + "/committee", Map.of("members", named,
                    "threshold", 2), admin);
            List<SimulatedMember> members = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (JsonNode m : created.path("members")) {
                members.add(new SimulatedMember(m.path("index").asInt(), random));
                tokens.add(api.call("POST", "/api/v1/committee/pair", Map.of("pairingCode", m.path("pairingCode").asText()),
                        null).path("memberToken").asText());
            }
            for (int i = 0; i < 3; i++) {
                api.call("POST", "/api/v1/committee/key", members.get(i).keyRequest(), tokens.get(i));
            }
            for (int i = 0; i < 3; i++) {
                api.call("POST", "/api/v1/committee/deal", members.get(i).dealRequest(view(server, large, tokens.get(i))),
                        tokens.get(i));
            }
            for (int i = 0; i < 3; i++) {
                Object[] outcome = members.get(i).check(view(server, large, tokens.get(i)));
                assertThat(outcome[0]).isEqualTo("accept");
                api.call("POST", "/api/v1/committee/accept", outcome[1], tokens.get(i));
            }
            // the printed sections, every one open to the whole registry (as CommitteeInChromiumTest's benchmark)
            String scratch = api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", 4,
                    "title", "Nháp", "date", "2026-04-01", "rules", Map.of("encryption", "NONE")), admin).path("id").asText();
            JsonNode draft = api.call("POST", "/api/v1/conferences/" + scratch + "/rounds", Map.of(), admin);
            List<String> registry = new ArrayList<>();
            api.call("GET", "/api/v1/reviews/" + review + "/cadres", null, admin).forEach(c -> registry.add(c.path("id").asText()));
            List<Map<String, Object>> sections = new ArrayList<>();
            List<BallotLayout.Section> layout = new ArrayList<>();
            for (JsonNode section : draft.path("sections")) {
                if (section.path("maxSelections").asInt() < 1) {
                    continue;
                }
                List<String> printed = new ArrayList<>();
                section.path("candidates").forEach(c -> printed.add(c.asText()));
                sections.add(Map.of("positionId", section.path("positionId").asText(), "maxSelections",
                        section.path("maxSelections").asInt(), "candidates", printed, "allowNominations", true));
                TreeSet<String> all = new TreeSet<>(registry);
                all.addAll(printed);
                layout.add(new BallotLayout.Section(section.path("positionId").asText(), List.copyOf(all),
                        section.path("maxSelections").asInt()));
            }
            var nomination = new BallotLayout.Nomination(layout);
            int slots = layout.stream().mapToInt(s -> s.candidates().size()).sum();
            List<String> tablets = new ArrayList<>();
            for (int i = 0; i < ballots; i++) {
                String delegate = api.call("POST", "/api/v1/conferences/" + large + "/delegates",
                        Map.of("fullName", "Đại biểu thử tải " + (i + 1)), admin).path("id").asText();
                String secret = api.call("POST", "/api/v1/conferences/" + large + "/delegates/" + delegate + "/check-in",
                        Map.of(), admin).path("pairingSecret").asText();
                tablets.add(api.call("POST", "/api/v1/tablet/pair", Map.of("pairingSecret", secret), null).path("tabletToken").asText());
            }
            String roundId = api.call("POST", "/api/v1/conferences/" + large + "/rounds", Map.of("sections", sections,
                    "reason", "Bỏ phiếu thử tải cho Ban kiểm phiếu"), admin).path("id").asText();
            JsonNode round = api.call("POST", "/api/v1/rounds/" + roundId + "/open", Map.of(), admin);
            JointKey key = JointKey.fromText(round.path("committee").path("jointKey").asText());
            RoundPublicKey roundKey = RoundPublicKey.fromJwk(round.path("tokenKey"));
            int[] requestBytes = new int[1];
            Phase cast = Phase.start();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < ballots; i++) {
                String tablet = tablets.get(i);
                int n = i;
                done.add(pool.submit(() -> {
                    TokenHolder holder = TokenHolder.prepare(roundId, roundKey, random);
                    JsonNode issued = api.call("POST", "/api/v1/rounds/" + roundId + "/issue", holder.issueRequest(), tablet);
                    holder.finalizeToken(Base64Url.decode(issued.path("blindSignature").asText()));
                    Map<String, List<String>> picks = new TreeMap<>();
                    for (var section : layout) {
                        picks.put(section.positionId(), List.of(section.candidates().get(n % section.candidates().size())));
                    }
                    var body = EncryptedBallot.encryptNomination(nomination, roundId, holder.tokenKey(), key, picks,
                            Randomness.from(random));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = ProcedureJson.mapper().convertValue(body, Map.class);
                    Map<String, Object> request = holder.castRequestWithBody(map);
                    if (n == 0) {
                        requestBytes[0] = CanonicalJson.encode(ProcedureJson.mapper().valueToTree(request)).length;
                    }
                    api.call("POST", "/api/v1/rounds/" + roundId + "/ballots", request, null);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            timings.put("cast (issue, Java encrypt on 2 threads, server verifies, 201)", cast.end());

            Phase close = Phase.start();
            api.call("POST", "/api/v1/rounds/" + roundId + "/close", Map.of(), admin);
            timings.put("close (server: encrypted tally)", close.end());

            // a member device's check before it contributes (the ballots fetched and every proof checked, once)
            Phase check = Phase.start();
            JsonNode tally = api.call("GET", "/api/v1/rounds/" + roundId + "/encrypted-tally", null, tokens.get(0));
            List<JsonNode> requests = new ArrayList<>();
            long total;
            do {
                JsonNode page = api.call("GET", "/api/v1/rounds/" + roundId + "/encrypted-ballots?offset=" + requests.size(), null,
                        tokens.get(0));
                total = page.path("total").asLong();
                if (page.path("ballots").isEmpty()) {
                    break;
                }
                page.path("ballots").forEach(b -> requests.add(b.path("request")));
            } while (requests.size() < total);
            for (JsonNode request : requests) {
                assertThat(EncryptedBallot.verify(nomination, roundId, request.path("token").path("key").asText(), key,
                        request.path("body")).isValid()).isTrue();
            }
            timings.put("member's check: fetch " + requests.size() + " ballots + verify every proof (1 thread)", check.end());

            for (int i : new int[] {0, 2}) {
                Phase share = Phase.start();
                Object request = members.get(i).decryptionRequest(roundId, tally.path("slots"));
                String made = share.end();
                Phase post = Phase.start();
                JsonNode answer = api.call("POST", "/api/v1/rounds/" + roundId + "/decryption", request, tokens.get(i));
                timings.put("member " + (i + 1) + ": decryption shares + proofs for " + slots + " slots (device)", made);
                timings.put("member " + (i + 1) + ": POST decryption" + (answer.path("decrypted").asBoolean()
                        ? " (server: check, combine, discrete logs, record v2, seal)" : " (server: check the proofs)"), post.end());
            }
            JsonNode record = api.call("GET", "/api/v1/rounds/" + roundId + "/record", null, admin);
            assertThat(record.path("tally").path("ballots").path("cast").asInt()).isEqualTo(ballots);
            Path out = Path.of("target", "committee-bench");
            Files.createDirectories(out);
            byte[] recordText = ProcedureJson.mapper().writeValueAsBytes(record);
            Files.write(out.resolve("record.json"), recordText);
            Files.copy(server.dir.resolve("keys").resolve(vn.phieukin.ballot.SealKey.PUBLIC_FILE), out.resolve("seal.pub"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("committee round benchmark: %d ballots × %d slots; cast request %d bytes (JCS); record %d bytes%n",
                    ballots, slots, requestBytes[0], recordText.length);
            timings.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        }
    }

    private static JsonNode view(ServerUnderTest server, String conference, String token) {
        return server.api.call("GET", "/api/v1/conferences/" + conference + "/committee", null, token);
    }

    /** Wall time and this process's CPU time (server and client threads together), with the load average. */
    private record Phase(long wall, long cpu, String load) {
        static Phase start() throws Exception {
            return new Phase(System.nanoTime(), processCpu(), Files.readString(Path.of("/proc/loadavg")).strip());
        }

        String end() throws Exception {
            return String.format("%.0f ms wall, %.0f ms process CPU (load %s → %s)", (System.nanoTime() - wall) / 1e6,
                    (processCpu() - cpu) / 1e6, load, Files.readString(Path.of("/proc/loadavg")).strip());
        }

        private static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }
}
