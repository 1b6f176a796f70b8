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
    AUDITOR
}
