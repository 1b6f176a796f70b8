package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Staff login limits, logout, and when a tablet's token stops working. */
@ExtendWith(VertxExtension.class)
class SessionsTest {
    @TempDir
    Path dir;
    TestServer srv;
    String admin;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir, ServerSettings.PairingLimits.DEFAULT,
                java.util.Optional.of(TestServer.ADMIN_PASSWORD), PairingLimitsTest.MANY_CONNECTIONS);
        admin = srv.adminToken();
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    private static JsonObject credentials(String username, String password) {
        return new JsonObject().put("username", username).put("password", password);
    }

    private void createUser(String username, String password) throws Exception {
        srv.ok("/api/v1/users", credentials(username, password).put("role", "SECRETARIAT").put("displayName", "Thư ký"), admin);
    }

    @Test
    void wrongPasswordsAreLimitedPerAccountWithTheWaitInVietnamese() throws Exception {
        createUser("thuky", "Mat-khau-thu-ky");
        createUser("thuky2", "Mat-khau-thu-ky-2");
        for (int i = 0; i < StaffApi.LOGIN_FAILURES_PER_ACCOUNT; i++) {
            assertThat(srv.post("/api/v1/login", credentials("thuky", "sai-" + i), null).errorCode())
                    .isEqualTo("BAD_CREDENTIALS");
        }
        TestServer.Answer blocked = srv.post("/api/v1/login", credentials("thuky", "Mat-khau-thu-ky"), null);
        assertThat(blocked.status()).as("even the right password, until the wait is over").isEqualTo(429);
        assertThat(blocked.errorCode()).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(blocked.errorMessage()).contains("Đăng nhập sai quá nhiều lần").contains("thuky").contains("giây");
        long wait = Long.parseLong(blocked.headers().get("Retry-After"));
        assertThat(wait).isBetween(1L, StaffApi.LOGIN_WINDOW.toSeconds());
        assertThat(blocked.errorMessage()).contains(wait + " giây");
        assertThat(srv.post("/api/v1/login", credentials("thuky2", "Mat-khau-thu-ky-2"), null).status())
                .as("another account from the same address").isEqualTo(200);
        srv.clock.advance(Duration.ofSeconds(wait));
        assertThat(srv.post("/api/v1/login", credentials("thuky", "Mat-khau-thu-ky"), null).status()).isEqualTo(200);
    }

    @Test
    void wrongPasswordsAreLimitedPerAddressAcrossAccounts() throws Exception {
        try (Crowd guesser = new Crowd(srv, "127.0.0.2", 1)) {
            for (int i = 0; i < StaffApi.LOGIN_FAILURES_PER_ADDRESS; i++) {
                assertThat(TestServer.await(guesser.post("/api/v1/login", credentials("user" + i, "sai-mat-khau"), null))
                        .code()).isEqualTo("BAD_CREDENTIALS");
            }
            Crowd.Answer blocked = TestServer.await(guesser.post("/api/v1/login",
                    credentials("admin", TestServer.ADMIN_PASSWORD), null));
            assertThat(blocked.status()).isEqualTo(429);
            assertThat(blocked.text()).contains("127.0.0.2").contains("giây");
        }
        assertThat(srv.post("/api/v1/login", credentials("admin", TestServer.ADMIN_PASSWORD), null).status())
                .as("the admin at another address").isEqualTo(200);
    }

    @Test
    void concurrentWrongPasswordsForOneAccountGetAtMostTheLimitEvaluated() throws Exception {
        createUser("thuky", "Mat-khau-thu-ky");
        List<JsonObject> attempts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            attempts.add(credentials("thuky", "sai-" + i));
        }
        List<Crowd.Answer> answers;
        try (Crowd crowd = new Crowd(srv, "127.0.0.2", 100).warm(100)) {
            answers = crowd.postAll("/api/v1/login", attempts);
        }
        Map<Integer, Long> counts = answers.stream().collect(Collectors.groupingBy(Crowd.Answer::status, Collectors.counting()));
        assertThat(counts.getOrDefault(401, 0L)).as("bcrypt checks run: %s", counts)
                .isLessThanOrEqualTo(StaffApi.LOGIN_FAILURES_PER_ACCOUNT);
        assertThat(counts.getOrDefault(429, 0L)).as("%s", counts).isEqualTo(100 - counts.getOrDefault(401, 0L));
    }

    @Test
    void logoutRevokesAStaffToken() throws Exception {
        String token = srv.login("admin", TestServer.ADMIN_PASSWORD);
        assertThat(srv.get("/api/v1/reviews", token).status()).isEqualTo(200);
        TestServer.Answer out = srv.post("/api/v1/logout", new JsonObject(), token);
        assertThat(out.status()).isEqualTo(200);
        assertThat(srv.get("/api/v1/reviews", token).status()).isEqualTo(401);
        assertThat(srv.post("/api/v1/logout", new JsonObject(), token).status()).isEqualTo(401);
        assertThat(srv.get("/api/v1/reviews", admin).status()).as("other sessions go on").isEqualTo(200);
    }

    // ---- tablets ------------------------------------------------------------------------------

    private String conference;

    private String delegate(String name) throws Exception {
        if (conference == null) {
            String review = srv.ok("/api/v1/reviews", new JsonObject().put("name", "Rà soát").put("referenceDate", "2026-06-01"),
                    admin).getString("id");
            conference = srv.ok("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 1)
                    .put("title", "Hội nghị BTV").put("date", "2026-06-10"), admin).getString("id");
        }
        return srv.ok("/api/v1/conferences/" + conference + "/delegates", new JsonObject().put("fullName", name), admin)
                .getString("id");
    }

    private String pair(String delegate) throws Exception {
        String code = srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in", new JsonObject(),
                admin).getString("pairingCode");
        return srv.ok("/api/v1/tablet/pair", new JsonObject().put("pairingCode", code), null).getString("tabletToken");
    }

    private int state(String tablet) throws Exception {
        return srv.get("/api/v1/tablet/state", tablet).status();
    }

    @Test
    void logoutRevokesATabletToken() throws Exception {
        String tablet = pair(delegate("Nguyễn Văn An"));
        assertThat(srv.post("/api/v1/logout", new JsonObject(), tablet).status()).isEqualTo(200);
        assertThat(state(tablet)).isEqualTo(401);
    }

    @Test
    void aTabletTokenStopsWorkingWhenItsDelegateIsCheckedOut() throws Exception {
        String an = delegate("Nguyễn Văn An");
        String binh = delegate("Hoàng Thị Bình");
        String tabletAn = pair(an);
        String tabletBinh = pair(binh);
        srv.ok("/api/v1/conferences/" + conference + "/delegates/" + an + "/check-out", new JsonObject(), admin);
        assertThat(state(tabletAn)).isEqualTo(401);
        assertThat(state(tabletBinh)).isEqualTo(200);
        assertThat(state(pair(an))).as("checked in again, a new pairing works").isEqualTo(200);
    }

    @Test
    void everyTabletOfAConferenceStopsWorkingWhenTheConferenceEnds() throws Exception {
        String an = delegate("Nguyễn Văn An");
        String tabletAn = pair(an);
        String tabletBinh = pair(delegate("Hoàng Thị Bình"));
        String unused = srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate("Lê Văn Cường") + "/check-in",
                new JsonObject(), admin).getString("pairingCode");
        TestServer.Answer ended = srv.post("/api/v1/conferences/" + conference + "/end", new JsonObject(), admin);
        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.object().getString("endedAt")).isNotNull();
        assertThat(state(tabletAn)).isEqualTo(401);
        assertThat(state(tabletBinh)).isEqualTo(401);
        assertThat(srv.post("/api/v1/tablet/pair", new JsonObject().put("pairingCode", unused), null).errorCode())
                .isEqualTo("BAD_PAIRING_CODE");
        TestServer.Answer checkIn = srv.post("/api/v1/conferences/" + conference + "/delegates/" + an + "/check-in",
                new JsonObject(), admin);
        assertThat(checkIn.status()).isEqualTo(409);
        assertThat(checkIn.errorCode()).isEqualTo("CONFERENCE_ENDED");
        assertThat(checkIn.errorMessage()).contains("đã kết thúc");
        assertThat(srv.get("/api/v1/conferences/" + conference, admin).object().getString("endedAt")).isNotNull();
        assertThat(srv.post("/api/v1/conferences/" + conference + "/rounds", new JsonObject(), admin).errorCode())
                .isEqualTo("CONFERENCE_ENDED");
    }

    @Test
    void aTabletTokenLastsAConferenceDayAtMost() throws Exception {
        String tablet = pair(delegate("Nguyễn Văn An"));
        srv.clock.advance(TabletApi.TABLET_LIFETIME.minusMinutes(1));
        assertThat(state(tablet)).isEqualTo(200);
        srv.clock.advance(Duration.ofMinutes(1));
        assertThat(state(tablet)).isEqualTo(401);
    }
}
