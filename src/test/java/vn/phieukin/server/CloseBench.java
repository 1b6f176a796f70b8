package vn.phieukin.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.CanonicalJson;
import vn.phieukin.ballot.Receipts;
import vn.phieukin.record.ProcedureJson;
import vn.phieukin.store.Database;

/**
 * The close of big rounds without HTTP issuance (issue 10 item 5, issue 14 item 2): one genuine
 * ballot is cast over HTTPS, then the box is filled straight in the database with copies of it
 * under fresh random token keys (the count checks the body, not the token: every ballot was
 * checked when cast), each stored as its canonical JSON under its receipt, as the server stores
 * one; then {@code POST /close} is timed (wall and this process's CPU) for each size, in one
 * server, every earlier round left in the database (as {@code CastLoad --close-sizes}).
 *
 * <pre>java -cp target/test-classes:target/phieukin.jar vn.phieukin.server.CloseBench 1000,2000,5000,10000</pre>
 */
public final class CloseBench {
    public static void main(String[] args) throws Exception {
        List<Integer> sizes = java.util.Arrays.stream((args.length > 0 ? args[0] : "1000,2000,5000,10000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        Path dir = Files.createTempDirectory("phieukin-close-");
        Vertx vertx = Vertx.vertx();
        SecureRandom random = new SecureRandom();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (TestServer srv = TestServer.start(vertx, dir)) {
            RoundsFixture f = RoundsFixture.create(srv);
            for (String key : List.of("c4", "c5", "c6", "c7", "c8", "c9")) {
                f.plan(key, key.compareTo("c7") < 0 ? "CT" : "BT");
            }
            String conference = f.conference(1);
            List<RoundsFixture.Delegate> delegates = f.delegates(conference, 2, 2);
            List<Integer> runs = new ArrayList<>(List.of(200)); // a first, unreported close: the JIT warms up
            runs.addAll(sizes);
            for (int n = 0; n < runs.size(); n++) {
                int size = runs.get(n);
                JsonObject round = f.openRound(conference, n == 0 ? new JsonObject()
                        : new JsonObject().put("reason", "Đo thời gian kết thúc phiên (" + size + " phiếu)"));
                String id = round.getString("id");
                JsonObject cast = f.issued(round, delegates.get(0).tablet()).ballot(RoundsFixture.votes(round, Map.of()));
                srv.ok("/api/v1/rounds/" + id + "/ballots", cast, null);
                fill(dir.resolve("data").resolve(Database.FILE_NAME), id, size - 1, random);
                System.gc();
                String load = Files.readString(Path.of("/proc/loadavg")).trim();
                long cpu = os.getProcessCpuTime();
                long start = System.nanoTime();
                srv.ok("/api/v1/rounds/" + id + "/close", new JsonObject(), f.admin);
                double wall = (System.nanoTime() - start) / 1e6;
                double cpuMs = (os.getProcessCpuTime() - cpu) / 1e6;
                System.out.printf((n == 0 ? "(warm-up) " : "") + "close of %s, %d ballots: %.0f ms wall, %.0f ms CPU (this JVM); phieukin.db %.1f MB; "
                                + "/proc/loadavg %s%n", id, size, wall, cpuMs,
                        Files.size(dir.resolve("data").resolve(Database.FILE_NAME)) / 1e6, load);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    /** {@code count} copies of the round's one ballot, each under a fresh random token key. */
    static void fill(Path db, String roundId, int count, SecureRandom random) throws Exception {
        long seq = Long.parseLong(roundId.substring(1));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 30000");
            }
            ObjectNode model;
            try (Statement s = c.createStatement(); ResultSet row = s.executeQuery("SELECT request FROM ballots WHERE round_seq = " + seq)) {
                row.next();
                model = (ObjectNode) ProcedureJson.mapper().readTree(row.getString(1));
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO ballots(receipt, round_seq, token_key, request) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < count; i++) {
                    ObjectNode request = model.deepCopy();
                    replaceToken(request, random);
                    byte[] key = new byte[91]; // a token key's text is as long as the SPKI's base64 (122 characters)
                    random.nextBytes(key);
                    String tokenKey = java.util.Base64.getEncoder().encodeToString(key);
                    byte[] canonical = CanonicalJson.encode(request);
                    insert.setString(1, Receipts.ofCanonical(canonical));
                    insert.setLong(2, seq);
                    insert.setString(3, tokenKey);
                    insert.setString(4, new String(canonical, StandardCharsets.UTF_8));
                    insert.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /** Puts random bytes of the same length in every base64url text of the token: returns the new token's key text. */
    private static String replaceToken(ObjectNode request, SecureRandom random) {
        JsonNode token = request.get("token");
        List<String> names = new ArrayList<>();
        token.fieldNames().forEachRemaining(names::add);
        StringBuilder key = new StringBuilder();
        for (String name : names) {
            JsonNode value = token.get(name);
            if (value.isTextual() && value.textValue().matches("[A-Za-z0-9_-]{16,}")) {
                byte[] bytes = new byte[Base64Url.decode(value.textValue()).length];
                random.nextBytes(bytes);
                String text = Base64Url.encode(bytes);
                ((ObjectNode) token).put(name, text);
                key.append(text);
            }
        }
        return key.toString();
    }
}
