package vn.phieukin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 14: when {@code verify} re-runs itself with the serial collector, and when it must not. */
class VerifyLauncherTest {
    private static final Path JAR = Path.of("/opt/audit/phieukin.jar");
    private static final Path JAVA_HOME = Path.of("/usr/lib/jvm/java-17");
    private static final String[] ARGS = {"verify", "record.json", "--seal-key", "seal.pem"};

    private static List<String> child(List<String> jvm, String command, String relaunch, boolean childAlready, boolean serial) {
        return VerifyLauncher.childCommand(ARGS, jvm, command, JAR, JAVA_HOME, relaunch, childAlready, serial);
    }

    @Test
    void javaDashJarRerunsOnceWithTheSerialCollectorKeepingTheOperatorsOptionsAndTheArguments() {
        List<String> command = child(List.of("-Xmx2g"), "/opt/audit/phieukin.jar verify record.json --seal-key seal.pem",
                null, false, false);
        assertThat(command).startsWith("/usr/lib/jvm/java-17/bin/java", "-Xmx2g", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseSerialGC",
                "-XX:FreqInlineSize=35", "-XX:InlineSmallCode=300", "-XX:MaxInlineLevel=4",
                "-D" + VerifyLauncher.CHILD_PROPERTY + "=1", "-cp", JAR.toString(), Main.class.getName());
        assertThat(command).endsWith(ARGS);
    }

    @Test
    void anInliningBoundTheOperatorGivesIsKeptInsteadOfOurs() {
        List<String> command = child(List.of("-XX:FreqInlineSize=325", "-XX:MaxInlineLevel=15"),
                JAR + " verify x", null, false, false);
        assertThat(command).contains("-XX:FreqInlineSize=325", "-XX:MaxInlineLevel=15", "-XX:InlineSmallCode=300")
                .doesNotContain("-XX:FreqInlineSize=35", "-XX:MaxInlineLevel=4");
    }

    @Test
    void theChildNeverRerunsItself() {
        assertThat(child(List.of(), JAR + " verify x", null, true, false)).isEmpty();
    }

    @Test
    void anExplicitCollectorTheSerialOneOrTheSwitchKeepTheCommandInThisJvm() {
        assertThat(child(List.of("-XX:+UseParallelGC"), JAR + " verify x", null, false, false)).isEmpty();
        assertThat(child(List.of("-XX:-UseG1GC"), JAR + " verify x", null, false, false)).isEmpty();
        assertThat(child(List.of(), JAR + " verify x", null, false, true)).isEmpty();
        assertThat(child(List.of(), JAR + " verify x", "0", false, false)).isEmpty();
    }

    @Test
    void notStartedFromTheJarItRunsHere() {
        // tests and IDEs start the main class from a class folder, or another jar's main
        assertThat(VerifyLauncher.childCommand(ARGS, List.of(), "vn.phieukin.cli.Main verify x", Path.of("/w/target/classes"),
                JAVA_HOME, null, false, false)).isEmpty();
        assertThat(child(List.of(), "/elsewhere/other.jar verify x", null, false, false)).isEmpty();
        assertThat(child(List.of(), null, null, false, false)).isEmpty();
    }
}
