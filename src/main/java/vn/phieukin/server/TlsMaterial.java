package vn.phieukin.server;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The HTTPS keys in the keys folder: a local CA that tablets trust once ({@code ca.pem},
 * {@code ca-key.pem}) and the server certificate it signs ({@code server.pem} with the chain,
 * {@code server-key.pem}); all ECDSA P-256, private keys PKCS#8 with mode 0600.
 * The CA is made once and kept. The server certificate is made again when it is missing,
 * expires within 30 days, or does not name one of this machine's current addresses (the hall
 * network may have changed); tablets keep working since they trust the CA, not the certificate.
 * Validity stays under Apple's 825-day limit for certificates of user-installed CAs.
 */
public final class TlsMaterial {
    public static final String CA_CERT = "ca.pem";
    public static final String CA_KEY = "ca-key.pem";
    public static final String SERVER_CERT = "server.pem";
    public static final String SERVER_KEY = "server-key.pem";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(800);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path keysDir;

    private TlsMaterial(Path keysDir) {
        this.keysDir = keysDir;
    }

    public Path caCertificate() {
        return keysDir.resolve(CA_CERT);
    }

    public Path serverCertificate() {
        return keysDir.resolve(SERVER_CERT);
    }

    public Path serverKey() {
        return keysDir.resolve(SERVER_KEY);
    }

    /** Loads the material from {@code keysDir}, creating what is missing; blocking. */
    public static TlsMaterial loadOrCreate(Path keysDir, Clock clock) throws IOException, GeneralSecurityException {
        Files.createDirectories(keysDir);
        TlsMaterial material = new TlsMaterial(keysDir);
        Instant now = clock.instant();
        Set<String> hostNames = new LinkedHashSet<>(List.of("localhost"));
        Set<InetAddress> addresses = machineAddresses();
        KeyPair caKeys;
        X509Certificate ca;
        if (Files.exists(material.caCertificate()) && Files.exists(keysDir.resolve(CA_KEY))) {
            ca = readCertificate(material.caCertificate());
            caKeys = new KeyPair(ca.getPublicKey(), readPrivateKey(keysDir.resolve(CA_KEY)));
        } else {
            caKeys = newKeyPair();
            ca = caCertificate(caKeys, now);
            writePrivate(keysDir.resolve(CA_KEY), pem(caKeys.getPrivate()));
            writeAtomically(material.caCertificate(), pem(ca));
        }
        if (!serverCertificateUsable(material, ca, now, addresses)) {
            KeyPair serverKeys = newKeyPair();
            X509Certificate server = serverCertificate(serverKeys, caKeys, ca, now, hostNames, addresses);
            writePrivate(material.serverKey(), pem(serverKeys.getPrivate()));
            writeAtomically(material.serverCertificate(), pem(server) + pem(ca));
        }
        return material;
    }

    private static boolean serverCertificateUsable(TlsMaterial material, X509Certificate ca, Instant now,
                                                   Set<InetAddress> addresses) {
        if (!Files.exists(material.serverCertificate()) || !Files.exists(material.serverKey())) {
            return false;
        }
        try {
            X509Certificate server = readCertificate(material.serverCertificate());
            server.verify(ca.getPublicKey());
            if (server.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
                return false;
            }
            Set<String> named = new LinkedHashSet<>();
            if (server.getSubjectAlternativeNames() != null) {
                for (List<?> name : server.getSubjectAlternativeNames()) {
                    named.add(String.valueOf(name.get(1)));
                }
            }
            for (InetAddress address : addresses) {
                if (named.stream().noneMatch(n -> sameAddress(n, address))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | GeneralSecurityException | RuntimeException unreadable) {
            return false;
        }
    }

    private static boolean sameAddress(String name, InetAddress address) {
        try {
            return InetAddress.getByName(name).equals(address);
        } catch (IOException notAnAddress) {
            return false;
        }
    }

    /** Loopback addresses and every non-loopback address of the machine's interfaces that are up. */
    static Set<InetAddress> machineAddresses() throws IOException {
        Set<InetAddress> out = new LinkedHashSet<>();
        out.add(InetAddress.getByName("127.0.0.1"));
        out.add(InetAddress.getByName("::1"));
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        // drop an IPv6 scope (%eth0): a certificate holds the bare address
                        out.add(InetAddress.getByAddress(address.getAddress()));
                    }
                }
            }
        } catch (SocketException noInterfaces) {
            // loopback only
        }
        return out;
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair keys, Instant now) throws GeneralSecurityException, IOException {
        X500Name name = name("phieukin local CA " + now.toString().substring(0, 10));
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(keys.getPublic()));
        return sign(builder, keys.getPrivate());
    }

    private static X509Certificate serverCertificate(KeyPair keys, KeyPair caKeys, X509Certificate ca, Instant now,
                                                     Set<String> hostNames, Set<InetAddress> addresses)
            throws GeneralSecurityException, IOException {
        List<GeneralName> names = new ArrayList<>();
        for (String host : hostNames) {
            names.add(new GeneralName(GeneralName.dNSName, host));
        }
        for (InetAddress address : addresses) {
            names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress()));
        }
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(SERVER_VALIDITY)),
                name("localhost"), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)))
                .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca));
        return sign(builder, caKeys.getPrivate());
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .addRDN(BCStyle.O, "phieukin")
                .build();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder(SIGNATURE).build(signer);
            X509CertificateHolder holder = builder.build(contentSigner);
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(Object value) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (value instanceof PrivateKey key) {
                // PKCS#8 ("BEGIN PRIVATE KEY"), which Vert.x and OpenSSL both read
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(value);
            }
        }
        return text.toString();
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object first = parser.readObject();
            if (!(first instanceof X509CertificateHolder holder)) {
                throw new IOException(file + " holds no certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(holder);
        }
    }

    private static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object value = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (value instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (value instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException(file + " holds no private key");
        }
    }

    /** Writes a private key readable by the owner only, replacing any older file at once. */
    private static void writePrivate(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary);
        try {
            Files.setPosixFilePermissions(temporary, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's permissions apply
        }
        try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII)) {
            writer.write(text);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
