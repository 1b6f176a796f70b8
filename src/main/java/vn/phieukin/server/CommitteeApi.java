package vn.phieukin.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.committee.CommitteeTranscript;
import vn.phieukin.committee.Encoding;
import vn.phieukin.committee.Feldman;
import vn.phieukin.committee.SchnorrProof;
import vn.phieukin.committee.ShareEncryption;
import vn.phieukin.store.CommitteeStore;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;

/**
 * The counting committee (Ban kiểm phiếu) and its key ceremony (COMMITTEE.md): the secretariat
 * names the members and the threshold; each member device pairs with a one-time code, then
 * publishes its share key, deals (commitments, proof of knowledge, shares encrypted to the
 * others), and accepts with its verification key or complains. The server relays and stores the
 * transcript and checks every proof and point it can; the proof checks run on worker threads,
 * the state changes in the single writer. Member tokens open these calls and nothing else.
 */
public final class CommitteeApi {
    static final String MEMBER = "phieukin.committeeMember";
    static final int MAX_MEMBERS = 9;

    /** A paired member device: member {@code index} of the committee of {@code conferenceId}. */
    record Member(String conferenceId, int index) {
    }

    private final Vertx vertx;
    private final Database db;
    private final Auth auth;
    private final Secrets secrets;
    private final Clock clock;
    private final PairingGuard guard;
    private final RoundDecryption decryption;

    public CommitteeApi(Vertx vertx, Database db, Auth auth, Secrets secrets, Clock clock,
                        ServerSettings.PairingLimits limits, RoundsApi rounds) {
        this.decryption = rounds.decryption();
        this.vertx = vertx;
        this.db = db;
        this.auth = auth;
        this.secrets = secrets;
        this.clock = clock;
        this.guard = new PairingGuard(clock, limits);
    }

    public void mount(Router router) {
        router.post("/api/v1/conferences/:cid/committee").handler(auth.staff(Role.ADMIN, Role.SECRETARIAT))
                .handler(Endpoint.of(this::create));
        router.get("/api/v1/conferences/:cid/committee").handler(staffOrMember()).handler(Endpoint.of(this::get));
        router.post("/api/v1/committee/pair").handler(Endpoint.of(this::pair));
        router.post("/api/v1/committee/key").handler(member()).handler(Endpoint.of(this::key));
        router.post("/api/v1/committee/deal").handler(member()).handler(Endpoint.of(this::deal));
        router.post("/api/v1/committee/accept").handler(member()).handler(Endpoint.of(this::accept));
        router.post("/api/v1/committee/complaint").handler(member()).handler(Endpoint.of(this::complaint));
        router.get("/api/v1/rounds/:id/encrypted-tally").handler(staffOrMember())
                .handler(Endpoint.of(decryption::encryptedTally));
        router.post("/api/v1/rounds/:id/decryption").handler(member()).handler(Endpoint.of(decryption::decryption));
        new CommitteeRounds(db).mount(router, this);
    }

    // ---- guards --------------------------------------------------------------------------------

    /** A paired member device. */
    Handler<RoutingContext> member() {
        return ctx -> memberOf(ctx).onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
            } else if (found.result().isEmpty()) {
                ctx.fail(Refusals.unauthenticated());
            } else {
                ctx.put(MEMBER, found.result().get());
                ctx.next();
            }
        });
    }

    /** Any logged-in staff member, or a paired member device (of the conference in the path, checked by the handler). */
    Handler<RoutingContext> staffOrMember() {
        return ctx -> memberOf(ctx).compose(member -> member.isPresent()
                ? Future.succeededFuture(Optional.<Object>of(member.get()))
                : auth.optional(ctx).map(p -> p.map(x -> (Object) x))).onComplete(found -> {
                    if (found.failed()) {
                        ctx.fail(found.cause());
                        return;
                    }
                    Optional<Object> who = found.result();
                    if (who.isEmpty()) {
                        ctx.fail(Refusals.unauthenticated());
                    } else if (who.get() instanceof Principal.Tablet) {
                        ctx.fail(Refusals.forbidden("máy tính bảng", "cán bộ Ban Tổ chức hoặc thành viên Ban kiểm phiếu"));
                    } else {
                        if (who.get() instanceof Member m) {
                            ctx.put(MEMBER, m);
                        }
                        ctx.next();
                    }
                });
    }

    private Future<Optional<Member>> memberOf(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Future.succeededFuture(Optional.empty());
        }
        String token = header.substring(7).strip();
        if (token.isEmpty() || token.length() > 200) {
            return Future.succeededFuture(Optional.empty());
        }
        byte[] hash = Secrets.sha256(token);
        return db.read(c -> CommitteeStore.memberByToken(c, hash).map(m -> new Member(m.conferenceId(), m.index())));
    }

    /** The member device that called, or null for staff. */
    static Member caller(RoutingContext ctx) {
        return ctx.get(MEMBER);
    }

    // ---- set-up and view -----------------------------------------------------------------------

    /** {@code POST /api/v1/conferences/{cid}/committee {members:[{fullName}], threshold?}}: names (or renames) the committee. */
    Future<Reply> create(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        JsonInput in = JsonInput.body(ctx);
        JsonArray given = in.optionalArray("members").orElseThrow(() -> Refusals.badField("members", "bắt buộc nhưng không có"));
        if (given.isEmpty() || given.size() > MAX_MEMBERS) {
            throw Refusals.badField("members", "Ban kiểm phiếu có từ 1 đến " + MAX_MEMBERS + " thành viên, nhận được "
                    + given.size());
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            if (!(given.getValue(i) instanceof JsonObject m)) {
                throw Refusals.badField("members[" + i + "]", "phải là một đối tượng {\"fullName\"}");
            }
            Object name = m.getValue("fullName");
            if (!(name instanceof String text) || text.isBlank() || text.length() > JsonInput.MAX_TEXT) {
                throw Refusals.badField("members[" + i + "].fullName", "phải là họ tên (chuỗi không rỗng, tối đa "
                        + JsonInput.MAX_TEXT + " ký tự)");
            }
            names.add(text.strip());
        }
        int n = names.size();
        int k = in.optionalInteger("threshold", 1, n).orElse(n / 2 + 1);
        long now = clock.millis();
        long expires = now + ConferenceApi.PAIRING_CODE_LIFETIME.toMillis();
        return db.write(c -> {
            ConferenceStore.Conference conference = ConferenceApi.conference(c, conferenceId);
            if (!ConferenceApi.encrypted(conference)) {
                throw Refusals.badRequest("Hội nghị này không mã hóa phiếu (rules.encryption = NONE): "
                        + "không có Ban kiểm phiếu giữ khóa.");
            }
            if (CommitteeStore.anyRoundOpened(c, conferenceId)) {
                throw new RefusedException("ROUND_STATE", "Hội nghị đã có phiên bỏ phiếu được mở: không thay đổi "
                        + "Ban kiểm phiếu hay tạo lại khóa được nữa.");
            }
            List<String> codes = new ArrayList<>();
            List<byte[]> hashes = new ArrayList<>();
            Set<String> taken = new HashSet<>();
            for (int i = 0; i < n; i++) {
                String code;
                do {
                    code = secrets.newPairingCode();
                } while (!taken.add(code) || CommitteeStore.pairingCodeInUse(c, Secrets.sha256(code)));
                codes.add(code);
                hashes.add(Secrets.sha256(code));
            }
            CommitteeStore.replace(c, conferenceId, k, names, hashes, expires);
            JsonArray members = new JsonArray();
            for (int i = 0; i < n; i++) {
                members.add(new JsonObject().put("index", i + 1).put("fullName", names.get(i)).put("pairingCode", codes.get(i))
                        .put("expiresAt", java.time.Instant.ofEpochMilli(expires).toString()));
            }
            return Reply.created(new JsonObject().put("status", "KEYS").put("n", n).put("threshold", k)
                    .put("members", members));
        });
    }

    /** {@code GET /api/v1/conferences/{cid}/committee}: the ceremony's state and public transcript. */
    Future<Reply> get(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        Member member = caller(ctx);
        if (member != null && !member.conferenceId().equals(conferenceId)) {
            throw Refusals.forbidden("thành viên Ban kiểm phiếu của một hội nghị khác",
                    "thành viên Ban kiểm phiếu của hội nghị này");
        }
        return db.read(c -> {
            ConferenceApi.conference(c, conferenceId);
            return Reply.ok(view(c, conferenceId, member));
        });
    }

    /** The committee as GET shows it; {@code shares} are only those addressed to {@code member} (none for staff). */
    static JsonObject view(Connection c, String conferenceId, Member member) throws SQLException {
        CommitteeStore.Committee committee = CommitteeStore.committee(c, conferenceId)
                .orElseThrow(() -> Refusals.notFound("Ban kiểm phiếu của hội nghị", conferenceId));
        JsonArray members = new JsonArray();
        for (CommitteeStore.Member m : CommitteeStore.members(c, conferenceId)) {
            JsonObject deal = m.dealJson() == null ? null : new JsonObject(m.dealJson());
            members.add(new JsonObject().put("index", m.index()).put("fullName", m.fullName()).put("paired", m.paired())
                    .put("shareKey", m.shareKey())
                    .put("commitments", deal == null ? null : deal.getJsonArray("commitments"))
                    .put("pok", deal == null ? null : deal.getJsonObject("pok"))
                    .put("verificationKey", m.verificationKey()).put("accepted", m.accepted()));
        }
        JsonArray shares = new JsonArray();
        if (member != null) {
            for (CommitteeStore.Share s : CommitteeStore.sharesTo(c, conferenceId, member.index())) {
                shares.add(new JsonObject().put("from", s.from()).put("iv", s.iv()).put("ciphertext", s.ciphertext()));
            }
        }
        JsonObject view = new JsonObject().put("conferenceId", conferenceId).put("status", committee.status())
                .put("n", committee.size()).put("threshold", committee.threshold())
                .put("context", SchnorrProof.context(conferenceId, committee.size(), committee.threshold()))
                .put("members", members).put("shares", shares)
                .put("jointKey", committee.jointKey()).put("fingerprint", committee.fingerprint())
                .put("complaint", committee.complaintJson() == null ? null : new JsonObject(committee.complaintJson()));
        if (member != null) {
            view.put("you", member.index());
        }
        return view;
    }

    // ---- the member device's calls ---------------------------------------------------------------

    /** {@code POST /api/v1/committee/pair {pairingCode}} → {@code {memberToken, index, conferenceId, fullName}}. */
    Future<Reply> pair(RoutingContext ctx) {
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        // each attempt counted before it is evaluated (PairingGuard), a right one given back
        PairingGuard.Decision decision = guard.acquire(address);
        if (!decision.allowed()) {
            throw new RefusedException("TOO_MANY_ATTEMPTS", "Nhập sai mã ghép nối quá nhiều lần: hãy thử lại sau "
                    + decision.waitSeconds() + " giây", new JsonObject().put("retryAfterSeconds", decision.waitSeconds()));
        }
        Object raw = JsonInput.body(ctx).json().getValue("pairingCode");
        if (raw == null) {
            decision.ticket().succeeded(); // not a guess
            throw Refusals.badField("pairingCode", "bắt buộc nhưng không có");
        }
        String code = raw instanceof Number number ? String.format("%08d", number.longValue()) : String.valueOf(raw).strip();
        String token = secrets.newToken();
        long now = clock.millis();
        Future<Reply> paired = code.matches("[0-9]{8}")
                ? db.write(c -> {
                    CommitteeStore.Member m = CommitteeStore.pair(c, Secrets.sha256(code), now, Secrets.sha256(token))
                            .orElseThrow(CommitteeApi::badCode);
                    return Reply.ok(new JsonObject().put("memberToken", token).put("index", m.index())
                            .put("conferenceId", m.conferenceId()).put("fullName", m.fullName()));
                })
                : Future.failedFuture(badCode());
        return paired.onSuccess(ok -> decision.ticket().succeeded());
    }

    /** {@code POST /api/v1/committee/key {shareKey}}: the device's ECDH P-256 public key (SPKI, base64url). */
    Future<Reply> key(RoutingContext ctx) {
        Member me = caller(ctx);
        String shareKey = JsonInput.body(ctx).text("shareKey");
        return vertx.executeBlocking(() -> {
            checkShareKey(shareKey);
            return shareKey;
        }, false).compose(checked -> db.write(c -> {
            CommitteeStore.Committee committee = committee(c, me);
            CommitteeStore.Member row = CommitteeStore.member(c, me.conferenceId(), me.index()).orElseThrow();
            if (row.shareKey() != null) {
                if (row.shareKey().equals(shareKey)) {
                    return Reply.ok(view(c, me.conferenceId(), me));
                }
                throw stage(committee, "thành viên đã gửi khóa nhận phần khóa; muốn đổi thì Ban Tổ chức tạo lại khóa");
            }
            if (!"KEYS".equals(committee.status())) {
                throw stage(committee, "chỉ gửi khóa nhận phần khóa ở bước KEYS");
            }
            CommitteeStore.setShareKey(c, me.conferenceId(), me.index(), shareKey);
            if (CommitteeStore.members(c, me.conferenceId()).stream().allMatch(m -> m.shareKey() != null)) {
                CommitteeStore.setStatus(c, me.conferenceId(), "DEAL");
            }
            return Reply.ok(view(c, me.conferenceId(), me));
        }));
    }

    /** {@code POST /api/v1/committee/deal {commitments, pok, shares:[{to, iv, ciphertext}]}}. */
    Future<Reply> deal(RoutingContext ctx) {
        Member me = caller(ctx);
        JsonObject body = JsonInput.body(ctx).json();
        return db.read(c -> committee(c, me)).compose(committee -> vertx.executeBlocking(() -> {
            checkDeal(me, committee, body);
            return committee;
        }, false)).compose(checked -> db.write(c -> {
            CommitteeStore.Committee committee = committee(c, me);
            CommitteeStore.Member row = CommitteeStore.member(c, me.conferenceId(), me.index()).orElseThrow();
            JsonObject deal = new JsonObject().put("commitments", body.getJsonArray("commitments"))
                    .put("pok", new JsonObject().put("T", body.getJsonObject("pok").getString("T"))
                            .put("z", body.getJsonObject("pok").getString("z")));
            if (row.dealJson() != null) {
                if (new JsonObject(row.dealJson()).equals(deal)) {
                    return Reply.ok(view(c, me.conferenceId(), me));
                }
                throw stage(committee, "thành viên đã chia phần khóa; muốn chia lại thì Ban Tổ chức tạo lại khóa");
            }
            if (!"DEAL".equals(committee.status()) || committee.size() != checked.size()
                    || committee.threshold() != checked.threshold()) {
                throw stage(committee, "chỉ chia phần khóa ở bước DEAL");
            }
            List<CommitteeStore.Share> shares = new ArrayList<>();
            JsonArray given = body.getJsonArray("shares");
            for (int i = 0; i < given.size(); i++) {
                JsonObject s = given.getJsonObject(i);
                shares.add(new CommitteeStore.Share(me.index(), s.getInteger("to"), s.getString("iv"), s.getString("ciphertext")));
            }
            CommitteeStore.setDeal(c, me.conferenceId(), me.index(), deal.encode(), shares);
            if (CommitteeStore.members(c, me.conferenceId()).stream().allMatch(m -> m.dealJson() != null)) {
                CommitteeStore.setStatus(c, me.conferenceId(), "CHECK");
            }
            return Reply.ok(view(c, me.conferenceId(), me));
        }));
    }

    /** {@code POST /api/v1/committee/accept {verificationKey}}: every share held; the key must be the commitments' one. */
    Future<Reply> accept(RoutingContext ctx) {
        Member me = caller(ctx);
        String given = JsonInput.body(ctx).text("verificationKey");
        return db.read(c -> {
            CommitteeStore.Committee committee = committee(c, me);
            if (!"CHECK".equals(committee.status()) && !"READY".equals(committee.status())) {
                throw stage(committee, "chỉ xác nhận khi mọi thành viên đã chia phần khóa (bước CHECK)");
            }
            return CommitteeStore.members(c, me.conferenceId());
        }).compose(members -> vertx.executeBlocking(() -> {
            ECPoint point;
            try {
                point = Encoding.pointFromText(given);
            } catch (IllegalArgumentException e) {
                throw Refusals.badField("verificationKey", "không phải một điểm P-256 (SEC1 nén, base64url)");
            }
            ECPoint expected = Feldman.verificationKey(me.index(), commitmentsOf(members));
            if (!expected.equals(point)) {
                throw Refusals.badField("verificationKey", "khác khóa kiểm tra mà các cam kết (commitments) cho ra: "
                        + "thiết bị đã tính sai phần khóa của mình");
            }
            return readyKeys(members);
        }, false)).compose(ready -> db.write(c -> {
            CommitteeStore.Committee committee = committee(c, me);
            CommitteeStore.Member row = CommitteeStore.member(c, me.conferenceId(), me.index()).orElseThrow();
            if (row.accepted()) {
                return Reply.ok(view(c, me.conferenceId(), me));
            }
            if (!"CHECK".equals(committee.status())) {
                throw stage(committee, "chỉ xác nhận ở bước CHECK");
            }
            CommitteeStore.accept(c, me.conferenceId(), me.index(), given);
            if (CommitteeStore.members(c, me.conferenceId()).stream().allMatch(CommitteeStore.Member::accepted)) {
                CommitteeStore.ready(c, me.conferenceId(), ready[0], ready[1]);
            }
            return Reply.ok(view(c, me.conferenceId(), me));
        }));
    }

    /** {@code POST /api/v1/committee/complaint {against, reason}}: a share failed; the ceremony stops until restarted. */
    Future<Reply> complaint(RoutingContext ctx) {
        Member me = caller(ctx);
        JsonInput in = JsonInput.body(ctx);
        String reason = in.text("reason");
        return db.write(c -> {
            CommitteeStore.Committee committee = committee(c, me);
            int against = in.integer("against", 1, committee.size());
            if (against == me.index()) {
                throw Refusals.badField("against", "không khiếu nại chính mình");
            }
            if ("READY".equals(committee.status()) || "FAILED".equals(committee.status())) {
                throw stage(committee, "chỉ khiếu nại trong khi tạo khóa");
            }
            CommitteeStore.fail(c, me.conferenceId(), new JsonObject().put("from", me.index()).put("against", against)
                    .put("reason", reason).encode());
            return Reply.ok(view(c, me.conferenceId(), me));
        });
    }

    // ---- checks ----------------------------------------------------------------------------------

    private static CommitteeStore.Committee committee(Connection c, Member me) throws SQLException {
        return CommitteeStore.committee(c, me.conferenceId()).orElseThrow(Refusals::unauthenticated);
    }

    private static RefusedException stage(CommitteeStore.Committee committee, String what) {
        String now = switch (committee.status()) {
            case "KEYS" -> "đang chờ các thiết bị gửi khóa nhận phần khóa (KEYS)";
            case "DEAL" -> "đang chờ các thành viên chia phần khóa (DEAL)";
            case "CHECK" -> "đang chờ các thành viên kiểm tra phần khóa (CHECK)";
            case "READY" -> "đã tạo xong khóa (READY)";
            default -> "đã dừng vì có khiếu nại (FAILED): Ban Tổ chức cần tạo lại khóa";
        };
        return new RefusedException("ROUND_STATE", "Ban kiểm phiếu " + now + ": " + what + ".");
    }

    /** A share key is the SPKI of an ECDH P-256 public key. */
    static void checkShareKey(String shareKey) {
        try {
            ShareEncryption.parseSpki(shareKey);
        } catch (IllegalArgumentException e) {
            throw Refusals.badField("shareKey", "không phải khóa công khai ECDH P-256 (SPKI, base64url)");
        }
    }

    private static void checkDeal(Member me, CommitteeStore.Committee committee, JsonObject body) {
        Object commitments = body.getValue("commitments");
        if (!(commitments instanceof JsonArray list) || list.size() != committee.threshold()) {
            throw Refusals.badField("commitments", "phải là một mảng đúng " + committee.threshold()
                    + " điểm (bằng ngưỡng k)");
        }
        List<ECPoint> points = new ArrayList<>();
        for (int l = 0; l < list.size(); l++) {
            try {
                ECPoint p = Encoding.pointFromText(list.getValue(l) instanceof String s ? s : null);
                if (p.isInfinity()) {
                    throw new IllegalArgumentException("identity");
                }
                points.add(p);
            } catch (IllegalArgumentException e) {
                throw Refusals.badField("commitments[" + l + "]", "không phải một điểm P-256 khác O (SEC1 nén, base64url)");
            }
        }
        Object pok = body.getValue("pok");
        if (!(pok instanceof JsonObject proof)) {
            throw Refusals.badField("pok", "phải là {\"T\", \"z\"}");
        }
        try {
            Encoding.pointFromText(proof.getValue("T") instanceof String s ? s : null);
        } catch (IllegalArgumentException e) {
            throw Refusals.badField("pok.T", "không phải một điểm P-256 (SEC1 nén, base64url)");
        }
        try {
            Encoding.scalarFromText(proof.getValue("z") instanceof String s ? s : null);
        } catch (IllegalArgumentException e) {
            throw Refusals.badField("pok.z", "không phải một số 32 byte nhỏ hơn q (base64url)");
        }
        String ctx = SchnorrProof.context(me.conferenceId(), committee.size(), committee.threshold());
        if (!SchnorrProof.fromJson(ConferenceApi.jackson(proof)).verify(ctx, points.get(0))) {
            throw Refusals.badField("pok", "chứng minh Schnorr không đúng với commitments[0]");
        }
        Object shares = body.getValue("shares");
        if (!(shares instanceof JsonArray given)) {
            throw Refusals.badField("shares", "phải là một mảng [{\"to\", \"iv\", \"ciphertext\"}]");
        }
        Set<Integer> to = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String at = "shares[" + i + "]";
            if (!(given.getValue(i) instanceof JsonObject s)) {
                throw Refusals.badField(at, "phải là {\"to\", \"iv\", \"ciphertext\"}");
            }
            if (!(s.getValue("to") instanceof Integer j) || j < 1 || j > committee.size() || j == me.index()) {
                throw Refusals.badField(at + ".to", "phải là số thứ tự của một thành viên khác (1.." + committee.size() + ")");
            }
            if (!to.add(j)) {
                throw Refusals.badField(at + ".to", "thành viên " + j + " nhận hai phần khóa");
            }
            if (decodedLength(s.getValue("iv")) != 12) {
                throw Refusals.badField(at + ".iv", "phải là 12 byte (base64url)");
            }
            if (decodedLength(s.getValue("ciphertext")) != 48) {
                throw Refusals.badField(at + ".ciphertext", "phải là 48 byte (phần khóa 32 byte mã hóa AES-256-GCM, base64url)");
            }
        }
        for (int j = 1; j <= committee.size(); j++) {
            if (j != me.index() && !to.contains(j)) {
                throw Refusals.badField("shares", "thiếu phần khóa gửi thành viên " + j);
            }
        }
    }

    private static int decodedLength(Object value) {
        if (!(value instanceof String text)) {
            return -1;
        }
        try {
            return Base64Url.decode(text).length;
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static List<List<ECPoint>> commitmentsOf(List<CommitteeStore.Member> members) {
        List<List<ECPoint>> lists = new ArrayList<>();
        for (CommitteeStore.Member m : members) {
            List<ECPoint> points = new ArrayList<>();
            RoundFacts.tree(m.dealJson()).path("commitments").forEach(c -> points.add(Encoding.pointFromText(c.asText())));
            lists.add(points);
        }
        return lists;
    }

    /** {jointKey, fingerprint} from the members' transcript. */
    private static String[] readyKeys(List<CommitteeStore.Member> members) {
        List<CommitteeTranscript.Member> transcript = new ArrayList<>();
        List<List<ECPoint>> commitments = commitmentsOf(members);
        for (int i = 0; i < members.size(); i++) {
            CommitteeStore.Member m = members.get(i);
            transcript.add(new CommitteeTranscript.Member(m.index(), m.fullName(), m.shareKey(), commitments.get(i),
                    SchnorrProof.fromJson(RoundFacts.tree(m.dealJson()).path("pok"))));
        }
        return new String[] {Feldman.jointKey(commitments).text(), CommitteeTranscript.fingerprint(transcript)};
    }

    private static RefusedException badCode() {
        return new RefusedException("BAD_PAIRING_CODE",
                "Mã ghép nối không đúng, đã dùng hoặc đã hết hạn (15 phút): hãy nhờ Ban Tổ chức tạo mã mới");
    }
}
