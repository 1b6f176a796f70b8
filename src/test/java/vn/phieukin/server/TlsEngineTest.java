package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS engine (TlsEngine): OpenSSL (BoringSSL) where its bundled native library loads, JSSE when
 * forced with {@code -Dphieukin.tls.engine=jdk}; both serve exactly the configured protocols and
 * suites, and neither resumes a session.
 */
@ExtendWith(VertxExtension.class)
class TlsEngineTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearProperty() {
        System.clearProperty(TlsEngine.PROPERTY);
    }

    /** The platforms netty-tcnative-boringssl-static is bundled for (pom.xml). */
    static boolean bundledPlatform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        return os.contains("linux") && List.of("amd64", "x86_64", "aarch64").contains(arch);
    }

    @Test
    void theBundledOpenSslEngineLoadsAndIsTheDefault() {
        if (bundledPlatform()) {
            assertThat(OpenSSLEngineOptions.isAvailable()).as(String.valueOf(io.netty.handler.ssl.OpenSsl.unavailabilityCause()))
                    .isTrue();
            assertThat(TlsEngine.choose(null)).isEqualTo(TlsEngine.OPENSSL);
            assertThat(TlsEngine.choose("")).isEqualTo(TlsEngine.OPENSSL);
            assertThat(TlsEngine.choose("OpenSSL")).isEqualTo(TlsEngine.OPENSSL);
        } else {
            assertThat(TlsEngine.choose(null)).isEqualTo(OpenSSLEngineOptions.isAvailable() ? TlsEngine.OPENSSL : TlsEngine.JDK);
        }
        assertThat(TlsEngine.choose("jdk")).isEqualTo(TlsEngine.JDK);
        assertThat(TlsEngine.choose(" JDK ")).isEqualTo(TlsEngine.JDK);
        assertThatThrownBy(() -> TlsEngine.choose("boringssl")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("không hợp lệ").hasMessageContaining("openssl hoặc jdk");
    }

    @Test
    void theOpenSslEngineServesExactlyTheConfiguredProtocolsAndSuitesWithoutResumption(Vertx vertx) throws Exception {
        if (!bundledPlatform()) {
            return; // nothing bundled to load here; the JDK test below covers the fallback
        }
        servesExactlyWhatIsConfigured(vertx, null, TlsEngine.OPENSSL);
    }

    @Test
    void forcingTheJdkEngineServesTheSameProtocolsAndSuitesWithoutResumption(Vertx vertx) throws Exception {
        servesExactlyWhatIsConfigured(vertx, "jdk", TlsEngine.JDK);
    }

    @Test
    void anUnknownEngineStopsTheStartWithAVietnameseMessage(Vertx vertx) {
        System.setProperty(TlsEngine.PROPERTY, "gnutls");
        assertThatThrownBy(() -> TestServer.start(vertx, dir)).hasStackTraceContaining("không hợp lệ: chỉ nhận openssl hoặc jdk");
    }

    private void servesExactlyWhatIsConfigured(Vertx vertx, String property, TlsEngine expected) throws Exception {
        if (property != null) {
            System.setProperty(TlsEngine.PROPERTY, property);
        }
        List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(PhieukinServer.class.getName());
        log.addHandler(capture);
        TestServer srv;
        try {
            srv = TestServer.start(vertx, dir);
        } finally {
            log.removeHandler(capture);
        }
        try {
            assertThat(srv.server.tlsEngine()).isEqualTo(expected);
            assertThat(logged).filteredOn(r -> r.getMessage().startsWith("TLS engine"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.getLevel()).isEqualTo(Level.INFO);
                        assertThat(r.getMessage()).isEqualTo("TLS engine: " + expected.label());
                    });
            Path ca = dir.resolve("keys/ca.pem");
            int port = srv.server.port();

            // a client offering everything it has gets TLS 1.3 and one of the configured suites
            try (RawHttps any = RawHttps.open(ca, port, "127.0.0.1")) {
                assertThat(any.socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
                assertThat(PhieukinServer.TLS_CIPHER_SUITES).contains(any.socket.getSession().getCipherSuite());
                assertThat(any.request("GET", "/api/v1/seal-key", null).status()).isEqualTo(200);
            }
            // a TLS 1.2-only client gets TLS 1.2 with a configured (ECDHE, AEAD) suite
            try (RawHttps old = RawHttps.open(ca, port, "127.0.0.1", null, new String[] {"TLSv1.2"})) {
                assertThat(old.socket.getSession().getProtocol()).isEqualTo("TLSv1.2");
                assertThat(PhieukinServer.TLS_CIPHER_SUITES).contains(old.socket.getSession().getCipherSuite());
            }
            // suite by suite, over every one this JDK's client knows: the handshake succeeds exactly
            // for the configured ones, and negotiates that very suite
            SSLSocket probe = (SSLSocket) RawHttps.trusting(ca).getSocketFactory().createSocket();
            String[] known = probe.getSupportedCipherSuites();
            probe.close();
            List<String> served = new ArrayList<>();
            for (String suite : known) {
                if (suite.startsWith("TLS_EMPTY") || suite.contains("_anon_") || suite.contains("_NULL_")) {
                    continue; // signalling value and suites without authentication or encryption
                }
                String protocol = suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_") ? "TLSv1.3"
                        : "TLSv1.2";
                try (RawHttps one = RawHttps.open(ca, port, "127.0.0.1", new String[] {suite}, new String[] {protocol})) {
                    assertThat(one.socket.getSession().getCipherSuite()).isEqualTo(suite);
                    assertThat(one.socket.getSession().getProtocol()).isEqualTo(protocol);
                    served.add(suite);
                } catch (SSLException refused) {
                    // not served
                }
            }
            assertThat(served).as("suites the %s engine agrees to", expected)
                    .containsExactlyInAnyOrderElementsOf(PhieukinServer.TLS_CIPHER_SUITES);

            // no resumption, on TLS 1.2 (session id or ticket) nor TLS 1.3 (ticket): the same
            // client context, which offers whatever it was given to resume, gets a new session
            for (String protocol : PhieukinServer.TLS_PROTOCOLS) {
                SSLContext client = RawHttps.freshContext(ca);
                SSLSession first;
                try (RawHttps one = RawHttps.open(client, port, "127.0.0.1", null, new String[] {protocol})) {
                    assertThat(one.request("GET", "/api/v1/seal-key", null).status()).isEqualTo(200);
                    first = one.socket.getSession();
                }
                Thread.sleep(20); // a resumed session keeps its creation time; a new one gets a later one
                try (RawHttps two = RawHttps.open(client, port, "127.0.0.1", null, new String[] {protocol})) {
                    assertThat(two.request("GET", "/api/v1/seal-key", null).status()).isEqualTo(200);
                    SSLSession second = two.socket.getSession();
                    assertThat(second).as(protocol).isNotSameAs(first);
                    assertThat(second.getCreationTime()).as(protocol + ": a new session").isGreaterThan(first.getCreationTime());
                    if (first.getId().length > 0) {
                        assertThat(second.getId()).as(protocol).isNotEqualTo(first.getId());
                    }
                }
            }
        } finally {
            srv.close();
        }
    }
}
