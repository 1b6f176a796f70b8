package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {

    @Test
    void encodesWithTheUrlAlphabetAndNoPadding() {
        assertThat(Base64Url.encode(new byte[] {(byte) 0xFB, (byte) 0xFF})).isEqualTo("-_8");
        assertThat(Base64Url.encode(new byte[0])).isEmpty();
    }

    @Test
    void everyLengthRoundTrips() {
        Random random = new Random(1);
        for (int length = 0; length < 100; length++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            assertThat(Base64Url.decode(Base64Url.encode(data))).isEqualTo(data);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"-_8=", "+/8", "AA AA", "AA\nAA", "A", "AAAAA", "-_9", "AB", "é"})
    void refusesPaddingOtherAlphabetsWhitespaceImpossibleLengthsAndStrayBits(String text) {
        assertThatThrownBy(() -> Base64Url.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
