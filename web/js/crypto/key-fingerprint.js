// The round key's fingerprint (issue 9 item 10): the first 16 hex digits of SHA-256 over the
// JCS of the round key's JWK, exactly as the tablet received it. Every tablet shows it beside
// its ballot and the hall screen shows it too, so a server that handed one delegate a key of
// its own (to recognise that delegate's ballot later) is caught by anyone who compares.

import { jcsBytes } from './jcs.js';
import { toHex } from './b64url.js';

/** Lowercase hex, 16 digits. */
export async function keyFingerprint(jwk) {
  if (!jwk || typeof jwk !== 'object') throw new TypeError('keyFingerprint needs the round key as a JWK object');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', jcsBytes(jwk)));
  return toHex(digest).slice(0, 16);
}

/** "3f2a9c01…" -> "3f2a 9c01 b7e4 0d55", as it is read aloud and compared. */
export function groupFingerprint(fingerprint) {
  return String(fingerprint || '').match(/.{1,4}/g)?.join(' ') ?? '';
}
