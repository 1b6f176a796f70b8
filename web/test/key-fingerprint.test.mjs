import test from 'node:test';
import assert from 'node:assert/strict';
import { keyFingerprint, groupFingerprint } from '../js/crypto/key-fingerprint.js';

// Expected value computed independently with Python:
//   hashlib.sha256(json.dumps(jwk, sort_keys=True, separators=(',', ':')).encode()).hexdigest()[:16]
const JWK = {
  kty: 'RSA',
  n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw',
  e: 'AQAB',
};

test('the round key fingerprint is the first 16 hex digits of SHA-256 of the JWK in JCS', async () => {
  assert.equal(await keyFingerprint(JWK), 'fcad1f5d2f3096c4');
});

test('member order does not change the fingerprint; any other key does', async () => {
  assert.equal(await keyFingerprint({ e: JWK.e, n: JWK.n, kty: JWK.kty }), 'fcad1f5d2f3096c4');
  const other = { ...JWK, n: JWK.n.slice(0, -1) + 'x' };
  assert.notEqual(await keyFingerprint(other), 'fcad1f5d2f3096c4');
});

test('the fingerprint is read in groups of four', () => {
  assert.equal(groupFingerprint('fcad1f5d2f3096c4'), 'fcad 1f5d 2f30 96c4');
  assert.equal(groupFingerprint(''), '');
});

test('a missing key is an error, not a fingerprint of nothing', async () => {
  await assert.rejects(keyFingerprint(null), TypeError);
});
