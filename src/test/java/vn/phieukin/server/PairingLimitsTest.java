package vn.phieukin.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guessing pairing codes, as an attacker in the hall would: hundreds of wrong codes at once
 * from one address, from several addresses, and the desk's QR secret still pairing meanwhile.
 */
@ExtendWith(VertxExtension.class)
class PairingLimitsTest {
    @TempDir
    Path dir;
    TestServer srv;
    String admin;
    String conference;

    /** Connections per address raised above the 300 sent at once, so that every attempt reaches the pairing code. */
    static final ServerSettings.ConnectionLimits MANY_CONNECTIONS = new ServerSettings.ConnectionLimits(
            Duration.ofSeconds(120), Duration.ofSeconds(60), Duration.ofSeconds(60), 400, 0, 64);

    void start(Vertx vertx, ServerSettings.PairingLimits limits) throws Exception {
        srv = TestServer.start(vertx, dir, limits, java.util.Optional.of(TestServer.ADMIN_PASSWORD), MANY_CONNECTIONS);
        admin = srv.adminToken();
        String review = srv.ok("/api/v1/reviews", new JsonObject().put("name", "Rà soát").put("referenceDate", "2026-06-01"),
                admin).getString("id");
        conference = srv.ok("/api/v1/reviews/" + review + "/conferences", new JsonObject().put("step", 1)
                .put("title", "Hội nghị BTV").put("date", "2026-06-10"), admin).getString("id");
    }

    @AfterEach
    void stop() throws Exception {
        if (srv != null) {
            srv.close();
        }
    }

    private JsonObject checkIn(String fullName) throws Exception {
        String delegate = srv.ok("/api/v1/conferences/" + conference + "/delegates", new JsonObject().put("fullName", fullName),
                admin).getString("id");
        return srv.ok("/api/v1/conferences/" + conference + "/delegates/" + delegate + "/check-in", new JsonObject(), admin)
                .put("delegateId", delegate);
    }

    /** {@code n} 8-digit codes that are none of the live ones. */
    private static List<JsonObject> wrongCodes(int n, String... live) {
        List<JsonObject> out = new ArrayList<>();
        for (int i = 0; out.size() < n; i++) {
            String code = String.format("%08d", 10_000_000 + i * 7919);
            if (!List.of(live).contains(code)) {
                out.add(new JsonObject().put("pairingCode", code));
            }
        }
        return out;
    }

    private static Map<String, Long> byCode(List<Crowd.Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(a -> a.status() + " " + a.code(), Collectors.counting()));
    }

    @Test
    void threeHundredConcurrentWrongCodesFromOneAddressGetAtMostTheLimitEvaluated(Vertx vertx) throws Exception {
        start(vertx, new ServerSettings.PairingLimits(10, Duration.ofMinutes(5), 0));
        String live = checkIn("Nguyễn Văn An").getString("pairingCode");
        List<Crowd.Answer> answers;
        try (Crowd crowd = new Crowd(srv, "127.0.0.2", 300).warm(300)) {
            answers = crowd.postAll("/api/v1/tablet/pair", wrongCodes(300, live));
        }
        Map<String, Long> counts = byCode(answers);
        assertThat(answers).hasSize(300);
        assertThat(counts.getOrDefault("400 BAD_PAIRING_CODE", 0L)).as("evaluated: %s", counts).isLessThanOrEqualTo(10);
        assertThat(counts.getOrDefault("429 TOO_MANY_ATTEMPTS", 0L)).as("%s", counts)
                .isEqualTo(300 - counts.getOrDefault("400 BAD_PAIRING_CODE", 0L));
        Crowd.Answer refused = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
        assertThat(refused.text()).contains("thử lại sau").contains("giây").contains("mã QR");
    }

    @Test
    void aGuesserAtOneAddressDoesNotStopTypedCodesFromAnother(Vertx vertx) throws Exception {
        start(vertx, new ServerSettings.PairingLimits(3, Duration.ofMinutes(5), 0));
        String live = checkIn("Nguyễn Văn An").getString("pairingCode");
        try (Crowd guesser = new Crowd(srv, "127.0.0.2", 10).warm(10); Crowd hall = new Crowd(srv, "127.0.0.3", 1)) {
            guesser.postAll("/api/v1/tablet/pair", wrongCodes(10, live));
            assertThat(TestServer.await(guesser.post("/api/v1/tablet/pair", new JsonObject().put("pairingCode", live), null))
                    .status()).as("the guesser's address is refused, even a right code").isEqualTo(429);
            assertThat(TestServer.await(hall.post("/api/v1/tablet/pair", new JsonObject().put("pairingCode", live), null))
                    .status()).isEqualTo(200);
        }
    }

    @Test
    void aGlobalLimitOnWrongCodesPerMinuteHoldsAcrossAddresses(Vertx vertx) throws Exception {
        start(vertx, new ServerSettings.PairingLimits(100, Duration.ofMinutes(5), 8));
        String live = checkIn("Nguyễn Văn An").getString("pairingCode");
        List<Crowd.Answer> answers = new ArrayList<>();
        List<JsonObject> wrong = wrongCodes(120, live);
        try (Crowd a = new Crowd(srv, "127.0.0.2", 40).warm(40); Crowd b = new Crowd(srv, "127.0.0.3", 40).warm(40);
             Crowd c = new Crowd(srv, "127.0.0.4", 40).warm(40)) {
            List<io.vertx.core.Future<Crowd.Answer>> sent = new ArrayList<>();
            for (int i = 0; i < wrong.size(); i++) {
                Crowd from = i % 3 == 0 ? a : i % 3 == 1 ? b : c;
                sent.add(from.post("/api/v1/tablet/pair", wrong.get(i), null));
            }
            TestServer.await(io.vertx.core.Future.all(sent));
            sent.forEach(f -> answers.add(f.result()));
        }
        Map<String, Long> counts = byCode(answers);
        assertThat(counts.getOrDefault("400 BAD_PAIRING_CODE", 0L)).as("%s", counts).isLessThanOrEqualTo(8);
        assertThat(counts.getOrDefault("429 TOO_MANY_ATTEMPTS", 0L)).as("%s", counts).isGreaterThanOrEqualTo(112);
        assertThat(answers.stream().filter(x -> x.status() == 429).findFirst().orElseThrow().text())
                .contains("toàn hội trường");
        srv.clock.advance(Duration.ofMinutes(1));
        assertThat(srv.post("/api/v1/tablet/pair", new JsonObject().put("pairingCode", live), null).status())
                .as("typed codes work again after the minute").isEqualTo(200);
    }

    @Test
    void theDesksQrSecretPairsWhileTypedCodesFromThatAddressAreRefused(Vertx vertx) throws Exception {
        start(vertx, new ServerSettings.PairingLimits(3, Duration.ofMinutes(5), 5));
        JsonObject first = checkIn("Nguyễn Văn An");
        String secret = first.getString("pairingSecret");
        assertThat(secret).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(secret).length * 8).as("bits of the QR secret").isGreaterThanOrEqualTo(96);
        try (Crowd hall = new Crowd(srv, "127.0.0.2", 50).warm(50)) {
            // a guesser behind the same NAT as the hall uses up the address's and the hall's typed attempts
            hall.postAll("/api/v1/tablet/pair", wrongCodes(50, first.getString("pairingCode")));
            Crowd.Answer typed = TestServer.await(hall.post("/api/v1/tablet/pair",
                    new JsonObject().put("pairingCode", first.getString("pairingCode")), null));
            assertThat(typed.status()).isEqualTo(429);
            Crowd.Answer scanned = TestServer.await(hall.post("/api/v1/tablet/pair",
                    new JsonObject().put("pairingSecret", secret), null));
            assertThat(scanned.status()).as(scanned.text()).isEqualTo(200);
            String tablet = new JsonObject(scanned.text()).getString("tabletToken");
            assertThat(srv.get("/api/v1/tablet/state", tablet).object().getJsonObject("delegate").getString("id"))
                    .isEqualTo(first.getString("delegateId"));
            // once used, neither the secret nor the code pairs again
            assertThat(TestServer.await(hall.post("/api/v1/tablet/pair", new JsonObject().put("pairingSecret", secret), null))
                    .code()).isEqualTo("BAD_PAIRING_CODE");
            // wrong secrets are harmless and never lock anyone out
            for (int i = 0; i < 20; i++) {
                String guess = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[16]).replace('A', (char) ('B' + i % 20));
                assertThat(TestServer.await(hall.post("/api/v1/tablet/pair", new JsonObject().put("pairingSecret", guess), null))
                        .code()).isEqualTo("BAD_PAIRING_CODE");
            }
            JsonObject second = checkIn("Hoàng Thị Bình");
            assertThat(TestServer.await(hall.post("/api/v1/tablet/pair",
                    new JsonObject().put("pairingSecret", second.getString("pairingSecret")), null)).status()).isEqualTo(200);
        }
        srv.clock.advance(Duration.ofMinutes(5));
        assertThat(srv.post("/api/v1/tablet/pair", new JsonObject().put("pairingCode", first.getString("pairingCode")), null)
                .errorCode()).as("the code was used up by the QR pairing").isEqualTo("BAD_PAIRING_CODE");
    }

    @Test
    void rightCodesFromTheHallsNatAreNotCountedAgainstIt(Vertx vertx) throws Exception {
        start(vertx, new ServerSettings.PairingLimits(3, Duration.ofMinutes(5), 3));
        try (Crowd hall = new Crowd(srv, "127.0.0.2", 1)) {
            for (int i = 0; i < 12; i++) {
                String code = checkIn("Đại biểu " + i).getString("pairingCode");
                assertThat(TestServer.await(hall.post("/api/v1/tablet/pair", new JsonObject().put("pairingCode", code), null))
                        .status()).as("tablet %d of the hall", i).isEqualTo(200);
            }
            hall.postAll("/api/v1/tablet/pair", wrongCodes(2));
            String code = checkIn("Đại biểu cuối").getString("pairingCode");
            assertThat(TestServer.await(hall.post("/api/v1/tablet/pair", new JsonObject().put("pairingCode", code), null))
                    .status()).as("two slips of the hand do not stop the next tablet").isEqualTo(200);
        }
    }

    @Test
    void aMalformedSecretIsABadRequestNamingTheField(Vertx vertx) throws Exception {
        start(vertx, ServerSettings.PairingLimits.DEFAULT);
        TestServer.Answer answer = srv.post("/api/v1/tablet/pair", new JsonObject().put("pairingSecret", 12), null);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("pairingSecret");
    }
}
