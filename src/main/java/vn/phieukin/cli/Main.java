package vn.phieukin.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Entry point of {@code phieukin.jar}: dispatches the sub-commands. */
public final class Main {

    static final String USAGE = String.join("\n",
            "phiếu kín — hệ thống bỏ phiếu kín rà soát, bổ sung quy hoạch cán bộ",
            "(secret-ballot system for the cadre planning review)",
            "",
            "Cách dùng / usage:",
            "  java -jar phieukin.jar serve [--port 8443] [--data DIR] [--keys DIR] [--admin-password PW]",
            "      chạy máy chủ HTTPS / run the HTTPS server",
            "  java -jar phieukin.jar demo [--port 8443] [--data demo/data] [--keys demo/keys]",
            "      chạy thử với dữ liệu mẫu, bước 1–3 đã bỏ phiếu / run with a sample review (steps 1-3 voted)",
            "  java -jar phieukin.jar verify RECORD.json --seal-key KEY [--previous EARLIER.json]",
            "      kiểm tra biên bản đã niêm phong, không cần máy chủ / verify a sealed record offline",
            "  java -jar phieukin.jar help",
            "      in hướng dẫn này / print this help");

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("verify")) {
            java.util.OptionalInt child = VerifyLauncher.relaunch(args);
            if (child.isPresent()) {
                System.exit(child.getAsInt());
            }
        }
        System.exit(run(args, utf8(System.out), utf8(System.err)));
    }

    /** Runs one command and returns its exit status (0 ok, 1 check failed, 2 usage or unreadable input). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "verify":
                return vn.phieukin.record.verify.VerifyCommand.run(rest, out, err);
            case "help":
            case "--help":
            case "-h":
                out.println(USAGE);
                return 0;
            case "serve":
                return vn.phieukin.server.Serve.run(rest, out, err);
            case "demo":
                return Demo.run(rest, out, err);
            default:
                err.println("Lệnh không xác định / unknown command: " + args[0]);
                err.println();
                err.println(USAGE);
                return 2;
        }
    }

    private static PrintStream utf8(PrintStream stream) {
        return new PrintStream(stream, true, StandardCharsets.UTF_8);
    }
}
