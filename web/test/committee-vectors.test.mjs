// The known-answer vectors of src/test/resources/committee/ (made and checked in Java by
// vn.phieukin.committee.CommitteeVectors / CommitteeVectorsTest), recomputed here with
// web/js/crypto/committee.js and shares.js: every output byte must agree.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import * as C from '../js/crypto/committee.js';
import { encryptShare, decryptShare, exportShareKey, shareInfo } from '../js/crypto/shares.js';
import { fromBase64url, toBase64url, toHex } from '../js/crypto/b64url.js';
import { jcs } from '../js/crypto/jcs.js';

const FILES = ['hq', 'encoding', 'elgamal', 'iprove', 'pok', 'shares', 'decryption', 'lagrange', 'ballot'];
const load = (name) => JSON.parse(readFileSync(new URL(`../../src/test/resources/committee/${name}.json`, import.meta.url), 'utf8'));

/** The test randomness of DeterministicRandomness.java: SHA-256("phieukin/test-randomness|seed|n"), rejected unless in [1, q). */
export function deterministic(seed) {
  let counter = 0;
  const next = () => createHash('sha256').update(`phieukin/test-randomness|${seed}|${counter++}`, 'utf8').digest();
  const random = () => {
    for (;;) {
      const k = BigInt('0x' + next().toString('hex'));
      if (k > 0n && k < C.ORDER) return k;
    }
  };
  random.iv = () => new Uint8Array(next().subarray(0, 12));
  return random;
}

const scalar = (text) => C.scalarFromText(text);
const valid = (f) => { try { return f(); } catch (e) { return false; } };

/** A WebCrypto ECDH private key from a raw scalar (via JWK). */
export async function ecdhPrivateKey(d) {
  const pub = C.mulG(d).toAffine();
  const coord = (v) => { const out = new Uint8Array(32); let x = v; for (let i = 31; i >= 0; i--) { out[i] = Number(x & 0xffn); x >>= 8n; } return toBase64url(out); };
  return crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', d: toBase64url(C.scalarBytes(d)), x: coord(pub.x), y: coord(pub.y), ext: true },
    { name: 'ECDH', namedCurve: 'P-256' }, false, ['deriveBits']);
}

async function spkiOf(d) {
  const pub = C.mulG(d).toBytes(false);
  const key = await crypto.subtle.importKey('raw', pub, { name: 'ECDH', namedCurve: 'P-256' }, true, []);
  return exportShareKey(key);
}

async function compute(kind, input) {
  switch (kind) {
    case 'hq': {
      const parts = input.parts.map((p) => {
        const [type, v] = Object.entries(p)[0];
        return { string: () => v, point: () => C.pointFromText(v), scalar: () => C.scalarFromText(v), bytes: () => fromBase64url(v) }[type]();
      });
      return { hq: C.scalarText(C.hq(input.tag, ...parts)) };
    }
    case 'pointOfScalar': {
      const p = C.mulG(scalar(input.k));
      return { point: C.pointText(p), uncompressedHex: p.is0() ? '00' : toHex(p.toBytes(false)) };
    }
    case 'decodePoint':
      try { return { point: C.pointText(C.pointFromText(input.text)), valid: true }; } catch (e) { return { valid: false }; }
    case 'decodeScalar':
      try { return { hex: C.scalarFromText(input.text).toString(16), valid: true }; } catch (e) { return { valid: false }; }
    case 'encrypt': {
      const x = scalar(input.x);
      const key = C.jointKey(C.mulG(x));
      let sum = C.ZERO_CIPHERTEXT;
      let m = 0;
      const ciphertexts = input.items.map((item) => {
        const ct = C.encrypt(key, item.m, scalar(item.r));
        sum = C.addCiphertexts(sum, ct);
        m += item.m;
        return C.ciphertextToJson(ct);
      });
      return { ciphertexts, H: key.text, sum: C.ciphertextToJson(sum), sumDecrypted: C.discreteLog(sum.beta.subtract(C.mul(sum.alpha, x)), 1000), sumPlaintext: m };
    }
    case 'iprove': {
      const key = C.jointKey(input.H);
      const r = scalar(input.r);
      const ct = C.encrypt(key, input.m, r);
      const proof = C.iprove(key, input.context, ct, r, input.m, input.allowed, deterministic(input.seed));
      return { ...C.ciphertextToJson(ct), proof: C.proofToJson(proof) };
    }
    case 'iverify':
      return { valid: valid(() => C.iverify(C.jointKey(input.H), input.context, C.ciphertextFromJson(input), input.allowed, C.proofFromJson(input.proof))) };
    case 'pok': {
      const a0 = scalar(input.a0);
      const pok = C.schnorrProve(input.ctx, a0, deterministic(input.seed));
      return { C0: C.pointText(C.mulG(a0)), pok: C.pokToJson(pok), e: C.scalarText(C.hq(C.TAG_POK, input.ctx, C.mulG(a0), pok.T)) };
    }
    case 'pokVerify':
      return { valid: valid(() => C.schnorrVerify(input.ctx, C.pointFromText(input.C0), C.pokFromJson(input.pok))) };
    case 'deal': {
      const polys = input.coefficients.map((cs) => cs.map(scalar));
      const all = polys.map(C.commitmentsOf);
      const js = Array.from({ length: input.n }, (_, i) => i + 1);
      return {
        commitments: all.map((cs) => cs.map(C.pointText)),
        shares: polys.map((f) => js.map((j) => C.scalarText(C.evaluatePolynomial(f, j)))),
        keyShares: js.map((j) => C.scalarText(C.keyShareOf(polys.map((f) => C.evaluatePolynomial(f, j))))),
        verificationKeys: js.map((j) => C.pointText(C.verificationKey(j, all))),
        jointKey: C.jointKeyOf(all).text,
      };
    }
    case 'shareCheck':
      return { valid: C.shareMatches(input.j, scalar(input.share), input.commitments.map(C.pointFromText)) };
    case 'ecies': {
      const dealer = await ecdhPrivateKey(scalar(input.dealerPrivate));
      const addressee = await ecdhPrivateKey(scalar(input.addresseePrivate));
      const addresseeShareKey = await spkiOf(scalar(input.addresseePrivate));
      const dealerShareKey = await spkiOf(scalar(input.dealerPrivate));
      const share = await encryptShare(dealer, addresseeShareKey, input.ctx, input.from, input.to, scalar(input.share), fromBase64url(input.iv));
      assert.equal(await decryptShare(addressee, dealerShareKey, input.ctx, share), scalar(input.share), 'the addressee opens it');
      return { dealerShareKey, addresseeShareKey, info: shareInfo(input.ctx, input.from, input.to), share };
    }
    case 'fingerprint': {
      const fp = C.fingerprint(input.members);
      return { hashed: jcs(C.transcriptJson(input.members)), fingerprint: fp, grouped: C.groupedFingerprint(fp) };
    }
    case 'decrypt': {
      const sj = scalar(input.keyShare);
      const d = C.decryptionShare(input.roundId, input.slot, sj, C.pointFromText(input.alpha), deterministic(input.seed));
      return { verificationKey: C.pointText(C.mulG(sj)), ...C.decryptionShareToJson(d) };
    }
    case 'decryptVerify':
      return { valid: valid(() => C.verifyDecryptionShare(input.roundId, input.slot, C.pointFromText(input.verificationKey),
        C.pointFromText(input.alpha), C.decryptionShareFromJson(input.contribution))) };
    case 'lagrange':
      return { lambdas: Object.fromEntries([...C.lagrange(input.Q)].map(([j, l]) => [String(j), C.scalarText(l)])) };
    case 'combine': {
      const ct = C.ciphertextFromJson(input.ciphertext);
      const d = new Map(Object.entries(input.contributions).map(([j, p]) => [Number(j), C.pointFromText(p)]));
      return { D: C.pointText(C.combine(d)), m: C.decryptSlot(ct, d, input.max) };
    }
    case 'bsgs':
      return { m: C.discreteLog(C.pointFromText(input.point), input.max) };
    case 'ballot':
      return { body: C.encryptBallot(input.layout, input.roundId, input.tokenKey, C.jointKey(input.H), input.choices, deterministic(input.seed)) };
    case 'ballotVerify': {
      const check = C.verifyBallot(input.layout, input.roundId, input.tokenKey, C.jointKey(input.H), input.body);
      return check.valid
        ? { valid: true, slots: Object.fromEntries(Object.entries(check.slots).map(([n, ct]) => [n, C.ciphertextToJson(ct)])) }
        : { valid: false, field: check.field };
    }
    default:
      throw new Error('unknown kind ' + kind);
  }
}

for (const file of FILES) {
  test(`committee vectors: ${file}`, async (t) => {
    const cases = load(file);
    assert.ok(cases.length > 0);
    for (const c of cases) {
      await t.test(c.name, async () => {
        assert.equal(jcs(await compute(c.kind, c.input)), jcs(c.output));
      });
    }
  });
}

test('the vectors cover every primitive the tablet and the committee page use', () => {
  const kinds = new Set(FILES.flatMap((f) => load(f).map((c) => c.kind)));
  for (const k of ['hq', 'pointOfScalar', 'decodePoint', 'decodeScalar', 'encrypt', 'iprove', 'iverify', 'pok', 'pokVerify', 'deal',
    'shareCheck', 'ecies', 'fingerprint', 'decrypt', 'decryptVerify', 'lagrange', 'combine', 'bsgs', 'ballot', 'ballotVerify']) {
    assert.ok(kinds.has(k), k);
  }
});
