package vn.phieukin.record.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import vn.phieukin.ballot.SealPublicKey;
import vn.phieukin.record.RecordHash;

/**
 * {@code verify RECORD.json --seal-key KEY [--previous EARLIER.json]}: the auditor's command.
 * KEY is the seal public key's PEM file ({@code seal-ed25519.pub.pem}) or its raw 32 bytes in
 * base64url (as {@code GET /api/v1/seal-key} shows it). Exit 0 when every check holds, 1 when
 * any fails, 2 when the record, the key or the arguments cannot be read; never a stack trace.
 */
public final class VerifyCommand {

    public static final int ALL_HOLD = 0;
    public static final int CHECK_FAILED = 1;
    public static final int UNREADABLE = 2;

    static final String USAGE = "Cách dùng / usage: java -jar phieukin.jar verify RECORD.json --seal-key KEY [--previous EARLIER.json]\n"
            + "  KEY: tệp PEM khóa công khai niêm phong (seal-ed25519.pub.pem) hoặc khóa thô dạng base64url";

    private VerifyCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String recordArg = null;
        String keyArg = null;
        String previousArg = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--seal-key") || arg.equals("--previous")) {
                if (i + 1 >= args.length) {
                    err.println("Thiếu giá trị sau " + arg + ".");
                    err.println(USAGE);
                    return UNREADABLE;
                }
                if (arg.equals("--seal-key")) {
                    keyArg = args[++i];
                } else {
                    previousArg = args[++i];
                }
            } else if (arg.startsWith("--") || recordArg != null) {
                err.println("Tham số không xác định: " + arg);
                err.println(USAGE);
                return UNREADABLE;
            } else {
                recordArg = arg;
            }
        }
        if (recordArg == null || keyArg == null) {
            err.println(recordArg == null ? "Thiếu tệp biên bản cần kiểm tra." : "Thiếu khóa niêm phong (--seal-key).");
            err.println(USAGE);
            return UNREADABLE;
        }
        try {
            SealPublicKey key;
            try {
                key = SealPublicKey.parse(keyArg);
            } catch (IllegalArgumentException e) {
                err.println("Không đọc được khóa niêm phong \"" + keyArg + "\": cần tệp PEM khóa công khai Ed25519 hoặc "
                        + "32 byte dạng base64url (" + e.getMessage() + ").");
                return UNREADABLE;
            }
            Timings timings = Timings.fromEnvironment();
            timings.mark("jvm-start");
            JsonNode record = RecordVerifier.read(path(recordArg));
            timings.mark("parse");
            JsonNode previous = null;
            if (previousArg != null) {
                try {
                    previous = RecordVerifier.read(path(previousArg));
                } catch (UnreadableRecordException e) {
                    err.println("Biên bản trước (--previous " + previousArg + ") không đọc được: " + e.getMessage());
                    return UNREADABLE;
                }
            }
            VerificationReport report = RecordVerifier.verify(record, key, previous, timings);
            out.println("Tệp: " + recordArg);
            out.println(report.recordSha256() != null ? hashLine(report.recordSha256()) : hashLine(record));
            report.print(out);
            timings.mark("report");
            timings.print(err);
            return report.allPassed() ? ALL_HOLD : CHECK_FAILED;
        } catch (UnreadableRecordException e) {
            err.println("Biên bản " + recordArg + " không đọc được: " + e.getMessage());
            return UNREADABLE;
        } catch (RuntimeException | StackOverflowError e) {
            // Never a stack trace for the auditor; the record is what we could not handle.
            err.println("Biên bản " + recordArg + " không kiểm tra được: " + e);
            return UNREADABLE;
        }
    }

    /**
     * The record's hash exactly as the minutes, the hall screen and the audit page show it. It is
     * the SHA-256 of the record's canonical form (JCS, RFC 8785), not of the file's bytes, so
     * {@code sha256sum} of the downloaded file may differ (spacing, order of members): say so.
     */
    static String hashLine(JsonNode record) {
        String hash;
        try {
            hash = RecordHash.sha256(record);
        } catch (IllegalArgumentException e) {
            hash = "không tính được (" + e.getMessage() + ")";
        }
        return hashLine(hash);
    }

    /** {@link #hashLine(JsonNode)} for a hash already computed (the verifier's, from the seal check's texts). */
    static String hashLine(String hash) {
        return "Mã băm hồ sơ: " + hash + "\n"
                + "  (SHA-256 của dạng chuẩn JCS, RFC 8785, của toàn bộ hồ sơ: so với \"Mã băm\" trên biên bản;"
                + " khác sha256sum của tệp là bình thường)";
    }

    private static Path path(String text) throws UnreadableRecordException {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new UnreadableRecordException("Đường dẫn không hợp lệ: " + text);
        }
    }
}
