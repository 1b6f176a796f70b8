package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class StartUpTest {
    @TempDir
    Path dir;

    @Test
    void withoutAPasswordTheFirstStartPrintsARandomOneOnceAndItWorks(Vertx vertx) throws Exception {
        try (TestServer srv = TestServer.start(vertx, dir, ServerSettings.PairingLimits.DEFAULT, Optional.empty())) {
            String first = srv.output();
            Matcher printed = Pattern.compile("Mật khẩu[^:]*: (\\S+)").matcher(first);
            assertThat(printed.find()).as(first).isTrue();
            String password = printed.group(1);
            assertThat(password).hasSize(16);
            assertThat(srv.login("admin", password)).isNotBlank();
            assertThat(first).contains("/console/").contains("/tablet/").contains("/screen/")
                    .contains(dir.resolve("keys").resolve("ca.pem").toAbsolutePath().toString());
            srv.stop();
            srv.boot();
            assertThat(srv.output()).doesNotContain("Mật khẩu").contains("/console/");
            assertThat(srv.login("admin", password)).isNotBlank();
        }
    }

    @Test
    void theSealKeyIsPublishedAndStaysTheSameAcrossRestarts(Vertx vertx) throws Exception {
        try (TestServer srv = TestServer.start(vertx, dir)) {
            var first = srv.get("/api/v1/seal-key", null).object();
            assertThat(first.getString("alg")).isEqualTo("Ed25519");
            byte[] raw = java.util.Base64.getUrlDecoder().decode(first.getString("publicKey"));
            assertThat(raw).hasSize(32);
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(raw);
            assertThat(first.getString("keyId")).isEqualTo(java.util.HexFormat.of().formatHex(digest).substring(0, 16));
            assertThat(java.nio.file.Files.exists(dir.resolve("keys").resolve("seal-ed25519.pem"))).isTrue();
            srv.stop();
            srv.boot();
            assertThat(srv.get("/api/v1/seal-key", null).object()).isEqualTo(first);
        }
    }

    @Test
    void theStaticPagesAreServedAndTheRootLeadsToTheConsole(Vertx vertx) throws Exception {
        try (TestServer srv = TestServer.start(vertx, dir)) {
            var console = srv.get("/console/", null);
            assertThat(console.status()).isEqualTo(200);
            assertThat(console.headers().get("Content-Type")).startsWith("text/html");
            assertThat(console.text()).containsIgnoringCase("<html");
        }
    }
}
