package vn.phieukin.server;

import vn.phieukin.store.RefusedException;

/** The refusals every handler uses, with their Vietnamese messages in one style. */
public final class Refusals {
    private Refusals() {
    }

    public static RefusedException badRequest(String message) {
        return new RefusedException("BAD_REQUEST", message);
    }

    /** A field missing or malformed: the message names the field. */
    public static RefusedException badField(String field, String problem) {
        return new RefusedException("BAD_REQUEST", "Trường \"" + field + "\": " + problem);
    }

    public static RefusedException notFound(String what, String id) {
        return new RefusedException("NOT_FOUND", "Không tìm thấy " + what + " có mã \"" + id + "\"");
    }

    public static RefusedException unauthenticated() {
        return new RefusedException("UNAUTHENTICATED",
                "Chưa đăng nhập hoặc phiên làm việc đã hết hạn: hãy đăng nhập lại");
    }

    public static RefusedException forbidden(String role, String allowed) {
        return new RefusedException("FORBIDDEN",
                "Vai trò " + role + " không được làm việc này (chỉ " + allowed + ")");
    }

    public static RefusedException duplicate(String message) {
        return new RefusedException("DUPLICATE", message);
    }
}
