package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.Gender;
import vn.phieukin.procedure.Planning;
import vn.phieukin.procedure.PlanningEntry;
import vn.phieukin.procedure.Position;
import vn.phieukin.procedure.StructureReport;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.ReviewStore;
import vn.phieukin.store.ReviewStore.PlanningList;

/** Review set-up: reviews, positions, the cadre registry (with CSV import), planned and supplementary lists, planning. */
public final class ReviewApi {
    static final int MAX_PLANNED_LIMIT = 20;
    private static final Set<String> CADRE_REQUIRED = new LinkedHashSet<>(
            List.of("fullName", "birthDate", "gender", "ethnicity", "title", "unit"));
    private static final Set<String> CADRE_OPTIONAL = new LinkedHashSet<>(List.of("stem", "subordinatePost"));

    private final Database db;
    private final PlanningSource planningSource;
    private final java.time.Clock clock;

    /**
     * What later steps add to the planning view: the lines removed at step 1 and the cadres
     * proposed at step 4, per review (rounds fill these in).
     */
    public interface PlanningSource {
        List<PlanningEntry> removed(Connection c, String reviewId) throws SQLException;

        List<PlanningEntry> proposed(Connection c, String reviewId) throws SQLException;

        /** Before any round exists: nothing removed, nothing proposed. */
        PlanningSource NONE = new PlanningSource() {
            @Override
            public List<PlanningEntry> removed(Connection c, String reviewId) {
                return List.of();
            }

            @Override
            public List<PlanningEntry> proposed(Connection c, String reviewId) {
                return List.of();
            }
        };
    }

    public ReviewApi(Database db, PlanningSource planningSource) {
        this(db, planningSource, java.time.Clock.systemUTC());
    }

    public ReviewApi(Database db, PlanningSource planningSource, java.time.Clock clock) {
        this.db = db;
        this.planningSource = planningSource;
        this.clock = clock;
    }

    /** How far from today a review's reference date may be, in years (a typo such as 2062 is refused). */
    public static final int REFERENCE_YEARS = 5;

    /** {@code POST /api/v1/reviews {name, referenceDate}}. */
    public Future<Reply> createReview(RoutingContext ctx) {
        JsonInput in = JsonInput.body(ctx);
        String name = in.text("name");
        int thisYear = LocalDate.now(clock.withZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh"))).getYear();
        LocalDate referenceDate = in.date("referenceDate", thisYear - REFERENCE_YEARS, thisYear + REFERENCE_YEARS);
        return db.write(c -> Reply.createdId(ReviewStore.insertReview(c, name, referenceDate)));
    }

    /** {@code GET /api/v1/reviews}: every review, newest last. */
    public Future<Reply> listReviews(RoutingContext ctx) {
        return db.read(c -> {
            JsonArray out = new JsonArray();
            ReviewStore.reviews(c).forEach(r -> out.add(new JsonObject().put("id", r.id()).put("name", r.name())
                    .put("referenceDate", r.referenceDate().toString())));
            return Reply.ok(out);
        });
    }

    /** {@code GET /api/v1/reviews/{rid}}. */
    public Future<Reply> getReview(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        return db.read(c -> {
            ReviewStore.Review review = review(c, reviewId);
            JsonArray positions = new JsonArray();
            ReviewStore.positions(c, reviewId).forEach(p -> positions.add(positionJson(p)));
            JsonArray conferences = new JsonArray();
            ConferenceStore.conferencesOfReview(c, reviewId).forEach(conf -> conferences.add(new JsonObject()
                    .put("id", conf.id()).put("step", conf.step()).put("title", conf.title())
                    .put("date", conf.date().toString())));
            return Reply.ok(new JsonObject().put("id", review.id()).put("name", review.name())
                    .put("referenceDate", review.referenceDate().toString())
                    .put("positions", positions).put("conferences", conferences));
        });
    }

    /** {@code POST /api/v1/reviews/{rid}/positions {name, maxPlanned?}}. */
    public Future<Reply> createPosition(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        JsonInput in = JsonInput.body(ctx);
        String name = in.text("name");
        int maxPlanned = in.optionalInteger("maxPlanned", 1, MAX_PLANNED_LIMIT).orElse(Position.DEFAULT_MAX_PLANNED);
        return db.write(c -> {
            review(c, reviewId);
            refuseIfFrozen(c, reviewId, 1, "danh sách chức danh và số lượng quy hoạch tối đa");
            boolean taken = ReviewStore.positions(c, reviewId).stream().anyMatch(p -> p.name().equalsIgnoreCase(name));
            if (taken) {
                throw Refusals.duplicate("Đợt rà soát " + reviewId + " đã có chức danh \"" + name + "\"");
            }
            return Reply.createdId(ReviewStore.insertPosition(c, reviewId, name, maxPlanned));
        });
    }

    /** {@code POST /api/v1/reviews/{rid}/cadres {fullName, birthDate, gender, ethnicity, title, unit, stem?, subordinatePost?}}. */
    public Future<Reply> createCadre(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        JsonInput in = JsonInput.body(ctx);
        NewCadre cadre = new NewCadre(in.text("fullName"), in.date("birthDate"), gender(in), in.text("ethnicity"),
                in.text("title"), in.text("unit"), in.bool("stem", false), in.bool("subordinatePost", false));
        return db.write(c -> {
            ReviewStore.Review review = review(c, reviewId);
            refuseIfFrozen(c, reviewId, 2, "danh sách cán bộ");
            String key = sameCadre(cadre.fullName(), cadre.birthDate());
            if (ReviewStore.cadres(c, reviewId).stream().anyMatch(x -> sameCadre(x.fullName(), x.birthDate()).equals(key))) {
                throw Refusals.duplicate("Danh sách cán bộ đã có " + cadre.fullName() + ", sinh "
                        + Spreadsheet.dmy(cadre.birthDate()) + " (trùng họ tên và ngày sinh)");
            }
            if (cadre.birthDate().isAfter(review.referenceDate())) {
                throw Refusals.badField("birthDate", "ngày sinh " + cadre.birthDate() + " sau ngày tham chiếu "
                        + review.referenceDate() + " của đợt rà soát");
            }
            return Reply.createdId(cadre.insert(c, reviewId));
        });
    }

    /**
     * {@code POST /api/v1/reviews/{rid}/cadres/import} (CSV or .xlsx): all lines or none. A cadre
     * with the name and birth date of one already in the registry, or of an earlier line, is a bad
     * line: importing the same list twice never doubles the registry. With {@code ?preview=true}
     * nothing is written and the answer lists every line with its problems.
     */
    public Future<Reply> importCadres(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        boolean preview = "true".equals(ctx.request().getParam("preview"));
        List<Csv.Record> records = Csv.read(Uploads.bytes(ctx), CADRE_REQUIRED, CADRE_OPTIONAL);
        if (preview) {
            return db.read(c -> {
                CheckedCadres checked = checkCadres(c, review(c, reviewId), records);
                return Reply.ok(Csv.preview(records, checked.problems()));
            });
        }
        return db.write(c -> {
            refuseIfFrozen(c, reviewId, 2, "danh sách cán bộ");
            CheckedCadres checked = checkCadres(c, review(c, reviewId), records);
            if (!checked.problems().isEmpty()) {
                throw Csv.badCsv(checked.problems());
            }
            if (checked.cadres().isEmpty()) {
                throw Csv.badCsv(List.of(new Csv.Problem(1, "tệp chỉ có dòng tiêu đề, không có cán bộ nào")));
            }
            for (NewCadre cadre : checked.cadres()) {
                cadre.insert(c, reviewId);
            }
            return Reply.ok(new JsonObject().put("imported", checked.cadres().size()));
        });
    }

    private record CheckedCadres(List<NewCadre> cadres, List<Csv.Problem> problems) {
    }

    private static CheckedCadres checkCadres(Connection c, ReviewStore.Review review, List<Csv.Record> records)
            throws SQLException {
        Map<String, String> known = new HashMap<>();
        for (Cadre existing : ReviewStore.cadres(c, review.id())) {
            known.put(sameCadre(existing.fullName(), existing.birthDate()), "một cán bộ đã có trong danh sách");
        }
        List<NewCadre> cadres = new ArrayList<>();
        List<Csv.Problem> problems = new ArrayList<>();
        for (Csv.Record record : records) {
            List<String> reasons = new ArrayList<>();
            NewCadre cadre = NewCadre.fromCsv(record, review.referenceDate(), reasons);
            if (cadre != null) {
                String key = sameCadre(cadre.fullName(), cadre.birthDate());
                String earlier = known.putIfAbsent(key, "dòng " + record.line() + " của tệp");
                if (earlier != null) {
                    reasons.add("trùng họ tên và ngày sinh với " + earlier + " (" + cadre.fullName() + ", "
                            + Spreadsheet.dmy(cadre.birthDate()) + ")");
                }
            }
            if (reasons.isEmpty()) {
                cadres.add(cadre);
            } else {
                problems.add(new Csv.Problem(record.line(), String.join(", ", reasons)));
            }
        }
        return new CheckedCadres(cadres, problems);
    }

    /** Two cadres are the same person when their folded names and birth dates agree. */
    static String sameCadre(String fullName, LocalDate birthDate) {
        return Csv.fold(fullName) + "|" + birthDate;
    }

    /** {@code GET /api/v1/reviews/{rid}/cadres.xlsx}: the registry as Excel, in the form its import reads. */
    public Future<byte[]> exportCadres(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        return db.read(c -> {
            review(c, reviewId);
            List<List<Object>> rows = new ArrayList<>();
            for (Cadre x : ReviewStore.cadres(c, reviewId)) {
                rows.add(List.of(x.fullName(), x.birthDate(), x.gender() == Gender.F ? "Nữ" : "Nam", x.ethnicity(),
                        x.title(), x.unit(), x.stem(), x.subordinatePost()));
            }
            return Workbooks.xlsx("Danh sách cán bộ", Workbooks.CADRE_HEADERS, rows);
        });
    }

    /** {@code GET /api/v1/reviews/{rid}/cadres}. */
    public Future<Reply> listCadres(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        return db.read(c -> {
            review(c, reviewId);
            JsonArray out = new JsonArray();
            ReviewStore.cadres(c, reviewId).forEach(cadre -> out.add(cadreJson(cadre)));
            return Reply.ok(out);
        });
    }

    /** {@code POST /api/v1/reviews/{rid}/planned {cadreId, positionId}}. */
    public Future<Reply> addPlanned(RoutingContext ctx) {
        return addEntry(ctx, PlanningList.PLANNED);
    }

    /** {@code POST /api/v1/reviews/{rid}/supplementary {cadreId, positionId}}. */
    public Future<Reply> addSupplementary(RoutingContext ctx) {
        return addEntry(ctx, PlanningList.SUPPLEMENTARY);
    }

    private Future<Reply> addEntry(RoutingContext ctx, PlanningList list) {
        String reviewId = ctx.pathParam("rid");
        JsonInput in = JsonInput.body(ctx);
        PlanningEntry entry = new PlanningEntry(in.text("cadreId"), in.text("positionId"));
        return db.write(c -> {
            review(c, reviewId);
            if (list == PlanningList.PLANNED) {
                refuseIfFrozen(c, reviewId, 1, "các dòng quy hoạch hiện có");
            } else {
                refuseIfFrozen(c, reviewId, 2, "danh sách bổ sung");
            }
            if (!ReviewStore.reviewOfCadre(c, entry.cadreId()).map(reviewId::equals).orElse(false)) {
                throw Refusals.badField("cadreId", "không có cán bộ \"" + entry.cadreId() + "\" trong đợt rà soát " + reviewId);
            }
            if (!ReviewStore.reviewOfPosition(c, entry.positionId()).map(reviewId::equals).orElse(false)) {
                throw Refusals.badField("positionId", "không có chức danh \"" + entry.positionId()
                        + "\" trong đợt rà soát " + reviewId);
            }
            Map<String, Cadre> cadres = ReviewStore.cadres(c, reviewId).stream()
                    .collect(Collectors.toMap(Cadre::id, Function.identity()));
            Map<String, Position> positions = ReviewStore.positions(c, reviewId).stream()
                    .collect(Collectors.toMap(Position::id, Function.identity()));
            String who = cadres.get(entry.cadreId()).fullName();
            String what = positions.get(entry.positionId()).name();
            if (ReviewStore.hasEntry(c, list, entry)) {
                throw Refusals.duplicate("Cán bộ " + who + " đã có trong "
                        + (list == PlanningList.PLANNED ? "quy hoạch" : "danh sách bổ sung") + " chức danh " + what);
            }
            PlanningList other = list == PlanningList.PLANNED ? PlanningList.SUPPLEMENTARY : PlanningList.PLANNED;
            if (ReviewStore.hasEntry(c, other, entry)) {
                throw Refusals.duplicate("Cán bộ " + who + " đã có trong "
                        + (other == PlanningList.PLANNED ? "quy hoạch" : "danh sách bổ sung") + " chức danh " + what
                        + ": không thể thêm vào " + (list == PlanningList.PLANNED ? "quy hoạch" : "danh sách bổ sung"));
            }
            return Reply.createdId(ReviewStore.insertEntry(c, list, reviewId, entry));
        });
    }

    /** {@code GET /api/v1/reviews/{rid}/planning}: per position still planned, removed, open slots, proposed; structure. */
    public Future<Reply> planning(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        return db.read(c -> {
            ReviewStore.Review review = review(c, reviewId);
            List<Position> positions = ReviewStore.positions(c, reviewId);
            Planning planning = new Planning(positions, ReviewStore.entries(c, PlanningList.PLANNED, reviewId),
                    planningSource.removed(c, reviewId));
            List<PlanningEntry> proposed = planningSource.proposed(c, reviewId);
            Map<String, List<String>> proposedByPosition = proposed.stream().collect(Collectors.groupingBy(
                    PlanningEntry::positionId, Collectors.mapping(PlanningEntry::cadreId, Collectors.toList())));
            JsonArray out = new JsonArray();
            for (Position position : positions) {
                String id = position.id();
                out.add(new JsonObject().put("positionId", id).put("name", position.name())
                        .put("maxPlanned", position.maxPlanned())
                        .put("planned", new JsonArray(planning.stillPlanned(id)))
                        .put("removed", new JsonArray(planning.removed().stream().filter(e -> e.positionId().equals(id))
                                .map(PlanningEntry::cadreId).toList()))
                        .put("openSlots", planning.openSlots(id))
                        .put("proposed", new JsonArray(proposedByPosition.getOrDefault(id, List.of()))));
            }
            Map<String, Cadre> cadres = ReviewStore.cadres(c, reviewId).stream()
                    .collect(Collectors.toMap(Cadre::id, Function.identity()));
            StructureReport structure = StructureReport.of(planning.finalList(proposedByPosition), cadres,
                    review.referenceDate());
            return Reply.ok(new JsonObject().put("positions", out)
                    .put("structure", new JsonObject(ProcedureJson.structure(structure).toString())));
        });
    }

    /**
     * 409 REVIEW_FROZEN once a round of {@code step} has opened: from step 1 on the positions,
     * their maxPlanned and the planned lines; from step 2 on the registry and the supplementary
     * list. A ballot already voted on must keep meaning what it meant.
     */
    static void refuseIfFrozen(Connection c, String reviewId, int step, String what) throws SQLException {
        Optional<String> opened = vn.phieukin.store.RoundStore.firstOpenedRoundOfStep(c, reviewId, step);
        if (opened.isPresent()) {
            throw new RefusedException("REVIEW_FROZEN", "Đợt rà soát " + reviewId + " đã mở phiên bỏ phiếu bước " + step
                    + " (\"" + opened.get() + "\"): " + what + " đã được chốt, không thêm hay thay đổi được nữa.");
        }
    }

    static ReviewStore.Review review(Connection c, String reviewId) throws SQLException {
        return ReviewStore.review(c, reviewId).orElseThrow(() -> Refusals.notFound("đợt rà soát", reviewId));
    }

    static JsonObject positionJson(Position p) {
        return new JsonObject().put("id", p.id()).put("name", p.name()).put("maxPlanned", p.maxPlanned());
    }

    static JsonObject cadreJson(Cadre cadre) {
        return new JsonObject().put("id", cadre.id()).put("fullName", cadre.fullName())
                .put("birthDate", cadre.birthDate().toString()).put("gender", cadre.gender().name())
                .put("ethnicity", cadre.ethnicity()).put("title", cadre.title()).put("unit", cadre.unit())
                .put("stem", cadre.stem()).put("subordinatePost", cadre.subordinatePost());
    }

    private static Gender gender(JsonInput in) {
        String code = in.text("gender");
        return Gender.fromCode(code).orElseThrow(() -> Refusals.badField("gender",
                "phải là F (nữ) hoặc M (nam) (nhận được \"" + code + "\")"));
    }

    /** A cadre to add, validated. */
    private record NewCadre(String fullName, LocalDate birthDate, Gender gender, String ethnicity, String title,
                            String unit, boolean stem, boolean subordinatePost) {

        String insert(Connection c, String reviewId) throws SQLException {
            return ReviewStore.insertCadre(c, reviewId, fullName, birthDate, gender, ethnicity, title, unit, stem,
                    subordinatePost);
        }

        /** Reads one CSV record, adding every problem found to {@code reasons}. */
        static NewCadre fromCsv(Csv.Record r, LocalDate referenceDate, List<String> reasons) {
            String fullName = required(r, "fullName", "họ tên", reasons);
            String birth = required(r, "birthDate", "ngày sinh", reasons);
            LocalDate birthDate = null;
            if (birth != null) {
                try {
                    birthDate = JsonInput.parseDate("birthDate", birth);
                    if (birthDate.isAfter(referenceDate)) {
                        reasons.add("ngày sinh " + Spreadsheet.dmy(birthDate) + " sau ngày tham chiếu "
                                + Spreadsheet.dmy(referenceDate));
                    }
                } catch (RefusedException notADate) {
                    reasons.add(notADate.getMessage().contains("nằm ngoài khoảng")
                            ? "ngày sinh \"" + birth + "\": năm phải từ " + JsonInput.MIN_YEAR + " đến " + JsonInput.MAX_YEAR
                            : "ngày sinh \"" + birth + "\" không phải ngày có thật (ghi ngày/tháng/năm, ví dụ 30/04/1975)");
                }
            }
            String genderText = required(r, "gender", "giới tính", reasons);
            Gender gender = null;
            if (genderText != null) {
                gender = switch (genderText.toLowerCase(java.util.Locale.ROOT)) {
                    case "f", "nữ" -> Gender.F;
                    case "m", "nam" -> Gender.M;
                    default -> null;
                };
                if (gender == null) {
                    reasons.add("gender phải là F (nữ) hoặc M (nam), nhận được \"" + genderText + "\"");
                }
            }
            String ethnicity = required(r, "ethnicity", "dân tộc", reasons);
            String title = required(r, "title", "chức vụ", reasons);
            String unit = required(r, "unit", "đơn vị", reasons);
            boolean stem = flag(r, "stem", reasons);
            boolean subordinatePost = flag(r, "subordinatePost", reasons);
            for (String field : List.of("fullName", "ethnicity", "title", "unit")) {
                if (r.value(field).map(v -> v.length() > JsonInput.MAX_TEXT).orElse(false)) {
                    reasons.add(field + " dài quá " + JsonInput.MAX_TEXT + " ký tự");
                }
            }
            return reasons.isEmpty()
                    ? new NewCadre(fullName, birthDate, gender, ethnicity, title, unit, stem, subordinatePost)
                    : null;
        }

        private static String required(Csv.Record r, String field, String label, List<String> reasons) {
            Optional<String> value = r.value(field);
            if (value.isEmpty()) {
                reasons.add("thiếu " + field + " (" + label + ")");
            }
            return value.orElse(null);
        }

        private static boolean flag(Csv.Record r, String field, List<String> reasons) {
            String raw = r.values().get(field);
            Optional<Boolean> value = Csv.bool(raw);
            if (value.isEmpty()) {
                reasons.add(field + " phải là true hoặc false, nhận được \"" + raw + "\"");
                return false;
            }
            return value.get();
        }
    }
}
