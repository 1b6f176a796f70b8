package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The audit page offers the verifier the server runs from, with a checksum that matches its bytes. */
@ExtendWith(VertxExtension.class)
class VerifierDownloadTest {
    @TempDir
    Path dir;

    @Test
    void theRunningJarIsOfferedWithItsSha256InTheFormSha256sumChecks(Vertx vertx) throws Exception {
        Path jar = dir.resolve("some-build.jar");
        String content = "PK stand-in for the jar the server runs from " + System.nanoTime();
        Files.writeString(jar, content, StandardCharsets.US_ASCII);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.US_ASCII)));
        System.setProperty(VerifierDownload.PROPERTY, jar.toString());
        try (TestServer srv = TestServer.start(vertx, dir.resolve("server"))) {
            var info = srv.get("/api/v1/verifier", null);
            assertThat(info.status()).isEqualTo(200);
            assertThat(info.object().getBoolean("available")).isTrue();
            assertThat(info.object().getString("sha256")).isEqualTo(expected);
            assertThat(info.object().getLong("size")).isEqualTo(content.length());

            var download = srv.get("/verifier/phieukin.jar", null);
            assertThat(download.status()).isEqualTo(200);
            assertThat(download.text()).isEqualTo(content);
            assertThat(download.headers().get("Content-Disposition")).contains("filename=\"phieukin.jar\"");
            assertThat(download.headers().get("X-Checksum-SHA256")).isEqualTo(expected);

            var checksum = srv.get("/verifier/phieukin.jar.sha256", null);
            assertThat(checksum.status()).isEqualTo(200);
            assertThat(checksum.text()).isEqualTo(expected + "  phieukin.jar\n");
        } finally {
            System.clearProperty(VerifierDownload.PROPERTY);
        }
    }

    @Test
    void aServerNotRunningFromAJarSaysSoInsteadOfOfferingAnything(Vertx vertx) throws Exception {
        System.setProperty(VerifierDownload.PROPERTY, dir.resolve("absent.jar").toString());
        try (TestServer srv = TestServer.start(vertx, dir.resolve("server"))) {
            assertThat(srv.get("/api/v1/verifier", null).object().getBoolean("available")).isFalse();
            var download = srv.get("/verifier/phieukin.jar", null);
            assertThat(download.status()).isEqualTo(404);
            assertThat(download.text()).contains("không chạy từ tệp phieukin.jar");
        } finally {
            System.clearProperty(VerifierDownload.PROPERTY);
        }
    }

    @Test
    void theConsoleLearnsTheHallAddressesOfTheServerNeverALoopbackOne(Vertx vertx) throws Exception {
        try (TestServer srv = TestServer.start(vertx, dir.resolve("server"))) {
            assertThat(srv.get("/api/v1/server-info", null).status()).isEqualTo(401);
            var info = srv.get("/api/v1/server-info", srv.adminToken());
            assertThat(info.status()).isEqualTo(200);
            var urls = info.object().getJsonArray("hallUrls");
            for (Object url : urls) {
                assertThat((String) url).startsWith("https://").endsWith(":" + srv.server.port())
                        .doesNotContain("localhost").doesNotContain("127.0.0.1");
            }
            assertThat(urls.size()).isEqualTo(PhieukinServer.hallAddresses().size());
        }
    }
}
