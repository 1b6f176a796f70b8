// committee.js and shares.js beyond the vectors: random inputs, refusals, and a whole
// 2-of-3 ceremony and decryption done with WebCrypto keys as the member devices do it.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as C from '../js/crypto/committee.js';
import { generateShareKeyPair, exportShareKey, encryptShare, decryptShare } from '../js/crypto/shares.js';
import { encryptBallotInWorker } from '../js/crypto/ballot-encrypt.js';
import { fromBase64url, toBase64url } from '../js/crypto/b64url.js';

const secret = C.randomScalar();
const key = C.jointKey(C.mulG(secret));
const open = (ct, max = 100) => C.discreteLog(ct.beta.subtract(C.mul(ct.alpha, secret)), max);

test('random scalars are in [1, q) and differ', () => {
  const a = C.randomScalar();
  const b = C.randomScalar();
  assert.ok(a > 0n && a < C.ORDER && b > 0n && b < C.ORDER);
  assert.notEqual(a, b);
});

test('encodings round-trip and refuse what is not canonical', () => {
  const p = C.mulG(C.randomScalar());
  assert.ok(C.pointFromText(C.pointText(p)).equals(p));
  assert.equal(C.pointText(C.ZERO), 'AA');
  assert.throws(() => C.pointFromText(toBase64url(p.toBytes(false))));
  assert.throws(() => C.pointFromText(C.pointText(p) + '='));
  assert.throws(() => C.scalarFromText(toBase64url(new Uint8Array(32).fill(255))), /below/);
  assert.throws(() => C.scalarBytes(C.ORDER));
  assert.equal(C.scalarFromText(C.scalarText(C.ORDER - 1n)), C.ORDER - 1n);
});

test('ciphertexts add to the encryption of the sum; interval proofs hold for their own statement only', () => {
  let sum = C.ZERO_CIPHERTEXT;
  for (const m of [0, 1, 3]) {
    const r = C.randomScalar();
    const ct = C.encrypt(key, m, r);
    const proof = C.iprove(key, 'S', ct, r, m, C.range(3));
    assert.ok(C.iverify(key, 'S', ct, C.range(3), proof));
    assert.ok(!C.iverify(key, 'T', ct, C.range(3), proof));
    assert.ok(!C.iverify(key, 'S', C.addCiphertexts(ct, C.encrypt(key, 1, 0n)), C.range(3), proof));
    sum = C.addCiphertexts(sum, ct);
  }
  assert.equal(open(sum), 4);
  const r = C.randomScalar();
  assert.throws(() => C.iprove(key, 'S', C.encrypt(key, 2, r), r, 2, [0, 1]));
  const forged = C.iprove(key, 'S', C.encrypt(key, 2, r), r, 1, [0, 1]);
  assert.ok(!C.iverify(key, 'S', C.encrypt(key, 2, r), [0, 1], forged), 'a proof claiming 1 for an encryption of 2');
});

test('a ballot encrypted in a worker (or inline where there is none) verifies and opens to the choices', async () => {
  const layout = { kind: 'NOMINATION', sections: [{ position: 'P1', candidates: ['C2', 'C1', 'C10'], maxSelections: 2 }] };
  let progress = 0;
  const body = await encryptBallotInWorker({ layout, roundId: 'R1', tokenKey: 'T', jointKey: key.text, choices: { P1: ['C10', 'C2'] } },
    (done) => { progress = done; });
  assert.equal(progress, 3);
  assert.deepEqual(body.sections[0].cadres, ['C1', 'C10', 'C2']);
  const check = C.verifyBallot(layout, 'R1', 'T', key, body);
  assert.ok(check.valid, `${check.field}: ${check.reason}`);
  assert.deepEqual(Object.values(check.slots).map((ct) => open(ct)), [0, 1, 1]);
  assert.equal(C.verifyBallot(layout, 'R1', 'T2', key, body).field, '/sections/0/slots/0/proof');
  const swapped = structuredClone(body);
  swapped.sections[0].slots.reverse();
  assert.equal(C.verifyBallot(layout, 'R1', 'T', key, swapped).valid, false);
  assert.throws(() => C.encryptBallot(layout, 'R1', 'T', key, { P1: ['C1', 'C2', 'C10'] }), /maxSelections/);
});

test('a removal line with both AGREE and DISAGREE cannot be proven', () => {
  const layout = { kind: 'REMOVAL', lines: ['L01'] };
  const body = C.encryptBallot(layout, 'R2', 'T', key, { L01: 'DISAGREE' });
  const check = C.verifyBallot(layout, 'R2', 'T', key, body);
  assert.ok(check.valid);
  assert.deepEqual(Object.values(check.slots).map((ct) => open(ct)), [0, 1]);
  const base = C.baseContext('R2', 'T');
  const [r1, r2] = [C.randomScalar(), C.randomScalar()];
  const [c1, c2] = [C.encrypt(key, 1, r1), C.encrypt(key, 1, r2)];
  body.lines[0].agree = { ...C.ciphertextToJson(c1), proof: C.proofToJson(C.iprove(key, `${base}|L01|AGREE`, c1, r1, 1, [0, 1])) };
  body.lines[0].disagree = { ...C.ciphertextToJson(c2), proof: C.proofToJson(C.iprove(key, `${base}|L01|DISAGREE`, c2, r2, 1, [0, 1])) };
  body.lines[0].sumProof = C.proofToJson(C.iprove(key, `${base}|L01|sum`, C.addCiphertexts(c1, c2), (r1 + r2) % C.ORDER, 2, [0, 1, 2]).slice(0, 2));
  assert.equal(C.verifyBallot(layout, 'R2', 'T', key, body).field, '/lines/0/sumProof');
});

test('a 2-of-3 ceremony with WebCrypto share keys: every share checks, any 2 decrypt, 1 cannot', async () => {
  const [n, k, ctx] = [3, 2, C.ceremonyContext('K1', 3, 2)];
  const members = [];
  for (let i = 1; i <= n; i++) {
    const pair = await generateShareKeyPair();
    members.push({ index: i, pair, shareKey: await exportShareKey(pair.publicKey), f: C.randomPolynomial(k) });
  }
  const published = [];
  for (const m of members) {
    const commitments = C.commitmentsOf(m.f);
    const pok = C.schnorrProve(ctx, m.f[0]);
    assert.ok(C.schnorrVerify(ctx, commitments[0], pok));
    assert.ok(!C.schnorrVerify(C.ceremonyContext('K1', 3, 3), commitments[0], pok));
    const shares = [];
    for (const other of members) {
      if (other.index !== m.index) shares.push(await encryptShare(m.pair.privateKey, other.shareKey, ctx, m.index, other.index, C.evaluatePolynomial(m.f, other.index)));
    }
    published.push({ index: m.index, fullName: 'Thành viên ' + m.index, shareKey: m.shareKey, commitments, pok, shares });
  }
  const all = published.map((p) => p.commitments);
  const keyShares = [];
  for (const me of members) {
    const received = [C.evaluatePolynomial(me.f, me.index)];
    for (const dealer of published) {
      if (dealer.index === me.index) continue;
      const sealed = dealer.shares.find((s) => s.to === me.index);
      const share = await decryptShare(me.pair.privateKey, dealer.shareKey, ctx, sealed);
      assert.ok(C.shareMatches(me.index, share, dealer.commitments));
      const tampered = { ...sealed, ciphertext: toBase64url(fromBase64url(sealed.ciphertext).map((b, i) => (i === 0 ? b ^ 1 : b))) };
      await assert.rejects(decryptShare(me.pair.privateKey, dealer.shareKey, ctx, tampered));
      received.push(share);
    }
    const sj = C.keyShareOf(received);
    assert.ok(C.mulG(sj).equals(C.verificationKey(me.index, all)));
    keyShares.push(sj);
  }
  const H = C.jointKeyOf(all);
  const fp = C.fingerprint(published.map((p) => ({ index: p.index, fullName: p.fullName, shareKey: p.shareKey,
    commitments: p.commitments.map(C.pointText), pok: C.pokToJson(p.pok) })));
  assert.match(C.groupedFingerprint(fp), /^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);

  let tally = C.ZERO_CIPHERTEXT;
  for (const m of [1, 0, 1, 1]) tally = C.addCiphertexts(tally, C.encrypt(H, m, C.randomScalar()));
  const contributions = keyShares.map((sj, i) => {
    const d = C.decryptionShare('R1', 'P1|C1', sj, tally.alpha);
    assert.ok(C.verifyDecryptionShare('R1', 'P1|C1', C.mulG(sj), tally.alpha, d));
    assert.ok(!C.verifyDecryptionShare('R1', 'P1|C2', C.mulG(sj), tally.alpha, d));
    assert.ok(!C.verifyDecryptionShare('R1', 'P1|C1', C.mulG(sj), tally.alpha, { ...d, D: d.D.add(C.BASE) }));
    return [i + 1, d.D];
  });
  for (const q of [[1, 2], [1, 3], [2, 3], [1, 2, 3]]) {
    assert.equal(C.decryptSlot(tally, new Map(q.map((j) => contributions[j - 1])), 4), 3, `Q = ${q}`);
  }
  for (const j of [1, 2, 3]) assert.equal(C.decryptSlot(tally, new Map([contributions[j - 1]]), 4), -1, `only member ${j}`);
});
