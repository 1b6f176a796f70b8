package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.BlindSigner;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.store.Database;

/**
 * Issue 9 items 3, 9 and 10 through the real server over TLS: the ballot box never holds more
 * ballots than tokens issued (even with tokens minted from a stolen round key), strict cast
 * input, duplicate keys in staff JSON, tablets confined to their conference, the round key's
 * fingerprint, and the list of receipts after close.
 */
@ExtendWith(VertxExtension.class)
class SecrecyHardeningApiTest {
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

    private static List<Map<String, Object>> none(JsonObject round) {
        return RoundsFixture.votes(round, Map.of());
    }

    @Test
    void aTokenMintedWithTheStolenRoundKeyCannotAddABallotBeyondTheTokensIssued() throws Exception {
        String conference = f.conference(1);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        RoundsFixture.Voter first = f.issued(round, delegates.get(0).tablet());
        RoundsFixture.Voter second = f.issued(round, delegates.get(1).tablet());
        // the attacker holds data/ and keys/ while the round is open: unwraps the key, mints a token
        byte[] wrapped;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data").resolve(Database.FILE_NAME));
             Statement s = c.createStatement(); ResultSet row = s.executeQuery("SELECT private_key FROM round_private_keys")) {
            assertThat(row.next()).isTrue();
            wrapped = row.getBytes(1);
        }
        BlindSigner stolen = BlindSigner.decodePrivate(RoundKeyWrap.loadOrCreate(dir.resolve("keys"), new SecureRandom())
                .unwrap(id, wrapped));
        RoundsFixture.Voter minted = f.voter(round);
        byte[] blinded = Base64Url.decode(minted.issueRequest().getString("blindedMessage"));
        minted.holder.finalizeToken(stolen.blindSign(blinded));

        String path = "/api/v1/rounds/" + id + "/ballots";
        JsonObject firstBallot = first.ballot(none(round));
        String receipt = srv.ok(path, firstBallot, null).getString("receipt");
        assertThat(srv.post(path, second.ballot(none(round)), null).status()).isEqualTo(201);
        var refused = srv.post(path, minted.ballot(none(round)), null);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("BALLOT_LIMIT");
        assertThat(refused.errorMessage()).contains("bằng số mã phiếu đã cấp (2)").contains("không nhận thêm phiếu");
        var resent = srv.post(path, firstBallot, null);
        assertThat(resent.status()).as("an identical resend still gets its receipt").isEqualTo(200);
        assertThat(resent.object().getString("receipt")).isEqualTo(receipt);
        assertThat(srv.get("/api/v1/rounds/" + id, f.admin).object().getLong("cast")).isEqualTo(2);
    }

    @Test
    void aCastWithAnotherMemberOrAnUnsafeIntegerIsInvalidAndTheTokenStaysUsable() throws Exception {
        String conference = f.conference(1);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        String path = "/api/v1/rounds/" + round.getString("id") + "/ballots";
        RoundsFixture.Voter voter = f.issued(round, delegates.get(0).tablet());
        JsonObject ballot = voter.ballot(none(round));

        var marked = srv.post(path, ballot.copy().put("note", "đại biểu số 7"), null);
        assertThat(marked.status()).isEqualTo(400);
        assertThat(marked.errorCode()).isEqualTo("INVALID_BALLOT");
        assertThat(marked.errorMessage()).contains("\"body\", \"token\", \"signature\"");
        JsonObject tokenMarked = ballot.copy();
        tokenMarked.getJsonObject("token").put("mark", 7);
        assertThat(srv.post(path, tokenMarked, null).errorCode()).isEqualTo("INVALID_BALLOT");
        // integers outside ±(2^53 − 1), anywhere: as raw JSON text, so nothing rounds them on the way
        String text = ballot.encode();
        String big = text.substring(0, text.length() - 1) + ",\"signature2\":9007199254740993}";
        assertThat(srv.call("POST", path, Buffer.buffer(big), null).errorCode()).isEqualTo("INVALID_BALLOT");
        String inBody = text.replace("\"body\":{", "\"body\":{\"x\":-9007199254740992,");
        assertThat(inBody).isNotEqualTo(text);
        var unsafe = srv.call("POST", path, Buffer.buffer(inBody), null);
        assertThat(unsafe.errorCode()).isEqualTo("INVALID_BALLOT");
        assertThat(unsafe.errorMessage()).contains("2^53");
        var duplicate = srv.call("POST", path, Buffer.buffer(text.replace("\"body\":{", "\"body\":{\"round\":\"r0\",")), null);
        assertThat(duplicate.status()).as("a duplicate key").isEqualTo(400);

        assertThat(srv.post(path, ballot, null).status()).as("the token was not spent").isEqualTo(201);
    }

    @Test
    void staffJsonWithADuplicateKeyIsRefused() throws Exception {
        var refused = srv.call("POST", "/api/v1/reviews",
                Buffer.buffer("{\"name\":\"Rà soát A\",\"referenceDate\":\"2026-06-01\",\"name\":\"Rà soát B\"}"), f.admin);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorMessage()).contains("lặp").contains("name");
        var nested = srv.call("POST", "/api/v1/reviews/" + f.review + "/positions",
                Buffer.buffer("{\"name\":\"Phó Bí thư\",\"maxPlanned\":2,\"x\":{\"a\":1,\"a\":2}}"), f.admin);
        assertThat(nested.status()).isEqualTo(400);
        assertThat(srv.call("POST", "/api/v1/reviews", Buffer.buffer("{\"name\":\"Rà soát C\",\"referenceDate\":\"2026-06-01\"}"),
                f.admin).status()).isEqualTo(201);
    }

    @Test
    void aTabletReadsOnlyTheRoundsOfItsOwnConferenceAndSeesTheKeyFingerprint() throws Exception {
        String mine = f.conference(1);
        List<RoundsFixture.Delegate> mineDelegates = f.delegates(mine, 3, 3);
        String other = f.conference(2);
        f.supplement("c4", "CT");
        List<RoundsFixture.Delegate> otherDelegates = f.delegates(other, 3, 3);
        JsonObject myRound = f.openRound(mine, new JsonObject());
        JsonObject otherRound = f.openRound(other, new JsonObject());

        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(CanonicalJson.encode(myRound.getJsonObject("tokenKey").getMap()))).substring(0, 16);
        assertThat(myRound.getString("tokenKeyFingerprint")).isEqualTo(fingerprint);
        var own = srv.get("/api/v1/rounds/" + myRound.getString("id"), mineDelegates.get(0).tablet());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.object().getString("tokenKeyFingerprint")).isEqualTo(fingerprint);
        JsonObject state = srv.get("/api/v1/tablet/state", mineDelegates.get(0).tablet()).object();
        assertThat(state.getJsonObject("openRound").getString("tokenKeyFingerprint")).isEqualTo(fingerprint);
        assertThat(srv.get("/api/v1/conferences/" + mine + "/screen", null).object().getJsonObject("round")
                .getString("tokenKeyFingerprint")).isEqualTo(fingerprint);
        assertThat(otherRound.getString("tokenKeyFingerprint")).isNotEqualTo(fingerprint);

        var foreign = srv.get("/api/v1/rounds/" + otherRound.getString("id"), mineDelegates.get(0).tablet());
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.text()).doesNotContain("tokenKey");
        assertThat(srv.get("/api/v1/rounds/" + myRound.getString("id"), otherDelegates.get(0).tablet()).status()).isEqualTo(404);
        assertThat(srv.get("/api/v1/rounds/" + otherRound.getString("id"), f.admin).status()).isEqualTo(200);
    }

    @Test
    void afterCloseEveryReceiptIsListedForEveryStepWithoutContentsOrCredentials() throws Exception {
        // step 2: the result is not announced, the receipts are
        f.supplement("c4", "CT");
        String conference = f.conference(2);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        List<String> receipts = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            RoundsFixture.Voter voter = f.issued(round, delegates.get(i).tablet());
            receipts.add(srv.ok("/api/v1/rounds/" + id + "/ballots",
                    voter.ballot(RoundsFixture.picks(round, Map.of())), null).getString("receipt"));
        }
        var early = srv.get("/api/v1/rounds/" + id + "/receipts", null);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.errorCode()).isEqualTo("ROUND_STATE");
        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        assertThat(srv.get("/api/v1/rounds/" + id + "/result", null).status()).as("not announced").isEqualTo(403);

        var listed = srv.get("/api/v1/rounds/" + id + "/receipts", null);
        assertThat(listed.status()).isEqualTo(200);
        JsonArray all = listed.object().getJsonArray("receipts");
        assertThat(all.getList()).containsExactlyElementsOf(receipts.stream().sorted().toList());
        assertThat(listed.object().getJsonArray("paperReceipts")).isEmpty();
        assertThat(listed.text()).doesNotContain("choices").doesNotContain("token").doesNotContain("signature");
        assertThat(srv.get("/api/v1/rounds/r999/receipts", null).status()).isEqualTo(404);
    }
}
