import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tokenMessage, newTokenSecrets, ballotBytes, signBallot, castRequest, receiptOf, shortReceipt } from '../js/crypto/token.js';
import { blind, finalize, verify as verifyToken } from '../js/crypto/rsabssa.js';
import { fromBase64url, toBase64url, toHex, fromHex } from '../js/crypto/b64url.js';

const python = JSON.parse(readFileSync(new URL('./fixtures/python-reference.json', import.meta.url), 'utf8'));
const utf8 = (text) => new TextEncoder().encode(text);
const concat = (a, b) => Uint8Array.from([...a, ...b]);
const body = { round: 'R1', choices: [{ position: 'P1', cadres: ['C3', 'C7'] }, { position: 'P2', cadres: [] }] };

async function verifyBallot(tokenKey, signatureText, ballotBody) {
  const publicKey = await crypto.subtle.importKey('spki', fromBase64url(tokenKey), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, fromBase64url(signatureText), ballotBytes(ballotBody));
}

// The key holder's side, done here with plain BigInt arithmetic on a WebCrypto-made key.
let issuer;
async function roundIssuer() {
  if (!issuer) {
    const pair = await crypto.subtle.generateKey(
      { name: 'RSA-PSS', modulusLength: 3072, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-384' }, true, ['sign', 'verify']);
    const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
    const big = (b64) => BigInt('0x' + toHex(fromBase64url(b64)));
    const [n, d] = [big(jwk.n), big(jwk.d)];
    issuer = {
      jwk: { kty: 'RSA', n: jwk.n, e: jwk.e },
      blindSign(blinded) {
        let [result, base, exponent] = [1n, BigInt('0x' + toHex(blinded)), d];
        for (; exponent > 0n; exponent >>= 1n, base = (base * base) % n) if (exponent & 1n) result = (result * base) % n;
        return fromHex(result.toString(16).padStart(768, '0'));
      },
    };
  }
  return issuer;
}

test('the token message is "phieukin/token/v1|" + round + "|" + token key in UTF-8', () => {
  assert.deepEqual(tokenMessage('R-Bổ sung', 'abc_-'), utf8('phieukin/token/v1|R-Bổ sung|abc_-'));
  assert.throws(() => tokenMessage('', 'abc'), TypeError);
});

test('new token secrets: a P-256 key whose private half cannot be exported, a 32-byte prefix, prefix ‖ T', async () => {
  const secrets = await newTokenSecrets('R1');
  assert.equal(secrets.prefix.length, 32);
  assert.deepEqual(secrets.prepared, concat(secrets.prefix, tokenMessage('R1', secrets.tokenKey)));
  const spki = fromBase64url(secrets.tokenKey);
  const imported = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  assert.deepEqual(new Uint8Array(await crypto.subtle.exportKey('spki', imported)), spki);
  assert.equal(secrets.keyPair.privateKey.extractable, false);
  await assert.rejects(crypto.subtle.exportKey('pkcs8', secrets.keyPair.privateKey));
  const other = await newTokenSecrets('R1');
  assert.notEqual(other.tokenKey, secrets.tokenKey);
  assert.notEqual(toHex(other.prefix), toHex(secrets.prefix));
});

test('the ballot bytes are "phieukin/ballot/v1|" followed by the canonical body', () => {
  assert.deepEqual(ballotBytes(body),
    utf8('phieukin/ballot/v1|{"choices":[{"cadres":["C3","C7"],"position":"P1"},{"cadres":[],"position":"P2"}],"round":"R1"}'));
});

test('a ballot signature is 64 bytes, verifies under the token key and not for another body', async () => {
  const { keyPair, tokenKey } = await newTokenSecrets('R1');
  const signature = await signBallot(keyPair.privateKey, body);
  assert.equal(fromBase64url(signature).length, 64);
  assert.equal(await verifyBallot(tokenKey, signature, body), true);
  const changed = { ...body, choices: [{ position: 'P1', cadres: ['C3'] }, body.choices[1]] };
  assert.equal(await verifyBallot(tokenKey, signature, changed), false);
});

test('the cast request has exactly the specified shape, with bytes in base64url', () => {
  const prefix = Uint8Array.of(1, 2, 3);
  const request = castRequest(body, { key: 'KEY', prefix, signature: 'U0lH' }, 'QkFMTE9U');
  assert.deepEqual(request, { body, token: { key: 'KEY', prefix: 'AQID', signature: 'U0lH' }, signature: 'QkFMTE9U' });
  assert.deepEqual(Object.keys(request).sort(), ['body', 'signature', 'token']);
});

for (const c of python.ballots) {
  test(`a cast request made by the Python reference (${c.name}) verifies here and has the same receipt`, async () => {
    const { request } = c;
    assert.equal(await verifyBallot(request.token.key, request.signature, request.body), true);
    const prepared = concat(fromBase64url(request.token.prefix), tokenMessage(c.roundId, request.token.key));
    assert.equal(await verifyToken(python.roundKey, prepared, fromBase64url(request.token.signature)), true);
    const rebuilt = castRequest(request.body, { key: request.token.key, prefix: fromBase64url(request.token.prefix),
      signature: fromBase64url(request.token.signature) }, request.signature);
    assert.deepEqual(rebuilt, request);
    assert.equal(await receiptOf(rebuilt), c.receipt);
  });
}

test('the receipt changes when the request changes, not when its keys are reordered', async () => {
  const request = python.ballots[0].request;
  const reordered = { signature: request.signature, token: { ...request.token }, body: { choices: request.body.choices, round: request.body.round } };
  assert.equal(await receiptOf(reordered), python.ballots[0].receipt);
  const other = { ...request, body: { ...request.body, round: 'R2' } };
  assert.notEqual(await receiptOf(other), python.ballots[0].receipt);
});

test('a whole tablet round: secrets, blinding, issuing, finalizing, signing, casting, receipt', async () => {
  const { jwk, blindSign } = await roundIssuer();
  const secrets = await newTokenSecrets('R9');
  const { blindedMessage, inv } = await blind(jwk, secrets.prepared);
  assert.equal(blindedMessage.length, 384);
  const tokenSignature = await finalize(jwk, secrets.prepared, blindSign(blindedMessage), inv);
  const request = castRequest({ ...body, round: 'R9' }, { key: secrets.tokenKey, prefix: secrets.prefix, signature: tokenSignature },
    await signBallot(secrets.keyPair.privateKey, { ...body, round: 'R9' }));
  // What the ballot box checks: token signature under the round key over prefix ‖ T, ballot signature under token.key.
  const prepared = concat(fromBase64url(request.token.prefix), tokenMessage('R9', request.token.key));
  assert.equal(await verifyToken(jwk, prepared, fromBase64url(request.token.signature)), true);
  assert.equal(await verifyBallot(request.token.key, request.signature, request.body), true);
  const receipt = await receiptOf(request);
  assert.match(receipt, /^[0-9a-f]{64}$/);
  assert.equal(shortReceipt(receipt), `${receipt.slice(0, 4)} ${receipt.slice(4, 8)} ${receipt.slice(8, 12)}`);
});

test('the short receipt shows the first 12 hex characters in groups of four', () => {
  assert.equal(shortReceipt('0123456789abcdef' + 'f'.repeat(48)), '0123 4567 89ab');
  assert.throws(() => shortReceipt('0123456789AB' + 'f'.repeat(52)), /64 lowercase hex/);
  assert.throws(() => shortReceipt('0123456789ab'), /64 lowercase hex/);
});
