package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.committee.BallotCheck;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.Ciphertext;
import vn.phieukin.committee.EncryptedBallot;
import vn.phieukin.committee.JointKey;
import vn.phieukin.record.v2.V2Tally;
import vn.phieukin.server.RoundsFixture.Delegate;
import vn.phieukin.server.RoundsFixture.Voter;

/**
 * What the committee page needs at each close ({@link CommitteeRounds}): the rounds awaiting
 * decryption and a closed round's encrypted ballots, as stored (sorted by receipt), from which a
 * member device recomputes the server's encrypted tally; refused before the close, to another
 * conference's members, to tablets and to nobody.
 */
@ExtendWith(VertxExtension.class)
class CommitteeRoundsTest {
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

    private JsonObject section(String position, int max, String... candidates) {
        JsonArray list = new JsonArray();
        for (String c : candidates) {
            list.add(f.id(c));
        }
        return new JsonObject().put("positionId", f.id(position)).put("maxSelections", max).put("candidates", list);
    }

    @Test
    void aMemberListsTheRoundsAwaitingDecryptionAndDownloadsTheBallotsAsStored() throws Exception {
        String conference = f.conference(4, new JsonObject().put("encryption", "COMMITTEE"));
        CommitteeFixture committee = CommitteeFixture.ready(srv, f.admin, conference, 3, 2);
        List<Delegate> delegates = f.delegates(conference, 4, 4);
        JsonObject round = f.openRound(conference, new JsonObject().put("sections", new JsonArray()
                .add(section("CT", 2, "c4", "c5", "c6"))));
        String id = round.getString("id");
        String ct = f.id("CT");
        BallotLayout.Nomination layout = new BallotLayout.Nomination(List.of(new BallotLayout.Section(ct,
                List.of(f.id("c4"), f.id("c5"), f.id("c6")), 2)));
        String member = committee.tokens.get(0);
        String list = "/api/v1/conferences/" + conference + "/committee/rounds";

        List<String> casts = new ArrayList<>();
        Map<String, String> requestByReceipt = new TreeMap<>();
        List<List<String>> picks = List.of(List.of(f.id("c4"), f.id("c5")), List.of(f.id("c4")), List.of(),
                List.of(f.id("c6")));
        for (int i = 0; i < 4; i++) {
            Voter voter = f.issued(round, delegates.get(i).tablet());
            JsonObject request = V2RoundsApiTest.encryptedBallot(voter, round, layout, Map.of(ct, picks.get(i)));
            TestServer.Answer cast = srv.post("/api/v1/rounds/" + id + "/ballots", request, null);
            assertThat(cast.status()).isEqualTo(201);
            String receipt = cast.object().getString("receipt");
            casts.add(receipt);
            requestByReceipt.put(receipt, CanonicalJson.encodeToString(CommitteeFixture.tree(request)));
        }

        // open: nothing to decrypt, no ballots to download
        assertThat(srv.get(list, member).object().getJsonArray("rounds")).isEmpty();
        TestServer.Answer early = srv.get("/api/v1/rounds/" + id + "/encrypted-ballots", member);
        assertThat(early.status()).as("a round not closed").isEqualTo(409);
        assertThat(early.errorCode()).isEqualTo("ROUND_STATE");
        assertThat(early.errorMessage()).contains("đang mở");

        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        JsonArray waiting = srv.get(list, member).object().getJsonArray("rounds");
        assertThat(waiting).hasSize(1);
        JsonObject item = waiting.getJsonObject(0);
        assertThat(item.getString("id")).isEqualTo(id);
        assertThat(item.getInteger("ballots")).isEqualTo(4);
        assertThat(item.getInteger("contributed")).isZero();
        assertThat(item.getInteger("threshold")).isEqualTo(2);
        assertThat(item.getBoolean("youContributed")).isFalse();
        assertThat(srv.get(list, f.admin).object().getJsonArray("rounds").getJsonObject(0).containsKey("youContributed"))
                .as("staff is no member").isFalse();

        // two pages of the ballots: sorted by receipt, each request exactly as cast
        JsonObject first = srv.get("/api/v1/rounds/" + id + "/encrypted-ballots?limit=3", member).object();
        assertThat(first.getInteger("total")).isEqualTo(4);
        assertThat(first.getString("jointKey")).isEqualTo(committee.view(0).path("jointKey").asText());
        assertThat(first.getString("fingerprint")).isEqualTo(committee.view(0).path("fingerprint").asText());
        assertThat(first.getJsonObject("layout").encode()).isEqualTo(new JsonObject().put("kind", "NOMINATION")
                .put("sections", new JsonArray().add(new JsonObject().put("position", ct).put("candidates",
                        new JsonArray().add(f.id("c4")).add(f.id("c5")).add(f.id("c6"))).put("maxSelections", 2))).encode());
        JsonObject second = srv.get("/api/v1/rounds/" + id + "/encrypted-ballots?offset=3&limit=3", member).object();
        assertThat(second.getInteger("offset")).isEqualTo(3);
        List<JsonObject> downloaded = new ArrayList<>();
        first.getJsonArray("ballots").forEach(b -> downloaded.add((JsonObject) b));
        second.getJsonArray("ballots").forEach(b -> downloaded.add((JsonObject) b));
        assertThat(downloaded).hasSize(4);
        assertThat(downloaded.stream().map(b -> b.getString("receipt")).toList())
                .as("stored order: by receipt, whatever the order of arrival")
                .containsExactlyElementsOf(requestByReceipt.keySet());
        for (JsonObject b : downloaded) {
            assertThat(CanonicalJson.encodeToString(CommitteeFixture.tree(b.getJsonObject("request"))))
                    .isEqualTo(requestByReceipt.get(b.getString("receipt")));
        }

        // what the member device does: check every proof and recompute the server's encrypted tally
        JointKey key = JointKey.fromText(first.getString("jointKey"));
        List<Map<String, Ciphertext>> slots = new ArrayList<>();
        for (JsonObject b : downloaded) {
            JsonNode request = CommitteeFixture.tree(b.getJsonObject("request"));
            BallotCheck check = EncryptedBallot.verify(layout, id, request.path("token").path("key").asText(), key,
                    request.path("body"));
            assertThat(check.isValid()).isTrue();
            slots.add(((BallotCheck.Valid) check).slots());
        }
        JsonObject served = srv.get("/api/v1/rounds/" + id + "/encrypted-tally", member).object();
        assertThat(served.getLong("ballots")).isEqualTo(4);
        assertThat(V2Tally.json(EncryptedBallot.tally(layout, slots)).toString())
                .isEqualTo(CommitteeFixture.tree(served.getJsonObject("slots")).toString());

        // the list follows the contributions; the k-th one ends the wait
        assertThat(committee.decrypt(1, id).status()).isEqualTo(200);
        JsonObject after = srv.get(list, member).object().getJsonArray("rounds").getJsonObject(0);
        assertThat(after.getInteger("contributed")).isEqualTo(1);
        assertThat(after.getJsonArray("members")).containsExactly(2);
        assertThat(after.getBoolean("youContributed")).isFalse();
        assertThat(srv.get(list, committee.tokens.get(1)).object().getJsonArray("rounds").getJsonObject(0)
                .getBoolean("youContributed")).isTrue();
        assertThat(committee.decrypt(0, id).object().getBoolean("decrypted")).isTrue();
        assertThat(srv.get(list, member).object().getJsonArray("rounds")).as("decrypted: no longer waiting").isEmpty();
        assertThat(srv.get("/api/v1/rounds/" + id + "/encrypted-ballots", member).object().getJsonArray("ballots"))
                .as("a closed round's ciphertexts stay downloadable").hasSize(4);
    }

    @Test
    void anotherConferencesMemberATabletAndNobodyAreRefusedAndBadRequestsSayWhy() throws Exception {
        String conference = f.conference(4, new JsonObject().put("encryption", "COMMITTEE"));
        CommitteeFixture own = CommitteeFixture.ready(srv, f.admin, conference, 1, 1);
        List<Delegate> delegates = f.delegates(conference, 1, 1);
        String other = f.conference(4, new JsonObject().put("encryption", "COMMITTEE"));
        CommitteeFixture attacker = CommitteeFixture.ready(srv, f.admin, other, 1, 1);
        JsonObject round = f.openRound(conference, new JsonObject().put("sections", new JsonArray()
                .add(section("CT", 1, "c4", "c5"))));
        String id = round.getString("id");
        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        String ballots = "/api/v1/rounds/" + id + "/encrypted-ballots";
        String list = "/api/v1/conferences/" + conference + "/committee/rounds";

        String outsider = attacker.tokens.get(0);
        for (String path : List.of(ballots, list, "/api/v1/rounds/" + id + "/encrypted-tally")) {
            TestServer.Answer refused = srv.get(path, outsider);
            assertThat(refused.status()).as("another conference's member on " + path).isEqualTo(403);
            assertThat(refused.errorMessage()).contains("hội nghị khác").doesNotContain(conference).doesNotContain(other);
            assertThat(srv.get(path, delegates.get(0).tablet()).status()).as("a tablet on " + path).isEqualTo(403);
            assertThat(srv.get(path, null).status()).as("nobody on " + path).isEqualTo(401);
            assertThat(srv.get(path, "not-a-token").status()).isEqualTo(401);
        }
        assertThat(srv.get("/api/v1/conferences/" + other + "/committee/rounds", outsider).object().getJsonArray("rounds"))
                .as("its own conference").isEmpty();

        TestServer.Answer badOffset = srv.get(ballots + "?offset=-1", f.admin);
        assertThat(badOffset.status()).isEqualTo(400);
        assertThat(badOffset.errorMessage()).contains("offset");
        assertThat(srv.get(ballots + "?limit=0", f.admin).errorMessage()).contains("limit");
        assertThat(srv.get(ballots + "?limit=100000", f.admin).status()).isEqualTo(400);
        TestServer.Answer unknown = srv.get("/api/v1/rounds/R999999/encrypted-ballots", f.admin);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(srv.get("/api/v1/conferences/K999999/committee/rounds", f.admin).status()).isEqualTo(404);
        assertThat(srv.get(ballots, f.admin).object().getJsonArray("ballots")).as("no ballot was cast").isEmpty();
        JsonObject item = srv.get(list, own.tokens.get(0)).object().getJsonArray("rounds").getJsonObject(0);
        assertThat(item.getInteger("ballots")).isZero();
        assertThat(own.decrypt(0, id).object().getBoolean("decrypted")).as("a tally of (O, O) slots decrypts to 0").isTrue();

        // a v1 conference's round has no encrypted ballots
        String plain = f.conference(4, new JsonObject().put("encryption", "NONE"));
        f.delegates(plain, 1, 1);
        String v1 = f.openRound(plain, new JsonObject().put("sections", new JsonArray()
                .add(section("CT", 1, "c4"))).put("reason", "Bỏ phiếu lại theo quyết định của hội nghị")).getString("id");
        srv.ok("/api/v1/rounds/" + v1 + "/close", new JsonObject(), f.admin);
        TestServer.Answer notEncrypted = srv.get("/api/v1/rounds/" + v1 + "/encrypted-ballots", f.admin);
        assertThat(notEncrypted.status()).isEqualTo(409);
        assertThat(notEncrypted.errorMessage()).contains("không mã hóa phiếu");
    }
}
