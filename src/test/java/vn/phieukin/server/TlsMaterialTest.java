package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    @TempDir
    Path keys;

    private static X509Certificate certificate(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void theFirstStartCreatesACaAndAServerCertificateItSigned() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        TlsMaterial tls = TlsMaterial.loadOrCreate(keys, clock);
        X509Certificate ca = certificate(tls.caCertificate());
        X509Certificate server = certificate(tls.serverCertificate());
        server.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("EC");
        List<String> names = server.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1");
        assertThat(names).anyMatch(n -> n.equals("0:0:0:0:0:0:0:1") || n.equals("::1"));
        assertThat(Duration.between(server.getNotBefore().toInstant(), server.getNotAfter().toInstant()).toDays())
                .as("within Apple's 825-day limit").isLessThanOrEqualTo(825);
        assertThat(Files.getPosixFilePermissions(keys.resolve(TlsMaterial.CA_KEY)))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.getPosixFilePermissions(tls.serverKey()))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void laterStartsReuseTheKeys() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        TlsMaterial.loadOrCreate(keys, clock);
        String ca = Files.readString(keys.resolve(TlsMaterial.CA_CERT));
        String server = Files.readString(keys.resolve(TlsMaterial.SERVER_CERT));
        clock.advance(Duration.ofDays(100));
        TlsMaterial.loadOrCreate(keys, clock);
        assertThat(Files.readString(keys.resolve(TlsMaterial.CA_CERT))).isEqualTo(ca);
        assertThat(Files.readString(keys.resolve(TlsMaterial.SERVER_CERT))).isEqualTo(server);
    }

    @Test
    void aServerCertificateNearExpiryOrMissingIsMadeAgainUnderTheSameCa() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        TlsMaterial tls = TlsMaterial.loadOrCreate(keys, clock);
        String ca = Files.readString(tls.caCertificate());
        String server = Files.readString(tls.serverCertificate());
        clock.advance(Duration.ofDays(790));
        TlsMaterial.loadOrCreate(keys, clock);
        String renewed = Files.readString(tls.serverCertificate());
        assertThat(renewed).isNotEqualTo(server);
        assertThat(Files.readString(tls.caCertificate())).isEqualTo(ca);
        certificate(tls.serverCertificate()).verify(certificate(tls.caCertificate()).getPublicKey());
        Files.delete(tls.serverCertificate());
        TlsMaterial.loadOrCreate(keys, clock);
        assertThat(Files.readString(tls.serverCertificate())).isNotEqualTo(renewed);
        assertThat(Files.readString(tls.caCertificate())).isEqualTo(ca);
    }
}
