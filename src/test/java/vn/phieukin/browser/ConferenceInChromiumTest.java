package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WebElement;
import vn.phieukin.cli.DemoCommittee;
import vn.phieukin.cli.DemoReview;

/**
 * The pages in real Chromium against the real server, on the demo's sample review (steps 1–3
 * voted through the API): the secretariat checks in the three members of the step-4 conference,
 * three tablet tabs pair, the round opens, each tablet votes, the round closes, the hall screen
 * shows the result and the Bí thư breaks the tie; the step-2 hall screen keeps its result secret.
 * Screenshots of every page go to target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConferenceInChromiumTest {

    static final String NOT_ANNOUNCED = "Kết quả kiểm phiếu không công bố tại hội nghị";
    static final String[] MEMBERS = {"Hoàng Minh Chính", "Nguyễn Văn Thắng", "Lê Thị Hải Yến"};
    static final String DEPUTY = "Phó Bí thư Thường trực Tỉnh ủy";
    static final String SECRETARY = "Bí thư Tỉnh ủy";

    ServerUnderTest server;
    Chromium browser;
    String step4;
    Thread committee;
    String step2;

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
            if (c.path("step").asInt() == 2) {
                step2 = c.path("id").asText();
            }
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
    void aStepFourVoteRunsFromTheCheckInDeskToTheChairsDecisionOnTheHallScreen() throws Exception {
        Chromium b = browser;
        // the secretariat logs in and checks the three members in at the desk
        String console = b.firstTab(server.base + "/console/");
        b.shot("01-console-login");
        login(b, "thuky", "thuky-demo-2026");
        b.waitText("main", "Đợt rà soát");
        b.shot("02-console-reviews");
        b.driver.get(server.base + "/console/#/conference/" + step4 + "/desk");
        b.waitText("#desk-list", MEMBERS[0]);
        List<String> codes = new ArrayList<>();
        for (String member : MEMBERS) {
            b.type("#desk-search", member);
            b.waitText("#desk-list", member);
            b.clickText("#desk-list", "Điểm danh");
            b.waitText("#pairing-name", member);
            String code = b.find("#pairing-code").getText();
            assertThat(code).as("the pairing code shown large at the desk").matches("\\d{4} \\d{4}");
            assertThat(b.find("#pairing-panel img.qr").getAttribute("alt")).contains(member);
            codes.add(code.replace(" ", ""));
        }
        b.waitText("#attendance", "3 có mặt");
        b.shot("03-console-desk-pairing-code");

        // three tablets pair by typing their codes
        List<String> tablets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String tab = b.newTab(server.base + "/tablet/");
            if (i == 0) {
                b.shot("04-tablet-pairing");
            }
            b.type("#pairing-code", codes.get(i));
            b.click("#pair-submit");
            b.waitText("#delegate-name", MEMBERS[i]);
            b.waitText("main", "Chưa có phiên bỏ phiếu");
            tablets.add(tab);
        }
        b.shot("05-tablet-waiting");

        // the hall screen before the round
        String screen = b.newTab(server.base + "/screen/?conference=" + step4);
        b.waitText("#quorum", "Đủ số lượng");
        b.shot("06-screen-attendance");

        // the secretariat creates the round (printed candidates and surplus warnings) and opens it
        b.on(console);
        b.driver.get(server.base + "/console/#/conference/" + step4 + "/rounds");
        b.click("#create-round");
        b.waitText("#printed", "Sầm Văn Lợi");
        assertThat(b.find("#warnings").getText()).as("sections printing no more names than open slots are flagged")
                .contains("số dư");
        b.fullShot("07-console-round-draft");
        b.click("#open-round");
        b.waitText("#status-text", "Đang bỏ phiếu");
        b.waitText("#live-counts", "Đã phát 3 phiếu");
        b.shot("08-console-round-open");

        // each tablet got its token by itself; each member votes
        String[][] deputies = {{"Sầm Văn Lợi", "Lục Thị Hà"}, {"Sầm Văn Lợi", "Nguyễn Hữu Phước"}, {"Lục Thị Hà", "Nguyễn Hữu Phước"}};
        for (int i = 0; i < 3; i++) {
            b.on(tablets.get(i));
            b.waitText("main", "Giới thiệu không quá 2 người");
            if (i == 0) {
                b.fullShot("09-tablet-ballot");
            }
            pick(b, SECRETARY, "Phạm Minh Đức");
            pick(b, DEPUTY, deputies[i][0]);
            pick(b, DEPUTY, deputies[i][1]);
            assertThat(checkbox(b, DEPUTY, otherDeputy(deputies[i])).isEnabled())
                    .as("a third choice for a position allowing two is refused on the tablet").isFalse();
            if (i == 0) {
                b.shot("10-tablet-ballot-full-section");
                // a reload (or a tablet that restarts) comes back to the same ballot with the same choices
                b.driver.navigate().refresh();
                b.waitText("main", "Giới thiệu không quá 2 người");
                assertThat(checkbox(b, DEPUTY, deputies[i][0]).isSelected()).isTrue();
                assertThat(checkbox(b, DEPUTY, deputies[i][1]).isSelected()).isTrue();
                assertThat(checkbox(b, SECRETARY, "Phạm Minh Đức").isSelected()).isTrue();
            }
            b.click("#to-review");
            b.waitText("main", "Xác nhận phiếu");
            assertThat(b.find(".review-list").getText()).contains(deputies[i][0], deputies[i][1], "Phạm Minh Đức");
            if (i == 0) {
                b.shot("11-tablet-review");
            }
            if (i == 1) {
                // the Wi-Fi drops as the ballot is sent: the tablet keeps the request and sends it again by itself
                b.offline(true);
                b.click("#cast");
                b.waitText("main", "Chưa gửi được phiếu");
                b.shot("12b-tablet-offline-while-casting");
                b.offline(false);
            } else {
                b.click("#cast");
            }
            String receipt = b.waitText("main", "Đã bỏ phiếu").findElement(org.openqa.selenium.By.id("receipt")).getText();
            assertThat(receipt).as("the receipt: 12 hex characters in groups of four").matches("[0-9a-f]{4} [0-9a-f]{4} [0-9a-f]{4}");
            if (i == 0) {
                b.shot("12-tablet-receipt");
            }
            assertThat(storedAfterCast(b)).as("after casting, the tablet keeps the receipt only: no keys, token or choices")
                    .isEqualTo("roundId,state,receipt|cast|drafts:0");
            b.click("#receipt-done");
            b.waitText("main", "Đồng chí đã bỏ phiếu");
            assertThat(storedAfterCast(b)).as("after \"Xong\" the receipt is gone too").isEqualTo("roundId,state|done|drafts:0");
        }

        b.on(screen);
        b.waitText("#counts", "3 phiếu đã bỏ / 3 phiếu đã phát");
        b.shot("13-screen-round-open");

        // the secretariat closes the round
        b.on(console);
        b.waitText("#live-counts", "đã bỏ 3 phiếu");
        b.click("#close-round");
        b.click("#close-round");
        b.waitText("#status-text", "Đã kết thúc");
        b.waitText("#round-result", "Phạm Minh Đức");
        b.fullShot("14-console-round-result");

        // the hall screen shows the announced result, the tie waiting for the Bí thư
        // (the result pages turn by themselves: textContent holds every page, the text only the one shown)
        b.on(screen);
        b.waitContent("#result", "chờ Bí thư Tỉnh ủy quyết định");
        assertThat(b.js("return document.querySelector('#result').textContent").toString())
                .contains("Phạm Minh Đức", "Sầm Văn Lợi", "Lục Thị Hà", "Nguyễn Hữu Phước");
        b.fullShot("15-screen-result-tie");

        // the Bí thư chooses two of the three tied candidates
        String chair = b.newTab(server.base + "/chair/");
        login(b, "bithu", "bithu-demo-2026");
        b.waitText("main", "Đồng chí chọn đúng 2 trong 3 cán bộ bằng phiếu");
        b.shot("16-chair-pending");
        for (String chosen : new String[] {"Sầm Văn Lợi", "Nguyễn Hữu Phước"}) {
            b.js("[...document.querySelectorAll('.decision label.choice')].find(l => l.querySelector('.cadre-name').textContent.trim() === arguments[0]).click()", chosen);
        }
        b.clickText(".decision", "Quyết định");
        b.waitText(".decision", "Đồng chí chọn: Sầm Văn Lợi, Nguyễn Hữu Phước");
        b.shot("17-chair-confirm");
        b.clickText(".decision", "Xác nhận quyết định");
        b.waitText("main", "Đã ghi quyết định");
        assertThat(b.find("#no-pending").getText()).contains("Không có trường hợp bằng phiếu nào chờ quyết định");
        b.shot("18-chair-done");

        // the hall screen now shows the final list
        b.on(screen);
        b.driver.navigate().refresh();
        b.waitContent("#result", "Sầm Văn Lợi");
        assertThat(b.js("return document.body.textContent").toString()).doesNotContain("chờ Bí thư Tỉnh ủy quyết định");
        assertThat(rowOf(b, "Sầm Văn Lợi")).contains("Được giới thiệu");
        assertThat(rowOf(b, "Nguyễn Hữu Phước")).contains("Được giới thiệu");
        assertThat(rowOf(b, "Lục Thị Hà")).doesNotContain("Được giới thiệu");
        b.fullShot("19-screen-final");
        java.util.regex.Matcher sealed = java.util.regex.Pattern.compile("[0-9a-f]{64}").matcher(b.find("#seal").getText());
        assertThat(sealed.find()).as("the hall screen shows the sealed record's hash").isTrue();
        String recordHash = sealed.group();

        // the minutes and the auditor's page
        b.on(console);
        b.clickText("main", "Biên bản kiểm phiếu");
        b.waitText("#minutes", "BIÊN BẢN KIỂM PHIẾU");
        assertThat(b.find("#seal-key-id").getText()).matches("[0-9a-f]{16}");
        assertThat(b.find("#record-fingerprint").getText())
                .as("the minutes print the same record hash as the hall screen, recomputed in the browser").isEqualTo(recordHash);
        b.fullShot("20-console-minutes");
        b.on(chair);
        b.driver.get(server.base + "/audit/");
        login(b, "ubkt", "ubkt-demo-2026");
        b.waitText("main", "java -jar phieukin.jar verify");
        // the chair's decision superseded the step-4 record: both versions offered, with verify --previous
        b.waitText("main", "--previous");
        assertThat(b.all(".record-version")).hasSizeGreaterThanOrEqualTo(2);
        b.fullShot("21-audit");
    }

    @Test
    @Order(2)
    void theHallScreenOfAStepTwoConferenceDoesNotShowTheResult() throws Exception {
        Chromium b = browser;
        b.newTab(server.base + "/screen/?conference=" + step2);
        WebElement notice = b.waitText("#not-announced", NOT_ANNOUNCED);
        assertThat(notice.getText().strip()).isEqualTo(NOT_ANNOUNCED);
        assertThat(b.all("#result")).as("no result table on the step-2 hall screen").isEmpty();
        assertThat(b.bodyText()).as("no candidate's name on the step-2 hall screen")
                .doesNotContain("Quàng Thị Xuân").doesNotContain("Sầm Văn Lợi");
        b.shot("22-screen-step2-not-announced");
    }

    private static void login(Chromium b, String user, String password) {
        b.type("#login-user", user);
        b.type("#login-pass", password);
        b.click("#login-submit");
    }

    private static WebElement checkbox(Chromium b, String position, String cadre) {
        return (WebElement) b.js("const s = [...document.querySelectorAll('section.section')].find(x => x.querySelector('h2').textContent.trim() === arguments[0]);"
                + "return [...s.querySelectorAll('label.choice')].find(l => l.querySelector('.cadre-name').textContent.trim() === arguments[1]).querySelector('input');",
                position, cadre);
    }

    private static void pick(Chromium b, String position, String cadre) {
        WebElement box = checkbox(b, position, cadre);
        b.js("arguments[0].closest('label').scrollIntoView({block: 'center'})", box);
        box.click();
        assertThat(box.isSelected()).as("%s ticked for %s", cadre, position).isTrue();
    }

    private static String otherDeputy(String[] picked) {
        for (String name : new String[] {"Sầm Văn Lợi", "Lục Thị Hà", "Nguyễn Hữu Phước"}) {
            if (!List.of(picked).contains(name)) {
                return name;
            }
        }
        throw new IllegalStateException();
    }

    /** What this tab's IndexedDB still holds: the vault's record fields, its state, and ballot drafts left. */
    private static String storedAfterCast(Chromium b) {
        return (String) ((org.openqa.selenium.JavascriptExecutor) b.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "const slot = sessionStorage.getItem('phieukin.tablet.slot');"
                + "const all = (name, store) => new Promise((ok, fail) => { const open = indexedDB.open(name);"
                + "  open.onsuccess = () => { const db = open.result; const tx = db.transaction(store);"
                + "    const keys = tx.objectStore(store).getAllKeys(); const values = tx.objectStore(store).getAll();"
                + "    tx.oncomplete = () => { ok({ keys: keys.result, values: values.result }); db.close(); }; };"
                + "  open.onerror = () => fail(open.error); });"
                + "Promise.all([all('phieukin-vault-' + slot, 'rounds'), all('phieukin-tablet-' + slot, 'kv')]).then(([vault, kv]) => {"
                + "  const record = vault.values[0];"
                + "  const drafts = kv.keys.filter(k => String(k).startsWith('draft:')).length;"
                + "  done(Object.keys(record).join(',') + '|' + record.state + '|drafts:' + drafts); }, e => done('error ' + e));");
    }

    private static String rowOf(Chromium b, String name) {
        return (String) b.js("return [...document.querySelectorAll('#result table')].filter(t => t.closest('#result'))"
                + ".flatMap(t => [...t.querySelectorAll('tr')]).filter(r => r.textContent.includes(arguments[0]))"
                + ".map(r => r.textContent).join(' | ')", name);
    }
}
