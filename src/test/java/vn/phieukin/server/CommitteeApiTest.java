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
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.committee.Encoding;
import vn.phieukin.committee.Group;
import vn.phieukin.committee.Lagrange;

/** The counting committee and its key ceremony through the real server over TLS (COMMITTEE.md). */
@ExtendWith(VertxExtension.class)
class CommitteeApiTest {
    private static final JsonObject V2 = new JsonObject().put("encryption", "COMMITTEE");
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

    @Test
    void theVersionListsBothProtocolsAndAConferenceSaysWhichItUses() throws Exception {
        assertThat(srv.get("/api/v1/version", null).object())
                .isEqualTo(new JsonObject().put("api", 1).put("protocols", new JsonArray().add(1).add(2)));
        String v2 = f.conference(4, V2);
        String v1 = f.conference(4, new JsonObject().put("encryption", "NONE"));
        // the default, for a conference whose rules do not say (none given, or others only): v2
        String unsaid = srv.ok("/api/v1/reviews/" + f.review + "/conferences", new JsonObject().put("step", 4)
                .put("title", "Mặc định").put("date", "2026-06-04"), f.admin).getString("id");
        String others = srv.ok("/api/v1/reviews/" + f.review + "/conferences", new JsonObject().put("step", 4)
                .put("title", "Mặc định").put("date", "2026-06-04").put("rules", new JsonObject().put("announced", false)),
                f.admin).getString("id");
        assertThat(srv.get("/api/v1/conferences/" + v2, f.admin).object().getJsonObject("rules").getString("encryption"))
                .isEqualTo("COMMITTEE");
        assertThat(srv.get("/api/v1/conferences/" + v1, f.admin).object().getJsonObject("rules").getString("encryption"))
                .isEqualTo("NONE");
        assertThat(srv.get("/api/v1/conferences/" + unsaid, f.admin).object().getJsonObject("rules").getString("encryption"))
                .isEqualTo("COMMITTEE").isEqualTo(ConferenceApi.DEFAULT_ENCRYPTION);
        assertThat(srv.get("/api/v1/conferences/" + others, f.admin).object().getJsonObject("rules").getString("encryption"))
                .isEqualTo("COMMITTEE");
        TestServer.Answer bad = srv.post("/api/v1/reviews/" + f.review + "/conferences", new JsonObject().put("step", 4)
                .put("title", "Sai").put("date", "2026-06-04").put("rules", new JsonObject().put("encryption", "RSA")), f.admin);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.errorMessage()).contains("rules.encryption");
    }

    @Test
    void aCommitteeOfThreeGoesThroughTheCeremonyToAJointKeyEveryoneCanRecompute() throws Exception {
        String conference = f.conference(4, V2);
        CommitteeFixture c = CommitteeFixture.named(srv, f.admin, conference, 3, 0);
        JsonObject staffView = srv.get("/api/v1/conferences/" + conference + "/committee", f.admin).object();
        assertThat(staffView.getString("status")).isEqualTo("KEYS");
        assertThat(staffView.getInteger("threshold")).as("default ⌊n/2⌋ + 1").isEqualTo(2);
        assertThat(staffView.getJsonArray("members").getJsonObject(0).getBoolean("paired")).isTrue();

        c.keys();
        assertThat(c.view(0).path("status").asText()).isEqualTo("DEAL");
        c.deals();
        JsonNode check = c.view(1);
        assertThat(check.path("status").asText()).isEqualTo("CHECK");
        assertThat(check.path("shares")).as("member 2 sees only the shares addressed to it").hasSize(2);
        assertThat(check.path("shares").findValuesAsText("from")).containsExactlyInAnyOrder("1", "3");
        assertThat(srv.get("/api/v1/conferences/" + conference + "/committee", f.admin).object().getJsonArray("shares"))
                .as("staff see no share").isEmpty();
        c.accepts();

        JsonNode ready = c.view(2);
        assertThat(ready.path("status").asText()).isEqualTo("READY");
        ECPoint joint = Group.identity();
        for (JsonNode m : ready.path("members")) {
            joint = joint.add(Encoding.pointFromText(m.path("commitments").get(0).asText()));
            assertThat(m.path("accepted").asBoolean()).isTrue();
        }
        assertThat(ready.path("jointKey").asText()).isEqualTo(Encoding.pointText(joint.normalize()));
        assertThat(ready.path("fingerprint").asText()).matches("[0-9a-f]{16}");
        // the members' shares reconstruct the joint key's secret: any 2 of 3 agree
        var l12 = Lagrange.coefficients(List.of(1, 2));
        var l23 = Lagrange.coefficients(List.of(2, 3));
        java.math.BigInteger s12 = l12.get(1).multiply(c.members.get(0).shareForTests())
                .add(l12.get(2).multiply(c.members.get(1).shareForTests())).mod(Group.ORDER);
        java.math.BigInteger s23 = l23.get(2).multiply(c.members.get(1).shareForTests())
                .add(l23.get(3).multiply(c.members.get(2).shareForTests())).mod(Group.ORDER);
        assertThat(Group.timesG(s12)).isEqualTo(joint.normalize());
        assertThat(s23).isEqualTo(s12);
    }

    @Test
    void memberTokensOpenTheCommitteeCallsAndNothingElse() throws Exception {
        String conference = f.conference(4, V2);
        CommitteeFixture c = CommitteeFixture.named(srv, f.admin, conference, 2, 0);
        String member = c.tokens.get(0);
        assertThat(srv.get("/api/v1/reviews", member).status()).isEqualTo(401);
        assertThat(srv.get("/api/v1/conferences/" + conference, member).status()).isEqualTo(401);
        assertThat(srv.get("/api/v1/tablet/state", member).status()).isEqualTo(401);
        assertThat(srv.post("/api/v1/conferences/" + conference + "/committee", new JsonObject()
                .put("members", new JsonArray().add(new JsonObject().put("fullName", "X"))), member).status()).isEqualTo(401);
        String other = f.conference(4, V2);
        assertThat(srv.get("/api/v1/conferences/" + other + "/committee", member).status()).isEqualTo(403);
        assertThat(srv.post("/api/v1/committee/key", new JsonObject(c.members.get(0).keyRequest()), f.admin).status())
                .as("staff are not member devices").isEqualTo(401);
        assertThat(srv.post("/api/v1/committee/pair", new JsonObject().put("pairingCode", c.codes.get(0)), null).status())
                .as("a pairing code works once").isEqualTo(400);
        assertThat(srv.get("/api/v1/conferences/" + conference + "/committee", null).status()).isEqualTo(401);
    }

    @Test
    void badDealsAreRefusedNamingTheFieldAndChangeNothing() throws Exception {
        String conference = f.conference(4, V2);
        CommitteeFixture c = CommitteeFixture.named(srv, f.admin, conference, 3, 2);
        assertThat(srv.post("/api/v1/committee/key", new JsonObject().put("shareKey", "AAAA"), c.tokens.get(0)).errorMessage())
                .contains("shareKey");
        c.keys();
        JsonObject good = JsonObject.mapFrom(c.members.get(0).dealRequest(c.view(0)));

        JsonObject notAPoint = good.copy();
        notAPoint.getJsonArray("commitments").set(1, "AAAA");
        TestServer.Answer a = srv.post("/api/v1/committee/deal", notAPoint, c.tokens.get(0));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.errorMessage()).contains("commitments[1]");

        JsonObject wrongProof = good.copy();
        wrongProof.getJsonObject("pok").put("z", Encoding.scalarText(Encoding.scalarFromText(
                good.getJsonObject("pok").getString("z")).add(java.math.BigInteger.ONE)));
        a = srv.post("/api/v1/committee/deal", wrongProof, c.tokens.get(0));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.errorMessage()).contains("pok");

        JsonObject missingShare = good.copy();
        missingShare.getJsonArray("shares").remove(0);
        a = srv.post("/api/v1/committee/deal", missingShare, c.tokens.get(0));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.errorMessage()).contains("shares");

        JsonObject tooFew = good.copy();
        tooFew.getJsonArray("commitments").remove(1);
        assertThat(srv.post("/api/v1/committee/deal", tooFew, c.tokens.get(0)).errorMessage()).contains("commitments");

        assertThat(c.view(0).path("members").get(0).path("commitments").isNull()).as("nothing stored").isTrue();
        assertThat(srv.post("/api/v1/committee/deal", good, c.tokens.get(0)).status()).isEqualTo(200);
        assertThat(srv.post("/api/v1/committee/deal", good, c.tokens.get(0)).status()).as("the same again").isEqualTo(200);
        JsonObject another = JsonObject.mapFrom(c.members.get(0).dealRequest(c.view(0)));
        assertThat(srv.post("/api/v1/committee/deal", another, c.tokens.get(0)).status()).as("a second deal").isEqualTo(409);
    }

    @Test
    void aWrongVerificationKeyIsRefusedAndAComplaintStopsTheCeremonyUntilRestarted() throws Exception {
        String conference = f.conference(4, V2);
        CommitteeFixture c = CommitteeFixture.named(srv, f.admin, conference, 3, 2);
        c.keys();
        c.deals();
        TestServer.Answer wrong = srv.post("/api/v1/committee/accept",
                new JsonObject().put("verificationKey", Encoding.pointText(Group.timesG(java.math.BigInteger.TWO))), c.tokens.get(0));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.errorMessage()).contains("verificationKey");

        assertThat(srv.post("/api/v1/committee/complaint", new JsonObject().put("against", 2).put("reason", "Phần khóa sai"),
                c.tokens.get(0)).status()).isEqualTo(200);
        JsonNode failed = c.view(1);
        assertThat(failed.path("status").asText()).isEqualTo("FAILED");
        assertThat(failed.path("complaint").path("against").asInt()).isEqualTo(2);
        assertThat(srv.post("/api/v1/committee/accept", JsonObject.mapFrom(c.members.get(1).check(c.view(1))[1]),
                c.tokens.get(1)).status()).isEqualTo(409);

        JsonObject round = f.round(conference, new JsonObject().put("sections", new JsonArray().add(new JsonObject()
                .put("positionId", f.id("CT")).put("maxSelections", 1).put("candidates", new JsonArray().add(f.id("c4"))))));
        f.delegates(conference, 3, 3);
        TestServer.Answer open = srv.post("/api/v1/rounds/" + round.getString("id") + "/open", new JsonObject(), f.admin);
        assertThat(open.status()).as("no round before READY").isEqualTo(409);
        assertThat(open.errorMessage()).contains("FAILED");

        CommitteeFixture again = CommitteeFixture.ready(srv, f.admin, conference, 3, 2);
        assertThat(again.view(0).path("status").asText()).isEqualTo("READY");
        assertThat(srv.get("/api/v1/conferences/" + conference + "/committee", c.tokens.get(0)).status())
                .as("the old devices' tokens are gone with the old committee").isEqualTo(401);
        assertThat(srv.post("/api/v1/rounds/" + round.getString("id") + "/open", new JsonObject(), f.admin).status())
                .isEqualTo(200);
        TestServer.Answer late = srv.post("/api/v1/conferences/" + conference + "/committee", new JsonObject()
                .put("members", new JsonArray().add(new JsonObject().put("fullName", "X"))), f.admin);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.errorCode()).isEqualTo("ROUND_STATE");
    }

    @Test
    void aPlaintextConferenceHasNoCommitteeAndBadSetUpsAreRefused() throws Exception {
        String v1 = f.conference(4, new JsonObject().put("encryption", "NONE"));
        assertThat(srv.post("/api/v1/conferences/" + v1 + "/committee", new JsonObject().put("members", new JsonArray()
                .add(new JsonObject().put("fullName", "A"))), f.admin).status()).isEqualTo(400);
        String v2 = f.conference(4, V2);
        JsonArray ten = new JsonArray();
        for (int i = 0; i < 10; i++) {
            ten.add(new JsonObject().put("fullName", "Ủy viên " + i));
        }
        assertThat(srv.post("/api/v1/conferences/" + v2 + "/committee", new JsonObject().put("members", ten), f.admin)
                .errorMessage()).contains("members");
        JsonArray two = new JsonArray().add(new JsonObject().put("fullName", "A")).add(new JsonObject().put("fullName", "B"));
        assertThat(srv.post("/api/v1/conferences/" + v2 + "/committee", new JsonObject().put("members", two)
                .put("threshold", 3), f.admin).errorMessage()).contains("threshold");
        assertThat(srv.get("/api/v1/conferences/" + v2 + "/committee", f.admin).status()).isEqualTo(404);
        List<String> none = new ArrayList<>();
        assertThat(none).isEmpty();
    }
}
