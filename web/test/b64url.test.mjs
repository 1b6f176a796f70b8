import test from 'node:test';
import assert from 'node:assert/strict';
import { toBase64url, fromBase64url, toHex, fromHex } from '../js/crypto/b64url.js';

const ascii = (text) => new TextEncoder().encode(text);

test('encodes the RFC 4648 test vectors without padding', () => {
  const expected = { '': '', f: 'Zg', fo: 'Zm8', foo: 'Zm9v', foob: 'Zm9vYg', fooba: 'Zm9vYmE', foobar: 'Zm9vYmFy' };
  for (const [plain, encoded] of Object.entries(expected)) {
    assert.equal(toBase64url(ascii(plain)), encoded);
    assert.deepEqual(fromBase64url(encoded), ascii(plain));
  }
});

test('uses the URL-safe alphabet', () => {
  assert.equal(toBase64url(Uint8Array.of(0xfb, 0xff, 0xbf)), '-_-_');
  assert.deepEqual(fromBase64url('-_-_'), Uint8Array.of(0xfb, 0xff, 0xbf));
});

test('agrees with Node\'s own base64url on random data of every length up to 100 bytes', () => {
  for (let length = 0; length <= 100; length++) {
    const bytes = crypto.getRandomValues(new Uint8Array(length));
    const encoded = toBase64url(bytes);
    assert.equal(encoded, Buffer.from(bytes).toString('base64url'));
    assert.deepEqual(fromBase64url(encoded), bytes);
  }
});

test('refuses padding, the standard alphabet, impossible lengths and stray bits', () => {
  for (const bad of ['Zg==', 'Zm9v+A', 'Zm9v/A', 'Zm9vY', 'Zh', 'Zm9', 'Zm 9v']) {
    assert.throws(() => fromBase64url(bad), /base64url/, bad);
  }
});

test('converts hex both ways and refuses odd or foreign digits', () => {
  assert.equal(toHex(Uint8Array.of(0, 1, 0xab, 0xff)), '0001abff');
  assert.deepEqual(fromHex('0001ABff'), Uint8Array.of(0, 1, 0xab, 0xff));
  assert.throws(() => fromHex('abc'), /hex/);
  assert.throws(() => fromHex('zz'), /hex/);
});
