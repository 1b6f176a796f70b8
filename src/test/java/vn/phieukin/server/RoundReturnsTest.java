package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
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
import vn.phieukin.server.RoundsFixture.Delegate;
import vn.phieukin.server.RoundsFixture.Voter;

/** Before a close the secretariat sees the ballots not returned and who present has none. */
@ExtendWith(VertxExtension.class)
class RoundReturnsTest {
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
    void anOpenRoundNamesThePresentDelegateWithoutABallotAndCountsTheBallotNotReturned() throws Exception {
        String conference = f.conference(1);
        List<Delegate> delegates = f.delegates(conference, 5, 4);
        JsonObject round = f.openRound(conference, new JsonObject());
        String id = round.getString("id");
        String path = "/api/v1/rounds/" + id + "/returns";
        // three tablets take their ballots, two of them cast; the fourth present delegate takes nothing
        Voter first = f.issued(round, delegates.get(0).tablet());
        Voter second = f.issued(round, delegates.get(1).tablet());
        f.issued(round, delegates.get(2).tablet());
        assertThat(srv.post("/api/v1/rounds/" + id + "/ballots", first.ballot(RoundsFixture.votes(round, Map.of("L1", "AGREE"))), null)
                .status()).isEqualTo(201);
        assertThat(srv.post("/api/v1/rounds/" + id + "/ballots", second.ballot(RoundsFixture.votes(round, Map.of())), null)
                .status()).isEqualTo(201);

        assertThat(srv.get(path, null).status()).isEqualTo(401);
        JsonObject returns = srv.get(path, f.admin).object();
        assertThat(returns.getLong("issued")).isEqualTo(3);
        assertThat(returns.getLong("cast")).isEqualTo(2);
        assertThat(returns.getLong("unreturned")).isEqualTo(1);
        // the fifth delegate was never present: not counted as missing
        assertThat(returns.getJsonArray("withoutBallot")).hasSize(1);
        assertThat(returns.getJsonArray("withoutBallot").getJsonObject(0).getString("id")).isEqualTo(delegates.get(3).id());
        assertThat(returns.getJsonArray("withoutBallot").getJsonObject(0).getString("fullName")).isNotBlank();

        srv.ok("/api/v1/rounds/" + id + "/paper-issue", new JsonObject().put("delegateId", delegates.get(3).id()), f.admin);
        JsonObject after = srv.get(path, f.admin).object();
        assertThat(after.getJsonArray("withoutBallot")).isEmpty();
        assertThat(after.getLong("paperIssued")).isEqualTo(1);
    }

    @Test
    void aTabletCannotAskWhoHasVotedNorAnUnknownRound() throws Exception {
        String conference = f.conference(1);
        List<Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject());
        assertThat(srv.get("/api/v1/rounds/" + round.getString("id") + "/returns", delegates.get(0).tablet()).status())
                .isIn(401, 403);
        assertThat(srv.get("/api/v1/rounds/r999/returns", f.admin).status()).isEqualTo(404);
    }
}
