package vn.phieukin.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import vn.phieukin.store.RefusedException;

/**
 * The auditor's copy of the verifier: the very jar this server runs from, with its SHA-256, so
 * that the command printed on the audit page works as copied in the folder the auditor saved
 * the files to. The hash is computed once, off the event loop. Where the server does not run
 * from a jar (tests, an IDE) the download answers 404 with a message saying so; the system
 * property {@code phieukin.verifier.jar} names another jar (tests use it).
 */
final class VerifierDownload {
    static final String FILE = "phieukin.jar";
    static final String PROPERTY = "phieukin.verifier.jar";

    private final Vertx vertx;
    private final Optional<Path> jar;
    private Future<String> sha256;

    VerifierDownload(Vertx vertx) {
        this(vertx, locate());
    }

    VerifierDownload(Vertx vertx, Optional<Path> jar) {
        this.vertx = vertx;
        this.jar = jar;
    }

    void mount(Router router) {
        router.get("/api/v1/verifier").handler(Endpoint.of(this::describe));
        router.get("/verifier/" + FILE).handler(this::download);
        router.get("/verifier/" + FILE + ".sha256").handler(this::checksumFile);
    }

    /** {@code {available, file, size, sha256}}: what the audit page shows beside the download. */
    private Future<Reply> describe(RoutingContext ctx) {
        if (jar.isEmpty()) {
            return Future.succeededFuture(Reply.ok(new JsonObject().put("available", false).put("file", FILE)));
        }
        return sha256().map(hash -> Reply.ok(new JsonObject().put("available", true).put("file", FILE)
                .put("size", size()).put("sha256", hash)));
    }

    private void download(RoutingContext ctx) {
        if (jar.isEmpty()) {
            ctx.fail(unavailable());
            return;
        }
        sha256().onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            ctx.response().putHeader("Content-Type", "application/java-archive")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + FILE + "\"")
                    .putHeader("X-Checksum-SHA256", done.result())
                    .putHeader("Cache-Control", "no-store")
                    .sendFile(jar.get().toString());
        });
    }

    /** The form {@code sha256sum -c} reads: {@code <hex>  phieukin.jar}. */
    private void checksumFile(RoutingContext ctx) {
        if (jar.isEmpty()) {
            ctx.fail(unavailable());
            return;
        }
        sha256().onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + FILE + ".sha256\"")
                        .putHeader("Cache-Control", "no-store")
                        .end(done.result() + "  " + FILE + "\n");
            }
        });
    }

    private synchronized Future<String> sha256() {
        if (sha256 == null || sha256.failed()) {
            Path path = jar.orElseThrow();
            sha256 = vertx.executeBlocking(() -> hash(path), false);
        }
        return sha256;
    }

    private long size() {
        try {
            return Files.size(jar.orElseThrow());
        } catch (IOException e) {
            return -1;
        }
    }

    static String hash(Path path) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static RefusedException unavailable() {
        return new RefusedException("NOT_FOUND", "Máy chủ này không chạy từ tệp " + FILE
                + " nên không có bản chương trình kiểm tra để tải; hãy lấy tệp " + FILE + " từ Ban Tổ chức.");
    }

    private static Optional<Path> locate() {
        String named = System.getProperty(PROPERTY);
        if (named != null && !named.isBlank()) {
            Path path = Path.of(named);
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        }
        try {
            var source = VerifierDownload.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path path = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar")
                    ? Optional.of(path) : Optional.empty();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
