package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import vn.phieukin.store.Database;
import vn.phieukin.store.RefusedException;
import vn.phieukin.store.StaffStore;

/**
 * Login, logout and staff accounts.
 *
 * <p>bcrypt runs on its own pool of {@value #BCRYPT_THREADS} thread, never on the event loop nor
 * on the shared worker pool that checks ballots, and at most {@value #BCRYPT_QUEUE} logins wait
 * for it (more get 429 at once): a login flood takes at most one core and never delays the
 * ballot box's checks. Wrong passwords are limited per account and per client address, each
 * attempt counted before bcrypt runs ({@link PairingGuard}); a right one is not counted.
 */
public final class StaffApi {
    /** How long a staff login lasts: a conference day. */
    public static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    public static final int MIN_PASSWORD_LENGTH = 8;
    /** Wrong passwords per account, and per client address, in {@link #LOGIN_WINDOW}. */
    public static final int LOGIN_FAILURES_PER_ACCOUNT = 10;
    public static final int LOGIN_FAILURES_PER_ADDRESS = 30;
    public static final Duration LOGIN_WINDOW = Duration.ofMinutes(5);
    static final int BCRYPT_THREADS = 1;
    static final int BCRYPT_QUEUE = 16;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,39}");
    private static final Set<String> ROLES = new LinkedHashSet<>(Arrays.stream(Role.values()).map(Role::name).toList());

    private final Vertx vertx;
    private final Database db;
    private final Secrets secrets;
    private final Clock clock;
    private final WorkerExecutor bcrypt;
    private final AtomicInteger waiting = new AtomicInteger();
    private final PairingGuard perAccount;
    private final PairingGuard perAddress;

    public StaffApi(Vertx vertx, Database db, Secrets secrets, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.secrets = secrets;
        this.clock = clock;
        this.bcrypt = vertx.createSharedWorkerExecutor("phieukin-bcrypt", BCRYPT_THREADS);
        this.perAccount = new PairingGuard(clock, LOGIN_FAILURES_PER_ACCOUNT, LOGIN_WINDOW, 0, LOGIN_WINDOW);
        this.perAddress = new PairingGuard(clock, LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW, 0, LOGIN_WINDOW);
    }

    /** Runs a bcrypt task on the login pool, or refuses at once when too many already wait. */
    private <T> Future<T> onBcryptPool(java.util.concurrent.Callable<T> task) {
        if (waiting.incrementAndGet() > BCRYPT_QUEUE) {
            waiting.decrementAndGet();
            return Future.failedFuture(new RefusedException("TOO_MANY_ATTEMPTS",
                    "Máy chủ đang nhận quá nhiều yêu cầu đăng nhập cùng lúc: hãy thử lại sau 2 giây.",
                    new JsonObject().put("retryAfterSeconds", 2)));
        }
        return bcrypt.executeBlocking(task, false).onComplete(done -> waiting.decrementAndGet());
    }

    /** {@code POST /api/v1/login {username, password}}; {@code 429 TOO_MANY_ATTEMPTS} with the wait. */
    public Future<Reply> login(RoutingContext ctx) {
        JsonInput in = JsonInput.body(ctx);
        String username = in.text("username").toLowerCase(java.util.Locale.ROOT);
        String password = rawPassword(in, "password");
        String address = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        PairingGuard.Decision fromAddress = perAddress.acquire(address);
        if (!fromAddress.allowed()) {
            throw tooMany("từ địa chỉ " + address, fromAddress.waitSeconds());
        }
        PairingGuard.Decision forAccount = perAccount.acquire(username);
        if (!forAccount.allowed()) {
            fromAddress.ticket().succeeded(); // not evaluated
            throw tooMany("cho tài khoản \"" + username + "\"", forAccount.waitSeconds());
        }
        return db.read(c -> StaffStore.credentials(c, username))
                .compose(found -> onBcryptPool(() -> Secrets.passwordMatches(
                        found.map(StaffStore.Credentials::passwordHash).orElse(null), password))
                        .map(ok -> ok ? found : Optional.<StaffStore.Credentials>empty()))
                .onFailure(busy -> {
                    if (busy instanceof RefusedException r && r.code().equals("TOO_MANY_ATTEMPTS")) {
                        fromAddress.ticket().succeeded(); // never evaluated
                        forAccount.ticket().succeeded();
                    }
                })
                .compose(found -> {
                    if (found.isEmpty()) {
                        return Future.failedFuture(new RefusedException("BAD_CREDENTIALS",
                                "Sai tên đăng nhập hoặc mật khẩu"));
                    }
                    fromAddress.ticket().succeeded();
                    forAccount.ticket().succeeded();
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

    private static RefusedException tooMany(String who, long wait) {
        return new RefusedException("TOO_MANY_ATTEMPTS", "Đăng nhập sai quá nhiều lần " + who
                + ": hãy thử lại sau " + wait + " giây.", new JsonObject().put("retryAfterSeconds", wait));
    }

    /**
     * {@code POST /api/v1/logout} (staff or tablet): the bearer token stops working at once
     * (a staff session is deleted, a tablet unpaired).
     */
    public Future<Reply> logout(RoutingContext ctx) {
        byte[] hash = Secrets.sha256(Auth.bearer(ctx).orElseThrow(Refusals::unauthenticated));
        return db.write(c -> {
            boolean revoked = StaffStore.deleteSession(c, hash) | vn.phieukin.store.ConferenceStore.deleteTabletByToken(c, hash);
            return Reply.ok(new JsonObject().put("revoked", revoked));
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
        return onBcryptPool(() -> secrets.hashPassword(password))
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
