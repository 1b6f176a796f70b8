// RFC 8785 canonical JSON (JCS) for the values we sign and hash: strings, integers, booleans,
// null, arrays and plain objects. Anything else throws instead of being silently reshaped
// (JSON.stringify would drop undefined, turn NaN into null and print 1e21), because the bytes
// signed on the tablet must be the bytes the server and the auditor recompute.

const UTF8 = new TextEncoder();

/** The canonical JSON text of `value`. */
export function jcs(value) {
  return serialize(value, '$');
}

/** UTF-8 bytes of the canonical JSON text of `value`. */
export function jcsBytes(value) {
  return UTF8.encode(jcs(value));
}

function serialize(value, path) {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      // Integers only: beyond 2^53 a JS number is no longer the integer the sender meant.
      if (!Number.isSafeInteger(value)) throw new TypeError(`JCS: ${path} is not a safe integer`);
      return String(value); // also prints -0 as 0, as RFC 8785 requires
    case 'string':
      return quote(value, path);
    case 'object':
      if (Array.isArray(value)) {
        return '[' + value.map((item, i) => serialize(item, `${path}[${i}]`)).join(',') + ']';
      }
      if (isPlainObject(value)) {
        // Default sort compares UTF-16 code units, which is RFC 8785's key order.
        const keys = Object.keys(value).sort();
        return '{' + keys.map((key) => quote(key, path) + ':' + serialize(value[key], `${path}.${key}`)).join(',') + '}';
      }
      throw new TypeError(`JCS: ${path} is not a plain object or array`);
    default:
      throw new TypeError(`JCS: ${path} has unsupported type ${typeof value}`);
  }
}

const SHORT_ESCAPES = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };

function quote(text, path) {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const char = text[i];
    if (SHORT_ESCAPES[char]) {
      out += SHORT_ESCAPES[char];
    } else if (unit < 0x20) {
      out += '\\u' + unit.toString(16).padStart(4, '0');
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      // A lone surrogate has no UTF-8 form; a pair is copied as is.
      const next = text.charCodeAt(i + 1);
      if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
        throw new TypeError(`JCS: ${path} contains a lone surrogate at index ${i}`);
      }
      out += char + text[i + 1];
      i++;
    } else {
      out += char;
    }
  }
  return out + '"';
}

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
