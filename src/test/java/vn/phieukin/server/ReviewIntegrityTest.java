package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.RecordHash;
import vn.phieukin.record.verify.VerifyCommand;
import vn.phieukin.server.RoundsFixture.Delegate;

/**
 * Integrity of the set-up and of what follows from a record, tried as an operator with the
 * database would: lists changed after the vote opened, a result or record edited in place, a
 * second round slipped in silently, older sealed versions hidden from the auditor.
 */
@ExtendWith(VertxExtension.class)
class ReviewIntegrityTest {
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

    private TestServer.Answer post(String path, JsonObject body) throws Exception {
        return srv.post("/api/v1/reviews/" + f.review + path, body, f.admin);
    }

    private JsonObject cadre(String name) {
        return new JsonObject().put("fullName", name).put("birthDate", "1980-01-01").put("gender", "F").put("ethnicity", "Kinh")
                .put("title", "Phó Giám đốc Sở").put("unit", "Sở Nội vụ");
    }

    private static void assertFrozen(TestServer.Answer answer, int step) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo("REVIEW_FROZEN");
        assertThat(answer.errorMessage()).contains("bước " + step).contains("đã được chốt");
    }

    /** Closes a step-1 round of {@code present} delegates, each voting AGREE on the lines given. */
    private JsonObject closedStepOne(String conference, int present, Map<String, String> votes, JsonObject body)
            throws Exception {
        List<Delegate> delegates = f.delegates(conference, present, present);
        JsonObject round = f.openRound(conference, body);
        for (Delegate d : delegates) {
            srv.ok("/api/v1/rounds/" + round.getString("id") + "/ballots",
                    f.issued(round, d.tablet()).ballot(RoundsFixture.votes(round, votes)), null);
        }
        srv.ok("/api/v1/rounds/" + round.getString("id") + "/close", new JsonObject(), f.admin);
        return round;
    }

    private JsonObject planningOf(String position) throws Exception {
        return srv.get("/api/v1/reviews/" + f.review + "/planning", f.admin).object().getJsonArray("positions").stream()
                .map(JsonObject.class::cast).filter(p -> p.getString("positionId").equals(f.id(position))).findFirst().orElseThrow();
    }

    private void sql(String statement, Object... params) throws Exception {
        TestServer.await(srv.server.database().write(c -> {
            try (PreparedStatement p = c.prepareStatement(statement)) {
                for (int i = 0; i < params.length; i++) {
                    p.setObject(i + 1, params[i]);
                }
                return p.executeUpdate();
            }
        }));
    }

    private static long roundSeq(String roundId) {
        return Long.parseLong(roundId.substring(1));
    }

    // ---- frozen lists ---------------------------------------------------------------------------

    @Test
    void openingAStepOneRoundFreezesThePositionsAndThePlannedLines() throws Exception {
        String conference = f.conference(1);
        f.delegates(conference, 3, 3);
        String draft = f.round(conference, new JsonObject()).getString("id");
        assertThat(post("/positions", new JsonObject().put("name", "Trưởng Ban Dân vận").put("maxPlanned", 2)).status())
                .as("a draft freezes nothing").isEqualTo(201);
        f.open(draft);
        assertFrozen(post("/positions", new JsonObject().put("name", "Trưởng Ban Nội chính")), 1);
        assertFrozen(post("/planned", new JsonObject().put("cadreId", f.id("c4")).put("positionId", f.id("BT"))), 1);
        assertThat(post("/supplementary", new JsonObject().put("cadreId", f.id("c4")).put("positionId", f.id("BT"))).status())
                .as("the supplementary list is approved at step 1").isEqualTo(201);
        assertThat(post("/cadres", cadre("Đinh Thị Mai")).status()).isEqualTo(201);
    }

    @Test
    void openingAStepTwoRoundFreezesTheRegistryAndTheSupplementaryList() throws Exception {
        f.supplement("c4", "BT");
        String conference = f.conference(2);
        f.delegates(conference, 3, 3);
        f.openRound(conference, new JsonObject());
        assertFrozen(post("/cadres", cadre("Đinh Thị Mai")), 2);
        assertFrozen(srv.post("/api/v1/reviews/" + f.review + "/cadres/import",
                "fullName,birthDate,gender,ethnicity,title,unit\nĐinh Thị Mai,1980-01-01,F,Kinh,Phó Giám đốc,Sở Nội vụ\n", f.admin), 2);
        assertFrozen(post("/supplementary", new JsonObject().put("cadreId", f.id("c5")).put("positionId", f.id("BT"))), 2);
        assertThat(srv.get("/api/v1/reviews/" + f.review + "/cadres", f.admin).array()).hasSize(9);
    }

    // ---- what follows is read from the sealed record ------------------------------------------------

    @Test
    void thePlanningFollowsTheSealedRecordAndRefusesOneChangedAfterTheSeal() throws Exception {
        JsonObject round = closedStepOne(f.conference(1), 3, Map.of("L1", "AGREE"), new JsonObject());
        String id = round.getString("id");
        assertThat(planningOf("BT").getJsonArray("removed")).containsExactly(f.id("c1"));

        // the operator rewrites the stored result so that nobody was removed
        JsonObject result = srv.get("/api/v1/rounds/" + id + "/result", f.admin).object();
        result.getJsonArray("lines").forEach(l -> ((JsonObject) l).put("passed", false));
        sql("UPDATE rounds SET result = ? WHERE seq = ?", result.encode(), roundSeq(id));
        assertThat(planningOf("BT").getJsonArray("removed")).as("the planning reads the sealed record, not the result column")
                .containsExactly(f.id("c1"));

        // then the record itself, without the seal key
        String recordText = srv.get("/api/v1/rounds/" + id + "/record", f.admin).text();
        JsonObject record = new JsonObject(recordText);
        record.getJsonObject("result").getJsonArray("lines").forEach(l -> ((JsonObject) l).put("passed", false));
        // the record's text is a file of its own (RoundStore.insertRecord): rewritten there
        java.nio.file.Path records = dir.resolve("data").resolve(vn.phieukin.store.RoundStore.RECORDS_FOLDER);
        java.nio.file.Path file;
        try (var list = java.nio.file.Files.list(records)) {
            file = list.filter(p -> p.getFileName().toString().startsWith(id + "-v1-")).findFirst().orElseThrow();
        }
        assertThat(java.nio.file.Files.readString(file)).as("(precondition) the file served").isEqualTo(recordText);
        java.nio.file.Files.writeString(file, record.encode());
        TestServer.Answer refused = srv.get("/api/v1/reviews/" + f.review + "/planning", f.admin);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("RECORD_INVALID");
        assertThat(refused.errorMessage()).contains("bước 1").contains("chữ ký niêm phong").contains("Ủy ban Kiểm tra")
                .doesNotContain(id);
    }

    @Test
    void aRecordFileDeletedOrOverwrittenAfterTheSealIsRefusedWithRecordInvalidNotAServerError() throws Exception {
        String conference = f.conference(1);
        JsonObject round = closedStepOne(conference, 3, Map.of("L1", "AGREE"), new JsonObject());
        String id = round.getString("id");
        java.nio.file.Path records = dir.resolve("data").resolve(vn.phieukin.store.RoundStore.RECORDS_FOLDER);
        java.nio.file.Path file;
        try (var list = java.nio.file.Files.list(records)) {
            file = list.filter(p -> p.getFileName().toString().startsWith(id + "-v1-")).findFirst().orElseThrow();
        }
        byte[] sealed = java.nio.file.Files.readAllBytes(file);

        // bytes that are not UTF-8 text (a disk error, a half-restored backup)
        java.nio.file.Files.write(file, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        assertRecordInvalid(srv.get("/api/v1/rounds/" + id + "/record", f.admin), "ghi đè");

        // text that is not JSON, and an empty file (a half-restored back-up): every reader of the record refuses
        for (String text : List.of("biên bản", "")) {
            java.nio.file.Files.writeString(file, text);
            for (String path : List.of("/record", "/records", "/records/1", "/summary", "/result.xlsx")) {
                assertRecordInvalid(srv.get("/api/v1/rounds/" + id + path, f.admin), "không đọc được");
            }
            assertRecordInvalid(srv.get("/api/v1/reviews/" + f.review + "/planning", f.admin), "không đọc được");
        }

        // a link planted under the record's name, to a FIFO no one writes to: refused at once, not waited on
        java.nio.file.Files.delete(file);
        java.nio.file.Path fifo = dir.resolve("fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0,
                "needs mkfifo");
        java.nio.file.Files.createSymbolicLink(file, fifo);
        assertRecordInvalid(srv.get("/api/v1/rounds/" + id + "/record", f.admin), "không phải một tệp thường");
        assertRecordInvalid(srv.get("/api/v1/rounds/" + id + "/summary", f.admin), "không phải một tệp thường");
        java.nio.file.Files.delete(file);

        // the file gone: the record, its versions, and what follows from it are all refused the same way
        assertRecordInvalid(srv.get("/api/v1/rounds/" + id + "/record", f.admin), "đã bị xóa");
        assertRecordInvalid(srv.get("/api/v1/rounds/" + id + "/records/1", f.admin), "đã bị xóa");
        assertRecordInvalid(srv.get("/api/v1/reviews/" + f.review + "/planning", f.admin), "đã bị xóa");
        // the hall screen needs only the row's hash: it still shows it
        TestServer.Answer screen = srv.get("/api/v1/conferences/" + conference + "/screen", null);
        assertThat(screen.status()).as(screen.text()).isEqualTo(200);
        assertThat(file.getFileName().toString()).endsWith("-" + screen.object().getString("recordSha256") + ".json");

        // restored from a backup: served again, byte for byte
        java.nio.file.Files.write(file, sealed);
        assertThat(srv.get("/api/v1/rounds/" + id + "/record", f.admin).text().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(sealed);
        assertThat(planningOf("BT").getJsonArray("removed")).containsExactly(f.id("c1"));
    }

    private static void assertRecordInvalid(TestServer.Answer answer, String why) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(409);
        assertThat(answer.errorCode()).isEqualTo("RECORD_INVALID");
        assertThat(answer.errorMessage()).contains("phiên bản 1").contains(why).contains("Ủy ban Kiểm tra");
    }

    @Test
    void theStepThreeBallotPrintsThePassersOfTheSealedStepTwoRecord() throws Exception {
        f.supplement("c4", "CT");
        f.supplement("c5", "CT");
        String second = f.conference(2);
        List<Delegate> key = f.delegates(second, 3, 3);
        JsonObject nomination = f.openRound(second, new JsonObject());
        for (Delegate d : key) {
            srv.ok("/api/v1/rounds/" + nomination.getString("id") + "/ballots", f.issued(nomination, d.tablet())
                    .ballot(RoundsFixture.picks(nomination, Map.of(f.id("CT"), List.of(f.id("c4"))))), null);
        }
        String id = nomination.getString("id");
        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        JsonObject result = srv.get("/api/v1/rounds/" + id + "/result", f.admin).object();
        result.getJsonArray("positions").forEach(p -> ((JsonObject) p).getJsonArray("candidates")
                .forEach(c -> ((JsonObject) c).put("passed", true)));
        sql("UPDATE rounds SET result = ? WHERE seq = ?", result.encode(), roundSeq(id));

        String third = f.conference(3);
        JsonObject ballot = f.round(third, new JsonObject());
        JsonObject ct = ballot.getJsonArray("sections").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("positionId").equals(f.id("CT"))).findFirst().orElseThrow();
        assertThat(ct.getJsonArray("candidates")).as("c5 got no vote: not on the step-3 ballot").containsExactly(f.id("c4"));

        JsonObject record = srv.get("/api/v1/rounds/" + id + "/record", f.admin).object();
        record.getJsonObject("result").getJsonArray("positions").forEach(p -> ((JsonObject) p).getJsonArray("candidates")
                .forEach(c -> ((JsonObject) c).put("passed", true)));
        sql("UPDATE sealed_records SET record = ? WHERE round_seq = ?", record.encode(), roundSeq(id));
        TestServer.Answer refused = srv.post("/api/v1/conferences/" + third + "/rounds", new JsonObject(), f.admin);
        assertThat(refused.errorCode()).isEqualTo("RECORD_INVALID");
    }

    // ---- a second round of a step -------------------------------------------------------------------

    @Test
    void aSecondRoundOfAStepNeedsAWrittenReasonKeptWithBothRoundsAndSealedInItsRecord() throws Exception {
        String conference = f.conference(1);
        JsonObject first = closedStepOne(conference, 3, Map.of("L1", "AGREE"), new JsonObject());
        String firstId = first.getString("id");

        TestServer.Answer silent = srv.post("/api/v1/conferences/" + conference + "/rounds", new JsonObject(), f.admin);
        assertThat(silent.status()).isEqualTo(400);
        assertThat(silent.errorMessage()).contains("reason").contains("bước 1 đã có một phiên bỏ phiếu").contains("lý do")
                .doesNotContain(firstId);
        TestServer.Answer elsewhere = srv.post("/api/v1/conferences/" + f.conference(1) + "/rounds", new JsonObject(), f.admin);
        assertThat(elsewhere.status()).as("another conference of the same step too").isEqualTo(400);

        String reason = "Ban kiểm phiếu phát hiện một máy tính bảng hiển thị sai danh sách; Hội nghị biểu quyết bỏ phiếu lại";
        JsonObject second = f.round(conference, new JsonObject().put("reason", reason));
        assertThat(second.getJsonObject("repeat")).isEqualTo(new JsonObject().put("of", firstId).put("reason", reason));
        String secondId = second.getString("id");
        assertThat(srv.get("/api/v1/rounds/" + firstId, f.admin).object().getJsonArray("repeatedBy"))
                .containsExactly(new JsonObject().put("roundId", secondId).put("reason", reason));

        JsonObject opened = f.open(secondId);
        srv.ok("/api/v1/rounds/" + secondId + "/close", new JsonObject(), f.admin);
        JsonObject record = srv.get("/api/v1/rounds/" + secondId + "/record", f.admin).object();
        assertThat(record.getJsonObject("round").getJsonObject("repeat"))
                .isEqualTo(new JsonObject().put("of", firstId).put("reason", reason));
        assertThat(opened.getString("status")).isEqualTo("OPEN");
        assertThat(planningOf("BT").getJsonArray("removed")).as("the second round (nobody voted) is the source now").isEmpty();
        assertThat(verify(record.encode(), null)).as("the verifier accepts the repeat's record").isZero();
    }

    @Test
    void aDraftMadeBeforeTheFirstRoundClosedNeedsTheReasonWhenItOpens() throws Exception {
        String conference = f.conference(1);
        String draft = f.round(conference, new JsonObject()).getString("id");
        JsonObject first = closedStepOne(conference, 3, Map.of(), new JsonObject());
        TestServer.Answer refused = srv.post("/api/v1/rounds/" + draft + "/open", new JsonObject(), f.admin);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorMessage()).contains("reason").contains("đã có một phiên bỏ phiếu kết thúc")
                .doesNotContain(first.getString("id"));
        JsonObject opened = srv.ok("/api/v1/rounds/" + draft + "/open", new JsonObject().put("reason", "Bỏ phiếu lại"), f.admin);
        assertThat(opened.getJsonObject("repeat").getString("of")).isEqualTo(first.getString("id"));
    }

    // ---- every sealed version, for verify --previous ---------------------------------------------------

    @Test
    void everySealedVersionIsListedAndServedSoThatVerifyPreviousCanBeUsed() throws Exception {
        String conference = f.conference(4);
        List<Delegate> delegates = f.delegates(conference, 5, 5);
        JsonObject sections = new JsonObject().put("sections", new JsonArray().add(new JsonObject().put("positionId", f.id("CT"))
                .put("maxSelections", 2).put("candidates", new JsonArray().add(f.id("c7")).add(f.id("c8")).add(f.id("c9")))
                .put("allowNominations", false)));
        JsonObject round = f.openRound(conference, sections);
        String id = round.getString("id");
        List<List<String>> picks = List.of(List.of("c7", "c8"), List.of("c7", "c9"), List.of("c7", "c8"), List.of("c7", "c9"),
                List.of("c8", "c9"));
        for (int i = 0; i < 5; i++) {
            srv.ok("/api/v1/rounds/" + id + "/ballots", f.issued(round, delegates.get(i).tablet()).ballot(RoundsFixture.picks(round,
                    Map.of(f.id("CT"), picks.get(i).stream().map(f::id).toList()))), null);
        }
        String firstSha = srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin).getString("recordSha256");
        String chair = srv.userToken("bithu", Role.CHAIR);
        srv.ok("/api/v1/rounds/" + id + "/decisions", new JsonObject().put("positionId", f.id("CT"))
                .put("chosen", new JsonArray().add(f.id("c9"))), chair);

        String auditor = srv.userToken("ubkt", Role.AUDITOR);
        JsonArray versions = srv.get("/api/v1/rounds/" + id + "/records", auditor).array();
        assertThat(versions).hasSize(2);
        JsonObject v1 = versions.getJsonObject(0);
        JsonObject v2 = versions.getJsonObject(1);
        assertThat(v1.getInteger("version")).isEqualTo(1);
        assertThat(v1.getString("sha256")).isEqualTo(firstSha);
        assertThat(v1.containsKey("supersedes")).isTrue();
        assertThat(v1.getValue("supersedes")).isNull();
        assertThat(v2.getInteger("version")).isEqualTo(2);
        assertThat(v2.getString("supersedes")).isEqualTo(firstSha);

        String first = srv.get("/api/v1/rounds/" + id + "/records/1", auditor).text();
        String latest = srv.get("/api/v1/rounds/" + id + "/records/2", auditor).text();
        assertThat(RecordHash.sha256(ProcedureJson.mapper().readTree(first))).isEqualTo(firstSha);
        assertThat(RecordHash.sha256(ProcedureJson.mapper().readTree(latest))).isEqualTo(v2.getString("sha256"));
        assertThat(latest).isEqualTo(srv.get("/api/v1/rounds/" + id + "/record", auditor).text());
        assertThat(srv.get("/api/v1/rounds/" + id + "/records/3", auditor).status()).isEqualTo(404);
        assertThat(srv.get("/api/v1/rounds/" + id + "/records/x", auditor).status()).isEqualTo(400);
        assertThat(verify(latest, first)).as("verify --previous on the two versions served").isZero();

        // the operator copies version 1 (validly sealed, of this round, from before the chair's
        // decision) over version 2's file: the seal holds, the hash does not
        java.nio.file.Path records = dir.resolve("data").resolve(vn.phieukin.store.RoundStore.RECORDS_FOLDER);
        java.nio.file.Path v2File = records.resolve(id + "-v2-" + v2.getString("sha256") + ".json");
        java.nio.file.Path v1File = records.resolve(id + "-v1-" + firstSha + ".json");
        byte[] v2Bytes = java.nio.file.Files.readAllBytes(v2File);
        java.nio.file.Files.copy(v1File, v2File, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        for (String path : List.of("/record", "/records", "/records/2", "/summary", "/result.xlsx")) {
            TestServer.Answer refused = srv.get("/api/v1/rounds/" + id + path, auditor);
            assertThat(refused.status()).as(path + ": " + refused.text()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("RECORD_INVALID");
            assertThat(refused.errorMessage()).contains("phiên bản 2").contains("SHA-256").contains(firstSha)
                    .contains("Ủy ban Kiểm tra");
        }
        assertThat(srv.get("/api/v1/rounds/" + id + "/records/1", auditor).text()).as("version 1 itself is fine")
                .isEqualTo(first);
        java.nio.file.Files.write(v2File, v2Bytes);
        assertThat(srv.get("/api/v1/rounds/" + id + "/record", auditor).text()).isEqualTo(latest);
    }

    @Test
    void theVersionsOfAnUnannouncedRecordAreForAdminAndAuditorOnly() throws Exception {
        f.supplement("c4", "BT");
        String conference = f.conference(2);
        f.delegates(conference, 3, 3);
        String id = f.openRound(conference, new JsonObject()).getString("id");
        srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
        assertThat(srv.get("/api/v1/rounds/" + id + "/records", null).status()).isEqualTo(403);
        assertThat(srv.get("/api/v1/rounds/" + id + "/records/1", null).status()).isEqualTo(403);
        String secretariat = srv.userToken("thuky", Role.SECRETARIAT);
        assertThat(srv.get("/api/v1/rounds/" + id + "/records", secretariat).status()).isEqualTo(403);
        assertThat(srv.get("/api/v1/rounds/" + id + "/records", f.admin).array()).hasSize(1);
    }

    private int verify(String record, String previous) throws Exception {
        Path file = Files.writeString(dir.resolve("record-" + System.nanoTime() + ".json"), record);
        Path key = dir.resolve("keys").resolve(vn.phieukin.ballot.SealKey.PUBLIC_FILE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of(file.toString(), "--seal-key", key.toString()));
        if (previous != null) {
            args.add("--previous");
            args.add(Files.writeString(dir.resolve("previous-" + System.nanoTime() + ".json"), previous).toString());
        }
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = VerifyCommand.run(args.toArray(String[]::new), print, print);
        if (code != 0) {
            System.out.println(out.toString(StandardCharsets.UTF_8));
        }
        return code;
    }
}
