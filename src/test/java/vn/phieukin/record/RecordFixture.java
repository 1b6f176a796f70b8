package vn.phieukin.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import vn.phieukin.ballot.BlindSignRefused;
import vn.phieukin.ballot.BlindSigner;
import vn.phieukin.ballot.Receipts;
import vn.phieukin.ballot.SealKey;
import vn.phieukin.ballot.TokenHolder;
import vn.phieukin.procedure.Attendance;
import vn.phieukin.procedure.BallotChoices;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.BallotValidation;
import vn.phieukin.procedure.BallotWarning;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.ChairDecision;
import vn.phieukin.procedure.Gender;
import vn.phieukin.procedure.Outcome;
import vn.phieukin.procedure.PaperBallot;
import vn.phieukin.procedure.Planning;
import vn.phieukin.procedure.RemovalLine;
import vn.phieukin.procedure.Results;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.RoundResult;
import vn.phieukin.procedure.Rules;
import vn.phieukin.procedure.Section;
import vn.phieukin.procedure.Tally;
import vn.phieukin.procedure.Tallying;

/**
 * Genuine sealed records, made the way the server makes them: a real RSA-3072 round key blind-signs
 * each voter's token (RFC 9474), each ballot is signed by its token key, receipts are hashed from
 * the requests, and tally and result come from the procedure code. Test data follows the smoke
 * review (../shared/acceptance/smoke.json).
 */
public final class RecordFixture {

    /** One round key for the whole test JVM: generating RSA-3072 takes seconds. */
    public static final BlindSigner ROUND_KEY = BlindSigner.generate(new SecureRandom());
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 6, 1);
    static final Map<String, String> POSITION_NAMES = Map.of("BT", "Bí thư Tỉnh ủy", "CT", "Chủ tịch UBND tỉnh");

    private final SealKey sealKey;

    public RecordFixture(SealKey sealKey) {
        this.sealKey = sealKey;
    }

    public SealKey sealKey() {
        return sealKey;
    }

    public static List<Cadre> cadres() {
        return List.of(
                new Cadre("c1", "Nguyễn Văn An", LocalDate.of(1970, 3, 2), Gender.M, "Kinh", "Phó Bí thư Tỉnh ủy", "Tỉnh ủy", false, true),
                new Cadre("c2", "Hoàng Thị Bình", LocalDate.of(1975, 7, 19), Gender.F, "Tày", "Trưởng Ban Tổ chức Tỉnh ủy",
                        "Ban Tổ chức Tỉnh ủy", false, true),
                new Cadre("c3", "Lê Văn Cường", LocalDate.of(1972, 11, 30), Gender.M, "Kinh", "Phó Chủ tịch UBND tỉnh", "UBND tỉnh",
                        false, true),
                new Cadre("c4", "Ma Thị Dung", LocalDate.of(1985, 1, 5), Gender.F, "Nùng", "Bí thư Đảng ủy phường",
                        "Đảng ủy phường Phan Đình Phùng", false, false),
                new Cadre("c5", "Trần Quốc Em", LocalDate.of(1980, 9, 9), Gender.M, "Kinh", "Giám đốc Sở Nội vụ", "Sở Nội vụ", false, false),
                new Cadre("c6", "Đỗ Minh Giang", LocalDate.of(1978, 4, 21), Gender.M, "Kinh", "Trưởng Ban Tuyên giáo Tỉnh ủy",
                        "Ban Tuyên giáo Tỉnh ủy", false, true),
                new Cadre("c7", "Phạm Thị Hà", LocalDate.of(1983, 12, 12), Gender.F, "Kinh", "Giám đốc Sở Khoa học và Công nghệ",
                        "Sở Khoa học và Công nghệ", true, false),
                new Cadre("c8", "Lục Văn Khánh", LocalDate.of(1976, 6, 30), Gender.M, "Tày", "Giám đốc Sở Tài chính", "Sở Tài chính",
                        false, true),
                new Cadre("c9", "Vi Thị Lan", LocalDate.of(1988, 2, 14), Gender.F, "Dao", "Chủ tịch UBND xã", "UBND xã Định Hóa",
                        false, false));
    }

    /** A paper ballot as the secretariat enters it. */
    public record Paper(List<?> choices, boolean invalid) {
    }

    /** What happened in one round; the rest is computed as the server would. */
    public record Round(int step, Rules rules, List<Section> sections, List<RemovalLine> lines, long roster, long excluded,
            long present, List<List<?>> electronic, int tokensNotUsed, List<Paper> paper, List<ChairDecision> decisions,
            String supersedes) {

        public Round withDecisions(List<ChairDecision> decisions, String supersedes) {
            return new Round(step, rules, sections, lines, roster, excluded, present, electronic, tokensNotUsed, paper,
                    decisions, supersedes);
        }
    }

    /** A NOMINATION choice {@code {"position", "cadres"}}. */
    public static Map<String, Object> pick(String position, String... cadres) {
        return Map.of("position", position, "cadres", List.of(cadres));
    }

    /** A REMOVAL choice {@code {"line", "vote"}}. */
    public static Map<String, Object> vote(String line, String vote) {
        return Map.of("line", line, "vote", vote);
    }

    public static List<List<?>> times(int count, List<?> choices) {
        return IntStream.range(0, count).<List<?>>mapToObj(i -> choices).toList();
    }

    @SafeVarargs
    public static List<List<?>> concat(List<List<?>>... groups) {
        List<List<?>> all = new ArrayList<>();
        for (List<List<?>> g : groups) {
            all.addAll(g);
        }
        return all;
    }

    /** Step 2 of the smoke review: write-ins allowed, plus paper ballots (one invalid, one over-selected). */
    public static Round stepTwo() {
        List<Section> sections = List.of(new Section("BT", 1, List.of("c4", "c5", "c6"), true),
                new Section("CT", 2, List.of("c7", "c8"), true));
        List<List<?>> electronic = concat(
                times(6, List.of(pick("BT", "c4"), pick("CT", "c7", "c9"))),
                times(7, List.of(pick("BT", "c6"), pick("CT", "c8"))),
                times(4, List.of(pick("BT", "c5"), pick("CT", "c9"))),
                times(1, List.of(pick("BT", "c8"), pick("CT"))));
        List<Paper> paper = List.of(
                new Paper(List.of(pick("BT", "c4"), pick("CT", "c7", "c8", "c9")), false),
                new Paper(List.of(), true));
        return new Round(2, Rules.defaultsFor(2), sections, List.of(), 25, 0, 22, electronic, 1, paper, List.of(), null);
    }

    /**
     * Step 4 of the smoke review: top-down, 2 open slots for CT: c7 6 votes, c8 and c9 5 each (tied at the
     * cut-off, pending until the chair decides), c5 printed with no vote.
     */
    public static Round stepFour() {
        List<Section> sections = List.of(new Section("BT", 1, List.of("c4"), false),
                new Section("CT", 2, List.of("c5", "c7", "c8", "c9"), false));
        List<List<?>> electronic = concat(
                times(3, List.of(pick("BT", "c4"), pick("CT", "c7", "c8"))),
                times(3, List.of(pick("BT", "c4"), pick("CT", "c7", "c9"))),
                times(2, List.of(pick("BT"), pick("CT", "c8", "c9"))));
        return new Round(4, Rules.defaultsFor(4), sections, List.of(), 9, 0, 8, electronic, 0, List.of(), List.of(), null);
    }

    /** Step 1 of the smoke review: removal lines, one exclusion. */
    public static Round stepOne() {
        List<RemovalLine> lines = List.of(new RemovalLine("L1", "c1", "BT"), new RemovalLine("L2", "c2", "BT"),
                new RemovalLine("L3", "c3", "CT"));
        List<List<?>> electronic = concat(
                times(4, List.of(vote("L1", "AGREE"), vote("L2", "AGREE"), vote("L3", "NONE"))),
                times(1, List.of(vote("L1", "AGREE"), vote("L2", "NONE"), vote("L3", "DISAGREE"))),
                times(2, List.of(vote("L1", "NONE"), vote("L2", "NONE"), vote("L3", "NONE"))));
        List<Paper> paper = List.of(new Paper(List.of(vote("L2", "DISAGREE")), false));
        return new Round(1, Rules.defaultsFor(1), List.of(), lines, 10, 1, 8, electronic, 0, paper, List.of(), null);
    }

    public static ChairDecision decision(String position, String... chosen) {
        return new ChairDecision(position, List.of(chosen), "bithu", Instant.parse("2026-06-01T10:15:00Z"));
    }

    public static String roundId(int step) {
        return "R" + step;
    }

    /** The sealed record of {@code round}, every ballot genuinely issued, signed and counted. */
    public ObjectNode sealed(Round round) {
        return Sealer.seal(input(round, castBallots(round)), sealKey);
    }

    /** Cast requests for {@code round}, with genuine tokens; reuse them to seal several versions of one round. */
    public static List<RecordInput.CastBallot> castBallots(Round round) {
        String roundId = roundId(round.step());
        return round.electronic().parallelStream().map(choices -> {
            TokenHolder holder = TokenHolder.prepare(roundId, ROUND_KEY.publicKey(), RANDOM);
            try {
                holder.finalizeToken(ROUND_KEY.blindSign(holder.blindedMessage()));
            } catch (BlindSignRefused e) {
                throw new IllegalStateException(e);
            }
            JsonNode request = ProcedureJson.mapper().valueToTree(holder.castRequest(choices));
            return new RecordInput.CastBallot(Receipts.of(request), request);
        }).toList();
    }

    public ObjectNode sealed(Round round, List<RecordInput.CastBallot> ballots) {
        return Sealer.seal(input(round, ballots), sealKey);
    }

    public static RecordInput input(Round round, List<RecordInput.CastBallot> ballots) {
        String roundId = roundId(round.step());
        BallotKind kind = BallotKind.ofStep(round.step());
        Map<String, Cadre> registry = cadres().stream().collect(Collectors.toMap(Cadre::id, Function.identity()));
        RoundDefinition definition = new RoundDefinition(roundId, round.step(), kind, round.lines(), round.sections(),
                registry.keySet());

        List<BallotChoices> valid = new ArrayList<>();
        for (RecordInput.CastBallot b : ballots) {
            Outcome<BallotChoices> outcome = BallotValidation.electronic(definition, ProcedureJson.plain(b.request().get("body")));
            assertThat(outcome.isAccepted()).as("fixture ballot is valid: %s", outcome).isTrue();
            valid.add(outcome.value());
        }
        List<PaperBallot> paper = new ArrayList<>();
        List<RecordInput.PaperEntry> paperEntries = new ArrayList<>();
        for (Paper p : round.paper()) {
            JsonNode choices = ProcedureJson.mapper().valueToTree(p.choices());
            Outcome<PaperBallot> outcome = BallotValidation.paper(definition, ProcedureJson.plain(choices), p.invalid());
            assertThat(outcome.isAccepted()).as("fixture paper ballot is entered: %s", outcome).isTrue();
            paper.add(outcome.value());
            byte[] receipt = new byte[32];
            RANDOM.nextBytes(receipt);
            paperEntries.add(new RecordInput.PaperEntry(HexFormat.of().formatHex(receipt), choices, p.invalid()));
        }
        Tally tally = Tallying.tally(definition, valid, paper);
        Attendance attendance = Attendance.of(round.roster(), round.excluded(), round.present(), round.rules().quorum());
        RoundResult result = Results.compute(definition, round.rules(), tally,
                Results.base(round.rules(), attendance.convened(), attendance.present()), round.decisions());

        List<String> delegates = IntStream.rangeClosed(1, (int) round.roster()).mapToObj(i -> "D" + i).toList();
        List<RecordInput.Exclusion> exclusions = delegates.subList((int) (round.roster() - round.excluded()), (int) round.roster())
                .stream().map(d -> new RecordInput.Exclusion(d, "Đại biểu " + d, "Vắng mặt có lý do")).toList();
        int tokens = ballots.size() + round.tokensNotUsed();
        List<String> electronicTo = delegates.subList(0, tokens);
        List<String> paperTo = delegates.subList(tokens, tokens + round.paper().size());

        List<BallotWarning> warnings = round.sections().stream()
                .flatMap(s -> Planning.surplusWarning(s, POSITION_NAMES.getOrDefault(s.positionId(), s.positionId())).stream())
                .toList();
        RoundView view = new RoundView(roundId, "K" + round.step(), round.step(), kind, "CLOSED", round.sections(), round.lines(),
                warnings, ProcedureJson.mapper().valueToTree(ROUND_KEY.publicKey().toJwk()), round.present(),
                tokens + round.paper().size(), ballots.size() + round.paper().size());

        return new RecordInput(
                new RecordInput.ReviewFacts("V1", "Rà soát, bổ sung quy hoạch (kiểm thử)", REFERENCE_DATE, cadres()),
                new RecordInput.ConferenceFacts("K" + round.step(), round.step(), "Hội nghị bước " + round.step(), REFERENCE_DATE),
                round.rules(),
                RecordInput.AttendanceFacts.of(attendance, exclusions),
                view,
                new RecordInput.Issued(electronicTo, paperTo),
                ballots,
                paperEntries,
                tally,
                result,
                round.decisions(),
                round.supersedes());
    }
}
