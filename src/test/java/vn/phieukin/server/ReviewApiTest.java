package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ReviewApiTest {
    @TempDir
    Path dir;
    TestServer srv;
    String admin;
    String review;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        srv = TestServer.start(vertx, dir);
        admin = srv.adminToken();
        review = srv.ok("/api/v1/reviews", new JsonObject().put("name", "Rà soát 2026").put("referenceDate", "2026-06-01"),
                admin).getString("id");
    }

    @AfterEach
    void stop() throws Exception {
        srv.close();
    }

    private JsonObject cadre(String name, String birth, String gender, String ethnicity) {
        return new JsonObject().put("fullName", name).put("birthDate", birth).put("gender", gender)
                .put("ethnicity", ethnicity).put("title", "Giám đốc Sở").put("unit", "Sở Nội vụ");
    }

    private String position(String name, Integer maxPlanned) throws Exception {
        JsonObject body = new JsonObject().put("name", name);
        if (maxPlanned != null) {
            body.put("maxPlanned", maxPlanned);
        }
        return srv.ok("/api/v1/reviews/" + review + "/positions", body, admin).getString("id");
    }

    @Test
    void aReviewShowsItsPositionsWithTheDefaultMaximumOfThree() throws Exception {
        String bt = position("Bí thư Tỉnh ủy", 2);
        String ct = position("Chủ tịch UBND tỉnh", null);
        JsonObject got = srv.get("/api/v1/reviews/" + review, admin).object();
        assertThat(review).matches("rv\\d+");
        assertThat(got.getString("name")).isEqualTo("Rà soát 2026");
        assertThat(got.getString("referenceDate")).isEqualTo("2026-06-01");
        assertThat(got.getJsonArray("positions").stream().map(p -> ((JsonObject) p).getString("id")))
                .containsExactly(bt, ct);
        assertThat(got.getJsonArray("positions").getJsonObject(1).getInteger("maxPlanned")).isEqualTo(3);
        assertThat(got.getJsonArray("conferences")).isEmpty();
    }

    @Test
    void aMaximumOutsideOneToTwentyIsRefusedNamingTheField() throws Exception {
        var answer = srv.post("/api/v1/reviews/" + review + "/positions",
                new JsonObject().put("name", "Bí thư").put("maxPlanned", 21), admin);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("maxPlanned").contains("21");
    }

    @Test
    void aReviewWithAnImpossibleDateIsRefusedNamingTheField() throws Exception {
        var answer = srv.post("/api/v1/reviews", new JsonObject().put("name", "X").put("referenceDate", "2026-02-30"), admin);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("referenceDate").contains("2026-02-30");
    }

    @Test
    void anUnknownReviewIsNotFound() throws Exception {
        assertThat(srv.get("/api/v1/reviews/rv999", admin).status()).isEqualTo(404);
        assertThat(srv.get("/api/v1/reviews/abc", admin).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(srv.post("/api/v1/reviews/rv999/positions", new JsonObject().put("name", "X"), admin).status())
                .isEqualTo(404);
    }

    @Test
    void onlyAnAdminSetsUpAReview() throws Exception {
        String secretariat = srv.userToken("thuky", Role.SECRETARIAT);
        var answer = srv.post("/api/v1/reviews", new JsonObject().put("name", "X").put("referenceDate", "2026-06-01"),
                secretariat);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.errorCode()).isEqualTo("FORBIDDEN");
    }

    @Test
    void cadresAreListedWithDefaultsForStemAndSubordinatePost() throws Exception {
        String id = srv.ok("/api/v1/reviews/" + review + "/cadres",
                cadre("Hoàng Thị Bình", "1975-07-19", "F", "Tày").put("subordinatePost", true), admin).getString("id");
        JsonArray cadres = srv.get("/api/v1/reviews/" + review + "/cadres", admin).array();
        assertThat(cadres).hasSize(1);
        JsonObject c = cadres.getJsonObject(0);
        assertThat(c.getString("id")).isEqualTo(id).matches("c\\d+");
        assertThat(c.getString("fullName")).isEqualTo("Hoàng Thị Bình");
        assertThat(c.getString("gender")).isEqualTo("F");
        assertThat(c.getBoolean("subordinatePost")).isTrue();
        assertThat(c.getBoolean("stem")).isFalse();
    }

    @Test
    void aCadreWithABadGenderOrMissingUnitIsRefusedNamingTheField() throws Exception {
        var gender = srv.post("/api/v1/reviews/" + review + "/cadres", cadre("A", "1970-01-01", "Nam", "Kinh"), admin);
        assertThat(gender.status()).isEqualTo(400);
        assertThat(gender.errorMessage()).contains("gender").contains("Nam");
        JsonObject noUnit = cadre("A", "1970-01-01", "M", "Kinh");
        noUnit.remove("unit");
        var unit = srv.post("/api/v1/reviews/" + review + "/cadres", noUnit, admin);
        assertThat(unit.status()).isEqualTo(400);
        assertThat(unit.errorMessage()).contains("unit");
        var stem = srv.post("/api/v1/reviews/" + review + "/cadres", cadre("A", "1970-01-01", "M", "Kinh").put("stem", "yes"), admin);
        assertThat(stem.status()).isEqualTo(400);
        assertThat(stem.errorMessage()).contains("stem");
    }

    @Test
    void aCsvImportAddsEveryLineIncludingQuotedCommas() throws Exception {
        String csv = "\uFEFFfullName,birthDate,gender,ethnicity,title,unit,stem,subordinatePost\r\n"
                + "\"Nguyễn Văn An\",1970-03-02,M,Kinh,\"Phó Bí thư, Tỉnh ủy\",Tỉnh ủy,false,true\r\n"
                + "Vi Thị Lan,1988-02-14,F,Dao,Chủ tịch UBND xã,UBND xã Định Hóa,true,\r\n";
        var answer = srv.post("/api/v1/reviews/" + review + "/cadres/import", csv, admin);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.object().getInteger("imported")).isEqualTo(2);
        JsonArray cadres = srv.get("/api/v1/reviews/" + review + "/cadres", admin).array();
        assertThat(cadres.getJsonObject(0).getString("title")).isEqualTo("Phó Bí thư, Tỉnh ủy");
        assertThat(cadres.getJsonObject(0).getBoolean("subordinatePost")).isTrue();
        assertThat(cadres.getJsonObject(1).getBoolean("stem")).isTrue();
    }

    @Test
    void aCsvWithBadLinesListsEveryBadLineAndImportsNothing() throws Exception {
        String csv = "fullName,birthDate,gender,ethnicity,title,unit\n"
                + "Nguyễn Văn An,1970-03-02,M,Kinh,Phó Bí thư,Tỉnh ủy\n"
                + "Lê Văn Cường,1972-11-31,M,Kinh,Phó Chủ tịch,UBND tỉnh\n"
                + "Ma Thị Dung,1985-01-05,X,Nùng,Bí thư,Đảng ủy phường\n"
                + "Trần Quốc Em,1980-09-09,M,,Giám đốc,Sở Nội vụ\n";
        var answer = srv.post("/api/v1/reviews/" + review + "/cadres/import", csv, admin);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BAD_CSV");
        assertThat(answer.errorMessage()).contains("dòng 3").contains("dòng 4").contains("dòng 5")
                .doesNotContain("dòng 2:").contains("1972-11-31").contains("ethnicity");
        JsonArray lines = answer.object().getJsonObject("error").getJsonObject("details").getJsonArray("lines");
        assertThat(lines.stream().map(l -> ((JsonObject) l).getInteger("line"))).containsExactly(3, 4, 5);
        assertThat(srv.get("/api/v1/reviews/" + review + "/cadres", admin).array()).isEmpty();
    }

    @Test
    void aCsvWithoutARequiredColumnSaysWhichColumn() throws Exception {
        var answer = srv.post("/api/v1/reviews/" + review + "/cadres/import",
                "fullName,birthDate,gender,title,unit\nA,1970-01-01,M,t,u\n", admin);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("BAD_CSV");
        assertThat(answer.errorMessage()).contains("dòng 1").contains("ethnicity");
    }

    @Test
    void plannedAndSupplementaryEntriesShowInThePlanningWithOpenSlotsAndStructure() throws Exception {
        String bt = position("Bí thư Tỉnh ủy", 2);
        String ct = position("Chủ tịch UBND tỉnh", 3);
        String an = srv.ok("/api/v1/reviews/" + review + "/cadres", cadre("Nguyễn Văn An", "1970-03-02", "M", "Kinh"), admin).getString("id");
        String binh = srv.ok("/api/v1/reviews/" + review + "/cadres", cadre("Hoàng Thị Bình", "1990-07-19", "F", "Tày"), admin).getString("id");
        String dung = srv.ok("/api/v1/reviews/" + review + "/cadres", cadre("Ma Thị Dung", "1985-01-05", "F", "Nùng"), admin).getString("id");
        assertThat(srv.ok("/api/v1/reviews/" + review + "/planned", new JsonObject().put("cadreId", an).put("positionId", bt), admin)
                .getString("id")).isNotBlank();
        srv.ok("/api/v1/reviews/" + review + "/planned", new JsonObject().put("cadreId", binh).put("positionId", ct), admin);
        srv.ok("/api/v1/reviews/" + review + "/supplementary", new JsonObject().put("cadreId", dung).put("positionId", bt), admin);
        JsonObject planning = srv.get("/api/v1/reviews/" + review + "/planning", admin).object();
        JsonObject first = planning.getJsonArray("positions").getJsonObject(0);
        assertThat(first.getString("positionId")).isEqualTo(bt);
        assertThat(first.getInteger("maxPlanned")).isEqualTo(2);
        assertThat(first.getJsonArray("planned")).containsExactly(an);
        assertThat(first.getJsonArray("removed")).isEmpty();
        assertThat(first.getInteger("openSlots")).isEqualTo(1);
        assertThat(first.getJsonArray("proposed")).isEmpty();
        assertThat(planning.getJsonArray("positions").getJsonObject(1).getInteger("openSlots")).isEqualTo(2);
        JsonObject women = planning.getJsonObject("structure").getJsonArray("targets").stream()
                .map(JsonObject.class::cast).filter(t -> t.getString("code").equals("WOMEN")).findFirst().orElseThrow();
        assertThat(women.getLong("count")).isEqualTo(1);
        assertThat(women.getLong("total")).isEqualTo(2);
    }

    @Test
    void aDuplicateEntryOrOneOfAnotherReviewIsRefused() throws Exception {
        String bt = position("Bí thư Tỉnh ủy", 2);
        String an = srv.ok("/api/v1/reviews/" + review + "/cadres", cadre("Nguyễn Văn An", "1970-03-02", "M", "Kinh"), admin).getString("id");
        JsonObject entry = new JsonObject().put("cadreId", an).put("positionId", bt);
        srv.ok("/api/v1/reviews/" + review + "/supplementary", entry, admin);
        var again = srv.post("/api/v1/reviews/" + review + "/supplementary", entry, admin);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorMessage()).contains("Nguyễn Văn An").contains("Bí thư Tỉnh ủy");
        var planned = srv.post("/api/v1/reviews/" + review + "/planned", entry, admin);
        assertThat(planned.status()).isEqualTo(409);

        String other = srv.ok("/api/v1/reviews", new JsonObject().put("name", "Khác").put("referenceDate", "2026-06-01"), admin)
                .getString("id");
        var foreign = srv.post("/api/v1/reviews/" + other + "/planned", entry, admin);
        assertThat(foreign.status()).isEqualTo(400);
        assertThat(foreign.errorMessage()).contains("cadreId").contains("không có cán bộ này").doesNotContain(an);
        var unknownPosition = srv.post("/api/v1/reviews/" + review + "/planned",
                new JsonObject().put("cadreId", an).put("positionId", "p999"), admin);
        assertThat(unknownPosition.status()).isEqualTo(400);
        assertThat(unknownPosition.errorMessage()).contains("positionId").contains("không có chức danh này").doesNotContain("p999");
    }
}
