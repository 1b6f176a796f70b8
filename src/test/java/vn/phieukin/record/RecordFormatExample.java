package vn.phieukin.record;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.procedure.Rules;
import vn.phieukin.procedure.Section;

/**
 * Writes the small real record of {@code docs/record-format.md}: three genuine ballots of a step-4
 * round, sealed with a throw-away key whose public half the doc gives. Run by hand from the project root
 * (the seal key goes to a temporary folder and is then thrown away):
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) vn.phieukin.record.RecordFormatExample docs
 * </pre>
 */
public final class RecordFormatExample {

    private RecordFormatExample() {
    }

    public static RecordFixture.Round round() {
        List<Section> sections = List.of(new Section("BT", 1, List.of("c4"), false),
                new Section("CT", 2, List.of("c7", "c8", "c9"), false));
        List<List<?>> electronic = RecordFixture.concat(
                RecordFixture.times(2, List.of(RecordFixture.pick("BT", "c4"), RecordFixture.pick("CT", "c7", "c8"))),
                RecordFixture.times(1, List.of(RecordFixture.pick("BT", "c4"), RecordFixture.pick("CT", "c7", "c9"))));
        return new RecordFixture.Round(4, Rules.defaultsFor(4), sections, List.of(), 4, 0, 3, electronic, 0, List.of(),
                List.of(), null);
    }

    public static void main(String[] args) throws Exception {
        Path docs = Path.of(args.length > 0 ? args[0] : "docs");
        Path keys = Files.createTempDirectory("phieukin-example-keys");
        SealKey sealKey = SealKey.loadOrCreate(keys);
        ObjectNode record = new RecordFixture(sealKey).sealed(round());
        Files.writeString(docs.resolve("record-format.example.json"), record.toPrettyString() + "\n", StandardCharsets.UTF_8);
        Files.writeString(docs.resolve("record-format.example.pub.pem"), sealKey.publicKey().toPem(), StandardCharsets.US_ASCII);
        System.out.println("seal public key (base64url): " + sealKey.publicKey().base64Url());
        System.out.println("keyId: " + sealKey.keyId());
        System.out.println("recordSha256: " + RecordHash.sha256(record));
        for (String file : new String[] {SealKey.PRIVATE_FILE, SealKey.PUBLIC_FILE}) {
            Files.deleteIfExists(keys.resolve(file));
        }
        Files.deleteIfExists(keys);
    }
}
