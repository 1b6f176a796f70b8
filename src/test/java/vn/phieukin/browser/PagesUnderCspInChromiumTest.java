package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 9 item 8 in a real browser: every page loads under the server's Content-Security-Policy
 * without a single violation (no inline script, style attribute or eval left), and the policy is
 * enforced (a style attribute set by a script is blocked, the CSSOM that ui.js uses is not).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesUnderCspInChromiumTest {
    ServerUnderTest srv;
    Chromium browser;

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        srv = new ServerUnderTest();
        browser = new Chromium();
        // recorded from the first byte of every document, outside the page's own policy
        browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.__csp = []; document.addEventListener('securitypolicyviolation',"
                        + " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (srv != null) {
            srv.close();
        }
    }

    @Test
    void everyPageRendersWithoutAViolationAndThePolicyIsEnforced() throws Exception {
        for (String page : List.of("/console/", "/tablet/", "/screen/?conference=hn-x", "/chair/", "/audit/", "/committee/")) {
            browser.driver.get(srv.base + page);
            for (int i = 0; i < 100; i++) {
                Object loading = browser.js("const a = document.getElementById('app');"
                        + " return !a || a.textContent.includes('Đang tải');");
                if (Boolean.FALSE.equals(loading)) {
                    break;
                }
                Thread.sleep(100);
            }
            Thread.sleep(500);
            assertThat(browser.js("return document.getElementById('app').textContent.includes('Đang tải')"))
                    .as(page + " rendered by its module").isEqualTo(false);
            assertThat((List<?>) browser.js("return window.__csp")).as(page + ": violations").isEmpty();
        }
        @SuppressWarnings("unchecked")
        List<Object> styles = (List<Object>) browser.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/js/ui.js').then(m => {"
                        + "  const viaUi = m.h('span', { style: 'width: 37%' }); document.body.append(viaUi);"
                        + "  const attr = document.createElement('span'); attr.setAttribute('style', 'width: 37%');"
                        + "  document.body.append(attr);"
                        + "  setTimeout(() => done([viaUi.style.width, attr.style.width, window.__csp.length]), 300);"
                        + "}, e => done(['import failed: ' + e]));");
        assertThat(styles.get(0)).as("ui.js sets styles through the CSSOM").isEqualTo("37%");
        assertThat(styles.get(1)).as("a style attribute is blocked by the policy").isEqualTo("");
        assertThat(((Number) styles.get(2)).intValue()).as("and reported").isPositive();
    }
}
