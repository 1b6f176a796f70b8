package vn.phieukin.ballot.js;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Runs the tablet crypto's own tests (web/test/*.test.mjs) as part of `mvn verify`. */
class NodeCryptoTest {

    @Test
    void theTabletCryptoPassesItsNodeTests() {
        Node.assumePresent();
        Node.Result result = Node.run(Duration.ofMinutes(5), "--test", "web/test/");
        assertThat(result.exitCode())
                .withFailMessage("node --test web/test/ exited with %d:%n%s", result.exitCode(), result.output())
                .isZero();
        Matcher passed = Pattern.compile("(?m)^# pass (\\d+)$").matcher(result.stdout());
        assertThat(passed.find() && Integer.parseInt(passed.group(1)) > 0)
                .withFailMessage("node ran no passing test:%n%s", result.output())
                .isTrue();
    }
}
