// Client side of RFC 9474 RSA blind signatures, variant RSABSSA-SHA384-PSS-Randomized
// (PROTOCOL.md "The token"): the tablet blinds its prepared token message so the server signs
// it without seeing it, then unblinds and checks the signature.
//
// Spec symbols -> names: EM encoded, m message representative, r blinding factor,
// inv = r^-1 mod n, z blinded message, s signature. Only public-key arithmetic happens here:
// r^e with e = 65537 and one modular inverse, cheap on a tablet even for RSA-3072.

import { fromBase64url } from './b64url.js';

const HASH = 'SHA-384';
const HASH_LENGTH = 48;
const SALT_LENGTH = 48;
const subtle = () => globalThis.crypto.subtle;

/**
 * Blind `preparedMessage` (prefix ‖ token message) for the round key `publicJwk` ({kty, n, e}).
 * Returns the blinded message to send to the issuer (k bytes) and inv, the unblinding factor,
 * which the caller must persist before sending.
 * `testOnly.salt` (48 bytes) and `testOnly.r` (bigint) fix the randomness for known-answer tests.
 */
export async function blind(publicJwk, preparedMessage, testOnly = {}) {
  const key = roundKey(publicJwk);
  requireBytes(preparedMessage, 'preparedMessage');
  const salt = testOnly.salt ?? randomBytes(SALT_LENGTH);
  requireBytes(salt, 'salt');
  if (salt.length !== SALT_LENGTH) throw new Error(`salt must be ${SALT_LENGTH} bytes`);

  const encoded = await emsaPssEncode(preparedMessage, key.modBits - 1, salt);
  const m = toBigInt(encoded);
  if (gcd(m, key.n) !== 1n) throw new Error('invalid input: message representative shares a factor with n');

  let r;
  let inv;
  if (testOnly.r !== undefined) {
    r = testOnly.r;
    if (typeof r !== 'bigint' || r < 1n || r >= key.n) throw new Error('r must be a bigint in [1, n)');
    inv = modInverse(r, key.n);
    if (inv === null) throw new Error('r is not invertible modulo n');
  } else {
    // Rejection sampling keeps r uniform in [1, n) (RFC 9474 §4.2, unlike a fixed top bit).
    do {
      r = randomBelow(key);
      inv = r === 0n ? null : modInverse(r, key.n);
    } while (inv === null);
  }
  const z = (m * modPow(r, key.e, key.n)) % key.n;
  return { blindedMessage: toBytes(z, key.k), inv };
}

/**
 * Unblind the issuer's `blindSignature` (k bytes) with `inv` and return the RSASSA-PSS
 * signature over `preparedMessage`, after verifying it with WebCrypto; throws when the issuer's
 * answer does not yield a valid signature (wrong key, tampered message or signature).
 */
export async function finalize(publicJwk, preparedMessage, blindSignature, inv) {
  const key = roundKey(publicJwk);
  requireBytes(preparedMessage, 'preparedMessage');
  requireBytes(blindSignature, 'blindSignature');
  if (blindSignature.length !== key.k) {
    throw new Error(`unexpected blind signature size: ${blindSignature.length} bytes, expected ${key.k}`);
  }
  if (typeof inv !== 'bigint' || inv < 1n || inv >= key.n) throw new Error('inv must be a bigint in [1, n)');
  const z = toBigInt(blindSignature);
  if (z >= key.n) throw new Error('blind signature is not below n');
  const signature = toBytes((z * inv) % key.n, key.k);
  if (!(await verify(publicJwk, preparedMessage, signature))) {
    throw new Error('the token signature does not verify under the round key');
  }
  return signature;
}

/** RSASSA-PSS (SHA-384, salt 48) verification of a token signature through WebCrypto. */
export async function verify(publicJwk, preparedMessage, signature) {
  const key = roundKey(publicJwk);
  requireBytes(preparedMessage, 'preparedMessage');
  requireBytes(signature, 'signature');
  if (signature.length !== key.k) return false;
  const cryptoKey = await subtle().importKey(
    'jwk',
    { kty: 'RSA', n: publicJwk.n, e: publicJwk.e, alg: 'PS384', ext: true },
    { name: 'RSA-PSS', hash: HASH },
    false,
    ['verify'],
  );
  return subtle().verify({ name: 'RSA-PSS', saltLength: SALT_LENGTH }, cryptoKey, signature, preparedMessage);
}

// EMSA-PSS-ENCODE (RFC 8017 §9.1.1) with SHA-384 and MGF1-SHA-384.
async function emsaPssEncode(message, emBits, salt) {
  const emLength = Math.ceil(emBits / 8);
  if (emLength < HASH_LENGTH + salt.length + 2) throw new Error('encoding error: key too small');
  const messageHash = await sha384(message);
  const h = await sha384(concat(new Uint8Array(8), messageHash, salt));
  const dbLength = emLength - HASH_LENGTH - 1;
  const db = new Uint8Array(dbLength);
  db[dbLength - salt.length - 1] = 0x01;
  db.set(salt, dbLength - salt.length);
  const mask = await mgf1(h, dbLength);
  for (let i = 0; i < dbLength; i++) db[i] ^= mask[i];
  db[0] &= 0xff >> (8 * emLength - emBits);
  return concat(db, h, Uint8Array.of(0xbc));
}

async function mgf1(seed, length) {
  const blocks = [];
  for (let counter = 0; blocks.length * HASH_LENGTH < length; counter++) {
    const c = new Uint8Array(4);
    new DataView(c.buffer).setUint32(0, counter);
    blocks.push(await sha384(concat(seed, c)));
  }
  return concat(...blocks).subarray(0, length);
}

function roundKey(jwk) {
  if (!jwk || jwk.kty !== 'RSA' || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') {
    throw new Error('round key must be an RSA JWK with n and e');
  }
  const n = toBigInt(fromBase64url(jwk.n));
  const e = toBigInt(fromBase64url(jwk.e));
  if (n < 3n || (n & 1n) === 0n || e < 3n) throw new Error('round key: implausible n or e');
  const modBits = n.toString(2).length;
  return { n, e, modBits, k: Math.ceil(modBits / 8) };
}

// A candidate from k random bytes, with the bits above modBits cleared (which keeps the draw
// uniform and only raises the acceptance rate), rejected until it is in [1, n).
function randomBelow({ n, k, modBits }) {
  for (;;) {
    const bytes = randomBytes(k);
    bytes[0] &= 0xff >> (8 * k - modBits);
    const candidate = toBigInt(bytes);
    if (candidate >= 1n && candidate < n) return candidate;
  }
}

/** base^exponent mod modulus by left-to-right square-and-multiply. */
function modPow(base, exponent, modulus) {
  if (modulus === 1n) return 0n;
  let result = 1n;
  base %= modulus;
  for (const bit of exponent.toString(2)) {
    result = (result * result) % modulus;
    if (bit === '1') result = (result * base) % modulus;
  }
  return result;
}

/** a^-1 mod modulus by the extended Euclidean algorithm, or null when gcd(a, modulus) ≠ 1. */
function modInverse(a, modulus) {
  let [oldR, r] = [a % modulus, modulus];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) return null;
  return ((oldS % modulus) + modulus) % modulus;
}

function gcd(a, b) {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function toBigInt(bytes) {
  let hex = '0x0';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return BigInt(hex);
}

function toBytes(value, length) {
  const hex = value.toString(16);
  if (hex.length > 2 * length) throw new Error('integer too large');
  const padded = hex.padStart(2 * length, '0');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(padded.substr(2 * i, 2), 16);
  return out;
}

async function sha384(data) {
  return new Uint8Array(await subtle().digest(HASH, data));
}

function randomBytes(length) {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function requireBytes(value, name) {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
}
