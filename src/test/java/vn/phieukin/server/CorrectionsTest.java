package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edit and delete of positions, cadres, planned and supplementary lines and roster entries:
 * allowed while nothing has been voted on, refused once frozen, refused (no cascade) while
 * something still names what would be deleted; unknown ids answer 404 in Vietnamese without
 * quoting the id.
 */
@ExtendWith(VertxExtension.class)
class CorrectionsTest {
    /** An internal id as the API writes them (rv1, p2, c42, pl3, sp1, hn1, d7, r2). */
    static final Pattern INTERNAL_ID = Pattern.compile("\\b(rv|pl|sp|hn|[pcdrL])[0-9]+\\b");

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

    private String review(String path) {
        return "/api/v1/reviews/" + f.review + path;
    }

    private TestServer.Answer put(String path, JsonObject body) throws Exception {
        return srv.call("PUT", path, body, f.admin);
    }

    private TestServer.Answer delete(String path) throws Exception {
        return srv.call("DELETE", path, null, f.admin);
    }

    private static JsonObject cadre(String name, String birth) {
        return new JsonObject().put("fullName", name).put("birthDate", birth).put("gender", "F").put("ethnicity", "Kinh")
                .put("title", "Phó Giám đốc Sở").put("unit", "Sở Nội vụ");
    }

    private static void assertRefused(TestServer.Answer answer, int status, String code, String... words) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.errorCode()).isEqualTo(code);
        for (String w : words) {
            assertThat(answer.errorMessage()).contains(w);
        }
        assertThat(INTERNAL_ID.matcher(answer.errorMessage()).find()).as(answer.errorMessage()).isFalse();
    }

    private JsonObject cadreNamed(String id) throws Exception {
        return srv.get(review("/cadres"), f.admin).array().stream().map(JsonObject.class::cast)
                .filter(c -> c.getString("id").equals(id)).findFirst().orElse(null);
    }

    private String lineOf(String list, String cadre, String position) throws Exception {
        return srv.get(review("/" + list), f.admin).array().stream().map(JsonObject.class::cast)
                .filter(l -> l.getString("cadreId").equals(f.id(cadre)) && l.getString("positionId").equals(f.id(position)))
                .map(l -> l.getString("id")).findFirst().orElse(null);
    }

    @Test
    void aCadreIsCorrectedAndAnUnusedOneDeleted() throws Exception {
        TestServer.Answer edited = put(review("/cadres/" + f.id("c9")), cadre("Vi Thị Lan Anh", "1988-02-15").put("stem", true));
        assertThat(edited.status()).as(edited.text()).isEqualTo(200);
        JsonObject now = cadreNamed(f.id("c9"));
        assertThat(now.getString("fullName")).isEqualTo("Vi Thị Lan Anh");
        assertThat(now.getString("birthDate")).isEqualTo("1988-02-15");
        assertThat(now.getBoolean("stem")).isTrue();

        assertRefused(put(review("/cadres/" + f.id("c8")), cadre("Vi Thị Lan Anh", "1988-02-15")), 409, "DUPLICATE",
                "Vi Thị Lan Anh", "15/02/1988");
        assertRefused(put(review("/cadres/" + f.id("c8")), cadre("Lục Văn Khánh", "2030-01-01")), 400, "BAD_REQUEST",
                "01/01/2030");

        assertThat(delete(review("/cadres/" + f.id("c9"))).status()).isEqualTo(200);
        assertThat(cadreNamed(f.id("c9"))).isNull();
        assertRefused(delete(review("/cadres/" + f.id("c9"))), 404, "NOT_FOUND", "Không tìm thấy cán bộ");
        assertRefused(put(review("/cadres/c99999"), cadre("Ai Đó", "1980-01-01")), 404, "NOT_FOUND", "Không tìm thấy cán bộ");
        assertRefused(delete(review("/cadres/không-phải-mã")), 404, "NOT_FOUND", "Không tìm thấy cán bộ");
    }

    @Test
    void aCadreOnAPlannedLineIsNotDeletedInCascade() throws Exception {
        int before = srv.get(review("/planned"), f.admin).array().size();
        assertRefused(delete(review("/cadres/" + f.id("c1"))), 409, "IN_USE", "Nguyễn Văn An", "quy hoạch", "Bí thư Tỉnh ủy");
        assertThat(cadreNamed(f.id("c1"))).isNotNull();
        assertThat(srv.get(review("/planned"), f.admin).array().size()).isEqualTo(before);

        f.supplement("c5", "CT");
        assertRefused(delete(review("/cadres/" + f.id("c5"))), 409, "IN_USE", "Trần Quốc Em", "danh sách bổ sung");
        assertRefused(delete(review("/positions/" + f.id("CT"))), 409, "IN_USE", "Chủ tịch UBND tỉnh", "Lê Văn Cường");

        // once its line is gone, the cadre goes
        assertThat(delete(review("/planned/" + lineOf("planned", "c1", "BT"))).status()).isEqualTo(200);
        assertThat(delete(review("/cadres/" + f.id("c1"))).status()).isEqualTo(200);
    }

    @Test
    void aPositionIsRenamedAndItsMaximumCannotDropBelowItsPlannedLines() throws Exception {
        TestServer.Answer renamed = put(review("/positions/" + f.id("BT")), new JsonObject().put("name", "Bí thư Tỉnh ủy khóa mới"));
        assertThat(renamed.status()).as(renamed.text()).isEqualTo(200);
        assertThat(renamed.object().getInteger("maxPlanned")).as("an absent maxPlanned keeps the old one").isEqualTo(2);
        assertRefused(put(review("/positions/" + f.id("BT")), new JsonObject().put("name", "Bí thư Tỉnh ủy khóa mới")
                .put("maxPlanned", 1)), 400, "BAD_REQUEST", "đang có 2 cán bộ");
        assertRefused(put(review("/positions/" + f.id("CT")), new JsonObject().put("name", "bí thư tỉnh ủy khóa mới")),
                409, "DUPLICATE");
        String unused = srv.ok(review("/positions"), new JsonObject().put("name", "Trưởng Ban Dân vận"), f.admin).getString("id");
        assertThat(delete(review("/positions/" + unused)).status()).isEqualTo(200);
        assertRefused(delete(review("/positions/" + unused)), 404, "NOT_FOUND", "Không tìm thấy chức danh");
    }

    @Test
    void aPlannedLineIsMovedAndCheckedLikeANewOne() throws Exception {
        String line = lineOf("planned", "c2", "BT");
        TestServer.Answer moved = put(review("/planned/" + line),
                new JsonObject().put("cadreId", f.id("c2")).put("positionId", f.id("CT")));
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        assertThat(lineOf("planned", "c2", "CT")).isEqualTo(line);
        assertRefused(put(review("/planned/" + line), new JsonObject().put("cadreId", f.id("c3")).put("positionId", f.id("CT"))),
                409, "DUPLICATE", "Lê Văn Cường");
        assertRefused(put(review("/planned/" + line), new JsonObject().put("cadreId", "c99999").put("positionId", f.id("CT"))),
                400, "BAD_REQUEST", "không có cán bộ này");
        assertRefused(delete(review("/planned/pl99999")), 404, "NOT_FOUND", "Không tìm thấy dòng này");
        assertRefused(delete(review("/supplementary/" + line)), 404, "NOT_FOUND", "danh sách bổ sung");
    }

    @Test
    void openingStepOneFreezesPositionsAndPlannedLinesAndTheCadresOnItsBallot() throws Exception {
        String conference = f.conference(1);
        f.delegates(conference, 3, 3);
        String round = f.round(conference, new JsonObject()).getString("id");
        // a draft freezes nothing, but a cadre on a draft's ballot is not deleted under it
        assertThat(put(review("/cadres/" + f.id("c1")), cadre("Nguyễn Văn Ân", "1970-03-02")).status()).isEqualTo(200);
        f.open(round);

        String line = lineOf("planned", "c3", "CT");
        assertRefused(delete(review("/planned/" + line)), 409, "REVIEW_FROZEN", "bước 1", "đã được chốt");
        assertRefused(put(review("/planned/" + line), new JsonObject().put("cadreId", f.id("c4")).put("positionId", f.id("CT"))),
                409, "REVIEW_FROZEN", "bước 1");
        assertRefused(put(review("/positions/" + f.id("BT")), new JsonObject().put("name", "Khác")), 409, "REVIEW_FROZEN");
        assertRefused(delete(review("/positions/" + f.id("BT"))), 409, "REVIEW_FROZEN");
        assertRefused(put(review("/cadres/" + f.id("c3")), cadre("Lê Văn Cương", "1972-11-30")), 409, "REVIEW_FROZEN",
                "Lê Văn Cường", "phiếu");
        assertThat(lineOf("planned", "c3", "CT")).isEqualTo(line);
        assertThat(cadreNamed(f.id("c3")).getString("fullName")).isEqualTo("Lê Văn Cường");
        // a cadre on no ballot may still be corrected until step 2; the supplementary list too
        assertThat(put(review("/cadres/" + f.id("c7")), cadre("Phạm Thị Hà", "1983-12-13")).status()).isEqualTo(200);
        f.supplement("c7", "CT");
        String supplementary = lineOf("supplementary", "c7", "CT");
        assertThat(put(review("/supplementary/" + supplementary),
                new JsonObject().put("cadreId", f.id("c7")).put("positionId", f.id("BT"))).status()).isEqualTo(200);
        assertThat(delete(review("/supplementary/" + supplementary)).status()).isEqualTo(200);
    }

    @Test
    void openingStepTwoFreezesTheRegistryAndTheSupplementaryList() throws Exception {
        f.supplement("c4", "BT");
        String conference = f.conference(2);
        f.delegates(conference, 3, 3);
        f.openRound(conference, new JsonObject());
        assertRefused(put(review("/cadres/" + f.id("c9")), cadre("Vi Thị Lan", "1988-02-14")), 409, "REVIEW_FROZEN", "bước 2");
        assertRefused(delete(review("/cadres/" + f.id("c9"))), 409, "REVIEW_FROZEN", "bước 2");
        assertRefused(delete(review("/supplementary/" + lineOf("supplementary", "c4", "BT"))), 409, "REVIEW_FROZEN", "bước 2");
        assertThat(cadreNamed(f.id("c9"))).isNotNull();
    }

    @Test
    void theRosterIsCorrectedUntilAVoteOpensThenOnlyExclusionRemains() throws Exception {
        String conference = f.conference(1);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 4, 3);
        String path = "/api/v1/conferences/" + conference + "/delegates/";
        TestServer.Answer edited = put(path + delegates.get(3).id(),
                new JsonObject().put("fullName", "Nguyễn Thị Tư").put("title", "Ủy viên BTV").put("chair", false));
        assertThat(edited.status()).as(edited.text()).isEqualTo(200);
        JsonArray roster = srv.get("/api/v1/conferences/" + conference + "/delegates", f.admin).array();
        assertThat(roster.getJsonObject(3).getString("fullName")).isEqualTo("Nguyễn Thị Tư");
        assertRefused(put(path + delegates.get(2).id(), new JsonObject().put("fullName", "Nguyễn Thị Tư").put("title", "Ủy viên BTV")),
                409, "DUPLICATE", "Nguyễn Thị Tư");
        assertRefused(delete(path + delegates.get(0).id()), 409, "DELEGATE_PRESENT", "Đại biểu 1");

        String spare = srv.ok("/api/v1/conferences/" + conference + "/delegates", new JsonObject().put("fullName", "Dự khuyết"), f.admin)
                .getString("id");
        assertThat(delete(path + spare).status()).isEqualTo(200);
        assertRefused(delete(path + spare), 404, "NOT_FOUND", "Không tìm thấy đại biểu");
        assertThat(srv.get("/api/v1/conferences/" + conference + "/attendance", f.admin).object().getInteger("convened"))
                .isEqualTo(4);

        f.openRound(conference, new JsonObject());
        assertRefused(delete(path + delegates.get(3).id()), 409, "ROSTER_FROZEN", "Nguyễn Thị Tư", "Không tính vào số triệu tập");
        assertRefused(put(path + delegates.get(3).id(), new JsonObject().put("fullName", "Khác")), 409, "ROSTER_FROZEN");
        assertThat(srv.get("/api/v1/conferences/" + conference + "/delegates", f.admin).array().size()).isEqualTo(4);
    }

    @Test
    void aDelegateRecordedWhereNoCheckLooksIsRefusedNotHalfDeleted() throws Exception {
        String conference = f.conference(1);
        List<RoundsFixture.Delegate> delegates = f.delegates(conference, 3, 0);
        String draft = f.round(conference, new JsonObject()).getString("id");
        // a row naming the delegate that the roster rules do not look for (a draft round has no attendance)
        TestServer.await(srv.server.database().write(c -> {
            try (var p = c.prepareStatement("INSERT INTO round_present(round_seq, delegate_seq) VALUES (?, ?)")) {
                p.setLong(1, Long.parseLong(draft.substring(1)));
                p.setLong(2, Long.parseLong(delegates.get(0).id().substring(1)));
                return p.executeUpdate();
            }
        }));
        assertRefused(delete("/api/v1/conferences/" + conference + "/delegates/" + delegates.get(0).id()), 409, "IN_USE",
                "Đại biểu 1", "Không tính vào số triệu tập");
        assertThat(srv.get("/api/v1/conferences/" + conference + "/delegates", f.admin).array().size()).isEqualTo(3);
    }

    @Test
    void onlyTheAdministratorCorrectsTheReview() throws Exception {
        String secretary = srv.userToken("thuky", Role.SECRETARIAT);
        TestServer.Answer answer = srv.call("DELETE", review("/cadres/" + f.id("c9")), null, secretary);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(cadreNamed(f.id("c9"))).isNotNull();
    }
}
