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
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The HTTPS keys in the keys folder: a local CA that tablets trust once ({@code ca.pem}) and the
 * server certificate it signs ({@code server.pem} with the chain, {@code server-key.pem}); all ECDSA
 * P-256, private keys PKCS#8 with mode 0600.
 * <p>The CA's private key never reaches the disk: it is made in memory, signs the one server
 * certificate and is dropped, so a copy of {@code keys/} (or an intruder on the server) cannot issue
 * a certificate that tablets would trust. The CA can only vouch for the names and addresses it was
 * made for (critical name constraints: {@code localhost} and this machine's addresses) and lives at
 * most two years, like the server certificate. Renewing therefore means a new CA: when the server
 * certificate is missing, expires within 30 days, or does not name one of this machine's current
 * addresses (the hall network changed), both are made again and {@link #notices()} tells the
 * operator to install the new {@code ca.pem} on the tablets. A CA of an older version (no name
 * constraints, ten years, its key in {@code ca-key.pem}) is replaced the same way and its key deleted.
 */
public final class TlsMaterial {
    public static final String CA_CERT = "ca.pem";
    /** Where older versions kept the CA's private key; deleted when found. */
    public static final String CA_KEY = "ca-key.pem";
    public static final String SERVER_CERT = "server.pem";
    public static final String SERVER_KEY = "server-key.pem";
    /** At most two years (issue 9), for the CA and the server certificate alike. */
    static final Duration VALIDITY = Duration.ofDays(730);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final Path keysDir;
    private final List<String> notices = new ArrayList<>();

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

    /** What the operator must know from this start (a new CA to install), in Vietnamese; often empty. */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    /** Loads the material from {@code keysDir}, creating what is missing or due; blocking. */
    public static TlsMaterial loadOrCreate(Path keysDir, Clock clock) throws IOException, GeneralSecurityException {
        Files.createDirectories(keysDir);
        TlsMaterial material = new TlsMaterial(keysDir);
        Instant now = clock.instant();
        Set<String> hostNames = new LinkedHashSet<>(List.of("localhost"));
        Set<InetAddress> addresses = machineAddresses();
        boolean hadCa = Files.exists(material.caCertificate());
        X509Certificate ca = hadCa ? readable(material.caCertificate()) : null;
        String why = null;
        if (ca == null) {
            why = hadCa ? "chứng chỉ CA không đọc được" : null;
        } else if (!currentKind(ca)) {
            why = "CA của phiên bản trước (không giới hạn tên, hiệu lực dài, khóa riêng lưu trên đĩa)";
        } else if (!serverCertificateUsable(material, ca, now, addresses)) {
            why = "chứng chỉ máy chủ cần cấp lại (sắp hết hạn, bị thiếu, hoặc địa chỉ mạng của máy đã thay đổi)";
        }
        if (ca == null || why != null) {
            KeyPair caKeys = newKeyPair();
            ca = caCertificate(caKeys, now, hostNames, addresses);
            KeyPair serverKeys = newKeyPair();
            X509Certificate server = serverCertificate(serverKeys, caKeys, ca, now, hostNames, addresses);
            writePrivate(material.serverKey(), pem(serverKeys.getPrivate()));
            writeAtomically(material.serverCertificate(), pem(server) + pem(ca));
            writeAtomically(material.caCertificate(), pem(ca));
            // caKeys goes out of scope here: the CA's private key was never written anywhere
            if (hadCa) {
                material.notices.add("Đã tạo CA mới (" + why + "). Phải cài lại tệp "
                        + material.caCertificate().toAbsolutePath() + " lên MỌI máy tính bảng và màn hình hội trường"
                        + " (CA cũ không còn được dùng).");
            }
        }
        Path oldKey = keysDir.resolve(CA_KEY);
        if (Files.exists(oldKey)) {
            wipe(oldKey);
            material.notices.add("Đã xóa khóa riêng của CA cũ (" + oldKey.toAbsolutePath()
                    + "): máy chủ không giữ khóa CA; khi cần cấp lại chứng chỉ, máy chủ tạo CA mới.");
        }
        return material;
    }

    /** A CA this version made: name-constrained, at most two years. */
    private static boolean currentKind(X509Certificate ca) {
        long days = Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays();
        return ca.getExtensionValue(Extension.nameConstraints.getId()) != null && days <= VALIDITY.toDays() + 1;
    }

    private static X509Certificate readable(Path file) {
        try {
            return readCertificate(file);
        } catch (IOException | GeneralSecurityException | RuntimeException unreadable) {
            return null;
        }
    }

    /** Overwrites a key file before deleting it (best effort: a journaling file system may keep copies). */
    private static void wipe(Path file) throws IOException {
        long size = Files.size(file);
        Files.write(file, new byte[(int) Math.min(size, 1 << 20)]);
        Files.delete(file);
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

    private static X509Certificate caCertificate(KeyPair keys, Instant now, Set<String> hostNames,
                                                 Set<InetAddress> addresses) throws GeneralSecurityException, IOException {
        X500Name name = name("phieukin local CA " + now.toString().substring(0, 10));
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        List<GeneralSubtree> permitted = new ArrayList<>();
        for (String host : hostNames) {
            permitted.add(new GeneralSubtree(new GeneralName(GeneralName.dNSName, host)));
        }
        for (InetAddress address : addresses) {
            int bits = address.getAddress().length * 8;
            permitted.add(new GeneralSubtree(new GeneralName(GeneralName.iPAddress,
                    address.getHostAddress() + "/" + bits)));
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.nameConstraints, true,
                        new NameConstraints(permitted.toArray(GeneralSubtree[]::new), null))
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
                Date.from(now.minus(Duration.ofHours(1))), ca.getNotAfter(),
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
