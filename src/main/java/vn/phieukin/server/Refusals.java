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

    /**
     * 404: {@code what} is not there. The id asked for is not quoted (messages never show
     * internal ids): the asker knows what they asked for, the reader of the message does not.
     */
    public static RefusedException notFound(String what, String id) {
        return new RefusedException("NOT_FOUND", "Không tìm thấy " + what + " (đường dẫn không đúng, hoặc đã bị xóa)");
    }

    public static RefusedException unauthenticated() {
        return new RefusedException("UNAUTHENTICATED",
                "Chưa đăng nhập hoặc phiên làm việc đã hết hạn: hãy đăng nhập lại");
    }

    public static RefusedException forbidden(String role, String allowed) {
        return new RefusedException("FORBIDDEN",
                "Tài khoản " + role + " không được làm việc này (chỉ " + allowed + ")");
    }

    public static RefusedException duplicate(String message) {
        return new RefusedException("DUPLICATE", message);
    }
}
