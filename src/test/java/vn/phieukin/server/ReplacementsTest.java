package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.Sealer;
import vn.phieukin.record.verify.RecordVerifier;
import vn.phieukin.record.verify.VerificationReport;
import vn.phieukin.server.RoundsFixture.Delegate;
import vn.phieukin.server.RoundsFixture.Voter;

/**
 * A delegate whose tablet failed after it received its token is not disenfranchised: the desk
 * records a replacement (đổi phiếu), the old tablet stops working, the delegate votes on a new
 * tablet or on paper, and the sealed record counts the replacement openly and still verifies.
 */
@ExtendWith(VertxExtension.class)
class ReplacementsTest {
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

    private JsonObject replacement(String delegate, String kind, boolean confirmed) {
        return new JsonObject().put("delegateId", delegate).put("kind", kind).put("reason", "máy tính bảng hỏng")
                .put("confirmedNotVoted", confirmed);
    }

    private String pairAgain(String conference, String delegate) throws Exception {
        String code = srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in", new JsonObject(),
                f.admin).getString("pairingCode");
        return srv.ok("/api/v1/tablet/pair", new JsonObject().put("pairingCode", code), null).getString("tabletToken");
    }

    private VerificationReport verify(JsonNode record) throws Exception {
        return RecordVerifier.verify(record, srv.server.sealKey().publicKey(), null);
    }

    @Test
    void anElectronicReplacementRevokesTheOldTabletAndTheNewOneVotesAndTheRecordSaysSo() throws Exception {
        String conference = f.conference(1);
        List<Delegate> delegates = f.delegates(conference, 4, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        String path = "/api/v1/rounds/" + id + "/replacements";
        Delegate broken = delegates.get(0);
        f.issued(round, broken.tablet()); // the old tablet took its token, then failed
        Voter other = f.issued(round, delegates.get(1).tablet());
        assertThat(srv.post("/api/v1/rounds/" + id + "/ballots", other.ballot(RoundsFixture.votes(round, Map.of("L1", "AGREE"))), null)
                .status()).isEqualTo(201);

        var unconfirmed = srv.post(path, replacement(broken.id(), "ELECTRONIC", false), f.admin);
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.errorMessage()).contains("chưa bỏ phiếu");
        assertThat(srv.post(path, replacement(broken.id(), "ELECTRONIC", true), broken.tablet()).status()).isIn(401, 403);
        var done = srv.post(path, replacement(broken.id(), "ELECTRONIC", true), f.admin);
        assertThat(done.status()).isEqualTo(201);
        assertThat(done.object().getString("kind")).isEqualTo("ELECTRONIC");
        assertThat(srv.post(path, replacement(broken.id(), "PAPER", true), f.admin).errorCode()).isEqualTo("ALREADY_REPLACED");
        assertThat(srv.get("/api/v1/tablet/state", broken.tablet()).status()).as("the old tablet is revoked").isEqualTo(401);

        String fresh = pairAgain(conference, broken.id());
        Voter replaced = f.issued(round, fresh);
        assertThat(srv.post("/api/v1/rounds/" + id + "/issue", f.voter(round).issueRequest(), fresh).errorCode())
                .as("one replacement token, not more").isEqualTo("ALREADY_ISSUED");
        assertThat(srv.post("/api/v1/rounds/" + id + "/ballots", replaced.ballot(RoundsFixture.votes(round, Map.of("L1", "DISAGREE"))),
                null).status()).isEqualTo(201);
        assertThat(srv.get("/api/v1/rounds/" + id, f.admin).object().getLong("issued")).isEqualTo(3);

        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        JsonObject record = srv.get("/api/v1/rounds/" + id + "/record", null).object();
        JsonObject issued = record.getJsonObject("issued");
        assertThat(issued.getLong("electronic")).isEqualTo(3);
        assertThat(issued.getJsonArray("electronicTo").stream().filter(broken.id()::equals).count()).isEqualTo(2);
        JsonArray replacements = issued.getJsonArray("replacements");
        assertThat(replacements).hasSize(1);
        assertThat(replacements.getJsonObject(0).getString("delegateId")).isEqualTo(broken.id());
        assertThat(replacements.getJsonObject(0).getString("reason")).isEqualTo("máy tính bảng hỏng");
        JsonNode tree = ProcedureJson.mapper().readTree(record.encode());
        VerificationReport report = verify(tree);
        assertThat(report.failed()).isEmpty();

        // the same record without its replacement, re-sealed: a delegate holding two tokens unexplained
        ObjectNode forged = (ObjectNode) tree.deepCopy();
        ((ObjectNode) forged.get("issued")).remove("replacements");
        forged.remove("seal");
        VerificationReport caught = verify(Sealer.seal(forged, srv.server.sealKey()));
        assertThat(caught.failed()).containsExactly(vn.phieukin.record.verify.CheckId.V6);
    }

    @Test
    void aPaperReplacementIssuesThePaperBallotAtOnceAndItCountsInTheRecord() throws Exception {
        String conference = f.conference(1);
        List<Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        Delegate broken = delegates.get(0);
        f.issued(round, broken.tablet());
        assertThat(srv.post("/api/v1/rounds/" + id + "/paper-issue", new JsonObject().put("delegateId", broken.id()), f.admin)
                .errorCode()).as("without a replacement the desk cannot hand out a second ballot").isEqualTo("ALREADY_ISSUED");
        assertThat(srv.post("/api/v1/rounds/" + id + "/replacements", replacement(delegates.get(1).id(), "PAPER", true), f.admin)
                .errorCode()).as("a tablet that never took its token needs no replacement").isEqualTo("NOT_NEEDED");
        assertThat(srv.post("/api/v1/rounds/" + id + "/replacements", replacement(broken.id(), "PAPER", true), f.admin).status())
                .isEqualTo(201);
        assertThat(srv.post("/api/v1/rounds/" + id + "/paper-issue", new JsonObject().put("delegateId", broken.id()), f.admin)
                .errorCode()).isEqualTo("ALREADY_ISSUED");

        srv.ok("/api/v1/rounds/" + id + "/paper-ballots", new JsonObject().put("choices", new JsonArray()
                .add(new JsonObject().put("line", "L1").put("vote", "AGREE"))), f.admin);
        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        JsonObject record = srv.get("/api/v1/rounds/" + id + "/record", null).object();
        assertThat(record.getJsonObject("issued").getJsonArray("paperTo")).containsExactly(broken.id());
        assertThat(record.getJsonObject("issued").getJsonArray("electronicTo")).contains(broken.id());
        assertThat(record.getJsonObject("issued").getJsonArray("replacements").getJsonObject(0).getString("kind")).isEqualTo("PAPER");
        VerificationReport report = verify(ProcedureJson.mapper().readTree(record.encode()));
        assertThat(report.failed()).isEmpty();
    }
}
