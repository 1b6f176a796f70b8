package vn.phieukin.server;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Which TLS implementation serves HTTPS: BoringSSL through Netty's OpenSSL engine when its native
 * library loads (netty-tcnative, bundled for Linux x86-64 and ARM64), else the JDK's JSSE. Every
 * tablet call is answered {@code Connection: close}, so each token costs a full TLS handshake; on
 * JSSE that handshake cost the event loop almost as much CPU as the blind signature itself.
 *
 * <p>Both engines get the same protocols, cipher suites and certificate (PhieukinServer), and
 * neither resumes a session: the OpenSSL engine issues no session tickets (Netty sets
 * {@code SSL_OP_NO_TICKET}, which in BoringSSL also stops TLS 1.3 tickets) and its server session
 * cache is turned off here; ServerHardeningTest and TlsEngineTest try to resume over both.
 *
 * <p>{@code -Dphieukin.tls.engine=jdk} forces JSSE; {@code openssl} (or nothing) asks for OpenSSL
 * and falls back to JSSE, with a warning, where it cannot load.
 */
public enum TlsEngine {
    OPENSSL("OpenSSL (BoringSSL)"),
    JDK("JDK (JSSE)");

    /** The system property that chooses the engine. */
    public static final String PROPERTY = "phieukin.tls.engine";
    private static final Logger LOG = Logger.getLogger(TlsEngine.class.getName());

    private final String label;

    TlsEngine(String label) {
        this.label = label;
    }

    /** How the start-up log names it. */
    public String label() {
        return label;
    }

    /** The engine asked for by {@link #PROPERTY} and available here (see the class comment). */
    static TlsEngine fromSystemProperty() {
        return choose(System.getProperty(PROPERTY));
    }

    /**
     * {@code requested}: null, empty or {@code openssl} for OpenSSL when available, {@code jdk} for
     * JSSE; anything else is refused (a typo must not silently pick an engine).
     */
    static TlsEngine choose(String requested) {
        String asked = requested == null ? "" : requested.trim().toLowerCase(Locale.ROOT);
        return switch (asked) {
            case "jdk" -> JDK;
            case "", "openssl" -> OpenSSLEngineOptions.isAvailable() ? OPENSSL : fallBack();
            default -> throw new IllegalArgumentException(
                    "-D" + PROPERTY + "=" + requested + " không hợp lệ: chỉ nhận openssl hoặc jdk");
        };
    }

    private static TlsEngine fallBack() {
        Throwable cause = OpenSsl.unavailabilityCause();
        LOG.warning(() -> "OpenSSL TLS engine unavailable (" + (cause == null ? "?" : cause.toString())
                + "); TLS falls back to the JDK's JSSE");
        return JDK;
    }

    /** The Vert.x options for this engine (servers and clients alike). */
    public SSLEngineOptions options() {
        return switch (this) {
            // no server-side session cache: a resumed session would link two connections
            case OPENSSL -> new OpenSSLEngineOptions().setSessionCacheEnabled(false);
            case JDK -> new JdkSSLEngineOptions();
        };
    }
}
