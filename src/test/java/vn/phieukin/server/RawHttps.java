package vn.phieukin.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * One HTTP/1.1 connection over TLS as a test drives it byte by byte: from a chosen local address
 * (127.0.0.x, so tests can play several hosts), trusting only the server's CA, optionally with a
 * restricted set of cipher suites or protocols.
 */
final class RawHttps implements AutoCloseable {
    final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    /** A parsed answer. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttps(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    private static final Map<Path, SSLContext> CONTEXTS = new java.util.concurrent.ConcurrentHashMap<>();

    static SSLContext trusting(Path caPem) throws Exception {
        SSLContext known = CONTEXTS.get(caPem);
        if (known != null) {
            return known;
        }
        SSLContext context = freshContext(caPem);
        CONTEXTS.put(caPem, context);
        return context;
    }

    /** A new client context trusting only {@code caPem}, with an empty session cache. */
    static SSLContext freshContext(Path caPem) throws Exception {
        X509Certificate ca;
        try (InputStream pem = Files.newInputStream(caPem)) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Connects from {@code localAddress} and completes the TLS handshake. */
    static RawHttps open(Path caPem, int port, String localAddress) throws Exception {
        return open(caPem, port, localAddress, null, null);
    }

    static RawHttps open(Path caPem, int port, String localAddress, String[] suites, String[] protocols)
            throws Exception {
        return open(trusting(caPem), port, localAddress, suites, protocols);
    }

    /** With a client TLS context of the caller's (its own session cache, e.g. to try resumption). */
    static RawHttps open(SSLContext context, int port, String localAddress, String[] suites, String[] protocols)
            throws Exception {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, "localhost", port, true);
        if (suites != null) {
            tls.setEnabledCipherSuites(suites);
        }
        if (protocols != null) {
            tls.setEnabledProtocols(protocols);
        }
        tls.setSoTimeout(15_000);
        tls.startHandshake();
        return new RawHttps(tls);
    }

    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends a request with an empty body (and a bearer token if given). */
    Response request(String method, String path, String token) throws IOException {
        write(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                + (token != null ? "Authorization: Bearer " + token + "\r\n" : "")
                + (method.equals("POST") ? "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
                        : "\r\n"));
        return read();
    }

    /** Reads one answer (Content-Length or chunked). */
    Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        if (b == -1 && bytes.size() == 0) {
            return null;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Whether the server closes the connection within {@code millis} (reads nothing else meanwhile). */
    boolean closedWithin(long millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        try {
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (in.read() == -1) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
