package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServeTest {

    @Test
    void theDefaultsArePort8443AndDataAndKeysFolders() {
        ServerSettings settings = Serve.parse(new String[0], null);
        assertThat(settings.port()).isEqualTo(8443);
        assertThat(settings.dataDir()).isEqualTo(Path.of("data"));
        assertThat(settings.keysDir()).isEqualTo(Path.of("keys"));
        assertThat(settings.adminPassword()).isEmpty();
    }

    @Test
    void optionsAndTheEnvironmentPasswordAreRead() {
        ServerSettings settings = Serve.parse(new String[] {"--port", "9443", "--data", "/tmp/d", "--keys", "/tmp/k"},
                "Mat-khau-moi-truong");
        assertThat(settings.port()).isEqualTo(9443);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/tmp/d"));
        assertThat(settings.keysDir()).isEqualTo(Path.of("/tmp/k"));
        assertThat(settings.adminPassword()).contains("Mat-khau-moi-truong");
        assertThat(Serve.parse(new String[] {"--admin-password", "Tu-dong-lenh-1"}, "Mat-khau-moi-truong").adminPassword())
                .as("the command line wins over the environment").contains("Tu-dong-lenh-1");
    }

    @Test
    void thePerAddressConnectionCapCanBeRaisedForAHallBehindNat() {
        assertThat(Serve.parse(new String[0], null).connectionLimits().perAddress()).isEqualTo(64);
        assertThat(Serve.parse(new String[] {"--connections-per-address", "600"}, null).connectionLimits().perAddress())
                .isEqualTo(600);
        assertThatThrownBy(() -> Serve.parse(new String[] {"--connections-per-address", "2"}, null))
                .hasMessageContaining("--connections-per-address");
    }

    @Test
    void aBadPortAnUnknownOptionOrAShortPasswordIsAUsageError() {
        assertThatThrownBy(() -> Serve.parse(new String[] {"--port", "80000"}, null)).hasMessageContaining("--port");
        assertThatThrownBy(() -> Serve.parse(new String[] {"--verbose", "1"}, null)).hasMessageContaining("--verbose");
        assertThatThrownBy(() -> Serve.parse(new String[] {"--data"}, null)).hasMessageContaining("--data");
        assertThatThrownBy(() -> Serve.parse(new String[] {"--admin-password", "ngan"}, null))
                .hasMessageContaining("--admin-password");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Serve.run(new String[] {"--port", "x"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--port");
    }
}
