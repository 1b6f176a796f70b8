package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Many requests in flight at once against a {@link TestServer}, over TLS, from one local
 * address of the loopback range (127.0.0.2 looks to the server like another machine than
 * 127.0.0.1), each on a connection of its own up to {@code connections}.
 */
final class Crowd implements AutoCloseable {
    private final TestServer srv;
    private final HttpClient client;

    /** One answer: the status and the error code (null for a success). */
    record Answer(int status, String code, String text) {
    }

    Crowd(TestServer srv, String localAddress, int connections) {
        this.srv = srv;
        HttpClientOptions options = new HttpClientOptions()
                .setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertPath(srv.dir.resolve("keys/ca.pem").toString()))
                .setDefaultHost("localhost")
                .setDefaultPort(srv.server.port())
                .setLocalAddress(localAddress)
                .setConnectTimeout(60_000)
                .setSslHandshakeTimeout(60)
                .setKeepAliveTimeout(300);
        this.client = srv.vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(connections)
                .setMaxWaitQueueSize(-1));
    }

    /** Sends one POST; the future completes with its answer (never fails on an HTTP error). */
    Future<Answer> post(String path, JsonObject body, String token) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                .putHeader("Content-Type", "application/json");
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        Promise<Answer> answer = Promise.promise();
        srv.vertx.runOnContext(ignored -> client.request(options)
                .compose(request -> request.send(Buffer.buffer(Json.encode(body))))
                .compose(response -> response.body().map(buffer -> {
                    String text = buffer.toString(StandardCharsets.UTF_8);
                    String code = null;
                    if (response.statusCode() >= 400 && text.startsWith("{")) {
                        code = new JsonObject(text).getJsonObject("error").getString("code");
                    }
                    return new Answer(response.statusCode(), code, text);
                }))
                .onComplete(answer));
        return answer.future();
    }

    /**
     * Opens {@code n} keep-alive connections, 25 new ones at a time (hundreds of TLS handshakes
     * at once would time out on a loaded machine), so that a burst after it is sent at once.
     */
    Crowd warm(int n) throws Exception {
        for (int k = Math.min(25, n); ; k = Math.min(n, k + 25)) {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                Promise<Integer> status = Promise.promise();
                srv.vertx.runOnContext(ignored -> client.request(HttpMethod.GET, "/api/v1/seal-key")
                        .compose(request -> request.send())
                        .compose(response -> response.body().map(body -> response.statusCode()))
                        .onComplete(status));
                sent.add(status.future());
            }
            TestServer.await(Future.all(sent));
            if (k == n) {
                return this;
            }
        }
    }

    /** Sends all at once and waits for every answer. */
    List<Answer> postAll(String path, List<JsonObject> bodies) throws Exception {
        List<Future<Answer>> sent = new ArrayList<>();
        for (JsonObject body : bodies) {
            sent.add(post(path, body, null));
        }
        TestServer.await(Future.all(sent));
        List<Answer> out = new ArrayList<>();
        sent.forEach(f -> out.add(f.result()));
        return out;
    }

    @Override
    public void close() throws Exception {
        TestServer.await(client.close());
    }
}
