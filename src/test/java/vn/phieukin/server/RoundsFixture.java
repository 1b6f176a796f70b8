package vn.phieukin.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenHolder;

/**
 * A review set up through the API for the round tests: positions BT (2 places) and CT (3),
 * nine cadres, c1 and c2 planned for BT and c3 for CT; conferences with checked-in delegates
 * whose tablets are paired; and voters holding genuine tokens minted by the ballot package's
 * Java client through {@code POST /issue}.
 */
final class RoundsFixture {
    static final SecureRandom RANDOM = new SecureRandom();

    final TestServer srv;
    final String admin;
    final String review;
    final Map<String, String> ids = new LinkedHashMap<>();

    /** A delegate of a conference: id and, once checked in and paired, the tablet's token. */
    record Delegate(String id, String tablet) {
    }

    private RoundsFixture(TestServer srv, String admin, String review) {
        this.srv = srv;
        this.admin = admin;
        this.review = review;
    }

    static RoundsFixture create(TestServer srv) throws Exception {
        String admin = srv.adminToken();
        String review = srv.ok("/api/v1/reviews", new JsonObject().put("name", "Rà soát quy hoạch 2026")
                .put("referenceDate", "2026-06-01"), admin).getString("id");
        RoundsFixture f = new RoundsFixture(srv, admin, review);
        f.ids.put("BT", srv.ok("/api/v1/reviews/" + review + "/positions", new JsonObject().put("name", "Bí thư Tỉnh ủy")
                .put("maxPlanned", 2), admin).getString("id"));
        f.ids.put("CT", srv.ok("/api/v1/reviews/" + review + "/positions", new JsonObject().put("name", "Chủ tịch UBND tỉnh")
                .put("maxPlanned", 3), admin).getString("id"));
        String[][] cadres = {
            {"c1", "Nguyễn Văn An", "1970-03-02", "M", "Kinh"}, {"c2", "Hoàng Thị Bình", "1975-07-19", "F", "Tày"},
            {"c3", "Lê Văn Cường", "1972-11-30", "M", "Kinh"}, {"c4", "Ma Thị Dung", "1985-01-05", "F", "Nùng"},
            {"c5", "Trần Quốc Em", "1980-09-09", "M", "Kinh"}, {"c6", "Đỗ Minh Giang", "1978-04-21", "M", "Kinh"},
            {"c7", "Phạm Thị Hà", "1983-12-12", "F", "Kinh"}, {"c8", "Lục Văn Khánh", "1976-06-30", "M", "Tày"},
            {"c9", "Vi Thị Lan", "1988-02-14", "F", "Dao"}};
        for (String[] c : cadres) {
            f.ids.put(c[0], srv.ok("/api/v1/reviews/" + review + "/cadres", new JsonObject().put("fullName", c[1])
                    .put("birthDate", c[2]).put("gender", c[3]).put("ethnicity", c[4]).put("title", "Chức vụ của " + c[1])
                    .put("unit", "Đơn vị của " + c[1]), admin).getString("id"));
        }
        f.plan("c1", "BT");
        f.plan("c2", "BT");
        f.plan("c3", "CT");
        return f;
    }

    String id(String key) {
        return ids.get(key);
    }

    void plan(String cadre, String position) throws Exception {
        srv.ok("/api/v1/reviews/" + review + "/planned", new JsonObject().put("cadreId", id(cadre)).put("positionId", id(position)),
                admin);
    }

    void supplement(String cadre, String position) throws Exception {
        srv.ok("/api/v1/reviews/" + review + "/supplementary",
                new JsonObject().put("cadreId", id(cadre)).put("positionId", id(position)), admin);
    }

    String conference(int step) throws Exception {
        return conference(step, null);
    }

    /**
     * A conference of {@code step}; its ballots are v1 (plaintext, {@code "encryption": "NONE"})
     * unless {@code rules} say {@code "COMMITTEE"}: the tests on this fixture cast v1 ballots.
     */
    String conference(int step, JsonObject rules) throws Exception {
        JsonObject body = new JsonObject().put("step", step).put("title", "Hội nghị bước " + step).put("date", "2026-06-0" + step);
        JsonObject given = rules == null ? new JsonObject() : rules.copy();
        if (!given.containsKey("encryption")) {
            given.put("encryption", "NONE");
        }
        body.put("rules", given);
        return srv.ok("/api/v1/reviews/" + review + "/conferences", body, admin).getString("id");
    }

    /** {@code roster} delegates, the first {@code present} of them checked in with a paired tablet. */
    List<Delegate> delegates(String conference, int roster, int present) throws Exception {
        List<Delegate> delegates = new ArrayList<>();
        for (int i = 0; i < roster; i++) {
            String id = srv.ok("/api/v1/conferences/" + conference + "/delegates",
                    new JsonObject().put("fullName", "Đại biểu " + (i + 1)), admin).getString("id");
            delegates.add(new Delegate(id, i < present ? checkIn(conference, id) : null));
        }
        return delegates;
    }

    /** Checks a delegate in and pairs a tablet; returns the tablet's token. */
    String checkIn(String conference, String delegate) throws Exception {
        String code = srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in", new JsonObject(), admin)
                .getString("pairingCode");
        return srv.ok("/api/v1/tablet/pair", new JsonObject().put("pairingCode", code), null).getString("tabletToken");
    }

    /** A draft round built from the review (empty body) or from {@code body}. */
    JsonObject round(String conference, JsonObject body) throws Exception {
        return srv.ok("/api/v1/conferences/" + conference + "/rounds", body, admin);
    }

    JsonObject open(String round) throws Exception {
        return srv.ok("/api/v1/rounds/" + round + "/open", new JsonObject(), admin);
    }

    /** A draft round, opened; returns the round as it is then. */
    JsonObject openRound(String conference, JsonObject body) throws Exception {
        return open(round(conference, body).getString("id"));
    }

    /** A voter whose tablet prepared a token for the round (not yet issued). */
    Voter voter(JsonObject round) {
        RoundPublicKey key = RoundPublicKey.fromJwk(round.getJsonObject("tokenKey").getMap());
        return new Voter(round.getString("id"), TokenHolder.prepare(round.getString("id"), key, RANDOM));
    }

    /** A voter with a genuine token issued to {@code tablet}. */
    Voter issued(JsonObject round, String tablet) throws Exception {
        Voter voter = voter(round);
        voter.finish(srv.ok("/api/v1/rounds/" + round.getString("id") + "/issue", voter.issueRequest(), tablet));
        return voter;
    }

    /** One voter's token for a round: the ballot package's Java client. */
    static final class Voter {
        final String round;
        final TokenHolder holder;

        Voter(String round, TokenHolder holder) {
            this.round = round;
            this.holder = holder;
        }

        JsonObject issueRequest() {
            return new JsonObject(holder.issueRequest());
        }

        void finish(JsonObject issued) {
            holder.finalizeToken(Base64Url.decode(issued.getString("blindSignature")));
        }

        /** A signed cast request for these choices. */
        JsonObject ballot(List<?> choices) {
            return JsonObject.mapFrom(holder.castRequest(choices));
        }
    }

    /** NOMINATION choices: position id → picked cadre ids (sorted), every section of the round present. */
    static List<Map<String, Object>> picks(JsonObject round, Map<String, List<String>> byPosition) {
        List<Map<String, Object>> choices = new ArrayList<>();
        JsonArray sections = round.getJsonArray("sections");
        for (int i = 0; i < sections.size(); i++) {
            String position = sections.getJsonObject(i).getString("positionId");
            choices.add(Map.of("position", position, "cadres", byPosition.getOrDefault(position, List.of()).stream().sorted().toList()));
        }
        choices.sort((a, b) -> ((String) a.get("position")).compareTo((String) b.get("position")));
        return choices;
    }

    /** REMOVAL choices: line id → vote, NONE for lines not given. */
    static List<Map<String, Object>> votes(JsonObject round, Map<String, String> byLine) {
        List<Map<String, Object>> choices = new ArrayList<>();
        JsonArray lines = round.getJsonArray("lines");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.getJsonObject(i).getString("id");
            choices.add(Map.of("line", line, "vote", byLine.getOrDefault(line, "NONE")));
        }
        choices.sort((a, b) -> ((String) a.get("line")).compareTo((String) b.get("line")));
        return choices;
    }
}
