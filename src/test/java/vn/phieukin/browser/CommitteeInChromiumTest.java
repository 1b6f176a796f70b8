package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.ballot.SealPublicKey;
import vn.phieukin.cli.DemoReview;
import vn.phieukin.record.verify.RecordVerifier;
import vn.phieukin.record.verify.VerificationReport;

/**
 * The counting committee's page {@code /committee/} in Chromium (COMMITTEE.md): a step-4
 * conference of the demo's review, encrypted to a committee of 3 with threshold 2. Three member
 * pages pair (two by the QR's {@code #code=}, one by typing the code), each presses one button for
 * the whole key ceremony and shows the same fingerprint; three tablet pages vote (ballots
 * encrypted in the browser); after the close two of the three members press "Giải mã kết quả":
 * their devices check every ballot's proofs and recompute the encrypted tally before they
 * contribute. The result appears and the sealed {@code phieukin-record/2} verifies. Prints how
 * long each member step took in this browser.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitteeInChromiumTest {
    static final List<String> MEMBERS = List.of("Trần Thị Thu Hà", "Lê Văn Hùng", "Phạm Minh Tuấn");
    static final List<String> DELEGATES = List.of("Hoàng Minh Chính", "Nguyễn Văn Thắng", "Lê Thị Hải Yến");

    /** Keeps a page's uncaught errors, reported when a step does not come. */
    static final String ERRORS = "window.__errors = []; addEventListener('error', e => window.__errors.push(String(e.message)));"
            + " addEventListener('unhandledrejection', e => window.__errors.push(String(e.reason && e.reason.stack || e.reason)));";

    /** Keeps every request this page sends (address and body), in window.__sent. */
    static final String RECORD_REQUESTS = "window.__sent = []; const send = window.fetch;"
            + " window.fetch = (url, options = {}) => { window.__sent.push({ url: String(url), body: String(options.body || '') });"
            + " return send(url, options); };";

    /**
     * Makes this page's server lie while window.__lie says so: 'tally' adds G to one slot's beta of
     * the encrypted tally, 'ballot' changes one slot's beta of the first ballot downloaded.
     */
    static final String LIE = "const real = window.fetch;"
            + "const bump = async (point) => { const c = await import('/js/crypto/committee.js');"
            + "  return c.pointText(c.pointFromText(point).add(c.BASE)); };"
            + "window.fetch = async (url, options) => { const answer = await real(url, options);"
            + "  const lie = window.__lie; const u = String(url);"
            + "  if (!lie || !(u.includes('/encrypted-tally') || u.includes('/encrypted-ballots'))) return answer;"
            + "  const json = await answer.json();"
            + "  if (lie === 'tally' && u.includes('/encrypted-tally')) { const name = Object.keys(json.slots)[0];"
            + "    json.slots[name].beta = await bump(json.slots[name].beta); }"
            + "  if (lie === 'ballot' && u.includes('offset=0&')) { const slot = json.ballots[0].request.body.sections[0].slots[0];"
            + "    slot.beta = await bump(slot.beta); }"
            + "  return new Response(JSON.stringify(json), { status: 200, headers: { 'Content-Type': 'application/json' } }); };";

    /** This tab's key share as stored (decimal). */
    static final String READ_SHARE = "const done = arguments[arguments.length - 1];"
            + "const open = indexedDB.open('phieukin-committee-' + sessionStorage.getItem('phieukin.committee.slot'));"
            + "open.onsuccess = () => { const r = open.result.transaction('kv').objectStore('kv').get('member');"
            + "  r.onsuccess = () => done(r.result && r.result.keyShare); };";

    ServerUnderTest server;
    Chromium browser;
    String conference;
    final Map<String, String> timings = new LinkedHashMap<>();
    String sentBeforeReload = "";

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        String demoStep4 = new DemoReview(server.api, server.admin,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).load();
        String review = server.api.call("GET", "/api/v1/conferences/" + demoStep4, null, server.admin).path("reviewId").asText();
        conference = server.api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", 4,
                "title", "Hội nghị Ban Thường vụ Tỉnh ủy (lần 2)", "date", "2026-03-31",
                "rules", Map.of("encryption", "COMMITTEE")), server.admin).path("id").asText();
        for (String name : DELEGATES) {
            server.api.call("POST", "/api/v1/conferences/" + conference + "/delegates",
                    Map.of("fullName", name, "title", "Ủy viên Ban Thường vụ Tỉnh ủy"), server.admin);
        }
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
    void aCommitteeOfThreePairsMakesTheKeyAndTwoOfThreeDecryptTheStepFourVote() throws Exception {
        Chromium b = browser;
        String load = loadAverage();
        long cpu0 = processCpuMillis();
        List<Map<String, Object>> members = new ArrayList<>();
        for (String name : MEMBERS) {
            members.add(Map.of("fullName", name));
        }
        JsonNode created = server.api.call("POST", "/api/v1/conferences/" + conference + "/committee",
                Map.of("members", members, "threshold", 2), server.admin);
        List<String> codes = new ArrayList<>();
        created.path("members").forEach(m -> codes.add(m.path("pairingCode").asText()));

        // 1. each member's device pairs: the first types the code, the others open the QR's address
        List<String> tabs = new ArrayList<>();
        b.viewport(1024, 768);
        long t = System.nanoTime();
        tabs.add(b.newTab(server.base + "/committee/"));
        b.type("#pairing-code", codes.get(0));
        b.click("#pair-submit");
        b.waitText("#member-name", MEMBERS.get(0));
        timings.put("pair (typed code → name shown), member 1", ms(t));
        b.shot("committee-1-joined");
        for (int i = 1; i < 3; i++) {
            t = System.nanoTime();
            tabs.add(b.newTab(server.base + "/committee/#code=" + codes.get(i)));
            b.waitText("#member-name", MEMBERS.get(i));
            timings.put("pair (QR #code= → name shown), member " + (i + 1), ms(t));
            assertThat(b.driver.getCurrentUrl()).as("the code leaves the address bar").doesNotContain(codes.get(i));
        }
        assertThat(b.find("#join-ceremony").getText()).isEqualTo("Tham gia tạo khóa");

        // 2. one button each: keys, deal, check, accept; then the fingerprint, large, on every device
        for (String tab : tabs) {
            b.on(tab);
            b.js(RECORD_REQUESTS);
        }
        long ceremony = System.nanoTime();
        for (String tab : tabs) {
            b.on(tab);
            b.click("#join-ceremony");
        }
        b.on(tabs.get(0));
        b.waitUntil(30, () -> !b.all("#ceremony-progress").isEmpty() || !b.all("#fingerprint").isEmpty());
        List<String> fingerprints = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            b.on(tabs.get(i));
            b.waitUntil(60, () -> !b.all("#fingerprint").isEmpty());
            fingerprints.add(b.find("#fingerprint").getText());
            assertThat(b.bodyText()).contains("Đọc to mã này và so với các thành viên khác");
            timings.put("ceremony (press → fingerprint), member " + (i + 1) + " as its page measured",
                    b.find("#ceremony-time").getDomAttribute("data-ms") + " ms, of which computing "
                            + b.find("#ceremony-time").getDomAttribute("data-work-ms") + " ms");
            b.shot("committee-" + (i + 1) + "-fingerprint");
        }
        timings.put("ceremony, all three (first press → third fingerprint on screen)", ms(ceremony));
        JsonNode view = server.api.call("GET", "/api/v1/conferences/" + conference + "/committee", null, server.admin);
        assertThat(view.path("status").asText()).isEqualTo("READY");
        String expected = view.path("fingerprint").asText().replaceAll("(.{4})(?!$)", "$1 ");
        assertThat(fingerprints).as("the same fingerprint on the three devices, the server's").containsOnly(expected);
        assertThat(b.find("#fingerprint").getCssValue("font-size")).as("large enough to read aloud")
                .satisfies(size -> assertThat(Double.parseDouble(size.replace("px", ""))).isGreaterThanOrEqualTo(40));
        for (String tab : tabs) {
            b.on(tab);
            b.click("#confirm-fingerprint");
            b.waitText("main", "Chưa có phiên nào chờ giải mã");
        }
        b.shot("committee-3-waiting");
        assertThat(stored(b)).as("the key share is in this browser's IndexedDB").contains("keyShare");

        // 3. the step-4 vote: three delegates check in, their tablets vote (encrypted in the browser)
        List<String> tablets = new ArrayList<>();
        JsonNode delegates = server.api.call("GET", "/api/v1/conferences/" + conference + "/delegates", null, server.admin);
        for (JsonNode d : delegates) {
            String code = server.api.call("POST", "/api/v1/conferences/" + conference + "/delegates/" + d.path("id").asText()
                    + "/check-in", Map.of(), server.admin).path("pairingCode").asText();
            tablets.add(b.newTab(server.base + "/tablet/#pair=" + code));
            b.waitText("main", "Chưa có phiên bỏ phiếu");
            b.js(ERRORS);
        }
        String roundId = server.api.call("POST", "/api/v1/conferences/" + conference + "/rounds", Map.of(), server.admin)
                .path("id").asText();
        JsonNode opened = server.api.call("POST", "/api/v1/rounds/" + roundId + "/open", Map.of(), server.admin);
        assertThat(opened.path("committee").path("fingerprint").asText()).isEqualTo(view.path("fingerprint").asText());
        Map<String, Map<String, Integer>> votes = new TreeMap<>();
        for (int i = 0; i < tablets.size(); i++) {
            b.on(tablets.get(i));
            b.waitText("main", "Giới thiệu không quá");
            assertThat(b.find("#committee-fingerprint").getText()).isEqualTo(expected);
            if (i < 2) {
                @SuppressWarnings("unchecked")
                Map<String, String> picked = (Map<String, String>) b.js("const out = {};"
                        + "document.querySelectorAll('section.section').forEach(s => {"
                        + "  const box = s.querySelector('input[type=checkbox]:not(:disabled)');"
                        + "  if (box) { box.click(); out[s.dataset.position] = box.value; } });"
                        + "return out;");
                assertThat(picked).isNotEmpty();
                picked.forEach((position, cadre) -> votes.computeIfAbsent(position, p -> new TreeMap<>()).merge(cadre, 1, Integer::sum));
            }
            b.click("#to-review");
            b.waitText("main", "Xác nhận phiếu");
            b.click("#cast");
            try {
                b.waitUntil(60, () -> b.bodyText().contains("Ghi lại mã biên nhận"));
            } catch (RuntimeException e) {
                b.shot("committee-tablet-" + (i + 1) + "-not-cast");
                throw new AssertionError("tablet " + (i + 1) + " shows: " + b.bodyText() + "; errors: " + b.js("return window.__errors"), e);
            }
            b.click("#receipt-done");
            b.waitText("main", "Đồng chí đã bỏ phiếu");
        }
        server.api.call("POST", "/api/v1/rounds/" + roundId + "/close", Map.of(), server.admin);
        JsonNode closed = server.api.call("GET", "/api/v1/rounds/" + roundId, null, server.admin);
        assertThat(closed.path("awaitingDecryption").asBoolean()).isTrue();

        // 4. a lying server: member 2's device refuses to decrypt a tally that is not the sum of the
        // ballots, or a ballot whose proof fails, and sends nothing
        b.on(tabs.get(1));
        b.waitUntil(30, () -> !b.all("button.decrypt").isEmpty());
        b.js(LIE + "window.__lie = 'tally';");
        b.clickText(".round", "Giải mã kết quả");
        b.waitText(".round", "Kết quả mã hóa của máy chủ khác tổng các phiếu thiết bị vừa kiểm tra: không giải mã.");
        b.shot("committee-2-refuses-a-false-tally");
        b.clickText(".round", "Quay lại danh sách");
        b.waitUntil(30, () -> !b.all("button.decrypt").isEmpty());
        b.js("window.__lie = 'ballot';");
        b.clickText(".round", "Giải mã kết quả");
        b.waitText(".round", "không qua được kiểm tra: không giải mã");
        assertThat(b.find(".round").getText()).contains("Chi tiết kỹ thuật: /sections/0/slots/0/proof");
        b.shot("committee-2-refuses-a-false-ballot");
        b.js("window.__lie = null;");
        assertThat(server.api.call("GET", "/api/v1/rounds/" + roundId, null, server.admin).path("decryption")
                .path("contributed").asInt()).as("nothing was contributed").isZero();
        assertThat(b.js("return window.__sent.filter(r => r.url.includes('/decryption')).length")).isEqualTo(0L);

        // 5. two of the three members press "Giải mã kết quả"
        for (int i : new int[] {0, 2}) {
            b.on(tabs.get(i));
            if (i == 2) {
                // the key share survives a reload of the page
                sentBeforeReload = String.valueOf(b.js("return JSON.stringify(window.__sent)"));
                b.driver.navigate().refresh();
                b.waitText("#member-name", MEMBERS.get(2));
                b.js(RECORD_REQUESTS);
            }
            String contributed = "đã có " + (i == 0 ? 0 : 1) + "/2 thành viên giải mã";
            b.waitContent(".round", contributed);
            assertThat(b.js("return document.querySelector('.round').textContent").toString()).contains("3 phiếu điện tử");
            b.find("button.decrypt");
            b.shot("committee-" + (i + 1) + "-round-closed");
            t = System.nanoTime();
            b.clickText(".round", "Giải mã kết quả");
            b.waitUntil(120, () -> !b.all("#decrypt-done[data-round='" + roundId + "']").isEmpty());
            @SuppressWarnings("unchecked")
            Map<String, String> done = (Map<String, String>) b.js("return { ...document.getElementById('decrypt-done').dataset }");
            timings.put("decryption (press → share sent), member " + (i + 1), ms(t) + "; its page: "
                    + done.get("ms") + " ms, of which checking " + done.get("ballots") + " ballots " + done.get("checkMs") + " ms");
            b.shot("committee-" + (i + 1) + "-decrypted");
            assertThat(done.get("decrypted")).isEqualTo(i == 0 ? "false" : "true");
        }
        b.on(tabs.get(1));
        b.waitText("main", "Chưa có phiên nào chờ giải mã");

        // no member's key share ever left its device, in any encoding
        for (String tab : tabs) {
            b.on(tab);
            String share = String.valueOf(b.driver.executeAsyncScript(READ_SHARE));
            String sent = String.valueOf(b.js("return JSON.stringify(window.__sent)"))
                    + (tab.equals(tabs.get(2)) ? sentBeforeReload : "");
            assertThat(share).matches("[0-9]+");
            byte[] raw = new java.math.BigInteger(share).toByteArray();
            byte[] bytes = new byte[32];
            System.arraycopy(raw, Math.max(0, raw.length - 32), bytes, Math.max(0, 32 - raw.length), Math.min(32, raw.length));
            assertThat(sent).as("requests of this member page").contains("/committee/deal")
                    .doesNotContain(share)
                    .doesNotContain(vn.phieukin.ballot.Base64Url.encode(bytes))
                    .doesNotContain(java.util.HexFormat.of().formatHex(bytes));
        }

        // the result and the sealed record v2
        JsonNode result = server.api.call("GET", "/api/v1/rounds/" + roundId + "/result", null, server.admin);
        JsonNode record = server.api.call("GET", "/api/v1/rounds/" + roundId + "/record", null, server.admin);
        assertThat(record.path("format").asText()).isEqualTo("phieukin-record/2");
        assertThat(record.path("committee").path("fingerprint").asText()).isEqualTo(view.path("fingerprint").asText());
        JsonNode tally = record.path("tally").path("positions");
        votes.forEach((position, byCadre) -> byCadre.forEach((cadre, n) ->
                assertThat(tally.path(position).path(cadre).asInt()).as(position + " " + cadre).isEqualTo(n)));
        assertThat(record.path("tally").path("ballots").path("cast").asInt()).isEqualTo(3);
        assertThat(result.toString()).contains(votes.values().iterator().next().keySet().iterator().next());
        SealPublicKey key = SealPublicKey.parse(server.dir.resolve("keys").resolve(SealKey.PUBLIC_FILE).toString());
        VerificationReport report = RecordVerifier.verify(record, key, null);
        assertThat(report.allPassed()).as(report.toString()).isTrue();

        // after the last round, a member destroys the share on its device ("Hủy khóa"), confirming first
        b.on(tabs.get(1));
        b.click("#destroy-key");
        b.waitText("#destroy-answer", "không giải mã được phiên nào nữa");
        b.click("#destroy-confirm");
        b.waitText("#key-destroyed", "Đã hủy khóa trên thiết bị này");
        assertThat(String.valueOf(b.driver.executeAsyncScript(READ_SHARE))).isEqualTo("null");
        b.shot("committee-2-key-destroyed");

        System.out.println("Committee of 3 (k = 2) in headless Chromium, one browser, " + Runtime.getRuntime().availableProcessors()
                + " cores; load average before: " + load + ", after: " + loadAverage()
                + "; test JVM (server + test) CPU " + (processCpuMillis() - cpu0) + " ms");
        timings.forEach((step, took) -> System.out.println("  " + step + ": " + took));
    }

    /**
     * The complaint path: a share that does not open (the server's answer altered on member 3's
     * device) makes that device complain; every device says the ceremony stopped; the Ban Tổ chức
     * names the committee again, the old pairings end (each device asks for a new code), and with
     * new codes the ceremony reaches its fingerprint.
     */
    @Test
    void aShareThatDoesNotOpenGivesAComplaintAndTheCommitteeStartsAgain() throws Exception {
        Chromium b = browser;
        String review = server.api.call("GET", "/api/v1/conferences/" + conference, null, server.admin).path("reviewId").asText();
        String other = server.api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", 4,
                "title", "Hội nghị có khiếu nại", "date", "2026-04-02", "rules", Map.of("encryption", "COMMITTEE")),
                server.admin).path("id").asText();
        List<String> tabs = new ArrayList<>();
        for (String code : committeeCodes(other)) {
            tabs.add(b.newTab(server.base + "/committee/#code=" + code));
            b.find("#join-ceremony");
        }
        b.on(tabs.get(2));
        b.js("const real = window.fetch;"
                + "window.fetch = async (url, options) => { const answer = await real(url, options);"
                + "  if (!window.__lieShare || !answer.ok || !String(url).endsWith('/committee')) return answer;"
                + "  const json = await answer.json();"
                + "  for (const s of json.shares || []) if (s.from === 1) {"
                + "    s.ciphertext = (s.ciphertext[0] === 'A' ? 'B' : 'A') + s.ciphertext.slice(1); }"
                + "  return new Response(JSON.stringify(json), { status: 200, headers: { 'Content-Type': 'application/json' } }); };"
                + "window.__lieShare = true;");
        for (String tab : tabs) {
            b.on(tab);
            b.click("#join-ceremony");
        }
        for (String tab : tabs) {
            b.on(tab);
            b.waitUntil(60, () -> !b.all("#ceremony-failed").isEmpty());
            assertThat(b.find("#ceremony-failed").getText())
                    .contains("Thành viên số 3 báo phần khóa của thành viên số 1 không đúng (không giải mã được phần khóa)");
        }
        b.shot("committee-complaint");
        JsonNode failed = server.api.call("GET", "/api/v1/conferences/" + other + "/committee", null, server.admin);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("complaint").path("against").asInt()).isEqualTo(1);

        // the Ban Tổ chức names the committee again: new codes, the old devices unpaired
        b.on(tabs.get(2));
        b.js("window.__lieShare = false;");
        List<String> codes = committeeCodes(other);
        for (int i = 0; i < 3; i++) {
            b.on(tabs.get(i));
            try {
                b.waitUntil(30, () -> b.bodyText().contains("Hãy ghép nối lại bằng mã mới"));
            } catch (RuntimeException e) {
                b.shot("committee-restart-" + (i + 1));
                throw new AssertionError("member " + (i + 1) + " shows: " + b.bodyText(), e);
            }
            b.type("#pairing-code", codes.get(i));
            b.click("#pair-submit");
            b.click("#join-ceremony");
        }
        for (String tab : tabs) {
            b.on(tab);
            b.waitUntil(60, () -> !b.all("#fingerprint").isEmpty());
        }
        assertThat(server.api.call("GET", "/api/v1/conferences/" + other + "/committee", null, server.admin)
                .path("status").asText()).isEqualTo("READY");
    }

    private List<String> committeeCodes(String conferenceId) {
        List<Map<String, Object>> members = new ArrayList<>();
        for (String name : MEMBERS) {
            members.add(Map.of("fullName", name));
        }
        List<String> codes = new ArrayList<>();
        server.api.call("POST", "/api/v1/conferences/" + conferenceId + "/committee", Map.of("members", members,
                "threshold", 2), server.admin).path("members").forEach(m -> codes.add(m.path("pairingCode").asText()));
        return codes;
    }

    /**
     * A benchmark, not a timed test (run it with {@code -Dphieukin.committee.ballots=250}): a round
     * of the review's 6 positions × 40 cadres (240 slots) with that many ballots, encrypted in
     * Java and cast through the server, then checked and decrypted by two member pages.
     */
    @Test
    void benchmarkTwoMemberPagesCheckAndDecryptALargeRound() throws Exception {
        int ballots = Integer.getInteger("phieukin.committee.ballots", 0);
        Assumptions.assumeTrue(ballots > 0, "benchmark: -Dphieukin.committee.ballots=N to run it");
        Chromium b = browser;
        String review = server.api.call("GET", "/api/v1/conferences/" + conference, null, server.admin).path("reviewId").asText();
        String large = server.api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", 4,
                "title", "Hội nghị thử tải", "date", "2026-04-01", "rules", Map.of("encryption", "COMMITTEE")),
                server.admin).path("id").asText();
        List<String> tabs = ceremony(large, "bench");
        // the printed sections of the review's step-4 ballot, every one open to the whole registry
        String scratch = server.api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", 4,
                "title", "Nháp", "date", "2026-04-01", "rules", Map.of("encryption", "NONE")), server.admin).path("id").asText();
        JsonNode draft = server.api.call("POST", "/api/v1/conferences/" + scratch + "/rounds", Map.of(), server.admin);
        List<String> registry = new ArrayList<>();
        server.api.call("GET", "/api/v1/reviews/" + review + "/cadres", null, server.admin)
                .forEach(c -> registry.add(c.path("id").asText()));
        List<Map<String, Object>> sections = new ArrayList<>();
        List<vn.phieukin.committee.BallotLayout.Section> layout = new ArrayList<>();
        for (JsonNode section : draft.path("sections")) {
            if (section.path("maxSelections").asInt() < 1) {
                continue;
            }
            List<String> printed = new ArrayList<>();
            section.path("candidates").forEach(c -> printed.add(c.asText()));
            sections.add(Map.of("positionId", section.path("positionId").asText(), "maxSelections",
                    section.path("maxSelections").asInt(), "candidates", printed, "allowNominations", true));
            java.util.TreeSet<String> all = new java.util.TreeSet<>(registry);
            all.addAll(printed);
            layout.add(new vn.phieukin.committee.BallotLayout.Section(section.path("positionId").asText(), List.copyOf(all),
                    section.path("maxSelections").asInt()));
        }
        var nomination = new vn.phieukin.committee.BallotLayout.Nomination(layout);
        int slots = layout.stream().mapToInt(s -> s.candidates().size()).sum();

        List<String> tablets = new ArrayList<>();
        for (int i = 0; i < ballots; i++) {
            String delegate = server.api.call("POST", "/api/v1/conferences/" + large + "/delegates",
                    Map.of("fullName", "Đại biểu thử tải " + (i + 1)), server.admin).path("id").asText();
            String secret = server.api.call("POST", "/api/v1/conferences/" + large + "/delegates/" + delegate + "/check-in",
                    Map.of(), server.admin).path("pairingSecret").asText();
            tablets.add(server.api.call("POST", "/api/v1/tablet/pair", Map.of("pairingSecret", secret), null)
                    .path("tabletToken").asText());
        }
        String roundId = server.api.call("POST", "/api/v1/conferences/" + large + "/rounds", Map.of("sections", sections,
                "reason", "Bỏ phiếu thử tải cho Ban kiểm phiếu"),
                server.admin).path("id").asText();
        JsonNode round = server.api.call("POST", "/api/v1/rounds/" + roundId + "/open", Map.of(), server.admin);
        var key = vn.phieukin.committee.JointKey.fromText(round.path("committee").path("jointKey").asText());
        var roundKey = vn.phieukin.ballot.RoundPublicKey.fromJwk(round.path("tokenKey"));
        var random = new java.security.SecureRandom();
        long cast = System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int i = 0; i < ballots; i++) {
            String tablet = tablets.get(i);
            int n = i;
            done.add(pool.submit(() -> {
                var holder = vn.phieukin.ballot.TokenHolder.prepare(roundId, roundKey, random);
                JsonNode issued = server.api.call("POST", "/api/v1/rounds/" + roundId + "/issue", holder.issueRequest(), tablet);
                holder.finalizeToken(vn.phieukin.ballot.Base64Url.decode(issued.path("blindSignature").asText()));
                Map<String, List<String>> picks = new TreeMap<>();
                for (var section : layout) {
                    picks.put(section.positionId(), List.of(section.candidates().get(n % section.candidates().size())));
                }
                var body = vn.phieukin.committee.EncryptedBallot.encryptNomination(nomination, roundId, holder.tokenKey(), key,
                        picks, vn.phieukin.committee.Randomness.from(random));
                @SuppressWarnings("unchecked")
                Map<String, Object> map = vn.phieukin.record.ProcedureJson.mapper().convertValue(body, Map.class);
                server.api.call("POST", "/api/v1/rounds/" + roundId + "/ballots", holder.castRequestWithBody(map), null);
                return null;
            }));
        }
        for (var f : done) {
            f.get();
        }
        pool.shutdown();
        timings.put("benchmark set-up: " + ballots + " ballots of " + slots + " slots encrypted in Java and cast", ms(cast));
        server.api.call("POST", "/api/v1/rounds/" + roundId + "/close", Map.of(), server.admin);

        String load = loadAverage();
        for (int i : new int[] {0, 2}) {
            b.on(tabs.get(i));
            b.waitUntil(30, () -> !b.all("button.decrypt").isEmpty());
            long t = System.nanoTime();
            b.clickText(".round", "Giải mã kết quả");
            if (i == 0) {
                b.waitUntil(600, () -> String.valueOf(b.js("const p = document.getElementById('decrypt-progress');"
                        + " return p ? p.textContent : '';")).matches("Đang kiểm tra phiếu [1-9][0-9]*/.*"));
                b.shot("committee-bench-checking");
            }
            b.waitUntil(3600, () -> !b.all("#decrypt-done[data-round='" + roundId + "']").isEmpty());
            long checkMs = Long.parseLong(String.valueOf(b.js("return document.getElementById('decrypt-done').dataset.checkMs")));
            timings.put("benchmark decryption, member " + (i + 1) + ", " + ballots + " ballots × " + slots + " slots", ms(t)
                    + " (press → share sent); checking " + checkMs + " ms = " + (checkMs / ballots) + " ms per ballot wall, "
                    + "workers " + b.js("return navigator.hardwareConcurrency") + "; load average before " + load
                    + ", after " + loadAverage());
        }
        JsonNode record = server.api.call("GET", "/api/v1/rounds/" + roundId + "/record", null, server.admin);
        assertThat(record.path("tally").path("ballots").path("cast").asInt()).isEqualTo(ballots);
        SealPublicKey seal = SealPublicKey.parse(server.dir.resolve("keys").resolve(SealKey.PUBLIC_FILE).toString());
        assertThat(RecordVerifier.verify(record, seal, null).allPassed()).isTrue();
        timings.forEach((step, took) -> System.out.println("  " + step + ": " + took));
    }

    /** A committee of 3 (k = 2) for {@code conferenceId}, paired in three new tabs, through the ceremony, confirmed. */
    private List<String> ceremony(String conferenceId, String label) {
        Chromium b = browser;
        List<Map<String, Object>> members = new ArrayList<>();
        for (String name : MEMBERS) {
            members.add(Map.of("fullName", name));
        }
        JsonNode created = server.api.call("POST", "/api/v1/conferences/" + conferenceId + "/committee",
                Map.of("members", members, "threshold", 2), server.admin);
        List<String> tabs = new ArrayList<>();
        created.path("members").forEach(m -> {
            tabs.add(b.newTab(server.base + "/committee/#code=" + m.path("pairingCode").asText()));
            b.click("#join-ceremony");
        });
        for (String tab : tabs) {
            b.on(tab);
            b.click("#confirm-fingerprint");
            b.waitText("main", "Chưa có phiên nào chờ giải mã");
        }
        return tabs;
    }

    private static String ms(long startNanos) {
        return ((System.nanoTime() - startNanos) / 1_000_000) + " ms";
    }

    private static String loadAverage() throws Exception {
        Path file = Path.of("/proc/loadavg");
        return Files.exists(file) ? Files.readString(file).strip() : "?";
    }

    private static long processCpuMillis() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() / 1_000_000 : -1;
    }

    /** The member record of this tab's IndexedDB, with its field names (values elided). */
    private static String stored(Chromium b) {
        return String.valueOf(b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "const slot = sessionStorage.getItem('phieukin.committee.slot');"
                + "const open = indexedDB.open('phieukin-committee-' + slot);"
                + "open.onsuccess = () => { const r = open.result.transaction('kv').objectStore('kv').get('member');"
                + "  r.onsuccess = () => done(Object.keys(r.result || {}).join(',')); r.onerror = () => done('error'); };"
                + "open.onerror = () => done('no database');"));
    }
}
