package vn.phieukin.record.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.RecordFixture;
import vn.phieukin.record.RecordHash;

/** The auditor's command line: what it prints and the exit status a script relies on. */
class VerifyCommandTest {

    @TempDir
    static Path dir;
    static RecordFixture fixture;
    static Path genuine;
    static String rawKey;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeAGenuineRecord() throws Exception {
        fixture = new RecordFixture(SealKey.loadOrCreate(dir.resolve("keys")));
        genuine = write("genuine.json", fixture.sealed(RecordFixture.stepOne()).toString());
        rawKey = fixture.sealKey().publicKey().base64Url();
    }

    private static Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private int run(String... args) {
        return VerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aGenuineRecordExitsWithZeroAndPrintsATickForEachOfTheNineChecks() {
        assertThat(run(genuine.toString(), "--seal-key", rawKey)).as(stdout() + stderr()).isZero();
        for (CheckId id : CheckId.V1_RECORD) {
            assertThat(stdout()).contains(id + " ✓ " + id.title());
        }
        assertThat(stdout()).contains("KẾT LUẬN: ĐẠT", "keyId " + fixture.sealKey().keyId()).doesNotContain("✗");
    }

    @Test
    void theSealKeyMayBeGivenAsThePublicKeyPemFile() {
        Path pem = dir.resolve("keys").resolve(SealKey.PUBLIC_FILE);
        assertThat(run(genuine.toString(), "--seal-key", pem.toString())).isZero();
    }

    @Test
    void aRecordWithOneBallotChangedAsTheAcceptanceTestDoesExitsWithOne() throws Exception {
        ObjectNode record = (ObjectNode) ProcedureJson.mapper().readTree(genuine.toFile());
        ObjectNode choice = (ObjectNode) record.at("/ballots/0/request/body/choices/0");
        choice.put("vote", "AGREE".equals(choice.get("vote").asText()) ? "DISAGREE" : "AGREE");
        Path tampered = write("tampered.json", record.toString());
        assertThat(run(tampered.toString(), "--seal-key", rawKey)).isEqualTo(1);
        assertThat(stdout()).contains("V1 ✗", "V3 ✗", "phiếu " + record.at("/ballots/0/receipt").asText(), "KẾT LUẬN: KHÔNG ĐẠT");
    }

    /**
     * The hash the command prints is streamed from the texts the seal check canonicalised (each
     * request's once): it must be the hash of the whole record as it is, also when a ballot and
     * a top-level member were changed after sealing, and say it cannot be computed for a float.
     */
    @Test
    void thePrintedHashIsTheRecordsOwnEvenWhenTheRecordWasChangedAfterSealing() throws Exception {
        ObjectNode record = (ObjectNode) ProcedureJson.mapper().readTree(genuine.toFile());
        assertThat(run(genuine.toString(), "--seal-key", rawKey)).isZero();
        assertThat(stdout()).contains("Mã băm hồ sơ: " + RecordHash.sha256(record) + "\n");
        ObjectNode choice = (ObjectNode) record.at("/ballots/1/request/body/choices/0");
        choice.put("vote", "AGREE".equals(choice.get("vote").asText()) ? "DISAGREE" : "AGREE");
        ((ObjectNode) record.get("conference")).put("title", "Hội nghị khác");
        Path tampered = write("tampered-hash.json", record.toString());
        out.reset();
        assertThat(run(tampered.toString(), "--seal-key", rawKey)).isEqualTo(1);
        String expected = RecordHash.sha256(ProcedureJson.mapper().readTree(tampered.toFile()));
        assertThat(expected).isNotEqualTo(RecordHash.sha256(ProcedureJson.mapper().readTree(genuine.toFile())));
        assertThat(stdout()).contains("Mã băm hồ sơ: " + expected + "\n");
        ((ObjectNode) record.get("conference")).put("title", 1.5);
        Path floating = write("float-hash.json", record.toString());
        out.reset();
        assertThat(run(floating.toString(), "--seal-key", rawKey)).isEqualTo(1);
        assertThat(stdout()).contains("Mã băm hồ sơ: không tính được (").contains("V1 ✗");
    }

    @Test
    void theEarlierRecordIsCheckedWhenGivenWithPrevious() throws Exception {
        Path later = write("later.json", fixture.sealed(RecordFixture.stepOne().withDecisions(java.util.List.of(),
                RecordHash.sha256(ProcedureJson.mapper().readTree(genuine.toFile())))).toString());
        assertThat(run(later.toString(), "--seal-key", rawKey, "--previous", genuine.toString())).as(stdout()).isZero();
        assertThat(stdout()).contains("V9 ✓");
        out.reset();
        assertThat(run(later.toString(), "--seal-key", rawKey, "--previous", later.toString())).isEqualTo(1);
        assertThat(stdout()).contains("V9 ✗");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json at all", "[1, 2, 3]", "{\"format\":\"phieukin-record/9\"}",
            "{\"format\":\"phieukin-record/1\",\"review\":{}}", "{\"a\":1,\"a\":2}", "{\"format\":\"phieukin-record/1\"} trailing",
            "\"just a string\"", "{\"format\": 1e400}"})
    void garbageExitsWithTwoAndAMessageNeverAStackTrace(String content) throws Exception {
        Path file = write("garbage.json", content);
        assertThat(run(file.toString(), "--seal-key", rawKey)).isEqualTo(2);
        assertThat(stderr()).contains("không đọc được").doesNotContain("Exception", "\tat ");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aMissingFileABadKeyOrMissingArgumentsExitWithTwo() {
        assertThat(run(dir.resolve("absent.json").toString(), "--seal-key", rawKey)).isEqualTo(2);
        assertThat(stderr()).contains("Không đọc được tệp");
        err.reset();
        assertThat(run(genuine.toString(), "--seal-key", "not-a-key!")).isEqualTo(2);
        assertThat(stderr()).contains("Không đọc được khóa niêm phong");
        err.reset();
        assertThat(run(genuine.toString())).isEqualTo(2);
        assertThat(stderr()).contains("--seal-key", "Cách dùng");
        err.reset();
        assertThat(run(genuine.toString(), "--seal-key", rawKey, "--frobnicate")).isEqualTo(2);
        assertThat(stderr()).contains("--frobnicate");
    }
}
