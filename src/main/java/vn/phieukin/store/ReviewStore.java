package vn.phieukin.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.Gender;
import vn.phieukin.procedure.PlanningEntry;
import vn.phieukin.procedure.Position;

/** Reviews, their positions, cadre registry, the planning before the review and the supplementary list. */
public final class ReviewStore {

    public record Review(String id, String name, LocalDate referenceDate) {
    }

    /** The two lists of (cadre, position) pairs kept per review. */
    public enum PlanningList {
        /** Planned before the review: the step-1 lines. */
        PLANNED("planned", Ids.PLANNED),
        /** Approved at step 1, printed on the step-2 ballot. */
        SUPPLEMENTARY("supplementary", Ids.SUPPLEMENTARY);

        private final String table;
        private final Ids ids;

        PlanningList(String table, Ids ids) {
            this.table = table;
            this.ids = ids;
        }
    }

    private static final String CADRE_COLUMNS =
            "seq, full_name, birth_date, gender, ethnicity, title, unit, stem, subordinate_post";

    private ReviewStore() {
    }

    public static String insertReview(Connection c, String name, LocalDate referenceDate) throws SQLException {
        return Ids.REVIEW.format(Sql.insert(c, "INSERT INTO reviews(name, reference_date) VALUES (?, ?)",
                name, referenceDate.toString()));
    }

    public static Optional<Review> review(Connection c, String id) throws SQLException {
        var seq = Ids.REVIEW.parse(id);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT seq, name, reference_date FROM reviews WHERE seq = ?",
                row -> new Review(Ids.REVIEW.format(row.getLong(1)), row.getString(2), LocalDate.parse(row.getString(3))),
                seq.getAsLong());
    }

    public static List<Review> reviews(Connection c) throws SQLException {
        return Sql.list(c, "SELECT seq, name, reference_date FROM reviews ORDER BY seq",
                row -> new Review(Ids.REVIEW.format(row.getLong(1)), row.getString(2), LocalDate.parse(row.getString(3))));
    }

    public static String insertPosition(Connection c, String reviewId, String name, int maxPlanned) throws SQLException {
        return Ids.POSITION.format(Sql.insert(c, "INSERT INTO positions(review_seq, name, max_planned) VALUES (?, ?, ?)",
                reviewSeq(reviewId), name, maxPlanned));
    }

    public static List<Position> positions(Connection c, String reviewId) throws SQLException {
        return Sql.list(c, "SELECT seq, name, max_planned FROM positions WHERE review_seq = ? ORDER BY seq",
                row -> new Position(Ids.POSITION.format(row.getLong(1)), row.getString(2), row.getInt(3)),
                reviewSeq(reviewId));
    }

    /** The review a position belongs to, if the position exists. */
    public static Optional<String> reviewOfPosition(Connection c, String positionId) throws SQLException {
        var seq = Ids.POSITION.parse(positionId);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT review_seq FROM positions WHERE seq = ?", row -> Ids.REVIEW.format(row.getLong(1)),
                seq.getAsLong());
    }

    public static String insertCadre(Connection c, String reviewId, String fullName, LocalDate birthDate, Gender gender,
                                     String ethnicity, String title, String unit, boolean stem, boolean subordinatePost)
            throws SQLException {
        return Ids.CADRE.format(Sql.insert(c, "INSERT INTO cadres(review_seq, full_name, birth_date, gender, ethnicity, "
                        + "title, unit, stem, subordinate_post) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                reviewSeq(reviewId), fullName, birthDate.toString(), gender.name(), ethnicity, title, unit, stem,
                subordinatePost));
    }

    public static List<Cadre> cadres(Connection c, String reviewId) throws SQLException {
        return Sql.list(c, "SELECT " + CADRE_COLUMNS + " FROM cadres WHERE review_seq = ? ORDER BY seq",
                ReviewStore::cadre, reviewSeq(reviewId));
    }

    /** The review a cadre belongs to, if the cadre exists. */
    public static Optional<String> reviewOfCadre(Connection c, String cadreId) throws SQLException {
        var seq = Ids.CADRE.parse(cadreId);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        return Sql.one(c, "SELECT review_seq FROM cadres WHERE seq = ?", row -> Ids.REVIEW.format(row.getLong(1)),
                seq.getAsLong());
    }

    private static Cadre cadre(ResultSet row) throws SQLException {
        return new Cadre(Ids.CADRE.format(row.getLong(1)), row.getString(2), LocalDate.parse(row.getString(3)),
                Gender.valueOf(row.getString(4)), row.getString(5), row.getString(6), row.getString(7),
                row.getInt(8) == 1, row.getInt(9) == 1);
    }

    public static String insertEntry(Connection c, PlanningList list, String reviewId, PlanningEntry entry)
            throws SQLException {
        return list.ids.format(Sql.insert(c, "INSERT INTO " + list.table
                        + "(review_seq, cadre_seq, position_seq) VALUES (?, ?, ?)", reviewSeq(reviewId),
                Ids.CADRE.parse(entry.cadreId()).orElseThrow(), Ids.POSITION.parse(entry.positionId()).orElseThrow()));
    }

    public static boolean hasEntry(Connection c, PlanningList list, PlanningEntry entry) throws SQLException {
        return Sql.number(c, "SELECT COUNT(*) FROM " + list.table + " WHERE cadre_seq = ? AND position_seq = ?",
                Ids.CADRE.parse(entry.cadreId()).orElseThrow(), Ids.POSITION.parse(entry.positionId()).orElseThrow()) > 0;
    }

    /** The entries of a list in the order they were added. */
    public static List<PlanningEntry> entries(Connection c, PlanningList list, String reviewId) throws SQLException {
        return Sql.list(c, "SELECT cadre_seq, position_seq FROM " + list.table + " WHERE review_seq = ? ORDER BY seq",
                row -> new PlanningEntry(Ids.CADRE.format(row.getLong(1)), Ids.POSITION.format(row.getLong(2))),
                reviewSeq(reviewId));
    }

    /** A line of a list with its own id (for correcting or deleting it). */
    public record Line(String id, PlanningEntry entry) {
    }

    /** The lines of a list with their ids, in the order they were added. */
    public static List<Line> lines(Connection c, PlanningList list, String reviewId) throws SQLException {
        return Sql.list(c, "SELECT seq, cadre_seq, position_seq FROM " + list.table + " WHERE review_seq = ? ORDER BY seq",
                row -> new Line(list.ids.format(row.getLong(1)),
                        new PlanningEntry(Ids.CADRE.format(row.getLong(2)), Ids.POSITION.format(row.getLong(3)))),
                reviewSeq(reviewId));
    }

    /** A line of a list in this review, if it exists. */
    public static Optional<Line> line(Connection c, PlanningList list, String reviewId, String lineId) throws SQLException {
        var seq = list.ids.parse(lineId);
        if (seq.isEmpty()) {
            return Optional.empty();
        }
        return lines(c, list, reviewId).stream().filter(l -> l.id().equals(lineId)).findFirst();
    }

    public static void updateLine(Connection c, PlanningList list, String lineId, PlanningEntry entry) throws SQLException {
        Sql.update(c, "UPDATE " + list.table + " SET cadre_seq = ?, position_seq = ? WHERE seq = ?",
                Ids.CADRE.parse(entry.cadreId()).orElseThrow(), Ids.POSITION.parse(entry.positionId()).orElseThrow(),
                list.ids.parse(lineId).orElseThrow());
    }

    public static void deleteLine(Connection c, PlanningList list, String lineId) throws SQLException {
        Sql.update(c, "DELETE FROM " + list.table + " WHERE seq = ?", list.ids.parse(lineId).orElseThrow());
    }

    public static void updatePosition(Connection c, String positionId, String name, int maxPlanned) throws SQLException {
        Sql.update(c, "UPDATE positions SET name = ?, max_planned = ? WHERE seq = ?", name, maxPlanned,
                Ids.POSITION.parse(positionId).orElseThrow());
    }

    public static void deletePosition(Connection c, String positionId) throws SQLException {
        Sql.update(c, "DELETE FROM positions WHERE seq = ?", Ids.POSITION.parse(positionId).orElseThrow());
    }

    public static void updateCadre(Connection c, String cadreId, String fullName, LocalDate birthDate, Gender gender,
                                   String ethnicity, String title, String unit, boolean stem, boolean subordinatePost)
            throws SQLException {
        Sql.update(c, "UPDATE cadres SET full_name = ?, birth_date = ?, gender = ?, ethnicity = ?, title = ?, unit = ?, "
                        + "stem = ?, subordinate_post = ? WHERE seq = ?", fullName, birthDate.toString(), gender.name(),
                ethnicity, title, unit, stem, subordinatePost, Ids.CADRE.parse(cadreId).orElseThrow());
    }

    public static void deleteCadre(Connection c, String cadreId) throws SQLException {
        Sql.update(c, "DELETE FROM cadres WHERE seq = ?", Ids.CADRE.parse(cadreId).orElseThrow());
    }

    /** The lines of either list that name this cadre (column "cadre") or position ("position"). */
    public static List<Line> linesNaming(Connection c, PlanningList list, String column, long seq) throws SQLException {
        if (!column.equals("cadre") && !column.equals("position")) {
            throw new IllegalArgumentException(column);
        }
        return Sql.list(c, "SELECT seq, cadre_seq, position_seq FROM " + list.table + " WHERE " + column + "_seq = ? ORDER BY seq",
                row -> new Line(list.ids.format(row.getLong(1)),
                        new PlanningEntry(Ids.CADRE.format(row.getLong(2)), Ids.POSITION.format(row.getLong(3)))), seq);
    }

    /**
     * The rounds of this review whose ballot names {@code id} (a cadre or position id, as the
     * quoted JSON string it is stored as), with their status; opened ones first.
     */
    public static List<String[]> roundsNaming(Connection c, String reviewId, String id) throws SQLException {
        return Sql.list(c, "SELECT r.seq, r.status, k.step FROM rounds r JOIN conferences k ON k.seq = r.conference_seq "
                        + "WHERE k.review_seq = ? AND instr(r.definition, ?) > 0 ORDER BY (r.status = 'DRAFT'), r.seq",
                row -> new String[] {Ids.ROUND.format(row.getLong(1)), row.getString(2), String.valueOf(row.getInt(3))},
                reviewSeq(reviewId), "\"" + id + "\"");
    }

    private static long reviewSeq(String reviewId) {
        return Ids.REVIEW.parse(reviewId).orElseThrow(() -> new IllegalArgumentException("not a review id: " + reviewId));
    }
}
