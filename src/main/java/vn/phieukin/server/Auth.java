package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import vn.phieukin.store.ConferenceStore;
import vn.phieukin.store.Database;
import vn.phieukin.store.StaffStore;

/**
 * Route guards: find who sent the request from {@code Authorization: Bearer <token>} (a staff
 * session or a paired tablet, looked up by the token's SHA-256) and check the role. No or an
 * unknown token: 401 UNAUTHENTICATED; a staff member of another role or a tablet where staff is
 * needed: 403 FORBIDDEN.
 */
public final class Auth {
    private static final String PRINCIPAL = "phieukin.principal";
    private final Database db;
    private final Clock clock;

    public Auth(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Staff of one of {@code roles}. */
    public Handler<RoutingContext> staff(Role... roles) {
        return guard(EnumSet.copyOf(Arrays.asList(roles)), false);
    }

    /** Any logged-in staff member. */
    public Handler<RoutingContext> anyStaff() {
        return guard(EnumSet.allOf(Role.class), false);
    }

    /** A paired tablet. */
    public Handler<RoutingContext> tablet() {
        return guard(EnumSet.noneOf(Role.class), true);
    }

    /** Any logged-in staff member or a paired tablet. */
    public Handler<RoutingContext> anyStaffOrTablet() {
        return guard(EnumSet.allOf(Role.class), true);
    }

    /** The principal a guard found; only call it behind a guard. */
    public static Principal principal(RoutingContext ctx) {
        Principal principal = ctx.get(PRINCIPAL);
        if (principal == null) {
            throw new IllegalStateException("route has no auth guard");
        }
        return principal;
    }

    /** The principal a guard found, if a guard ran and found one (for headers set on every answer). */
    public static Optional<Principal> found(RoutingContext ctx) {
        return Optional.ofNullable(ctx.get(PRINCIPAL));
    }

    /** The staff member a staff guard found. */
    public static Principal.Staff staffMember(RoutingContext ctx) {
        return (Principal.Staff) principal(ctx);
    }

    /** The principal, if the request carries a valid token; for endpoints open to everyone. */
    public Future<Optional<Principal>> optional(RoutingContext ctx) {
        Optional<String> token = bearer(ctx);
        if (token.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return lookup(token.get());
    }

    private Handler<RoutingContext> guard(Set<Role> roles, boolean tablets) {
        String allowed = describe(roles, tablets);
        return ctx -> {
            Optional<String> token = bearer(ctx);
            if (token.isEmpty()) {
                ctx.fail(Refusals.unauthenticated());
                return;
            }
            lookup(token.get()).onComplete(found -> {
                if (found.failed()) {
                    ctx.fail(found.cause());
                    return;
                }
                Optional<Principal> principal = found.result();
                if (principal.isEmpty()) {
                    ctx.fail(Refusals.unauthenticated());
                } else if (principal.get() instanceof Principal.Staff staff && !roles.contains(staff.role())) {
                    ctx.fail(Refusals.forbidden(staff.role().label(), allowed));
                } else if (principal.get() instanceof Principal.Tablet && !tablets) {
                    ctx.fail(Refusals.forbidden("máy tính bảng", allowed));
                } else {
                    ctx.put(PRINCIPAL, principal.get());
                    ctx.next();
                }
            });
        };
    }

    private Future<Optional<Principal>> lookup(String token) {
        byte[] hash = Secrets.sha256(token);
        long now = clock.millis();
        return db.read(c -> {
            Optional<StaffStore.User> user = StaffStore.sessionUser(c, hash, now);
            if (user.isPresent()) {
                StaffStore.User u = user.get();
                return Optional.<Principal>of(new Principal.Staff(u.id(), u.username(), Role.valueOf(u.role()),
                        u.displayName()));
            }
            return ConferenceStore.tabletDelegate(c, hash, now)
                    .map(d -> (Principal) new Principal.Tablet(d.id(), d.conferenceId()));
        });
    }

    /** The bearer token of the request, if it has one of an acceptable form. */
    static Optional<String> bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).strip();
        return token.isEmpty() || token.length() > 200 ? Optional.empty() : Optional.of(token);
    }

    private static String describe(Set<Role> roles, boolean tablets) {
        String staff = roles.stream().sorted().map(Role::label).collect(Collectors.joining(", "));
        if (tablets) {
            return staff.isEmpty() ? "máy tính bảng đã ghép nối" : staff + " hoặc máy tính bảng đã ghép nối";
        }
        return staff;
    }
}
