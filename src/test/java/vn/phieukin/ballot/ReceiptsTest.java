package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Receipts and canonical JSON must agree byte for byte with the independent Python client
 * (shared/acceptance/phieukin_client.py), whose {@code jcs} is
 * {@code json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")}
 * and whose {@code receipt_of} is {@code hashlib.sha256(jcs(request)).hexdigest()}.
 */
class ReceiptsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String REQUEST = "{\"body\":{\"round\":\"R1\",\"choices\":[{\"position\":\"P1\",\"cadres\":[\"C3\",\"C7\"]},"
            + "{\"position\":\"P2\",\"cadres\":[]}]},"
            + "\"token\":{\"key\":\"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\",\"prefix\":\"AAAA\",\"signature\":\"BBBB\"},"
            + "\"signature\":\"CCCC\"}";

    static final String VIETNAMESE = "{\"fullName\":\"Nguyễn Thị Hồng Nhung\",\"unit\":\"Sở Tài chính tỉnh Đắk Lắk\","
            + "\"note\":\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f/<>&\\u2028\","
            + "\"n\":[1,-2,9007199254740993,true,false,null]}";

    /**
     * Known answers computed once with the Python client on this machine:
     * {@code python3 -c 'import sys, json; sys.path.insert(0, "../shared/acceptance");
     * import phieukin_client as c; print(c.receipt_of(json.loads(TEXT)))'} for each text above.
     */
    @Test
    void theReceiptOfACastRequestIsWhatThePythonClientComputes() throws Exception {
        assertThat(Receipts.of(JSON.readTree(REQUEST)))
                .isEqualTo("97ba6a19fdb2a2552530a7667fa311b67ac4146f1e2b27e23ede63c8ab2f7309");
        assertThat(Receipts.of(JSON.readTree(VIETNAMESE)))
                .isEqualTo("89fcb4bf45d192c43cc1de9f79798e9aa902363c4953b94a6a95e6e4fe776979");
    }

    @Test
    void aReceiptIsSixtyFourLowercaseHexDigitsAndChangesWithAnyByteOfTheRequest() throws Exception {
        String receipt = Receipts.of(JSON.readTree(REQUEST));
        assertThat(receipt).matches("[0-9a-f]{64}");
        assertThat(Receipts.of(JSON.readTree(REQUEST.replace("C7", "C8")))).isNotEqualTo(receipt);
    }

    @Test
    void theReceiptDoesNotDependOnKeyOrderOrWhitespaceOfTheRequest() throws Exception {
        JsonNode reordered = JSON.readTree("{ \"signature\" : \"CCCC\", \"token\" : {\"signature\":\"BBBB\","
                + "\"prefix\":\"AAAA\",\"key\":\"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\"},\n\"body\":{\"choices\":"
                + "[{\"cadres\":[\"C3\",\"C7\"],\"position\":\"P1\"},{\"cadres\":[],\"position\":\"P2\"}],\"round\":\"R1\"}}");
        assertThat(Receipts.of(reordered)).isEqualTo(Receipts.of(JSON.readTree(REQUEST)));
    }

    @Test
    void aRequestBuiltFromJavaMapsHasTheSameReceiptAsItsParsedJson() throws Exception {
        Map<String, Object> request = Map.of(
                "body", Map.of("round", "R1", "choices", List.of(
                        Map.of("position", "P1", "cadres", List.of("C3", "C7")),
                        Map.of("position", "P2", "cadres", List.of()))),
                "token", Map.of("key", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE", "prefix", "AAAA", "signature", "BBBB"),
                "signature", "CCCC");
        assertThat(Receipts.of(request)).isEqualTo(Receipts.of(JSON.readTree(REQUEST)));
    }

    /** Runs the Python client's exact definition live, when python3 is installed. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {REQUEST, VIETNAMESE,
            "{\"z\":{\"b\":[{\"y\":1,\"x\":[[],{}]}],\"a\":\"Đồng ý\"},\"A\":\"Không đồng ý\",\"\":\"empty key\"}",
            "[\"\\u0000\\u0007\\u000b\\u000e\\u001b\",\"tab\\there\",\"Bầu cử\",\"\\u00e9\\u0301\",\"\\ud83d\\uddf3\"]"})
    void canonicalJsonIsByteForByteWhatPythonWrites(String json) throws Exception {
        String python = python3("import sys, json\n"
                + "value = json.loads(sys.stdin.buffer.read().decode('utf-8'))\n"
                + "sys.stdout.write(json.dumps(value, sort_keys=True, separators=(',', ':'), ensure_ascii=False)"
                + ".encode('utf-8').hex())\n", json);
        assertThat(HexFormat.of().formatHex(CanonicalJson.encode(JSON.readTree(json)))).isEqualTo(python);
    }

    private static String python3(String script, String stdin) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        } catch (IOException absent) {
            assumeThat(false).as("python3 is not installed: cross-check with Python skipped").isTrue();
            throw absent;
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out.trim();
    }
}
