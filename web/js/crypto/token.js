// The tablet's token and ballot (PROTOCOL.md "The token", "The ballot", "Receipts"):
// an ECDSA P-256 key pair and a 32-byte prefix per round, the prepared message that gets
// blinded, the ballot signature, the cast request and its receipt.

import { toBase64url, toHex } from './b64url.js';
import { jcsBytes } from './jcs.js';

const UTF8 = new TextEncoder();
const ECDSA_KEY = { name: 'ECDSA', namedCurve: 'P-256' };
const ECDSA_SIGN = { name: 'ECDSA', hash: 'SHA-256' };
const BALLOT_DOMAIN = UTF8.encode('phieukin/ballot/v1|');
const PREFIX_LENGTH = 32;
const subtle = () => globalThis.crypto.subtle;

/** Token message T: UTF-8 of "phieukin/token/v1|" + roundId + "|" + tokenKey. */
export function tokenMessage(roundId, tokenKey) {
  if (typeof roundId !== 'string' || roundId === '') throw new TypeError('roundId must be a non-empty string');
  if (typeof tokenKey !== 'string' || tokenKey === '') throw new TypeError('tokenKey must be a non-empty string');
  return UTF8.encode('phieukin/token/v1|' + roundId + '|' + tokenKey);
}

/**
 * Fresh secrets for one round: {keyPair, tokenKey, prefix, prepared}.
 * keyPair: ECDSA P-256 CryptoKeyPair whose private key is NOT extractable (it can still be
 * stored in IndexedDB, CryptoKeys being structured-cloneable, but no script can read it out);
 * tokenKey: base64url of the public key's SPKI DER; prefix: 32 random bytes;
 * prepared: prefix ‖ tokenMessage(roundId, tokenKey), the message to blind.
 */
export async function newTokenSecrets(roundId) {
  const keyPair = await subtle().generateKey(ECDSA_KEY, false, ['sign', 'verify']);
  const tokenKey = toBase64url(new Uint8Array(await subtle().exportKey('spki', keyPair.publicKey)));
  const prefix = globalThis.crypto.getRandomValues(new Uint8Array(PREFIX_LENGTH));
  const message = tokenMessage(roundId, tokenKey);
  const prepared = new Uint8Array(PREFIX_LENGTH + message.length);
  prepared.set(prefix);
  prepared.set(message, PREFIX_LENGTH);
  return { keyPair, tokenKey, prefix, prepared };
}

/** The signed ballot bytes B: UTF-8 "phieukin/ballot/v1|" ‖ UTF-8 JCS(body). */
export function ballotBytes(body) {
  const canonical = jcsBytes(body);
  const out = new Uint8Array(BALLOT_DOMAIN.length + canonical.length);
  out.set(BALLOT_DOMAIN);
  out.set(canonical, BALLOT_DOMAIN.length);
  return out;
}

/** base64url of the 64-byte IEEE P1363 ECDSA P-256/SHA-256 signature of ballotBytes(body). */
export async function signBallot(privateKey, body) {
  const signature = await subtle().sign(ECDSA_SIGN, privateKey, ballotBytes(body));
  return toBase64url(new Uint8Array(signature));
}

/**
 * The cast request {body, token: {key, prefix, signature}, signature}.
 * token.prefix and token.signature may be bytes (encoded here) or base64url text;
 * signature is what signBallot returned.
 */
export function castRequest(body, token, signature) {
  if (typeof token?.key !== 'string') throw new TypeError('token.key must be the base64url token key');
  if (typeof signature !== 'string') throw new TypeError('signature must be the base64url ballot signature');
  return {
    body,
    token: { key: token.key, prefix: asBase64url(token.prefix, 'token.prefix'), signature: asBase64url(token.signature, 'token.signature') },
    signature,
  };
}

/** Receipt: lowercase hex SHA-256 of JCS(request). */
export async function receiptOf(request) {
  return toHex(new Uint8Array(await subtle().digest('SHA-256', jcsBytes(request))));
}

/** What the tablet shows: the receipt's first 12 hex characters in groups of four. */
export function shortReceipt(receipt) {
  if (typeof receipt !== 'string' || !/^[0-9a-f]{64}$/.test(receipt)) {
    throw new Error('a receipt is 64 lowercase hex characters');
  }
  return receipt.slice(0, 4) + ' ' + receipt.slice(4, 8) + ' ' + receipt.slice(8, 12);
}

function asBase64url(value, name) {
  if (value instanceof Uint8Array) return toBase64url(value);
  if (typeof value === 'string') return value;
  throw new TypeError(`${name} must be bytes or base64url text`);
}
