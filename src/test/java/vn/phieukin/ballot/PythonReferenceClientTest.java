package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tokens and ballots exchanged with the independent Python client
 * ({@code shared/acceptance/phieukin_client.py}, written from RFC 9474 and the spec with no code in
 * common). Runs where that client and python3 with {@code cryptography} are found: the system
 * property {@code phieukin.acceptance}, else {@code ../shared/acceptance} or
 * {@code ../../shared/acceptance} from the project folder; skipped, saying so, elsewhere.
 */
class PythonReferenceClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static BlindSigner issuer;

    @BeforeAll
    static void openRound() {
        issuer = BlindSigner.generate(RANDOM);
    }

    @Test
    void aTokenBlindedInPythonAndSignedInJavaMakesABallotJavaAccepts() throws Exception {
        PythonRun python = python("import sys, json\n"
                + "import phieukin_client as c\n"
                + "key = c.RoundKey.from_jwk(json.loads(sys.stdin.readline()))\n"
                + "voter = c.Voter('R1', key)\n"
                + "print(c.b64u(voter.blinded), flush=True)\n"
                + "voter.finalize(sys.stdin.readline().strip())\n"
                + "request = voter.ballot([{'position': 'P1', 'cadres': ['C3', 'C7']}, {'position': 'P2', 'cadres': []}])\n"
                + "print(json.dumps(request, ensure_ascii=False))\n"
                + "print(c.receipt_of(request), flush=True)\n");
        try (Writer in = new OutputStreamWriter(python.process().getOutputStream(), StandardCharsets.UTF_8);
             BufferedReader out = new BufferedReader(new InputStreamReader(python.process().getInputStream(),
                     StandardCharsets.UTF_8))) {
            in.write(JSON.writeValueAsString(issuer.publicKey().toJwk()) + "\n");
            in.flush();
            String blinded = out.readLine();
            assertThat(blinded).as(python.errors()).isNotNull();
            in.write(Base64Url.encode(issuer.blindSign(Base64Url.decode(blinded))) + "\n");
            in.flush();
            String requestLine = out.readLine();
            String pythonReceipt = out.readLine();
            assertThat(pythonReceipt).as(python.errors()).isNotNull();
            JsonNode request = JSON.readTree(requestLine);

            assertThat(CastBallotSignatures.check(issuer.publicKey(), "R1", request))
                    .isEqualTo(CastBallotSignatures.Outcome.VALID);
            assertThat(Receipts.of(request)).isEqualTo(pythonReceipt);
            assertThat(CastBallotSignatures.check(issuer.publicKey(), "R2", request))
                    .isEqualTo(CastBallotSignatures.Outcome.TOKEN_SIGNATURE_INVALID);
        }
        python.assertSucceeded();
    }

    @Test
    void aBallotCastFromJavaPassesThePythonClientsChecksWithTheSameReceipt() throws Exception {
        TokenHolder holder = TokenHolder.prepare("R1", issuer.publicKey(), RANDOM);
        holder.finalizeToken(issuer.blindSign(holder.blindedMessage()));
        Map<String, Object> request = holder.castRequest(List.of(
                Map.of("line", "L1", "vote", "AGREE"), Map.of("line", "L2", "vote", "DISAGREE")));
        PythonRun python = python("import sys, json\n"
                + "import phieukin_client as c\n"
                + "from cryptography.hazmat.primitives import hashes, serialization\n"
                + "from cryptography.hazmat.primitives.asymmetric import ec\n"
                + "key = c.RoundKey.from_jwk(json.loads(sys.stdin.readline()))\n"
                + "request = json.loads(sys.stdin.readline())\n"
                + "token = request['token']\n"
                + "prepared = c.unb64u(token['prefix']) + c.token_message('R1', token['key'])\n"
                + "print('token', key.verify(prepared, c.unb64u(token['signature'])))\n"
                + "public = serialization.load_der_public_key(c.unb64u(token['key']))\n"
                + "public.verify(c.p1363_to_der(c.unb64u(request['signature'])), c.ballot_bytes(request['body']),"
                + " ec.ECDSA(hashes.SHA256()))\n"
                + "print('ballot', True)\n"
                + "print(c.receipt_of(request), flush=True)\n");
        try (Writer in = new OutputStreamWriter(python.process().getOutputStream(), StandardCharsets.UTF_8)) {
            in.write(JSON.writeValueAsString(issuer.publicKey().toJwk()) + "\n");
            in.write(JSON.writeValueAsString(request) + "\n");
        }
        List<String> lines;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.process().getInputStream(),
                StandardCharsets.UTF_8))) {
            lines = out.lines().toList();
        }
        python.assertSucceeded();
        assertThat(lines).containsExactly("token True", "ballot True", Receipts.of(request));
    }

    /** A running python3 and the file its stderr goes to (a pipe could block while it waits for input). */
    private record PythonRun(Process process, Path stderr) {

        Supplier<String> errors() {
            return () -> {
                try {
                    return "python3 said: " + Files.readString(stderr, StandardCharsets.UTF_8);
                } catch (IOException ex) {
                    return ex.toString();
                }
            };
        }

        void assertSucceeded() throws InterruptedException {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(errors()).isTrue();
            assertThat(process.exitValue()).as(errors()).isZero();
        }
    }

    private static PythonRun python(String script) throws IOException {
        Optional<Path> client = acceptanceDirectory();
        assumeThat(client).as("shared/acceptance/phieukin_client.py not found: cross-check with Python skipped")
                .isPresent();
        boolean usable;
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import cryptography, requests")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            usable = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException | InterruptedException absent) {
            usable = false;
        }
        assumeThat(usable).as("python3 with cryptography and requests absent: cross-check with Python skipped").isTrue();
        Path stderr = Files.createTempFile("phieukin-python", ".stderr");
        stderr.toFile().deleteOnExit();
        ProcessBuilder builder = new ProcessBuilder("python3", "-c", script).redirectError(stderr.toFile());
        builder.environment().put("PYTHONPATH", client.get().toString());
        builder.environment().put("PYTHONIOENCODING", "utf-8");
        return new PythonRun(builder.start(), stderr);
    }

    private static Optional<Path> acceptanceDirectory() {
        String configured = System.getProperty("phieukin.acceptance");
        Stream<Path> candidates = configured != null ? Stream.of(Path.of(configured))
                : Stream.of(Path.of("..", "shared", "acceptance"), Path.of("..", "..", "shared", "acceptance"));
        return candidates.map(Path::toAbsolutePath).map(Path::normalize)
                .filter(dir -> Files.isRegularFile(dir.resolve("phieukin_client.py"))).findFirst();
    }
}
