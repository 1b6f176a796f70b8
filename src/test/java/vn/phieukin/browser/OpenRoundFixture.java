package vn.phieukin.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenHolder;
import vn.phieukin.cli.ApiClient;

/**
 * The set-up of the desk, close and minutes browser tests, through the API: a review with one
 * position and one cadre (planned for step 1, supplementary for step 2), a conference of that
 * step (v1 ballots, {@code "encryption": "NONE"}) whose three delegates are checked in with paired
 * tablets, and its round open.
 */
final class OpenRoundFixture {
    static final List<String> NAMES = List.of("Hoàng Minh Chính", "Nguyễn Văn Thắng", "Lê Thị Hải Yến");

    final ApiClient api;
    final String admin;
    final String cadre;
    final String conference;
    final List<String> tablets = new ArrayList<>();
    final String roundId;
    final JsonNode round;
    final RoundPublicKey key;
    private final SecureRandom random = new SecureRandom();

    OpenRoundFixture(ServerUnderTest server, int step, String title) {
        api = server.api;
        admin = server.admin;
        String review = api.call("POST", "/api/v1/reviews", Map.of("name", "Rà soát quy hoạch 2026",
                "referenceDate", "2026-06-01"), admin).path("id").asText();
        String position = api.call("POST", "/api/v1/reviews/" + review + "/positions", Map.of("name", "Bí thư Tỉnh ủy"),
                admin).path("id").asText();
        cadre = api.call("POST", "/api/v1/reviews/" + review + "/cadres", Map.of("fullName", "Sầm Văn Lợi",
                "birthDate", "1975-04-30", "gender", "M", "ethnicity", "Tày", "title", "Phó Bí thư Tỉnh ủy",
                "unit", "Tỉnh ủy"), admin).path("id").asText();
        api.call("POST", "/api/v1/reviews/" + review + (step == 1 ? "/planned" : "/supplementary"),
                Map.of("cadreId", cadre, "positionId", position), admin);
        // v1 (plaintext) ballots: the tests on this fixture cast them from Java
        conference = api.call("POST", "/api/v1/reviews/" + review + "/conferences", Map.of("step", step,
                "title", title, "date", "2026-06-10", "rules", Map.of("encryption", "NONE")), admin).path("id").asText();
        for (String name : NAMES) {
            String delegate = api.call("POST", "/api/v1/conferences/" + conference + "/delegates",
                    Map.of("fullName", name, "title", "Tỉnh ủy viên"), admin).path("id").asText();
            String code = api.call("POST", "/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in",
                    Map.of(), admin).path("pairingCode").asText();
            tablets.add(pair(code));
        }
        roundId = api.call("POST", "/api/v1/conferences/" + conference + "/rounds", Map.of(), admin).path("id").asText();
        round = api.call("POST", "/api/v1/rounds/" + roundId + "/open", Map.of(), admin);
        key = RoundPublicKey.fromJwk(round.path("tokenKey"));
    }

    /** A tablet paired with a desk's code: its token. */
    String pair(String code) {
        return api.call("POST", "/api/v1/tablet/pair", Map.of("pairingCode", code), null).path("tabletToken").asText();
    }

    /** The round's anonymous token, blind-signed for {@code tablet}. */
    TokenHolder token(String tablet) {
        TokenHolder holder = TokenHolder.prepare(roundId, key, random);
        JsonNode issued = api.call("POST", "/api/v1/rounds/" + roundId + "/issue", holder.issueRequest(), tablet);
        holder.finalizeToken(Base64Url.decode(issued.path("blindSignature").asText()));
        return holder;
    }

    void cast(TokenHolder holder, List<Map<String, Object>> choices) {
        api.call("POST", "/api/v1/rounds/" + roundId + "/ballots", holder.castRequest(choices), null);
    }

    /** REMOVAL choices: {@code vote} on every line. */
    List<Map<String, Object>> everyLine(String vote) {
        List<Map<String, Object>> votes = new ArrayList<>();
        round.path("lines").forEach(l -> votes.add(Map.of("line", l.path("id").asText(), "vote", vote)));
        return votes;
    }

    /** NOMINATION choices: {@code cadres} picked in every section. */
    List<Map<String, Object>> everySection(List<String> cadres) {
        List<Map<String, Object>> picks = new ArrayList<>();
        round.path("sections").forEach(s -> picks.add(Map.of("position", s.path("positionId").asText(), "cadres", cadres)));
        return picks;
    }
}
