package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import vn.phieukin.procedure.Attendance;
import vn.phieukin.procedure.Rules;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.ConferenceStore.Conference;
import vn.phieukin.store.ConferenceStore.Delegate;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;

/** Conferences with their rules, the roster (with CSV import), exclusions, check-in/out and attendance. */
public final class ConferenceApi {
    /** How long a pairing code works (API.md). */
    public static final Duration PAIRING_CODE_LIFETIME = Duration.ofMinutes(15);
    private static final Set<String> DELEGATE_REQUIRED = new LinkedHashSet<>(List.of("fullName"));
    private static final Set<String> DELEGATE_OPTIONAL = new LinkedHashSet<>(List.of("title", "chair"));

    /** What the round endpoints add to a conference's view: its rounds. */
    public interface RoundViews {
        JsonArray rounds(Connection c, String conferenceId) throws SQLException;

        RoundViews NONE = (c, conferenceId) -> new JsonArray();
    }

    private final Vertx vertx;
    private final Database db;
    private final Secrets secrets;
    private final Clock clock;
    private final RoundViews roundViews;

    public ConferenceApi(Vertx vertx, Database db, Secrets secrets, Clock clock, RoundViews roundViews) {
        this.vertx = vertx;
        this.db = db;
        this.secrets = secrets;
        this.clock = clock;
        this.roundViews = roundViews;
    }

    /** {@code POST /api/v1/reviews/{rid}/conferences {step, title, date, rules?}} → {@code 201 {id, rules}}. */
    public Future<Reply> createConference(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        JsonInput in = JsonInput.body(ctx);
        int step = in.integer("step", 1, 4);
        String title = in.text("title");
        LocalDate date = in.date("date");
        JsonObject given = in.optionalObject("rules").orElse(null);
        Rules rules = RefusedException.orThrow(ProcedureJson.readRulesOverride(given == null ? null : jackson(given))
                .flatMap(override -> Rules.forConference(step, override)));
        String rulesJson = ProcedureJson.rules(rules).put(ENCRYPTION, encryptionOf(given)).toString();
        return db.write(c -> {
            ReviewApi.review(c, reviewId);
            String id = ConferenceStore.insertConference(c, reviewId, step, title, date, rulesJson);
            return Reply.created(new JsonObject().put("id", id).put("rules", new JsonObject(rulesJson)));
        });
    }

    /** {@code GET /api/v1/conferences/{cid}}. */
    public Future<Reply> getConference(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        return db.read(c -> {
            Conference conference = conference(c, conferenceId);
            return Reply.ok(conferenceJson(conference).put("rounds", roundViews.rounds(c, conferenceId))
                    .put("endedAt", ConferenceStore.endedAt(c, conferenceId).orElse(null)));
        });
    }

    /** {@code POST /api/v1/conferences/{cid}/delegates {fullName, title?, chair?}}. */
    public Future<Reply> addDelegate(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        JsonInput in = JsonInput.body(ctx);
        String fullName = in.text("fullName");
        String title = in.optionalText("title").orElse("");
        boolean chair = in.bool("chair", false);
        return db.write(c -> {
            conference(c, conferenceId);
            String id = ConferenceStore.insertDelegate(c, conferenceId, fullName, title, chair);
            return Reply.createdId(id);
        }).onSuccess(ignored -> announceAttendance(conferenceId));
    }

    /**
     * {@code POST /api/v1/conferences/{cid}/delegates/import} (CSV or .xlsx: fullName, title, chair):
     * all or none. A delegate with the name and title of one already on the roster, or of an
     * earlier line, is a bad line, so a list imported twice is never doubled. {@code ?preview=true}
     * writes nothing and lists every line with its problems.
     */
    public Future<Reply> importDelegates(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        boolean preview = "true".equals(ctx.request().getParam("preview"));
        List<Csv.Record> records = Csv.read(Uploads.bytes(ctx), DELEGATE_REQUIRED, DELEGATE_OPTIONAL);
        if (preview) {
            return db.read(c -> {
                conference(c, conferenceId);
                return Reply.ok(Csv.preview(records, delegateProblems(c, conferenceId, records)));
            });
        }
        return db.write(c -> {
            conference(c, conferenceId);
            List<Csv.Problem> problems = delegateProblems(c, conferenceId, records);
            if (!problems.isEmpty()) {
                throw Csv.badCsv(problems);
            }
            if (records.isEmpty()) {
                throw Csv.badCsv(List.of(new Csv.Problem(1, "tệp chỉ có dòng tiêu đề, không có đại biểu nào")));
            }
            for (Csv.Record r : records) {
                ConferenceStore.insertDelegate(c, conferenceId, r.value("fullName").orElseThrow(),
                        r.value("title").orElse(""), Csv.bool(r.values().get("chair")).orElseThrow());
            }
            return Reply.ok(new JsonObject().put("imported", records.size()));
        }).onSuccess(ignored -> announceAttendance(conferenceId));
    }

    private static List<Csv.Problem> delegateProblems(Connection c, String conferenceId, List<Csv.Record> records)
            throws SQLException {
        java.util.Map<String, String> known = new java.util.HashMap<>();
        for (ConferenceStore.Delegate d : ConferenceStore.delegates(c, conferenceId)) {
            known.put(Csv.fold(d.fullName()) + "|" + Csv.fold(d.title()), "một đại biểu đã có trong danh sách triệu tập");
        }
        List<Csv.Problem> problems = new ArrayList<>();
        for (Csv.Record r : records) {
            List<String> reasons = new ArrayList<>();
            if (r.value("fullName").isEmpty()) {
                reasons.add("thiếu họ và tên");
            }
            for (String field : List.of("fullName", "title")) {
                if (r.value(field).map(v -> v.length() > JsonInput.MAX_TEXT).orElse(false)) {
                    reasons.add(("fullName".equals(field) ? "họ và tên" : "chức vụ") + " dài quá " + JsonInput.MAX_TEXT + " ký tự");
                }
            }
            if (Csv.bool(r.values().get("chair")).isEmpty()) {
                reasons.add("cột Chủ trì phải là Có hoặc Không (để trống là Không), nhận được \"" + r.values().get("chair") + "\"");
            }
            if (r.value("fullName").isPresent()) {
                String key = Csv.fold(r.value("fullName").get()) + "|" + Csv.fold(r.value("title").orElse(""));
                String earlier = known.putIfAbsent(key, "dòng " + r.line() + " của tệp");
                if (earlier != null) {
                    reasons.add("trùng họ tên và chức vụ với " + earlier + " (" + r.value("fullName").get() + ")");
                }
            }
            if (!reasons.isEmpty()) {
                problems.add(new Csv.Problem(r.line(), String.join(", ", reasons)));
            }
        }
        return problems;
    }

    /** {@code GET /api/v1/conferences/{cid}/delegates.xlsx}: the roster with attendance, as Excel. */
    public Future<byte[]> exportDelegates(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        return db.read(c -> {
            conference(c, conferenceId);
            List<List<Object>> rows = new ArrayList<>();
            for (ConferenceStore.Delegate d : ConferenceStore.delegates(c, conferenceId)) {
                rows.add(java.util.Arrays.asList(d.fullName(), d.title(), d.chair(),
                        d.excluded() ? "Không tính" : d.present() ? "Có mặt" : "Vắng", d.exclusionReason()));
            }
            List<String> headers = new ArrayList<>(Workbooks.DELEGATE_HEADERS);
            headers.addAll(List.of("Điểm danh", "Lý do không tính vào số triệu tập"));
            return Workbooks.xlsx("Danh sách triệu tập", headers, rows);
        });
    }

    /** {@code GET /api/v1/conferences/{cid}/delegates}: the roster with exclusion, presence and pairing. */
    public Future<Reply> listDelegates(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        return db.read(c -> {
            conference(c, conferenceId);
            Set<String> paired = ConferenceStore.pairedDelegates(c, conferenceId);
            JsonArray out = new JsonArray();
            for (Delegate d : ConferenceStore.delegates(c, conferenceId)) {
                out.add(new JsonObject().put("id", d.id()).put("fullName", d.fullName()).put("title", d.title())
                        .put("chair", d.chair()).put("excluded", d.excluded()).put("exclusionReason", d.exclusionReason())
                        .put("present", d.present()).put("paired", paired.contains(d.id())));
            }
            return Reply.ok(out);
        });
    }

    /**
     * {@code PUT /api/v1/conferences/{cid}/delegates/{did} {fullName, title?, chair?}}: a
     * correction of the roster, refused (409 ROSTER_FROZEN) once a round of the conference has
     * opened, since that round's attendance and minutes name the roster as it was.
     */
    public Future<Reply> updateDelegate(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        String delegateId = ctx.pathParam("did");
        JsonInput in = JsonInput.body(ctx);
        String fullName = in.text("fullName");
        String title = in.optionalText("title").orElse("");
        boolean chair = in.bool("chair", false);
        return db.write(c -> {
            Delegate delegate = delegate(c, conferenceId, delegateId);
            refuseIfRosterFrozen(c, conferenceId, delegate, "sửa");
            String key = Csv.fold(fullName) + "|" + Csv.fold(title);
            boolean taken = ConferenceStore.delegates(c, conferenceId).stream().anyMatch(d -> !d.id().equals(delegateId)
                    && (Csv.fold(d.fullName()) + "|" + Csv.fold(d.title())).equals(key));
            if (taken) {
                throw Refusals.duplicate("Danh sách triệu tập đã có " + fullName
                        + (title.isEmpty() ? "" : " (" + title + ")") + " (trùng họ tên và chức vụ)");
            }
            ConferenceStore.updateDelegate(c, delegateId, fullName, title, chair);
            return Reply.ok();
        }).onSuccess(ignored -> announceAttendance(conferenceId));
    }

    /**
     * {@code DELETE /api/v1/conferences/{cid}/delegates/{did}}: off the roster, refused while the
     * delegate is checked in and once a round of the conference has opened (then "không tính vào
     * số triệu tập", the exclusion with its reason, is the way).
     */
    public Future<Reply> deleteDelegate(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        String delegateId = ctx.pathParam("did");
        return db.write(c -> {
            Delegate delegate = delegate(c, conferenceId, delegateId);
            refuseIfRosterFrozen(c, conferenceId, delegate, "xóa");
            if (delegate.present()) {
                throw new RefusedException("DELEGATE_PRESENT", "Đại biểu " + delegate.fullName()
                        + " đang có mặt: hãy điểm danh ra (check-out) trước khi xóa khỏi danh sách triệu tập");
            }
            try {
                ConferenceStore.deleteDelegate(c, delegateId);
            } catch (SQLException referenced) {
                if (!String.valueOf(referenced.getMessage()).contains("FOREIGN KEY")) {
                    throw referenced;
                }
                // a record of this delegate that no check above knows of: refuse, nothing deleted (the task rolls back)
                throw new RefusedException("IN_USE", "Đại biểu " + delegate.fullName() + " đã được ghi trong dữ liệu của hội nghị"
                        + " nên không xóa được; nếu đại biểu không dự, hãy dùng \"Không tính vào số triệu tập\" và ghi lý do.");
            }
            return Reply.ok();
        }).onSuccess(ignored -> announceAttendance(conferenceId));
    }

    private static void refuseIfRosterFrozen(Connection c, String conferenceId, Delegate delegate, String verb)
            throws SQLException {
        if (ConferenceStore.anyRoundOpened(c, conferenceId)) {
            throw new RefusedException("ROSTER_FROZEN", "Hội nghị đã mở phiên bỏ phiếu: danh sách triệu tập đã được chốt,"
                    + " không " + verb + " được đại biểu " + delegate.fullName()
                    + ("xóa".equals(verb) ? " (nếu đại biểu không dự, hãy dùng \"Không tính vào số triệu tập\" và ghi lý do)"
                    : "") + ".");
        }
    }

    /** {@code POST …/delegates/{did}/exclusion {reason}}: out of the convened count; refused while present. */
    public Future<Reply> exclude(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        String delegateId = ctx.pathParam("did");
        String reason = JsonInput.body(ctx).text("reason");
        return db.write(c -> {
            Delegate delegate = delegate(c, conferenceId, delegateId);
            if (delegate.present()) {
                throw new RefusedException("DELEGATE_PRESENT", "Đại biểu " + delegate.fullName()
                        + " đang có mặt: hãy điểm danh ra (check-out) trước khi loại khỏi danh sách triệu tập");
            }
            ConferenceStore.setExclusion(c, delegateId, reason);
            ConferenceStore.deleteTablet(c, delegateId);
            return Reply.ok();
        }).onSuccess(ignored -> announceAttendance(conferenceId));
    }

    /** {@code DELETE …/delegates/{did}/exclusion}: back on the convened count. */
    public Future<Reply> include(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        String delegateId = ctx.pathParam("did");
        return db.write(c -> {
            delegate(c, conferenceId, delegateId);
            ConferenceStore.setExclusion(c, delegateId, null);
            return Reply.ok();
        }).onSuccess(ignored -> announceAttendance(conferenceId));
    }

    /**
     * {@code POST …/delegates/{did}/check-in} → {@code {pairingCode}}: present, with a fresh
     * 8-digit code for 15 minutes (an earlier code stops working).
     */
    public Future<Reply> checkIn(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        String delegateId = ctx.pathParam("did");
        long now = clock.millis();
        return db.write(c -> {
            Delegate delegate = delegate(c, conferenceId, delegateId);
            if (delegate.excluded()) {
                throw new RefusedException("DELEGATE_EXCLUDED", "Đại biểu " + delegate.fullName()
                        + " đã bị loại khỏi danh sách triệu tập (" + delegate.exclusionReason()
                        + "): bỏ việc loại trước khi điểm danh");
            }
            refuseIfEnded(c, conferenceId);
            String code;
            byte[] hash;
            do {
                code = secrets.newPairingCode();
                hash = Secrets.sha256(code);
            } while (ConferenceStore.pairingCodeInUse(c, hash));
            String secret = secrets.newPairingSecret();
            ConferenceStore.setPresent(c, delegateId, true);
            ConferenceStore.replacePairingCode(c, delegateId, hash, Secrets.sha256(secret),
                    now + PAIRING_CODE_LIFETIME.toMillis());
            return Reply.ok(new JsonObject().put("pairingCode", code).put("pairingSecret", secret)
                    .put("expiresAt", java.time.Instant.ofEpochMilli(now).plus(PAIRING_CODE_LIFETIME).toString()));
        }).onSuccess(ignored -> announceAttendance(conferenceId));
    }

    /** {@code POST …/delegates/{did}/check-out}: no longer present; an unused pairing code and the paired tablet stop working. */
    public Future<Reply> checkOut(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        String delegateId = ctx.pathParam("did");
        return db.write(c -> {
            delegate(c, conferenceId, delegateId);
            ConferenceStore.setPresent(c, delegateId, false);
            ConferenceStore.deletePairingCode(c, delegateId);
            ConferenceStore.deleteTablet(c, delegateId);
            return Reply.ok();
        }).onSuccess(ignored -> announceAttendance(conferenceId));
    }

    /**
     * {@code POST /api/v1/conferences/{cid}/end}: the conference is over; every tablet of it is
     * unpaired (its token answers 401 from now on) and no delegate can be checked in again.
     * Refused while a round is open; ending twice changes nothing.
     */
    public Future<Reply> end(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        String now = clock.instant().toString();
        return db.write(c -> {
            conference(c, conferenceId);
            if (vn.phieukin.store.RoundStore.openRoundOf(c, conferenceId).isPresent()) {
                throw new RefusedException("ROUND_STATE", "Hội nghị"
                        + " đang có phiên bỏ phiếu mở: hãy kết thúc phiên đó trước khi kết thúc hội nghị.");
            }
            ConferenceStore.end(c, conferenceId, now);
            return Reply.ok(new JsonObject().put("endedAt", ConferenceStore.endedAt(c, conferenceId).orElse(now)));
        });
    }

    /** 409 CONFERENCE_ENDED once the secretariat has ended the conference. */
    static void refuseIfEnded(Connection c, String conferenceId) throws SQLException {
        Optional<String> ended = ConferenceStore.endedAt(c, conferenceId);
        if (ended.isPresent()) {
            throw new RefusedException("CONFERENCE_ENDED", "Hội nghị đã kết thúc lúc " + moment(ended.get())
                    + ": không điểm danh, ghép nối hay mở phiên bỏ phiếu mới được nữa.");
        }
    }

    /** An instant as the hall reads it: "09:05 ngày 2 tháng 6 năm 2026" (Vietnam time). */
    static String moment(String instant) {
        try {
            java.time.ZonedDateTime t = java.time.Instant.parse(instant).atZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh"));
            return String.format(java.util.Locale.ROOT, "%02d:%02d ngày %d tháng %d năm %d", t.getHour(), t.getMinute(),
                    t.getDayOfMonth(), t.getMonthValue(), t.getYear());
        } catch (java.time.format.DateTimeParseException notAnInstant) {
            return instant;
        }
    }

    /** {@code GET /api/v1/conferences/{cid}/attendance}. */
    public Future<Reply> attendance(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        return db.read(c -> Reply.ok(attendanceJson(attendance(c, conference(c, conferenceId)))));
    }

    /** {@code GET /api/v1/conferences/{cid}/events}: Server-Sent Events, public counts only. */
    public void events(RoutingContext ctx) {
        String conferenceId = ctx.pathParam("cid");
        db.read(c -> attendance(c, conference(c, conferenceId))).onComplete(found -> {
            if (found.failed()) {
                ctx.fail(found.cause());
                return;
            }
            JsonObject first = attendanceJson(found.result());
            ConferenceEvents.stream(vertx, ctx, conferenceId,
                    () -> Future.succeededFuture(new JsonObject().put("attendance", first)));
        });
    }

    /** The attendance of a conference under its rules' quorum. */
    public static Attendance attendance(Connection c, Conference conference) throws SQLException {
        ConferenceStore.RosterCounts counts = ConferenceStore.rosterCounts(c, conference.id());
        return Attendance.of(counts.roster(), counts.excluded(), counts.present(), rules(conference).quorum());
    }

    /** The rules' field naming the ballot protocol (COMMITTEE.md "v1 and v2 side by side"). */
    public static final String ENCRYPTION = "encryption";
    /** v2: ballots encrypted to the counting committee. */
    public static final String COMMITTEE = "COMMITTEE";
    /** v1: plaintext ballots (PROTOCOL.md), no committee. */
    public static final String NONE = "NONE";
    /**
     * What a conference gets when its rules do not say: v2, ballots encrypted to the counting
     * committee (COMMITTEE.md "v1 and v2 side by side"). A client that speaks only v1 asks for
     * NONE when {@code GET /api/v1/version} lists protocol 2.
     */
    public static final String DEFAULT_ENCRYPTION = COMMITTEE;

    /** {@code rules.encryption} as given at creation: COMMITTEE, NONE, or the default when absent. */
    static String encryptionOf(JsonObject given) {
        Object value = given == null ? null : given.getValue(ENCRYPTION);
        if (value == null) {
            return DEFAULT_ENCRYPTION;
        }
        if (!(value instanceof String text) || !(text.equals(COMMITTEE) || text.equals(NONE))) {
            throw Refusals.badField("rules.encryption", "chỉ nhận \"COMMITTEE\" (phiếu mã hóa cho Ban kiểm phiếu) hoặc "
                    + "\"NONE\" (phiếu không mã hóa), nhận được " + io.vertx.core.json.Json.encode(value));
        }
        return text;
    }

    /** The ballot protocol of a conference: COMMITTEE (v2) or NONE (v1; also every conference stored before v2). */
    public static String encryption(Conference conference) {
        Object value = new JsonObject(conference.rulesJson()).getValue(ENCRYPTION);
        return COMMITTEE.equals(value) ? COMMITTEE : NONE;
    }

    /** Whether a conference's ballots are encrypted to its counting committee (protocol v2). */
    public static boolean encrypted(Conference conference) {
        return COMMITTEE.equals(encryption(conference));
    }

    /** The rules stored with a conference. */
    public static Rules rules(Conference conference) {
        return ProcedureJson.readRules(jackson(new JsonObject(conference.rulesJson())), "rules");
    }

    public static JsonObject attendanceJson(Attendance attendance) {
        return new JsonObject().put("convened", attendance.convened()).put("excluded", attendance.excluded())
                .put("present", attendance.present()).put("quorumRequired", attendance.quorumRequired())
                .put("quorumMet", attendance.quorumMet());
    }

    /** A Vert.x JSON object as a Jackson tree, for the procedure's JSON mapping. */
    static com.fasterxml.jackson.databind.JsonNode jackson(JsonObject json) {
        try {
            return ProcedureJson.mapper().readTree(json.encode());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Vert.x wrote JSON that Jackson cannot read", e);
        }
    }

    /** Publishes the new attendance of a conference to its live listeners. */
    void announceAttendance(String conferenceId) {
        db.read(c -> attendance(c, conference(c, conferenceId)))
                .onSuccess(a -> ConferenceEvents.publish(vertx, conferenceId, "attendance", attendanceJson(a)));
    }

    public static JsonObject conferenceJson(Conference conference) {
        return new JsonObject().put("id", conference.id()).put("reviewId", conference.reviewId())
                .put("step", conference.step()).put("title", conference.title())
                .put("date", conference.date().toString())
                .put("rules", new JsonObject(conference.rulesJson()).put(ENCRYPTION, encryption(conference)));
    }

    public static Conference conference(Connection c, String conferenceId) throws SQLException {
        return ConferenceStore.conference(c, conferenceId).orElseThrow(() -> Refusals.notFound("hội nghị", conferenceId));
    }

    /** A delegate of this conference (404 for an unknown id or one of another conference). */
    public static Delegate delegate(Connection c, String conferenceId, String delegateId) throws SQLException {
        conference(c, conferenceId);
        Optional<Delegate> delegate = ConferenceStore.delegate(c, delegateId)
                .filter(d -> d.conferenceId().equals(conferenceId));
        return delegate.orElseThrow(() -> new RefusedException("NOT_FOUND",
                "Không tìm thấy đại biểu này trong danh sách triệu tập của hội nghị (có thể đã bị xóa)"));
    }
}
