package vn.phieukin.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.RoundPublicKey;
import vn.phieukin.ballot.TokenHolder;

/**
 * The demo's sample planning review of a (fictional) province: six positions of the provincial
 * committee, forty cadres, the planning before the review, and steps 1 to 3 already voted by
 * simulated tablets through the real API (blind-signed tokens, anonymous ballots), so that a
 * newcomer can run step 4 from the browser. Every vote count below is what the results show.
 *
 * <p>Steps 1 to 3 are sample history, loaded fast with plaintext ballots (protocol v1,
 * {@code "encryption": "NONE"}); step 4, the one the newcomer runs, encrypts its ballots to a
 * counting committee (protocol v2) whose three devices {@link DemoCommittee} simulates.
 */
public final class DemoReview {

    public static final String REVIEW_NAME = "Rà soát, bổ sung quy hoạch cán bộ lãnh đạo chủ chốt tỉnh nhiệm kỳ 2025–2030 (năm 2026)";
    static final String REFERENCE_DATE = "2026-03-01";

    /** Demo accounts: username, password, role, display name. */
    public static final String[][] USERS = {
        {"thuky", "thuky-demo-2026", "SECRETARIAT", "Thư ký Ban Tổ chức Tỉnh ủy"},
        {"bithu", "bithu-demo-2026", "CHAIR", "Đồng chí Bí thư Tỉnh ủy"},
        {"ubkt", "ubkt-demo-2026", "AUDITOR", "Ủy ban Kiểm tra Tỉnh ủy"},
    };

    private static final String[][] POSITIONS = {
        {"P1", "Bí thư Tỉnh ủy"},
        {"P2", "Phó Bí thư Thường trực Tỉnh ủy"},
        {"P3", "Chủ tịch HĐND tỉnh"},
        {"P4", "Chủ tịch UBND tỉnh"},
        {"P5", "Trưởng Ban Tổ chức Tỉnh ủy"},
        {"P6", "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"},
    };

    /** key, full name, birth date, gender, ethnicity, title, unit, stem, subordinate post. */
    private static final String[][] CADRES = {
        {"c01", "Nguyễn Văn Thắng", "1968-05-12", "M", "Kinh", "Phó Bí thư Thường trực Tỉnh ủy", "Tỉnh ủy", "false", "true"},
        {"c02", "Trần Quốc Huy", "1970-09-03", "M", "Kinh", "Phó Chủ tịch Thường trực UBND tỉnh", "UBND tỉnh", "false", "true"},
        {"c03", "Hà Thị Thanh Hương", "1974-02-21", "F", "Thái", "Phó Chủ tịch HĐND tỉnh", "HĐND tỉnh", "false", "true"},
        {"c04", "Lò Văn Khánh", "1976-06-20", "M", "Thái", "Bí thư Huyện ủy Mường Lạn", "Huyện ủy Mường Lạn", "false", "false"},
        {"c05", "Phạm Minh Đức", "1971-11-30", "M", "Kinh", "Trưởng Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "false", "true"},
        {"c06", "Hoàng Thị Mai", "1978-01-09", "F", "Tày", "Phó Trưởng Ban Tổ chức Tỉnh ủy", "Ban Tổ chức Tỉnh ủy", "false", "true"},
        {"c07", "Đinh Công Tuấn", "1973-08-15", "M", "Mường", "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy", "false", "true"},
        {"c08", "Vũ Thị Lan Anh", "1982-04-27", "F", "Kinh", "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", "Ủy ban Kiểm tra Tỉnh ủy", "false", "true"},
        {"c09", "Lê Hoàng Nam", "1979-12-05", "M", "Kinh", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh", "true", "true"},
        {"c10", "Sầm Văn Lợi", "1975-03-18", "M", "Thái", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh", "false", "true"},
        {"c11", "Bùi Thị Hồng Nhung", "1984-07-11", "F", "Mường", "Bí thư Tỉnh đoàn", "Tỉnh đoàn", "false", "false"},
        {"c12", "Giàng A Páo", "1980-10-02", "M", "H'Mông", "Bí thư Huyện ủy Pà Cò", "Huyện ủy Pà Cò", "false", "false"},
        {"c13", "Nguyễn Thị Kim Dung", "1977-05-23", "F", "Kinh", "Giám đốc Sở Tài chính", "Sở Tài chính", "false", "false"},
        {"c14", "Trịnh Xuân Trường", "1972-02-14", "M", "Kinh", "Giám đốc Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư", "false", "false"},
        {"c15", "Đặng Quang Vinh", "1985-09-09", "M", "Kinh", "Giám đốc Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ", "true", "false"},
        {"c16", "Vi Văn Thành", "1974-04-04", "M", "Nùng", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban MTTQ Việt Nam tỉnh", "false", "false"},
        {"c17", "Lục Thị Hà", "1979-08-28", "F", "Tày", "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "false", "false"},
        {"c18", "Ngô Đức Mạnh", "1969-06-01", "M", "Kinh", "Giám đốc Công an tỉnh", "Công an tỉnh", "false", "false"},
        {"c19", "Phan Thanh Bình", "1970-03-12", "M", "Kinh", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "false", "false"},
        {"c20", "Quàng Thị Xuân", "1983-11-19", "F", "Thái", "Phó Chủ tịch HĐND tỉnh", "HĐND tỉnh", "false", "true"},
        {"c21", "Đỗ Văn Hiếu", "1976-01-25", "M", "Kinh", "Bí thư Thành ủy Lam Sơn", "Thành ủy Lam Sơn", "false", "false"},
        {"c22", "Lường Văn Chung", "1981-02-07", "M", "Khơ Mú", "Chủ tịch UBND huyện Mường Lạn", "UBND huyện Mường Lạn", "false", "false"},
        {"c23", "Bàn Thị Mây", "1986-03-30", "F", "Dao", "Phó Bí thư Huyện ủy Pà Cò", "Huyện ủy Pà Cò", "false", "false"},
        {"c24", "Nguyễn Hữu Phước", "1973-10-10", "M", "Kinh", "Chánh Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy", "false", "false"},
        {"c25", "Trần Thị Bích Ngọc", "1980-12-12", "F", "Kinh", "Giám đốc Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông", "true", "false"},
        {"c26", "Cao Văn Sơn", "1967-07-07", "M", "Kinh", "Giám đốc Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Phát triển nông thôn", "false", "false"},
        {"c27", "Lý Thị Ngọc Trâm", "1987-05-15", "F", "Nùng", "Phó Giám đốc Sở Y tế", "Sở Y tế", "true", "false"},
        {"c28", "Hoàng Văn Tú", "1978-09-21", "M", "Tày", "Bí thư Huyện ủy Tân Hưng", "Huyện ủy Tân Hưng", "false", "false"},
        {"c29", "Mai Xuân Lộc", "1971-04-17", "M", "Kinh", "Chánh án Tòa án nhân dân tỉnh", "Tòa án nhân dân tỉnh", "false", "false"},
        {"c30", "Tạ Thị Minh Nguyệt", "1976-08-08", "F", "Kinh", "Giám đốc Sở Giáo dục và Đào tạo", "Sở Giáo dục và Đào tạo", "false", "false"},
        {"c31", "Hà Văn Dũng", "1982-01-13", "M", "Mường", "Bí thư Huyện ủy Đồng Tâm", "Huyện ủy Đồng Tâm", "false", "false"},
        {"c32", "Phùng Thị Thảo", "1988-06-26", "F", "Kinh", "Phó Giám đốc Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ", "true", "false"},
        {"c33", "Vương Đình Khoa", "1974-11-11", "M", "Kinh", "Giám đốc Sở Nội vụ", "Sở Nội vụ", "false", "true"},
        {"c34", "Sùng Mí Lử", "1985-02-02", "M", "H'Mông", "Chủ tịch UBND huyện Pà Cò", "UBND huyện Pà Cò", "false", "false"},
        {"c35", "Đoàn Thị Thu Trang", "1979-03-03", "F", "Kinh", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "false", "false"},
        {"c36", "Nông Văn Quyết", "1977-10-20", "M", "Tày", "Phó Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "false", "false"},
        {"c37", "Kiều Minh Tâm", "1972-12-24", "M", "Kinh", "Viện trưởng Viện Kiểm sát nhân dân tỉnh", "Viện Kiểm sát nhân dân tỉnh", "false", "false"},
        {"c38", "Lê Thị Phương Thảo", "1990-09-05", "F", "Kinh", "Phó Bí thư Tỉnh đoàn", "Tỉnh đoàn", "true", "false"},
        {"c39", "Triệu Văn Hải", "1981-05-29", "M", "Dao", "Chánh Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh", "false", "false"},
        {"c40", "Nguyễn Đình Long", "1966-02-18", "M", "Kinh", "Hiệu trưởng Trường Chính trị tỉnh", "Trường Chính trị tỉnh", "false", "false"},
    };

    /** Planned before the review: cadre key, position key. Step 1 reviews every line. */
    private static final String[][] PLANNED = {
        {"c01", "P1"}, {"c02", "P1"}, {"c05", "P2"}, {"c26", "P2"}, {"c03", "P3"}, {"c40", "P3"},
        {"c02", "P4"}, {"c09", "P4"}, {"c06", "P5"}, {"c33", "P5"}, {"c08", "P6"},
    };

    /** Step 1 (BTV, 15 convened, 14 present): agree / disagree per line; the rest leave it blank. */
    private static final Map<String, int[]> STEP1_VOTES = Map.ofEntries(
            Map.entry("c26/P2", new int[] {12, 2}), Map.entry("c40/P3", new int[] {11, 2}),
            Map.entry("c01/P1", new int[] {1, 13}), Map.entry("c02/P1", new int[] {2, 11}),
            Map.entry("c05/P2", new int[] {0, 14}), Map.entry("c03/P3", new int[] {1, 12}),
            Map.entry("c02/P4", new int[] {2, 12}), Map.entry("c09/P4", new int[] {1, 13}),
            Map.entry("c06/P5", new int[] {0, 13}), Map.entry("c33/P5", new int[] {3, 10}),
            Map.entry("c08/P6", new int[] {1, 12}));

    /** The supplementary list approved at step 1, printed on the step-2 ballot. */
    private static final String[][] SUPPLEMENTARY = {
        {"c05", "P1"}, {"c09", "P1"}, {"c14", "P1"},
        {"c10", "P2"}, {"c17", "P2"}, {"c24", "P2"}, {"c21", "P2"},
        {"c20", "P3"}, {"c16", "P3"}, {"c35", "P3"},
        {"c10", "P4"}, {"c13", "P4"}, {"c15", "P4"},
        {"c11", "P5"}, {"c28", "P5"}, {"c31", "P5"},
        {"c29", "P6"}, {"c37", "P6"}, {"c39", "P6"}, {"c12", "P6"},
    };

    /** Step 2 (key cadres, 55 present): votes per position and cadre; c34 is a write-in. */
    private static final Map<String, Map<String, Integer>> STEP2_VOTES = Map.of(
            "P1", Map.of("c05", 30, "c09", 18, "c14", 7),
            "P2", Map.of("c10", 35, "c17", 28, "c24", 20, "c21", 12),
            "P3", Map.of("c20", 40, "c16", 30, "c35", 15),
            "P4", Map.of("c10", 25, "c13", 20, "c15", 10),
            "P5", Map.of("c11", 26, "c28", 19, "c31", 8),
            "P6", Map.of("c29", 30, "c37", 25, "c39", 22, "c12", 10, "c34", 5));

    /** Step 3 (BCH, 47 present): votes on the step-2 passers. */
    private static final Map<String, Map<String, Integer>> STEP3_VOTES = Map.of(
            "P1", Map.of("c05", 28, "c09", 19),
            "P2", Map.of("c10", 35, "c17", 30, "c24", 25),
            "P3", Map.of("c20", 38, "c16", 33),
            "P4", Map.of("c10", 30, "c13", 15),
            "P5", Map.of("c11", 27, "c28", 18),
            "P6", Map.of("c29", 36, "c37", 30, "c39", 26));

    /** The Standing Committee (BTV) at step 1. */
    private static final String[][] BTV = {
        {"Hoàng Minh Chính", "Bí thư Tỉnh ủy", "true"},
        {"Nguyễn Văn Thắng", "Phó Bí thư Thường trực Tỉnh ủy", "false"},
        {"Trần Quốc Huy", "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh", "false"},
        {"Lê Thị Hải Yến", "Phó Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh", "false"},
        {"Phạm Minh Đức", "Trưởng Ban Tổ chức Tỉnh ủy", "false"},
        {"Đinh Công Tuấn", "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy", "false"},
        {"Lục Thị Hà", "Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy", "false"},
        {"Ngô Đức Mạnh", "Giám đốc Công an tỉnh", "false"},
        {"Phan Thanh Bình", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", "false"},
        {"Sầm Văn Lợi", "Phó Chủ tịch UBND tỉnh", "false"},
        {"Vi Văn Thành", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "false"},
        {"Nguyễn Hữu Phước", "Chánh Văn phòng Tỉnh ủy", "false"},
        {"Đỗ Văn Hiếu", "Bí thư Thành ủy Lam Sơn", "false"},
        {"Hà Thị Thanh Hương", "Phó Chủ tịch HĐND tỉnh", "false"},
        {"Trịnh Xuân Trường", "Giám đốc Sở Kế hoạch và Đầu tư", "false"},
    };

    /** The step-4 conference of the demo: three members, so that two browser tabs reach quorum. */
    private static final String[][] BTV_DEMO = {
        {"Hoàng Minh Chính", "Bí thư Tỉnh ủy", "true"},
        {"Nguyễn Văn Thắng", "Phó Bí thư Thường trực Tỉnh ủy", "false"},
        {"Lê Thị Hải Yến", "Phó Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh", "false"},
    };

    private static final String[] SURNAMES = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ",
        "Hồ", "Ngô", "Dương", "Lý", "Hà", "Lò", "Vi", "Nông", "Đinh", "Quàng", "Triệu"};
    private static final String[] MIDDLE_M = {"Văn", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Công", "Xuân", "Đình"};
    private static final String[] MIDDLE_F = {"Thị", "Thị Thu", "Thị Hồng", "Thị Ngọc", "Thị Minh", "Thị Thanh"};
    private static final String[] GIVEN_M = {"Hùng", "Dũng", "Tuấn", "Cường", "Thành", "Hải", "Long", "Phong", "Quang",
        "Sơn", "Trung", "Việt", "Khải", "Bảo", "Toàn"};
    private static final String[] GIVEN_F = {"Lan", "Hoa", "Hạnh", "Hằng", "Linh", "Nga", "Yến", "Trang", "Thủy", "Vân",
        "Huyền", "Oanh"};
    private static final String[] ROLES = {"Giám đốc Sở", "Phó Giám đốc Sở", "Bí thư Huyện ủy", "Chủ tịch UBND huyện",
        "Phó Trưởng Ban Tỉnh ủy", "Bí thư Đảng ủy khối", "Chủ tịch Liên đoàn Lao động tỉnh", "Trưởng phòng"};

    private final ApiClient api;
    private final String admin;
    private final PrintStream out;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, String> keys = new HashMap<>();
    private String reviewId;

    public DemoReview(ApiClient api, String adminToken, PrintStream out) {
        this.api = api;
        this.admin = adminToken;
        this.out = out;
    }

    /** Loads everything; returns the id of the step-4 conference the newcomer runs. */
    public String load() {
        reviewId = api.call("POST", "/api/v1/reviews", Map.of("name", REVIEW_NAME, "referenceDate", REFERENCE_DATE), admin)
                .path("id").asText();
        for (String[] p : POSITIONS) {
            remember(p[0], api.call("POST", "/api/v1/reviews/" + reviewId + "/positions",
                    Map.of("name", p[1], "maxPlanned", 3), admin).path("id").asText());
        }
        StringBuilder csv = new StringBuilder("fullName,birthDate,gender,ethnicity,title,unit,stem,subordinatePost\n");
        for (String[] c : CADRES) {
            csv.append(String.join(",", List.of(c).subList(1, 9))).append('\n');
        }
        api.csv("/api/v1/reviews/" + reviewId + "/cadres/import", csv.toString(), admin);
        Map<String, String> byName = new HashMap<>();
        api.call("GET", "/api/v1/reviews/" + reviewId + "/cadres", null, admin)
                .forEach(c -> byName.put(c.path("fullName").asText(), c.path("id").asText()));
        for (String[] c : CADRES) {
            remember(c[0], byName.get(c[1]));
        }
        for (String[] line : PLANNED) {
            api.call("POST", "/api/v1/reviews/" + reviewId + "/planned",
                    Map.of("cadreId", ids.get(line[0]), "positionId", ids.get(line[1])), admin);
        }
        out.println("  - đợt rà soát, 6 chức danh, 40 cán bộ, 11 dòng quy hoạch hiện có");

        String step1 = conference(1, "Hội nghị Ban Thường vụ Tỉnh ủy (lần 1)", "2026-03-10", roster(BTV), List.of(), 14, V1);
        vote(step1, (round, voters) -> removalBallots(round, voters));
        out.println("  - bước 1 đã bỏ phiếu: 14/15 ủy viên Ban Thường vụ có mặt");

        for (String[] line : SUPPLEMENTARY) {
            api.call("POST", "/api/v1/reviews/" + reviewId + "/supplementary",
                    Map.of("cadreId", ids.get(line[0]), "positionId", ids.get(line[1])), admin);
        }
        String step2 = conference(2, "Hội nghị cán bộ chủ chốt", "2026-03-17", generatedRoster(60, 1),
                List.of("Đang điều trị bệnh dài ngày", "Đi công tác nước ngoài, được Thường trực Tỉnh ủy đồng ý"), 55, V1);
        vote(step2, (round, voters) -> nominationBallots(round, voters, STEP2_VOTES));
        out.println("  - bước 2 đã bỏ phiếu: 55/58 cán bộ chủ chốt có mặt");

        String step3 = conference(3, "Hội nghị Ban Chấp hành Đảng bộ tỉnh", "2026-03-24", generatedRoster(50, 2), List.of(), 47, V1);
        vote(step3, (round, voters) -> nominationBallots(round, voters, STEP3_VOTES));
        out.println("  - bước 3 đã bỏ phiếu: 47/50 ủy viên Ban Chấp hành có mặt");

        String step4 = conference(4, "Hội nghị Ban Thường vụ Tỉnh ủy (lần 2)", "2026-03-31", roster(BTV_DEMO), List.of(), 0, V2);
        out.println("  - bước 4: hội nghị đã lập với 3 người được triệu tập, phiếu mã hóa cho Ban kiểm phiếu; "
                + "chờ đồng chí điểm danh và bỏ phiếu");

        for (String[] u : USERS) {
            api.call("POST", "/api/v1/users", Map.of("username", u[0], "password", u[1], "role", u[2], "displayName", u[3]), admin);
        }
        return step4;
    }

    private void remember(String key, String id) {
        if (id == null) {
            throw new IllegalStateException("the server did not return an id for " + key);
        }
        ids.put(key, id);
        keys.put(id, key);
    }

    private static String roster(String[][] people) {
        StringBuilder csv = new StringBuilder("fullName,title,chair\n");
        for (String[] p : people) {
            csv.append(p[0]).append(',').append(p[1].contains(",") ? '"' + p[1] + '"' : p[1]).append(',').append(p[2]).append('\n');
        }
        return csv.toString();
    }

    /** A roster of plausible names, the same on every run (fixed seed). */
    private static String generatedRoster(int size, long seed) {
        Random pick = new Random(seed);
        StringBuilder csv = new StringBuilder("fullName,title,chair\n");
        java.util.Set<String> used = new java.util.HashSet<>();
        while (used.size() < size) {
            boolean woman = pick.nextInt(100) < 35;
            String name = SURNAMES[pick.nextInt(SURNAMES.length)] + " "
                    + (woman ? MIDDLE_F[pick.nextInt(MIDDLE_F.length)] : MIDDLE_M[pick.nextInt(MIDDLE_M.length)]) + " "
                    + (woman ? GIVEN_F[pick.nextInt(GIVEN_F.length)] : GIVEN_M[pick.nextInt(GIVEN_M.length)]);
            if (used.add(name)) {
                csv.append(name).append(',').append(ROLES[pick.nextInt(ROLES.length)]).append(',')
                        .append(used.size() == 1).append('\n');
            }
        }
        return csv.toString();
    }

    private String conferenceId;
    private final List<String> tablets = new ArrayList<>();

    /** Sample history: plaintext ballots (protocol v1), loaded in seconds. */
    private static final String V1 = "NONE";
    /** The step the newcomer runs: ballots encrypted to the counting committee (protocol v2). */
    private static final String V2 = "COMMITTEE";

    /**
     * Creates a conference with the ballot protocol {@code encryption}, imports its roster,
     * excludes the last ones with reasons, checks in and pairs {@code present}.
     */
    private String conference(int step, String title, String date, String rosterCsv, List<String> exclusions, int present,
                              String encryption) {
        conferenceId = api.call("POST", "/api/v1/reviews/" + reviewId + "/conferences",
                Map.of("step", step, "title", title, "date", date, "rules", Map.of("encryption", encryption)), admin)
                .path("id").asText();
        api.csv("/api/v1/conferences/" + conferenceId + "/delegates/import", rosterCsv, admin);
        List<String> delegates = new ArrayList<>();
        api.call("GET", "/api/v1/conferences/" + conferenceId + "/delegates", null, admin)
                .forEach(d -> delegates.add(d.path("id").asText()));
        for (int i = 0; i < exclusions.size(); i++) {
            api.call("POST", "/api/v1/conferences/" + conferenceId + "/delegates/"
                    + delegates.get(delegates.size() - 1 - i) + "/exclusion", Map.of("reason", exclusions.get(i)), admin);
        }
        tablets.clear();
        for (String delegate : delegates.subList(0, present)) {
            String code = api.call("POST", "/api/v1/conferences/" + conferenceId + "/delegates/" + delegate + "/check-in",
                    Map.of(), admin).path("pairingCode").asText();
            tablets.add(api.call("POST", "/api/v1/tablet/pair", Map.of("pairingCode", code), null).path("tabletToken").asText());
        }
        return conferenceId;
    }

    interface Ballots {
        List<List<Map<String, Object>>> choices(JsonNode round, int voters);
    }

    /** Creates the round from the review, opens it, lets every paired tablet cast, closes it. */
    private void vote(String conference, Ballots ballots) {
        JsonNode round = api.call("POST", "/api/v1/conferences/" + conference + "/rounds", Map.of(), admin);
        String roundId = round.path("id").asText();
        round = api.call("POST", "/api/v1/rounds/" + roundId + "/open", Map.of(), admin);
        RoundPublicKey key = RoundPublicKey.fromJwk(round.path("tokenKey"));
        List<List<Map<String, Object>>> all = ballots.choices(round, tablets.size());
        for (int i = 0; i < tablets.size(); i++) {
            TokenHolder holder = TokenHolder.prepare(roundId, key, random);
            JsonNode issued = api.call("POST", "/api/v1/rounds/" + roundId + "/issue", holder.issueRequest(), tablets.get(i));
            holder.finalizeToken(Base64Url.decode(issued.path("blindSignature").asText()));
            api.call("POST", "/api/v1/rounds/" + roundId + "/ballots", holder.castRequest(all.get(i)), null);
        }
        api.call("POST", "/api/v1/rounds/" + roundId + "/close", Map.of(), admin);
    }

    private List<List<Map<String, Object>>> removalBallots(JsonNode round, int voters) {
        List<TreeMap<String, Map<String, Object>>> perVoter = new ArrayList<>();
        for (int v = 0; v < voters; v++) {
            perVoter.add(new TreeMap<>());
        }
        int offset = 0;
        for (JsonNode line : round.path("lines")) {
            String label = keys.get(line.path("cadreId").asText()) + "/" + keys.get(line.path("positionId").asText());
            int[] counts = STEP1_VOTES.getOrDefault(label, new int[] {0, 0});
            for (int v = 0; v < voters; v++) {
                int slot = (v + offset) % voters;
                String vote = slot < counts[0] ? "AGREE" : slot < counts[0] + counts[1] ? "DISAGREE" : "NONE";
                Map<String, Object> choice = new LinkedHashMap<>();
                choice.put("line", line.path("id").asText());
                choice.put("vote", vote);
                perVoter.get(v).put(line.path("id").asText(), choice);
            }
            offset += 5;
        }
        List<List<Map<String, Object>>> out = new ArrayList<>();
        perVoter.forEach(m -> out.add(new ArrayList<>(m.values())));
        return out;
    }

    /**
     * Ballots that give each cadre exactly the planned number of votes, never more picks per
     * section than allowed: each cadre's votes go to the voters with the fewest picks so far.
     */
    private List<List<Map<String, Object>>> nominationBallots(JsonNode round, int voters,
                                                             Map<String, Map<String, Integer>> plan) {
        List<TreeMap<String, List<String>>> perVoter = new ArrayList<>();
        for (int v = 0; v < voters; v++) {
            perVoter.add(new TreeMap<>());
        }
        for (JsonNode section : round.path("sections")) {
            String positionId = section.path("positionId").asText();
            int max = section.path("maxSelections").asInt();
            int[] picks = new int[voters];
            List<List<String>> chosen = new ArrayList<>();
            for (int v = 0; v < voters; v++) {
                chosen.add(new ArrayList<>());
            }
            Map<String, Integer> votes = new TreeMap<>(plan.getOrDefault(keys.get(positionId), Map.of()));
            int rotation = 0;
            for (Map.Entry<String, Integer> entry : votes.entrySet()) {
                final int shift = rotation;
                List<Integer> order = new ArrayList<>();
                for (int v = 0; v < voters; v++) {
                    order.add(v);
                }
                order.sort(Comparator.<Integer>comparingInt(v -> picks[v]).thenComparingInt(v -> (v + shift) % voters));
                int given = 0;
                for (int v : order) {
                    if (given == entry.getValue()) {
                        break;
                    }
                    if (picks[v] < max) {
                        chosen.get(v).add(ids.get(entry.getKey()));
                        picks[v]++;
                        given++;
                    }
                }
                if (given < entry.getValue()) {
                    throw new IllegalStateException("sample data: too many votes for " + keys.get(positionId));
                }
                rotation += 7;
            }
            for (int v = 0; v < voters; v++) {
                List<String> sorted = new ArrayList<>(chosen.get(v));
                sorted.sort(Comparator.naturalOrder());
                perVoter.get(v).put(positionId, sorted);
            }
        }
        List<List<Map<String, Object>>> out = new ArrayList<>();
        for (TreeMap<String, List<String>> ballot : perVoter) {
            List<Map<String, Object>> choices = new ArrayList<>();
            ballot.forEach((position, cadres) -> {
                Map<String, Object> choice = new LinkedHashMap<>();
                choice.put("position", position);
                choice.put("cadres", cadres);
                choices.add(choice);
            });
            out.add(choices);
        }
        return out;
    }
}
