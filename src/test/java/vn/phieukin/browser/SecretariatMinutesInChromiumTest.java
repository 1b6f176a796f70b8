package vn.phieukin.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The secretariat's minutes of an unannounced step (step 2): the counts, valid and invalid, the
 * seal key id and record hash, the place, times and counting committee, and a plain statement
 * that the result table is left out; never the result.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretariatMinutesInChromiumTest {
    ServerUnderTest server;
    Chromium browser;
    String roundId;

    @BeforeAll
    void start() throws Exception {
        String missing = Chromium.missing();
        Assumptions.assumeTrue(missing == null, missing);
        server = new ServerUnderTest();
        OpenRoundFixture f = new OpenRoundFixture(server, 2, "Hội nghị Ban Chấp hành Đảng bộ tỉnh (giới thiệu bổ sung)");
        roundId = f.roundId;
        String admin = server.admin;
        server.api.call("PUT", "/api/v1/conferences/" + f.conference + "/minutes-details", Map.of("place", "Hội trường Tỉnh ủy",
                "countingCommittee", List.of("Trần Văn Kiểm", "Lê Thị Phiếu", "Đỗ Minh Sổ")), admin);
        // two ballots: one for the cadre, one blank
        f.cast(f.token(f.tablets.get(0)), f.everySection(List.of(f.cadre)));
        f.cast(f.token(f.tablets.get(1)), f.everySection(List.of()));
        server.api.call("POST", "/api/v1/rounds/" + roundId + "/close", Map.of(), admin);
        server.api.call("POST", "/api/v1/users", Map.of("username", "thuky", "password", "Thu-ky-2026-hoi-nghi", "role", "SECRETARIAT",
                "displayName", "Thư ký hội nghị"), admin);
        browser = new Chromium();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theSecretariatsStepTwoMinutesCarryCountsSealPlaceAndCommitteeButNoResult() throws Exception {
        Chromium b = browser;
        b.firstTab(server.base + "/console/");
        b.type("#login-user", "thuky");
        b.type("#login-pass", "Thu-ky-2026-hoi-nghi");
        b.click("#login-submit");
        b.waitText("main", "Đợt rà soát");
        b.driver.get(server.base + "/console/#/round/" + roundId + "/minutes");
        b.waitText("#minutes", "BIÊN BẢN KIỂM PHIẾU");
        b.waitText("#record-fingerprint", "");
        String minutes = b.find("#minutes").getText();
        JsonNode summary = server.api.call("GET", "/api/v1/rounds/" + roundId + "/summary", null, server.admin);
        assertThat(minutes).contains("Bản rút gọn").contains("bản dành cho Ban Tổ chức")
                .contains("Địa điểm: Hội trường Tỉnh ủy").contains("Mở phiên bỏ phiếu lúc").contains("kết thúc lúc")
                .contains("Ban kiểm phiếu gồm: Trần Văn Kiểm, Lê Thị Phiếu, Đỗ Minh Sổ")
                .contains("Số phiếu phát ra: 2").contains("Số phiếu thu về: 2").contains("số phiếu không thu về: 0")
                .contains("Số phiếu hợp lệ: 2; không hợp lệ: 0")
                .doesNotContain("Sầm Văn Lợi").doesNotContain("—\n");
        assertThat(b.find("#record-fingerprint").getText()).isEqualTo(summary.path("record").path("sha256").asText());
        assertThat(b.find("#seal-key-id").getText()).isEqualTo(summary.path("record").path("keyId").asText());
        assertThat(b.find(".signatures").getText()).contains("TRƯỞNG BAN KIỂM PHIẾU").contains("Trần Văn Kiểm").contains("Đỗ Minh Sổ");
        b.fullShot("47-minutes-step2-secretariat");
    }
}
