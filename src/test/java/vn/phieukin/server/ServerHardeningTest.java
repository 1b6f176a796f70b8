package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 items 5 and 8 over the real server: security headers on every page, no inline script,
 * web/test not served, AEAD-only TLS, and tablet answers that close their connection.
 */
@ExtendWith(VertxExtension.class)
class ServerHardeningTest {
    static final List<String> PAGES = List.of("/console/", "/tablet/", "/screen/", "/chair/", "/audit/");
    @TempDir
    Path dir;
    TestServer srv;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    private RawHttps raw() throws Exception {
        return RawHttps.open(dir.resolve("keys/ca.pem"), srv.server.port(), "127.0.0.1");
    }

    @Test
    void everyPageCarriesTheContentSecurityPolicyHstsAndNoSniff() throws Exception {
        List<String> paths = new java.util.ArrayList<>(PAGES);
        paths.addAll(List.of("/js/tablet.js", "/css/common.css", "/api/v1/seal-key", "/api/v1/nothing-here"));
        for (String path : paths) {
            TestServer.Answer answer = srv.get(path, null);
            String csp = answer.headers().get("Content-Security-Policy");
            assertThat(csp).as(path).isNotNull();
            List<String> directives = List.of(csp.split("\\s*;\\s*"));
            assertThat(directives).as(path).contains("script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
                    "default-src 'self'", "style-src 'self'");
            assertThat(csp).as("no inline or eval anywhere").doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(answer.headers().get("Strict-Transport-Security")).as(path).isEqualTo("max-age=31536000");
            assertThat(answer.headers().get("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
        }
    }

    @Test
    void thePagesHaveNoInlineScriptStyleOrHandler() throws Exception {
        Pattern script = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
        for (String page : PAGES) {
            String html = srv.get(page, null).text();
            Matcher m = script.matcher(html);
            int scripts = 0;
            while (m.find()) {
                scripts++;
                assertThat(m.group(1)).as(page + ": a script from a file").contains("src=");
                assertThat(m.group(2).trim()).as(page + ": no inline code").isEmpty();
            }
            assertThat(scripts).as(page).isPositive();
            assertThat(html).as(page).doesNotContainPattern("(?i)\\son[a-z]+\\s*=")
                    .doesNotContainPattern("(?i)<style|\\sstyle\\s*=").doesNotContain("javascript:");
        }
        // the modules only set styles through the CSSOM (a style attribute would be blocked)
        try (var files = Files.list(Path.of("web/js"))) {
            for (Path js : files.filter(f -> f.toString().endsWith(".js")).toList()) {
                assertThat(Files.readString(js)).as(js.toString())
                        .doesNotContain("setAttribute('style'", "innerHTML", "insertAdjacentHTML", "eval(",
                                "new Function(");
            }
        }
    }

    @Test
    void theJavaScriptTestsAreNotServed() throws Exception {
        assertThat(Files.exists(Path.of("web/test/jcs.test.mjs"))).isTrue();
        for (String path : List.of("/test/jcs.test.mjs", "/test/", "/test", "/%74est/jcs.test.mjs",
                "/js/../test/jcs.test.mjs", "/test/fixtures/", "/TEST/jcs.test.mjs")) {
            assertThat(srv.get(path, null).status()).as(path).isEqualTo(404);
        }
        assertThat(srv.get("/js/api.js", null).status()).isEqualTo(200);
        assertThat(srv.get("/vendor/qrcode-generator/qrcode.mjs", null).status()).isEqualTo(200);
    }

    @Test
    void aClientOfferingOnlyCbcOrSha1SuitesFailsTheHandshake() throws Exception {
        for (String suite : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
                "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384")) {
            assertThatThrownBy(() -> RawHttps.open(dir.resolve("keys/ca.pem"), srv.server.port(), "127.0.0.1",
                    new String[] {suite}, new String[] {"TLSv1.2"}).close()).as(suite).isInstanceOf(SSLException.class);
        }
        // the same client with an AEAD suite is served, on TLS 1.2 and on TLS 1.3
        try (RawHttps gcm = RawHttps.open(dir.resolve("keys/ca.pem"), srv.server.port(), "127.0.0.1",
                new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"}, new String[] {"TLSv1.2"})) {
            assertThat(gcm.request("GET", "/api/v1/seal-key", null).status()).isEqualTo(200);
        }
        try (RawHttps any = raw()) {
            assertThat(any.socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(PhieukinServer.TLS_CIPHER_SUITES).contains(any.socket.getSession().getCipherSuite());
        }
        assertThat(PhieukinServer.TLS_CIPHER_SUITES).allMatch(s -> s.contains("GCM") || s.contains("CHACHA20"))
                .noneMatch(s -> s.contains("CBC") || s.endsWith("_SHA"));
    }

    @Test
    void noTlsSessionIsResumedSoTheCastsConnectionIsNotLinkedToAnEarlierOne() throws Exception {
        javax.net.ssl.SSLSession first;
        try (RawHttps one = RawHttps.open(dir.resolve("keys/ca.pem"), srv.server.port(), "127.0.0.1", null,
                new String[] {"TLSv1.2"})) {
            assertThat(one.request("GET", "/api/v1/seal-key", null).status()).isEqualTo(200);
            first = one.socket.getSession();
        }
        // the same client (same SSLContext, so it offers the cached session) gets a new session; the
        // OpenSSL engine hands out no session id at all (nothing to offer), JSSE one it will not resume
        // (TlsEngineTest tries both engines, and TLS 1.3)
        try (RawHttps two = RawHttps.open(dir.resolve("keys/ca.pem"), srv.server.port(), "127.0.0.1", null,
                new String[] {"TLSv1.2"})) {
            assertThat(two.request("GET", "/api/v1/seal-key", null).status()).isEqualTo(200);
            assertThat(two.socket.getSession()).isNotSameAs(first);
            if (srv.server.tlsEngine() == TlsEngine.JDK) {
                assertThat(first.getId()).isNotEmpty();
            }
            if (first.getId().length > 0) {
                assertThat(two.socket.getSession().getId()).isNotEqualTo(first.getId());
            }
        }
    }

    @Test
    void theTabletsAuthenticatedAnswersCloseTheirConnectionWhileStaffAndAnonymousOnesStayOpen() throws Exception {
        String admin = srv.adminToken();
        String review = srv.ok("/api/v1/reviews", new JsonObject().put("name", "Rà soát").put("referenceDate", "2026-06-01"),
                admin).getString("id");
        String conference = srv.ok("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 1)
                .put("title", "Hội nghị BTV").put("date", "2026-06-10"), admin).getString("id");
        String delegate = srv.ok("/api/v1/conferences/" + conference + "/delegates",
                new JsonObject().put("fullName", "Nguyễn Văn An"), admin).getString("id");
        String code = srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in",
                new JsonObject(), admin).getString("pairingCode");

        String tablet;
        try (RawHttps pairing = raw()) {
            String body = new JsonObject().put("pairingCode", code).encode();
            pairing.write("POST /api/v1/tablet/pair HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            RawHttps.Response paired = pairing.read();
            assertThat(paired.status()).isEqualTo(200);
            assertThat(paired.header("Connection")).as("the pairing answer").isEqualToIgnoringCase("close");
            assertThat(pairing.closedWithin(5000)).isTrue();
            tablet = new JsonObject(paired.body()).getString("tabletToken");
        }
        for (String[] call : List.of(new String[] {"GET", "/api/v1/tablet/state"},
                new String[] {"GET", "/api/v1/tablet/cadres"},
                new String[] {"POST", "/api/v1/rounds/no-such-round/issue"},
                new String[] {"GET", "/api/v1/conferences/" + conference})) {
            try (RawHttps connection = raw()) {
                RawHttps.Response answer = connection.request(call[0], call[1], tablet);
                assertThat(answer.header("Connection")).as(call[1] + " " + answer.status()).isEqualToIgnoringCase("close");
                assertThat(connection.closedWithin(5000)).as(call[1]).isTrue();
            }
        }
        try (RawHttps staff = raw()) {
            assertThat(staff.request("GET", "/api/v1/reviews", admin).status()).isEqualTo(200);
            assertThat(staff.request("GET", "/api/v1/conferences/" + conference, admin).status())
                    .as("a staff connection is kept alive").isEqualTo(200);
        }
        try (RawHttps anonymous = raw()) {
            assertThat(anonymous.request("GET", "/api/v1/seal-key", null).header("Connection")).isNull();
            assertThat(anonymous.request("GET", "/tablet/", null).status()).isEqualTo(200);
        }
    }
}
