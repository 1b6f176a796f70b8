import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { jcs, jcsBytes } from '../js/crypto/jcs.js';

const python = JSON.parse(readFileSync(new URL('./fixtures/python-reference.json', import.meta.url), 'utf8'));

for (const { name, value, jcs: expected, sha256 } of python.jcs) {
  test(`matches the Python reference byte for byte: ${name}`, () => {
    assert.equal(jcs(value), expected);
    assert.equal(createHash('sha256').update(jcsBytes(value)).digest('hex'), sha256);
  });
}

test('sorts keys by UTF-16 code units as in RFC 8785 §3.2.3, not by code points', () => {
  const value = {
    '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', 1: 'One',
    '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis',
  };
  // The emoji (surrogates D83D DE00) sorts before U+FB33 although its code point is larger.
  assert.equal(jcs(value),
    '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",'
    + '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}');
});

test('gives the same text whatever order the keys were inserted in', () => {
  const a = { round: 'R1', choices: [{ position: 'P1', cadres: ['C1'] }] };
  const b = { choices: [{ cadres: ['C1'], position: 'P1' }], round: 'R1' };
  assert.equal(jcs(a), jcs(b));
  assert.equal(jcs(a), '{"choices":[{"cadres":["C1"],"position":"P1"}],"round":"R1"}');
});

test('encodes Vietnamese text as raw UTF-8 bytes', () => {
  assert.deepEqual([...jcsBytes('Bí thư')], [0x22, 0x42, 0xc3, 0xad, 0x20, 0x74, 0x68, 0xc6, 0xb0, 0x22]);
});

test('prints negative zero as 0 and keeps array order', () => {
  assert.equal(jcs([-0, 3, 1, 2]), '[0,3,1,2]');
});

test('refuses what canonical JSON of our values cannot represent', () => {
  const refused = {
    'a fraction': 1.5, 'NaN': NaN, 'infinity': Infinity, 'an unsafe integer': 2 ** 53, 'undefined': undefined,
    'a function': () => 1, 'a bigint': 1n, 'a date': new Date(0), 'a map': new Map(), 'bytes': new Uint8Array(1),
    'a lone high surrogate': 'a\ud800b', 'a lone low surrogate': '\udc00', 'a fraction deep inside': { a: [{ b: 0.1 }] },
  };
  for (const [what, value] of Object.entries(refused)) {
    assert.throws(() => jcs(value), TypeError, what);
  }
});
