package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.ballot.SealPublicKey;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.Encoding;
import vn.phieukin.committee.Group;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.Sealer;
import vn.phieukin.record.verify.CheckId;
import vn.phieukin.record.verify.CheckResult;
import vn.phieukin.record.verify.RecordVerifier;
import vn.phieukin.record.verify.VerificationReport;
import vn.phieukin.server.RoundsFixture.Delegate;
import vn.phieukin.server.RoundsFixture.Voter;

/**
 * A genuine {@code phieukin-record/2} made by the real server verifies (V1–V11), and every
 * tampering re-sealed with the seal key itself fails its check (COMMITTEE.md): a flipped
 * ciphertext bit → V5, a wrong D → V11, a changed joint key → V10, a dropped ballot → V11 or V6.
 */
@ExtendWith(VertxExtension.class)
class V2RecordVerifyTest {
    @TempDir
    Path dir;
    TestServer srv;
    RoundsFixture f;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        f = RoundsFixture.create(srv);
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    /** A closed, decrypted v2 round (3 ballots, 1 paper ballot, committee 2 of 3); returns its record. */
    static JsonNode decryptedRound(TestServer srv, RoundsFixture f) throws Exception {
        String conference = f.conference(4, new JsonObject().put("encryption", "COMMITTEE"));
        CommitteeFixture committee = CommitteeFixture.ready(srv, f.admin, conference, 3, 0);
        List<Delegate> delegates = f.delegates(conference, 4, 4);
        JsonObject round = f.openRound(conference, new JsonObject().put("sections", new JsonArray()
                .add(new JsonObject().put("positionId", f.id("CT")).put("maxSelections", 2)
                        .put("candidates", new JsonArray().add(f.id("c4")).add(f.id("c5")).add(f.id("c6"))))));
        String id = round.getString("id");
        String ct = f.id("CT");
        BallotLayout layout = new BallotLayout.Nomination(List.of(new BallotLayout.Section(ct,
                List.of(f.id("c4"), f.id("c5"), f.id("c6")), 2)));
        List<List<String>> picks = List.of(List.of(f.id("c4"), f.id("c5")), List.of(f.id("c4")), List.of());
        for (int i = 0; i < picks.size(); i++) {
            Voter voter = f.issued(round, delegates.get(i).tablet());
            srv.ok("/api/v1/rounds/" + id + "/ballots",
                    V2RoundsApiTest.encryptedBallot(voter, round, layout, Map.of(ct, picks.get(i))), null);
        }
        srv.ok("/api/v1/rounds/" + id + "/paper-issue", new JsonObject().put("delegateId", delegates.get(3).id()), f.admin);
        srv.ok("/api/v1/rounds/" + id + "/paper-ballots", new JsonObject().put("choices", new JsonArray()
                .add(new JsonObject().put("position", ct).put("cadres", new JsonArray().add(f.id("c6"))))), f.admin);
        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        assertThat(committee.decrypt(0, id).status()).isEqualTo(200);
        assertThat(committee.decrypt(2, id).status()).isEqualTo(200);
        return ProcedureJson.mapper().readTree(srv.get("/api/v1/rounds/" + id + "/record", f.admin).text());
    }

    private VerificationReport verify(JsonNode record) throws Exception {
        SealPublicKey key = SealPublicKey.parse(dir.resolve("keys").resolve(vn.phieukin.ballot.SealKey.PUBLIC_FILE).toString());
        return RecordVerifier.verify(record, key, null);
    }

    private static List<CheckId> failed(VerificationReport report) {
        return report.failed();
    }

    private JsonNode resealed(JsonNode record) {
        return Sealer.seal((ObjectNode) record, srv.server.sealKey());
    }

    @Test
    void aGenuineV2RecordVerifiesAndEveryResealedTamperingFailsItsCheck() throws Exception {
        JsonNode record = decryptedRound(srv, f);
        VerificationReport genuine = verify(record);
        assertThat(genuine.failed()).as(printed(genuine)).isEmpty();
        String example = System.getProperty("phieukin.v2example");
        if (example != null) {
            // regenerates docs/record-format-v2.example.json and its throw-away seal key (see docs/record-format.md)
            Files.writeString(Path.of(example, "record-format-v2.example.json"),
                    ProcedureJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(record) + "\n");
            Files.copy(dir.resolve("keys").resolve(vn.phieukin.ballot.SealKey.PUBLIC_FILE),
                    Path.of(example, "record-format-v2.example.pub.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(genuine.checks().stream().map(CheckResult::id)).contains(CheckId.V5, CheckId.V10, CheckId.V11);

        // a flipped bit in a ballot's ciphertext
        ObjectNode flipped = record.deepCopy();
        ObjectNode slot = (ObjectNode) flipped.path("ballots").get(0).path("request").path("body").path("sections").get(0)
                .path("slots").get(1);
        slot.put("beta", Encoding.pointText(Encoding.pointFromText(slot.path("beta").asText()).add(Group.generator())
                .normalize()));
        assertThat(failed(verify(resealed(flipped)))).contains(CheckId.V5);

        // a contribution with a wrong D
        ObjectNode wrongD = record.deepCopy();
        String firstSlot = wrongD.path("decryption").fieldNames().next();
        ObjectNode share = (ObjectNode) wrongD.path("decryption").path(firstSlot).path("contributions").get(0);
        share.put("D", Encoding.pointText(Encoding.pointFromText(share.path("D").asText()).add(Group.generator()).normalize()));
        List<CheckId> wrongDFailed = failed(verify(resealed(wrongD)));
        assertThat(wrongDFailed).contains(CheckId.V11);

        // a changed joint key
        ObjectNode otherKey = record.deepCopy();
        ((ObjectNode) otherKey.path("committee")).put("jointKey", Encoding.pointText(Group.timesG(java.math.BigInteger.TEN)));
        assertThat(failed(verify(resealed(otherKey)))).contains(CheckId.V10);

        // a dropped ballot
        ObjectNode dropped = record.deepCopy();
        ((ArrayNode) dropped.path("ballots")).remove(1);
        List<CheckId> droppedFailed = failed(verify(resealed(dropped)));
        assertThat(droppedFailed).containsAnyOf(CheckId.V11, CheckId.V6);

        // changed votes (and a tally that agrees with them) do not decrypt from the shares
        ObjectNode votes = record.deepCopy();
        ((ObjectNode) votes.path("decryption").path(firstSlot)).put("votes",
                votes.path("decryption").path(firstSlot).path("votes").asLong() + 1);
        assertThat(failed(verify(resealed(votes)))).contains(CheckId.V11);
    }

    @Test
    void aCopyOfTheDataFolderAndTheLogMidRoundHoldsNoChoiceAndNoKeyShare() throws Exception {
        String conference = f.conference(4, new JsonObject().put("encryption", "COMMITTEE"));
        CommitteeFixture committee = CommitteeFixture.ready(srv, f.admin, conference, 3, 2);
        List<Delegate> delegates = f.delegates(conference, 3, 3);
        JsonObject round = f.openRound(conference, new JsonObject().put("sections", new JsonArray()
                .add(new JsonObject().put("positionId", f.id("CT")).put("maxSelections", 1)
                        .put("candidates", new JsonArray().add(f.id("c4")).add(f.id("c5"))))));
        String id = round.getString("id");
        String ct = f.id("CT");
        BallotLayout layout = new BallotLayout.Nomination(List.of(new BallotLayout.Section(ct,
                List.of(f.id("c4"), f.id("c5")), 1)));
        List<List<String>> picks = List.of(List.of(f.id("c4")), List.of(f.id("c5")), List.of());
        for (int i = 0; i < picks.size(); i++) {
            Voter voter = f.issued(round, delegates.get(i).tablet());
            srv.ok("/api/v1/rounds/" + id + "/ballots",
                    V2RoundsApiTest.encryptedBallot(voter, round, layout, Map.of(ct, picks.get(i))), null);
        }
        // the attacker's copy, taken while the round is open (database, WAL, keys folder and the log)
        Path copy = dir.resolve("copy");
        Files.createDirectories(copy);
        for (Path folder : List.of(dir.resolve("data"), dir.resolve("keys"))) {
            try (var files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, copy.resolve(folder.getFileName() + "-" + file.getFileName()));
                }
            }
        }
        Files.writeString(copy.resolve("log.txt"), srv.output(), StandardCharsets.UTF_8);
        byte[] all;
        try (var files = Files.list(copy)) {
            var out = new java.io.ByteArrayOutputStream();
            for (Path file : files.toList()) {
                out.write(Files.readAllBytes(file));
            }
            all = out.toByteArray();
        }
        String text = new String(all, StandardCharsets.ISO_8859_1);
        assertThat(text).as("no plaintext ballot form").doesNotContain("\"choices\"");
        // no member's key share (nor the joint secret) in any form
        java.math.BigInteger joint = java.math.BigInteger.ZERO;
        var lambda = vn.phieukin.committee.Lagrange.coefficients(List.of(1, 2));
        for (int i = 0; i < 2; i++) {
            joint = joint.add(lambda.get(i + 1).multiply(committee.members.get(i).shareForTests()));
        }
        List<java.math.BigInteger> secrets = new java.util.ArrayList<>(committee.members.stream()
                .map(m -> m.shareForTests()).toList());
        secrets.add(joint.mod(Group.ORDER));
        for (java.math.BigInteger secret : secrets) {
            byte[] raw = Encoding.scalarBytes(secret);
            assertThat(indexOf(all, raw)).as("a key share's bytes").isEqualTo(-1);
            assertThat(text).doesNotContain(Encoding.scalarText(secret)).doesNotContain(secret.toString(16));
        }
        // the stored ballots differ only in their ciphertexts and proofs: their form says nothing of the choice
        JsonNode tally = CommitteeFixture.tree(srv.get("/api/v1/rounds/" + id, f.admin).object());
        assertThat(tally.path("cast").asLong()).isEqualTo(3);
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + copy.resolve("data-phieukin.db"))) {
            var rows = db.createStatement().executeQuery("SELECT request FROM ballots");
            List<String> skeletons = new java.util.ArrayList<>();
            while (rows.next()) {
                JsonNode body = ProcedureJson.mapper().readTree(rows.getString(1)).path("body");
                skeletons.add(body.toString().replaceAll("\"[A-Za-z0-9_-]{43,44}\"", "\"…\""));
            }
            assertThat(skeletons).as("the copy holds every ballot cast so far").hasSize(3);
            assertThat(skeletons.stream().collect(Collectors.toSet())).as("one form for every choice").hasSize(1);
        }
    }

    static String printed(VerificationReport report) {
        var out = new java.io.ByteArrayOutputStream();
        report.print(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
