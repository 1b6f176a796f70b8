package vn.phieukin.ballot.js;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/** Runs Node.js from the project root for the tests of the tablet's JavaScript crypto. */
final class Node {

    static final Path PROJECT_ROOT = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    /** The node executable; `-Dphieukin.node=/path/to/node` picks another one. */
    private static final String EXECUTABLE = System.getProperty("phieukin.node", "node");
    private static final int NEEDED_MAJOR = 20;

    record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + (stderr.isEmpty() ? "" : "\n--- stderr ---\n" + stderr);
        }
    }

    private static String version; // of the node found, "" when none; looked up once

    private Node() {
    }

    /** Skips the calling test, with a clear message, unless Node.js 20 or later is on the PATH. */
    static synchronized void assumePresent() {
        if (version == null) {
            version = installedVersion();
        }
        Assumptions.assumeTrue(!version.isEmpty(), "node not found: JavaScript tests skipped");
        Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(version);
        Assumptions.assumeTrue(major.find() && Integer.parseInt(major.group(1)) >= NEEDED_MAJOR,
                "node " + version + " found, the tablet crypto needs " + NEEDED_MAJOR + "+: JavaScript tests skipped");
    }

    /** `node --version`, or "" when there is no node to run. */
    private static String installedVersion() {
        try {
            Result result = run(Duration.ofSeconds(30), "--version");
            return result.exitCode() == 0 ? result.stdout().trim() : "";
        } catch (UncheckedIOException e) {
            return "";
        }
    }

    /** Runs `node args…` in the project root, within `timeout`. */
    static Result run(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(EXECUTABLE);
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(PROJECT_ROOT.toFile()).start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("node " + String.join(" ", args) + " did not finish within " + timeout
                        + "\n" + out.getNow("") + err.getNow(""));
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running node", e);
        }
    }

    /**
     * A long-running `node script` spoken to in JSON lines: one line written, one line read.
     * The script's stderr is kept for failure messages.
     */
    static final class Session implements AutoCloseable {
        private final Process process;
        private final BufferedReader answers;
        private final Writer commands;
        private final CompletableFuture<String> errors;

        Session(String script) {
            try {
                process = new ProcessBuilder(EXECUTABLE, script).directory(PROJECT_ROOT.toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            errors = drain(process.getErrorStream());
        }

        /** Sends one line and waits (at most 60 s) for the answer line. */
        String ask(String line) {
            try {
                commands.write(line + "\n");
                commands.flush();
                CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return answers.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                String result = answer.get(60, TimeUnit.SECONDS);
                if (result == null) {
                    throw new AssertionError("node ended without answering:\n" + stderrSoFar());
                }
                return result;
            } catch (IOException | ExecutionException | TimeoutException e) {
                throw new AssertionError("node did not answer: " + e + "\n" + stderrSoFar(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for node", e);
            }
        }

        private String stderrSoFar() {
            process.destroy();
            try {
                return errors.get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                return "(stderr unavailable: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            try {
                commands.close();
            } catch (IOException ignored) {
                // the process is ended below either way
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
