package vn.phieukin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.phieukin.committee.BallotCheck;
import vn.phieukin.committee.BallotLayout;
import vn.phieukin.committee.EncryptedBallot;
import vn.phieukin.committee.JointKey;
import vn.phieukin.record.v2.SimulatedMember;
import vn.phieukin.record.v2.V2Tally;

/**
 * The demo's counting committee (Ban kiểm phiếu) of three, <b>simulated, for the demo only</b>:
 * the three member devices are {@link SimulatedMember}s in this process's memory, which pair,
 * take part in the key ceremony and, after each close, decrypt the round's encrypted tally, all
 * through the real API, so that the README's two-tab walk-through of step 4 runs on protocol v2
 * without three more devices. A real committee never does this: each member pairs their own
 * device at {@code /committee/} and its key share never leaves it (README, "Ban kiểm phiếu thật").
 *
 * <p>The key shares live only in this object: when the demo stops they are gone, as a real
 * device's would be if it were wiped. A demo started again before any step-4 round opened
 * simply runs a new ceremony; once a round opened, the rounds encrypted to the lost shares can
 * no longer be decrypted, and the demo says so (delete {@code demo/} to start again).
 */
public final class DemoCommittee {
    public static final String LABEL = "mô phỏng — chỉ dùng cho bản trình diễn";
    public static final List<String> NAMES = List.of(
            "Thành viên Ban kiểm phiếu 1 (" + LABEL + ")",
            "Thành viên Ban kiểm phiếu 2 (" + LABEL + ")",
            "Thành viên Ban kiểm phiếu 3 (" + LABEL + ")");
    public static final int THRESHOLD = 2;

    private final ApiClient api;
    private final String conference;
    private final PrintStream out;
    private final SecureRandom random = new SecureRandom();
    private final List<SimulatedMember> members = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();

    private DemoCommittee(ApiClient api, String conference, PrintStream out) {
        this.api = api;
        this.conference = conference;
        this.out = out;
    }

    /**
     * Names the simulated committee of {@code conference} and runs its key ceremony to READY
     * (again, with new keys, if an earlier run left one whose shares are gone). Null, with the
     * reason printed, when a round of the conference has already opened.
     */
    public static DemoCommittee ready(ApiClient api, String admin, String conference, PrintStream out) {
        JsonNode rounds = api.call("GET", "/api/v1/conferences/" + conference, null, admin).path("rounds");
        for (JsonNode r : rounds) {
            if (!"DRAFT".equals(r.path("status").asText())) {
                out.println("Ban kiểm phiếu (" + LABEL + "): hội nghị bước 4 đã có phiên được mở với khóa của lần chạy trước; "
                        + "phần khóa của các thành viên mô phỏng chỉ nằm trong bộ nhớ của lần chạy đó nên không giải mã được nữa. "
                        + "Xóa thư mục demo/ để bắt đầu lại.");
                return null;
            }
        }
        DemoCommittee committee = new DemoCommittee(api, conference, out);
        List<Map<String, String>> named = new ArrayList<>();
        NAMES.forEach(n -> named.add(Map.of("fullName", n)));
        JsonNode created = api.call("POST", "/api/v1/conferences/" + conference + "/committee",
                Map.of("members", named, "threshold", THRESHOLD), admin);
        for (JsonNode m : created.path("members")) {
            committee.members.add(new SimulatedMember(m.path("index").asInt(), committee.random));
            committee.tokens.add(api.call("POST", "/api/v1/committee/pair",
                    Map.of("pairingCode", m.path("pairingCode").asText()), null).path("memberToken").asText());
        }
        committee.ceremony();
        // the minutes' "Ban kiểm phiếu" are the same members
        api.call("PUT", "/api/v1/conferences/" + conference + "/minutes-details",
                Map.of("place", "Hội trường Tỉnh ủy", "countingCommittee", NAMES), admin);
        JsonNode view = api.call("GET", "/api/v1/conferences/" + conference + "/committee", null, admin);
        String fingerprint = view.path("fingerprint").asText();
        out.println("  - Ban kiểm phiếu bước 4: 3 thành viên (" + LABEL + "), cần " + THRESHOLD
                + " để giải mã; đã tạo khóa, mã khóa " + String.join(" ", fingerprint.substring(0, 4),
                        fingerprint.substring(4, 8), fingerprint.substring(8, 12), fingerprint.substring(12)));
        return committee;
    }

    private void ceremony() {
        for (int i = 0; i < members.size(); i++) {
            api.call("POST", "/api/v1/committee/key", members.get(i).keyRequest(), tokens.get(i));
        }
        for (int i = 0; i < members.size(); i++) {
            api.call("POST", "/api/v1/committee/deal", members.get(i).dealRequest(view(i)), tokens.get(i));
        }
        for (int i = 0; i < members.size(); i++) {
            Object[] outcome = members.get(i).check(view(i));
            if (!"accept".equals(outcome[0])) {
                throw new IllegalStateException("thành viên mô phỏng " + (i + 1) + " khiếu nại: " + outcome[1]);
            }
            api.call("POST", "/api/v1/committee/accept", outcome[1], tokens.get(i));
        }
    }

    private JsonNode view(int i) {
        return api.call("GET", "/api/v1/conferences/" + conference + "/committee", null, tokens.get(i));
    }

    /**
     * Decrypts every closed round of the conference that waits for the committee: the first
     * {@code THRESHOLD} simulated members that have not contributed yet each send their
     * decryption, once the server's encrypted tally has been checked against the ballots (as the
     * page {@code /committee/} does; here once for the simulated members, which share this
     * process). Returns how many contributions were sent.
     */
    public int decryptPending() {
        int sent = 0;
        JsonNode rounds = api.call("GET", "/api/v1/conferences/" + conference + "/committee/rounds", null, tokens.get(0))
                .path("rounds");
        for (JsonNode r : rounds) {
            String id = r.path("id").asText();
            List<Integer> done = new ArrayList<>();
            r.path("members").forEach(m -> done.add(m.asInt()));
            int needed = r.path("threshold").asInt() - done.size();
            JsonNode tallyChecked = needed > 0 ? checkedTally(id) : null;
            for (int i = 0; i < members.size() && needed > 0; i++) {
                if (done.contains(members.get(i).index())) {
                    continue;
                }
                JsonNode tally = tallyChecked;
                JsonNode answer = api.call("POST", "/api/v1/rounds/" + id + "/decryption",
                        members.get(i).decryptionRequest(id, tally.path("slots")), tokens.get(i));
                out.println("Ban kiểm phiếu (" + LABEL + "): thành viên " + members.get(i).index() + " đã giải mã phiên vừa kết thúc ("
                        + answer.path("contributed").asInt() + "/" + answer.path("threshold").asInt() + ")"
                        + (answer.path("decrypted").asBoolean() ? ": đã có kết quả và hồ sơ niêm phong." : "."));
                needed--;
                sent++;
            }
        }
        return sent;
    }

    /**
     * The round's encrypted tally as the server computed it, after checking every ballot's
     * proofs and that the tally is their slot-wise sum; refuses (throws) otherwise, and nothing
     * is decrypted.
     */
    private JsonNode checkedTally(String roundId) {
        JsonNode tally = api.call("GET", "/api/v1/rounds/" + roundId + "/encrypted-tally", null, tokens.get(0));
        List<JsonNode> requests = new ArrayList<>();
        JsonNode first = null;
        long total;
        do {
            JsonNode page = api.call("GET", "/api/v1/rounds/" + roundId + "/encrypted-ballots?offset=" + requests.size(), null,
                    tokens.get(0));
            first = first == null ? page : first;
            total = page.path("total").asLong();
            if (page.path("ballots").isEmpty()) {
                break;
            }
            page.path("ballots").forEach(b -> requests.add(b.path("request")));
        } while (requests.size() < total);
        check(roundId, layout(first.path("layout")), JointKey.fromText(first.path("jointKey").asText()), requests, tally);
        return tally;
    }

    /**
     * Refuses (throws) unless every ballot request's proofs hold and {@code tally}
     * ({@code {ballots, slots}}) is the slot-wise sum of exactly these ballots.
     */
    static void check(String roundId, BallotLayout layout, JointKey key, List<JsonNode> requests, JsonNode tally) {
        List<JsonNode> bodies = new ArrayList<>();
        for (JsonNode request : requests) {
            BallotCheck check = EncryptedBallot.verify(layout, roundId, request.path("token").path("key").asText(), key,
                    request.path("body"));
            if (!check.isValid()) {
                throw new IllegalStateException("một phiếu có chứng minh không đúng: không giải mã");
            }
            bodies.add(request.path("body"));
        }
        if (bodies.size() != tally.path("ballots").asLong()
                || !V2Tally.json(V2Tally.encryptedTally(layout, bodies)).equals(tally.path("slots"))) {
            throw new IllegalStateException("kết quả mã hóa của máy chủ không phải tổng các phiếu: không giải mã");
        }
    }

    private static BallotLayout layout(JsonNode json) {
        if ("REMOVAL".equals(json.path("kind").asText())) {
            List<String> lines = new ArrayList<>();
            json.path("lines").forEach(l -> lines.add(l.asText()));
            return new BallotLayout.Removal(lines);
        }
        List<BallotLayout.Section> sections = new ArrayList<>();
        for (JsonNode s : json.path("sections")) {
            List<String> candidates = new ArrayList<>();
            s.path("candidates").forEach(c -> candidates.add(c.asText()));
            sections.add(new BallotLayout.Section(s.path("position").asText(), candidates, s.path("maxSelections").asInt()));
        }
        return new BallotLayout.Nomination(sections);
    }

    /** Runs {@link #decryptPending()} every two seconds on a daemon thread for as long as the demo runs. */
    public Thread watch(PrintStream err) {
        Thread thread = new Thread(() -> {
            String last = null;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    decryptPending();
                    last = null;
                } catch (RuntimeException e) {
                    if (!String.valueOf(e.getMessage()).equals(last)) { // once, not at every poll
                        err.println("Ban kiểm phiếu (" + LABEL + "): chưa giải mã được: " + e.getMessage());
                    }
                    last = String.valueOf(e.getMessage());
                }
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "phieukin-demo-committee");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
