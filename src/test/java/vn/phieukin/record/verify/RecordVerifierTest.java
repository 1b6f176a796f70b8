package vn.phieukin.record.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.phieukin.record.RecordFixture.decision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.Receipts;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.record.RecordFixture;
import vn.phieukin.record.RecordHash;
import vn.phieukin.record.RecordInput;
import vn.phieukin.record.Sealer;

/**
 * Genuine records pass; each tampering, applied by someone holding the seal key who then
 * re-seals, fails with the check that exists to catch it (issue 5).
 */
class RecordVerifierTest {

    @TempDir
    static Path keys;
    @TempDir
    static Path otherKeys;

    static RecordFixture fixture;
    static ObjectNode stepTwo;
    static ObjectNode stepOne;
    static List<RecordInput.CastBallot> stepFourBallots;
    static ObjectNode stepFourPending;

    @BeforeAll
    static void sealGenuineRecords() throws Exception {
        fixture = new RecordFixture(SealKey.loadOrCreate(keys));
        stepTwo = fixture.sealed(RecordFixture.stepTwo());
        stepOne = fixture.sealed(RecordFixture.stepOne());
        stepFourBallots = RecordFixture.castBallots(RecordFixture.stepFour());
        stepFourPending = fixture.sealed(RecordFixture.stepFour(), stepFourBallots);
    }

    private static VerificationReport verify(JsonNode record) throws UnreadableRecordException {
        return RecordVerifier.verify(record, fixture.sealKey().publicKey(), null);
    }

    private static ObjectNode reseal(ObjectNode record) {
        return Sealer.seal(record, fixture.sealKey());
    }

    private static String printed(VerificationReport report) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ArrayNode ballots(ObjectNode record) {
        return (ArrayNode) record.get("ballots");
    }

    /** What a careful forger does after editing a request: new receipt, list sorted again. */
    private static void rehashAndSort(ObjectNode record) {
        List<JsonNode> items = new ArrayList<>();
        ballots(record).forEach(b -> {
            ((ObjectNode) b).put("receipt", Receipts.of(b.get("request")));
            items.add(b);
        });
        items.sort(Comparator.comparing(b -> b.get("receipt").textValue()));
        ballots(record).removeAll().addAll(items);
    }

    // ---- genuine records ----------------------------------------------------------------------

    @Test
    void aGenuineNominationRecordWithWriteInsAndPaperBallotsPassesEveryCheck() throws Exception {
        VerificationReport report = verify(stepTwo);
        assertThat(report.failed()).as(printed(report)).isEmpty();
        assertThat(report.checks()).extracting(CheckResult::id).containsExactlyElementsOf(CheckId.V1_RECORD);
        assertThat(stepTwo.at("/tally/invalidSections/CT").asLong()).isEqualTo(1);
        assertThat(stepTwo.at("/tally/ballots/invalid").asLong()).isEqualTo(1);
    }

    @Test
    void aGenuineRemovalRecordPassesEveryCheck() throws Exception {
        VerificationReport report = verify(stepOne);
        assertThat(report.failed()).as(printed(report)).isEmpty();
        assertThat(stepOne.at("/result/lines/0/passed").asBoolean()).isTrue();
        assertThat(stepOne.at("/attendance/excluded")).hasSize(1);
    }

    @Test
    void aTopDownRecordWithATieWaitingForTheChairPasses() throws Exception {
        VerificationReport report = verify(stepFourPending);
        assertThat(report.failed()).as(printed(report)).isEmpty();
        JsonNode ct = stepFourPending.at("/result/positions/1");
        assertThat(ct.get("positionId").asText()).isEqualTo("CT");
        assertThat(ct.get("pendingDecision").asBoolean()).isTrue();
        assertThat(ct.get("selected").toString()).isEqualTo("[\"c7\"]");
    }

    @Test
    void theRecordWrittenAfterTheChairDecidesSupersedesTheEarlierOneAndPassesV9WithIt() throws Exception {
        ObjectNode decided = fixture.sealed(RecordFixture.stepFour().withDecisions(List.of(decision("CT", "c9")),
                RecordHash.sha256(stepFourPending)), stepFourBallots);
        VerificationReport report = RecordVerifier.verify(decided, fixture.sealKey().publicKey(), stepFourPending);
        assertThat(report.failed()).as(printed(report)).isEmpty();
        assertThat(decided.at("/result/positions/1/selected").toString()).isEqualTo("[\"c7\",\"c9\"]");
        assertThat(report.check(CheckId.V9).notes()).anyMatch(n -> n.contains(RecordHash.sha256(stepFourPending)));
    }

    @Test
    void withoutTheEarlierRecordV9SaysItWasNotCheckedAndStillHolds() throws Exception {
        ObjectNode decided = fixture.sealed(RecordFixture.stepFour().withDecisions(List.of(decision("CT", "c8")),
                RecordHash.sha256(stepFourPending)), stepFourBallots);
        VerificationReport report = verify(decided);
        assertThat(report.check(CheckId.V9).passed()).isTrue();
        assertThat(report.check(CheckId.V9).notes()).anyMatch(n -> n.contains("không kiểm tra vì không có --previous"));
    }

    // ---- tampering, re-sealed with the real seal key ------------------------------------------

    @Test
    void aRoundKeyOtherThanRsa3072WithE65537IsRefusedEvenWhenEveryTokenVerifiesUnderIt() throws Exception {
        // a 2048-bit key (e = 65537): someone who can factor it mints tokens at will
        ObjectNode tampered = stepOne.deepCopy();
        java.util.Map<String, String> weak = weakKey(2048, 65537);
        tampered.set("tokenKey", vn.phieukin.record.ProcedureJson.mapper().valueToTree(weak));
        ((ObjectNode) tampered.get("round")).set("tokenKey", vn.phieukin.record.ProcedureJson.mapper().valueToTree(weak));
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.failed()).contains(CheckId.V1, CheckId.V2);
        assertThat(printed(report)).contains("RSA-3072").contains("e = 65537").contains("RSA-2048");
        // e = 3 at 3072 bits
        ObjectNode smallExponent = stepOne.deepCopy();
        java.util.Map<String, String> three = weakKey(3072, 3);
        smallExponent.set("tokenKey", vn.phieukin.record.ProcedureJson.mapper().valueToTree(three));
        ((ObjectNode) smallExponent.get("round")).set("tokenKey", vn.phieukin.record.ProcedureJson.mapper().valueToTree(three));
        VerificationReport report3 = verify(reseal(smallExponent));
        assertThat(report3.failed()).contains(CheckId.V1, CheckId.V2);
        assertThat(printed(report3)).contains("với e = 3");
        assertThat(verify(stepOne).failed()).as("the genuine record (RSA-3072, e = 65537) passes").isEmpty();
    }

    private static java.util.Map<String, String> weakKey(int bits, int e) {
        org.bouncycastle.crypto.generators.RSAKeyPairGenerator generator = new org.bouncycastle.crypto.generators.RSAKeyPairGenerator();
        generator.init(new org.bouncycastle.crypto.params.RSAKeyGenerationParameters(java.math.BigInteger.valueOf(e),
                new java.security.SecureRandom(), bits, 64));
        var key = (org.bouncycastle.crypto.params.RSAKeyParameters) generator.generateKeyPair().getPublic();
        return new vn.phieukin.ballot.RoundPublicKey(key.getModulus(), key.getExponent()).toJwk();
    }

    @Test
    void changingOneBallotsChoicesFailsV3AndNamesTheBallot() throws Exception {
        ObjectNode tampered = stepTwo.deepCopy();
        JsonNode ballot = ballots(tampered).get(0);
        String receipt = ballot.get("receipt").asText();
        ArrayNode cadres = (ArrayNode) ballot.at("/request/body/choices/1/cadres");
        if (cadres.isEmpty()) {
            cadres = (ArrayNode) ballot.at("/request/body/choices/0/cadres");
        }
        cadres.remove(cadres.size() - 1); // what the acceptance test does
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.failed()).contains(CheckId.V3, CheckId.V4, CheckId.V7).doesNotContain(CheckId.V1, CheckId.V2);
        assertThat(report.check(CheckId.V3).failures()).singleElement().asString()
                .contains("phiếu " + receipt).contains("chữ ký phiếu không hợp lệ");
    }

    @Test
    void changingAChoiceAndRecomputingTheReceiptStillFailsV3() throws Exception {
        ObjectNode tampered = stepOne.deepCopy();
        ((ObjectNode) ballots(tampered).get(2).at("/request/body/choices/0")).put("vote", "DISAGREE");
        rehashAndSort(tampered);
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.failed()).contains(CheckId.V3).doesNotContain(CheckId.V1, CheckId.V4);
    }

    @Test
    void droppingABallotFailsV7WithTheCountsExpectedAndFound() throws Exception {
        ObjectNode tampered = stepTwo.deepCopy();
        ballots(tampered).remove(3);
        ((ObjectNode) tampered.get("round")).put("cast", tampered.at("/round/cast").asLong() - 1);
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.failed()).contains(CheckId.V7).doesNotContain(CheckId.V1, CheckId.V2, CheckId.V3, CheckId.V6);
        assertThat(report.check(CheckId.V7).failures())
                .anyMatch(f -> f.startsWith("tally.ballots.cast: đếm lại từ các phiếu được 19, biên bản ghi 20"));
    }

    @Test
    void duplicatingABallotFailsV4() throws Exception {
        ObjectNode tampered = stepTwo.deepCopy();
        ballots(tampered).insert(5, ballots(tampered).get(5).deepCopy());
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.failed()).contains(CheckId.V4).doesNotContain(CheckId.V1, CheckId.V2, CheckId.V3);
        String receipt = ballots(tampered).get(5).get("receipt").asText();
        assertThat(report.check(CheckId.V4).failures())
                .anyMatch(f -> f.contains("được dùng cho 2 phiếu"))
                .anyMatch(f -> f.equals("Mã biên nhận " + receipt + " xuất hiện 2 lần trong biên bản."));
    }

    @Test
    void raisingATallyCountFailsOnlyV7() throws Exception {
        ObjectNode tampered = stepTwo.deepCopy();
        ObjectNode bt = (ObjectNode) tampered.at("/tally/positions/BT");
        bt.put("c5", bt.get("c5").asLong() + 1);
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.failed()).containsExactly(CheckId.V7);
        assertThat(report.check(CheckId.V7).failures())
                .containsExactly("tally.positions.BT.c5: đếm lại từ các phiếu được 4, biên bản ghi 5.");
    }

    @Test
    void raisingAResultCountFailsOnlyV8WithThePathOfTheFirstDifference() throws Exception {
        ObjectNode tampered = stepFourPending.deepCopy();
        ObjectNode c9 = (ObjectNode) tampered.at("/result/positions/1/candidates/2");
        assertThat(c9.get("cadreId").asText()).isEqualTo("c9");
        c9.put("votes", 6);
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.failed()).containsExactly(CheckId.V8);
        assertThat(report.check(CheckId.V8).failures())
                .containsExactly("result.positions[1].candidates[2].votes: tính lại được 5, biên bản ghi 6.");
    }

    @Test
    void anIssuedCountBelowTheBallotsFailsV6() throws Exception {
        ObjectNode tampered = stepTwo.deepCopy();
        ObjectNode issued = (ObjectNode) tampered.get("issued");
        issued.put("electronic", 17);
        ArrayNode to = (ArrayNode) issued.get("electronicTo");
        to.remove(to.size() - 1);
        to.remove(to.size() - 1);
        ((ObjectNode) tampered.get("round")).put("issued", 19);
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.failed()).containsExactly(CheckId.V6);
        assertThat(report.check(CheckId.V6).failures())
                .containsExactly("Có 18 phiếu điện tử nhưng chỉ 17 thẻ được phát (issued.electronic).");
    }

    @Test
    void moreTokensAndPaperThanPresentFailsV6() throws Exception {
        ObjectNode tampered = stepTwo.deepCopy();
        ((ObjectNode) tampered.get("attendance")).put("present", 20);
        ((ObjectNode) tampered.get("round")).put("presentAtOpen", 20);
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.check(CheckId.V6).failures())
                .contains("Thẻ + phiếu giấy đã phát = 19 + 2 = 21, nhiều hơn số có mặt khi mở phiên (20).");
    }

    @Test
    void alteringATokenSignatureFailsOnlyV2() throws Exception {
        ObjectNode tampered = stepTwo.deepCopy();
        ObjectNode token = (ObjectNode) ballots(tampered).get(7).at("/request/token");
        byte[] signature = Base64Url.decode(token.get("signature").asText());
        signature[signature.length - 1] ^= 1;
        token.put("signature", Base64Url.encode(signature));
        rehashAndSort(tampered);
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.failed()).containsExactly(CheckId.V2);
        assertThat(report.check(CheckId.V2).failures()).singleElement().asString().contains("chữ ký thẻ không hợp lệ");
    }

    @Test
    void aChangeWithoutResealingFailsV1() throws Exception {
        ObjectNode tampered = stepOne.deepCopy();
        ((ObjectNode) tampered.get("conference")).put("title", "Hội nghị khác");
        VerificationReport report = verify(tampered);
        assertThat(report.failed()).containsExactly(CheckId.V1);
        assertThat(report.check(CheckId.V1).failures()).singleElement().asString().contains("Chữ ký niêm phong không hợp lệ");
    }

    @Test
    void aRecordSealedWithAnotherKeyFailsV1AndSaysWhichKeySealedIt() throws Exception {
        ObjectNode foreign = Sealer.seal(stepOne.deepCopy(), SealKey.loadOrCreate(otherKeys));
        VerificationReport report = verify(foreign);
        assertThat(report.failed()).containsExactly(CheckId.V1);
        assertThat(report.check(CheckId.V1).failures()).singleElement().asString()
                .contains(foreign.at("/seal/keyId").asText()).contains(fixture.sealKey().keyId());
    }

    @Test
    void aSupersedingRecordNamingAnotherRecordFailsV9() throws Exception {
        ObjectNode decided = fixture.sealed(RecordFixture.stepFour().withDecisions(List.of(decision("CT", "c9")),
                RecordHash.sha256(stepTwo)), stepFourBallots);
        VerificationReport report = RecordVerifier.verify(decided, fixture.sealKey().publicKey(), stepFourPending);
        assertThat(report.failed()).containsExactly(CheckId.V9);
        assertThat(report.check(CheckId.V9).failures()).singleElement().asString()
                .contains(RecordHash.sha256(stepTwo)).contains(RecordHash.sha256(stepFourPending));
    }

    @Test
    void aForgedChairDecisionForACadreWhoWasNotTiedFailsV8() throws Exception {
        ObjectNode forged = stepFourPending.deepCopy();
        ArrayNode decisions = (ArrayNode) forged.get("decisions");
        decisions.addObject().put("positionId", "CT").put("decidedBy", "bithu").put("decidedAt", "2026-06-01T10:15:00Z")
                .putArray("chosen").add("c5");
        ObjectNode ct = (ObjectNode) forged.at("/result/positions/1");
        ct.put("pendingDecision", false);
        ((ArrayNode) ct.get("selected")).add("c5");
        forged.put("supersedes", RecordHash.sha256(stepFourPending));
        VerificationReport report = RecordVerifier.verify(reseal(forged), fixture.sealKey().publicKey(), stepFourPending);
        assertThat(report.failed()).containsExactly(CheckId.V8);
        assertThat(report.check(CheckId.V8).failures())
                .anyMatch(f -> f.startsWith("decisions[0] (chức danh CT, chọn c5, bởi bithu): quyết định không hợp lệ")
                        && f.contains("c8, c9"))
                .anyMatch(f -> f.startsWith("result.positions[1].pendingDecision: tính lại được true, biên bản ghi false"));
    }

    @Test
    void aBallotThatBreaksTheRulesFailsV5EvenWhenSignedByAGenuineToken() throws Exception {
        // A forger with a genuine unused token signs an over-selected ballot: signatures hold, the rules do not.
        RecordFixture.Round round = RecordFixture.stepTwo();
        List<RecordInput.CastBallot> ballots = new ArrayList<>(RecordFixture.castBallots(round));
        ObjectNode record = fixture.sealed(round, ballots);
        List<List<?>> overSelected = List.of(List.of(RecordFixture.pick("BT", "c4", "c5"), RecordFixture.pick("CT")));
        RecordInput.CastBallot bad = RecordFixture.castBallots(new RecordFixture.Round(2, round.rules(), round.sections(),
                List.of(), 25, 0, 22, overSelected, 0, List.of(), List.of(), null)).get(0);
        ObjectNode item = ballots(record).addObject();
        item.put("receipt", bad.receipt());
        item.set("request", bad.request());
        rehashAndSort(record);
        VerificationReport report = verify(reseal(record));
        assertThat(report.failed()).contains(CheckId.V5).doesNotContain(CheckId.V1, CheckId.V2, CheckId.V3, CheckId.V4);
        assertThat(report.check(CheckId.V5).failures()).singleElement().asString()
                .contains("phiếu " + bad.receipt()).contains("chọn 2 người");
    }

    @Test
    void countsTooLargeForExactArithmeticAreReportedAsFailuresNotACrash() throws Exception {
        ObjectNode tampered = stepFourPending.deepCopy(); // base: convened
        ((ObjectNode) tampered.get("attendance")).put("convened", Long.MAX_VALUE - 1);
        VerificationReport report = verify(reseal(tampered));
        assertThat(report.checks()).hasSize(9);
        assertThat(report.failed()).contains(CheckId.V6, CheckId.V8).doesNotContain(CheckId.V1, CheckId.V2, CheckId.V3);
        assertThat(report.check(CheckId.V6).failures()).singleElement().asString()
                .startsWith("Không kiểm tra hết được").contains("ArithmeticException");
        assertThat(report.check(CheckId.V8).failures()).singleElement().asString()
                .isEqualTo("result.base.value: tính lại được 9223372036854775806, biên bản ghi 9.");
    }

    @Test
    void everyCheckRunsAndReportsEvenWhenSeveralFail() throws Exception {
        ObjectNode tampered = stepTwo.deepCopy();
        ballots(tampered).insert(0, ballots(tampered).get(0).deepCopy());
        ((ObjectNode) tampered.at("/tally/ballots")).put("cast", 99);
        ((ObjectNode) tampered.get("issued")).put("paper", 0);
        VerificationReport report = verify(tampered);
        assertThat(report.failed()).contains(CheckId.V1, CheckId.V4, CheckId.V6, CheckId.V7);
        assertThat(report.checks()).hasSize(9);
        String text = printed(report);
        assertThat(text).contains("V1 ✗", "V2 ✓", "V3 ✓", "V4 ✗", "V6 ✗", "V7 ✗", "V9 ✓", "KẾT LUẬN: KHÔNG ĐẠT");
    }
}
