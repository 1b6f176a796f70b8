// base64url without padding (every binary value on the wire, PROTOCOL.md "Encodings") and hex.
// Written by hand rather than with btoa/atob so that no binary strings are involved and
// decoding can refuse anything that is not exactly what an encoder would produce.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE_OF = new Map([...ALPHABET].map((char, index) => [char, index]));

/** Bytes -> base64url text without padding. */
export function toBase64url(bytes) {
  requireBytes(bytes);
  let text = '';
  let i = 0;
  for (; i + 3 <= bytes.length; i += 3) {
    const triple = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    text += ALPHABET[triple >> 18] + ALPHABET[(triple >> 12) & 63] + ALPHABET[(triple >> 6) & 63] + ALPHABET[triple & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const pair = bytes[i] << 4;
    text += ALPHABET[pair >> 6] + ALPHABET[pair & 63];
  } else if (rest === 2) {
    const triple = ((bytes[i] << 8) | bytes[i + 1]) << 2;
    text += ALPHABET[triple >> 12] + ALPHABET[(triple >> 6) & 63] + ALPHABET[triple & 63];
  }
  return text;
}

/** base64url text without padding -> bytes; throws on padding, foreign characters or stray bits. */
export function fromBase64url(text) {
  if (typeof text !== 'string') throw new TypeError('base64url: expected a string');
  if (text.length % 4 === 1) throw new Error('base64url: impossible length ' + text.length);
  const out = new Uint8Array(Math.floor(text.length * 3 / 4));
  let bits = 0;
  let bitCount = 0;
  let o = 0;
  for (const char of text) {
    const value = VALUE_OF.get(char);
    if (value === undefined) throw new Error('base64url: invalid character ' + JSON.stringify(char));
    bits = ((bits << 6) | value) & 0xffffff;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[o++] = (bits >> bitCount) & 0xff;
    }
  }
  // The leftover bits of the last character must be zero, otherwise two texts decode alike.
  if ((bits & ((1 << bitCount) - 1)) !== 0) throw new Error('base64url: non-canonical final character');
  return out;
}

/** Bytes -> lowercase hex. */
export function toHex(bytes) {
  requireBytes(bytes);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Hex (either case, even length) -> bytes. */
export function fromHex(hex) {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new Error('hex: expected an even number of hex digits');
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}

function requireBytes(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('expected a Uint8Array');
}
