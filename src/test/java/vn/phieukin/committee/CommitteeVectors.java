package vn.phieukin.committee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.math.ec.ECPoint;
import vn.phieukin.ballot.Base64Url;
import vn.phieukin.ballot.CanonicalJson;

/**
 * The known-answer vectors of src/test/resources/committee/: each file is a list of
 * {@code {name, kind, input, output}}; {@link #compute} gives a case's output from its input.
 * {@link CommitteeVectorsTest} recomputes every case in Java, web/test/committee-vectors.test.mjs
 * in JavaScript. Random values come from {@link DeterministicRandomness} with the case's
 * {@code seed}, so both languages reproduce every byte.
 *
 * <p>Regenerate (only when the spec changes; the committed files are the contract):
 * {@code mvn -o -q test-compile && java -cp "target/test-classes:target/classes:$(cat cp.txt)" vn.phieukin.committee.CommitteeVectors src/test/resources/committee}
 * with {@code mvn -o dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class CommitteeVectors {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final List<String> FILES = List.of("hq", "encoding", "elgamal", "iprove", "pok", "shares", "decryption",
            "lagrange", "ballot");

    private CommitteeVectors() {
    }

    // ---------------------------------------------------------------- compute

    static JsonNode compute(String kind, JsonNode in) {
        ObjectNode out = NODES.objectNode();
        switch (kind) {
            case "hq" -> {
                List<Object> parts = new ArrayList<>();
                for (JsonNode p : in.get("parts")) {
                    String type = p.fieldNames().next();
                    String v = p.get(type).textValue();
                    parts.add(switch (type) {
                        case "string" -> v;
                        case "point" -> Encoding.pointFromText(v);
                        case "scalar" -> Encoding.scalarFromText(v);
                        case "bytes" -> Base64Url.decode(v);
                        default -> throw new IllegalArgumentException(type);
                    });
                }
                out.put("hq", Encoding.scalarText(Hq.hash(in.get("tag").textValue(), parts.toArray())));
            }
            case "pointOfScalar" -> {
                ECPoint p = Group.timesG(scalar(in, "k"));
                out.put("point", Encoding.pointText(p));
                out.put("uncompressedHex", p.isInfinity() ? "00" : HexFormat.of().formatHex(p.getEncoded(false)));
            }
            case "decodePoint" -> {
                try {
                    out.put("point", Encoding.pointText(Encoding.pointFromText(in.get("text").textValue())));
                    out.put("valid", true);
                } catch (InvalidEncodingException e) {
                    out.put("valid", false);
                }
            }
            case "decodeScalar" -> {
                try {
                    out.put("hex", Encoding.scalarFromText(in.get("text").textValue()).toString(16));
                    out.put("valid", true);
                } catch (InvalidEncodingException e) {
                    out.put("valid", false);
                }
            }
            case "encrypt" -> {
                JointKey key = new JointKey(Group.timesG(scalar(in, "x")));
                Ciphertext sum = Ciphertext.ZERO;
                long m = 0;
                ArrayNode each = out.putArray("ciphertexts");
                for (JsonNode item : in.get("items")) {
                    Ciphertext ct = key.encrypt(item.get("m").longValue(), scalar(item, "r"));
                    each.add(ct.toJson());
                    sum = sum.add(ct);
                    m += item.get("m").longValue();
                }
                out.put("H", key.text());
                out.set("sum", sum.toJson());
                out.put("sumDecrypted", DiscreteLog.solve(sum.beta().subtract(Group.times(sum.alpha(), scalar(in, "x"))), 1000));
                out.put("sumPlaintext", m);
            }
            case "iprove" -> {
                JointKey key = JointKey.fromText(in.get("H").textValue());
                Ciphertext ct = key.encrypt(in.get("m").longValue(), scalar(in, "r"));
                List<ChallengeResponse> proof = IntervalProof.prove(key, in.get("context").textValue(), ct, scalar(in, "r"),
                        in.get("m").longValue(), longs(in.get("allowed")), new DeterministicRandomness(in.get("seed").textValue()));
                out.setAll(ct.toJson());
                out.set("proof", ChallengeResponse.toJson(proof));
            }
            case "iverify" -> {
                boolean valid;
                try {
                    valid = IntervalProof.verify(JointKey.fromText(in.get("H").textValue()), in.get("context").textValue(),
                            Ciphertext.fromJson(in), longs(in.get("allowed")), ChallengeResponse.listFromJson(in.get("proof")));
                } catch (InvalidEncodingException e) {
                    valid = false;
                }
                out.put("valid", valid);
            }
            case "pok" -> {
                BigInteger a0 = scalar(in, "a0");
                SchnorrProof pok = SchnorrProof.prove(in.get("ctx").textValue(), a0, new DeterministicRandomness(in.get("seed").textValue()));
                out.put("C0", Encoding.pointText(Group.timesG(a0)));
                out.set("pok", pok.toJson());
                out.put("e", Encoding.scalarText(Hq.hash(Hq.POK, in.get("ctx").textValue(), Group.timesG(a0), pok.t())));
            }
            case "pokVerify" -> {
                boolean valid;
                try {
                    valid = SchnorrProof.fromJson(in.get("pok")).verify(in.get("ctx").textValue(), Encoding.pointFromText(in.get("C0").textValue()));
                } catch (InvalidEncodingException e) {
                    valid = false;
                }
                out.put("valid", valid);
            }
            case "deal" -> {
                int n = in.get("n").intValue();
                List<List<ECPoint>> all = new ArrayList<>();
                ArrayNode commitments = out.putArray("commitments");
                ArrayNode shares = out.putArray("shares");
                List<Polynomial> polys = new ArrayList<>();
                for (JsonNode coefficients : in.get("coefficients")) {
                    List<BigInteger> a = new ArrayList<>();
                    coefficients.forEach(c -> a.add(Encoding.scalarFromText(c.textValue())));
                    Polynomial f = new Polynomial(a);
                    polys.add(f);
                    all.add(f.commitments());
                    ArrayNode c = commitments.addArray();
                    f.commitments().forEach(p -> c.add(Encoding.pointText(p)));
                    ArrayNode s = shares.addArray();
                    for (int j = 1; j <= n; j++) {
                        s.add(Encoding.scalarText(f.at(j)));
                    }
                }
                ArrayNode keyShares = out.putArray("keyShares");
                ArrayNode verificationKeys = out.putArray("verificationKeys");
                for (int j = 1; j <= n; j++) {
                    List<BigInteger> received = new ArrayList<>();
                    for (Polynomial f : polys) {
                        received.add(f.at(j));
                    }
                    keyShares.add(Encoding.scalarText(Feldman.keyShare(received)));
                    verificationKeys.add(Encoding.pointText(Feldman.verificationKey(j, all)));
                }
                out.put("jointKey", Feldman.jointKey(all).text());
            }
            case "shareCheck" -> {
                List<ECPoint> c = new ArrayList<>();
                in.get("commitments").forEach(p -> c.add(Encoding.pointFromText(p.textValue())));
                out.put("valid", Feldman.shareMatches(in.get("j").intValue(), scalar(in, "share"), c));
            }
            case "ecies" -> {
                ShareEncryption.KeyPair dealer = keyPair(scalar(in, "dealerPrivate"));
                ShareEncryption.KeyPair addressee = keyPair(scalar(in, "addresseePrivate"));
                ShareEncryption.EncryptedShare sealed = ShareEncryption.encrypt(dealer, addressee.publicKey(), in.get("ctx").textValue(),
                        in.get("from").intValue(), in.get("to").intValue(), scalar(in, "share"), Base64Url.decode(in.get("iv").textValue()));
                out.put("dealerShareKey", dealer.shareKey());
                out.put("addresseeShareKey", addressee.shareKey());
                out.put("info", ShareEncryption.info(in.get("ctx").textValue(), in.get("from").intValue(), in.get("to").intValue()));
                out.set("share", sealed.toJson());
            }
            case "fingerprint" -> {
                List<CommitteeTranscript.Member> members = new ArrayList<>();
                for (JsonNode m : in.get("members")) {
                    List<ECPoint> c = new ArrayList<>();
                    m.get("commitments").forEach(p -> c.add(Encoding.pointFromText(p.textValue())));
                    members.add(new CommitteeTranscript.Member(m.get("index").intValue(), m.get("fullName").textValue(),
                            m.get("shareKey").textValue(), c, SchnorrProof.fromJson(m.get("pok"))));
                }
                out.put("hashed", CanonicalJson.encodeToString(CommitteeTranscript.json(members)));
                out.put("fingerprint", CommitteeTranscript.fingerprint(members));
                out.put("grouped", CommitteeTranscript.grouped(CommitteeTranscript.fingerprint(members)));
            }
            case "decrypt" -> {
                BigInteger sj = scalar(in, "keyShare");
                ECPoint alpha = Encoding.pointFromText(in.get("alpha").textValue());
                DecryptionShare share = DecryptionShare.create(in.get("roundId").textValue(), in.get("slot").textValue(), sj, alpha,
                        new DeterministicRandomness(in.get("seed").textValue()));
                out.put("verificationKey", Encoding.pointText(Group.timesG(sj)));
                out.setAll(share.toJson());
            }
            case "decryptVerify" -> {
                boolean valid;
                try {
                    valid = DecryptionShare.fromJson(in.get("contribution")).verify(in.get("roundId").textValue(), in.get("slot").textValue(),
                            Encoding.pointFromText(in.get("verificationKey").textValue()), Encoding.pointFromText(in.get("alpha").textValue()));
                } catch (InvalidEncodingException e) {
                    valid = false;
                }
                out.put("valid", valid);
            }
            case "lagrange" -> {
                List<Integer> q = new ArrayList<>();
                in.get("Q").forEach(j -> q.add(j.intValue()));
                ObjectNode lambdas = out.putObject("lambdas");
                Lagrange.coefficients(q).forEach((j, l) -> lambdas.put(String.valueOf(j), Encoding.scalarText(l)));
            }
            case "combine" -> {
                Ciphertext ct = Ciphertext.fromJson(in.get("ciphertext"));
                Map<Integer, ECPoint> d = new TreeMap<>();
                in.get("contributions").fields().forEachRemaining(e -> d.put(Integer.valueOf(e.getKey()), Encoding.pointFromText(e.getValue().textValue())));
                out.put("D", Encoding.pointText(Lagrange.combine(d)));
                out.put("m", Lagrange.decrypt(ct, d, in.get("max").longValue()));
            }
            case "bsgs" -> out.put("m", DiscreteLog.solve(Encoding.pointFromText(in.get("point").textValue()), in.get("max").longValue()));
            case "ballot" -> {
                BallotLayout layout = layout(in.get("layout"));
                JointKey key = JointKey.fromText(in.get("H").textValue());
                Randomness random = new DeterministicRandomness(in.get("seed").textValue());
                String round = in.get("roundId").textValue();
                String token = in.get("tokenKey").textValue();
                ObjectNode body;
                if (layout instanceof BallotLayout.Nomination n) {
                    Map<String, List<String>> picks = new LinkedHashMap<>();
                    in.get("choices").fields().forEachRemaining(e -> {
                        List<String> ids = new ArrayList<>();
                        e.getValue().forEach(v -> ids.add(v.textValue()));
                        picks.put(e.getKey(), ids);
                    });
                    body = EncryptedBallot.encryptNomination(n, round, token, key, picks, random);
                } else {
                    Map<String, String> votes = new LinkedHashMap<>();
                    in.get("choices").fields().forEachRemaining(e -> votes.put(e.getKey(), e.getValue().textValue()));
                    body = EncryptedBallot.encryptRemoval((BallotLayout.Removal) layout, round, token, key, votes, random);
                }
                out.set("body", body);
            }
            case "ballotVerify" -> {
                BallotCheck check = EncryptedBallot.verify(layout(in.get("layout")), in.get("roundId").textValue(),
                        in.get("tokenKey").textValue(), JointKey.fromText(in.get("H").textValue()), in.get("body"));
                out.put("valid", check.isValid());
                if (check instanceof BallotCheck.Invalid invalid) {
                    out.put("field", invalid.field());
                } else {
                    ObjectNode slots = out.putObject("slots");
                    ((BallotCheck.Valid) check).slots().forEach((name, ct) -> slots.set(name, ct.toJson()));
                }
            }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
        return out;
    }

    static BallotLayout layout(JsonNode node) {
        if ("NOMINATION".equals(node.get("kind").textValue())) {
            List<BallotLayout.Section> sections = new ArrayList<>();
            for (JsonNode s : node.get("sections")) {
                List<String> candidates = new ArrayList<>();
                s.get("candidates").forEach(c -> candidates.add(c.textValue()));
                sections.add(new BallotLayout.Section(s.get("position").textValue(), candidates, s.get("maxSelections").intValue()));
            }
            return new BallotLayout.Nomination(sections);
        }
        List<String> lines = new ArrayList<>();
        node.get("lines").forEach(l -> lines.add(l.textValue()));
        return new BallotLayout.Removal(lines);
    }

    private static ShareEncryption.KeyPair keyPair(BigInteger d) {
        return new ShareEncryption.KeyPair(d, Group.timesG(d));
    }

    private static BigInteger scalar(JsonNode in, String field) {
        return Encoding.scalarFromText(in.get(field).textValue());
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).longValue();
        }
        return out;
    }

    // ---------------------------------------------------------------- the inputs

    private static final class Cases {
        final ArrayNode cases = NODES.arrayNode();

        ObjectNode add(String name, String kind, ObjectNode input) {
            ObjectNode c = cases.addObject();
            c.put("name", name);
            c.put("kind", kind);
            c.set("input", input);
            c.set("output", compute(kind, input));
            return c;
        }
    }

    private static ObjectNode obj() {
        return NODES.objectNode();
    }

    private static String s(Randomness r) {
        return Encoding.scalarText(r.scalar());
    }

    static Map<String, ArrayNode> generate() {
        Map<String, ArrayNode> files = new LinkedHashMap<>();
        DeterministicRandomness r = new DeterministicRandomness("vectors");
        BigInteger q = Group.ORDER;

        Cases hq = new Cases();
        ObjectNode in = obj();
        in.put("tag", "phieukin/iprove/v2");
        in.putArray("parts");
        hq.add("no parts", "hq", in);
        in = obj();
        in.put("tag", "phieukin/pok/v2");
        ArrayNode parts = in.putArray("parts");
        parts.addObject().put("string", "K1|3|2");
        parts.addObject().put("point", Encoding.pointText(Group.G));
        parts.addObject().put("point", Encoding.pointText(Group.identity()));
        parts.addObject().put("scalar", Encoding.scalarText(BigInteger.ZERO));
        parts.addObject().put("scalar", Encoding.scalarText(q.subtract(BigInteger.ONE)));
        hq.add("string, points (G, O) and scalars (0, q-1)", "hq", in);
        in = obj();
        in.put("tag", "phieukin/decrypt/v2");
        parts = in.putArray("parts");
        parts.addObject().put("string", "Hội nghị bước 2|P1|C3");
        parts.addObject().put("string", "");
        parts.addObject().put("bytes", Base64Url.encode(new byte[300]));
        hq.add("UTF-8 string, empty string, 300 zero bytes", "hq", in);
        files.put("hq", hq.cases);

        Cases enc = new Cases();
        Object[][] ks = {{"0", BigInteger.ZERO}, {"1", BigInteger.ONE}, {"2", BigInteger.TWO}, {"q-1", q.subtract(BigInteger.ONE)},
            {"random", r.scalar()}};
        for (Object[] k : ks) {
            in = obj();
            in.put("k", Encoding.scalarText((BigInteger) k[1]));
            enc.add("k·G for k = " + k[0], "pointOfScalar", in);
        }
        byte[] g = Group.G.getEncoded(true);
        byte[] flippedPrefix = g.clone();
        flippedPrefix[0] ^= 0x01;
        byte[] notOnCurve = new byte[33];
        notOnCurve[0] = 0x02;
        for (int x = 1;; x++) { // the first x for which x^3 - 3x + b is not a square mod p
            notOnCurve[32] = (byte) x;
            try {
                Encoding.decodePoint(notOnCurve);
            } catch (InvalidEncodingException e) {
                break;
            }
        }
        byte[] xIsP = new byte[33];
        xIsP[0] = 0x02;
        System.arraycopy(Encoding.scalarBytesUnchecked(Group.CURVE.getField().getCharacteristic()), 0, xIsP, 1, 32);
        Object[][] points = {
            {"G", Base64Url.encode(g)}, {"-G", Base64Url.encode(flippedPrefix)}, {"identity", "AA"},
            {"uncompressed G", Base64Url.encode(Group.G.getEncoded(false))}, {"two zero bytes", "AAA"},
            {"prefix 04 with 33 bytes", Base64Url.encode(withPrefix(g, (byte) 4))}, {"x not on the curve", Base64Url.encode(notOnCurve)},
            {"x = p", Base64Url.encode(xIsP)}, {"32 bytes", Base64Url.encode(java.util.Arrays.copyOf(g, 32))},
            {"padding", Base64Url.encode(g) + "="}, {"standard base64 alphabet", "A+/A"}, {"empty", ""},
        };
        for (Object[] p : points) {
            in = obj();
            in.put("text", (String) p[1]);
            enc.add("point: " + p[0], "decodePoint", in);
        }
        Object[][] scalars = {
            {"0", Encoding.scalarText(BigInteger.ZERO)}, {"q-1", Encoding.scalarText(q.subtract(BigInteger.ONE))},
            {"q", Base64Url.encode(Encoding.scalarBytesUnchecked(q))}, {"2^256-1", Base64Url.encode(filled(32))},
            {"31 bytes", Base64Url.encode(new byte[31])}, {"33 bytes", Base64Url.encode(new byte[33])},
            {"non-canonical last character", Encoding.scalarText(BigInteger.ONE).replaceAll("E$", "F")},
        };
        for (Object[] p : scalars) {
            in = obj();
            in.put("text", (String) p[1]);
            enc.add("scalar: " + p[0], "decodeScalar", in);
        }
        files.put("encoding", enc.cases);

        Cases eg = new Cases();
        in = obj();
        in.put("x", s(r));
        ArrayNode items = in.putArray("items");
        for (int m : new int[] {0, 1, 1, 5}) {
            items.addObject().put("m", m).put("r", s(r));
        }
        eg.add("four ciphertexts and their sum", "encrypt", in);
        in = obj();
        in.put("x", s(r));
        in.putArray("items").addObject().put("m", 250).put("r", Encoding.scalarText(q.subtract(BigInteger.ONE)));
        eg.add("m = 250, r = q-1", "encrypt", in);
        files.put("elgamal", eg.cases);

        Cases ip = new Cases();
        String h = Encoding.pointText(Group.timesG(r.scalar()));
        Object[][] proofs = {{0, new int[] {0, 1}}, {1, new int[] {0, 1}}, {0, new int[] {0, 1, 2, 3}}, {2, new int[] {0, 1, 2, 3}},
            {3, new int[] {0, 1, 2, 3}}};
        int seed = 0;
        List<ObjectNode> made = new ArrayList<>();
        for (Object[] p : proofs) {
            in = obj();
            in.put("H", h);
            in.put("context", "phieukin/ballot/v2|R1|TOKEN|P1|C" + seed);
            in.put("m", (Integer) p[0]);
            in.put("r", s(r));
            ArrayNode allowed = in.putArray("allowed");
            for (int a : (int[]) p[1]) {
                allowed.add(a);
            }
            in.put("seed", "iprove-" + seed++);
            made.add(ip.add("m = " + p[0] + " in " + java.util.Arrays.toString((int[]) p[1]), "iprove", in));
        }
        ObjectNode base = made.get(1);
        ObjectNode vin = verifyInput(base);
        ip.add("verify: a genuine proof", "iverify", vin);
        ObjectNode bad = verifyInput(base);
        bad.put("context", bad.get("context").textValue() + "x");
        ip.add("verify: another context", "iverify", bad);
        bad = verifyInput(base);
        bad.put("beta", Encoding.pointText(Encoding.pointFromText(bad.get("beta").textValue()).add(Group.G)));
        ip.add("verify: beta + G", "iverify", bad);
        bad = verifyInput(base);
        ((ObjectNode) bad.get("proof").get(0)).put("s", Encoding.scalarText(BigInteger.ONE));
        ip.add("verify: s0 changed", "iverify", bad);
        bad = verifyInput(base);
        ((ObjectNode) bad.get("proof").get(0)).put("c", Base64Url.encode(Encoding.scalarBytesUnchecked(q)));
        ip.add("verify: c0 = q", "iverify", bad);
        bad = verifyInput(base);
        ((ArrayNode) bad.get("proof")).remove(1);
        ip.add("verify: one pair dropped", "iverify", bad);
        files.put("iprove", ip.cases);

        Cases pok = new Cases();
        in = obj();
        in.put("ctx", SchnorrProof.context("K1", 3, 2));
        in.put("a0", s(r));
        in.put("seed", "pok-0");
        ObjectNode pokCase = pok.add("dealer's proof", "pok", in);
        ObjectNode pin = obj();
        pin.put("ctx", "K1|3|2");
        pin.put("C0", pokCase.get("output").get("C0").textValue());
        pin.set("pok", pokCase.get("output").get("pok"));
        pok.add("verify: genuine", "pokVerify", pin.deepCopy());
        pin.put("ctx", "K1|3|3");
        pok.add("verify: another threshold in ctx", "pokVerify", pin.deepCopy());
        pin.put("ctx", "K1|3|2");
        pin.put("C0", Encoding.pointText(Group.G));
        pok.add("verify: another C0", "pokVerify", pin);
        files.put("pok", pok.cases);

        Cases shares = new Cases();
        in = obj();
        in.put("n", 3);
        ArrayNode coeffs = in.putArray("coefficients");
        for (int i = 0; i < 3; i++) {
            coeffs.addArray().add(s(r)).add(s(r));
        }
        ObjectNode deal = shares.add("3 members, threshold 2", "deal", in);
        JsonNode dealOut = deal.get("output");
        for (int j = 1; j <= 3; j++) {
            in = obj();
            in.put("j", j);
            in.put("share", dealOut.get("shares").get(0).get(j - 1).textValue());
            in.set("commitments", dealOut.get("commitments").get(0));
            shares.add("member " + j + "'s share from dealer 1", "shareCheck", in);
        }
        in = obj();
        in.put("j", 3);
        in.put("share", dealOut.get("shares").get(0).get(1).textValue());
        in.set("commitments", dealOut.get("commitments").get(0));
        shares.add("member 2's share presented as member 3's", "shareCheck", in);
        in = obj();
        in.put("ctx", "K1|3|2");
        in.put("from", 1);
        in.put("to", 2);
        in.put("dealerPrivate", s(r));
        in.put("addresseePrivate", s(r));
        in.put("share", dealOut.get("shares").get(0).get(1).textValue());
        in.put("iv", Base64Url.encode(r.iv()));
        shares.add("ECIES of dealer 1's share to member 2", "ecies", in);
        in = obj();
        ArrayNode members = in.putArray("members");
        String[] names = {"Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường"};
        for (int i = 0; i < 3; i++) {
            ObjectNode m = members.addObject();
            m.put("index", i + 1);
            m.put("fullName", names[i]);
            m.put("shareKey", keyPair(r.scalar()).shareKey());
            m.set("commitments", dealOut.get("commitments").get(i));
            m.set("pok", SchnorrProof.prove("K1|3|2", Encoding.scalarFromText(coeffs.get(i).get(0).textValue()),
                    new DeterministicRandomness("fingerprint-pok-" + i)).toJson());
        }
        shares.add("the transcript's fingerprint", "fingerprint", in);
        files.put("shares", shares.cases);

        Cases dec = new Cases();
        BigInteger keyShare = Encoding.scalarFromText(dealOut.get("keyShares").get(0).textValue());
        JointKey joint = JointKey.fromText(dealOut.get("jointKey").textValue());
        Ciphertext tallied = joint.encrypt(7, r.scalar());
        in = obj();
        in.put("roundId", "R1");
        in.put("slot", "P1|C3");
        in.put("keyShare", Encoding.scalarText(keyShare));
        in.put("alpha", Encoding.pointText(tallied.alpha()));
        in.put("seed", "decrypt-0");
        ObjectNode decCase = dec.add("member 1 decrypts a slot", "decrypt", in);
        ObjectNode dv = obj();
        dv.put("roundId", "R1");
        dv.put("slot", "P1|C3");
        dv.put("verificationKey", decCase.get("output").get("verificationKey").textValue());
        dv.put("alpha", Encoding.pointText(tallied.alpha()));
        ObjectNode contribution = obj();
        contribution.put("D", decCase.get("output").get("D").textValue());
        contribution.put("c", decCase.get("output").get("c").textValue());
        contribution.put("s", decCase.get("output").get("s").textValue());
        dv.set("contribution", contribution);
        dec.add("verify: genuine", "decryptVerify", dv.deepCopy());
        dv.put("slot", "P1|C4");
        dec.add("verify: another slot", "decryptVerify", dv.deepCopy());
        dv.put("slot", "P1|C3");
        ((ObjectNode) dv.get("contribution")).put("D", Encoding.pointText(Encoding.pointFromText(contribution.get("D").textValue()).add(Group.G)));
        dec.add("verify: a wrong D", "decryptVerify", dv);
        files.put("decryption", dec.cases);

        Cases lag = new Cases();
        for (List<Integer> qset : List.of(List.of(1, 2), List.of(1, 3), List.of(2, 3), List.of(1, 2, 3), List.of(2, 5, 9))) {
            in = obj();
            ArrayNode arr = in.putArray("Q");
            qset.forEach(arr::add);
            lag.add("λ for Q = " + qset, "lagrange", in);
        }
        for (List<Integer> qset : List.of(List.of(1, 2), List.of(2, 3), List.of(1))) {
            in = obj();
            in.set("ciphertext", tallied.toJson());
            ObjectNode contributions = in.putObject("contributions");
            for (int j : qset) {
                BigInteger sj = Encoding.scalarFromText(dealOut.get("keyShares").get(j - 1).textValue());
                contributions.put(String.valueOf(j), Encoding.pointText(Group.times(tallied.alpha(), sj)));
            }
            in.put("max", 250);
            lag.add("combine Q = " + qset + " of a 2-of-3 committee", "combine", in);
        }
        for (long[] mm : new long[][] {{0, 0}, {0, 250}, {1, 250}, {15, 250}, {16, 250}, {250, 250}, {251, 250}, {5000, 5000}}) {
            in = obj();
            in.put("point", Encoding.pointText(Group.timesG(mm[0])));
            in.put("max", mm[1]);
            lag.add("BSGS " + mm[0] + "·G in [0, " + mm[1] + "]", "bsgs", in);
        }
        files.put("lagrange", lag.cases);

        Cases ballots = new Cases();
        in = obj();
        ObjectNode layout = in.putObject("layout");
        layout.put("kind", "NOMINATION");
        ArrayNode sections = layout.putArray("sections");
        ObjectNode s1 = sections.addObject();
        s1.put("position", "P1");
        s1.putArray("candidates").add("C1").add("C2").add("C10");
        s1.put("maxSelections", 2);
        ObjectNode s2 = sections.addObject();
        s2.put("position", "P2");
        s2.putArray("candidates").add("C4");
        s2.put("maxSelections", 1);
        in.put("roundId", "R1");
        in.put("tokenKey", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexampletokenkey");
        in.put("H", joint.text());
        in.putObject("choices").putArray("P1").add("C2").add("C10");
        in.put("seed", "ballot-0");
        ObjectNode nom = ballots.add("NOMINATION: 2 sections, candidates sorted by id (C1, C10, C2)", "ballot", in);
        ballots.add("verify: the nomination ballot", "ballotVerify", ballotVerifyInput(nom));
        ObjectNode tampered = ballotVerifyInput(nom);
        ((ArrayNode) tampered.at("/body/sections/0/cadres")).set(0, "C2");
        ballots.add("verify: cadres not the candidate list", "ballotVerify", tampered);
        tampered = ballotVerifyInput(nom);
        tampered.put("tokenKey", "another");
        ballots.add("verify: under another token key", "ballotVerify", tampered);

        in = obj();
        layout = in.putObject("layout");
        layout.put("kind", "REMOVAL");
        layout.putArray("lines").add("L01").add("L02").add("L03");
        in.put("roundId", "R2");
        in.put("tokenKey", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexampletokenkey");
        in.put("H", joint.text());
        in.putObject("choices").put("L01", "AGREE").put("L02", "DISAGREE").put("L03", "NONE");
        in.put("seed", "ballot-1");
        ObjectNode rem = ballots.add("REMOVAL: 3 lines AGREE, DISAGREE, NONE", "ballot", in);
        ballots.add("verify: the removal ballot", "ballotVerify", ballotVerifyInput(rem));
        tampered = ballotVerifyInput(rem);
        JsonNode agree = tampered.at("/body/lines/1/agree").deepCopy();
        ((ObjectNode) tampered.at("/body/lines/1")).set("agree", tampered.at("/body/lines/1/disagree").deepCopy());
        ((ObjectNode) tampered.at("/body/lines/1")).set("disagree", agree);
        ballots.add("verify: agree and disagree swapped", "ballotVerify", tampered);
        files.put("ballot", ballots.cases);
        return files;
    }

    private static ObjectNode ballotVerifyInput(ObjectNode ballotCase) {
        ObjectNode in = obj();
        JsonNode src = ballotCase.get("input");
        in.set("layout", src.get("layout").deepCopy());
        in.put("roundId", src.get("roundId").textValue());
        in.put("tokenKey", src.get("tokenKey").textValue());
        in.put("H", src.get("H").textValue());
        in.set("body", ballotCase.get("output").get("body").deepCopy());
        return in;
    }

    private static ObjectNode verifyInput(ObjectNode proveCase) {
        ObjectNode in = obj();
        in.put("H", proveCase.get("input").get("H").textValue());
        in.put("context", proveCase.get("input").get("context").textValue());
        in.set("allowed", proveCase.get("input").get("allowed").deepCopy());
        in.put("alpha", proveCase.get("output").get("alpha").textValue());
        in.put("beta", proveCase.get("output").get("beta").textValue());
        in.set("proof", proveCase.get("output").get("proof").deepCopy());
        return in;
    }

    private static byte[] withPrefix(byte[] point, byte prefix) {
        byte[] out = point.clone();
        out[0] = prefix;
        return out;
    }

    private static byte[] filled(int n) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, (byte) 0xff);
        return out;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/committee");
        Files.createDirectories(dir);
        for (Map.Entry<String, ArrayNode> file : generate().entrySet()) {
            Files.writeString(dir.resolve(file.getKey() + ".json"), JSON.writeValueAsString(file.getValue()) + "\n");
        }
    }
}
