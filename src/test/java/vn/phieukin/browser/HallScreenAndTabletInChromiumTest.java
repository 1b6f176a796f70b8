package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.JavascriptExecutor;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.cli.DemoCommittee;
import vn.phieukin.cli.DemoReview;

/**
 * The hall screen as a projector shows it (1920×1080 and 1280×720, never scrolled, result
 * pages turning by themselves, type readable from the back) and the tablet's receipt: shown
 * once, then only "Đồng chí đã bỏ phiếu", nothing of it left in the DOM or in IndexedDB; the
 * round key's fingerprint the same on the tablet, on the hall screen and recomputed here; a
 * tablet whose token the server no longer accepts forgets the delegate. On the demo review
 * (steps 1–3 closed, step 4 run here). Screenshots under target/screenshots/hall-* and tablet-*.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HallScreenAndTabletInChromiumTest {

    static final int[][] SIZES = {{1920, 1080}, {1280, 720}};
    static final String MEMBER = "Hoàng Minh Chính";

    ServerUnderTest server;
    Chromium browser;
    final Map<Integer, String> conferences = new TreeMap<>();
    String step4;
    Thread committee;
    String roundId;
    String tablet;
    String receipt;
    String stepOne;

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        step4 = new DemoReview(server.api, server.admin, new PrintStream(log, true, StandardCharsets.UTF_8)).load();
        // step 4 is encrypted (protocol v2): the demo's simulated committee, which decrypts after every close
        committee = DemoCommittee.ready(server.api, server.admin, step4, new PrintStream(log, true, StandardCharsets.UTF_8))
                .watch(System.err);
        JsonNode conference = server.api.call("GET", "/api/v1/conferences/" + step4, null, server.admin);
        for (JsonNode c : server.api.call("GET", "/api/v1/reviews/" + conference.path("reviewId").asText(), null, server.admin)
                .path("conferences")) {
            conferences.put(c.path("step").asInt(), c.path("id").asText());
        }
        browser = new Chromium();
    }

    @AfterAll
    void stop() throws Exception {
        if (committee != null) {
            committee.interrupt();
        }
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theHallScreenFitsTheProjectorAtEveryStepWithTypeReadableFromTheBackOfTheHall() throws Exception {
        Chromium b = browser;
        assertThat(conferences).containsKeys(1, 2, 3, 4);
        boolean first = true;
        for (int[] size : SIZES) {
            for (var step : conferences.entrySet()) {
                b.viewport(size[0], size[1]);
                if (first) {
                    b.firstTab(server.base + "/screen/?conference=" + step.getValue());
                    first = false;
                } else {
                    b.driver.get(server.base + "/screen/?conference=" + step.getValue());
                }
                b.find("#conference-title");
                b.find("#round");
                if (step.getKey() < 4) {
                    // steps 1-3 are closed: the result (announced) or the notice (not announced)
                    b.waitUntil(20, () -> !b.all("#result .page, #not-announced").isEmpty());
                }
                String name = "hall-" + size[0] + "x" + size[1] + "-step" + step.getKey();
                b.shot(name);
                HallScreenFit.assertFits(b, name);
                if (size[0] == 1920) {
                    HallScreenFit.assertReadable(b, name);
                }
            }
        }
    }

    @Test
    @Order(2)
    void theTabletShowsTheReceiptOnceAndAfterXongOnlyThatTheDelegateVoted() throws Exception {
        Chromium b = browser;
        // the desk checks in the three members; one of them pairs this tablet
        List<String> codes = new ArrayList<>();
        String memberId = null;
        for (JsonNode d : server.api.call("GET", "/api/v1/conferences/" + step4 + "/delegates", null, server.admin)) {
            String code = server.api.call("POST", "/api/v1/conferences/" + step4 + "/delegates/" + d.path("id").asText()
                    + "/check-in", Map.of(), server.admin).path("pairingCode").asText();
            if (d.path("fullName").asText().equals(MEMBER)) {
                memberId = d.path("id").asText();
                codes.add(0, code);
            } else {
                codes.add(code);
            }
        }
        assertThat(memberId).isNotNull();
        b.viewport(1280, 800);
        tablet = b.newTab(server.base + "/tablet/");
        b.type("#pairing-code", codes.get(0));
        b.click("#pair-submit");
        b.waitText("#delegate-name", MEMBER);
        b.waitText("main", "Chưa có phiên bỏ phiếu");

        roundId = server.api.call("POST", "/api/v1/conferences/" + step4 + "/rounds", Map.of(), server.admin).path("id").asText();
        JsonNode opened = server.api.call("POST", "/api/v1/rounds/" + roundId + "/open", Map.of(), server.admin);
        String expected = fingerprint(opened.path("tokenKey"));
        assertThat(opened.path("tokenKeyFingerprint").asText()).as("the server's fingerprint in the round view agrees")
                .isEqualTo(expected.replace(" ", ""));

        // the ballot: named after its step, with the round key's fingerprint and the sticky bar
        b.waitText("main", "Giới thiệu không quá");
        assertThat(b.find("#ballot-title").getText()).isEqualTo("Phiếu giới thiệu nhân sự quy hoạch");
        assertThat(b.find("#key-fingerprint").getText()).as("the fingerprint of the key the tablet blinds with")
                .isEqualTo(expected);
        assertThat(b.find("#bar-count").getText()).matches("Đã chọn 0/\\d+");
        assertBarOnScreen(b, "at the top of the ballot");
        b.js("arguments[0].click()", b.all("section.section input[type=checkbox]").get(0));
        b.waitText("#bar-count", "Đã chọn 1/");
        b.js("window.scrollTo(0, document.documentElement.scrollHeight / 2)");
        assertBarOnScreen(b, "half-way down the ballot");
        b.shot("tablet-ballot-sticky-bar");
        b.click("#to-review");
        b.waitText("main", "Xác nhận phiếu");
        assertThat(b.find("#key-fingerprint").getText()).isEqualTo(expected);
        b.shot("tablet-review");
        b.click("#cast");

        // the receipt, once, large, without the delegate's name beside it
        b.waitText("main", "Ghi lại mã biên nhận nếu đồng chí muốn tự kiểm tra");
        receipt = b.find("#receipt").getText();
        assertThat(receipt).matches("[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}");
        assertThat(b.js("return document.getElementById('who').textContent").toString()).as("no name next to the receipt")
                .doesNotContain(MEMBER);
        assertThat(b.bodyText()).doesNotContain(MEMBER);
        b.shot("tablet-receipt-once");
        String before = stored(b);
        String hex = receipt.replace(" ", "");
        assertThat(before.substring(0, before.indexOf(" kv:"))).as("before \"Xong\" the vault keeps the receipt (a reload shows it again)")
                .contains(hex);
        assertThat(before.substring(before.indexOf(" kv:"))).as("the pairing's database never holds the receipt")
                .contains(MEMBER).doesNotContain(hex);
        b.driver.navigate().refresh();
        b.waitText("main", "Ghi lại mã biên nhận");
        assertThat(b.find("#receipt").getText()).isEqualTo(receipt);

        b.click("#receipt-done");
        b.waitText("main", "Đồng chí đã bỏ phiếu");
        assertThat(b.find("#delegate-name").getText()).isEqualTo(MEMBER);
        assertNoReceipt(b, "after \"Xong\"");
        b.shot("tablet-voted");
        b.driver.navigate().refresh();
        b.waitText("main", "Đồng chí đã bỏ phiếu");
        assertNoReceipt(b, "after \"Xong\" and a reload");

        // the hall screen shows the same fingerprint while the round is open, and still fits
        b.viewport(1920, 1080);
        String screen = b.newTab(server.base + "/screen/?conference=" + step4);
        b.waitText("#counts", "1 phiếu đã bỏ / 1 phiếu đã phát");
        assertThat(b.find("#key-fingerprint").getText()).as("the hall screen's fingerprint").isEqualTo(expected);
        b.shot("hall-1920x1080-step4-open");
        HallScreenFit.assertFits(b, "step-4 round open");
        HallScreenFit.assertReadable(b, "step-4 round open");
        b.viewport(1280, 720);
        b.on(screen);
        b.shot("hall-1280x720-step4-open");
        HallScreenFit.assertFits(b, "step-4 round open at 1280×720");
    }

    @Test
    @Order(3)
    void aLongResultPagesByItselfAndTheVaultForgetsTheClosedRound() throws Exception {
        Chromium b = browser;
        server.api.call("POST", "/api/v1/rounds/" + roundId + "/close", Map.of(), server.admin);
        for (int[] size : SIZES) {
            b.viewport(size[0], size[1]);
            b.driver.get(server.base + "/screen/?conference=" + step4);
            String name = "hall-" + size[0] + "x" + size[1] + "-step4-result";
            b.waitText("#page-no", "Trang 1/");
            b.shot(name + "-page1");
            HallScreenFit.assertFits(b, name + " page 1");
            if (size[0] == 1920) {
                HallScreenFit.assertReadable(b, name);
            }
            long started = System.nanoTime();
            b.waitUntil(25, () -> b.find("#page-no").getText().startsWith("Trang 2/"));
            double seconds = (System.nanoTime() - started) / 1e9;
            assertThat(seconds).as("the page turns after about 12 s, not at once").isGreaterThan(5);
            b.shot(name + "-page2");
            HallScreenFit.assertFits(b, name + " page 2");
            assertThat(b.js("return [...document.querySelectorAll('#pages .page')].filter(p => !p.hidden).length"))
                    .as("one page at a time").isEqualTo(1L);
        }

        b.viewport(1280, 800);
        b.on(tablet);
        b.waitText("main", "Chưa có phiên bỏ phiếu");
        assertThat(stored(b)).as("once the round is closed the vault holds nothing").startsWith("vault:[]");
        assertNoReceipt(b, "after the round closed");
    }

    @Test
    @Order(4)
    void aTabletWhoseTokenTheServerRefusesForgetsTheDelegate() throws Exception {
        Chromium b = browser;
        b.on(tablet);
        assertThat(stored(b)).contains("pairing");
        // the delegate's tablet is replaced: pairing again revokes this tablet's token (401)
        String memberId = null;
        for (JsonNode d : server.api.call("GET", "/api/v1/conferences/" + step4 + "/delegates", null, server.admin)) {
            if (d.path("fullName").asText().equals(MEMBER)) {
                memberId = d.path("id").asText();
            }
        }
        String code = server.api.call("POST", "/api/v1/conferences/" + step4 + "/delegates/" + memberId + "/check-in",
                Map.of(), server.admin).path("pairingCode").asText();
        server.api.call("POST", "/api/v1/tablet/pair", Map.of("pairingCode", code), null);
        b.waitUntil(40, () -> !b.all("#pairing-code").isEmpty());
        assertThat(b.bodyText()).contains("không còn được ghép nối").doesNotContain(MEMBER);
        assertThat(stored(b)).as("nothing of the delegate is left").isEqualTo("vault:[] kv:{}");
        b.shot("tablet-unpaired");
    }

    @Test
    @Order(5)
    void aStepOneBallotIsNamedAndWordedAsARemovalVote() throws Exception {
        Chromium b = browser;
        String review = server.api.call("GET", "/api/v1/conferences/" + step4, null, server.admin).path("reviewId").asText();
        String conference = server.api.call("POST", "/api/v1/reviews/" + review + "/conferences",
                Map.of("step", 1, "title", "Hội nghị Ban Thường vụ Tỉnh ủy (rà soát bổ sung)", "date", "2026-04-07",
                        "rules", Map.of("encryption", "NONE")), server.admin)
                .path("id").asText();
        server.api.csv("/api/v1/conferences/" + conference + "/delegates/import",
                "fullName,title,chair\nHoàng Minh Chính,Bí thư Tỉnh ủy,true\nNguyễn Văn Thắng,Phó Bí thư Thường trực Tỉnh ủy,false\n",
                server.admin);
        String code = null;
        for (JsonNode d : server.api.call("GET", "/api/v1/conferences/" + conference + "/delegates", null, server.admin)) {
            String c = server.api.call("POST", "/api/v1/conferences/" + conference + "/delegates/" + d.path("id").asText()
                    + "/check-in", Map.of(), server.admin).path("pairingCode").asText();
            if (code == null) {
                code = c;
            }
        }
        // a second step-1 round of the review: a repeat needs its written reason (issue 9 item 7)
        String round = server.api.call("POST", "/api/v1/conferences/" + conference + "/rounds",
                Map.of("reason", "Bỏ phiếu lại để kiểm tra phiếu rà soát trên máy tính bảng"), server.admin).path("id").asText();
        server.api.call("POST", "/api/v1/rounds/" + round + "/open", Map.of(), server.admin);

        b.viewport(1280, 800);
        b.on(tablet);
        b.type("#pairing-code", code);
        b.click("#pair-submit");
        b.waitText("#ballot-title", "Phiếu rà soát, đưa ra khỏi quy hoạch");
        assertThat(b.bodyText()).contains("Đồng ý đưa ra khỏi quy hoạch", "Không đồng ý")
                .doesNotContain("Phiếu bầu").doesNotContain("không giới thiệu");
        assertThat(b.find("#bar-count").getText()).matches("Đã chọn 0/\\d+ cán bộ");
        b.js("document.querySelector('section.section .vote-agree input').click()");
        b.waitText("#bar-count", "Đã chọn 1/");
        b.shot("tablet-step1-ballot");
        b.click("#to-review");
        b.waitText("main", "Xác nhận phiếu");
        assertThat(b.find(".review-list").getText()).as("the review names what \"Đồng ý\" agrees to")
                .contains("Đồng ý đưa ra khỏi quy hoạch");
        assertThat(b.find(".ballot-name").getText()).isEqualTo("Phiếu rà soát, đưa ra khỏi quy hoạch");
        b.shot("tablet-step1-review");
        assertThat(b.bodyText()).as("no internal id on the tablet").doesNotContainPattern("\\((c|p|l|d|r)\\d+\\)");
        stepOne = conference;
    }

    @Test
    @Order(6)
    void aDelegateCheckedOutLeavesNothingOnTheTablet() throws Exception {
        Chromium b = browser;
        b.on(tablet);
        assertThat(stored(b)).contains("pairing").contains(MEMBER);
        for (JsonNode d : server.api.call("GET", "/api/v1/conferences/" + stepOne + "/delegates", null, server.admin)) {
            if (d.path("fullName").asText().equals(MEMBER)) {
                server.api.call("POST", "/api/v1/conferences/" + stepOne + "/delegates/" + d.path("id").asText() + "/check-out",
                        Map.of(), server.admin);
            }
        }
        // the tablet's token stopped working at check-out: the next poll gets 401 and forgets everything
        b.waitUntil(45, () -> !b.all("#pairing-code").isEmpty());
        assertThat(b.bodyText()).doesNotContain(MEMBER);
        assertThat(stored(b)).as("pairing, draft and token secrets are gone").isEqualTo("vault:[] kv:{}");
        b.shot("tablet-checked-out");
    }

    // ---------------------------------------------------------------- helpers

    /** First 16 hex of SHA-256 of JCS(jwk), grouped by four. */
    private static String fingerprint(JsonNode jwk) throws Exception {
        assertThat(jwk.isObject()).as("the opened round carries its key").isTrue();
        String hex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(jwk)))
                .substring(0, 16);
        return String.join(" ", hex.substring(0, 4), hex.substring(4, 8), hex.substring(8, 12), hex.substring(12, 16));
    }

    private static void assertBarOnScreen(Chromium b, String where) {
        Object inside = b.js("const r = document.querySelector('#ballot-bar').getBoundingClientRect();"
                + "const n = document.querySelector('#to-review').getBoundingClientRect();"
                + "return r.top >= 0 && r.bottom <= innerHeight + 0.5 && n.bottom <= innerHeight + 0.5 && n.top >= 0;");
        assertThat(inside).as("the bar with the next button is on screen %s", where).isEqualTo(true);
    }

    /** Neither the page nor any IndexedDB database of the tablet holds the receipt (any 12-hex piece of it). */
    private void assertNoReceipt(Chromium b, String when) {
        String hex = receipt.replace(" ", "");
        assertThat(b.driver.getPageSource()).as("%s: the receipt is not in the DOM", when).doesNotContain(receipt).doesNotContain(hex);
        assertThat(stored(b)).as("%s: the receipt is not in IndexedDB", when).doesNotContain(hex);
    }

    /**
     * This tab's two databases as text: "vault:[records…] kv:{key: value…}", binary values as
     * hex, so that a receipt stored in any form (full or short) shows up.
     */
    private static String stored(Chromium b) {
        return (String) ((JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "const slot = sessionStorage.getItem('phieukin.tablet.slot');"
                + "const text = (v) => JSON.stringify(v, (k, x) => x instanceof Uint8Array ? [...x].map(y => y.toString(16).padStart(2, '0')).join('')"
                + "  : (typeof x === 'bigint' ? String(x) : (x && x.constructor && x.constructor.name === 'CryptoKey' ? 'CryptoKey' : x)));"
                + "const all = (name, store) => new Promise((ok, fail) => { const open = indexedDB.open(name);"
                + "  open.onupgradeneeded = () => open.result.createObjectStore(store);"
                + "  open.onsuccess = () => { const db = open.result; const tx = db.transaction(store);"
                + "    const keys = tx.objectStore(store).getAllKeys(); const values = tx.objectStore(store).getAll();"
                + "    tx.oncomplete = () => { ok({ keys: keys.result, values: values.result }); db.close(); }; };"
                + "  open.onerror = () => fail(open.error); });"
                + "Promise.all([all('phieukin-vault-' + slot, 'rounds'), all('phieukin-tablet-' + slot, 'kv')]).then(([vault, kv]) => {"
                + "  const pairs = {}; kv.keys.forEach((k, i) => { pairs[k] = kv.values[i]; });"
                + "  done('vault:' + text(vault.values) + ' kv:' + text(pairs)); }, e => done('error ' + e));");
    }
}
