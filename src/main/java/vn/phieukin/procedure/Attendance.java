package vn.phieukin.procedure;

import java.util.Objects;

/**
 * Who counts at a conference: convened = roster − excluded; the quorum is met when
 * {@code present × q ≥ convened × p} (2/3 by default) and at least one member is convened.
 */
public record Attendance(long convened, long excluded, long present, long quorumRequired, boolean quorumMet) {

    public static Attendance of(long roster, long excluded, long present, Fraction quorum) {
        Objects.requireNonNull(quorum, "quorum");
        if (roster < 0 || excluded < 0 || excluded > roster || present < 0) {
            throw new IllegalArgumentException("bad counts: roster " + roster + ", excluded " + excluded + ", present " + present);
        }
        long convened = roster - excluded;
        if (present > convened) {
            throw new IllegalArgumentException("present " + present + " exceeds convened " + convened);
        }
        return new Attendance(convened, excluded, present, quorum.smallestReaching(convened),
                convened > 0 && quorum.isReachedBy(present, convened));
    }

    /** The refusal to open a round without quorum, with the numbers. */
    public Refusal quorumRefusal() {
        if (convened == 0) {
            return new Refusal("QUORUM_NOT_MET", "Chưa có người được triệu tập nào: không thể mở phiên bỏ phiếu.");
        }
        return new Refusal("QUORUM_NOT_MET", "Không đủ túc số: có mặt " + present + "/" + convened
                + " người được triệu tập, cần ít nhất " + quorumRequired + " người.");
    }
}
