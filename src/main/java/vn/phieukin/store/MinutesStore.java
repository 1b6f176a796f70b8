package vn.phieukin.store;

import java.sql.Connection;
import java.sql.SQLException;

/** The conference's place and counting committee as the secretariat enters them for the minutes. */
public final class MinutesStore {
    /** {@code countingCommittee} is a JSON array of full names, in signing order. */
    public record Details(String place, String countingCommitteeJson) {
    }

    private MinutesStore() {
    }

    public static Details details(Connection c, String conferenceId) throws SQLException {
        return Sql.one(c, "SELECT place, counting_committee FROM conference_minutes WHERE conference_seq = ?",
                row -> new Details(row.getString(1), row.getString(2)), seq(conferenceId)).orElse(new Details("", "[]"));
    }

    public static void setDetails(Connection c, String conferenceId, String place, String countingCommitteeJson)
            throws SQLException {
        Sql.update(c, "INSERT INTO conference_minutes(conference_seq, place, counting_committee) VALUES (?1, ?2, ?3) "
                + "ON CONFLICT(conference_seq) DO UPDATE SET place = ?2, counting_committee = ?3",
                seq(conferenceId), place, countingCommitteeJson);
    }

    private static long seq(String conferenceId) {
        return Ids.CONFERENCE.parse(conferenceId).orElseThrow(() -> new IllegalArgumentException(conferenceId));
    }
}
