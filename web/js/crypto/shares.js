// The encryption of key-ceremony shares (COMMITTEE.md, Deal) with WebCrypto, exactly as
// vn.phieukin.committee.ShareEncryption: ECDH P-256 between the dealer's E_i private key and the
// addressee's E_j → 256 bits (the x-coordinate) → HKDF-SHA-256 (salt empty, info UTF-8
// "phieukin/share/v2|" + ctx + "|" + i + "|" + j) → AES-256-GCM key; 12-byte random IV;
// plaintext the 32-byte scalar; ciphertext with its 16-byte tag appended (48 bytes), no AAD.
// E_i is published as base64url of its SPKI.
import { toBase64url, fromBase64url } from './b64url.js';
import { scalarBytes, decodeScalar } from './committee.js';

const subtle = () => globalThis.crypto.subtle;
const ECDH = { name: 'ECDH', namedCurve: 'P-256' };
const UTF8 = new TextEncoder();

/** info = "phieukin/share/v2|" + ctx + "|" + from + "|" + to. */
export const shareInfo = (ctx, from, to) => `phieukin/share/v2|${ctx}|${from}|${to}`;

/**
 * A new E_i key pair. The private key is not extractable (it can still be kept in IndexedDB,
 * which stores CryptoKeys as they are).
 */
export function generateShareKeyPair() {
  return subtle().generateKey(ECDH, false, ['deriveBits']);
}

/** base64url(SPKI) of E_i, as published in POST /committee/key. */
export async function exportShareKey(publicKey) {
  return toBase64url(new Uint8Array(await subtle().exportKey('spki', publicKey)));
}

export function importShareKey(text) {
  return subtle().importKey('spki', fromBase64url(text), ECDH, true, []);
}

async function aesKey(privateKey, peerShareKey, info, usage) {
  const peer = typeof peerShareKey === 'string' ? await importShareKey(peerShareKey) : peerShareKey;
  const bits = await subtle().deriveBits({ name: 'ECDH', public: peer }, privateKey, 256);
  const hkdf = await subtle().importKey('raw', bits, 'HKDF', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: UTF8.encode(info) },
    hkdf, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/**
 * Encrypts dealer `from`'s share f_from(to) to member `to` (whose published E_to is
 * `addresseeShareKey`): {from, to, iv, ciphertext}. `iv` only for known-answer tests.
 */
export async function encryptShare(dealerPrivateKey, addresseeShareKey, ctx, from, to, share, iv = undefined) {
  const nonce = iv ?? globalThis.crypto.getRandomValues(new Uint8Array(12));
  if (nonce.length !== 12) throw new RangeError('the IV is 12 bytes');
  const key = await aesKey(dealerPrivateKey, addresseeShareKey, shareInfo(ctx, from, to), 'encrypt');
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv: nonce }, key, scalarBytes(share)));
  return { from, to, iv: toBase64url(nonce), ciphertext: toBase64url(ct) };
}

/**
 * Opens a share addressed to the holder of `addresseePrivateKey`, sent by the holder of
 * `dealerShareKey`. Throws when it does not open (wrong key, altered, misaddressed) or is not a scalar.
 */
export async function decryptShare(addresseePrivateKey, dealerShareKey, ctx, share) {
  const iv = fromBase64url(share.iv);
  const ct = fromBase64url(share.ciphertext);
  if (iv.length !== 12 || ct.length !== 48) throw new Error('iv is 12 bytes and ciphertext 48');
  const key = await aesKey(addresseePrivateKey, dealerShareKey, shareInfo(ctx, share.from, share.to), 'decrypt');
  let plain;
  try {
    plain = new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv }, key, ct));
  } catch (e) {
    throw new Error('the share does not decrypt with this key (wrong key or altered)');
  }
  return decodeScalar(plain);
}
