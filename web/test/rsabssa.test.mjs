import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { blind, finalize, verify } from '../js/crypto/rsabssa.js';
import { fromHex, toBase64url, toHex } from '../js/crypto/b64url.js';

const fixturePath = new URL('./fixtures/rfc9474-vectors.json', import.meta.url);
const vectors = JSON.parse(readFileSync(fixturePath, 'utf8'));
const python = JSON.parse(readFileSync(new URL('./fixtures/python-reference.json', import.meta.url), 'utf8'));

const big = (hex) => BigInt('0x' + hex);
const jwkOf = (v) => ({ kty: 'RSA', n: toBase64url(fromHex(v.n)), e: toBase64url(fromHex(v.e)) });
const ourVectors = Object.entries(vectors).filter(([name]) => !name.includes('PSSZERO')); // salt 0 is not our variant

// Test-side arithmetic, kept apart from the module under test.
function inverse(a, n) {
  let [r0, r1, s0, s1] = [a, n, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  assert.equal(r0, 1n);
  return ((s0 % n) + n) % n;
}
function power(base, exponent, n) {
  let result = 1n;
  for (base %= n; exponent > 0n; exponent >>= 1n, base = (base * base) % n) {
    if (exponent & 1n) result = (result * base) % n;
  }
  return result;
}
const bytesOf = (value, length) => fromHex(value.toString(16).padStart(2 * length, '0'));
const signBlindly = (v, blinded) => bytesOf(power(big(toHex(blinded)), big(v.d), big(v.n)), v.n.length / 2);

test('uses the same RFC 9474 vectors as ../shared/testdata when that folder is present', { skip: !existsSync(new URL('../../../shared/testdata/rfc9474-vectors.json', import.meta.url)) && '../shared absent' }, () => {
  assert.equal(readFileSync(fixturePath, 'utf8'), readFileSync(new URL('../../../shared/testdata/rfc9474-vectors.json', import.meta.url), 'utf8'));
});

test('covers every RFC 9474 vector of our variant', () => {
  assert.deepEqual(ourVectors.map(([name]) => name), ['RSABSSA-SHA384-PSS-Randomized', 'RSABSSA-SHA384-PSS-Deterministic']);
});

for (const [name, v] of ourVectors) {
  test(`blinds the ${name} vector to the expected blinded message and inv`, async () => {
    const r = inverse(big(v.inv), big(v.n));
    const { blindedMessage, inv } = await blind(jwkOf(v), fromHex(v.prepared_msg), { salt: fromHex(v.salt), r });
    assert.equal(toHex(blindedMessage), v.blinded_msg);
    assert.equal(inv, big(v.inv));
  });

  test(`finalizes the ${name} vector's blind signature to the expected signature`, async () => {
    const signature = await finalize(jwkOf(v), fromHex(v.prepared_msg), fromHex(v.blind_sig), big(v.inv));
    assert.equal(toHex(signature), v.sig);
    assert.equal(await verify(jwkOf(v), fromHex(v.prepared_msg), signature), true);
  });
}

for (const c of python.blind) {
  test(`blinds and finalizes exactly like the Python reference with ${c.name}`, async () => {
    const prepared = fromHex(c.prepared);
    const { blindedMessage, inv } = await blind(c.jwk, prepared, { salt: fromHex(c.salt), r: big(c.r) });
    assert.equal(toHex(blindedMessage), c.blindedMessage);
    assert.equal(inv, big(c.inv));
    assert.equal(toHex(await finalize(c.jwk, prepared, fromHex(c.blindSignature), inv)), c.signature);
  });
}

const [, randomized] = ourVectors[0];
const key = jwkOf(randomized);
const message = new TextEncoder().encode('phieukin/token/v1|R1|test-key');

test('a fresh blinding, signed by the key holder, finalizes to a signature WebCrypto accepts', async () => {
  const { blindedMessage, inv } = await blind(key, message);
  const signature = await finalize(key, message, signBlindly(randomized, blindedMessage), inv);
  const cryptoKey = await crypto.subtle.importKey('jwk', { ...key, alg: 'PS384' }, { name: 'RSA-PSS', hash: 'SHA-384' }, false, ['verify']);
  assert.equal(await crypto.subtle.verify({ name: 'RSA-PSS', saltLength: 48 }, cryptoKey, signature, message), true);
});

test('blinding the same message twice gives unrelated blinded messages', async () => {
  const first = await blind(key, message);
  const second = await blind(key, message);
  assert.notEqual(toHex(first.blindedMessage), toHex(second.blindedMessage));
  assert.notEqual(first.inv, second.inv);
});

test('finalize refuses a blind signature made for another message', async () => {
  const { blindedMessage, inv } = await blind(key, message);
  const blindSignature = signBlindly(randomized, blindedMessage);
  const tampered = message.slice();
  tampered[tampered.length - 1] ^= 1;
  await assert.rejects(finalize(key, tampered, blindSignature, inv), /does not verify/);
});

test('finalize refuses a tampered blind signature, a wrong inv and a wrong size', async () => {
  const { blindedMessage, inv } = await blind(key, message);
  const blindSignature = signBlindly(randomized, blindedMessage);
  const flipped = blindSignature.slice();
  flipped[100] ^= 0x10;
  await assert.rejects(finalize(key, message, flipped, inv), /does not verify/);
  await assert.rejects(finalize(key, message, blindSignature, inv + 1n), /does not verify/);
  await assert.rejects(finalize(key, message, blindSignature.subarray(1), inv), /size/);
  assert.equal(await verify(key, message, await finalize(key, message, blindSignature, inv)), true); // untouched: accepted
});

test('blind refuses an r outside [1, n) or sharing a factor with n, and a salt that is not 48 bytes', async () => {
  const salt = new Uint8Array(48);
  await assert.rejects(blind(key, message, { salt, r: 0n }), /\[1, n\)/);
  await assert.rejects(blind(key, message, { salt, r: big(randomized.n) }), /\[1, n\)/);
  await assert.rejects(blind(key, message, { salt, r: big(randomized.p) }), /not invertible/);
  await assert.rejects(blind(key, message, { salt: new Uint8Array(32) }), /48 bytes/);
  await assert.rejects(blind({ kty: 'EC', n: key.n, e: key.e }, message), /RSA JWK/);
});

// Blindness: r must be uniform in [1, n). A generator limited to r < 2^(modBits-1), like
// Bouncy Castle's RSABlindingFactorGenerator, never sets the top bit and fails here.
for (const c of [{ name: 'RSA-4096 (RFC vectors)', jwk: key, n: big(randomized.n) },
  ...python.blind.map((b) => ({ name: b.name, jwk: b.jwk, n: BigInt('0x' + toHex(Uint8Array.from(Buffer.from(b.jwk.n, 'base64url')))) }))]) {
  test(`r is uniform over [1, n) in 500 draws with ${c.name}`, async () => {
    const draws = 500;
    const modBits = c.n.toString(2).length;
    const topBit = 1n << BigInt(modBits - 1);
    let topBitSet = 0;
    let upperHalf = 0;
    for (let i = 0; i < draws; i++) {
      const { inv } = await blind(c.jwk, message);
      const r = inverse(inv, c.n);
      assert.ok(r >= 1n && r < c.n);
      if (r & topBit) topBitSet++;
      if (2n * r >= c.n) upperHalf++;
    }
    // Expected shares and 5-sigma bounds (sigma ≤ 0.023 for 500 draws).
    const pTop = Number(((c.n - topBit) * 1000000n) / c.n) / 1e6;
    assert.ok(Math.abs(upperHalf / draws - 0.5) < 0.11, `r ≥ n/2 in ${upperHalf} of ${draws}`);
    assert.ok(Math.abs(topBitSet / draws - pTop) < 0.11, `top bit set in ${topBitSet} of ${draws}, expected ${pTop}`);
  });
}
