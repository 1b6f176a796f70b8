package vn.phieukin.ballot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealKeyTest {

    private static final byte[] RECORD = "phieukin/record/v1|{\"format\":\"phieukin-record/1\",\"round\":{\"name\":\"Vòng 1\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Path keys() {
        return dir.resolve("keys");
    }

    @Test
    void theFirstStartWritesTheKeyPairWithThePrivateKeyReadableOnlyByTheOwner() throws Exception {
        SealKey.loadOrCreate(keys());
        Path privateFile = keys().resolve("seal-ed25519.pem");
        Path publicFile = keys().resolve("seal-ed25519.pub.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
        assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(publicFile)).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys()))).isEqualTo("rwx------");
        try (var listing = Files.list(keys())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "seal-ed25519.pem", "seal-ed25519.pub.pem");
        }
    }

    @Test
    void laterStartsReuseTheSameKeySoOldRecordsStillVerify() throws Exception {
        SealKey first = SealKey.loadOrCreate(keys());
        byte[] signature = first.sign(RECORD);
        SealKey again = SealKey.loadOrCreate(keys());
        assertThat(again.keyId()).isEqualTo(first.keyId());
        assertThat(again.publicKey()).isEqualTo(first.publicKey());
        assertThat(again.publicKey().verify(RECORD, signature)).isTrue();
    }

    @Test
    void anotherInstallationGetsAnotherKey() throws Exception {
        assertThat(SealKey.loadOrCreate(dir.resolve("a")).keyId()).isNotEqualTo(SealKey.loadOrCreate(dir.resolve("b")).keyId());
    }

    @Test
    void theKeyIdIsTheFirst16HexOfSha256OfTheRawPublicKey() throws Exception {
        SealKey seal = SealKey.loadOrCreate(keys());
        byte[] raw = seal.publicKey().raw();
        assertThat(raw).hasSize(32);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw)).substring(0, 16);
        assertThat(seal.keyId()).isEqualTo(expected).matches("[0-9a-f]{16}");
    }

    @Test
    void aSealVerifiesOnlyForTheSameRecordSignatureAndKey() throws Exception {
        SealKey seal = SealKey.loadOrCreate(keys());
        byte[] signature = seal.sign(RECORD);
        assertThat(signature).hasSize(64);
        assertThat(seal.publicKey().verify(RECORD, signature)).isTrue();

        byte[] changedRecord = RECORD.clone();
        changedRecord[changedRecord.length - 3] ^= 0x01;
        assertThat(seal.publicKey().verify(changedRecord, signature)).isFalse();
        byte[] changedSignature = signature.clone();
        changedSignature[10] ^= 0x01;
        assertThat(seal.publicKey().verify(RECORD, changedSignature)).isFalse();
        assertThat(SealKey.loadOrCreate(dir.resolve("other")).publicKey().verify(RECORD, signature)).isFalse();
        assertThat(seal.publicKey().verify(RECORD, new byte[63])).isFalse();
        assertThat(seal.publicKey().verify(RECORD, new byte[64])).isFalse();
        assertThat(seal.publicKey().verify(RECORD, null)).isFalse();
    }

    @Test
    void anAuditorCanGiveThePublicKeyAsTheFileAsPemTextOrAsBase64url() throws Exception {
        SealKey seal = SealKey.loadOrCreate(keys());
        Path publicFile = keys().resolve("seal-ed25519.pub.pem");
        SealPublicKey fromFile = SealPublicKey.parse(publicFile.toString());
        SealPublicKey fromText = SealPublicKey.parse(Files.readString(publicFile));
        SealPublicKey fromBase64 = SealPublicKey.parse(seal.publicKey().base64Url());
        assertThat(fromFile).isEqualTo(seal.publicKey()).isEqualTo(fromText).isEqualTo(fromBase64);
        assertThat(fromBase64.keyId()).isEqualTo(seal.keyId());
        assertThat(fromFile.verify(RECORD, seal.sign(RECORD))).isTrue();
        assertThat(seal.publicKey().base64Url()).hasSize(43);
    }

    @Test
    void somethingThatIsNoSealPublicKeyIsRefusedWithAReason() throws Exception {
        SealKey.loadOrCreate(keys());
        assertThatThrownBy(() -> SealPublicKey.parse(dir.resolve("missing.pem").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("neither");
        assertThatThrownBy(() -> SealPublicKey.parse(Base64Url.encode(new byte[31])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SealPublicKey.parse(keys().resolve("seal-ed25519.pem").toString()))
                .as("the private key file by mistake").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PUBLIC KEY");
        Path ed448Pem = dir.resolve("ed448.pem");
        Files.writeString(ed448Pem, SealPublicKey.pem("PUBLIC KEY", Base64.getDecoder().decode(
                "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=".replace("K2VwAyEA", "K2VxAyEA"))));
        assertThatThrownBy(() -> SealPublicKey.parse(ed448Pem.toString())).isInstanceOf(IllegalArgumentException.class);
    }

    /** The JDK's own Ed25519 reads our PEM files and signs identically (Ed25519 is deterministic). */
    @Test
    void theKeyFilesAreStandardPkcs8AndSpkiThatTheJdkReads() throws Exception {
        SealKey seal = SealKey.loadOrCreate(keys());
        KeyFactory factory = KeyFactory.getInstance("Ed25519");
        var privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pemBody(keys().resolve("seal-ed25519.pem"))));
        var publicKey = factory.generatePublic(new X509EncodedKeySpec(pemBody(keys().resolve("seal-ed25519.pub.pem"))));
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(privateKey);
        jdk.update(RECORD);
        assertThat(jdk.sign()).isEqualTo(seal.sign(RECORD));
        jdk.initVerify(publicKey);
        jdk.update(RECORD);
        assertThat(jdk.verify(seal.sign(RECORD))).isTrue();
    }

    @Test
    void aPrivateKeyFileThatOthersCanReadIsRefused() throws Exception {
        SealKey.loadOrCreate(keys());
        Path privateFile = keys().resolve("seal-ed25519.pem");
        Files.setPosixFilePermissions(privateFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> SealKey.loadOrCreate(keys())).isInstanceOf(IOException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aPublicKeyFileThatDoesNotMatchThePrivateKeyIsRefused() throws Exception {
        SealKey.loadOrCreate(keys());
        SealKey other = SealKey.loadOrCreate(dir.resolve("other"));
        Files.writeString(keys().resolve("seal-ed25519.pub.pem"), other.publicKey().toPem());
        assertThatThrownBy(() -> SealKey.loadOrCreate(keys())).isInstanceOf(IOException.class)
                .hasMessageContaining("không khớp");
    }

    @Test
    void aPublicKeyWithoutItsPrivateKeyIsNotSilentlyReplaced() throws Exception {
        SealKey seal = SealKey.loadOrCreate(keys());
        Files.delete(keys().resolve("seal-ed25519.pem"));
        assertThatThrownBy(() -> SealKey.loadOrCreate(keys())).isInstanceOf(IOException.class)
                .hasMessageContaining("thiếu khóa bí mật");
        assertThat(SealPublicKey.parse(keys().resolve("seal-ed25519.pub.pem").toString())).isEqualTo(seal.publicKey());
    }

    @Test
    void aMissingPublicKeyFileIsWrittenAgainFromThePrivateKey() throws Exception {
        SealKey seal = SealKey.loadOrCreate(keys());
        Files.delete(keys().resolve("seal-ed25519.pub.pem"));
        assertThat(SealKey.loadOrCreate(keys()).keyId()).isEqualTo(seal.keyId());
        assertThat(SealPublicKey.parse(keys().resolve("seal-ed25519.pub.pem").toString())).isEqualTo(seal.publicKey());
    }

    @Test
    void aCorruptPrivateKeyFileIsReportedNotReplaced() throws Exception {
        SealKey.loadOrCreate(keys());
        Path privateFile = keys().resolve("seal-ed25519.pem");
        Files.writeString(privateFile, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SealKey.loadOrCreate(keys())).isInstanceOf(IOException.class)
                .hasMessageContaining("Ed25519 PKCS#8");
        assertThat(Files.readString(privateFile)).contains("AAAA");
    }

    @Test
    void theKeyNeverAppearsInItsTextForm() throws Exception {
        SealKey seal = SealKey.loadOrCreate(keys());
        String privatePem = Files.readString(keys().resolve("seal-ed25519.pem"));
        assertThat(seal.toString()).contains(seal.keyId()).doesNotContain(privatePem.substring(28, 60));
    }

    private static byte[] pemBody(Path file) throws IOException {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
