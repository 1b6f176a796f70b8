package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class TabletApiTest {
    @TempDir
    Path dir;
    Vertx vertx;
    TestServer srv;
    String admin;
    String conference;
    String delegate;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        startWith(ServerSettings.PairingLimits.DEFAULT);
    }

    private void startWith(ServerSettings.PairingLimits limits) throws Exception {
        srv = TestServer.start(vertx, dir.resolve("s" + System.nanoTime()), limits);
        admin = srv.adminToken();
        String review = srv.ok("/api/v1/reviews", new JsonObject().put("name", "Rà soát").put("referenceDate", "2026-06-01"),
                admin).getString("id");
        conference = srv.ok("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 1)
                .put("title", "Hội nghị BTV").put("date", "2026-06-10"), admin).getString("id");
        delegate = srv.ok("/api/v1/conferences/" + conference + "/delegates",
                new JsonObject().put("fullName", "Nguyễn Văn An"), admin).getString("id");
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    private String checkIn() throws Exception {
        return srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in", new JsonObject(), admin)
                .getString("pairingCode");
    }

    private TestServer.Answer pair(String code) throws Exception {
        return srv.post("/api/v1/tablet/pair", new JsonObject().put("pairingCode", code), null);
    }

    @Test
    void aPairedTabletSeesItsConferenceAndDelegate() throws Exception {
        JsonObject paired = pair(checkIn()).object();
        assertThat(paired.getString("delegateId")).isEqualTo(delegate);
        assertThat(paired.getString("delegateName")).isEqualTo("Nguyễn Văn An");
        assertThat(paired.getString("conferenceId")).isEqualTo(conference);
        JsonObject state = srv.get("/api/v1/tablet/state", paired.getString("tabletToken")).object();
        assertThat(state.getJsonObject("conference").getString("id")).isEqualTo(conference);
        assertThat(state.getJsonObject("delegate").getString("fullName")).isEqualTo("Nguyễn Văn An");
        assertThat(state.containsKey("openRound")).isTrue();
        assertThat(state.getValue("openRound")).isNull();
        assertThat(state.getBoolean("issued")).isFalse();
    }

    @Test
    void theTabletStateNamesTheReviewsPositionsForTheBallotHeadings() throws Exception {
        String review = srv.get("/api/v1/conferences/" + conference, admin).object().getString("reviewId");
        String position = srv.ok("/api/v1/reviews/" + review + "/positions", new JsonObject().put("name", "Bí thư Tỉnh ủy"), admin)
                .getString("id");
        String tablet = pair(checkIn()).object().getString("tabletToken");
        JsonObject state = srv.get("/api/v1/tablet/state", tablet).object();
        assertThat(state.getJsonObject("conference").getJsonArray("positions").getList())
                .containsExactly(java.util.Map.of("id", position, "name", "Bí thư Tỉnh ủy"));
    }

    @Test
    void aPairingCodeWorksOnlyOnce() throws Exception {
        String code = checkIn();
        assertThat(pair(code).status()).isEqualTo(200);
        var again = pair(code);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.errorCode()).isEqualTo("BAD_PAIRING_CODE");
    }

    @Test
    void aPairingCodeExpiresAfterFifteenMinutes() throws Exception {
        String code = checkIn();
        srv.clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(pair(code).errorCode()).isEqualTo("BAD_PAIRING_CODE");
    }

    @Test
    void checkingInAgainVoidsTheEarlierCode() throws Exception {
        String first = checkIn();
        String second = checkIn();
        assertThat(pair(first).errorCode()).isEqualTo("BAD_PAIRING_CODE");
        assertThat(pair(second).status()).isEqualTo(200);
    }

    @Test
    void aCheckOutVoidsAnUnusedCode() throws Exception {
        String code = checkIn();
        srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-out", new JsonObject(), admin);
        assertThat(pair(code).errorCode()).isEqualTo("BAD_PAIRING_CODE");
    }

    @Test
    void pairingAgainRevokesTheOlderTablet() throws Exception {
        String older = pair(checkIn()).object().getString("tabletToken");
        String newer = pair(checkIn()).object().getString("tabletToken");
        var revoked = srv.get("/api/v1/tablet/state", older);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.errorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(srv.get("/api/v1/tablet/state", newer).status()).isEqualTo(200);
    }

    @Test
    void aWrongOrMalformedCodeIsABadPairingCode() throws Exception {
        checkIn();
        assertThat(pair("12345678").errorCode()).isEqualTo("BAD_PAIRING_CODE");
        assertThat(pair("12ab").status()).isEqualTo(400);
        var missing = srv.post("/api/v1/tablet/pair", new JsonObject(), null);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorMessage()).contains("pairingCode");
    }

    @Test
    void repeatedWrongCodesFromOneAddressAreStopped() throws Exception {
        srv.close();
        startWith(new ServerSettings.PairingLimits(3, Duration.ofMinutes(5)));
        String code = checkIn();
        String wrong = code.equals("00000000") ? "00000001" : "00000000";
        for (int i = 0; i < 3; i++) {
            assertThat(pair(wrong).errorCode()).isEqualTo("BAD_PAIRING_CODE");
        }
        var blocked = pair(code);
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.errorCode()).isEqualTo("TOO_MANY_ATTEMPTS");
        srv.clock.advance(Duration.ofMinutes(5));
        assertThat(pair(checkIn()).status()).as("allowed again after the window").isEqualTo(200);
    }

    @Test
    void aTabletCannotUseStaffEndpointsAndStaffCannotUseTheTabletState() throws Exception {
        String tablet = pair(checkIn()).object().getString("tabletToken");
        var staffOnly = srv.get("/api/v1/conferences/" + conference + "/attendance", tablet);
        assertThat(staffOnly.status()).isEqualTo(403);
        var tabletOnly = srv.get("/api/v1/tablet/state", admin);
        assertThat(tabletOnly.status()).isEqualTo(403);
        assertThat(srv.get("/api/v1/tablet/state", null).status()).isEqualTo(401);
    }

    @Test
    void aRestartKeepsTheRosterAttendanceAndPairedTablets() throws Exception {
        String tablet = pair(checkIn()).object().getString("tabletToken");
        JsonObject before = srv.get("/api/v1/conferences/" + conference + "/attendance", admin).object();
        srv.stop();
        srv.boot();
        assertThat(srv.get("/api/v1/conferences/" + conference + "/attendance", admin).object()).isEqualTo(before);
        assertThat(before.getInteger("present")).isEqualTo(1);
        assertThat(srv.get("/api/v1/tablet/state", tablet).object().getJsonObject("delegate").getString("id"))
                .isEqualTo(delegate);
    }

    @Test
    void excludingADelegateRevokesTheirTablet() throws Exception {
        String tablet = pair(checkIn()).object().getString("tabletToken");
        srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-out", new JsonObject(), admin);
        srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/exclusion",
                new JsonObject().put("reason", "Bị đình chỉ"), admin);
        assertThat(srv.get("/api/v1/tablet/state", tablet).status()).isEqualTo(401);
    }
}
