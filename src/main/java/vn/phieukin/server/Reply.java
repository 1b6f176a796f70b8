package vn.phieukin.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A successful answer: status and JSON body (object or array). */
public record Reply(int status, Object body) {
    public Reply {
        if (!(body instanceof JsonObject) && !(body instanceof JsonArray)) {
            throw new IllegalArgumentException("a reply body is a JSON object or array");
        }
    }

    public static Reply ok(Object body) {
        return new Reply(200, body);
    }

    /** 200 with {@code {}}, for calls whose answer is only the status. */
    public static Reply ok() {
        return new Reply(200, new JsonObject());
    }

    public static Reply created(Object body) {
        return new Reply(201, body);
    }

    /** {@code 201 {id}}. */
    public static Reply createdId(String id) {
        return new Reply(201, new JsonObject().put("id", id));
    }
}
