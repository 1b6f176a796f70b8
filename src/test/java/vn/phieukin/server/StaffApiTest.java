package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
class StaffApiTest {
    @TempDir
    Path dir;
    TestServer srv;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    @Test
    void theAdminLogsInWithTheStartUpPasswordAndGetsARoleAndName() throws Exception {
        JsonObject login = srv.ok("/api/v1/login",
                new JsonObject().put("username", "admin").put("password", TestServer.ADMIN_PASSWORD), null);
        assertThat(login.getString("token")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(login.getString("role")).isEqualTo("ADMIN");
        assertThat(login.getString("displayName")).isNotBlank();
    }

    @Test
    void aWrongPasswordOrUnknownUserIsRefusedWithBadCredentials() throws Exception {
        var wrong = srv.post("/api/v1/login", new JsonObject().put("username", "admin").put("password", "sai-mat-khau"), null);
        var unknown = srv.post("/api/v1/login", new JsonObject().put("username", "ai-do").put("password", "sai-mat-khau"), null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("BAD_CREDENTIALS");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.errorMessage()).isEqualTo(wrong.errorMessage());
    }

    @Test
    void aLoginWithoutPasswordNamesTheMissingField() throws Exception {
        var answer = srv.post("/api/v1/login", new JsonObject().put("username", "admin"), null);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(answer.errorMessage()).contains("password");
    }

    @Test
    void malformedJsonIsABadRequestNotAServerError() throws Exception {
        var answer = srv.call("POST", "/api/v1/login", Buffer.buffer("{\"username\": "), null, "application/json");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BAD_REQUEST");
        assertThat(answer.text()).doesNotContain("Exception").doesNotContain("at io.vertx");
    }

    @Test
    void aBodyOverOneMegabyteIsRefusedWith413() throws Exception {
        var answer = srv.call("POST", "/api/v1/login", Buffer.buffer(new byte[1024 * 1024 + 10]), null, "application/json");
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void theAdminCreatesAUserWhoCanThenLogIn() throws Exception {
        String admin = srv.adminToken();
        JsonObject created = srv.ok("/api/v1/users", new JsonObject().put("username", "bithu").put("password", "Bithu-2026-pass")
                .put("role", "CHAIR").put("displayName", "Bí thư Tỉnh ủy"), admin);
        assertThat(created.getString("id")).matches("u\\d+");
        JsonObject login = srv.ok("/api/v1/login", new JsonObject().put("username", "bithu").put("password", "Bithu-2026-pass"), null);
        assertThat(login.getString("role")).isEqualTo("CHAIR");
        assertThat(login.getString("displayName")).isEqualTo("Bí thư Tỉnh ủy");
    }

    @Test
    void creatingAUserNeedsAnAdmin() throws Exception {
        String secretariat = srv.userToken("thuky", Role.SECRETARIAT);
        JsonObject body = new JsonObject().put("username", "khac").put("password", "Mat-khau-dai").put("role", "CHAIR")
                .put("displayName", "Khác");
        var forbidden = srv.post("/api/v1/users", body, secretariat);
        var anonymous = srv.post("/api/v1/users", body, null);
        var badToken = srv.post("/api/v1/users", body, "khong-phai-token");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo("UNAUTHENTICATED");
        assertThat(badToken.status()).isEqualTo(401);
    }

    @Test
    void aUserWithAnUnknownRoleOrATakenNameIsRefused() throws Exception {
        String admin = srv.adminToken();
        var badRole = srv.post("/api/v1/users", new JsonObject().put("username", "x1").put("password", "Mat-khau-dai")
                .put("role", "KING").put("displayName", "X"), admin);
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.errorMessage()).contains("role").contains("KING");
        var shortPassword = srv.post("/api/v1/users", new JsonObject().put("username", "x2").put("password", "ngan")
                .put("role", "CHAIR").put("displayName", "X"), admin);
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.errorMessage()).contains("password");
        var taken = srv.post("/api/v1/users", new JsonObject().put("username", "admin").put("password", "Mat-khau-dai")
                .put("role", "CHAIR").put("displayName", "X"), admin);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.errorMessage()).contains("admin");
    }

    @Test
    void aSessionExpiresAfterTwelveHours() throws Exception {
        String admin = srv.adminToken();
        assertThat(srv.get("/api/v1/users", admin).status()).isEqualTo(200);
        srv.clock.advance(Duration.ofHours(12).plusSeconds(1));
        var expired = srv.get("/api/v1/users", admin);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.errorCode()).isEqualTo("UNAUTHENTICATED");
    }

    @Test
    void anUnknownApiPathIsANotFoundInTheErrorForm() throws Exception {
        var answer = srv.get("/api/v1/khong-co", null);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aWrongMethodOnAKnownPathIsAnsweredInTheErrorForm() throws Exception {
        var answer = srv.get("/api/v1/login", null);
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(answer.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void theRootRedirectsToTheConsole() throws Exception {
        var answer = srv.get("/", null);
        assertThat(answer.status()).isEqualTo(302);
        assertThat(answer.headers().get("Location")).isEqualTo("/console/");
    }

    @Test
    void dataAndKeysSurviveARestart() throws Exception {
        String admin = srv.adminToken();
        srv.ok("/api/v1/users", new JsonObject().put("username", "kiemtra").put("password", "Kiem-tra-2026")
                .put("role", "AUDITOR").put("displayName", "Ủy ban Kiểm tra"), admin);
        String ca = java.nio.file.Files.readString(dir.resolve("keys/ca.pem"));
        srv.stop();
        srv.boot();
        assertThat(java.nio.file.Files.readString(dir.resolve("keys/ca.pem"))).isEqualTo(ca);
        assertThat(srv.login("kiemtra", "Kiem-tra-2026")).isNotBlank();
        assertThat(srv.get("/api/v1/users", admin).status()).as("a session outlives a restart").isEqualTo(200);
    }
}
