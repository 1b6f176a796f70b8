package vn.phieukin.record.verify;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import vn.phieukin.ballot.SealPublicKey;

/** The example an auditor is told to try in docs/record-format.md really verifies, with the key the doc gives. */
class RecordFormatDocTest {

    private static final Path DOCS = Path.of("docs");

    @Test
    void theDocumentedExampleRecordPassesEveryCheckWithTheDocumentedKey() throws Exception {
        SealPublicKey key = SealPublicKey.parse(DOCS.resolve("record-format.example.pub.pem").toString());
        String doc = Files.readString(DOCS.resolve("record-format.md"), StandardCharsets.UTF_8);
        assertThat(doc).contains(key.base64Url(), "keyId `" + key.keyId() + "`");
        VerificationReport report = RecordVerifier.verify(RecordVerifier.read(DOCS.resolve("record-format.example.json")), key, null);
        assertThat(report.failed()).isEmpty();
    }

    @Test
    void theDocumentedV2ExamplePassesEveryCheckIncludingV10AndV11() throws Exception {
        SealPublicKey key = SealPublicKey.parse(DOCS.resolve("record-format-v2.example.pub.pem").toString());
        String doc = Files.readString(DOCS.resolve("record-format.md"), StandardCharsets.UTF_8);
        assertThat(doc).contains(key.base64Url(), "keyId `" + key.keyId() + "`", "phieukin-record/2");
        JsonNode record = RecordVerifier.read(DOCS.resolve("record-format-v2.example.json"));
        assertThat(record.path("format").asText()).isEqualTo("phieukin-record/2");
        VerificationReport report = RecordVerifier.verify(record, key, null);
        assertThat(report.failed()).isEmpty();
        assertThat(report.checks()).extracting(CheckResult::id).contains(CheckId.V10, CheckId.V11);
        // its electronic ballots are encrypted bodies only (paper ballots are entered in plaintext)
        assertThat(record.path("ballots").toString()).doesNotContain("\"choices\"").contains("\"version\":2");
    }
}
