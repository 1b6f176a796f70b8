package vn.phieukin.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.BlindSignRefused;
import vn.phieukin.ballot.BlindSigner;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.procedure.Attendance;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.BallotValidation;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.ChairDecision;
import vn.phieukin.procedure.Outcome;
import vn.phieukin.procedure.Planning;
import vn.phieukin.procedure.PlanningEntry;
import vn.phieukin.procedure.Results;
import vn.phieukin.procedure.RoundResult;
import vn.phieukin.procedure.Rules;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.ReviewStore;
import vn.phieukin.store.ReviewStore.PlanningList;
import vn.phieukin.store.RoundStore;

/**
 * The rounds of API.md: create (from the review or given), open (quorum, frozen attendance,
 * round key), token issue, paper issue and paper ballots, close (tally, result, sealed record,
 * key destroyed), result and record under the announcement rule, chair decisions, receipts, the
 * hall screen, and the cadre list a tablet prints its ballot with. The anonymous ballot box is
 * {@link BallotBox}. Every database task runs off the event loop, and so do RSA key generation
 * and blind signing.
 */
public final class RoundsApi implements ReviewApi.PlanningSource, ConferenceApi.RoundViews, TabletApi.RoundState {
    private static final Pattern RECEIPT = Pattern.compile("[0-9a-f]{64}");
    /** Longer than the base64url of any accepted round key's modulus (8192 bits). */
    private static final int MAX_BLINDED_TEXT = 1400;
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(RoundsApi.class.getName());
    private static final String NOT_ANNOUNCED = "Kết quả kiểm phiếu không công bố tại hội nghị";

    private final Vertx vertx;
    private final Database db;
    private final Auth auth;
    private final SealKey sealKey;
    private final Clock clock;
    private final SecureRandom random;
    private final RoundKeys keys;
    private final RoundEvents events;
    private final BallotBox box;
    private final RoundDecryption decryption;

    public RoundsApi(Vertx vertx, Database db, Auth auth, SealKey sealKey, Clock clock, SecureRandom random,
                     java.nio.file.Path keysDir) {
        this.vertx = vertx;
        this.db = db;
        this.auth = auth;
        this.sealKey = sealKey;
        this.clock = clock;
        this.random = random;
        this.keys = new RoundKeys(vertx, db, random, keysDir);
        this.events = new RoundEvents(vertx, db);
        this.box = new BallotBox(vertx, db, events);
        // a close whose scrub failed (e.g. disk full) is made good at the next start, and a record
        // file of a close cut by a crash before its commit is removed even if no round has closed
        db.alone(c -> {
                    if (RoundStore.anyClosed(c)) {
                        return RoundStore.scrub(c);
                    }
                    RoundStore.removeUnnamedRecords(c);
                    return true;
                })
                .onComplete(done -> {
                    if (done.failed() || !done.result()) {
                        LOG.log(java.util.logging.Level.WARNING, "dọn tệp dữ liệu khi khởi động chưa xong (VACUUM / wal_checkpoint)",
                                done.cause());
                    }
                });
        this.decryption = new RoundDecryption(vertx, db, events, sealKey);
    }

    /** The close and decryption of v2 rounds, whose routes the committee API mounts (member devices call them). */
    RoundDecryption decryption() {
        return decryption;
    }

    /** Adds the routes of rounds, the ballot box, the hall screen and the tablet's cadre list. */
    public void mount(Router router) {
        router.post("/api/v1/conferences/:cid/rounds").handler(auth.staff(Role.ADMIN, Role.SECRETARIAT))
                .handler(Endpoint.of(this::create));
        router.get("/api/v1/conferences/:cid/screen").handler(Endpoint.of(this::screen));
        router.get("/api/v1/rounds/:id").handler(auth.anyStaffOrTablet()).handler(Endpoint.of(this::get));
        router.post("/api/v1/rounds/:id/open").handler(auth.staff(Role.ADMIN, Role.SECRETARIAT))
                .handler(Endpoint.of(this::open));
        router.post("/api/v1/rounds/:id/issue").handler(auth.tablet()).handler(Endpoint.of(this::issue));
        router.post("/api/v1/rounds/:id/ballots").handler(AccessLog.SILENT).handler(Endpoint.of(box::cast));
        router.post("/api/v1/rounds/:id/paper-issue").handler(auth.staff(Role.SECRETARIAT, Role.ADMIN))
                .handler(Endpoint.of(this::paperIssue));
        router.post("/api/v1/rounds/:id/paper-ballots").handler(auth.staff(Role.SECRETARIAT, Role.ADMIN))
                .handler(Endpoint.of(this::paperBallot));
        router.post("/api/v1/rounds/:id/close").handler(auth.staff(Role.ADMIN, Role.SECRETARIAT))
                .handler(Endpoint.of(this::close));
        router.get("/api/v1/rounds/:id/result").handler(Endpoint.of(this::result));
        router.get("/api/v1/rounds/:id/result.xlsx").handler(Workbooks.download(this::resultWorkbook, "ket-qua-kiem-phieu.xlsx"));
        router.post("/api/v1/rounds/:id/decisions").handler(auth.staff(Role.CHAIR)).handler(Endpoint.of(this::decide));
        router.get("/api/v1/rounds/:id/record").handler(this::record);
        router.get("/api/v1/rounds/:id/records").handler(Endpoint.of(this::records));
        router.get("/api/v1/rounds/:id/records/:version").handler(this::recordVersion);
        router.get("/api/v1/rounds/:id/receipts").handler(AccessLog.SILENT).handler(Endpoint.of(this::receipts));
        router.get("/api/v1/rounds/:id/receipts/:receipt").handler(AccessLog.SILENT).handler(Endpoint.of(this::receipt));
        router.get("/api/v1/tablet/cadres").handler(auth.tablet()).handler(Endpoint.of(this::tabletCadres));
    }

    // ---- create and show ---------------------------------------------------------------------

    /** {@code POST /api/v1/conferences/{cid}/rounds {sections? | lines?}}: a draft round. */
    Future<Reply> create(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        JsonInput in = JsonInput.body(ctx);
        JsonObject body = in.json();
        Optional<String> reason = in.optionalText("reason");
        return db.write(c -> {
            ConferenceStore.Conference conference = ConferenceStore.conference(c, conferenceId)
                    .orElseThrow(() -> Refusals.notFound("hội nghị", conferenceId));
            ConferenceApi.refuseIfEnded(c, conferenceId);
            Rules rules = RoundFacts.rules(conference);
            String reviewId = conference.reviewId();
            Planning planning = new Planning(ReviewStore.positions(c, reviewId),
                    ReviewStore.entries(c, PlanningList.PLANNED, reviewId), removed(c, reviewId));
            Set<String> registry = ReviewStore.cadres(c, reviewId).stream().map(Cadre::id).collect(Collectors.toSet());
            RoundBallots.Ballot ballot = body.containsKey("sections") || body.containsKey("lines")
                    ? RoundBallots.explicit(conference.step(), rules, planning, registry, body)
                    : RoundBallots.fromReview(conference.step(), rules, planning, printed(c, reviewId, conference.step()));
            Optional<RoundStore.Round> earlier = RoundStore.latestClosedRoundOfStep(c, reviewId, conference.step());
            if (earlier.isPresent() && reason.isEmpty()) {
                throw reasonRequired(conference.step(), earlier.get().id());
            }
            String id = RoundStore.insertRound(c, conferenceId, ballot.kind().name(), RoundFacts.definitionJson(ballot),
                    RoundFacts.warningsJson(ballot.warnings()));
            if (earlier.isPresent()) {
                RoundStore.insertRepeat(c, id, earlier.get().id(), reason.get());
            }
            return Reply.created(json(c, RoundFacts.load(c, id)));
        });
    }

    /** 400 naming {@code reason}: a second round of a step needs a written reason. */
    private static RefusedException reasonRequired(int step, String earlier) {
        return Refusals.badField("reason", "bắt buộc: bước " + step + " đã có một phiên bỏ phiếu"
                + " kết thúc; hãy ghi rõ lý do tổ chức bỏ phiếu lại (lý do được ghi vào biên bản của cả hai phiên)");
    }

    /** The round as the API shows it, with what it repeats (and why) and what repeats it. */
    private static JsonObject json(Connection c, RoundFacts round) throws SQLException {
        JsonObject out = view(round);
        Optional<RoundStore.Repeat> repeat = RoundStore.repeatOf(c, round.id());
        out.put("repeat", repeat.map(r -> new JsonObject().put("of", r.repeatsId()).put("reason", r.reason())).orElse(null));
        JsonArray by = new JsonArray();
        RoundStore.repeatedBy(c, round.id()).forEach(r -> by.add(new JsonObject().put("roundId", r.roundId())
                .put("reason", r.reason())));
        return out.put("repeatedBy", by);
    }

    /** Steps 2 to 4: the candidates printed per position when the ballot is built from the review. */
    private Map<String, List<String>> printed(Connection c, String reviewId, int step) throws SQLException {
        Map<String, List<String>> printed = new LinkedHashMap<>();
        if (step == 2) {
            for (PlanningEntry entry : ReviewStore.entries(c, PlanningList.SUPPLEMENTARY, reviewId)) {
                printed.computeIfAbsent(entry.positionId(), p -> new ArrayList<>()).add(entry.cadreId());
            }
            return printed;
        }
        if (step > 2) {
            SealedSource.Latest previous = SealedSource.latestOfStep(c, reviewId, step - 1, sealKey.publicKey())
                    .orElseThrow(() -> new RefusedException("ROUND_STATE", "Chưa có phiên bỏ phiếu nào của bước "
                            + (step - 1) + " đã kết thúc: không có danh sách để in lên phiếu bước " + step
                            + " (hoặc nhập danh sách \"sections\" trực tiếp)."));
            for (JsonNode position : previous.result().path("positions")) {
                List<String> passers = new ArrayList<>();
                position.path("candidates").forEach(cand -> {
                    if (cand.path("passed").asBoolean()) {
                        passers.add(cand.path("cadreId").asText());
                    }
                });
                printed.put(position.path("positionId").asText(), passers);
            }
        }
        return printed;
    }

    /** {@code GET /api/v1/rounds/{id}}. */
    Future<Reply> get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Principal principal = Auth.principal(ctx);
        return db.read(c -> {
            RoundFacts round = RoundFacts.load(c, id);
            if (principal instanceof Principal.Tablet tablet && !tablet.conferenceId().equals(round.conference().id())) {
                // a tablet reads only the rounds of its own conference (and learns nothing of others)
                throw Refusals.notFound("phiên bỏ phiếu", id);
            }
            return Reply.ok(json(c, round));
        });
    }

    // ---- open -------------------------------------------------------------------------------

    /** {@code POST /api/v1/rounds/{id}/open}: quorum, then a fresh round key, then the frozen attendance. */
    Future<Reply> open(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Optional<String> reason = JsonInput.body(ctx).optionalText("reason");
        return db.read(c -> {
            checkOpenable(c, RoundFacts.load(c, id));
            repeatOfOpening(c, RoundFacts.load(c, id), reason);
            return null;
        }).compose(ready -> keys.generate()).compose(signer -> db.write(c -> {
            RoundFacts round = RoundFacts.load(c, id);
            Attendance attendance = checkOpenable(c, round);
            Optional<String> repeats = repeatOfOpening(c, round, reason);
            if (repeats.isPresent()) {
                RoundStore.insertRepeat(c, id, repeats.get(), reason.orElseThrow());
            }
            ObjectNode frozen = RoundCount.attendanceJson(attendance, ConferenceStore.delegates(c, round.conference().id()));
            RoundStore.open(c, id, ProcedureJson.mapper().valueToTree(signer.publicKey().toJwk()).toString(),
                    frozen.toString(), keys.wrapped(id, signer));
            return Map.entry(RoundFacts.load(c, id), json(c, RoundFacts.load(c, id)));
        }).map(opened -> {
            keys.remember(id, signer);
            events.statusChanged(opened.getKey().conference().id(), id);
            return Reply.ok(opened.getValue());
        }));
    }

    /**
     * A round opened after another round of its step closed (created before that close) needs
     * the written reason now: the earlier round it repeats, when the reason is still to be stored.
     */
    private static Optional<String> repeatOfOpening(Connection c, RoundFacts round, Optional<String> reason)
            throws SQLException {
        if (RoundStore.repeatOf(c, round.id()).isPresent()) {
            return Optional.empty();
        }
        Optional<RoundStore.Round> earlier = RoundStore.latestClosedRoundOfStep(c, round.review().id(), round.step());
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        if (reason.isEmpty()) {
            throw reasonRequired(round.step(), earlier.get().id());
        }
        return Optional.of(earlier.get().id());
    }

    /** A draft, no other open round at the conference, and the quorum met now. */
    private static Attendance checkOpenable(Connection c, RoundFacts round) throws SQLException {
        if (!"DRAFT".equals(round.row().status())) {
            throw round.wrongState("chỉ mở được phiên chưa mở lần nào");
        }
        ConferenceApi.refuseIfEnded(c, round.conference().id());
        Optional<RoundStore.Round> other = RoundStore.openRoundOf(c, round.conference().id());
        if (other.isPresent()) {
            // named by its number in the conference, as the console lists it, never by its id
            List<RoundStore.Round> all = RoundStore.roundsOf(c, round.conference().id());
            int number = 1 + all.stream().map(RoundStore.Round::id).toList().indexOf(other.get().id());
            throw new RefusedException("ROUND_STATE", "Hội nghị đang mở phiên bỏ phiếu số " + number
                    + ": hãy kết thúc phiên đó trước khi mở phiên mới.");
        }
        if (ConferenceApi.encrypted(round.conference())) {
            String status = vn.phieukin.store.CommitteeStore.committee(c, round.conference().id())
                    .map(vn.phieukin.store.CommitteeStore.Committee::status).orElse(null);
            if (!"READY".equals(status)) {
                throw new RefusedException("ROUND_STATE", status == null
                        ? "Hội nghị mã hóa phiếu cho Ban kiểm phiếu nhưng chưa có Ban kiểm phiếu: hãy lập Ban kiểm phiếu "
                                + "và tạo khóa trước khi mở phiên."
                        : "Ban kiểm phiếu chưa tạo xong khóa (trạng thái " + status + "): chưa mở phiên được.");
            }
        }
        ConferenceStore.RosterCounts roster = ConferenceStore.rosterCounts(c, round.conference().id());
        Attendance attendance = Attendance.of(roster.roster(), roster.excluded(), roster.present(), round.rules().quorum());
        if (!attendance.quorumMet()) {
            throw refusal(attendance.quorumRefusal());
        }
        return attendance;
    }

    // ---- tokens and paper ballots --------------------------------------------------------------

    /** {@code POST /api/v1/rounds/{id}/issue {blindedMessage}}: one blind signature per present delegate. */
    Future<Reply> issue(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Principal.Tablet tablet = (Principal.Tablet) Auth.principal(ctx);
        byte[] blinded = blindedMessage(JsonInput.body(ctx));
        return db.read(c -> checkIssuable(c, id, tablet, blinded)).compose(already -> {
            if (already.isPresent()) {
                return Future.succeededFuture(already.get());
            }
            return keys.signer(id)
                    .compose(signer -> vertx.executeBlocking(() -> blindSign(signer, blinded), false))
                    .compose(signature -> db.write(c -> checkIssuable(c, id, tablet, blinded).orElseGet(() -> {
                        try {
                            if (RoundStore.issuance(c, id, tablet.delegateId()).isPresent()) {
                                RoundStore.insertReissuance(c, id, tablet.delegateId(), blinded, signature);
                            } else {
                                RoundStore.insertIssuance(c, id, tablet.delegateId(), blinded, signature);
                            }
                        } catch (SQLException e) {
                            throw new IllegalStateException(e);
                        }
                        return signature;
                    })))
                    .map(signature -> {
                        events.countsChanged(tablet.conferenceId(), id);
                        return signature;
                    });
        }).map(signature -> Reply.ok(new JsonObject().put("blindSignature", Base64Url.encode(signature))));
    }

    /**
     * The checks before and after signing (the second time in the writer, so that two requests
     * of one delegate can never both get a token): the blind signature already given for this
     * same blinded message, if any.
     */
    private static Optional<byte[]> checkIssuable(Connection c, String id, Principal.Tablet tablet, byte[] blinded)
            throws SQLException {
        RoundStore.Round round = RoundStore.round(c, id).orElseThrow(() -> Refusals.notFound("phiên bỏ phiếu", id));
        if (!round.isOpen()) {
            throw new RefusedException("ROUND_STATE", "Phiên bỏ phiếu này không mở: không cấp phiếu.");
        }
        if (!round.conferenceId().equals(tablet.conferenceId()) || !RoundStore.presentAtOpen(c, id, tablet.delegateId())) {
            throw new RefusedException("NOT_PRESENT", "Đại biểu không có mặt khi phiên bỏ phiếu"
                    + " được mở, nên không được nhận phiếu của phiên này.");
        }
        if (RoundStore.paperIssued(c, id, tablet.delegateId())) {
            throw new RefusedException("ALREADY_ISSUED", "Đại biểu đã nhận phiếu giấy trong phiên này: "
                    + "không nhận thêm phiếu điện tử.");
        }
        Optional<RoundStore.Issuance> issued = RoundStore.issuance(c, id, tablet.delegateId());
        if (issued.isPresent()) {
            if (Arrays.equals(issued.get().blindedMessage(), blinded)) {
                return Optional.of(issued.get().blindSignature());
            }
            // after an electronic replacement (đổi phiếu) the newly paired tablet takes one more token
            boolean replaced = RoundStore.replacement(c, id, tablet.delegateId())
                    .map(r -> r.kind().equals("ELECTRONIC")).orElse(false);
            Optional<RoundStore.Issuance> again = replaced ? RoundStore.reissuance(c, id, tablet.delegateId()) : Optional.empty();
            if (replaced && again.isEmpty()) {
                return Optional.empty();
            }
            if (again.isPresent() && Arrays.equals(again.get().blindedMessage(), blinded)) {
                return Optional.of(again.get().blindSignature());
            }
            throw new RefusedException("ALREADY_ISSUED", "Đại biểu đã nhận phiếu điện tử của phiên này: "
                    + "mỗi đại biểu chỉ nhận một phiếu. Nếu máy tính bảng cũ bị hỏng, Ban Tổ chức làm thủ tục đổi phiếu tại bàn điểm danh.");
        }
        return Optional.empty();
    }

    private static byte[] blindedMessage(JsonInput in) {
        Object value = in.json().getValue("blindedMessage");
        if (!(value instanceof String text) || text.isEmpty()) {
            throw Refusals.badField("blindedMessage", value == null ? "bắt buộc nhưng không có" : "phải là một chuỗi base64url");
        }
        if (text.length() > MAX_BLINDED_TEXT) {
            throw new RefusedException("BAD_BLINDED_MESSAGE", "Thông điệp che (blindedMessage) dài quá " + MAX_BLINDED_TEXT
                    + " ký tự.");
        }
        try {
            return Base64Url.decode(text);
        } catch (IllegalArgumentException e) {
            throw new RefusedException("BAD_BLINDED_MESSAGE", "Trường \"blindedMessage\" không phải base64url không đệm.");
        }
    }

    private static byte[] blindSign(BlindSigner signer, byte[] blinded) {
        try {
            return signer.blindSign(blinded);
        } catch (BlindSignRefused refused) {
            throw new RefusedException("BAD_BLINDED_MESSAGE", refused.reason() == BlindSignRefused.Reason.WRONG_LENGTH
                    ? "Thông điệp che (blindedMessage) phải dài đúng " + signer.publicKey().modulusLength() + " byte, nhận được "
                            + blinded.length + " byte."
                    : "Thông điệp che (blindedMessage) không nhỏ hơn modulus của khóa phiên.");
        }
    }

    /** {@code POST /api/v1/rounds/{id}/paper-issue {delegateId}}: a paper ballot instead of a token. */
    Future<Reply> paperIssue(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String delegateId = JsonInput.body(ctx).text("delegateId");
        return db.write(c -> {
            RoundFacts round = RoundFacts.load(c, id);
            if (!round.row().isOpen()) {
                throw round.wrongState("chỉ phát phiếu giấy khi phiên đang mở");
            }
            ConferenceStore.Delegate delegate = ConferenceStore.delegate(c, delegateId)
                    .filter(d -> d.conferenceId().equals(round.conference().id()))
                    .orElseThrow(() -> Refusals.notFound("đại biểu của hội nghị này", delegateId));
            if (!RoundStore.presentAtOpen(c, id, delegateId)) {
                throw new RefusedException("NOT_PRESENT", "Đại biểu " + delegate.fullName()
                        + " không có mặt khi phiên được mở, nên không được nhận phiếu.");
            }
            if (RoundStore.issuance(c, id, delegateId).isPresent() || RoundStore.paperIssued(c, id, delegateId)) {
                throw new RefusedException("ALREADY_ISSUED", "Đại biểu " + delegate.fullName()
                        + " đã nhận phiếu (điện tử hoặc giấy) trong phiên này: mỗi đại biểu chỉ nhận một phiếu.");
            }
            RoundStore.insertPaperIssuance(c, id, delegateId);
            return round.conference().id();
        }).map(conferenceId -> {
            events.countsChanged(conferenceId, id);
            return Reply.ok();
        });
    }

    /** {@code POST /api/v1/rounds/{id}/paper-ballots {choices, invalid?}}: one paper ballot as read by the committee. */
    Future<Reply> paperBallot(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonInput in = JsonInput.body(ctx);
        boolean invalid = in.bool("invalid", false);
        Object choices = in.json().getValue("choices");
        if (!invalid && !(choices instanceof JsonArray)) {
            throw Refusals.badField("choices", choices == null ? "bắt buộc nhưng không có (trừ khi invalid = true)"
                    : "phải là một mảng JSON […]");
        }
        JsonNode choicesTree = choices == null ? ProcedureJson.mapper().createArrayNode()
                : RoundFacts.tree(io.vertx.core.json.Json.encode(choices));
        byte[] receiptBytes = new byte[32];
        random.nextBytes(receiptBytes);
        String receipt = HexFormat.of().formatHex(receiptBytes);
        return db.write(c -> {
            RoundFacts round = RoundFacts.load(c, id);
            if (!round.row().isOpen()) {
                throw round.wrongState("chỉ nhập phiếu giấy khi phiên đang mở");
            }
            if (round.counts().paperBallotsEntered() >= round.counts().paperIssued()) {
                throw new RefusedException("PAPER_LIMIT", "Đã nhập " + round.counts().paperBallotsEntered()
                        + " phiếu giấy, bằng số phiếu giấy đã phát (" + round.counts().paperIssued() + "): không nhập thêm được.");
            }
            Object plain = ProcedureJson.mapper().convertValue(choicesTree, Object.class);
            Outcome<?> read = BallotValidation.paper(round.definition(), plain, invalid);
            if (!read.isAccepted()) {
                throw named(c, round, refusal(read.refusal()));
            }
            RoundStore.insertPaperBallot(c, id, receipt, choicesTree.toString(), invalid);
            return round.conference().id();
        }).map(conferenceId -> {
            events.countsChanged(conferenceId, id);
            return Reply.created(new JsonObject().put("receipt", receipt));
        });
    }

    // ---- close, result, decisions, record --------------------------------------------------------

    /** {@code POST /api/v1/rounds/{id}/close}: counts, seals record 1, destroys the round's private key. */
    Future<Reply> close(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        long[] phases = {System.nanoTime(), 0, 0};
        // The count and the seal (the CPU-heavy part) run on a reader, from a snapshot of the
        // open round; the writer then only closes and stores, if nothing was written since that
        // snapshot (Database#cleanSnapshot). Otherwise (a ballot came in meanwhile) it counts and
        // seals again itself, in the same transaction as the close, as always correct.
        return db.read(c -> {
            long settled = db.writesSettled();
            Optional<RoundStore.Round> row = RoundStore.round(c, id); // fixes the snapshot
            long snapshot = db.cleanSnapshot(settled);
            if (snapshot < 0 || row.isEmpty() || !row.get().isOpen()) {
                return Optional.<PreSealed>empty();
            }
            RoundFacts closing = RoundFacts.of(c, row.get().closed());
            if (closing.encrypted()) {
                return Optional.<PreSealed>empty(); // v2: counted later, from the encrypted tally
            }
            return Optional.of(new PreSealed(snapshot, RoundCount.seal(c, closing, List.of(), null, sealKey)));
        }).compose(early -> db.write(c -> {
            phases[1] = System.nanoTime();
            RoundFacts open = RoundFacts.load(c, id);
            if (!open.row().isOpen()) {
                throw open.wrongState("chỉ kết thúc được phiên đang mở");
            }
            boolean unchanged = early.isPresent() && early.get().snapshot() == db.writesStarted() - 1;
            RoundStore.close(c, id);
            RoundStore.markClosed(c, id);
            RoundFacts closed = RoundFacts.load(c, id);
            if (closed.encrypted()) {
                // v2: no count here; the encrypted tally follows, then the committee decrypts it
                return Map.entry(closed.conference().id(), "");
            }
            RoundCount.Sealed sealed = unchanged ? early.get().sealed() : RoundCount.seal(c, closed, List.of(), null, sealKey);
            RoundStore.insertRecord(c, id, 1, sealed.sha256(), sealed.text());
            RoundStore.setResult(c, id, sealed.result().toString());
            return Map.entry(open.conference().id(), sealed.sha256());
        })).compose(done -> {
            keys.forget(id);
            box.forget(id);
            phases[2] = System.nanoTime();
            // nothing on disk may keep the arrival order of the ballots (or the round key)
            return db.alone(RoundStore::scrub).transform(scrubbed -> {
                long end = System.nanoTime();
                LOG.info(() -> String.format("Phiên %s kết thúc: đếm và niêm phong %d ms, ghi %d ms, dọn tệp dữ liệu %d ms", id,
                        (phases[1] - phases[0]) / 1_000_000, (phases[2] - phases[1]) / 1_000_000, (end - phases[2]) / 1_000_000));
                if (scrubbed.failed() || !scrubbed.result()) {
                    LOG.log(java.util.logging.Level.SEVERE, "Phiên " + id + " đã kết thúc nhưng chưa dọn được tệp dữ liệu "
                            + "(VACUUM / wal_checkpoint): thứ tự phiếu đến có thể còn trong data/ cho đến lần kết thúc "
                            + "phiên sau; kiểm tra dung lượng đĩa trống (cần ít nhất bằng cỡ phieukin.db)", scrubbed.cause());
                }
                if (!done.getValue().isEmpty()) {
                    events.statusChanged(done.getKey(), id);
                    return Future.succeededFuture(Reply.ok(new JsonObject().put("recordSha256", done.getValue())));
                }
                // v2: the encrypted tally, then the committee decrypts it
                return decryption.ensureTally(id).map(tally -> {
                    events.statusChanged(done.getKey(), id);
                    return Reply.ok(new JsonObject().putNull("recordSha256").put("awaitingDecryption", true)
                            .put("ballots", tally.ballots()));
                });
            });
        });
    }

    /** A round counted and sealed from the snapshot after {@code snapshot} writes, before the writer closes it. */
    private record PreSealed(long snapshot, RoundCount.Sealed sealed) {
    }

    /** {@code GET /api/v1/rounds/{id}/result}: anyone when announced, else ADMIN, CHAIR, AUDITOR. */
    Future<Reply> result(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return readable(ctx, id, Set.of(Role.ADMIN, Role.CHAIR, Role.AUDITOR), "kết quả")
                .map(row -> Reply.ok(new JsonObject(row.resultJson())));
    }

    /**
     * {@code GET /api/v1/rounds/{id}/result.xlsx}: the result table of the minutes (from the
     * latest sealed record) as Excel; the same access as the result.
     */
    Future<byte[]> resultWorkbook(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return readable(ctx, id, Set.of(Role.ADMIN, Role.CHAIR, Role.AUDITOR), "kết quả")
                .compose(row -> db.read(c -> {
                    ConferenceStore.Conference conference = ConferenceStore.conference(c, row.conferenceId()).orElseThrow();
                    RoundStore.StoredRecord stored = RoundStore.latestRecord(c, id).orElseThrow();
                    JsonNode record = SealedSource.checked(id, stored, sealKey.publicKey(), SealedSource.RECORD);
                    Map<String, Cadre> cadres = ReviewStore.cadres(c, conference.reviewId()).stream()
                            .collect(Collectors.toMap(Cadre::id, x -> x));
                    Map<String, vn.phieukin.procedure.Position> positions = ReviewStore.positions(c, conference.reviewId())
                            .stream().collect(Collectors.toMap(vn.phieukin.procedure.Position::id, x -> x));
                    JsonNode keyId = record.path("seal").path("keyId");
                    return ResultWorkbook.build(new ResultWorkbook.Facts(conference.title(), conference.step(),
                            conference.date(), cadres, positions, stored.sha256(), keyId.isTextual() ? keyId.asText() : null),
                            record.path("result"));
                }));
    }

    /** {@code GET /api/v1/rounds/{id}/record}: the latest sealed record; anyone when announced, else ADMIN, AUDITOR. */
    void record(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        readable(ctx, id, Set.of(Role.ADMIN, Role.AUDITOR), "biên bản niêm phong")
                .compose(row -> db.read(c -> checkedText(id, RoundStore.latestRecord(c, id).orElseThrow())))
                .onSuccess(record -> ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                        .putHeader("Cache-Control", "no-store").end(record.recordJson()))
                .onFailure(ctx::fail);
    }

    /**
     * {@code GET /api/v1/rounds/{id}/records}: every sealed version of the round's record, oldest
     * first, {@code [{version, sha256, supersedes}]} (same access as the record).
     */
    Future<Reply> records(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return readable(ctx, id, Set.of(Role.ADMIN, Role.AUDITOR), "biên bản niêm phong")
                .compose(row -> db.read(c -> {
                    JsonArray out = new JsonArray();
                    for (RoundStore.StoredRecord r : RoundStore.records(c, id)) {
                        JsonNode supersedes = SealedSource.checked(id, r, sealKey.publicKey(), SealedSource.RECORD).path("supersedes");
                        out.add(new JsonObject().put("version", r.version()).put("sha256", r.sha256())
                                .put("supersedes", supersedes.isTextual() ? supersedes.textValue() : null));
                    }
                    return Reply.ok(out);
                }));
    }

    /** A stored record served as it is stored, once {@link SealedSource#checked} holds for it. */
    private RoundStore.StoredRecord checkedText(String roundId, RoundStore.StoredRecord stored) {
        SealedSource.checked(roundId, stored, sealKey.publicKey(), SealedSource.RECORD);
        return stored;
    }

    /** {@code GET /api/v1/rounds/{id}/records/{version}}: one sealed version, exactly as stored. */
    void recordVersion(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String text = ctx.pathParam("version");
        if (!text.matches("[1-9][0-9]{0,5}")) {
            ctx.fail(Refusals.badField("version", "phải là số phiên bản của biên bản (1, 2, …), nhận được \"" + text + "\""));
            return;
        }
        int version = Integer.parseInt(text);
        readable(ctx, id, Set.of(Role.ADMIN, Role.AUDITOR), "biên bản niêm phong")
                .compose(row -> db.read(c -> checkedText(id, RoundStore.record(c, id, version)
                        .orElseThrow(() -> Refusals.notFound("phiên bản " + version + " của biên bản phiên này", text)))))
                .onSuccess(record -> ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
                        .putHeader("Cache-Control", "no-store").end(record.recordJson()))
                .onFailure(ctx::fail);
    }

    /** The closed round, if the asker may read it under the announcement rule. */
    private Future<RoundStore.Round> readable(RoutingContext ctx, String id, Set<Role> roles, String what) {
        return db.read(c -> {
            RoundStore.Round row = RoundStore.round(c, id).orElseThrow(() -> Refusals.notFound("phiên bỏ phiếu", id));
            Rules rules = RoundFacts.rules(ConferenceStore.conference(c, row.conferenceId()).orElseThrow());
            return Map.entry(row, rules.announced());
        }).compose(found -> {
            if (found.getValue()) {
                return Future.succeededFuture(found.getKey());
            }
            return auth.optional(ctx).map(principal -> {
                boolean allowed = principal.isPresent() && principal.get() instanceof Principal.Staff staff
                        && roles.contains(staff.role());
                if (!allowed) {
                    throw new RefusedException("FORBIDDEN", NOT_ANNOUNCED + ": " + what + " của phiên này chỉ dành cho "
                            + roles.stream().sorted().map(Role::label).collect(Collectors.joining(", ")) + ".");
                }
                return found.getKey();
            });
        }).map(row -> {
            if (!row.isClosed()) {
                throw new RefusedException("ROUND_STATE", "Phiên bỏ phiếu chưa kết thúc: chưa có " + what + ".");
            }
            if (row.resultJson() == null) {
                throw new RefusedException("ROUND_STATE", "Phiên bỏ phiếu đang chờ Ban kiểm phiếu giải mã: "
                        + "chưa có " + what + ".");
            }
            return row;
        });
    }

    /** {@code POST /api/v1/rounds/{id}/decisions {positionId, chosen[]}}: the chair breaks a tie; a new record supersedes. */
    Future<Reply> decide(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Principal.Staff chair = Auth.staffMember(ctx);
        JsonInput in = JsonInput.body(ctx);
        String positionId = in.text("positionId");
        JsonArray given = in.optionalArray("chosen").orElseThrow(() -> Refusals.badField("chosen", "bắt buộc nhưng không có"));
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            if (!(given.getValue(i) instanceof String cadreId)) {
                throw Refusals.badField("chosen[" + i + "]", "phải là mã cán bộ (chuỗi)");
            }
            chosen.add(cadreId);
        }
        return db.write(c -> {
            RoundFacts round = RoundFacts.load(c, id);
            if (!round.row().isClosed()) {
                throw round.wrongState("Bí thư chỉ quyết định sau khi phiên kết thúc");
            }
            if (round.awaitingDecryption()) {
                throw new RefusedException("ROUND_STATE", "Phiên bỏ phiếu đang chờ Ban kiểm phiếu giải mã: "
                        + "Bí thư quyết định sau khi có kết quả.");
            }
            if (round.kind() != BallotKind.NOMINATION) {
                throw new RefusedException("NO_DECISION_PENDING", "Phiên bước 1 không có trường hợp bằng phiếu cần Bí thư quyết định.");
            }
            List<ChairDecision> decisions = new ArrayList<>(RoundCount.decisions(c, id));
            RoundResult.Nomination now = (RoundResult.Nomination) RoundCount.count(c, round, decisions).result();
            Outcome<List<String>> checked = Results.checkDecision(now, positionId, chosen);
            if (!checked.isAccepted()) {
                throw named(c, round, refusal(checked.refusal()));
            }
            ChairDecision decision = new ChairDecision(positionId, checked.value(), chair.displayName(), clock.instant());
            RoundStore.insertDecision(c, id, positionId, ProcedureJson.mapper().valueToTree(decision.chosen()).toString(),
                    decision.decidedBy(), decision.decidedAt().toString());
            decisions.add(decision);
            RoundStore.RecordMeta previous = RoundStore.latestRecordMeta(c, id).orElseThrow();
            RoundCount.Sealed sealed = RoundCount.seal(c, round, decisions, previous.sha256(), sealKey);
            RoundStore.insertRecord(c, id, previous.version() + 1, sealed.sha256(), sealed.text());
            RoundStore.setResult(c, id, sealed.result().toString());
            return Reply.ok(json(sealed.result()));
        });
    }

    /** {@code GET /api/v1/rounds/{id}/receipts/{receipt}}: whether a receipt is in the ballot box. */
    Future<Reply> receipt(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String receipt = ctx.pathParam("receipt");
        if (!RECEIPT.matcher(receipt).matches()) {
            throw Refusals.badField("receipt", "phải gồm đúng 64 ký tự hex viết thường");
        }
        return db.read(c -> {
            RoundStore.round(c, id).orElseThrow(() -> Refusals.notFound("phiên bỏ phiếu", id));
            return Reply.ok(new JsonObject().put("included", RoundStore.receiptIncluded(c, id, receipt)));
        });
    }

    /**
     * {@code GET /api/v1/rounds/{id}/receipts}, after close, for every step (announced or not) and
     * without credentials: every receipt in the box, sorted, without contents, so that each
     * delegate can check that theirs is included without the result being disclosed.
     */
    Future<Reply> receipts(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        return db.read(c -> {
            RoundStore.Round round = RoundStore.round(c, id).orElseThrow(() -> Refusals.notFound("phiên bỏ phiếu", id));
            if (!round.isClosed()) {
                throw new RefusedException("ROUND_STATE", "Phiên bỏ phiếu chưa kết thúc: danh sách biên nhận "
                        + "chỉ công bố sau khi phiên kết thúc.");
            }
            JsonArray electronic = new JsonArray();
            RoundStore.receipts(c, id).forEach(electronic::add);
            JsonArray paper = new JsonArray();
            RoundStore.paperReceipts(c, id).forEach(paper::add);
            return Reply.ok(new JsonObject().put("roundId", id).put("receipts", electronic).put("paperReceipts", paper));
        });
    }

    // ---- the hall screen and the tablet ----------------------------------------------------------

    /**
     * {@code GET /api/v1/conferences/{cid}/screen}: attendance, the current round (the open one,
     * else the latest) with its issued and cast counts, its result once closed and only if
     * announced (then also the names of that result's cadres and of the positions, which the
     * result gives by id only), and the seal key id to check records with.
     */
    Future<Reply> screen(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        return db.read(c -> {
            ConferenceStore.Conference conference = ConferenceStore.conference(c, conferenceId)
                    .orElseThrow(() -> Refusals.notFound("hội nghị", conferenceId));
            Rules rules = RoundFacts.rules(conference);
            ConferenceStore.RosterCounts roster = ConferenceStore.rosterCounts(c, conferenceId);
            Attendance attendance = Attendance.of(roster.roster(), roster.excluded(), roster.present(), rules.quorum());
            List<RoundStore.Round> rounds = RoundStore.roundsOf(c, conferenceId);
            Optional<RoundStore.Round> current = rounds.stream().filter(RoundStore.Round::isOpen).findFirst()
                    .or(() -> rounds.isEmpty() ? Optional.empty() : Optional.of(rounds.get(rounds.size() - 1)));
            JsonObject screen = new JsonObject()
                    .put("conference", new JsonObject().put("id", conference.id()).put("step", conference.step())
                            .put("title", conference.title()).put("date", conference.date().toString()))
                    .put("attendance", new JsonObject().put("convened", attendance.convened())
                            .put("excluded", attendance.excluded()).put("present", attendance.present())
                            .put("quorumRequired", attendance.quorumRequired()).put("quorumMet", attendance.quorumMet())
                            .put("quorum", new JsonObject().put("numerator", rules.quorum().numerator())
                                    .put("denominator", rules.quorum().denominator())))
                    .put("announced", rules.announced())
                    .put("sealKeyId", sealKey.keyId());
            if (current.isEmpty()) {
                return Reply.ok(screen.putNull("round").putNull("result").putNull("recordSha256").putNull("notice"));
            }
            RoundStore.Round round = current.get();
            // the round key itself (public), so that the hall screen shows the fingerprint every
            // tablet computes from the key it received (issue 9 item 10)
            screen.put("round", RoundEvents.data(round, RoundStore.counts(c, round.id()))
                    .put("kind", round.kind()).put("step", conference.step())
                    .put("tokenKey", round.tokenKeyJson() == null ? null : new JsonObject(round.tokenKeyJson()))
                    .put("tokenKeyFingerprint", round.tokenKeyJson() == null ? null
                            : fingerprint(RoundFacts.tree(round.tokenKeyJson()))));
            boolean shown = round.isClosed() && rules.announced() && round.resultJson() != null;
            RoundFacts facts = RoundFacts.of(c, round);
            if (facts.encrypted() && facts.committee() != null) {
                screen.put("committee", new JsonObject().put("fingerprint", facts.committee().row().fingerprint())
                        .put("threshold", facts.committee().row().threshold())
                        .put("contributed", facts.committee().contributions().size()));
            }
            screen.put("result", shown ? new JsonObject(round.resultJson()) : null);
            if (shown) {
                // the hall reads names, not ids: only the announced result's cadres, and the positions
                screen.put("positions", positionNames(c, conference.reviewId()));
                screen.put("cadres", cadreNames(c, conference.reviewId(), screen.getJsonObject("result")));
            }
            screen.put("notice", facts.awaitingDecryption()
                    ? "Đang chờ Ban kiểm phiếu giải mã (" + facts.committee().contributions().size() + "/"
                            + facts.committee().row().threshold() + ")"
                    : round.isClosed() && !rules.announced() ? NOT_ANNOUNCED : null);
            screen.put("recordSha256", round.isClosed()
                    ? RoundStore.latestRecordMeta(c, round.id()).map(RoundStore.RecordMeta::sha256).orElse(null) : null);
            return Reply.ok(screen);
        });
    }

    private static JsonArray positionNames(Connection c, String reviewId) throws SQLException {
        JsonArray out = new JsonArray();
        ReviewStore.positions(c, reviewId).forEach(p -> out.add(new JsonObject().put("id", p.id()).put("name", p.name())));
        return out;
    }

    private static JsonArray cadreNames(Connection c, String reviewId, JsonObject result) throws SQLException {
        Set<String> named = new java.util.HashSet<>();
        result.getJsonArray("lines", new JsonArray()).forEach(l -> named.add(((JsonObject) l).getString("cadreId")));
        result.getJsonArray("positions", new JsonArray()).forEach(p -> ((JsonObject) p).getJsonArray("candidates")
                .forEach(x -> named.add(((JsonObject) x).getString("cadreId"))));
        JsonArray out = new JsonArray();
        for (Cadre cadre : ReviewStore.cadres(c, reviewId)) {
            if (named.contains(cadre.id())) {
                out.add(new JsonObject().put("id", cadre.id()).put("fullName", cadre.fullName())
                        .put("title", cadre.title()).put("unit", cadre.unit()));
            }
        }
        return out;
    }

    /** {@code GET /api/v1/tablet/cadres}: the review's cadres (id, name, title, unit) for printing the ballot. */
    Future<Reply> tabletCadres(RoutingContext ctx) {
        Principal.Tablet tablet = (Principal.Tablet) Auth.principal(ctx);
        return db.read(c -> {
            ConferenceStore.Conference conference = ConferenceStore.conference(c, tablet.conferenceId()).orElseThrow();
            JsonArray cadres = new JsonArray();
            for (Cadre cadre : ReviewStore.cadres(c, conference.reviewId())) {
                cadres.add(new JsonObject().put("id", cadre.id()).put("fullName", cadre.fullName())
                        .put("title", cadre.title()).put("unit", cadre.unit()));
            }
            return Reply.ok(cadres);
        });
    }

    // ---- for the conference view, the tablet state and the planning view -----------------------------

    /** The rounds of a conference as the API shows them, oldest first ({@code GET /api/v1/conferences/{cid}}). */
    @Override
    public JsonArray rounds(Connection c, String conferenceId) throws SQLException {
        JsonArray rounds = new JsonArray();
        for (RoundStore.Round row : RoundStore.roundsOf(c, conferenceId)) {
            rounds.add(json(c, RoundFacts.of(c, row)));
        }
        return rounds;
    }

    /** For {@code GET /api/v1/tablet/state}: the open round of the delegate's conference, or null. */
    @Override
    public JsonObject openRound(Connection c, String conferenceId) throws SQLException {
        Optional<RoundStore.Round> open = RoundStore.openRoundOf(c, conferenceId);
        return open.isEmpty() ? null : view(RoundFacts.of(c, open.get()));
    }

    /** Whether the delegate already received a token or a paper ballot in the round. */
    @Override
    public boolean issued(Connection c, String roundId, String delegateId) throws SQLException {
        if (RoundStore.paperIssued(c, roundId, delegateId)) {
            return true;
        }
        if (RoundStore.issuance(c, roundId, delegateId).isEmpty()) {
            return false;
        }
        // an electronic replacement lets the newly paired tablet take a second token, once
        boolean replaced = RoundStore.replacement(c, roundId, delegateId).map(r -> r.kind().equals("ELECTRONIC")).orElse(false);
        return !replaced || RoundStore.reissuance(c, roundId, delegateId).isPresent();
    }

    /** The lines removed at step 1: the passing lines in the latest sealed record of the last closed step-1 round. */
    @Override
    public List<PlanningEntry> removed(Connection c, String reviewId) throws SQLException {
        List<PlanningEntry> removed = new ArrayList<>();
        SealedSource.latestOfStep(c, reviewId, 1, sealKey.publicKey()).ifPresent(latest ->
                latest.result().path("lines").forEach(line -> {
                    if (line.path("passed").asBoolean()) {
                        removed.add(new PlanningEntry(line.path("cadreId").asText(), line.path("positionId").asText()));
                    }
                }));
        return removed;
    }

    /** The cadres selected at step 4 (after the chair's decisions): the latest sealed record of the last closed step-4 round. */
    @Override
    public List<PlanningEntry> proposed(Connection c, String reviewId) throws SQLException {
        List<PlanningEntry> proposed = new ArrayList<>();
        SealedSource.latestOfStep(c, reviewId, 4, sealKey.publicKey()).ifPresent(latest ->
                latest.result().path("positions").forEach(position ->
                        position.path("selected").forEach(cadre -> proposed.add(
                                new PlanningEntry(cadre.asText(), position.path("positionId").asText())))));
        return proposed;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * The round as the API shows it, plus {@code tokenKeyFingerprint} once it has a key: the
     * first 16 hex of SHA-256 of the JCS of its JWK, which tablets and the hall screen show so
     * that a key given to one delegate alone is caught by comparing.
     */
    static JsonObject view(RoundFacts round) {
        JsonObject view = json(round.json());
        String key = round.row().tokenKeyJson();
        view.put("tokenKeyFingerprint", key == null ? null : fingerprint(RoundFacts.tree(key)));
        return view;
    }

    /** First 16 lowercase hex characters of SHA-256(JCS(jwk)). */
    static String fingerprint(JsonNode jwk) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(vn.phieukin.ballot.CanonicalJson.encode(jwk));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(ObjectNode node) {
        return new JsonObject(node.toString());
    }

    private static final Pattern QUOTED_ID = Pattern.compile("\"((?:L|p|c)[0-9]{1,18})\"");

    /**
     * The refusal with the ids the procedure quotes (a ballot's line "L2", a position, a cadre)
     * replaced by what the reader knows them as: "Nguyễn Văn An — Bí thư Tỉnh ủy", the position's
     * name, the cadre's name.
     */
    private static RefusedException named(Connection c, RoundFacts round, RefusedException refusal) throws SQLException {
        String reviewId = round.conference().reviewId();
        Map<String, String> names = new java.util.HashMap<>();
        Map<String, String> cadres = new java.util.HashMap<>();
        ReviewStore.cadres(c, reviewId).forEach(x -> cadres.put(x.id(), x.fullName()));
        ReviewStore.positions(c, reviewId).forEach(p -> names.put(p.id(), p.name()));
        names.putAll(cadres);
        for (JsonNode line : RoundFacts.tree(round.row().definitionJson()).path("lines")) {
            names.put(line.path("id").asText(), cadres.getOrDefault(line.path("cadreId").asText(), "cán bộ") + " — "
                    + names.getOrDefault(line.path("positionId").asText(), "chức danh"));
        }
        java.util.regex.Matcher m = QUOTED_ID.matcher(refusal.getMessage());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = names.get(m.group(1));
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(
                    name == null ? "đã nhập" : "\"" + name + "\""));
        }
        m.appendTail(out);
        return new RefusedException(refusal.code(), out.toString());
    }

    private static RefusedException refusal(vn.phieukin.procedure.Refusal refusal) {
        return new RefusedException(refusal.code(), refusal.message());
    }
}
