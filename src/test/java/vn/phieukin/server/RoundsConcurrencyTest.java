package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.server.RoundsFixture.Delegate;
import vn.phieukin.server.RoundsFixture.Voter;

/** Requests racing each other: one token per delegate, one ballot per token, whatever the timing. */
@ExtendWith(VertxExtension.class)
class RoundsConcurrencyTest {
    private static final int RACERS = 24;

    @TempDir
    Path dir;
    TestServer srv;
    RoundsFixture f;
    HttpClientAgent client;
    io.vertx.core.Context clientContext;

    /** An answer to one of the racing requests. */
    record Answer(int status, JsonObject body) {
        String code() {
            return body.getJsonObject("error") == null ? null : body.getJsonObject("error").getString("code");
        }
    }

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        f = RoundsFixture.create(srv);
        clientContext = vertx.getOrCreateContext();
        client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setSslHandshakeTimeout(60).setSslHandshakeTimeoutUnit(TimeUnit.SECONDS)
                        .setTrustOptions(new io.vertx.core.net.PemTrustOptions().addCertPath(dir.resolve("keys/ca.pem").toString()))
                        .setDefaultHost("localhost").setDefaultPort(srv.server.port()),
                new PoolOptions().setHttp1MaxSize(RACERS));
    }

    @AfterEach
    void stop() throws Exception {
        TestServer.await(client.close());
        srv.close();
    }

    /** Sends every request at once (each on its own connection as far as the pool allows) and waits for all. */
    private List<Answer> race(String path, List<JsonObject> bodies, String token) throws Exception {
        io.vertx.core.Promise<List<Future<Answer>>> sent = io.vertx.core.Promise.promise();
        clientContext.runOnContext(ignored -> sent.complete(send(path, bodies, token)));
        List<Future<Answer>> answers = TestServer.await(sent.future());
        TestServer.await(Future.all(answers));
        return answers.stream().map(Future::result).toList();
    }

    /** Starts the requests on the client's context (see {@link TestServer#call}). */
    private List<Future<Answer>> send(String path, List<JsonObject> bodies, String token) {
        List<Future<Answer>> answers = new ArrayList<>();
        for (JsonObject body : bodies) {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                    .putHeader("Content-Type", "application/json");
            if (token != null) {
                options.putHeader("Authorization", "Bearer " + token);
            }
            Buffer payload = body.toBuffer();
            answers.add(client.request(options).compose(request -> request.send(payload))
                    .compose(response -> response.body().map(b -> new Answer(response.statusCode(), b.toJsonObject()))));
        }
        return answers;
    }

    private JsonObject openRound(int present) throws Exception {
        String conference = f.conference(1);
        List<Delegate> delegates = f.delegates(conference, present, present);
        JsonObject round = f.openRound(conference, new JsonObject());
        round.put("tablets", delegates.stream().map(Delegate::tablet).toList());
        return round;
    }

    @Test
    void manyDifferentBallotsRacingWithOneTokenGiveExactlyOneAcceptedBallot() throws Exception {
        JsonObject round = openRound(3);
        Voter voter = f.issued(round, round.getJsonArray("tablets").getString(0));
        List<JsonObject> ballots = new ArrayList<>();
        String[] votes = {"AGREE", "DISAGREE", "NONE"};
        for (int i = 0; i < RACERS; i++) {
            ballots.add(voter.ballot(RoundsFixture.votes(round,
                    Map.of("L1", votes[i % 3], "L2", votes[i / 3 % 3], "L3", votes[i / 9 % 3]))));
        }
        assertThat(ballots.stream().distinct()).as("every racing ballot differs").hasSize(RACERS);
        List<Answer> answers = race("/api/v1/rounds/" + round.getString("id") + "/ballots", ballots, null);
        List<Answer> accepted = answers.stream().filter(a -> a.status() == 201).toList();
        assertThat(accepted).hasSize(1);
        String receipt = accepted.get(0).body().getString("receipt");
        assertThat(answers).allSatisfy(a -> assertThat(a.status() == 201 || a.status() == 200 && receipt.equals(a.body()
                .getString("receipt")) || a.status() == 409 && "TOKEN_SPENT".equals(a.code())).as(a.toString()).isTrue());
        JsonObject after = srv.get("/api/v1/rounds/" + round.getString("id"), f.admin).object();
        assertThat(after.getLong("cast")).isEqualTo(1);
    }

    @Test
    void theSameBallotSentManyTimesAtOnceIsStoredOnceAndEveryAnswerCarriesItsReceipt() throws Exception {
        JsonObject round = openRound(3);
        Voter voter = f.issued(round, round.getJsonArray("tablets").getString(0));
        JsonObject ballot = voter.ballot(RoundsFixture.votes(round, Map.of("L2", "AGREE")));
        List<JsonObject> copies = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            copies.add(ballot.copy());
        }
        List<Answer> answers = race("/api/v1/rounds/" + round.getString("id") + "/ballots", copies, null);
        assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(1);
        assertThat(answers.stream().filter(a -> a.status() == 200)).hasSize(RACERS - 1);
        assertThat(answers.stream().map(a -> a.body().getString("receipt")).distinct()).hasSize(1);
        assertThat(srv.get("/api/v1/rounds/" + round.getString("id"), f.admin).object().getLong("cast")).isEqualTo(1);
    }

    /**
     * The close counts and seals from a snapshot outside the writer and keeps that only if
     * nothing was written since: ballots racing the close are each either in the sealed record
     * (and acknowledged) or refused, never acknowledged and missing. Several rounds, so that the
     * close lands at different points among the ballots.
     */
    @Test
    void ballotsRacingTheCloseAreEachEitherInTheSealedRecordOrRefused() throws Exception {
        int voters = 12;
        String[] votes = {"AGREE", "DISAGREE", "NONE"};
        for (int attempt = 0; attempt < 3; attempt++) {
            String conference = f.conference(1);
            List<Delegate> delegates = f.delegates(conference, voters, voters);
            // after the first attempt the review's step 1 has a closed round: a repeat needs its reason
            JsonObject round = f.openRound(conference, attempt == 0 ? new JsonObject()
                    : new JsonObject().put("reason", "Lần thử " + (attempt + 1) + " của phép thử đóng phiên"));
            String id = round.getString("id");
            List<JsonObject> ballots = new ArrayList<>();
            for (int i = 0; i < voters; i++) {
                Voter voter = f.issued(round, delegates.get(i).tablet());
                ballots.add(voter.ballot(RoundsFixture.votes(round, Map.of("L1", votes[i % 3], "L2", votes[(i + attempt) % 3]))));
            }
            int early = attempt * 4; // some ballots before the race, the others racing the close
            List<Answer> before = race("/api/v1/rounds/" + id + "/ballots", ballots.subList(0, early), null);
            io.vertx.core.Promise<Future<Answer>> closing = io.vertx.core.Promise.promise();
            io.vertx.core.Promise<List<Future<Answer>>> racing = io.vertx.core.Promise.promise();
            clientContext.runOnContext(ignored -> {
                closing.complete(send("/api/v1/rounds/" + id + "/close", List.of(new JsonObject()), f.admin).get(0));
                racing.complete(send("/api/v1/rounds/" + id + "/ballots", ballots.subList(early, voters), null));
            });
            Answer closed = TestServer.await(TestServer.await(closing.future()));
            List<Future<Answer>> raced = TestServer.await(racing.future());
            TestServer.await(Future.join(raced));
            assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
            List<Answer> answers = new ArrayList<>(before);
            raced.forEach(a -> answers.add(a.result()));
            java.util.Set<String> acknowledged = new java.util.HashSet<>();
            for (Answer a : answers) {
                if (a.status() == 201) {
                    acknowledged.add(a.body().getString("receipt"));
                } else {
                    assertThat(a.status()).as(a.toString()).isEqualTo(409);
                    assertThat(a.code()).isEqualTo("ROUND_STATE");
                }
            }
            JsonObject record = srv.get("/api/v1/rounds/" + id + "/record", f.admin).object();
            java.util.Set<String> inRecord = new java.util.HashSet<>();
            record.getJsonArray("ballots").forEach(b -> inRecord.add(((JsonObject) b).getString("receipt")));
            assertThat(inRecord).as("attempt %d", attempt).isEqualTo(acknowledged);
            assertThat(record.getJsonObject("round").getString("status")).isEqualTo("CLOSED");
            var report = vn.phieukin.record.verify.RecordVerifier.verify(
                    vn.phieukin.record.verify.RecordVerifier.parse(record.toBuffer().getBytes()),
                    vn.phieukin.ballot.SealPublicKey.parse(dir.resolve("keys").resolve(vn.phieukin.ballot.SealKey.PUBLIC_FILE).toString()),
                    null);
            assertThat(report.failed()).as("the sealed record verifies").isEmpty();
            assertThat(closed.body().getString("recordSha256"))
                    .isEqualTo(vn.phieukin.record.RecordHash.sha256(vn.phieukin.record.ProcedureJson.mapper()
                            .readTree(record.toBuffer().getBytes())));
        }
    }

    @Test
    void manyIssueRequestsOfOneDelegateRacingGiveOneToken() throws Exception {
        JsonObject round = openRound(3);
        String tablet = round.getJsonArray("tablets").getString(1);
        List<Voter> voters = new ArrayList<>();
        List<JsonObject> requests = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            Voter voter = f.voter(round);
            voters.add(voter);
            requests.add(voter.issueRequest());
        }
        List<Answer> answers = race("/api/v1/rounds/" + round.getString("id") + "/issue", requests, tablet);
        assertThat(answers.stream().filter(a -> a.status() == 200)).hasSize(1);
        assertThat(answers.stream().filter(a -> a.status() == 409)).allSatisfy(a -> assertThat(a.code()).isEqualTo("ALREADY_ISSUED"))
                .hasSize(RACERS - 1);
        int winner = answers.indexOf(answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow());
        voters.get(winner).finish(answers.get(winner).body());
        assertThat(srv.post("/api/v1/rounds/" + round.getString("id") + "/ballots",
                voters.get(winner).ballot(RoundsFixture.votes(round, Map.of())), null).status())
                .as("the one token issued is genuine").isEqualTo(201);
        assertThat(srv.get("/api/v1/rounds/" + round.getString("id"), f.admin).object().getLong("issued")).isEqualTo(1);
    }

    @Test
    void theSameIssueRequestRacingWithItselfAlwaysGetsTheSameBlindSignature() throws Exception {
        JsonObject round = openRound(3);
        Voter voter = f.voter(round);
        List<JsonObject> copies = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            copies.add(voter.issueRequest());
        }
        List<Answer> answers = race("/api/v1/rounds/" + round.getString("id") + "/issue", copies,
                round.getJsonArray("tablets").getString(2));
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(answers.stream().map(a -> a.body().getString("blindSignature")).distinct()).hasSize(1);
        voter.finish(answers.get(0).body());
        assertThat(srv.get("/api/v1/rounds/" + round.getString("id"), f.admin).object().getLong("issued")).isEqualTo(1);
    }
}
