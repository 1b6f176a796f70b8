package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.vertx.core.json.JsonObject;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.store.Database;
import vn.phieukin.store.StaffStore;

/**
 * The bootstrap: builds every part by hand (no DI) and starts them as one Future chain:
 * TLS material and seal key, database (migrations), the first admin, routes, HTTPS listener.
 */
public final class PhieukinServer {
    /** Largest request body accepted (API.md): larger ones get 413. */
    public static final long BODY_LIMIT = 1024 * 1024;

    private final Vertx vertx;
    private final ServerSettings settings;
    private final Database db;
    private final Keys keys;
    private final HttpServer http;

    /** The installation's keys from the keys folder: HTTPS material and the Ed25519 seal key. */
    public record Keys(TlsMaterial tls, SealKey seal) {
    }

    private PhieukinServer(Vertx vertx, ServerSettings settings, Database db, Keys keys, HttpServer http) {
        this.vertx = vertx;
        this.settings = settings;
        this.db = db;
        this.keys = keys;
        this.http = http;
    }

    /** Starts a server; {@code out} gets the start-up lines (URLs, CA path, a generated password). */
    public static Future<PhieukinServer> start(Vertx vertx, ServerSettings settings, PrintStream out) {
        Secrets secrets = new Secrets(settings.random());
        return vertx.executeBlocking(() -> new Keys(TlsMaterial.loadOrCreate(settings.keysDir(), settings.clock()),
                        SealKey.loadOrCreate(settings.keysDir())))
                .compose(keys -> Database.open(vertx, settings.dataDir())
                        .compose(db -> AdminAccount.ensure(vertx, db, secrets, settings.adminPassword(), out)
                                .compose(ignored -> listen(vertx, settings, db, keys, secrets))
                                .onFailure(failed -> db.close())))
                .onSuccess(server -> server.printWelcome(out));
    }

    private static Future<PhieukinServer> listen(Vertx vertx, ServerSettings settings, Database db, Keys keys,
                                                Secrets secrets) {
        Router router = routes(vertx, settings, db, keys, secrets);
        TlsMaterial tls = keys.tls();
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setKeyPath(tls.serverKey().toString())
                        .setCertPath(tls.serverCertificate().toString()))
                .setHost(settings.host())
                .setPort(settings.port());
        return vertx.createHttpServer(options)
                .requestHandler(router)
                .listen()
                .map(http -> new PhieukinServer(vertx, settings, db, keys, http));
    }

    private static Router routes(Vertx vertx, ServerSettings settings, Database db, Keys keys, Secrets secrets) {
        Auth auth = new Auth(db, settings.clock());
        StaffApi staff = new StaffApi(vertx, db, secrets, settings.clock());
        RoundsApi rounds = new RoundsApi(vertx, db, auth, keys.seal(), settings.clock(), settings.random());
        ReviewApi reviews = new ReviewApi(db, rounds);
        ConferenceApi conferences = new ConferenceApi(vertx, db, secrets, settings.clock(), rounds);
        TabletApi tablets = new TabletApi(db, secrets, settings.clock(), settings.pairingLimits(), rounds);
        Role[] organisers = {Role.ADMIN, Role.SECRETARIAT};

        Router router = Router.router(vertx);
        router.route().handler(new AccessLog());
        router.route().handler(PhieukinServer::securityHeaders);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
        router.route().failureHandler(Failures::handle);
        router.errorHandler(404, Failures::handle);
        router.errorHandler(405, Failures::handle);
        router.errorHandler(500, Failures::handle);

        router.post("/api/v1/login").handler(Endpoint.of(staff::login));
        router.post("/api/v1/logout").handler(auth.anyStaffOrTablet()).handler(Endpoint.of(staff::logout));
        router.post("/api/v1/users").handler(auth.staff(Role.ADMIN)).handler(Endpoint.of(staff::createUser));
        router.get("/api/v1/users").handler(auth.staff(Role.ADMIN)).handler(Endpoint.of(staff::listUsers));

        router.get("/api/v1/reviews").handler(auth.anyStaff()).handler(Endpoint.of(reviews::listReviews));
        router.post("/api/v1/reviews").handler(auth.staff(Role.ADMIN)).handler(Endpoint.of(reviews::createReview));
        router.get("/api/v1/reviews/:rid").handler(auth.anyStaff()).handler(Endpoint.of(reviews::getReview));
        router.post("/api/v1/reviews/:rid/positions").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::createPosition));
        router.post("/api/v1/reviews/:rid/cadres").handler(auth.staff(Role.ADMIN)).handler(Endpoint.of(reviews::createCadre));
        router.post("/api/v1/reviews/:rid/cadres/import").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::importCadres));
        router.get("/api/v1/reviews/:rid/cadres").handler(auth.anyStaff()).handler(Endpoint.of(reviews::listCadres));
        router.post("/api/v1/reviews/:rid/planned").handler(auth.staff(Role.ADMIN)).handler(Endpoint.of(reviews::addPlanned));
        router.post("/api/v1/reviews/:rid/supplementary").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::addSupplementary));
        router.get("/api/v1/reviews/:rid/planning").handler(auth.anyStaff()).handler(Endpoint.of(reviews::planning));

        router.post("/api/v1/reviews/:rid/conferences").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::createConference));
        router.get("/api/v1/conferences/:cid").handler(auth.anyStaff()).handler(Endpoint.of(conferences::getConference));
        router.post("/api/v1/conferences/:cid/delegates").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::addDelegate));
        router.get("/api/v1/conferences/:cid/delegates").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::listDelegates));
        router.post("/api/v1/conferences/:cid/delegates/import").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::importDelegates));
        router.post("/api/v1/conferences/:cid/delegates/:did/exclusion").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::exclude));
        router.delete("/api/v1/conferences/:cid/delegates/:did/exclusion").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::include));
        router.post("/api/v1/conferences/:cid/delegates/:did/check-in").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::checkIn));
        router.post("/api/v1/conferences/:cid/delegates/:did/check-out").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::checkOut));
        router.post("/api/v1/conferences/:cid/end").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::end));
        router.get("/api/v1/conferences/:cid/attendance").handler(auth.anyStaff())
                .handler(Endpoint.of(conferences::attendance));
        router.get("/api/v1/conferences/:cid/events").handler(conferences::events);

        router.post("/api/v1/tablet/pair").handler(Endpoint.of(tablets::pair));
        router.get("/api/v1/tablet/state").handler(auth.tablet()).handler(Endpoint.of(tablets::state));
        rounds.mount(router);

        JsonObject sealKey = new JsonObject().put("alg", "Ed25519")
                .put("publicKey", keys.seal().publicKey().base64Url()).put("keyId", keys.seal().keyId());
        router.get("/api/v1/seal-key").handler(Endpoint.of(ctx -> Future.succeededFuture(Reply.ok(sealKey.copy()))));

        router.get("/").handler(ctx -> ctx.redirect("/console/"));
        // pages only for GET outside /api/, so an API path with the wrong method answers 405
        router.getWithRegex("/(?!api/).*").handler(StaticHandler.create("web").setCachingEnabled(false));
        return router;
    }

    /** Headers for every answer: no sniffing, no framing by other sites, no referrer leaving the hall. */
    private static void securityHeaders(io.vertx.ext.web.RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
    }

    /** The port the server listens on (the real one when started with port 0). */
    public int port() {
        return http.actualPort();
    }

    public Database database() {
        return db;
    }

    public TlsMaterial tls() {
        return keys.tls();
    }

    /** The seal key that signs sealed records. */
    public SealKey sealKey() {
        return keys.seal();
    }

    public ServerSettings settings() {
        return settings;
    }

    /** Stops listening, then closes the database (after the writes already queued). */
    public Future<Void> close() {
        return http.close().transform(ignored -> db.close());
    }

    private void printWelcome(PrintStream out) {
        List<String> hosts = new ArrayList<>(List.of("localhost"));
        try {
            for (InetAddress address : TlsMaterial.machineAddresses()) {
                if (!address.isLoopbackAddress() && address.getAddress().length == 4) {
                    hosts.add(address.getHostAddress());
                }
            }
        } catch (java.io.IOException ignored) {
            // localhost only
        }
        out.println("phiếu kín đang chạy (HTTPS, cổng " + port() + ")");
        for (String host : hosts) {
            String base = "https://" + host + ":" + port();
            out.println("  Bảng điều khiển / console:   " + base + "/console/");
            out.println("  Máy tính bảng / tablet:      " + base + "/tablet/");
            out.println("  Màn hình hội trường / screen: " + base + "/screen/");
        }
        out.println("  Chứng chỉ CA cần tin cậy / CA to trust: " + keys.tls().caCertificate().toAbsolutePath());
        out.println("  Khóa niêm phong / seal key: " + keys.seal().keyId() + " ("
                + settings.keysDir().resolve(SealKey.PUBLIC_FILE).toAbsolutePath() + ")");
        out.println("  Dữ liệu / data: " + settings.dataDir().toAbsolutePath());
    }

    /** The first start creates the {@code admin} account. */
    static final class AdminAccount {
        private AdminAccount() {
        }

        static Future<Void> ensure(Vertx vertx, Database db, Secrets secrets, Optional<String> given, PrintStream out) {
            return db.read(StaffStore::anyUser).compose(exists -> {
                if (exists) {
                    return Future.succeededFuture();
                }
                String password = given.orElseGet(secrets::newPassword);
                if (given.isPresent()) {
                    StaffApi.checkNewPassword("--admin-password", password);
                }
                return vertx.executeBlocking(() -> secrets.hashPassword(password), false)
                        .compose(hash -> db.write(c -> StaffStore.anyUser(c) ? null
                                : StaffStore.insertUser(c, "admin", hash, Role.ADMIN.name(), "Quản trị hệ thống")))
                        .map(id -> {
                            if (id != null && given.isEmpty()) {
                                out.println("Đã tạo tài khoản admin. Mật khẩu (chỉ in một lần này, hãy ghi lại): "
                                        + password);
                            }
                            return null;
                        });
            });
        }
    }
}
