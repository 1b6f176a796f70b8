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
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Optional;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.store.Database;
import vn.phieukin.store.StaffStore;

/**
 * The bootstrap: builds every part by hand (no DI) and starts them as one Future chain:
 * TLS material and seal key, database (migrations), the first admin, routes, HTTPS listener.
 */
public final class PhieukinServer {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PhieukinServer.class.getName());
    /** Largest request body accepted (API.md): larger ones get 413. */
    public static final long BODY_LIMIT = 1024 * 1024;
    /** Largest cast request accepted by the ballot box (an encrypted ballot, COMMITTEE.md). */
    public static final long BALLOT_BODY_LIMIT = 8L * 1024 * 1024;
    /** TLS 1.2 and 1.3 only. */
    static final List<String> TLS_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /**
     * AEAD suites only, forward-secret key exchange (the certificate is ECDSA P-256): no CBC, no
     * SHA-1 MAC, no RSA key transport. TLS 1.3's suites are all AEAD.
     */
    static final List<String> TLS_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    /**
     * What of web/ is served: everything but the API's prefix and web/test (the JS tests and their
     * fixtures). The router matches the normalized path, so {@code /%74est/} and {@code /js/../test/}
     * are refused too.
     */
    static final String SERVED = "/(?!api/|test(?:/|$)).*";

    static {
        // no stateless TLS session tickets (see ConnectionGuard: no resumption), unless the operator chose
        if (System.getProperty("jdk.tls.server.enableSessionTicketExtension") == null) {
            System.setProperty("jdk.tls.server.enableSessionTicketExtension", "false");
        }
    }

    private final Vertx vertx;
    private final ServerSettings settings;
    private final Database db;
    private final Keys keys;
    private final HttpServer http;
    private final Router router;
    private final ConnectionGuard guard;

    /**
     * The installation's keys from the keys folder: HTTPS material and the Ed25519 seal key; and
     * the TLS engine that serves them (chosen with the keys, off the event loop: loading the native
     * library takes a moment).
     */
    public record Keys(TlsMaterial tls, SealKey seal, TlsEngine engine) {
    }

    private PhieukinServer(Vertx vertx, ServerSettings settings, Database db, Keys keys, HttpServer http,
                           ConnectionGuard guard, Router router) {
        this.guard = guard;
        this.router = router;
        this.vertx = vertx;
        this.settings = settings;
        this.db = db;
        this.keys = keys;
        this.http = http;
    }

    /** Starts a server; {@code out} gets the start-up lines (URLs, CA path, a generated password). */
    public static Future<PhieukinServer> start(Vertx vertx, ServerSettings settings, PrintStream out) {
        Secrets secrets = new Secrets(settings.random());
        return vertx.executeBlocking(() -> {
                    warmUpTls();
                    return new Keys(TlsMaterial.loadOrCreate(settings.keysDir(), settings.clock()),
                            SealKey.loadOrCreate(settings.keysDir()), TlsEngine.fromSystemProperty());
                })
                .compose(keys -> Database.open(vertx, settings.dataDir())
                        .compose(db -> AdminAccount.ensure(vertx, db, secrets, settings.adminPassword(), out)
                                .compose(ignored -> listen(vertx, settings, db, keys, secrets))
                                .onFailure(failed -> db.close())))
                .onSuccess(server -> server.printWelcome(out));
    }

    /**
     * Vert.x builds the server's TLS context lazily, on the event loop, when the first connection
     * arrives; Netty's context class then loads the Bouncy Castle provider (bcpkix is on the class
     * path), whose set-up precomputes curve tables: seconds of CPU, and on a busy machine more than
     * the TLS handshake timeout, so the first tablet or test client of a fresh server was refused.
     * Loading both here, on a worker thread before listening, takes that off the event loop. (The
     * OpenSSL engine's native library is loaded on the same worker thread, by TlsEngine's choice.)
     */
    static void warmUpTls() {
        try {
            Class.forName("io.netty.handler.ssl.JdkSslServerContext", true, PhieukinServer.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            // another TLS implementation: nothing to warm up
        }
    }

    private static Future<PhieukinServer> listen(Vertx vertx, ServerSettings settings, Database db, Keys keys,
                                                Secrets secrets) {
        ServerSettings.ConnectionLimits limits = settings.connectionLimits();
        ConnectionGuard guard = new ConnectionGuard(limits, DescriptorLimit.current());
        Router router = routes(vertx, settings, db, keys, secrets, guard);
        TlsMaterial tls = keys.tls();
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setKeyPath(tls.serverKey().toString())
                        .setCertPath(tls.serverCertificate().toString()))
                .setSslEngineOptions(keys.engine().options())
                .setEnabledSecureTransportProtocols(new LinkedHashSet<>(TLS_PROTOCOLS))
                .setIdleTimeout((int) limits.idle().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setSslHandshakeTimeout(limits.header().toMillis())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setHost(settings.host())
                .setPort(settings.port());
        TLS_CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return vertx.createHttpServer(options)
                .connectionHandler(connection -> {
                    InputGuard.onConnection(connection);
                    guard.onConnection(connection);
                })
                .requestHandler(guard.requests(router))
                .invalidRequestHandler(InputGuard::invalidRequest)
                .listen()
                .onSuccess(listening -> LOG.info(() -> "TLS engine: " + keys.engine().label()))
                .map(http -> new PhieukinServer(vertx, settings, db, keys, http, guard, router));
    }

    private static Router routes(Vertx vertx, ServerSettings settings, Database db, Keys keys, Secrets secrets,
                                 ConnectionGuard guard) {
        Auth auth = new Auth(db, settings.clock());
        StaffApi staff = new StaffApi(vertx, db, secrets, settings.clock());
        RoundsApi rounds = new RoundsApi(vertx, db, auth, keys.seal(), settings.clock(), settings.random(),
                settings.keysDir());
        ReviewApi reviews = new ReviewApi(db, rounds, settings.clock());
        ConferenceApi conferences = new ConferenceApi(vertx, db, secrets, settings.clock(), rounds);
        TabletApi tablets = new TabletApi(db, secrets, settings.clock(), settings.pairingLimits(), rounds);
        CommitteeApi committee = new CommitteeApi(vertx, db, auth, secrets, settings.clock(), settings.pairingLimits(),
                rounds);
        Role[] organisers = {Role.ADMIN, Role.SECRETARIAT};

        Router router = Router.router(vertx);
        InputGuard.mount(router);
        router.route().handler(new AccessLog());
        router.route().handler(PhieukinServer::securityHeaders);
        router.route().handler(ctx -> connectionPolicy(ctx, guard));
        // encrypted ballots (COMMITTEE.md) are large: the ballot box alone takes up to 8 MB
        router.post("/api/v1/rounds/:id/ballots").handler(BodyHandler.create(false).setBodyLimit(BALLOT_BODY_LIMIT));
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
        router.get("/api/v1/reviews/:rid/cadres.xlsx").handler(auth.anyStaff())
                .handler(Workbooks.download(reviews::exportCadres, "danh-sach-can-bo.xlsx"));
        router.get("/api/v1/reviews/:rid/cadres").handler(auth.anyStaff()).handler(Endpoint.of(reviews::listCadres));
        router.post("/api/v1/reviews/:rid/planned").handler(auth.staff(Role.ADMIN)).handler(Endpoint.of(reviews::addPlanned));
        router.post("/api/v1/reviews/:rid/supplementary").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::addSupplementary));
        router.put("/api/v1/reviews/:rid/positions/:pid").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::updatePosition));
        router.delete("/api/v1/reviews/:rid/positions/:pid").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::deletePosition));
        router.put("/api/v1/reviews/:rid/cadres/:cid").handler(auth.staff(Role.ADMIN)).handler(Endpoint.of(reviews::updateCadre));
        router.delete("/api/v1/reviews/:rid/cadres/:cid").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::deleteCadre));
        router.get("/api/v1/reviews/:rid/planned").handler(auth.anyStaff()).handler(Endpoint.of(reviews::listPlanned));
        router.post("/api/v1/reviews/:rid/planned/import").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::importPlanned));
        router.post("/api/v1/reviews/:rid/supplementary/import").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::importSupplementary));
        router.put("/api/v1/reviews/:rid/planned/:lid").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::updatePlanned));
        router.delete("/api/v1/reviews/:rid/planned/:lid").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::deletePlanned));
        router.get("/api/v1/reviews/:rid/supplementary").handler(auth.anyStaff())
                .handler(Endpoint.of(reviews::listSupplementary));
        router.put("/api/v1/reviews/:rid/supplementary/:lid").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::updateSupplementary));
        router.delete("/api/v1/reviews/:rid/supplementary/:lid").handler(auth.staff(Role.ADMIN))
                .handler(Endpoint.of(reviews::deleteSupplementary));
        router.get("/api/v1/reviews/:rid/planning").handler(auth.anyStaff()).handler(Endpoint.of(reviews::planning));

        router.post("/api/v1/reviews/:rid/conferences").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::createConference));
        router.get("/api/v1/conferences/:cid").handler(auth.anyStaff()).handler(Endpoint.of(conferences::getConference));
        router.post("/api/v1/conferences/:cid/delegates").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::addDelegate));
        router.get("/api/v1/conferences/:cid/delegates.xlsx").handler(auth.staff(organisers))
                .handler(Workbooks.download(conferences::exportDelegates, "danh-sach-trieu-tap.xlsx"));
        router.get("/api/v1/templates/:name").handler(ctx -> {
            String file = ctx.pathParam("name");
            Workbooks.download(c -> vertx.executeBlocking(() -> Workbooks.template(file.replaceFirst("\\.xlsx$", "")), false),
                    "mau-" + (file.endsWith(".xlsx") ? file : file + ".xlsx")).handle(ctx);
        });
        router.get("/api/v1/conferences/:cid/delegates").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::listDelegates));
        router.post("/api/v1/conferences/:cid/delegates/import").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::importDelegates));
        router.put("/api/v1/conferences/:cid/delegates/:did").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::updateDelegate));
        router.delete("/api/v1/conferences/:cid/delegates/:did").handler(auth.staff(organisers))
                .handler(Endpoint.of(conferences::deleteDelegate));
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
        new RoundReturns(db, auth).mount(router);
        new MinutesFacts(db, auth, keys.seal().publicKey()).mount(router);
        new Replacements(vertx, db, auth, settings.clock()).mount(router);
        committee.mount(router);
        JsonObject version = new JsonObject().put("api", 1).put("protocols", new io.vertx.core.json.JsonArray().add(1).add(2));
        router.get("/api/v1/version").handler(Endpoint.of(ctx -> Future.succeededFuture(Reply.ok(version.copy()))));

        JsonObject sealKey = new JsonObject().put("alg", "Ed25519")
                .put("publicKey", keys.seal().publicKey().base64Url()).put("keyId", keys.seal().keyId());
        router.get("/api/v1/seal-key").handler(Endpoint.of(ctx -> Future.succeededFuture(Reply.ok(sealKey.copy()))));

        new VerifierDownload(vertx).mount(router);
        new StorageStatus(settings.dataDir(), vn.phieukin.store.StorageFull.margin()).mount(router, auth);
        router.get("/api/v1/server-info").handler(auth.anyStaff()).handler(Endpoint.of(ctx -> {
            JsonArray urls = new JsonArray();
            hallAddresses().forEach(host -> urls.add("https://" + host + ":" + ctx.request().localAddress().port()));
            return Future.succeededFuture(Reply.ok(new JsonObject().put("hallUrls", urls)));
        }));

        router.get("/").handler(ctx -> ctx.redirect("/console/"));
        // pages only for GET outside /api/, so an API path with the wrong method answers 405; web/test
        // (the JS tests and their fixtures) is not served
        router.getWithRegex(SERVED).handler(StaticHandler.create("web").setCachingEnabled(false));
        return router;
    }

    /**
     * Headers for every answer: scripts and styles from this origin only (no inline script, no
     * eval), no plugins, no framing, HTTPS only for a year, no sniffing, no referrer leaving the hall.
     * {@code img-src data:} is for the desk's QR code and the pages' empty icon.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private static void securityHeaders(io.vertx.ext.web.RoutingContext ctx) {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("Strict-Transport-Security", "max-age=31536000");
        ctx.next();
    }

    /**
     * Issue 9 item 5: every answer to a tablet's own call (one that carries a tablet token, or the
     * pairing) closes its connection, so the anonymous cast that follows never travels on a
     * connection the server already tied to a delegate. Staff calls mark their address for the
     * connection reserve.
     */
    private static void connectionPolicy(io.vertx.ext.web.RoutingContext ctx, ConnectionGuard guard) {
        ctx.addHeadersEndHandler(ignored -> {
            Optional<Principal> principal = Auth.found(ctx);
            if (principal.isPresent() && principal.get() instanceof Principal.Staff) {
                if (ctx.response().getStatusCode() < 400 && ctx.request().remoteAddress() != null) {
                    guard.noteStaff(ctx.request().remoteAddress().hostAddress());
                }
                return;
            }
            String path = ctx.normalizedPath();
            boolean tabletCall = principal.isPresent()
                    || ctx.request().getHeader("Authorization") != null
                    || (path != null && path.startsWith("/api/v1/tablet/"));
            if (tabletCall) {
                ctx.response().putHeader("Connection", "close");
            }
        });
        ctx.next();
    }

    /** The port the server listens on (the real one when started with port 0). */
    public int port() {
        return http.actualPort();
    }

    /** The routes, as the router has them (for tests that try every endpoint). */
    public List<io.vertx.ext.web.Route> routeTable() {
        return router.getRoutes();
    }

    /** Counts and caps of the open connections (tests). */
    ConnectionGuard connectionGuard() {
        return guard;
    }

    public Database database() {
        return db;
    }

    public TlsMaterial tls() {
        return keys.tls();
    }

    /** The TLS implementation serving HTTPS. */
    public TlsEngine tlsEngine() {
        return keys.engine();
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

    /**
     * The addresses tablets and the hall screen reach this server at: its IPv4 LAN addresses (the
     * ones the console's QR codes and printed addresses must use, never {@code localhost}).
     */
    static List<String> hallAddresses() {
        List<String> hosts = new ArrayList<>();
        try {
            for (InetAddress address : TlsMaterial.machineAddresses()) {
                if (!address.isLoopbackAddress() && address.getAddress().length == 4) {
                    hosts.add(address.getHostAddress());
                }
            }
        } catch (java.io.IOException ignored) {
            // none known: the console warns
        }
        return hosts;
    }

    private void printWelcome(PrintStream out) {
        List<String> hosts = new ArrayList<>(List.of("localhost"));
        hosts.addAll(hallAddresses());
        out.println("phiếu kín đang chạy (HTTPS, cổng " + port() + ")");
        for (String host : hosts) {
            String base = "https://" + host + ":" + port();
            out.println("  Bảng điều khiển / console:   " + base + "/console/");
            out.println("  Máy tính bảng / tablet:      " + base + "/tablet/");
            out.println("  Màn hình hội trường / screen: " + base + "/screen/");
        }
        out.println("  Chứng chỉ CA cần tin cậy / CA to trust: " + keys.tls().caCertificate().toAbsolutePath());
        for (String notice : keys.tls().notices()) {
            out.println("  CHÚ Ý: " + notice);
        }
        out.println("  Khóa niêm phong / seal key: " + keys.seal().keyId() + " ("
                + settings.keysDir().resolve(SealKey.PUBLIC_FILE).toAbsolutePath() + ")");
        out.println("  Dữ liệu / data: " + settings.dataDir().toAbsolutePath());
        ServerSettings.ConnectionLimits limits = settings.connectionLimits();
        String descriptors = guard.descriptorLimit() > 0 ? String.valueOf(guard.descriptorLimit()) : "không đọc được";
        out.println("  Kết nối / connections: tối đa " + guard.maxConnections() + " (giới hạn mô tả tệp "
                + descriptors + "), " + limits.perAddress() + " mỗi địa chỉ; đóng sau "
                + limits.idle().toSeconds() + " s không hoạt động");
        if (guard.descriptorLimit() > 0 && guard.descriptorLimit() < DescriptorLimit.LOW) {
            out.println("  CẢNH BÁO: giới hạn mô tả tệp thấp (" + guard.descriptorLimit() + "); hãy nâng giới hạn cứng"
                    + " (ulimit -Hn, hoặc LimitNOFILE= của systemd) lên ít nhất " + DescriptorLimit.LOW);
        }
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
