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
    private static final Set<String> LINE_REQUIRED = new LinkedHashSet<>(List.of("fullName", "position"));
    private static final Set<String> LINE_OPTIONAL = new LinkedHashSet<>(List.of("birthDate"));

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
            refuseTakenPositionName(c, reviewId, name, null);
            return Reply.createdId(ReviewStore.insertPosition(c, reviewId, name, maxPlanned));
        });
    }

    /** {@code POST /api/v1/reviews/{rid}/cadres {fullName, birthDate, gender, ethnicity, title, unit, stem?, subordinatePost?}}. */
    public Future<Reply> createCadre(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        JsonInput in = JsonInput.body(ctx);
        NewCadre cadre = newCadre(in);
        return db.write(c -> {
            ReviewStore.Review review = review(c, reviewId);
            refuseIfFrozen(c, reviewId, 2, "danh sách cán bộ");
            checkCadre(c, review, cadre, null);
            return Reply.createdId(cadre.insert(c, reviewId));
        });
    }

    /** Refuses a position name another position of the review (than {@code exceptId}) already has. */
    private static void refuseTakenPositionName(Connection c, String reviewId, String name, String exceptId)
            throws SQLException {
        if (ReviewStore.positions(c, reviewId).stream()
                .anyMatch(p -> !p.id().equals(exceptId) && p.name().equalsIgnoreCase(name))) {
            throw Refusals.duplicate("Đợt rà soát đã có chức danh \"" + name + "\"");
        }
    }

    private static NewCadre newCadre(JsonInput in) {
        return new NewCadre(in.text("fullName"), in.date("birthDate"), gender(in), in.text("ethnicity"),
                in.text("title"), in.text("unit"), in.bool("stem", false), in.bool("subordinatePost", false));
    }

    /**
     * Refuses a cadre whose name and birth date are those of another cadre of the registry (than
     * {@code exceptId}, the one being edited, if any), or who is born after the reference date.
     */
    private static void checkCadre(Connection c, ReviewStore.Review review, NewCadre cadre, String exceptId)
            throws SQLException {
        String key = sameCadre(cadre.fullName(), cadre.birthDate());
        if (ReviewStore.cadres(c, review.id()).stream().anyMatch(x -> !x.id().equals(exceptId)
                && sameCadre(x.fullName(), x.birthDate()).equals(key))) {
            throw Refusals.duplicate("Danh sách cán bộ đã có " + cadre.fullName() + ", sinh "
                    + Spreadsheet.dmy(cadre.birthDate()) + " (trùng họ tên và ngày sinh)");
        }
        if (cadre.birthDate().isAfter(review.referenceDate())) {
            throw Refusals.badField("birthDate", "ngày sinh " + Spreadsheet.dmy(cadre.birthDate()) + " sau ngày tham chiếu "
                    + Spreadsheet.dmy(review.referenceDate()) + " của đợt rà soát");
        }
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
            refuseIfListFrozen(c, reviewId, list);
            checkEntry(c, reviewId, list, entry);
            return Reply.createdId(ReviewStore.insertEntry(c, list, reviewId, entry));
        });
    }

    /** {@code POST /api/v1/reviews/{rid}/planned/import} (CSV or .xlsx: Họ và tên, Ngày sinh, Chức danh quy hoạch). */
    public Future<Reply> importPlanned(RoutingContext ctx) {
        return importLines(ctx, PlanningList.PLANNED);
    }

    /** {@code POST /api/v1/reviews/{rid}/supplementary/import}, as {@link #importPlanned}. */
    public Future<Reply> importSupplementary(RoutingContext ctx) {
        return importLines(ctx, PlanningList.SUPPLEMENTARY);
    }

    /**
     * A planned or supplementary list from the secretariat's spreadsheet: each line names a
     * cadre of the registry (by name, and by birth date where two share a name) and a position
     * by its name. All lines or none; a line already on either list, or twice in the file, is a
     * bad line. {@code ?preview=true} writes nothing and lists every line with its problems.
     */
    private Future<Reply> importLines(RoutingContext ctx, PlanningList list) {
        String reviewId = ctx.pathParam("rid");
        boolean preview = "true".equals(ctx.request().getParam("preview"));
        List<Csv.Record> records = Csv.read(Uploads.bytes(ctx), LINE_REQUIRED, LINE_OPTIONAL);
        if (preview) {
            return db.read(c -> {
                review(c, reviewId);
                return Reply.ok(Csv.preview(records, checkLines(c, reviewId, list, records).problems()));
            });
        }
        return db.write(c -> {
            review(c, reviewId);
            refuseIfListFrozen(c, reviewId, list);
            CheckedLines checked = checkLines(c, reviewId, list, records);
            if (!checked.problems().isEmpty()) {
                throw Csv.badCsv(checked.problems());
            }
            if (checked.entries().isEmpty()) {
                throw Csv.badCsv(List.of(new Csv.Problem(1, "tệp chỉ có dòng tiêu đề, không có dòng nào")));
            }
            for (PlanningEntry entry : checked.entries()) {
                ReviewStore.insertEntry(c, list, reviewId, entry);
            }
            return Reply.ok(new JsonObject().put("imported", checked.entries().size()));
        });
    }

    private record CheckedLines(List<PlanningEntry> entries, List<Csv.Problem> problems) {
    }

    private static CheckedLines checkLines(Connection c, String reviewId, PlanningList list, List<Csv.Record> records)
            throws SQLException {
        Map<String, List<Cadre>> cadresByName = ReviewStore.cadres(c, reviewId).stream()
                .collect(Collectors.groupingBy(x -> Csv.fold(x.fullName())));
        List<Position> positions = ReviewStore.positions(c, reviewId);
        Map<String, Position> positionsByName = new HashMap<>();
        positions.forEach(p -> positionsByName.putIfAbsent(Csv.fold(p.name()), p));
        PlanningList other = list == PlanningList.PLANNED ? PlanningList.SUPPLEMENTARY : PlanningList.PLANNED;
        Map<PlanningEntry, String> known = new HashMap<>();
        ReviewStore.entries(c, list, reviewId).forEach(e -> known.put(e, "đã có trong " + listName(list)));
        ReviewStore.entries(c, other, reviewId).forEach(e -> known.put(e, "đã có trong " + listName(other)));
        List<PlanningEntry> entries = new ArrayList<>();
        List<Csv.Problem> problems = new ArrayList<>();
        for (Csv.Record r : records) {
            List<String> reasons = new ArrayList<>();
            String name = r.value("fullName").orElse(null);
            String positionName = r.value("position").orElse(null);
            String birth = r.value("birthDate").orElse(null);
            LocalDate birthDate = null;
            if (name == null) {
                reasons.add("thiếu họ và tên cán bộ");
            }
            if (positionName == null) {
                reasons.add("thiếu chức danh quy hoạch");
            }
            if (birth != null) {
                try {
                    birthDate = JsonInput.parseDate("birthDate", birth);
                } catch (RefusedException notADate) {
                    reasons.add("ngày sinh \"" + birth + "\" không phải ngày có thật (ghi ngày/tháng/năm, ví dụ 30/04/1975)");
                }
            }
            Cadre cadre = null;
            if (name != null && (birth == null || birthDate != null)) {
                LocalDate born = birthDate;
                List<Cadre> named = cadresByName.getOrDefault(Csv.fold(name), List.of()).stream()
                        .filter(x -> born == null || x.birthDate().equals(born)).toList();
                if (named.isEmpty()) {
                    reasons.add("không có cán bộ " + name + (born == null ? "" : ", sinh " + Spreadsheet.dmy(born))
                            + " trong danh sách cán bộ của đợt rà soát (hãy nhập danh sách cán bộ trước)");
                } else if (named.size() > 1) {
                    reasons.add("có " + named.size() + " cán bộ tên " + name + ": hãy ghi thêm ngày sinh để phân biệt");
                } else {
                    cadre = named.get(0);
                }
            }
            Position position = null;
            if (positionName != null) {
                position = positionsByName.get(Csv.fold(positionName));
                if (position == null) {
                    reasons.add("không có chức danh \"" + positionName + "\" trong đợt rà soát (các chức danh: "
                            + positions.stream().map(Position::name).collect(Collectors.joining(", ")) + ")");
                }
            }
            if (cadre != null && position != null) {
                PlanningEntry entry = new PlanningEntry(cadre.id(), position.id());
                String earlier = known.putIfAbsent(entry, "trùng với dòng " + r.line() + " của tệp");
                if (earlier != null) {
                    reasons.add("cán bộ " + cadre.fullName() + ", chức danh " + position.name() + " " + earlier);
                } else if (reasons.isEmpty()) {
                    entries.add(entry);
                }
            }
            if (!reasons.isEmpty()) {
                problems.add(new Csv.Problem(r.line(), String.join(", ", reasons)));
            }
        }
        return new CheckedLines(entries, problems);
    }

    /** The cadre and position are of this review and the pair is on neither list yet. */
    private static void checkEntry(Connection c, String reviewId, PlanningList list, PlanningEntry entry)
            throws SQLException {
        if (!ReviewStore.reviewOfCadre(c, entry.cadreId()).map(reviewId::equals).orElse(false)) {
            throw Refusals.badField("cadreId", "không có cán bộ này trong danh sách cán bộ của đợt rà soát");
        }
        if (!ReviewStore.reviewOfPosition(c, entry.positionId()).map(reviewId::equals).orElse(false)) {
            throw Refusals.badField("positionId", "không có chức danh này trong đợt rà soát");
        }
        String who = cadresById(c, reviewId).get(entry.cadreId()).fullName();
        String what = positionsById(c, reviewId).get(entry.positionId()).name();
        if (ReviewStore.hasEntry(c, list, entry)) {
            throw Refusals.duplicate("Cán bộ " + who + " đã có trong " + listName(list) + " chức danh " + what);
        }
        PlanningList other = list == PlanningList.PLANNED ? PlanningList.SUPPLEMENTARY : PlanningList.PLANNED;
        if (ReviewStore.hasEntry(c, other, entry)) {
            throw Refusals.duplicate("Cán bộ " + who + " đã có trong " + listName(other) + " chức danh " + what
                    + ": không thể thêm vào " + listName(list));
        }
    }

    // ---- corrections: edit and delete while not frozen -------------------------------------

    /**
     * {@code PUT /api/v1/reviews/{rid}/positions/{pid} {name, maxPlanned?}}: refused (409
     * REVIEW_FROZEN) once a step-1 round has opened, like adding one.
     */
    public Future<Reply> updatePosition(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        String positionId = ctx.pathParam("pid");
        JsonInput in = JsonInput.body(ctx);
        String name = in.text("name");
        Optional<Integer> maxPlanned = in.optionalInteger("maxPlanned", 1, MAX_PLANNED_LIMIT);
        return db.write(c -> {
            Position position = position(c, reviewId, positionId);
            refuseIfFrozen(c, reviewId, 1, "danh sách chức danh và số lượng quy hoạch tối đa");
            refuseTakenPositionName(c, reviewId, name, positionId);
            int max = maxPlanned.orElse(position.maxPlanned());
            long planned = ReviewStore.entries(c, PlanningList.PLANNED, reviewId).stream()
                    .filter(e -> e.positionId().equals(positionId)).count();
            if (planned > max) {
                throw Refusals.badField("maxPlanned", "chức danh " + position.name() + " đang có " + planned
                        + " cán bộ trong quy hoạch, không thể giảm số tối đa xuống " + max);
            }
            ReviewStore.updatePosition(c, positionId, name, max);
            return Reply.ok(positionJson(new Position(positionId, name, max)));
        });
    }

    /**
     * {@code DELETE /api/v1/reviews/{rid}/positions/{pid}}: refused once frozen, and (409
     * IN_USE) while a planned or supplementary line or a round's ballot names the position:
     * nothing is deleted in cascade, the secretariat removes those lines first.
     */
    public Future<Reply> deletePosition(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        String positionId = ctx.pathParam("pid");
        return db.write(c -> {
            Position position = position(c, reviewId, positionId);
            refuseIfFrozen(c, reviewId, 1, "danh sách chức danh và số lượng quy hoạch tối đa");
            long seq = vn.phieukin.store.Ids.POSITION.parse(positionId).orElseThrow();
            Map<String, Cadre> cadres = cadresById(c, reviewId);
            for (PlanningList list : PlanningList.values()) {
                List<ReviewStore.Line> lines = ReviewStore.linesNaming(c, list, "position", seq);
                if (!lines.isEmpty()) {
                    throw inUse("Chức danh " + position.name() + " đang có " + lines.size() + " dòng trong "
                            + listName(list) + " (" + names(lines, cadres) + "): hãy xóa các dòng đó trước");
                }
            }
            refuseIfOnBallot(c, reviewId, positionId, "Chức danh " + position.name());
            ReviewStore.deletePosition(c, positionId);
            return Reply.ok();
        });
    }

    /**
     * {@code PUT /api/v1/reviews/{rid}/cadres/{cid}} (the fields of a new cadre): refused once a
     * step-2 round has opened (the registry is frozen), and once an opened round's ballot names
     * the cadre (a ballot voted on keeps meaning what it meant).
     */
    public Future<Reply> updateCadre(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        String cadreId = ctx.pathParam("cid");
        JsonInput in = JsonInput.body(ctx);
        NewCadre cadre = newCadre(in);
        return db.write(c -> {
            ReviewStore.Review review = review(c, reviewId);
            Cadre existing = cadre(c, reviewId, cadreId);
            refuseIfFrozen(c, reviewId, 2, "danh sách cán bộ");
            for (String[] round : ReviewStore.roundsNaming(c, reviewId, cadreId)) {
                if (!"DRAFT".equals(round[1])) {
                    throw new RefusedException("REVIEW_FROZEN", "Cán bộ " + existing.fullName()
                            + " đã có trên phiếu của một phiên bỏ phiếu bước " + round[2]
                            + " đã mở: không sửa được thông tin của cán bộ này nữa.");
                }
            }
            checkCadre(c, review, cadre, cadreId);
            ReviewStore.updateCadre(c, cadreId, cadre.fullName(), cadre.birthDate(), cadre.gender(), cadre.ethnicity(),
                    cadre.title(), cadre.unit(), cadre.stem(), cadre.subordinatePost());
            return Reply.ok(cadreJson(new Cadre(cadreId, cadre.fullName(), cadre.birthDate(), cadre.gender(),
                    cadre.ethnicity(), cadre.title(), cadre.unit(), cadre.stem(), cadre.subordinatePost())));
        });
    }

    /**
     * {@code DELETE /api/v1/reviews/{rid}/cadres/{cid}}: refused once the registry is frozen,
     * and (409 IN_USE) while a planned or supplementary line or any round's ballot (a draft
     * too) names the cadre. No cascade: the message names the lines to remove first.
     */
    public Future<Reply> deleteCadre(RoutingContext ctx) {
        String reviewId = ctx.pathParam("rid");
        String cadreId = ctx.pathParam("cid");
        return db.write(c -> {
            Cadre cadre = cadre(c, reviewId, cadreId);
            refuseIfFrozen(c, reviewId, 2, "danh sách cán bộ");
            long seq = vn.phieukin.store.Ids.CADRE.parse(cadreId).orElseThrow();
            Map<String, Position> positions = positionsById(c, reviewId);
            for (PlanningList list : PlanningList.values()) {
                List<ReviewStore.Line> lines = ReviewStore.linesNaming(c, list, "cadre", seq);
                if (!lines.isEmpty()) {
                    String where = lines.stream().map(l -> positions.get(l.entry().positionId()).name())
                            .collect(Collectors.joining(", "));
                    throw inUse("Cán bộ " + cadre.fullName() + " đang có trong " + listName(list) + " chức danh "
                            + where + ": hãy xóa dòng đó trước khi xóa cán bộ khỏi danh sách");
                }
            }
            refuseIfOnBallot(c, reviewId, cadreId, "Cán bộ " + cadre.fullName());
            ReviewStore.deleteCadre(c, cadreId);
            return Reply.ok();
        });
    }

    /** {@code GET /api/v1/reviews/{rid}/planned}: the planned lines with their ids. */
    public Future<Reply> listPlanned(RoutingContext ctx) {
        return listLines(ctx, PlanningList.PLANNED);
    }

    /** {@code GET /api/v1/reviews/{rid}/supplementary}: the supplementary lines with their ids. */
    public Future<Reply> listSupplementary(RoutingContext ctx) {
        return listLines(ctx, PlanningList.SUPPLEMENTARY);
    }

    private Future<Reply> listLines(RoutingContext ctx, PlanningList list) {
        String reviewId = ctx.pathParam("rid");
        return db.read(c -> {
            review(c, reviewId);
            JsonArray out = new JsonArray();
            ReviewStore.lines(c, list, reviewId).forEach(l -> out.add(new JsonObject().put("id", l.id())
                    .put("cadreId", l.entry().cadreId()).put("positionId", l.entry().positionId())));
            return Reply.ok(out);
        });
    }

    /** {@code PUT /api/v1/reviews/{rid}/planned/{lid} {cadreId, positionId}}: frozen with step 1. */
    public Future<Reply> updatePlanned(RoutingContext ctx) {
        return updateLine(ctx, PlanningList.PLANNED);
    }

    /** {@code PUT /api/v1/reviews/{rid}/supplementary/{lid} {cadreId, positionId}}: frozen with step 2. */
    public Future<Reply> updateSupplementary(RoutingContext ctx) {
        return updateLine(ctx, PlanningList.SUPPLEMENTARY);
    }

    /** {@code DELETE /api/v1/reviews/{rid}/planned/{lid}}: frozen with step 1. */
    public Future<Reply> deletePlanned(RoutingContext ctx) {
        return deleteLine(ctx, PlanningList.PLANNED);
    }

    /** {@code DELETE /api/v1/reviews/{rid}/supplementary/{lid}}: frozen with step 2. */
    public Future<Reply> deleteSupplementary(RoutingContext ctx) {
        return deleteLine(ctx, PlanningList.SUPPLEMENTARY);
    }

    private Future<Reply> updateLine(RoutingContext ctx, PlanningList list) {
        String reviewId = ctx.pathParam("rid");
        String lineId = ctx.pathParam("lid");
        JsonInput in = JsonInput.body(ctx);
        PlanningEntry entry = new PlanningEntry(in.text("cadreId"), in.text("positionId"));
        return db.write(c -> {
            ReviewStore.Line line = line(c, list, reviewId, lineId);
            refuseIfListFrozen(c, reviewId, list);
            if (line.entry().equals(entry)) {
                return Reply.ok();
            }
            checkEntry(c, reviewId, list, entry);
            ReviewStore.updateLine(c, list, lineId, entry);
            return Reply.ok();
        });
    }

    private Future<Reply> deleteLine(RoutingContext ctx, PlanningList list) {
        String reviewId = ctx.pathParam("rid");
        String lineId = ctx.pathParam("lid");
        return db.write(c -> {
            line(c, list, reviewId, lineId);
            refuseIfListFrozen(c, reviewId, list);
            ReviewStore.deleteLine(c, list, lineId);
            return Reply.ok();
        });
    }

    private static ReviewStore.Line line(Connection c, PlanningList list, String reviewId, String lineId)
            throws SQLException {
        review(c, reviewId);
        return ReviewStore.line(c, list, reviewId, lineId).orElseThrow(() -> new RefusedException("NOT_FOUND",
                "Không tìm thấy dòng này trong " + listName(list) + " của đợt rà soát (có thể đã bị xóa)"));
    }

    private static void refuseIfListFrozen(Connection c, String reviewId, PlanningList list) throws SQLException {
        if (list == PlanningList.PLANNED) {
            refuseIfFrozen(c, reviewId, 1, "các dòng quy hoạch hiện có");
        } else {
            refuseIfFrozen(c, reviewId, 2, "danh sách bổ sung");
        }
    }

    private static void refuseIfOnBallot(Connection c, String reviewId, String id, String who) throws SQLException {
        List<String[]> rounds = ReviewStore.roundsNaming(c, reviewId, id);
        if (!rounds.isEmpty()) {
            String[] first = rounds.get(0);
            throw inUse(who + " có trên phiếu của " + rounds.size() + " phiên bỏ phiếu (bước " + first[2]
                    + ("DRAFT".equals(first[1]) ? ", phiên chưa mở" : "") + "): không xóa được");
        }
    }

    private static RefusedException inUse(String message) {
        return new RefusedException("IN_USE", message);
    }

    static String listName(PlanningList list) {
        return list == PlanningList.PLANNED ? "quy hoạch" : "danh sách bổ sung";
    }

    private static String names(List<ReviewStore.Line> lines, Map<String, Cadre> cadres) {
        return lines.stream().map(l -> cadres.get(l.entry().cadreId()).fullName()).collect(Collectors.joining(", "));
    }

    private static Map<String, Cadre> cadresById(Connection c, String reviewId) throws SQLException {
        return ReviewStore.cadres(c, reviewId).stream().collect(Collectors.toMap(Cadre::id, Function.identity()));
    }

    private static Map<String, Position> positionsById(Connection c, String reviewId) throws SQLException {
        return ReviewStore.positions(c, reviewId).stream().collect(Collectors.toMap(Position::id, Function.identity()));
    }

    static Position position(Connection c, String reviewId, String positionId) throws SQLException {
        review(c, reviewId);
        return ReviewStore.positions(c, reviewId).stream().filter(p -> p.id().equals(positionId)).findFirst()
                .orElseThrow(() -> new RefusedException("NOT_FOUND",
                        "Không tìm thấy chức danh này trong đợt rà soát (có thể đã bị xóa)"));
    }

    static Cadre cadre(Connection c, String reviewId, String cadreId) throws SQLException {
        review(c, reviewId);
        return ReviewStore.cadres(c, reviewId).stream().filter(x -> x.id().equals(cadreId)).findFirst()
                .orElseThrow(() -> new RefusedException("NOT_FOUND",
                        "Không tìm thấy cán bộ này trong danh sách của đợt rà soát (có thể đã bị xóa)"));
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
            throw new RefusedException("REVIEW_FROZEN", "Đợt rà soát đã mở phiên bỏ phiếu bước " + step + ": " + what
                    + " đã được chốt, không thêm, sửa hay xóa được nữa.");
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

    /** The Vietnamese names of the registry's columns, as the import's messages name them. */
    private static final Map<String, String> LABELS = Map.of("fullName", "họ và tên", "ethnicity", "dân tộc", "title", "chức vụ",
            "unit", "đơn vị", "stem", "Khoa học – công nghệ", "subordinatePost", "Chức vụ liền kề");

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
                    reasons.add("giới tính phải là Nam hoặc Nữ, nhận được \"" + genderText + "\"");
                }
            }
            String ethnicity = required(r, "ethnicity", "dân tộc", reasons);
            String title = required(r, "title", "chức vụ", reasons);
            String unit = required(r, "unit", "đơn vị", reasons);
            boolean stem = flag(r, "stem", reasons);
            boolean subordinatePost = flag(r, "subordinatePost", reasons);
            for (String field : List.of("fullName", "ethnicity", "title", "unit")) {
                if (r.value(field).map(v -> v.length() > JsonInput.MAX_TEXT).orElse(false)) {
                    reasons.add(LABELS.get(field) + " dài quá " + JsonInput.MAX_TEXT + " ký tự");
                }
            }
            return reasons.isEmpty()
                    ? new NewCadre(fullName, birthDate, gender, ethnicity, title, unit, stem, subordinatePost)
                    : null;
        }

        private static String required(Csv.Record r, String field, String label, List<String> reasons) {
            Optional<String> value = r.value(field);
            if (value.isEmpty()) {
                reasons.add("thiếu " + label + " (" + field + ")");
            }
            return value.orElse(null);
        }

        private static boolean flag(Csv.Record r, String field, List<String> reasons) {
            String raw = r.values().get(field);
            Optional<Boolean> value = Csv.bool(raw);
            if (value.isEmpty()) {
                reasons.add("cột " + LABELS.get(field) + " phải là Có hoặc Không (để trống là Không), nhận được \"" + raw + "\"");
                return false;
            }
            return value.get();
        }
    }
}
