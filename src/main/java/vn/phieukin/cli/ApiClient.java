package vn.phieukin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small HTTPS client of the phieukin API that trusts only the server's own CA, so the demo
 * loads its sample review through exactly the requests a console or a tablet would send.
 */
public final class ApiClient {

    /** A refused call: the API's error code and Vietnamese message. */
    public static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final int status;
        public final String code;

        Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String base;

    public ApiClient(String base, Path caPem) throws IOException, GeneralSecurityException {
        this.base = base;
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("phieukin-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, factory.getTrustManagers(), null);
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Sends a JSON body (or none) and returns the JSON answer; throws {@link Refused} on an API error. */
    public JsonNode call(String method, String path, Object body, String token) {
        try {
            String payload = body == null ? "" : JSON.writeValueAsString(body);
            return send(method, path, payload, "application/json", token);
        } catch (IOException e) {
            throw new IllegalStateException("could not encode the request to " + path, e);
        }
    }

    /** Sends a CSV body. */
    public JsonNode csv(String path, String csv, String token) {
        return send("POST", path, csv, "text/csv; charset=utf-8", token);
    }

    private JsonNode send(String method, String path, String payload, String contentType, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, payload.isEmpty() && method.equals("GET")
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8));
        if (!payload.isEmpty() || !method.equals("GET")) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("no answer from " + base + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        JsonNode answer;
        try {
            answer = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + " with no JSON", e);
        }
        if (response.statusCode() >= 300) {
            JsonNode error = answer.path("error");
            throw new Refused(response.statusCode(), error.path("code").asText("HTTP_" + response.statusCode()),
                    method + " " + path + ": " + error.path("message").asText("HTTP " + response.statusCode()));
        }
        return answer;
    }
}
