package vn.phieukin.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.v2.SimulatedMember;

/**
 * A counting committee whose member devices are simulated in Java ({@link SimulatedMember}),
 * set up and taken through the key ceremony over the real API.
 */
final class CommitteeFixture {
    static final SecureRandom RANDOM = new SecureRandom();

    final TestServer srv;
    final String conference;
    final List<SimulatedMember> members = new ArrayList<>();
    final List<String> tokens = new ArrayList<>();
    final List<String> codes = new ArrayList<>();

    private CommitteeFixture(TestServer srv, String conference) {
        this.srv = srv;
        this.conference = conference;
    }

    /** Names {@code n} members with threshold {@code k} (0: the default) and pairs every device. */
    static CommitteeFixture named(TestServer srv, String admin, String conference, int n, int k) throws Exception {
        CommitteeFixture f = new CommitteeFixture(srv, conference);
        JsonArray members = new JsonArray();
        for (int i = 1; i <= n; i++) {
            members.add(new JsonObject().put("fullName", "Ủy viên Ban kiểm phiếu " + i));
        }
        JsonObject body = new JsonObject().put("members", members);
        if (k > 0) {
            body.put("threshold", k);
        }
        JsonObject created = srv.ok("/api/v1/conferences/" + conference + "/committee", body, admin);
        for (int i = 0; i < n; i++) {
            f.codes.add(created.getJsonArray("members").getJsonObject(i).getString("pairingCode"));
            f.members.add(new SimulatedMember(i + 1, RANDOM));
        }
        for (String code : f.codes) {
            f.tokens.add(srv.ok("/api/v1/committee/pair", new JsonObject().put("pairingCode", code), null)
                    .getString("memberToken"));
        }
        return f;
    }

    /** A committee of {@code n} (threshold {@code k}) through the whole ceremony: READY. */
    static CommitteeFixture ready(TestServer srv, String admin, String conference, int n, int k) throws Exception {
        CommitteeFixture f = named(srv, admin, conference, n, k);
        f.keys();
        f.deals();
        f.accepts();
        return f;
    }

    void keys() throws Exception {
        for (int i = 0; i < members.size(); i++) {
            srv.ok("/api/v1/committee/key", new JsonObject(members.get(i).keyRequest()), tokens.get(i));
        }
    }

    void deals() throws Exception {
        for (int i = 0; i < members.size(); i++) {
            srv.ok("/api/v1/committee/deal", JsonObject.mapFrom(members.get(i).dealRequest(view(i))), tokens.get(i));
        }
    }

    void accepts() throws Exception {
        for (int i = 0; i < members.size(); i++) {
            Object[] outcome = members.get(i).check(view(i));
            if (!"accept".equals(outcome[0])) {
                throw new AssertionError("member " + (i + 1) + " complained: " + outcome[1]);
            }
            srv.ok("/api/v1/committee/accept", JsonObject.mapFrom(outcome[1]), tokens.get(i));
        }
    }

    /** GET /committee as member {@code i} (0-based) sees it, as a Jackson tree. */
    JsonNode view(int i) throws Exception {
        return tree(srv.get("/api/v1/conferences/" + conference + "/committee", tokens.get(i)).object());
    }

    /** Member {@code i} (0-based) decrypts the closed round's encrypted tally. */
    TestServer.Answer decrypt(int i, String round) throws Exception {
        JsonObject tally = srv.get("/api/v1/rounds/" + round + "/encrypted-tally", tokens.get(i)).object();
        return srv.post("/api/v1/rounds/" + round + "/decryption",
                JsonObject.mapFrom(members.get(i).decryptionRequest(round, tree(tally).path("slots"))), tokens.get(i));
    }

    static JsonNode tree(JsonObject json) throws Exception {
        return ProcedureJson.mapper().readTree(json.encode());
    }
}
