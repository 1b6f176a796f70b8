package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.Encoding;
import vn.phieukin.committee.EncryptedBallot;
import vn.phieukin.committee.Group;
import vn.phieukin.committee.JointKey;
import vn.phieukin.committee.Randomness;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.server.RoundsFixture.Delegate;
import vn.phieukin.server.RoundsFixture.Voter;

/**
 * A v2 round through the real server over TLS (COMMITTEE.md): encrypted ballots checked before
 * 201, the encrypted tally at close, decryption by 2 of 3 simulated member devices, the result
 * with paper ballots added, and the sealed record {@code phieukin-record/2}.
 */
@ExtendWith(VertxExtension.class)
class V2RoundsApiTest {
    static final Randomness RANDOM = Randomness.from(new SecureRandom());
    @TempDir
    Path dir;
    TestServer srv;
    RoundsFixture f;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        f = RoundsFixture.create(srv);
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    /** Picks → a signed cast request with an encrypted body (as the tablet makes it). */
    static JsonObject encryptedBallot(Voter voter, JsonObject round, BallotLayout layout, Map<String, List<String>> picks) {
        JointKey key = JointKey.fromText(round.getJsonObject("committee").getString("jointKey"));
        ObjectNode body = layout instanceof BallotLayout.Nomination n
                ? EncryptedBallot.encryptNomination(n, round.getString("id"), voter.holder.tokenKey(), key, picks, RANDOM)
                : null;
        @SuppressWarnings("unchecked")
        Map<String, Object> map = ProcedureJson.mapper().convertValue(body, Map.class);
        return JsonObject.mapFrom(voter.holder.castRequestWithBody(map));
    }

    private JsonObject section(String position, int max, String... candidates) {
        JsonArray list = new JsonArray();
        for (String c : candidates) {
            list.add(f.id(c));
        }
        return new JsonObject().put("positionId", f.id(position)).put("maxSelections", max).put("candidates", list);
    }

    @Test
    void encryptedBallotsAreCountedOnlyAsTotalsThatTwoOfThreeMembersDecrypt() throws Exception {
        String conference = f.conference(4, new JsonObject().put("encryption", "COMMITTEE"));
        CommitteeFixture committee = CommitteeFixture.ready(srv, f.admin, conference, 3, 0);
        List<Delegate> delegates = f.delegates(conference, 4, 4);
        JsonObject round = f.openRound(conference, new JsonObject().put("sections", new JsonArray()
                .add(section("CT", 2, "c4", "c5", "c6"))));
        String id = round.getString("id");
        assertThat(round.getString("encryption")).isEqualTo("COMMITTEE");
        assertThat(round.getJsonObject("committee").getString("fingerprint"))
                .isEqualTo(committee.view(0).path("fingerprint").asText());
        String ct = f.id("CT");
        BallotLayout layout = new BallotLayout.Nomination(List.of(new BallotLayout.Section(ct,
                List.of(f.id("c4"), f.id("c5"), f.id("c6")), 2)));

        // a tampered ballot is refused before anything is stored, and its token still works
        Voter first = f.issued(round, delegates.get(0).tablet());
        JsonObject good = encryptedBallot(first, round, layout, Map.of(ct, List.of(f.id("c4"), f.id("c5"))));
        JsonObject tamperedBody = good.getJsonObject("body").copy();
        JsonObject slot = tamperedBody.getJsonArray("sections").getJsonObject(0).getJsonArray("slots").getJsonObject(0);
        slot.put("beta", Encoding.pointText(Encoding.pointFromText(slot.getString("beta")).add(Group.generator()).normalize()));
        @SuppressWarnings("unchecked")
        Map<String, Object> tamperedMap = ProcedureJson.mapper().readValue(tamperedBody.encode(), Map.class);
        TestServer.Answer tampered = srv.post("/api/v1/rounds/" + id + "/ballots",
                JsonObject.mapFrom(first.holder.castRequestWithBody(tamperedMap)), null);
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.errorCode()).isEqualTo("INVALID_BALLOT");
        assertThat(tampered.errorMessage()).contains("/sections/0/slots/0");
        TestServer.Answer plain = srv.post("/api/v1/rounds/" + id + "/ballots",
                first.ballot(RoundsFixture.picks(round, Map.of(ct, List.of(f.id("c4"))))), null);
        assertThat(plain.status()).as("a v1 body in a v2 round").isEqualTo(400);
        assertThat(srv.post("/api/v1/rounds/" + id + "/ballots", good, null).status()).isEqualTo(201);

        Voter second = f.issued(round, delegates.get(1).tablet());
        assertThat(srv.post("/api/v1/rounds/" + id + "/ballots",
                encryptedBallot(second, round, layout, Map.of(ct, List.of(f.id("c4")))), null).status()).isEqualTo(201);
        Voter third = f.issued(round, delegates.get(2).tablet());
        assertThat(srv.post("/api/v1/rounds/" + id + "/ballots",
                encryptedBallot(third, round, layout, Map.of()), null).status()).isEqualTo(201);
        // the fourth delegate votes on paper
        srv.ok("/api/v1/rounds/" + id + "/paper-issue", new JsonObject().put("delegateId", delegates.get(3).id()), f.admin);
        srv.ok("/api/v1/rounds/" + id + "/paper-ballots", new JsonObject().put("choices", new JsonArray()
                .add(new JsonObject().put("position", ct).put("cadres", new JsonArray().add(f.id("c6"))))), f.admin);

        assertThat(srv.get("/api/v1/rounds/" + id + "/encrypted-tally", f.admin).status()).as("still open").isEqualTo(409);
        JsonObject closed = srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        assertThat(closed.getBoolean("awaitingDecryption")).isTrue();
        JsonObject view = srv.get("/api/v1/rounds/" + id, f.admin).object();
        assertThat(view.getString("status")).isEqualTo("CLOSED");
        assertThat(view.getBoolean("awaitingDecryption")).isTrue();
        assertThat(view.getJsonObject("decryption").getInteger("contributed")).isZero();
        assertThat(srv.get("/api/v1/rounds/" + id + "/result", f.admin).status()).isEqualTo(409);
        assertThat(srv.get("/api/v1/conferences/" + conference + "/screen", null).object().getString("notice"))
                .isEqualTo("Đang chờ Ban kiểm phiếu giải mã (0/2)");
        JsonObject tally = srv.get("/api/v1/rounds/" + id + "/encrypted-tally", committee.tokens.get(0)).object();
        assertThat(tally.getLong("ballots")).isEqualTo(3);
        assertThat(tally.getJsonObject("slots").fieldNames()).containsExactlyInAnyOrder(ct + "|" + f.id("c4"),
                ct + "|" + f.id("c5"), ct + "|" + f.id("c6"));

        // a contribution with one wrong share is refused naming the slot
        JsonObject contribution = JsonObject.mapFrom(committee.members.get(0).decryptionRequest(id,
                CommitteeFixture.tree(tally).path("slots")));
        JsonObject wrong = contribution.copy();
        JsonObject share = wrong.getJsonObject("contributions").getJsonObject(ct + "|" + f.id("c5"));
        share.put("D", Encoding.pointText(Encoding.pointFromText(share.getString("D")).add(Group.generator()).normalize()));
        TestServer.Answer refused = srv.post("/api/v1/rounds/" + id + "/decryption", wrong, committee.tokens.get(0));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorMessage()).contains(ct + "|" + f.id("c5"));
        JsonObject missing = contribution.copy();
        missing.getJsonObject("contributions").remove(ct + "|" + f.id("c6"));
        assertThat(srv.post("/api/v1/rounds/" + id + "/decryption", missing, committee.tokens.get(0)).errorMessage())
                .contains(ct + "|" + f.id("c6"));
        assertThat(srv.post("/api/v1/rounds/" + id + "/decryption", contribution, f.admin).status())
                .as("only member devices decrypt").isEqualTo(401);

        JsonObject one = srv.ok("/api/v1/rounds/" + id + "/decryption", contribution, committee.tokens.get(0));
        assertThat(one.getBoolean("decrypted")).isFalse();
        assertThat(srv.get("/api/v1/rounds/" + id + "/result", f.admin).status()).as("one of three decrypts nothing")
                .isEqualTo(409);
        assertThat(srv.get("/api/v1/conferences/" + conference + "/screen", null).object().getString("notice"))
                .isEqualTo("Đang chờ Ban kiểm phiếu giải mã (1/2)");
        JsonObject two = committee.decrypt(2, id).object();
        assertThat(two.getBoolean("decrypted")).isTrue();
        assertThat(committee.decrypt(1, id).status()).as("after the result").isEqualTo(409);

        JsonObject result = srv.get("/api/v1/rounds/" + id + "/result", f.admin).object();
        JsonNode record = ProcedureJson.mapper().readTree(srv.get("/api/v1/rounds/" + id + "/record", f.admin).text());
        assertThat(record.path("format").asText()).isEqualTo("phieukin-record/2");
        assertThat(record.path("rules").path("encryption").asText()).isEqualTo("COMMITTEE");
        assertThat(record.path("tally").path("ballots").path("cast").asLong()).isEqualTo(4);
        JsonNode votes = record.path("tally").path("positions").path(ct);
        assertThat(votes.path(f.id("c4")).asLong()).isEqualTo(2);
        assertThat(votes.path(f.id("c5")).asLong()).isEqualTo(1);
        assertThat(votes.path(f.id("c6")).asLong()).as("the paper ballot").isEqualTo(1);
        assertThat(record.path("decryption").path(ct + "|" + f.id("c4")).path("votes").asLong()).isEqualTo(2);
        assertThat(record.path("decryption").path(ct + "|" + f.id("c4")).path("contributions").findValuesAsText("member"))
                .containsExactly("1", "3");
        assertThat(record.path("committee").path("members")).hasSize(3);
        assertThat(record.path("ballots")).hasSize(3);
        assertThat(result.encode()).contains(f.id("c4"));
        assertThat(srv.get("/api/v1/rounds/" + id, f.admin).object().getBoolean("awaitingDecryption")).isFalse();
    }

    @Test
    void theBallotBoxTakesBodiesUpToEightMegabytes() throws Exception {
        String conference = f.conference(4, new JsonObject().put("encryption", "COMMITTEE"));
        CommitteeFixture.ready(srv, f.admin, conference, 1, 1);
        f.delegates(conference, 1, 1);
        String id = f.openRound(conference, new JsonObject().put("sections", new JsonArray()
                .add(section("CT", 1, "c4")))).getString("id");
        String pad = "x".repeat(3 * 1024 * 1024);
        TestServer.Answer large = srv.call("POST", "/api/v1/rounds/" + id + "/ballots",
                Buffer.buffer("{\"pad\":\"" + pad + "\"}"), null, "application/json");
        assertThat(large.status()).as("3 MB reaches the checks").isEqualTo(400);
        TestServer.Answer tooLarge = srv.call("POST", "/api/v1/rounds/" + id + "/ballots",
                Buffer.buffer("{\"pad\":\"" + pad + pad + pad + "\"}"), null, "application/json");
        assertThat(tooLarge.status()).isEqualTo(413);
        TestServer.Answer elsewhere = srv.call("POST", "/api/v1/reviews", Buffer.buffer("{\"pad\":\"" + pad + "\"}"),
                f.admin, "application/json");
        assertThat(elsewhere.status()).as("other calls keep 1 MB").isEqualTo(413);
    }
}
