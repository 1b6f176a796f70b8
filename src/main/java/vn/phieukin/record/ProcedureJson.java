package vn.phieukin.record;

import static vn.phieukin.record.JsonFields.array;
import static vn.phieukin.record.JsonFields.at;
import static vn.phieukin.record.JsonFields.bool;
import static vn.phieukin.record.JsonFields.count;
import static vn.phieukin.record.JsonFields.date;
import static vn.phieukin.record.JsonFields.instant;
import static vn.phieukin.record.JsonFields.join;
import static vn.phieukin.record.JsonFields.object;
import static vn.phieukin.record.JsonFields.smallInt;
import static vn.phieukin.record.JsonFields.text;
import static vn.phieukin.record.JsonFields.texts;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import vn.phieukin.procedure.BallotCounts;
import vn.phieukin.procedure.BallotKind;
import vn.phieukin.procedure.BallotWarning;
import vn.phieukin.procedure.Base;
import vn.phieukin.procedure.Cadre;
import vn.phieukin.procedure.ChairDecision;
import vn.phieukin.procedure.Comparator;
import vn.phieukin.procedure.Fraction;
import vn.phieukin.procedure.Gender;
import vn.phieukin.procedure.Outcome;
import vn.phieukin.procedure.RemovalLine;
import vn.phieukin.procedure.RoundDefinition;
import vn.phieukin.procedure.RoundResult;
import vn.phieukin.procedure.Rules;
import vn.phieukin.procedure.RulesOverride;
import vn.phieukin.procedure.Section;
import vn.phieukin.procedure.Selection;
import vn.phieukin.procedure.Steps;
import vn.phieukin.procedure.StructureReport;
import vn.phieukin.procedure.Tally;
import vn.phieukin.procedure.Threshold;
import vn.phieukin.procedure.Vote;

/**
 * The JSON form of the procedure's values, shared by the API and the sealed record so both
 * show the same thing (API.md, PROTOCOL.md). Writers build Jackson trees with integers as JSON
 * integers; readers are strict and throw {@link RecordFormatException} naming the path.
 */
public final class ProcedureJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * A mapper that refuses what could make two readers see different records: duplicate keys,
     * trailing tokens, and floats read as anything but floats (so canonical JSON refuses them).
     */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private ProcedureJson() {
    }

    /** The strict mapper (duplicate keys and trailing content refused); thread-safe. */
    public static ObjectMapper mapper() {
        return STRICT;
    }

    static ObjectNode newObject() {
        return NODES.objectNode();
    }

    static ArrayNode newArray() {
        return NODES.arrayNode();
    }

    // ---- rules ------------------------------------------------------------------------------

    /** {@code {"threshold":{"comparator","numerator","denominator"},"base","announced","selection","quorum":{…},"allowNominations"}}. */
    public static ObjectNode rules(Rules rules) {
        ObjectNode node = newObject();
        node.set("threshold", threshold(rules.threshold()));
        node.put("base", rules.base().name());
        node.put("announced", rules.announced());
        node.put("selection", rules.selection().name());
        node.set("quorum", fraction(rules.quorum()));
        node.put("allowNominations", rules.allowNominations());
        return node;
    }

    /** {@code {"comparator":">"|">=","numerator","denominator"}}. */
    public static ObjectNode threshold(Threshold threshold) {
        ObjectNode node = newObject();
        node.put("comparator", threshold.comparator().symbol());
        node.put("numerator", threshold.fraction().numerator());
        node.put("denominator", threshold.fraction().denominator());
        return node;
    }

    public static ObjectNode fraction(Fraction fraction) {
        ObjectNode node = newObject();
        node.put("numerator", fraction.numerator());
        node.put("denominator", fraction.denominator());
        return node;
    }

    /** Reads complete rules as {@link #rules(Rules)} writes them (the record's {@code rules}). */
    public static Rules readRules(JsonNode node, String path) {
        Threshold threshold = readThreshold(object(node, "threshold", path), join(path, "threshold"));
        String base = text(node, "base", path);
        String selection = text(node, "selection", path);
        Base parsedBase;
        Selection parsedSelection;
        try {
            parsedBase = Base.valueOf(base);
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(join(path, "base"), "chỉ nhận CONVENED hoặc PRESENT, nhận được \"" + base + "\"");
        }
        try {
            parsedSelection = Selection.valueOf(selection);
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(join(path, "selection"),
                    "chỉ nhận ALL_PASSING hoặc TOP_DOWN, nhận được \"" + selection + "\"");
        }
        Fraction quorum = readFraction(object(node, "quorum", path), join(path, "quorum"));
        return new Rules(threshold, parsedBase, bool(node, "announced", path), parsedSelection, quorum,
                bool(node, "allowNominations", path));
    }

    static Threshold readThreshold(JsonNode node, String path) {
        String symbol = text(node, "comparator", path);
        Comparator comparator = Comparator.fromSymbol(symbol).orElseThrow(() -> new RecordFormatException(
                join(path, "comparator"), "chỉ nhận \">\" hoặc \">=\", nhận được \"" + symbol + "\""));
        return new Threshold(comparator, readFraction(node, path));
    }

    static Fraction readFraction(JsonNode node, String path) {
        long numerator = count(node, "numerator", path);
        long denominator = count(node, "denominator", path);
        Outcome<Fraction> fraction = Fraction.of(numerator, denominator, path);
        if (!fraction.isAccepted()) {
            throw new RecordFormatException(path, "phải là phân số trong khoảng (0, 1], nhận được " + numerator + "/" + denominator);
        }
        return fraction.value();
    }

    /**
     * Reads the API's partial {@code rules} (any subset of the fields of {@link #rules(Rules)}) into
     * an override for {@link Rules#forConference}. A field of the wrong type is refused with
     * BAD_REQUEST naming it; null or a missing node means no override.
     */
    public static Outcome<RulesOverride> readRulesOverride(JsonNode rules) {
        if (rules == null || rules.isNull() || rules.isMissingNode()) {
            return Outcome.accepted(RulesOverride.NONE);
        }
        if (!rules.isObject()) {
            return badRequest("Trường rules phải là một đối tượng JSON.");
        }
        JsonNode threshold = rules.get("threshold");
        JsonNode quorum = rules.get("quorum");
        if (threshold != null && !threshold.isObject()) {
            return badRequest("Trường rules.threshold phải là một đối tượng JSON {comparator, numerator, denominator}.");
        }
        if (quorum != null && !quorum.isObject()) {
            return badRequest("Trường rules.quorum phải là một đối tượng JSON {numerator, denominator}.");
        }
        try {
            return Outcome.accepted(new RulesOverride(
                    optionalText(threshold, "comparator", "rules.threshold"),
                    optionalLong(threshold, "numerator", "rules.threshold"),
                    optionalLong(threshold, "denominator", "rules.threshold"),
                    optionalText(rules, "base", "rules"),
                    optionalBool(rules, "announced", "rules"),
                    optionalText(rules, "selection", "rules"),
                    optionalLong(quorum, "numerator", "rules.quorum"),
                    optionalLong(quorum, "denominator", "rules.quorum"),
                    optionalBool(rules, "allowNominations", "rules")));
        } catch (RecordFormatException e) {
            return badRequest("Trường " + e.getMessage() + ".");
        }
    }

    private static String optionalText(JsonNode node, String field, String path) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RecordFormatException(join(path, field), "phải là một chuỗi");
        }
        return value.textValue();
    }

    private static Long optionalLong(JsonNode node, String field, String path) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new RecordFormatException(join(path, field), "phải là một số nguyên");
        }
        return value.longValue();
    }

    private static Boolean optionalBool(JsonNode node, String field, String path) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new RecordFormatException(join(path, field), "phải là true hoặc false");
        }
        return value.booleanValue();
    }

    private static <T> Outcome<T> badRequest(String message) {
        return Outcome.refused("BAD_REQUEST", message);
    }

    // ---- the round --------------------------------------------------------------------------

    /**
     * The round as the API shows it: {@code {id, conferenceId, step, kind, status, sections | lines,
     * warnings, tokenKey, presentAtOpen, issued, cast}}.
     */
    public static ObjectNode round(RoundView round) {
        ObjectNode node = newObject();
        node.put("id", round.id());
        node.put("conferenceId", round.conferenceId());
        node.put("step", round.step());
        node.put("kind", round.kind().name());
        node.put("status", round.status());
        if (round.kind() == BallotKind.NOMINATION) {
            ArrayNode sections = node.putArray("sections");
            round.sections().forEach(s -> sections.add(section(s)));
        } else {
            ArrayNode lines = node.putArray("lines");
            round.lines().forEach(l -> lines.add(line(l)));
        }
        ArrayNode warnings = node.putArray("warnings");
        round.warnings().forEach(w -> warnings.add(warning(w)));
        node.set("tokenKey", round.tokenKey() == null ? NODES.nullNode() : round.tokenKey().deepCopy());
        if (round.presentAtOpen() == null) {
            node.putNull("presentAtOpen");
        } else {
            node.put("presentAtOpen", round.presentAtOpen());
        }
        node.put("issued", round.issued());
        node.put("cast", round.cast());
        return node;
    }

    /** {@code {positionId, maxSelections, candidates:[cadreId…], allowNominations}}. */
    public static ObjectNode section(Section section) {
        ObjectNode node = newObject();
        node.put("positionId", section.positionId());
        node.put("maxSelections", section.maxSelections());
        ArrayNode candidates = node.putArray("candidates");
        section.candidates().forEach(candidates::add);
        node.put("allowNominations", section.allowNominations());
        return node;
    }

    /** {@code {id, cadreId, positionId}}. */
    public static ObjectNode line(RemovalLine line) {
        ObjectNode node = newObject();
        node.put("id", line.id());
        node.put("cadreId", line.cadreId());
        node.put("positionId", line.positionId());
        return node;
    }

    /** {@code {code, positionId, message}}. */
    public static ObjectNode warning(BallotWarning warning) {
        ObjectNode node = newObject();
        node.put("code", warning.code());
        node.put("positionId", warning.positionId());
        node.put("message", warning.message());
        return node;
    }

    /**
     * The ballot of a round as written by {@link #round(RoundView)}: its kind, step, and
     * sections or lines; {@code registry} holds the cadre ids write-ins are checked against.
     */
    public static RoundDefinition readRoundDefinition(JsonNode round, Set<String> registry, String path) {
        String id = text(round, "id", path);
        int step = smallInt(round, "step", path);
        if (!Steps.isStep(step)) {
            throw new RecordFormatException(join(path, "step"), "phải là 1, 2, 3 hoặc 4, nhận được " + step);
        }
        String kindText = text(round, "kind", path);
        BallotKind kind;
        try {
            kind = BallotKind.valueOf(kindText);
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(join(path, "kind"), "chỉ nhận REMOVAL hoặc NOMINATION, nhận được \"" + kindText + "\"");
        }
        if (kind != BallotKind.ofStep(step)) {
            throw new RecordFormatException(join(path, "kind"), "bước " + step + " không dùng loại phiếu " + kind);
        }
        try {
            if (kind == BallotKind.REMOVAL) {
                JsonNode lines = array(round, "lines", path);
                List<RemovalLine> parsed = new ArrayList<>();
                for (int i = 0; i < lines.size(); i++) {
                    String at = at(join(path, "lines"), i);
                    parsed.add(new RemovalLine(text(lines.get(i), "id", at), text(lines.get(i), "cadreId", at),
                            text(lines.get(i), "positionId", at)));
                }
                return RoundDefinition.removal(id, parsed, registry);
            }
            JsonNode sections = array(round, "sections", path);
            List<Section> parsed = new ArrayList<>();
            for (int i = 0; i < sections.size(); i++) {
                String at = at(join(path, "sections"), i);
                JsonNode s = sections.get(i);
                List<String> candidates = texts(s, "candidates", at);
                if (new HashSet<>(candidates).size() != candidates.size()) {
                    throw new RecordFormatException(join(at, "candidates"), "có cán bộ được in hai lần");
                }
                parsed.add(new Section(text(s, "positionId", at), smallInt(s, "maxSelections", at), candidates,
                        bool(s, "allowNominations", at)));
            }
            return RoundDefinition.nomination(id, step, parsed, registry);
        } catch (IllegalArgumentException e) {
            throw new RecordFormatException(path, "phiếu của phiên không hợp lệ: có dòng hoặc chức danh bị lặp lại");
        }
    }

    // ---- counts, tally ----------------------------------------------------------------------

    /** {@code {cast, valid, invalid}}. */
    public static ObjectNode ballotCounts(BallotCounts counts) {
        ObjectNode node = newObject();
        node.put("cast", counts.cast());
        node.put("valid", counts.valid());
        node.put("invalid", counts.invalid());
        return node;
    }

    /**
     * The raw counts (PROTOCOL.md): NOMINATION {@code {"ballots", "positions":{positionId:{cadreId: votes}},
     * "invalidSections":{positionId: n}}}; REMOVAL {@code {"ballots", "lines":{lineId:{"AGREE","DISAGREE","NONE"}}}}.
     */
    public static ObjectNode tally(Tally tally) {
        ObjectNode node = newObject();
        node.set("ballots", ballotCounts(tally.ballots()));
        if (tally instanceof Tally.Removal removal) {
            ObjectNode lines = node.putObject("lines");
            removal.lines().forEach((id, count) -> {
                ObjectNode line = lines.putObject(id);
                line.put(Vote.AGREE.name(), count.agree());
                line.put(Vote.DISAGREE.name(), count.disagree());
                line.put(Vote.NONE.name(), count.none());
            });
        } else {
            Tally.Nomination nomination = (Tally.Nomination) tally;
            ObjectNode positions = node.putObject("positions");
            nomination.positions().forEach((positionId, votes) -> {
                ObjectNode position = positions.putObject(positionId);
                votes.forEach(position::put);
            });
            ObjectNode invalidSections = node.putObject("invalidSections");
            nomination.invalidSections().forEach(invalidSections::put);
        }
        return node;
    }

    /** {@code {kind, value}}. */
    public static ObjectNode base(RoundResult.BaseValue base) {
        ObjectNode node = newObject();
        node.put("kind", base.kind().name());
        node.put("value", base.value());
        return node;
    }

    // ---- decisions --------------------------------------------------------------------------

    /** {@code {positionId, chosen:[cadreId…], decidedBy, decidedAt}} with decidedAt ISO-8601 UTC. */
    public static ObjectNode decision(ChairDecision decision) {
        ObjectNode node = newObject();
        node.put("positionId", decision.positionId());
        ArrayNode chosen = node.putArray("chosen");
        decision.chosen().forEach(chosen::add);
        node.put("decidedBy", decision.decidedBy());
        node.put("decidedAt", decision.decidedAt().toString());
        return node;
    }

    public static ArrayNode decisions(List<ChairDecision> decisions) {
        ArrayNode array = newArray();
        decisions.forEach(d -> array.add(decision(d)));
        return array;
    }

    public static ChairDecision readDecision(JsonNode node, String path) {
        List<String> chosen = texts(node, "chosen", path);
        return new ChairDecision(text(node, "positionId", path), chosen, text(node, "decidedBy", path),
                instant(node, "decidedAt", path));
    }

    // ---- cadres -----------------------------------------------------------------------------

    /**
     * A cadre as the record keeps it: {@code {id, fullName, birthDate, gender, ethnicity, title,
     * unit, stem, subordinatePost}} (stem and subordinatePost so the structure can be recomputed).
     */
    public static ObjectNode cadre(Cadre cadre) {
        ObjectNode node = newObject();
        node.put("id", cadre.id());
        node.put("fullName", cadre.fullName());
        node.put("birthDate", cadre.birthDate().toString());
        node.put("gender", cadre.gender().name());
        node.put("ethnicity", cadre.ethnicity());
        node.put("title", cadre.title());
        node.put("unit", cadre.unit());
        node.put("stem", cadre.stem());
        node.put("subordinatePost", cadre.subordinatePost());
        return node;
    }

    public static Cadre readCadre(JsonNode node, String path) {
        String genderText = text(node, "gender", path);
        Gender gender = Gender.fromCode(genderText).orElseThrow(() -> new RecordFormatException(join(path, "gender"),
                "chỉ nhận F hoặc M, nhận được \"" + genderText + "\""));
        String fullName = text(node, "fullName", path);
        String ethnicity = text(node, "ethnicity", path);
        if (fullName.isBlank() || ethnicity.isBlank()) {
            throw new RecordFormatException(path, "họ tên và dân tộc không được để trống");
        }
        return new Cadre(text(node, "id", path), fullName, date(node, "birthDate", path), gender, ethnicity,
                text(node, "title", path), text(node, "unit", path), bool(node, "stem", path),
                bool(node, "subordinatePost", path));
    }

    // ---- structure report -------------------------------------------------------------------

    /**
     * {@code {"targets":[{code, label, count, total, percent, required:{numerator, denominator}, met}],
     * "subordinatePost":[{positionId, holding, total, percent, met}], "overPositionLimit":[{cadreId, positions}]}}.
     */
    public static ObjectNode structure(StructureReport report) {
        ObjectNode node = newObject();
        ArrayNode targets = node.putArray("targets");
        for (StructureReport.Target t : report.targets()) {
            ObjectNode target = targets.addObject();
            target.put("code", t.code());
            target.put("label", t.label());
            target.put("count", t.count());
            target.put("total", t.total());
            target.put("percent", t.percent());
            target.set("required", fraction(t.required()));
            target.put("met", t.met());
        }
        ArrayNode shares = node.putArray("subordinatePost");
        for (StructureReport.PositionShare s : report.subordinatePost()) {
            ObjectNode share = shares.addObject();
            share.put("positionId", s.positionId());
            share.put("holding", s.holding());
            share.put("total", s.total());
            share.put("percent", s.percent());
            share.put("met", s.met());
        }
        ArrayNode over = node.putArray("overPositionLimit");
        for (StructureReport.CadreLoad load : report.overPositionLimit()) {
            ObjectNode item = over.addObject();
            item.put("cadreId", load.cadreId());
            item.put("positions", load.positions());
        }
        return node;
    }

    /**
     * The values as plain Java (Map, List, String, Integer/Long/BigInteger, Boolean), the form
     * {@link vn.phieukin.procedure.BallotValidation} reads.
     */
    public static Object plain(JsonNode node) {
        return STRICT.convertValue(node, Object.class);
    }
}
