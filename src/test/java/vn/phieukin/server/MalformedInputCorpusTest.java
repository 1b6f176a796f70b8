package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.server.RoundsFixture.Delegate;

/**
 * A corpus of malformed requests, generated from the server's own route table, against the real
 * server over TLS: every endpoint, with broken JSON, comments, UTF-16 and invalid UTF-8, numbers
 * out of every range, odd dates, wrong types, odd ids and methods; and on raw TLS sockets
 * malformed chunked bodies, odd HTTP versions and an HTTP/2 preface. No answer may be a 5xx,
 * and every request must be answered (no hang).
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputCorpusTest {
    private static final int ANSWER_SECONDS = 20;
    @TempDir
    static Path dir;
    TestServer srv;
    RoundsFixture f;
    Map<String, String> params = new LinkedHashMap<>();
    String tablet;
    SSLContext tls;

    @BeforeAll
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        f = RoundsFixture.create(srv);
        String conference = f.conference(1);
        List<Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        tablet = delegates.get(0).tablet();
        params.put("rid", f.review);
        params.put("cid", conference);
        params.put("did", delegates.get(1).id());
        params.put("id", round.getString("id"));
        params.put("receipt", "AAAA");
        params.put("version", "1");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream ca = Files.newInputStream(dir.resolve("keys/ca.pem"))) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
    }

    @AfterAll
    void stop() throws Exception {
        srv.close();
    }

    // ---- the route table ------------------------------------------------------------------------

    record Endpoint(HttpMethod method, String pattern) {
        String path(Map<String, String> params) {
            String path = pattern;
            for (Map.Entry<String, String> p : params.entrySet()) {
                path = path.replace(":" + p.getKey(), p.getValue());
            }
            return path;
        }

        boolean takesBody() {
            return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.DELETE
                    || method == HttpMethod.PATCH;
        }
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Route route : srv.server.routeTable()) {
            if (route.getPath() == null || route.methods() == null || !route.getPath().startsWith("/")) {
                continue;
            }
            for (HttpMethod method : route.methods()) {
                endpoints.add(new Endpoint(method, route.getPath()));
            }
        }
        // the pages (a regex route): a few of them
        endpoints.add(new Endpoint(HttpMethod.GET, "/console/"));
        endpoints.add(new Endpoint(HttpMethod.GET, "/tablet/"));
        endpoints.add(new Endpoint(HttpMethod.GET, "/"));
        return endpoints;
    }

    private String tokenFor(Endpoint endpoint) {
        String p = endpoint.pattern();
        if (p.contains("logout")) {
            return null; // the corpus must not end its own session
        }
        return p.startsWith("/api/v1/tablet/") || p.endsWith("/issue") ? tablet : f.admin;
    }

    // ---- sending ----------------------------------------------------------------------------------

    record Outcome(String what, int status, String text) {
    }

    private Outcome send(String what, HttpMethod method, String path, Buffer body, String contentType, String token) {
        RequestOptions options = new RequestOptions().setMethod(method).setURI(path).setTimeout(ANSWER_SECONDS * 1000L);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        if (body != null) {
            options.putHeader("Content-Type", contentType);
        }
        try {
            return srv.onClientContext(() -> srv.client.request(options)
                            .compose(request -> body == null ? request.send() : request.send(body))
                            .compose(response -> response.body().map(b -> new Outcome(what, response.statusCode(),
                                    b.toString(StandardCharsets.UTF_8)))))
                    .toCompletionStage().toCompletableFuture().get(ANSWER_SECONDS + 5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return new Outcome(what, 0, "no answer within " + ANSWER_SECONDS + " s");
        } catch (Exception e) {
            return new Outcome(what, -1, "failed: " + e);
        }
    }

    private static final String[] NUMBERS = {"1e400", "-1e400", "1e309", "-1e309", "9007199254740993",
        "-9007199254740993", "18446744073709551616", "1e999999999", "123456789012345678901234567890123456789",
        "0.5", "-1", "1.0e2"};
    private static final String[] ODD_VALUES = {"\"+10000-01-01\"", "\"0000-01-01\"", "\"-2026-01-01\"",
        "\"2026-13-01\"", "\"2026-02-30\"", "\"1899-12-31\"", "[]", "{}", "true", "null", "\"\"",
        "\"" + "x".repeat(600) + "\""};
    private static final String[] FIELDS = {"name", "referenceDate", "maxPlanned", "step", "title", "date", "rules",
        "fullName", "birthDate", "gender", "ethnicity", "unit", "stem", "subordinatePost", "positionId", "cadreId",
        "sections", "lines", "maxSelections", "candidates", "username", "password", "role", "displayName",
        "pairingCode", "blindedMessage", "delegateId", "reason", "choices", "invalid", "chosen", "body", "token",
        "signature", "chair"};

    /** Bodies for every endpoint that takes one: name → (content type, bytes). */
    private Map<String, Object[]> bodies() {
        Map<String, Object[]> bodies = new LinkedHashMap<>();
        String json = "application/json";
        String[][] texts = {
            {"unclosed object", "{"}, {"unclosed array", "[1,2"}, {"missing value", "{\"a\":}"}, {"bare word", "nul"},
            {"trailing content", "{} {}"}, {"duplicate names", "{\"name\":\"a\",\"name\":\"b\"}"},
            {"block comment", "{/* chú thích */\"name\":\"a\"}"}, {"line comment", "{\"name\":\"a\" // chú thích\n}"},
            {"yaml comment", "# c\n{}"}, {"single quotes", "{'name':'a'}"}, {"unquoted name", "{name:\"a\"}"},
            {"trailing comma", "{\"name\":\"a\",}"}, {"NaN", "{\"step\":NaN}"}, {"Infinity", "{\"step\":Infinity}"},
            {"leading zeros", "{\"step\":007}"}, {"a string", "\"chuỗi\""}, {"a number", "123"}, {"an array", "[]"},
            {"null", "null"}, {"control character", "{\"name\":\"a\u0001b\"}"}, {"NUL", "{\"name\":\"a\u0000b\"}"},
            {"deep nesting", "[".repeat(5000)}, {"lone surrogate escape", "{\"name\":\"\\ud800\"}"},
            {"bad escape", "{\"name\":\"\\q\"}"}, {"rules deep number", "{\"step\":1,\"title\":\"T\",\"date\":\"2026-06-01\","
                + "\"rules\":{\"threshold\":{\"comparator\":\"GT\",\"numerator\":1e400,\"denominator\":2}}}"},
            {"sections deep number", "{\"sections\":[{\"positionId\":\"p1\",\"maxSelections\":1e309,\"candidates\":[]}]}"},
            {"choices deep number", "{\"choices\":[{\"line\":\"L1\",\"vote\":1e400}]}"},
        };
        for (String[] t : texts) {
            bodies.put(t[0], new Object[] {json, Buffer.buffer(t[1])});
        }
        bodies.put("UTF-16LE with BOM", new Object[] {json, Buffer.buffer(bom(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "{\"name\":\"Hà Giang\"}".getBytes(StandardCharsets.UTF_16LE)))});
        bodies.put("UTF-16BE no BOM", new Object[] {json, Buffer.buffer("{\"name\":\"Hà Giang\"}".getBytes(StandardCharsets.UTF_16BE))});
        bodies.put("invalid UTF-8", new Object[] {json, Buffer.buffer(new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'})});
        bodies.put("Windows-1252", new Object[] {json, Buffer.buffer("{\"name\":\"Hà Nội\"}".getBytes(java.nio.charset.Charset.forName("windows-1252")))});
        bodies.put("overlong UTF-8", new Object[] {json, Buffer.buffer(new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'})});
        bodies.put("CSV invalid UTF-8", new Object[] {"text/csv", Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xFE, ' ', 'B', 'a', 'd', ',', '\n'})});
        bodies.put("CSV Windows-1252", new Object[] {"text/csv", Buffer.buffer("fullName,title\nLê Văn A,Bí thư\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1252")))});
        bodies.put("CSV UTF-16", new Object[] {"text/csv", Buffer.buffer(bom(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "fullName\nAn\n".getBytes(StandardCharsets.UTF_16LE)))});
        bodies.put("CSV unclosed quote", new Object[] {"text/csv", Buffer.buffer("fullName\n\"An\n")});
        bodies.put("form data", new Object[] {"application/x-www-form-urlencoded", Buffer.buffer("a=1&b=2")});
        for (String number : NUMBERS) {
            StringBuilder every = new StringBuilder("{");
            for (String field : FIELDS) {
                every.append(every.length() > 1 ? "," : "").append('"').append(field).append("\":").append(number);
            }
            bodies.put("every field " + number, new Object[] {json, Buffer.buffer(every.append('}').toString())});
            bodies.put("step " + number, new Object[] {json, Buffer.buffer("{\"step\":" + number
                    + ",\"title\":\"T\",\"date\":\"2026-06-01\",\"name\":\"N\",\"maxPlanned\":" + number + "}")});
        }
        for (String odd : ODD_VALUES) {
            StringBuilder every = new StringBuilder("{");
            for (String field : FIELDS) {
                every.append(every.length() > 1 ? "," : "").append('"').append(field).append("\":").append(odd);
            }
            bodies.put("every field " + (odd.length() > 20 ? odd.substring(0, 20) : odd),
                    new Object[] {json, Buffer.buffer(every.append('}').toString())});
        }
        return bodies;
    }

    private static byte[] bom(byte[] bom, byte[] rest) {
        byte[] all = new byte[bom.length + rest.length];
        System.arraycopy(bom, 0, all, 0, bom.length);
        System.arraycopy(rest, 0, all, bom.length, rest.length);
        return all;
    }

    @Test
    void noMalformedRequestToAnyEndpointGetsA5xxOrNoAnswer() throws Exception {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints.stream().map(Endpoint::pattern).distinct().count()).as("the route table").isGreaterThan(30);
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, Object[]> bodies = bodies();
        String[] oddIds = {"%00", "%ff%fe", "x".repeat(300), "..%2f..%2fkeys", "1e400", "%F0%9F%98%80", "a%20b"};
        for (Endpoint endpoint : endpoints) {
            String path = endpoint.path(params);
            String token = tokenFor(endpoint);
            if (endpoint.takesBody()) {
                for (Map.Entry<String, Object[]> body : bodies.entrySet()) {
                    outcomes.add(send(endpoint + " " + body.getKey(), endpoint.method(), path,
                            (Buffer) body.getValue()[1], (String) body.getValue()[0], token));
                }
            }
            if (endpoint.method() == HttpMethod.GET && !endpoint.pattern().endsWith("/events")) {
                Outcome head = send(endpoint + " as HEAD", HttpMethod.HEAD, path, null, null, token);
                outcomes.add(head);
                assertThat(head.text()).as("HEAD " + path + " has no body").isEmpty();
            }
            if (endpoint.pattern().contains(":")) {
                for (String odd : oddIds) {
                    String oddPath = endpoint.pattern().replaceAll(":[a-z]+", odd);
                    outcomes.add(send(endpoint + " id " + odd, endpoint.method(), oddPath,
                            endpoint.takesBody() ? Buffer.buffer("{}") : null, "application/json", token));
                }
            }
            for (String method : new String[] {"OPTIONS", "TRACE", "PATCH", "PROPFIND"}) {
                outcomes.add(send(endpoint + " as " + method, HttpMethod.valueOf(method), path, null, null, token));
            }
        }
        List<Outcome> bad = outcomes.stream().filter(o -> o.status() < 100 || o.status() >= 500).toList();
        System.out.println("malformed-input corpus: " + outcomes.size() + " requests over " + endpoints.size()
                + " endpoints; statuses " + new TreeSet<>(outcomes.stream().map(Outcome::status).toList()));
        assertThat(outcomes.size()).isGreaterThanOrEqualTo(300);
        assertThat(bad).as("5xx or no answer").isEmpty();
    }

    // ---- raw TLS sockets ----------------------------------------------------------------------

    record Raw(String head, boolean closed, long millis) {
        int status() {
            if (!head.startsWith("HTTP/1.")) {
                return 0;
            }
            return Integer.parseInt(head.substring(9, 12));
        }
    }

    /** Sends {@code request} bytes as they are and reads until the server closes or the time is up. */
    private Raw raw(byte[] request) throws Exception {
        long start = System.nanoTime();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", srv.server.port())) {
            socket.setSoTimeout(ANSWER_SECONDS * 1000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            boolean closed = false;
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    got.write(buffer, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException stillOpen) {
                // the server neither closed nor (maybe) answered in time
            } catch (java.io.IOException reset) {
                closed = true;
            }
            return new Raw(got.toString(StandardCharsets.ISO_8859_1), closed, (System.nanoTime() - start) / 1_000_000);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aMalformedChunkedBodyIsAnswered400AndTheConnectionClosedOnEveryEndpoint() throws Exception {
        String[] chunked = {
            "zz\r\n{}\r\n0\r\n\r\n", // size not hex
            "ffffffffffffffffffff\r\n{}\r\n0\r\n\r\n", // size beyond any limit
            "2\r\n{}}}}}}\r\n0\r\n\r\n", // more data than the size says
            "-2\r\n{}\r\n0\r\n\r\n", // negative size
        };
        List<String> problems = new ArrayList<>();
        int probes = 0;
        for (Endpoint endpoint : endpoints()) {
            if (!endpoint.takesBody()) {
                continue;
            }
            for (String body : chunked) {
                probes++;
                Raw answer = raw(bytes(endpoint.method().name() + " " + endpoint.path(params) + " HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + tokenFor(endpoint) + "\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + body));
                if (answer.status() != 400 || !answer.closed()) {
                    problems.add(endpoint + " " + body.replace("\r\n", "\\r\\n") + " -> status " + answer.status()
                            + ", closed " + answer.closed() + " after " + answer.millis() + " ms: "
                            + answer.head().lines().findFirst().orElse("(nothing)"));
                }
            }
        }
        assertThat(probes).isGreaterThan(60);
        assertThat(problems).isEmpty();
    }

    @Test
    void oddHttpVersionsAnHttp2PrefaceAndBrokenFramingGetA4xx() throws Exception {
        String[] requests = {
            "GET /api/v1/seal-key HTTP/1.2\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/seal-key HTTP/3.0\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/seal-key HTTP/2.0\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/seal-key HTTP/9.9\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/seal-key FOO/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/seal-key HTTP/1.1x\r\nHost: localhost\r\n\r\n",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            "GARBAGE\r\n\r\n",
            "GET /api/v1/seal-key HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n",
            "GET /api/v1/seal-key HTTP/1.1\r\nHost: localhost\r\nBad Name: x\r\n\r\n",
            "POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: abc\r\n\r\n{}",
            "POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n\r\n{}",
            "POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            "POST /api/v1/login HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\n",
            "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET /api/v1/seal-key HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
        };
        List<String> problems = new ArrayList<>();
        for (String request : requests) {
            Raw answer = raw(bytes(request));
            if (answer.status() < 400 || answer.status() >= 500) {
                String line = request.lines().findFirst().orElse("");
                problems.add(line.substring(0, Math.min(60, line.length()))
                        + " -> " + answer.head().lines().findFirst().orElse("(nothing)") + " closed " + answer.closed());
            }
        }
        assertThat(problems).isEmpty();
    }

    // ---- the input edges, one by one ------------------------------------------------------------

    @Test
    void numbersOutOfRangeAre400NamingTheField() throws Exception {
        String positions = "/api/v1/reviews/" + f.review + "/positions";
        for (String number : new String[] {"1e400", "-1e400", "1e309", "9007199254740993", "1e20"}) {
            var answer = srv.post(positions, Buffer.buffer("{\"name\":\"Phó Bí thư\",\"maxPlanned\":" + number + "}"), f.admin);
            assertThat(answer.status()).as(number + ": " + answer.text()).isEqualTo(400);
            assertThat(answer.errorMessage()).contains("maxPlanned");
        }
        String conferences = "/api/v1/reviews/" + f.review + "/conferences";
        var deep = srv.post(conferences, Buffer.buffer("{\"step\":2,\"title\":\"T\",\"date\":\"2026-06-01\","
                + "\"rules\":{\"threshold\":{\"comparator\":\"GT\",\"numerator\":1e400,\"denominator\":2}}}"), f.admin);
        assertThat(deep.status()).as(deep.text()).isEqualTo(400);
        assertThat(deep.errorMessage()).contains("rules.threshold.numerator");
        var step = srv.post(conferences, Buffer.buffer("{\"step\":-1e400,\"title\":\"T\",\"date\":\"2026-06-01\"}"), f.admin);
        assertThat(step.status()).isEqualTo(400);
        assertThat(step.errorMessage()).contains("step");
    }

    @Test
    void jsonWithCommentsOrNotInUtf8IsRefused() throws Exception {
        String reviews = "/api/v1/reviews";
        var comment = srv.post(reviews, Buffer.buffer("{/* năm */\"name\":\"R\",\"referenceDate\":\"2026-06-01\"}"), f.admin);
        assertThat(comment.status()).isEqualTo(400);
        assertThat(comment.errorMessage()).contains("JSON");
        var utf16 = srv.post(reviews, Buffer.buffer(bom(new byte[] {(byte) 0xFE, (byte) 0xFF},
                "{\"name\":\"R\",\"referenceDate\":\"2026-06-01\"}".getBytes(StandardCharsets.UTF_16BE))), f.admin);
        assertThat(utf16.status()).isEqualTo(400);
        assertThat(utf16.errorMessage()).contains("UTF-8");
        var utf16NoBom = srv.post(reviews, Buffer.buffer("{\"name\":\"R\",\"referenceDate\":\"2026-06-01\"}"
                .getBytes(StandardCharsets.UTF_16LE)), f.admin);
        assertThat(utf16NoBom.status()).isEqualTo(400);
        var duplicate = srv.post(reviews, Buffer.buffer("{\"name\":\"R\",\"name\":\"S\",\"referenceDate\":\"2026-06-01\"}"), f.admin);
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.errorMessage()).contains("bị lặp").contains("\"name\"");
        var fine = srv.post(reviews, Buffer.buffer("\uFEFF{\"name\":\"Rà soát\",\"referenceDate\":\"2026-06-01\"}"), f.admin);
        assertThat(fine.status()).as("a UTF-8 byte-order mark is allowed").isEqualTo(201);
    }

    @Test
    void datesMustBeYyyyMmDdWithASaneYear() throws Exception {
        for (String date : new String[] {"+10000-01-01", "0000-01-01", "-2026-01-01", "2019-12-31", "2032-01-01", "26-06-01"}) {
            var answer = srv.post("/api/v1/reviews", new JsonObject().put("name", "R").put("referenceDate", date), f.admin);
            assertThat(answer.status()).as(date).isEqualTo(400);
            assertThat(answer.errorMessage()).contains("referenceDate").contains(date);
        }
        assertThat(srv.post("/api/v1/reviews", new JsonObject().put("name", "R").put("referenceDate", "2030-12-31"), f.admin)
                .status()).as("within 5 years of today (the test clock is in 2026)").isEqualTo(201);
        String cadres = "/api/v1/reviews/" + f.review + "/cadres";
        for (String date : new String[] {"+10000-01-01", "0000-01-01", "-2026-01-01", "1899-12-31", "1970-02-29"}) {
            var answer = srv.post(cadres, new JsonObject().put("fullName", "Lò Văn Pọm").put("birthDate", date)
                    .put("gender", "M").put("ethnicity", "Thái").put("title", "T").put("unit", "U"), f.admin);
            assertThat(answer.status()).as(date).isEqualTo(400);
            assertThat(answer.errorMessage()).contains("birthDate");
        }
        var csv = srv.call("POST", cadres + "/import", "fullName,birthDate,gender,ethnicity,title,unit\n"
                + "Lò Văn Pọm,0000-01-01,M,Thái,T,U\n", f.admin);
        assertThat(csv.status()).isEqualTo(400);
        assertThat(csv.errorMessage()).contains("dòng 2").contains("ngày sinh").contains("1900");
    }

    @Test
    void aCsvThatIsNotUtf8IsRefusedNamingTheLineWithTheHint() throws Exception {
        String conference = f.conference(2);
        String path = "/api/v1/conferences/" + conference + "/delegates/import";
        byte[] head = "fullName,title\nLê Văn An,Bí thư\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = bom(head, new byte[] {(byte) 0xFF, (byte) 0xFE, ' ', 'B', 'a', 'd', ',', 'x', '\n'});
        var answer = srv.call("POST", path, Buffer.buffer(bad), f.admin, "text/csv");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BAD_CSV");
        assertThat(answer.errorMessage()).contains("dòng 3").contains("Lưu tệp dưới dạng CSV UTF-8");
        assertThat(answer.object().getJsonObject("error").getJsonObject("details").getString("hint"))
                .isEqualTo("Lưu tệp dưới dạng CSV UTF-8");
        var cp1252 = srv.call("POST", path, Buffer.buffer("fullName,title\nLê Văn An,Bí thư\n"
                .getBytes(java.nio.charset.Charset.forName("windows-1252"))), f.admin, "text/csv");
        assertThat(cp1252.status()).isEqualTo(400);
        assertThat(cp1252.errorMessage()).contains("dòng 2").contains("CSV UTF-8");
        var utf16 = srv.call("POST", path, Buffer.buffer(bom(new byte[] {(byte) 0xFF, (byte) 0xFE},
                "fullName,title\nAn,B\n".getBytes(StandardCharsets.UTF_16LE))), f.admin, "text/csv");
        assertThat(utf16.status()).isEqualTo(400);
        assertThat(utf16.errorMessage()).contains("UTF-16").contains("CSV UTF-8");
        assertThat(srv.get("/api/v1/conferences/" + conference + "/delegates", f.admin).array()).as("nothing imported").isEmpty();
    }

    @Test
    void headIsAnsweredLikeGetWithoutABody() throws Exception {
        var get = srv.get("/api/v1/seal-key", null);
        var head = srv.call("HEAD", "/api/v1/seal-key", null, null);
        assertThat(head.status()).isEqualTo(get.status()).isEqualTo(200);
        assertThat(head.text()).isEmpty();
        assertThat(head.headers().get("Content-Type")).isEqualTo(get.headers().get("Content-Type"));
        var page = srv.call("HEAD", "/console/", null, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).isEmpty();
        assertThat(srv.call("HEAD", "/api/v1/users", null, null).status()).as("HEAD is checked like GET").isEqualTo(401);
    }
}
