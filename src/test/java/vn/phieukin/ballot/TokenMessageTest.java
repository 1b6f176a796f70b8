package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TokenMessageTest {

    @Test
    void theTokenMessageIsTheDomainRoundAndTokenKeyJoinedByBars() {
        assertThat(new String(TokenMessage.message("R1", "MFkw-_"), StandardCharsets.UTF_8))
                .isEqualTo("phieukin/token/v1|R1|MFkw-_");
    }

    @Test
    void thePreparedMessageIsThe32BytePrefixFollowedByTheTokenMessage() {
        byte[] prefix = new byte[32];
        Arrays.fill(prefix, (byte) 7);
        byte[] prepared = TokenMessage.prepared(prefix, "Vòng-1", "KEY");
        assertThat(Arrays.copyOf(prepared, 32)).isEqualTo(prefix);
        assertThat(new String(prepared, 32, prepared.length - 32, StandardCharsets.UTF_8))
                .isEqualTo("phieukin/token/v1|Vòng-1|KEY");
    }

    @Test
    void aPrefixThatIsNot32BytesIsRefused() {
        assertThatThrownBy(() -> TokenMessage.prepared(new byte[31], "R1", "KEY"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
        assertThat(TokenMessage.verifyToken(null, "R1", "KEY", new byte[31], new byte[384])).isFalse();
    }
}
