package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenHolder;

/**
 * The server as a separate {@code java} process, killed with SIGKILL (no shutdown of any kind)
 * while a round is open: every ballot it acknowledged is in the box after the restart, and the
 * round goes on (tokens issued with the round key read back, ballots cast, the round closed).
 */
@ExtendWith(VertxExtension.class)
class RoundsRestartTest {
    private static final String PASSWORD = "Khoi-dong-lai-2026";

    @TempDir
    Path dir;
    Process process;
    HttpClientAgent client;
    io.vertx.core.Context clientContext;
    int port;

    record Answer(int status, JsonObject json) {
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    /** Starts {@code phieukin serve} from the test class path in a JVM of its own, on the test's folders. */
    private void startServer(Vertx vertx) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "vn.phieukin.cli.Main", "serve",
                "--port", Integer.toString(port), "--data", dir.resolve("data").toString(), "--keys", dir.resolve("keys").toString(),
                "--admin-password", PASSWORD)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("server process alive; log:\n%s", log()).isTrue();
            if (Files.exists(dir.resolve("keys/ca.pem"))) {
                if (client == null) {
                    clientContext = vertx.getOrCreateContext();
                    client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setSslHandshakeTimeout(60).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
                            .setTrustOptions(new PemTrustOptions().addCertPath(dir.resolve("keys/ca.pem").toString()))
                            .setDefaultHost("127.0.0.1").setDefaultPort(port));
                }
                try {
                    if (call("GET", "/api/v1/seal-key", null, null).status() == 200) {
                        return;
                    }
                } catch (Exception notListening) {
                    // not yet
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("server did not start; log:\n" + log());
    }

    private String log() throws Exception {
        return Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
    }

    private Answer call(String method, String path, JsonObject body, String token) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.valueOf(method)).setURI(path).setTimeout(60_000);
        if (token != null) {
            options.putHeader("Authorization", "Bearer " + token);
        }
        Buffer payload = body == null ? null : body.toBuffer();
        if (payload != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return TestServer.await(TestServer.onContext(clientContext, () -> client.request(options)
                .compose(request -> payload == null ? request.send() : request.send(payload))
                .compose(response -> response.body().map(b -> new Answer(response.statusCode(),
                        b.length() == 0 ? new JsonObject() : b.toJsonObject())))));
    }

    private JsonObject ok(String method, String path, JsonObject body, String token) throws Exception {
        Answer answer = call(method, path, body, token);
        assertThat(answer.status()).as(method + " " + path + " " + answer.json()).isIn(200, 201);
        return answer.json();
    }

    private TokenHolder token(JsonObject round, String tablet) throws Exception {
        TokenHolder holder = TokenHolder.prepare(round.getString("id"),
                RoundPublicKey.fromJwk(round.getJsonObject("tokenKey").getMap()), RoundsFixture.RANDOM);
        holder.finalizeToken(Base64Url.decode(ok("POST", "/api/v1/rounds/" + round.getString("id") + "/issue",
                new JsonObject(holder.issueRequest()), tablet).getString("blindSignature")));
        return holder;
    }

    @Test
    void everyAcknowledgedBallotSurvivesAKillNineAndTheRoundGoesOn(Vertx vertx) throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        startServer(vertx);
        String admin = ok("POST", "/api/v1/login", new JsonObject().put("username", "admin").put("password", PASSWORD), null)
                .getString("token");
        String review = ok("POST", "/api/v1/reviews", new JsonObject().put("name", "Rà soát").put("referenceDate", "2026-06-01"),
                admin).getString("id");
        String position = ok("POST", "/api/v1/reviews/" + review + "/positions", new JsonObject().put("name", "Bí thư"), admin)
                .getString("id");
        String cadre = ok("POST", "/api/v1/reviews/" + review + "/cadres", new JsonObject().put("fullName", "Nguyễn Văn An")
                .put("birthDate", "1970-03-02").put("gender", "M").put("ethnicity", "Kinh").put("title", "Phó Bí thư")
                .put("unit", "Tỉnh ủy"), admin).getString("id");
        ok("POST", "/api/v1/reviews/" + review + "/planned", new JsonObject().put("cadreId", cadre).put("positionId", position), admin);
        String conference = ok("POST", "/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 1)
                .put("title", "Hội nghị BTV").put("date", "2026-06-01").put("rules", new JsonObject().put("encryption", "NONE")), admin)
                .getString("id"); // v1 ballots
        List<String> tablets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String delegate = ok("POST", "/api/v1/conferences/" + conference + "/delegates",
                    new JsonObject().put("fullName", "Đại biểu " + i), admin).getString("id");
            String code = ok("POST", "/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in",
                    new JsonObject(), admin).getString("pairingCode");
            tablets.add(ok("POST", "/api/v1/tablet/pair", new JsonObject().put("pairingCode", code), null).getString("tabletToken"));
        }
        String roundId = ok("POST", "/api/v1/conferences/" + conference + "/rounds", new JsonObject(), admin).getString("id");
        JsonObject round = ok("POST", "/api/v1/rounds/" + roundId + "/open", new JsonObject(), admin);
        String line = round.getJsonArray("lines").getJsonObject(0).getString("id");
        List<JsonObject> acknowledged = new ArrayList<>();
        List<String> receipts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            JsonObject ballot = new JsonObject(token(round, tablets.get(i))
                    .castRequest(List.of(Map.of("line", line, "vote", i < 3 ? "AGREE" : "DISAGREE"))));
            Answer cast = call("POST", "/api/v1/rounds/" + roundId + "/ballots", ballot, null);
            assertThat(cast.status()).isEqualTo(201);
            acknowledged.add(ballot);
            receipts.add(cast.json().getString("receipt"));
        }
        TokenHolder issuedBeforeKill = token(round, tablets.get(4));

        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        startServer(vertx);

        for (String receipt : receipts) {
            assertThat(ok("GET", "/api/v1/rounds/" + roundId + "/receipts/" + receipt, null, null).getBoolean("included"))
                    .as("acknowledged ballot %s is in the box after the restart", receipt).isTrue();
        }
        JsonObject after = ok("GET", "/api/v1/rounds/" + roundId, null, admin);
        assertThat(after.getString("status")).isEqualTo("OPEN");
        assertThat(after.getLong("cast")).isEqualTo(4);
        assertThat(after.getLong("issued")).isEqualTo(5);
        Answer resend = call("POST", "/api/v1/rounds/" + roundId + "/ballots", acknowledged.get(0), null);
        assertThat(resend.status()).as("a spent token stays spent").isEqualTo(200);
        assertThat(resend.json().getString("receipt")).isEqualTo(receipts.get(0));

        JsonObject lateBallot = new JsonObject(issuedBeforeKill.castRequest(List.of(Map.of("line", line, "vote", "AGREE"))));
        assertThat(call("POST", "/api/v1/rounds/" + roundId + "/ballots", lateBallot, null).status())
                .as("a token issued before the kill is accepted after it").isEqualTo(201);
        TokenHolder issuedAfter = token(round, tablets.get(5));
        assertThat(call("POST", "/api/v1/rounds/" + roundId + "/ballots",
                new JsonObject(issuedAfter.castRequest(List.of(Map.of("line", line, "vote", "NONE")))), null).status())
                .as("the round key was read back: new tokens verify under the published key").isEqualTo(201);

        ok("POST", "/api/v1/rounds/" + roundId + "/close", new JsonObject(), admin);
        JsonObject result = ok("GET", "/api/v1/rounds/" + roundId + "/result", null, null);
        assertThat(result.getJsonObject("ballots").getLong("cast")).isEqualTo(6);
        JsonObject counted = result.getJsonArray("lines").getJsonObject(0);
        assertThat(List.of(counted.getLong("agree"), counted.getLong("disagree"), counted.getLong("none"))).containsExactly(4L, 1L, 1L);
        JsonArray recorded = ok("GET", "/api/v1/rounds/" + roundId + "/record", null, admin).getJsonArray("ballots");
        assertThat(recorded.stream().map(b -> ((JsonObject) b).getString("receipt")).toList()).containsAll(receipts).hasSize(6);
    }
}
