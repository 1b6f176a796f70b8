package vn.phieukin.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.Encoding;
import vn.phieukin.committee.EncryptedBallot;
import vn.phieukin.committee.Group;
import vn.phieukin.committee.JointKey;
import vn.phieukin.committee.Randomness;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.record.v2.V2Tally;

/**
 * The demo's simulated members decrypt only a tally that is the sum of the round's ballots,
 * every one of whose proofs holds: a server that drops, alters or swaps a ballot, or sends
 * another tally, gets nothing decrypted.
 */
class DemoCommitteeTest {
    static final String ROUND = "r7";
    final Randomness random = Randomness.from(new SecureRandom());
    final BallotLayout.Removal layout = new BallotLayout.Removal(List.of("L01", "L02"));
    final JointKey key = JointKey.fromText(Encoding.pointText(Group.timesG(new java.math.BigInteger(250, new SecureRandom()))));

    private ObjectNode request(String tokenKey, Map<String, String> votes) {
        ObjectNode request = ProcedureJson.mapper().createObjectNode();
        request.putObject("token").put("key", tokenKey);
        request.set("body", EncryptedBallot.encryptRemoval(layout, ROUND, tokenKey, key, votes, random));
        return request;
    }

    private static ObjectNode tallyOf(BallotLayout layout, List<? extends JsonNode> requests) {
        List<JsonNode> bodies = new ArrayList<>();
        requests.forEach(r -> bodies.add(r.path("body")));
        ObjectNode tally = ProcedureJson.mapper().createObjectNode();
        tally.put("ballots", bodies.size());
        tally.set("slots", V2Tally.json(V2Tally.encryptedTally(layout, bodies)));
        return tally;
    }

    @Test
    void theTallyOfTheBallotsIsDecryptedAndEveryOtherIsRefused() {
        List<ObjectNode> ballots = List.of(request("T1", Map.of("L01", "AGREE")),
                request("T2", Map.of("L01", "DISAGREE", "L02", "AGREE")), request("T3", Map.of()));
        ObjectNode tally = tallyOf(layout, ballots);
        DemoCommittee.check(ROUND, layout, key, List.copyOf(ballots), tally); // the honest case passes

        // a ballot dropped from the list, the tally of two only, or the count alone changed
        assertThatThrownBy(() -> DemoCommittee.check(ROUND, layout, key, List.copyOf(ballots.subList(0, 2)), tally))
                .hasMessageContaining("không phải tổng các phiếu");
        assertThatThrownBy(() -> DemoCommittee.check(ROUND, layout, key, List.copyOf(ballots),
                tallyOf(layout, ballots.subList(0, 2)))).hasMessageContaining("không giải mã");
        ObjectNode recounted = tally.deepCopy().put("ballots", 4);
        assertThatThrownBy(() -> DemoCommittee.check(ROUND, layout, key, List.copyOf(ballots), recounted))
                .hasMessageContaining("không giải mã");

        // the tally of another set of valid ballots (one replaced by a different vote)
        List<ObjectNode> swapped = List.of(ballots.get(0), ballots.get(1), request("T3", Map.of("L02", "DISAGREE")));
        assertThatThrownBy(() -> DemoCommittee.check(ROUND, layout, key, List.copyOf(ballots), tallyOf(layout, swapped)))
                .hasMessageContaining("không phải tổng các phiếu");

        // a ciphertext of a ballot altered (its agree and disagree slots exchanged), with the tally made to match
        ObjectNode altered = ballots.get(1).deepCopy();
        ObjectNode line = (ObjectNode) altered.path("body").path("lines").get(0);
        JsonNode agree = line.get("agree");
        line.set("agree", line.get("disagree"));
        line.set("disagree", agree);
        List<ObjectNode> tampered = List.of(ballots.get(0), altered, ballots.get(2));
        assertThatThrownBy(() -> DemoCommittee.check(ROUND, layout, key, List.copyOf(tampered), tallyOf(layout, tampered)))
                .hasMessageContaining("chứng minh không đúng");

        // a ballot copied under another token (its proofs are bound to the token's key)
        ObjectNode copied = ballots.get(0).deepCopy();
        ((ObjectNode) copied.path("token")).put("key", "T9");
        List<ObjectNode> withCopy = List.of(ballots.get(0), ballots.get(1), ballots.get(2), copied);
        assertThatThrownBy(() -> DemoCommittee.check(ROUND, layout, key, List.copyOf(withCopy), tallyOf(layout, withCopy)))
                .hasMessageContaining("chứng minh không đúng");
    }
}
