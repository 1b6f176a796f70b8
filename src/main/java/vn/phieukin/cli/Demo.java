package vn.phieukin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import vn.phieukin.server.Serve;

/**
 * {@code phieukin.jar demo [--port 8443] [--data demo/data] [--keys demo/keys]}: runs the server
 * with a sample review loaded through its own API (steps 1–3 already voted), so a newcomer can
 * run the step-4 vote from the browser. Data and keys go to their own folders, never to a real
 * installation's; a second start finds the sample already there and only serves it.
 */
final class Demo {

    static final String ADMIN_PASSWORD = "admin-demo-2026";

    private Demo() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String port = "8443";
        Path data = Path.of("demo", "data");
        Path keys = Path.of("demo", "keys");
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                err.println("Thiếu giá trị sau " + option);
                return 2;
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> port = value;
                case "--data" -> data = Path.of(value);
                case "--keys" -> keys = Path.of(value);
                default -> {
                    err.println("Tùy chọn không hợp lệ cho demo: " + option
                            + " (dùng: demo [--port 8443] [--data demo/data] [--keys demo/keys])");
                    return 2;
                }
            }
        }
        String[] serveArgs = {"--port", port, "--data", data.toString(), "--keys", keys.toString(),
            "--admin-password", ADMIN_PASSWORD};
        AtomicInteger served = new AtomicInteger(-1);
        Thread server = new Thread(() -> served.set(Serve.run(serveArgs, out, err)), "phieukin-demo-server");
        server.start();

        String base = "https://localhost:" + port;
        ApiClient api;
        String admin;
        try {
            api = waitForServer(base, keys.resolve("ca.pem"), server);
            if (api == null) {
                server.join();
                return served.get() < 0 ? 1 : served.get();
            }
            admin = api.call("POST", "/api/v1/login", Map.of("username", "admin", "password", ADMIN_PASSWORD), null)
                    .path("token").asText();
        } catch (ApiClient.Refused refused) {
            err.println("Không đăng nhập được vào dữ liệu chạy thử ở " + data.toAbsolutePath()
                    + " (" + refused.getMessage() + "). Xóa thư mục demo/ để bắt đầu lại.");
            return 1;
        } catch (Exception e) {
            err.println("Không khởi động được bản chạy thử: " + e.getMessage());
            return 1;
        }

        String step4;
        try {
            step4 = existingStep4(api, admin);
            if (step4 == null) {
                out.println("Đang nạp dữ liệu mẫu qua API (các bước 1–3 được bỏ phiếu tự động, mất khoảng một phút)…");
                step4 = new DemoReview(api, admin, out).load();
            } else {
                out.println("Dữ liệu mẫu đã có sẵn trong " + data.toAbsolutePath() + ".");
            }
        } catch (RuntimeException e) {
            err.println("Nạp dữ liệu mẫu không thành công: " + e.getMessage());
            return 1;
        }
        // step 4's counting committee: three simulated devices, which decrypt after every close
        try {
            DemoCommittee committee = DemoCommittee.ready(api, admin, step4, out);
            if (committee != null) {
                committee.watch(err);
            }
        } catch (RuntimeException e) {
            err.println("Không lập được Ban kiểm phiếu mô phỏng: " + e.getMessage());
            return 1;
        }
        guide(out, base, keys.resolve("ca.pem"), step4);
        try {
            server.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return served.get();
    }

    /** Waits until the server answers over TLS; null if it stopped (it printed why). */
    private static ApiClient waitForServer(String base, Path ca, Thread server) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                return null;
            }
            if (Files.exists(ca)) {
                try {
                    ApiClient api = new ApiClient(base, ca);
                    api.call("GET", "/api/v1/reviews", null, null);
                } catch (ApiClient.Refused listening) {
                    return new ApiClient(base, ca); // 401: up and answering
                } catch (IllegalStateException notYet) {
                    // not listening yet
                } catch (java.security.GeneralSecurityException | java.io.IOException notReadable) {
                    // the CA file is being written
                }
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("máy chủ không trả lời sau 2 phút");
    }

    /** The step-4 conference of the sample, when an earlier run loaded it. */
    private static String existingStep4(ApiClient api, String admin) {
        for (JsonNode review : api.call("GET", "/api/v1/reviews", null, admin)) {
            if (DemoReview.REVIEW_NAME.equals(review.path("name").asText())) {
                for (JsonNode c : api.call("GET", "/api/v1/reviews/" + review.path("id").asText(), null, admin).path("conferences")) {
                    if (c.path("step").asInt() == 4) {
                        return c.path("id").asText();
                    }
                }
            }
        }
        return null;
    }

    private static void guide(PrintStream out, String base, Path ca, String step4) {
        List<String> lines = new ArrayList<>(List.of(
                "",
                "════════ BẢN CHẠY THỬ (DEMO) ĐÃ SẴN SÀNG ════════",
                "Tài khoản:",
                "  admin / " + ADMIN_PASSWORD + "   (Quản trị, Ban Tổ chức)"));
        for (String[] u : DemoReview.USERS) {
            lines.add("  " + u[0] + " / " + u[1] + "   (" + u[3] + ")");
        }
        lines.addAll(List.of(
                "Bảng điều khiển:     " + base + "/console/",
                "Màn hình hội trường: " + base + "/screen/?conference=" + step4,
                "Máy tính bảng:       " + base + "/tablet/",
                "Bí thư:              " + base + "/chair/",
                "Ủy ban Kiểm tra:     " + base + "/audit/",
                "Ban kiểm phiếu:      3 thành viên " + DemoCommittee.LABEL + ", tự giải mã sau khi kết thúc mỗi phiên",
                "                     (Ban kiểm phiếu thật: mỗi thành viên ghép nối thiết bị riêng tại " + base + "/committee/)",
                "Chứng chỉ CA:        " + ca.toAbsolutePath() + " (trình duyệt sẽ cảnh báo cho đến khi tin CA này)",
                "Chạy thử bước 4: xem mục \"Chạy thử (demo)\" trong README. Dừng: Ctrl-C.",
                ""));
        lines.forEach(out::println);
    }
}
