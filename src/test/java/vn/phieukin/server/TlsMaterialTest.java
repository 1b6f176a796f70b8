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
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
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
    void theCaIsNameConstrainedToTheHallsNamesAndAddressesForAtMostTwoYears() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        TlsMaterial tls = TlsMaterial.loadOrCreate(keys, clock);
        X509Certificate ca = certificate(tls.caCertificate());
        X509Certificate server = certificate(tls.serverCertificate());
        assertThat(ca.getCriticalExtensionOIDs()).contains(Extension.nameConstraints.getId());
        NameConstraints constraints = NameConstraints.getInstance(
                JcaX509ExtensionUtils.parseExtensionValue(ca.getExtensionValue(Extension.nameConstraints.getId())));
        assertThat(constraints.getExcludedSubtrees()).isNull();
        List<String> permitted = new ArrayList<>();
        for (GeneralSubtree subtree : constraints.getPermittedSubtrees()) {
            permitted.add(subtree.getBase().getTagNo() + ":" + subtree.getBase().getName());
        }
        assertThat(permitted).as("localhost and each address as a single host")
                .contains("2:localhost", "7:#7f000001ffffffff",
                        "7:#00000000000000000000000000000001ffffffffffffffffffffffffffffffff");
        // every name of the server certificate lies inside the constraints, and nothing else does
        assertThat(permitted).hasSize(server.getSubjectAlternativeNames().size());
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays())
                .isLessThanOrEqualTo(731);
        assertThat(server.getNotAfter()).isBeforeOrEqualTo(ca.getNotAfter());
        // tablets' TLS stacks (PKIX here) accept the chain with the constraints
        java.security.cert.PKIXParameters params = new java.security.cert.PKIXParameters(
                Set.of(new java.security.cert.TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        params.setDate(java.util.Date.from(clock.instant()));
        java.security.cert.CertPathValidator.getInstance("PKIX").validate(
                java.security.cert.CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), params);
    }

    @Test
    void theCaPrivateKeyIsNotInTheKeysFolderAfterTheFirstStart() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        TlsMaterial tls = TlsMaterial.loadOrCreate(keys, clock);
        assertThat(keys.resolve(TlsMaterial.CA_KEY)).doesNotExist();
        X509Certificate server = certificate(tls.serverCertificate());
        try (var files = Files.list(keys)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                if (text.contains("PRIVATE KEY")) {
                    assertThat(file.getFileName().toString()).as("the only private key").isEqualTo(TlsMaterial.SERVER_KEY);
                }
            }
        }
        // and that one is the server's (it signs what the server certificate verifies), not the CA's
        PrivateKey key = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) new PEMParser(
                Files.newBufferedReader(tls.serverKey())).readObject());
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature check = Signature.getInstance("SHA256withECDSA");
        check.initVerify(server.getPublicKey());
        check.update(new byte[] {1, 2, 3});
        assertThat(check.verify(signature)).isTrue();
        check.initVerify(certificate(tls.caCertificate()).getPublicKey());
        check.update(new byte[] {1, 2, 3});
        assertThat(check.verify(signature)).isFalse();
        assertThat(tls.notices()).as("a first start has nothing to warn about").isEmpty();
    }

    @Test
    void aServerCertificateNearExpiryOrMissingIsMadeAgainUnderANewCaWithANotice() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        TlsMaterial tls = TlsMaterial.loadOrCreate(keys, clock);
        String ca = Files.readString(tls.caCertificate());
        String server = Files.readString(tls.serverCertificate());
        clock.advance(Duration.ofDays(710));
        TlsMaterial renewed = TlsMaterial.loadOrCreate(keys, clock);
        assertThat(Files.readString(tls.serverCertificate())).isNotEqualTo(server);
        assertThat(Files.readString(tls.caCertificate())).as("no CA key was kept: a new CA").isNotEqualTo(ca);
        assertThat(renewed.notices()).singleElement().asString().contains("CA mới", "MỌI máy tính bảng");
        certificate(tls.serverCertificate()).verify(certificate(tls.caCertificate()).getPublicKey());
        String secondCa = Files.readString(tls.caCertificate());
        Files.delete(tls.serverCertificate());
        TlsMaterial.loadOrCreate(keys, clock);
        assertThat(Files.readString(tls.caCertificate())).isNotEqualTo(secondCa);
        certificate(tls.serverCertificate()).verify(certificate(tls.caCertificate()).getPublicKey());
    }

    @Test
    void aCaOfAnOlderVersionIsReplacedAndItsKeyDeleted() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair old = generator.generateKeyPair();
        X500Name name = new X500Name("CN=phieukin local CA 2025-01-01,O=phieukin");
        X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, BigInteger.TEN,
                java.util.Date.from(clock.instant().minus(Duration.ofDays(100))),
                java.util.Date.from(clock.instant().plus(Duration.ofDays(3000))), name, old.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(old.getPrivate()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(holder);
        }
        Files.writeString(keys.resolve(TlsMaterial.CA_CERT), pem.toString());
        StringWriter keyPem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(keyPem)) {
            writer.writeObject(old.getPrivate());
        }
        Files.writeString(keys.resolve(TlsMaterial.CA_KEY), keyPem.toString());
        TlsMaterial tls = TlsMaterial.loadOrCreate(keys, clock);
        assertThat(keys.resolve(TlsMaterial.CA_KEY)).doesNotExist();
        X509Certificate ca = certificate(tls.caCertificate());
        assertThat(ca.getPublicKey()).isNotEqualTo(old.getPublic());
        assertThat(ca.getExtensionValue(Extension.nameConstraints.getId())).isNotNull();
        assertThat(String.join("\n", tls.notices())).contains("CA mới", "Đã xóa khóa riêng của CA cũ");
    }
}
