package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.StaffStore;

/** Login and staff accounts. bcrypt runs on worker threads, never on the event loop. */
public final class StaffApi {
    /** How long a staff login lasts: a conference day. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    public static final int MIN_PASSWORD_LENGTH = 8;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,39}");
    private static final Set<String> ROLES = new LinkedHashSet<>(Arrays.stream(Role.values()).map(Role::name).toList());

    private final Vertx vertx;
    private final Database db;
    private final Secrets secrets;
    private final Clock clock;

    public StaffApi(Vertx vertx, Database db, Secrets secrets, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** {@code POST /api/v1/login {username, password}}. */
    public Future<Reply> login(RoutingContext ctx) {
        JsonInput in = JsonInput.body(ctx);
        String username = in.text("username").toLowerCase(java.util.Locale.ROOT);
        String password = rawPassword(in, "password");
        return db.read(c -> StaffStore.credentials(c, username))
                .compose(found -> vertx.executeBlocking(() -> Secrets.passwordMatches(
                        found.map(StaffStore.Credentials::passwordHash).orElse(null), password), false)
                        .map(ok -> ok ? found : Optional.<StaffStore.Credentials>empty()))
                .compose(found -> {
                    if (found.isEmpty()) {
                        return Future.failedFuture(new RefusedException("BAD_CREDENTIALS",
                                "Sai tên đăng nhập hoặc mật khẩu"));
                    }
                    StaffStore.User user = found.get().user();
                    String token = secrets.newToken();
                    long now = clock.millis();
                    return db.write(c -> {
                        StaffStore.insertSession(c, Secrets.sha256(token), user.id(), now + SESSION_LIFETIME.toMillis(), now);
                        return Reply.ok(new JsonObject().put("token", token).put("role", user.role())
                                .put("displayName", user.displayName()).put("userId", user.id())
                                .put("expiresAt", clock.instant().plus(SESSION_LIFETIME).toString()));
                    });
                });
    }

    /** {@code POST /api/v1/users {username, password, role, displayName}} (ADMIN). */
    public Future<Reply> createUser(RoutingContext ctx) {
        JsonInput in = JsonInput.body(ctx);
        String username = in.text("username");
        if (!USERNAME.matcher(username).matches()) {
            throw Refusals.badField("username", "chỉ gồm chữ thường không dấu, chữ số và . _ -, dài 2 đến 40 ký tự "
                    + "(nhận được \"" + username + "\")");
        }
        String password = newPassword(in, "password");
        String role = in.choice("role", ROLES);
        String displayName = in.text("displayName");
        return vertx.executeBlocking(() -> secrets.hashPassword(password), false)
                .compose(hash -> db.write(c -> {
                    if (StaffStore.usernameTaken(c, username)) {
                        throw Refusals.duplicate("Tên đăng nhập \"" + username + "\" đã có người dùng");
                    }
                    return Reply.createdId(StaffStore.insertUser(c, username, hash, role, displayName));
                }));
    }

    /** {@code GET /api/v1/users} (ADMIN): the accounts, without any password data. */
    public Future<Reply> listUsers(RoutingContext ctx) {
        return db.read(StaffStore::users).map(users -> {
            JsonArray out = new JsonArray();
            users.forEach(u -> out.add(new JsonObject().put("id", u.id()).put("username", u.username())
                    .put("role", u.role()).put("displayName", u.displayName())));
            return Reply.ok(out);
        });
    }

    /** A password as typed: not trimmed, since spaces may be part of it. */
    private static String rawPassword(JsonInput in, String field) {
        Object value = in.json().getValue(field);
        if (value == null) {
            throw Refusals.badField(field, "bắt buộc nhưng không có");
        }
        if (!(value instanceof String text) || text.isEmpty()) {
            throw Refusals.badField(field, "phải là một chuỗi ký tự không rỗng");
        }
        return text;
    }

    /** A password for a new account: 8 characters at least, 72 bytes at most (bcrypt's limit). */
    public static String newPassword(JsonInput in, String field) {
        String password = rawPassword(in, field);
        checkNewPassword(field, password);
        return password;
    }

    static void checkNewPassword(String field, String password) {
        if (password.codePointCount(0, password.length()) < MIN_PASSWORD_LENGTH) {
            throw Refusals.badField(field, "mật khẩu cần ít nhất " + MIN_PASSWORD_LENGTH + " ký tự");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > Secrets.MAX_PASSWORD_BYTES) {
            throw Refusals.badField(field, "mật khẩu dài quá " + Secrets.MAX_PASSWORD_BYTES + " byte");
        }
    }
}
