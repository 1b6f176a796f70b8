package vn.phieukin.record.verify;

/** The verifier checks of PROTOCOL.md, each with what it establishes in plain Vietnamese. */
public enum CheckId {
    V1("Định dạng biên bản và chữ ký niêm phong"),
    V2("Chữ ký của khóa phiên trên mọi thẻ bỏ phiếu"),
    V3("Chữ ký của mọi phiếu theo khóa thẻ, trên nội dung của đúng phiên này"),
    V4("Không thẻ nào dùng hai lần; mã biên nhận khớp với từng phiếu"),
    V5("Mọi phiếu hợp lệ theo mẫu phiếu của phiên"),
    V6("Số phiếu ≤ số thẻ đã phát; thẻ + phiếu giấy ≤ có mặt ≤ triệu tập; đủ túc số"),
    V7("Kết quả kiểm phiếu (tally) tính lại từ các phiếu khớp với biên bản"),
    V8("Kết quả (ngưỡng, cơ số, từ cao xuống thấp, bằng phiếu, quyết định của Bí thư) tính lại khớp với biên bản"),
    V9("Biên bản thay thế khớp với biên bản trước (supersedes)"),
    V10("Khóa của Ban kiểm phiếu: chứng minh Schnorr, khóa chung, khóa kiểm tra, mã khóa"),
    V11("Giải mã: tổng mã hóa khớp các phiếu, mọi phần giải mã có chứng minh đúng, đủ k thành viên, số phiếu đúng");

    private final String title;

    CheckId(String title) {
        this.title = title;
    }

    /** The checks of a {@code phieukin-record/1}: V1–V9 (a v2 record adds V10 and V11). */
    public static final java.util.List<CheckId> V1_RECORD = java.util.List.of(V1, V2, V3, V4, V5, V6, V7, V8, V9);

    public String title() {
        return title;
    }
}
