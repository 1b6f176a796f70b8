// Protocol v2 crypto (COMMITTEE.md) for the tablet and the committee page, on @noble/curves'
// P-256 point arithmetic (vendored in web/vendor/, see its README). The same primitives as
// vn.phieukin.committee in Java, checked against the same known-answer vectors
// (src/test/resources/committee/, web/test/committee-vectors.test.mjs).
//
// Values: points are noble Points, scalars BigInts in [0, q), texts base64url without padding.
// Symbols: G = BASE, q = ORDER, O = ZERO, H = the joint key ({point, text}), (α, β) = {alpha, beta}.
//
// Timing: the prover's products are all with the fixed bases G and H (the prover knows r, so
// c·α = (c·r)·G), computed with noble's wNAF over precomputed tables (multiplyUnsafe). Their time
// depends on the scalars' digits, which are uniformly random and independent of the vote: every
// branch of every proof does the same kind of products, whichever branch is the real one.
import { p256 } from '../../vendor/noble-curves/nist.js';
import { sha256, sha512 } from '../../vendor/noble-hashes/sha2.js';
import { toBase64url, fromBase64url, toHex } from './b64url.js';
import { jcs } from './jcs.js';

export const Point = p256.Point;
export const BASE = Point.BASE;
export const ZERO = Point.ZERO;
export const ORDER = Point.Fn.ORDER;
const FIELD = Point.Fp.ORDER;
const UTF8 = new TextEncoder();

export const TAG_IPROVE = 'phieukin/iprove/v2';
export const TAG_POK = 'phieukin/pok/v2';
export const TAG_DECRYPT = 'phieukin/decrypt/v2';

BASE.precompute(8, false);

const mod = (a) => { const r = a % ORDER; return r < 0n ? r + ORDER : r; };

/** k·P for any k (reduced mod q); O for 0. */
export function mul(p, k) {
  const s = mod(k);
  if (s === 0n || p.is0()) return ZERO;
  return p.multiplyUnsafe(s);
}

/** k·G. */
export const mulG = (k) => mul(BASE, k);

const SMALL = [ZERO];
/** m·G for a plaintext m ≥ 0 (the small ones from a table). */
export function plainG(m) {
  const n = Number(m);
  if (n < 0) throw new RangeError('plaintexts are integers >= 0');
  if (n < 512) {
    while (SMALL.length <= n) SMALL.push(SMALL[SMALL.length - 1].add(BASE));
    return SMALL[n];
  }
  return mulG(BigInt(m));
}

/** a·P + b·Q (verification; public scalars). */
export function sumOfTwo(p, a, q, b) {
  if (p.is0()) return mul(q, b);
  if (q.is0()) return mul(p, a);
  return p.mulAddUnsafe(mod(a), q, mod(b));
}

// ------------------------------------------------------------------ encodings

/** SEC1 compressed (33 bytes), O as the single byte 0x00. */
export function pointBytes(p) {
  return p.is0() ? new Uint8Array([0]) : p.toBytes(true);
}

/** Strict: a compressed P-256 point or [0x00]; throws otherwise. */
export function decodePoint(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('point: expected bytes');
  if (bytes.length === 1 && bytes[0] === 0) return ZERO;
  if (bytes.length !== 33 || (bytes[0] !== 2 && bytes[0] !== 3)) {
    throw new Error('not a compressed P-256 point (33 bytes starting 02 or 03, or the single byte 00)');
  }
  if (bytesToBig(bytes.subarray(1)) >= FIELD) throw new Error('point x-coordinate not below the field prime');
  let p;
  try {
    p = Point.fromBytes(bytes);
    p.assertValidity();
  } catch (e) {
    throw new Error('not a point of P-256');
  }
  return p;
}

export function scalarBytes(s) {
  if (typeof s !== 'bigint' || s < 0n || s >= ORDER) throw new RangeError('scalar outside [0, q)');
  return bigToBytes(s);
}

/** Strict: exactly 32 bytes with value below q. */
export function decodeScalar(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) throw new Error('a scalar is 32 bytes');
  const s = bytesToBig(bytes);
  if (s >= ORDER) throw new Error('scalar not below the group order q');
  return s;
}

export const pointText = (p) => toBase64url(pointBytes(p));
export const scalarText = (s) => toBase64url(scalarBytes(s));
export function pointFromText(text) {
  if (typeof text !== 'string') throw new Error('point missing');
  return decodePoint(fromBase64url(text));
}
export function scalarFromText(text) {
  if (typeof text !== 'string') throw new Error('scalar missing');
  return decodeScalar(fromBase64url(text));
}

function bigToBytes(v) {
  const out = new Uint8Array(32);
  let x = v;
  for (let i = 31; i >= 0; i--) { out[i] = Number(x & 0xffn); x >>= 8n; }
  return out;
}

function bytesToBig(bytes) {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}

// ------------------------------------------------------------------ hashes and randomness

/** Hq(tag, parts…): SHA-512(tag ‖ 0x00 ‖ (len32 ‖ part)…) mod q. Parts: Point, BigInt scalar, string, bytes. */
export function hq(tag, ...parts) {
  const chunks = [UTF8.encode(tag), new Uint8Array([0])];
  for (const part of parts) {
    let bytes;
    if (part instanceof Point) bytes = pointBytes(part);
    else if (typeof part === 'bigint') bytes = scalarBytes(part);
    else if (typeof part === 'string') bytes = UTF8.encode(part);
    else if (part instanceof Uint8Array) bytes = part;
    else throw new TypeError('a hash part is a point, a scalar, a string or bytes');
    const n = bytes.length;
    chunks.push(new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]), bytes);
  }
  return mod(bytesToBig(sha512(concat(chunks))));
}

function concat(chunks) {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let o = 0;
  for (const c of chunks) { out.set(c, o); o += c.length; }
  return out;
}

/** A scalar uniform in [1, q): 32 random bytes per attempt, rejected unless in range. */
export function randomScalar() {
  const bytes = new Uint8Array(32);
  for (;;) {
    globalThis.crypto.getRandomValues(bytes);
    const k = bytesToBig(bytes);
    if (k > 0n && k < ORDER) return k;
  }
}

// ------------------------------------------------------------------ ElGamal

/** The joint key H, with its comb/wNAF table computed once: make one per conference. */
export function jointKey(pointOrText) {
  const point = typeof pointOrText === 'string' ? pointFromText(pointOrText) : pointOrText;
  if (!(point instanceof Point) || point.is0()) throw new Error('the joint key is a point other than the identity');
  point.precompute(8, false);
  return Object.freeze({ point, text: pointText(point) });
}

/** Enc(m; r) = (r·G, r·H + m·G). */
export function encrypt(key, m, r) {
  return { alpha: mulG(r), beta: mul(key.point, r).add(plainG(m)) };
}

export function addCiphertexts(a, b) {
  return { alpha: a.alpha.add(b.alpha), beta: a.beta.add(b.beta) };
}

export const ZERO_CIPHERTEXT = Object.freeze({ alpha: ZERO, beta: ZERO });

export const ciphertextToJson = (ct) => ({ alpha: pointText(ct.alpha), beta: pointText(ct.beta) });
export function ciphertextFromJson(node) {
  if (!isObject(node)) throw new Error('a ciphertext is an object {alpha, beta}');
  return { alpha: pointFromText(node.alpha), beta: pointFromText(node.beta) };
}

// ------------------------------------------------------------------ interval proof

export const range = (max) => Array.from({ length: max + 1 }, (_, i) => i);

/**
 * iprove(S, α, β, r, m, [M0..Mk]). Draws, in order: for every j ≠ i c_j then s_j; then w
 * (the order the deterministic vectors rely on).
 */
export function iprove(key, context, ct, r, m, allowed, random = randomScalar) {
  const i = allowed.indexOf(Number(m));
  if (i < 0) throw new RangeError('the plaintext is not in the list of allowed values');
  const k = allowed.length;
  const c = new Array(k);
  const s = new Array(k);
  const A = new Array(k);
  const B = new Array(k);
  let sum = 0n;
  for (let j = 0; j < k; j++) {
    if (j === i) continue;
    c[j] = random();
    s[j] = random();
    // A_j = s_j·G + c_j·α = (s_j + c_j·r)·G; B_j = s_j·H + c_j·(β − M_j·G) = (s_j + c_j·r)·H + c_j·(m − M_j)·G
    const t = mod(s[j] + c[j] * r);
    A[j] = mulG(t);
    B[j] = mul(key.point, t).add(mulG(c[j] * BigInt(Number(m) - allowed[j])));
    sum += c[j];
  }
  const w = random();
  A[i] = mulG(w);
  B[i] = mul(key.point, w);
  const challenge = iproveChallenge(context, ct, A, B);
  c[i] = mod(challenge - sum);
  s[i] = mod(w - r * c[i]);
  return c.map((cj, j) => ({ c: cj, s: s[j] }));
}

/** Whether `proof` shows that `ct` encrypts one of `allowed` under `key` in `context`. */
export function iverify(key, context, ct, allowed, proof) {
  if (!Array.isArray(proof) || proof.length !== allowed.length) return false;
  const A = [];
  const B = [];
  let sum = 0n;
  for (let j = 0; j < allowed.length; j++) {
    const { c, s } = proof[j];
    if (typeof c !== 'bigint' || typeof s !== 'bigint' || c < 0n || c >= ORDER || s < 0n || s >= ORDER) return false;
    A.push(sumOfTwo(BASE, s, ct.alpha, c));
    B.push(sumOfTwo(key.point, s, ct.beta.subtract(plainG(allowed[j])), c));
    sum += c;
  }
  return mod(sum) === iproveChallenge(context, ct, A, B);
}

function iproveChallenge(context, ct, A, B) {
  const parts = [context, ct.alpha, ct.beta];
  for (let j = 0; j < A.length; j++) parts.push(A[j], B[j]);
  return hq(TAG_IPROVE, ...parts);
}

export const proofToJson = (proof) => proof.map(({ c, s }) => ({ c: scalarText(c), s: scalarText(s) }));
export function proofFromJson(node) {
  if (!Array.isArray(node)) throw new Error('a proof is a list of {c, s}');
  return node.map((item) => {
    if (!isObject(item)) throw new Error('a proof is a list of {c, s}');
    return { c: scalarFromText(item.c), s: scalarFromText(item.s) };
  });
}

// ------------------------------------------------------------------ key ceremony

/** ctx = conferenceId + "|" + n + "|" + k. */
export const ceremonyContext = (conferenceId, n, k) => `${conferenceId}|${n}|${k}`;

/** Schnorr proof of knowledge of a_i0: {T, z} with z·G = T + e·C_i0. */
export function schnorrProve(ctx, secret, random = randomScalar) {
  const u = random();
  const T = mulG(u);
  const e = hq(TAG_POK, ctx, mulG(secret), T);
  return { T, z: mod(u + e * secret) };
}

export function schnorrVerify(ctx, commitment, pok) {
  if (typeof pok.z !== 'bigint' || pok.z < 0n || pok.z >= ORDER) return false;
  const e = hq(TAG_POK, ctx, commitment, pok.T);
  return sumOfTwo(BASE, pok.z, commitment, mod(-e)).equals(pok.T);
}

export const pokToJson = (pok) => ({ T: pointText(pok.T), z: scalarText(pok.z) });
export function pokFromJson(node) {
  if (!isObject(node)) throw new Error('pok is an object {T, z}');
  return { T: pointFromText(node.T), z: scalarFromText(node.z) };
}

/** A random polynomial of degree threshold − 1: its coefficients a_0 … a_{k−1}, drawn a_0 first. */
export function randomPolynomial(threshold, random = randomScalar) {
  if (!(threshold >= 1)) throw new RangeError('threshold >= 1');
  return Array.from({ length: threshold }, () => random());
}

/** f(j) mod q. */
export function evaluatePolynomial(coefficients, j) {
  const x = BigInt(j);
  let acc = 0n;
  for (let l = coefficients.length - 1; l >= 0; l--) acc = mod(acc * x + coefficients[l]);
  return acc;
}

/** C_l = a_l·G. */
export const commitmentsOf = (coefficients) => coefficients.map((a) => mulG(a));

/** Σ_l j^l·C_l for one dealer. */
export function evaluateCommitments(j, commitments) {
  if (!(j >= 1)) throw new RangeError('members are numbered from 1');
  const x = BigInt(j);
  let power = 1n;
  let acc = ZERO;
  for (const c of commitments) {
    acc = acc.add(mul(c, power));
    power = mod(power * x);
  }
  return acc;
}

/** f_i(j)·G = Σ_l j^l·C_il. */
export function shareMatches(j, share, commitments) {
  if (typeof share !== 'bigint' || share < 0n || share >= ORDER || commitments.length === 0) return false;
  return mulG(share).equals(evaluateCommitments(j, commitments));
}

/** S_j = Σ_i Σ_l j^l·C_il. */
export function verificationKey(j, commitmentsOfAll) {
  return commitmentsOfAll.reduce((acc, c) => acc.add(evaluateCommitments(j, c)), ZERO);
}

/** H = Σ_i C_i0. */
export function jointKeyOf(commitmentsOfAll) {
  return jointKey(commitmentsOfAll.reduce((acc, c) => acc.add(c[0]), ZERO));
}

/** s_j = Σ_i f_i(j). */
export const keyShareOf = (shares) => mod(shares.reduce((a, b) => a + b, 0n));

/**
 * The transcript whose hash is the fingerprint: an array, one object per member in member order,
 * {index, fullName, shareKey, commitments, pok} (a record's committee.members entry without
 * verificationKey). Input: the members as published (texts).
 */
export function transcriptJson(members) {
  return members.map((m, i) => {
    if (m.index !== i + 1) throw new Error('members in order 1..n');
    return { index: m.index, fullName: m.fullName, shareKey: m.shareKey, commitments: [...m.commitments], pok: { T: m.pok.T, z: m.pok.z } };
  });
}

/** First 16 lowercase hex digits of SHA-256(JCS(transcript)). */
export function fingerprint(members) {
  return toHex(sha256(UTF8.encode(jcs(transcriptJson(members))))).slice(0, 16);
}

/** "3f2a 9c01 …". */
export const groupedFingerprint = (fp) => fp.match(/.{1,4}/g).join(' ');

// ------------------------------------------------------------------ decryption

/** Member j's D_j = s_j·α with its Chaum–Pedersen proof {D, c, s}. */
export function decryptionShare(roundId, slot, keyShare, alpha, random = randomScalar) {
  const Sj = mulG(keyShare);
  const D = mul(alpha, keyShare);
  const w = random();
  const c = hq(TAG_DECRYPT, `${roundId}|${slot}`, Sj, alpha, D, mulG(w), mul(alpha, w));
  return { D, c, s: mod(w - c * keyShare) };
}

export function verifyDecryptionShare(roundId, slot, verificationKey_, alpha, share) {
  const { D, c, s } = share;
  if (typeof c !== 'bigint' || typeof s !== 'bigint' || c < 0n || c >= ORDER || s < 0n || s >= ORDER) return false;
  const A = sumOfTwo(BASE, s, verificationKey_, c);
  const B = sumOfTwo(alpha, s, D, c);
  return c === hq(TAG_DECRYPT, `${roundId}|${slot}`, verificationKey_, alpha, D, A, B);
}

export const decryptionShareToJson = (d) => ({ D: pointText(d.D), c: scalarText(d.c), s: scalarText(d.s) });
export function decryptionShareFromJson(node) {
  if (!isObject(node)) throw new Error('a contribution is an object {D, c, s}');
  return { D: pointFromText(node.D), c: scalarFromText(node.c), s: scalarFromText(node.s) };
}

/** λ_j = Π_{l∈Q, l≠j} l / (l − j) mod q, as a Map j → λ_j. */
export function lagrange(q) {
  const members = [...q];
  if (members.length === 0 || new Set(members).size !== members.length || members.some((j) => !(j >= 1))) {
    throw new RangeError('Q is a non-empty set of distinct member numbers >= 1');
  }
  const out = new Map();
  for (const j of [...members].sort((a, b) => a - b)) {
    let num = 1n;
    let den = 1n;
    for (const l of members) {
      if (l !== j) { num *= BigInt(l); den *= BigInt(l - j); }
    }
    out.set(j, mod(num * invert(mod(den))));
  }
  return out;
}

function invert(a) {
  // extended Euclid mod q
  let [r0, r1, s0, s1] = [ORDER, a, 0n, 1n];
  while (r1 !== 0n) {
    const t = r0 / r1;
    [r0, r1] = [r1, r0 - t * r1];
    [s0, s1] = [s1, s0 - t * s1];
  }
  if (r0 !== 1n) throw new RangeError('not invertible');
  return mod(s0);
}

/** D = Σ λ_j·D_j; contributions: Map (or object) member → D_j. */
export function combine(contributions) {
  const entries = contributions instanceof Map ? [...contributions] : Object.entries(contributions).map(([j, d]) => [Number(j), d]);
  const lambda = lagrange(entries.map(([j]) => j));
  return entries.reduce((acc, [j, d]) => acc.add(mul(d, lambda.get(j))), ZERO);
}

/** m in [0, max] with m·G = P, or -1: baby-step giant-step. */
export function discreteLog(p, max) {
  if (!(max >= 0)) throw new RangeError('max >= 0');
  const steps = Math.ceil(Math.sqrt(max + 1));
  const baby = new Map();
  let acc = ZERO;
  for (let b = 0; b < steps; b++) {
    const key = pointText(acc);
    if (!baby.has(key)) baby.set(key, b);
    acc = acc.add(BASE);
  }
  const giant = mulG(BigInt(steps)).negate();
  let current = p;
  for (let a = 0; a * steps <= max; a++) {
    const b = baby.get(pointText(current));
    if (b !== undefined) {
      const m = a * steps + b;
      return m <= max ? m : -1;
    }
    current = current.add(giant);
  }
  return -1;
}

/** The votes of a slot: β − D = m·G, m ∈ [0, max], or -1. */
export const decryptSlot = (ct, contributions, max) => discreteLog(ct.beta.subtract(combine(contributions)), max);

// ------------------------------------------------------------------ the encrypted ballot

export const baseContext = (roundId, tokenKey) => `phieukin/ballot/v2|${roundId}|${tokenKey}`;

/**
 * A layout: {kind: 'NOMINATION', sections: [{position, candidates, maxSelections}]} or
 * {kind: 'REMOVAL', lines: [lineId…]}, in round order. Candidates are sorted by cadre id here
 * (UTF-16 code-unit order, as Java's String order).
 */
export function normalizeLayout(layout) {
  if (layout.kind === 'NOMINATION') {
    return {
      kind: 'NOMINATION',
      sections: layout.sections.map((s) => {
        const candidates = [...s.candidates].sort();
        if (new Set(candidates).size !== candidates.length) throw new Error('duplicate candidate in ' + s.position);
        return { position: s.position, candidates, maxSelections: s.maxSelections };
      }),
    };
  }
  if (layout.kind === 'REMOVAL') return { kind: 'REMOVAL', lines: [...layout.lines] };
  throw new Error('layout kind is NOMINATION or REMOVAL');
}

/** Every slot name in ballot order. */
export function slotNames(layout) {
  const l = normalizeLayout(layout);
  return l.kind === 'NOMINATION'
    ? l.sections.flatMap((s) => s.candidates.map((c) => `${s.position}|${c}`))
    : l.lines.flatMap((line) => [`${line}|AGREE`, `${line}|DISAGREE`]);
}

/**
 * The body of an encrypted ballot. choices: NOMINATION {positionId: [cadreId…]}, REMOVAL
 * {lineId: 'AGREE' | 'DISAGREE' | 'NONE'}. Randomness order: per section (line), per slot r then
 * its proof's draws, then the sum proof's draws. `onProgress(done, total)` after each slot.
 */
export function encryptBallot(layout, roundId, tokenKey, key, choices, random = randomScalar, onProgress = () => {}) {
  const l = normalizeLayout(layout);
  const base = baseContext(roundId, tokenKey);
  const total = slotNames(l).length;
  let done = 0;
  const slot = (context, m) => {
    const r = random();
    const ct = encrypt(key, m, r);
    const proof = iprove(key, context, ct, r, m, [0, 1], random);
    onProgress(++done, total);
    return { ct, r, json: { ...ciphertextToJson(ct), proof: proofToJson(proof) } };
  };
  if (l.kind === 'NOMINATION') {
    for (const position of Object.keys(choices)) {
      if (!l.sections.some((s) => s.position === position)) throw new Error('no such position on this ballot');
    }
    const sections = l.sections.map((section) => {
      const chosen = new Set(choices[section.position] ?? []);
      for (const id of chosen) if (!section.candidates.includes(id)) throw new Error('a pick is not a candidate of ' + section.position);
      if (chosen.size > section.maxSelections) throw new Error('more picks than maxSelections in ' + section.position);
      let sum = ZERO_CIPHERTEXT;
      let rSum = 0n;
      const slots = section.candidates.map((cadre) => {
        const s = slot(`${base}|${section.position}|${cadre}`, chosen.has(cadre) ? 1 : 0);
        sum = addCiphertexts(sum, s.ct);
        rSum += s.r;
        return s.json;
      });
      const sumProof = iprove(key, `${base}|${section.position}|sum`, sum, mod(rSum), chosen.size, range(section.maxSelections), random);
      return { position: section.position, cadres: [...section.candidates], slots, sumProof: proofToJson(sumProof) };
    });
    return { round: roundId, version: 2, sections };
  }
  for (const [line, vote] of Object.entries(choices)) {
    if (!l.lines.includes(line)) throw new Error('no such line on this ballot');
    if (!['AGREE', 'DISAGREE', 'NONE'].includes(vote)) throw new Error('a vote is AGREE, DISAGREE or NONE');
  }
  const lines = l.lines.map((line) => {
    const vote = choices[line] ?? 'NONE';
    const a = slot(`${base}|${line}|AGREE`, vote === 'AGREE' ? 1 : 0);
    const d = slot(`${base}|${line}|DISAGREE`, vote === 'DISAGREE' ? 1 : 0);
    const sumProof = iprove(key, `${base}|${line}|sum`, addCiphertexts(a.ct, d.ct), mod(a.r + d.r), vote === 'NONE' ? 0 : 1, [0, 1], random);
    return { line, agree: a.json, disagree: d.json, sumProof: proofToJson(sumProof) };
  });
  return { round: roundId, version: 2, lines };
}

/**
 * Checks a body against its round, exactly as vn.phieukin.committee.EncryptedBallot.verify:
 * {valid: true, slots: {name: {alpha, beta}}} (points) or {valid: false, field, reason}.
 */
export function verifyBallot(layout, roundId, tokenKey, key, body) {
  const l = normalizeLayout(layout);
  const bad = (field, reason) => ({ valid: false, field, reason });
  try {
    if (!isObject(body)) return bad('', 'the body is not an object');
    if (body.round !== roundId) return bad('/round', 'not this round');
    if (body.version !== 2) return bad('/version', 'version is not 2');
    const base = baseContext(roundId, tokenKey);
    const slots = {};
    const checkSlot = (node, at, context) => {
      if (!isObject(node)) return bad(at, 'a slot is an object {alpha, beta, proof}');
      const extra = onlyFields(node, at, ['alpha', 'beta', 'proof']);
      if (extra) return extra;
      let ct;
      let proof;
      try {
        ct = ciphertextFromJson(node);
        proof = proofFromJson(node.proof);
      } catch (e) {
        return bad(at, e.message);
      }
      return iverify(key, context, ct, [0, 1], proof) ? { ct } : bad(at + '/proof', 'the slot proof does not hold');
    };
    if (l.kind === 'NOMINATION') {
      const extra = onlyFields(body, '', ['round', 'version', 'sections']);
      if (extra) return extra;
      if (!Array.isArray(body.sections) || body.sections.length !== l.sections.length) return bad('/sections', "not the round's sections");
      for (let i = 0; i < l.sections.length; i++) {
        const expected = l.sections[i];
        const section = body.sections[i];
        const at = `/sections/${i}`;
        if (!isObject(section)) return bad(at, 'a section is an object');
        const extraS = onlyFields(section, at, ['position', 'cadres', 'slots', 'sumProof']);
        if (extraS) return extraS;
        if (section.position !== expected.position) return bad(at + '/position', "not the round's position at this place");
        if (!Array.isArray(section.cadres) || section.cadres.length !== expected.candidates.length
            || section.cadres.some((c, k) => c !== expected.candidates[k])) {
          return bad(at + '/cadres', "not the round's candidate list");
        }
        if (!Array.isArray(section.slots) || section.slots.length !== expected.candidates.length) return bad(at + '/slots', 'not one slot per candidate');
        let sum = ZERO_CIPHERTEXT;
        for (let c = 0; c < section.slots.length; c++) {
          const checked = checkSlot(section.slots[c], `${at}/slots/${c}`, `${base}|${expected.position}|${expected.candidates[c]}`);
          if (checked.valid === false) return checked;
          slots[`${expected.position}|${expected.candidates[c]}`] = checked.ct;
          sum = addCiphertexts(sum, checked.ct);
        }
        if (!iverify(key, `${base}|${expected.position}|sum`, sum, range(expected.maxSelections), proofFromJson(section.sumProof))) {
          return bad(at + '/sumProof', 'the sum proof does not hold');
        }
      }
    } else {
      const extra = onlyFields(body, '', ['round', 'version', 'lines']);
      if (extra) return extra;
      if (!Array.isArray(body.lines) || body.lines.length !== l.lines.length) return bad('/lines', "not the round's lines");
      for (let i = 0; i < l.lines.length; i++) {
        const expected = l.lines[i];
        const line = body.lines[i];
        const at = `/lines/${i}`;
        if (!isObject(line)) return bad(at, 'a line is an object');
        const extraL = onlyFields(line, at, ['line', 'agree', 'disagree', 'sumProof']);
        if (extraL) return extraL;
        if (line.line !== expected) return bad(at + '/line', "not the round's line at this place");
        const agree = checkSlot(line.agree, at + '/agree', `${base}|${expected}|AGREE`);
        if (agree.valid === false) return agree;
        const disagree = checkSlot(line.disagree, at + '/disagree', `${base}|${expected}|DISAGREE`);
        if (disagree.valid === false) return disagree;
        if (!iverify(key, `${base}|${expected}|sum`, addCiphertexts(agree.ct, disagree.ct), [0, 1], proofFromJson(line.sumProof))) {
          return bad(at + '/sumProof', 'the sum proof does not hold');
        }
        slots[`${expected}|AGREE`] = agree.ct;
        slots[`${expected}|DISAGREE`] = disagree.ct;
      }
    }
    return { valid: true, slots };
  } catch (e) {
    return bad('', e.message);
  }
}

/** The slot-wise sum of verified ballots' slots (each {name: {alpha, beta}}): the encrypted tally. */
export function encryptedTally(layout, ballotsSlots) {
  const out = {};
  for (const name of slotNames(layout)) out[name] = ZERO_CIPHERTEXT;
  for (const slots of ballotsSlots) {
    for (const [name, ct] of Object.entries(slots)) {
      if (!(name in out)) throw new Error('a slot that is not on this round\'s ballot');
      out[name] = addCiphertexts(out[name], ct);
    }
  }
  return out;
}

function onlyFields(node, at, allowed) {
  for (const name of Object.keys(node)) {
    if (!allowed.includes(name)) return { valid: false, field: `${at}/${name}`, reason: 'unknown field' };
  }
  for (const name of allowed) {
    if (!(name in node)) return { valid: false, field: `${at}/${name}`, reason: 'missing' };
  }
  return null;
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
