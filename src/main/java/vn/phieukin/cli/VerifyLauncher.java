package vn.phieukin.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * The JVM options the auditor's {@code java -jar phieukin.jar verify} runs with, set by the jar
 * itself (issue 14): a jar cannot choose its collector, so the command re-runs itself once in a
 * child JVM with {@code -XX:+UseSerialGC} and small C2 inlining bounds ({@link #OPTIONS}).
 * Measured on a 10,000-ballot record (docs/benchmarks.md):
 * the default G1 with a heap sized from the machine's RAM makes the command resident at 1.1–1.3 GB
 * and costs about a second more CPU than the serial collector at 0.3 GB. The child inherits the
 * terminal (standard input, output and error) and its exit status is the command's.
 * <p>Not re-run when: {@code PHIEUKIN_VERIFY_RELAUNCH=0}; any {@code -XX:+Use…GC} on the command
 * line (the operator's choice); already the serial collector; not started from the jar (tests,
 * an IDE); or the child cannot be started (then the command runs here, as before).
 */
final class VerifyLauncher {
    static final String CHILD_PROPERTY = "phieukin.verify.child";
    static final String SWITCH = "PHIEUKIN_VERIFY_RELAUNCH";
    /**
     * The serial collector, and C2 inlining kept small: on a cold run most of the JIT's time went
     * into a few huge compilations (BigInteger.oddModPow 150 kB of code, Bouncy Castle's wNAF
     * precomputation, CanonicalJson.writeNode), and these bounds cut the compiler threads' CPU
     * from about 5 s to under 2 s, the whole cold command by about 2.5 s CPU, while a warm run
     * costs the same (3.4 s CPU against 3.5 s; docs/benchmarks.md, issue 14). An inlining bound
     * the operator gives on the command line is kept instead of ours; a JVM without C2 ignores
     * these bounds rather than refusing to start.
     */
    static final List<String> OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UseSerialGC", "-XX:FreqInlineSize=35", "-XX:InlineSmallCode=300",
            "-XX:MaxInlineLevel=4");

    private VerifyLauncher() {
    }

    /** The child's command line, or empty when the command should run in this JVM. */
    static List<String> childCommand(String[] args, List<String> jvmArguments, String javaCommand, Path codeSource,
                                     Path javaHome, String relaunchSwitch, boolean childAlready, boolean serialAlready) {
        if ("0".equals(relaunchSwitch) || childAlready || serialAlready || codeSource == null || javaCommand == null) {
            return List.of();
        }
        if (jvmArguments.stream().anyMatch(a -> a.matches("-XX:[+-]Use[A-Za-z0-9]*GC"))) {
            return List.of();
        }
        String first = javaCommand.strip().split("\\s+")[0];
        if (!codeSource.toString().endsWith(".jar") || !Path.of(first).toAbsolutePath().normalize().equals(codeSource)) {
            return List.of(); // not `java -jar phieukin.jar`
        }
        Path java = javaHome.resolve("bin").resolve("java");
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(jvmArguments);
        for (String option : OPTIONS) {
            String name = option.replaceFirst("^-XX:[+-]?", "").replaceFirst("=.*", "");
            if (jvmArguments.stream().noneMatch(a -> a.matches("-XX:[+-]?" + name + "(=.*)?"))) {
                command.add(option);
            }
        }
        command.add("-D" + CHILD_PROPERTY + "=1");
        command.addAll(List.of("-cp", codeSource.toString(), Main.class.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Runs {@code verify} in the child JVM when it should; its exit status, or empty to run here. */
    static OptionalInt relaunch(String[] args) {
        try {
            Path codeSource = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize();
            boolean serial = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .anyMatch(gc -> gc.getName().equals("Copy") || gc.getName().equals("MarkSweepCompact"));
            List<String> command = childCommand(args, ManagementFactory.getRuntimeMXBean().getInputArguments(),
                    System.getProperty("sun.java.command"), codeSource, Path.of(System.getProperty("java.home")),
                    System.getenv(SWITCH), System.getProperty(CHILD_PROPERTY) != null, serial);
            if (command.isEmpty() || !Files.isExecutable(Path.of(command.get(0)))) {
                return OptionalInt.empty();
            }
            Process child = new ProcessBuilder(command).inheritIO().start();
            Thread stop = new Thread(child::destroy, "phieukin-verify-child-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            int status = child.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is stopping anyway
            }
            return OptionalInt.of(status);
        } catch (Exception | LinkageError cannot) {
            return OptionalInt.empty(); // run the command here, with this JVM's options
        }
    }
}
