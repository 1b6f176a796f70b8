package vn.phieukin.server;

/** Staff roles (API.md, PROCEDURE.md glossary). */
public enum Role {
    /** Ban Tổ chức: sets up reviews, users, everything. */
    ADMIN,
    /** Ban Tổ chức staff running a conference: attendance, rounds, paper ballots. */
    SECRETARIAT,
    /** Bí thư: sees results, breaks step-4 ties. */
    CHAIR,
    /** Ủy ban Kiểm tra: reads results and sealed records. */
    AUDITOR;

    /** The role as messages name it ("Thư ký (Ban Tổ chức)"), never its code. */
    public String label() {
        return switch (this) {
            case ADMIN -> "Quản trị hệ thống (Ban Tổ chức)";
            case SECRETARIAT -> "Thư ký (Ban Tổ chức)";
            case CHAIR -> "Bí thư Tỉnh ủy";
            case AUDITOR -> "Ủy ban Kiểm tra";
        };
    }
}
