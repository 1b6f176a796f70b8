package vn.phieukin.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A minimal access log: method, path (no query, no headers, no client address), status, time.
 * It must leave no timing trail of the ballots (PROTOCOL.md, issue 9 item 4):
 * <ul>
 *   <li>a request the router hands to the ballot box or a receipt look-up is never logged,
 *       however its path was spelled: those routes start with {@link #SILENT}, and what is
 *       decided is the route that matched, not the raw path;</li>
 *   <li>a request whose path, once percent-decoded (repeatedly), lower-cased and with repeated
 *       slashes and dot segments removed, names a {@code ballots} or {@code receipts} segment
 *       is never logged either, even when no route took it (a 404);</li>
 *   <li>no {@code GET} or {@code HEAD} under {@code /api/} is logged: those are the polls that
 *       follow every cast (hall screen, round view, tablet state, attendance, the events
 *       stream), whose times would mark the casts. State changes (POST, DELETE) are logged.</li>
 * </ul>
 */
public final class AccessLog implements Handler<RoutingContext> {
    private static final Logger LOG = Logger.getLogger("vn.phieukin.access");
    private static final String SILENT_KEY = "phieukin.accessLog.silent";
    private static final Pattern BALLOT_SEGMENT = Pattern.compile("(^|/)(ballots?|receipts?)(/|$)");

    /** The first handler of a route whose requests are never logged. */
    public static final Handler<RoutingContext> SILENT = ctx -> {
        ctx.put(SILENT_KEY, Boolean.TRUE);
        ctx.next();
    };

    /** Whether a request with this method and raw path is kept out of the log whatever route takes it. */
    public static boolean neverLogged(HttpMethod method, String rawPath) {
        if (rawPath == null) {
            return true;
        }
        String path = canonical(rawPath);
        if (BALLOT_SEGMENT.matcher(path).find()) {
            return true;
        }
        boolean read = HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
        return read && (path.equals("/api") || path.startsWith("/api/"));
    }

    /** Percent-decoded until stable, lower case, {@code \} as {@code /}, one slash, no dot segments. */
    static String canonical(String rawPath) {
        String path = rawPath;
        for (int i = 0; i < 5; i++) {
            String decoded = percentDecode(path);
            if (decoded.equals(path)) {
                break;
            }
            path = decoded;
        }
        path = path.toLowerCase(Locale.ROOT).replace('\\', '/').replace(";", "/");
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/+")) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                continue;
            }
            out.append('/').append(segment.strip());
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit((char) b, 16);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        HttpMethod method = ctx.request().method();
        if (!neverLogged(method, path) && LOG.isLoggable(Level.INFO)) {
            long start = System.nanoTime();
            ctx.addEndHandler(done -> {
                if (!Boolean.TRUE.equals(ctx.get(SILENT_KEY))) {
                    LOG.info(() -> method.name() + " " + path + " " + ctx.response().getStatusCode()
                            + " " + (System.nanoTime() - start) / 1_000_000 + "ms");
                }
            });
        }
        ctx.next();
    }
}
