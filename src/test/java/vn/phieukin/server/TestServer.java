package vn.phieukin.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real server over TLS on a free port, in temporary folders, with a client that trusts
 * only the server's own CA (so a certificate problem fails the tests).
 */
final class TestServer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "Quy-hoach-2026!";
    /** The access log stays out of the test output (LoggingTest listens to it directly). */
    static final java.util.logging.Logger ACCESS_LOG = java.util.logging.Logger.getLogger("vn.phieukin.access");

    static {
        ACCESS_LOG.setUseParentHandlers(false);
    }

    final Vertx vertx;
    final Path dir;
    final MutableClock clock;
    final ServerSettings settings;
    final ByteArrayOutputStream output = new ByteArrayOutputStream();
    PhieukinServer server;
    HttpClient client;
    Context clientContext;

    /** A server's answer. */
    record Answer(int status, Object json, MultiMap headers, String text) {
        JsonObject object() {
            return (JsonObject) json;
        }

        JsonArray array() {
            return (JsonArray) json;
        }

        String errorCode() {
            return object().getJsonObject("error").getString("code");
        }

        String errorMessage() {
            return object().getJsonObject("error").getString("message");
        }
    }

    private TestServer(Vertx vertx, Path dir, MutableClock clock, ServerSettings settings) {
        this.vertx = vertx;
        this.dir = dir;
        this.clock = clock;
        this.settings = settings;
    }

    static TestServer start(Vertx vertx, Path dir) throws Exception {
        return start(vertx, dir, ServerSettings.PairingLimits.DEFAULT);
    }

    static TestServer start(Vertx vertx, Path dir, ServerSettings.PairingLimits limits) throws Exception {
        return start(vertx, dir, limits, Optional.of(ADMIN_PASSWORD));
    }

    static TestServer start(Vertx vertx, Path dir, ServerSettings.PairingLimits limits, Optional<String> adminPassword)
            throws Exception {
        return start(vertx, dir, limits, adminPassword, ServerSettings.ConnectionLimits.DEFAULT);
    }

    /** With other connection caps (e.g. hundreds of connections from one address at once). */
    static TestServer start(Vertx vertx, Path dir, ServerSettings.PairingLimits limits, Optional<String> adminPassword,
                            ServerSettings.ConnectionLimits connections) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T01:00:00Z"));
        ServerSettings settings = new ServerSettings(0, "127.0.0.1", dir.resolve("data"), dir.resolve("keys"),
                adminPassword, clock, new SecureRandom(), limits, connections);
        TestServer test = new TestServer(vertx, dir, clock, settings);
        test.boot();
        return test;
    }

    /** Starts (again) on the same folders. */
    void boot() throws Exception {
        output.reset();
        server = await(PhieukinServer.start(vertx, settings, new PrintStream(output, true, StandardCharsets.UTF_8)));
        clientContext = vertx.getOrCreateContext();
        client = vertx.createHttpClient(new HttpClientOptions()
                .setSsl(true)
                // as long as a request may take (await): on a 2-core machine at load 30 a handshake
                // took more than the default 10 s, and the test failed though the server answered
                .setSslHandshakeTimeout(60).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
                .setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve("keys/ca.pem").toString()))
                .setDefaultHost("localhost")
                .setDefaultPort(server.port()));
    }

    void stop() throws Exception {
        await(client.close());
        await(server.close());
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    Answer call(String method, String path, Object body, String token) throws Exception {
        return call(method, path, body, token, null);
    }

    Answer call(String method, String path, Object body, String token, String contentType) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setURI(path);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        Buffer payload = null;
        if (body instanceof String text) {
            payload = Buffer.buffer(text);
            options.putHeader("Content-Type", contentType != null ? contentType : "text/csv; charset=utf-8");
        } else if (body instanceof Buffer buffer) {
            payload = buffer;
            options.putHeader("Content-Type", contentType != null ? contentType : "application/json");
        } else if (body != null) {
            payload = Buffer.buffer(Json.encode(body));
            options.putHeader("Content-Type", "application/json");
        }
        Buffer sent = payload;
        return await(onClientContext(() -> client.request(options)
                .compose(request -> sent == null ? request.send() : request.send(sent))
                .compose(response -> response.body().map(buffer -> {
                    String text = buffer.toString(StandardCharsets.UTF_8);
                    Object json = null;
                    if (!text.isBlank() && response.getHeader("Content-Type") != null
                            && response.getHeader("Content-Type").startsWith("application/json")) {
                        json = Json.decodeValue(text);
                    }
                    return new Answer(response.statusCode(), json, response.headers(), text);
                }))));
    }

    /**
     * Runs a whole client exchange on the client's own context and hands its outcome back. Every
     * step (request, send, body) must be attached on that context: a chain attached from the test
     * thread can start {@code send()} on it, and when the whole response arrives before
     * {@code response.body()} is attached, Vert.x ends the response with no listener and the body
     * future never completes (the test then hangs).
     */
    <T> Future<T> onClientContext(java.util.function.Supplier<Future<T>> exchange) {
        return onContext(clientContext, exchange);
    }

    static <T> Future<T> onContext(Context context, java.util.function.Supplier<Future<T>> exchange) {
        Promise<T> done = Promise.promise();
        context.runOnContext(ignored -> {
            try {
                exchange.get().onComplete(done);
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        return done.future();
    }

    /** The raw bytes of a GET answer (downloads such as .xlsx); fails unless the status is 200. */
    byte[] download(String path, String token) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(path);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        return await(onClientContext(() -> client.request(options).compose(request -> request.send())
                .compose(response -> response.body().map(buffer -> {
                    if (response.statusCode() != 200) {
                        throw new AssertionError("GET " + path + " -> " + response.statusCode() + " "
                                + buffer.toString(StandardCharsets.UTF_8));
                    }
                    return buffer.getBytes();
                }))));
    }

    Answer get(String path, String token) throws Exception {
        return call("GET", path, null, token);
    }

    Answer post(String path, Object body, String token) throws Exception {
        return call("POST", path, body, token);
    }

    /** POSTs and expects 200 or 201; returns the JSON object. */
    JsonObject ok(String path, Object body, String token) throws Exception {
        Answer answer = post(path, body, token);
        if (answer.status() != 200 && answer.status() != 201) {
            throw new AssertionError("POST " + path + " -> " + answer.status() + " " + answer.text());
        }
        return answer.object();
    }

    String login(String username, String password) throws Exception {
        return ok("/api/v1/login", new JsonObject().put("username", username).put("password", password), null)
                .getString("token");
    }

    String adminToken() throws Exception {
        return login("admin", ADMIN_PASSWORD);
    }

    /** Creates a user of {@code role} and returns a login token for it. */
    String userToken(String username, Role role) throws Exception {
        String password = "Mat-khau-" + username;
        ok("/api/v1/users", new JsonObject().put("username", username).put("password", password)
                .put("role", role.name()).put("displayName", "Người dùng " + username), adminToken());
        return login(username, password);
    }
}
