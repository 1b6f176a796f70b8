package vn.phieukin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.record.RecordFixture;

/** {@code phieukin.jar verify} goes to the offline verifier, exit status included. */
class MainVerifyTest {

    @Test
    void theVerifyCommandChecksASealedRecordAndExitsWithZeroWhenItHolds(@TempDir Path dir) throws Exception {
        RecordFixture fixture = new RecordFixture(SealKey.loadOrCreate(dir));
        Path record = dir.resolve("record.json");
        Files.writeString(record, fixture.sealed(RecordFixture.stepFour()).toString(), StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"verify", record.toString(), "--seal-key", fixture.sealKey().publicKey().base64Url()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8));
        assertThat(status).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("V8 ✓", "KẾT LUẬN: ĐẠT");
    }

    @Test
    void theVerifyCommandPrintsTheRecordHashAsTheMinutesShowItEvenForAPrettyPrintedFile(@TempDir Path dir) throws Exception {
        RecordFixture fixture = new RecordFixture(SealKey.loadOrCreate(dir));
        com.fasterxml.jackson.databind.JsonNode sealed = fixture.sealed(RecordFixture.stepFour());
        Path record = dir.resolve("record.json");
        Files.writeString(record, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(sealed), StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"verify", record.toString(), "--seal-key", fixture.sealKey().publicKey().base64Url()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        String canonical = vn.phieukin.record.RecordHash.sha256(sealed);
        String fileBytes = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(record)));
        assertThat(status).as(printed).isZero();
        assertThat(canonical).isNotEqualTo(fileBytes);
        assertThat(printed).contains("Mã băm hồ sơ: " + canonical).contains("JCS").doesNotContain(fileBytes);
    }
}
