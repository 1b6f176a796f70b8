import test from 'node:test';
import assert from 'node:assert/strict';
import { newTokenSecrets, signBallot, ballotBytes } from '../js/crypto/token.js';

// Node has no IndexedDB: count every look at it, to show that importing the vault does not.
let indexedDbLookups = 0;
Object.defineProperty(globalThis, 'indexedDB', { configurable: true, get() { indexedDbLookups++; return undefined; } });
const { createVault, vault } = await import('../js/crypto/vault.js');

// Stand-in for the IndexedDB object store with its semantics: values are structured clones,
// update reads and writes in one step.
function memoryStorage() {
  const rows = new Map();
  return {
    rows,
    async get(roundId) { return rows.has(roundId) ? structuredClone(rows.get(roundId)) : null; },
    async update(roundId, change) { rows.set(roundId, structuredClone(change(structuredClone(rows.get(roundId) ?? null)))); },
    async delete(roundId) { rows.delete(roundId); },
    async keys() { return [...rows.keys()]; },
  };
}

async function blindedRound(roundId) {
  const secrets = await newTokenSecrets(roundId);
  return { ...secrets, inv: 2n ** 3000n + 12345n, blindedMessage: crypto.getRandomValues(new Uint8Array(384)) };
}

test('importing the vault does not touch IndexedDB; the first call says it is missing', async () => {
  assert.equal(indexedDbLookups, 0);
  await assert.rejects(vault.load('R1'), /IndexedDB is not available/);
  assert.equal(indexedDbLookups, 1);
});

test('a saved round comes back with its inv as a bigint and a private key that still signs', async () => {
  const storage = memoryStorage();
  const tablet = createVault(storage);
  const saved = await blindedRound('R1');
  await tablet.saveBlinded('R1', saved);
  assert.equal(typeof storage.rows.get('R1').inv, 'string');
  const loaded = await tablet.load('R1');
  assert.equal(loaded.state, 'blinded');
  assert.equal(loaded.inv, saved.inv);
  assert.deepEqual(loaded.blindedMessage, saved.blindedMessage);
  assert.deepEqual(loaded.prepared, saved.prepared);
  const body = { round: 'R1', choices: [] };
  const signature = Buffer.from(await signBallot(loaded.keyPair.privateKey, body), 'base64url');
  assert.equal(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, saved.keyPair.publicKey, signature, ballotBytes(body)), true);
});

test('a second set of secrets for the same round is refused and the first is kept', async () => {
  const tablet = createVault(memoryStorage());
  const first = await blindedRound('R1');
  await tablet.saveBlinded('R1', first);
  await assert.rejects(tablet.saveBlinded('R1', await blindedRound('R1')), /already has a token/);
  assert.deepEqual((await tablet.load('R1')).blindedMessage, first.blindedMessage);
});

test('after casting only the receipt remains: no keys, token, blinding or ballot', async () => {
  const storage = memoryStorage();
  const tablet = createVault(storage);
  await tablet.saveBlinded('R1', await blindedRound('R1'));
  await tablet.saveToken('R1', new Uint8Array(384), new Uint8Array(384));
  assert.equal((await tablet.load('R1')).state, 'token');
  const request = { body: { round: 'R1', choices: [] }, token: {}, signature: 'x' };
  await tablet.saveCastRequest('R1', request);
  assert.deepEqual((await tablet.load('R1')).request, request);
  await tablet.keepOnlyReceipt('R1', 'ab'.repeat(32));
  assert.deepEqual(storage.rows.get('R1'), { roundId: 'R1', state: 'cast', receipt: 'ab'.repeat(32) });
  assert.deepEqual(await tablet.load('R1'), { roundId: 'R1', state: 'cast', receipt: 'ab'.repeat(32) });
});

test('steps out of order are refused', async () => {
  const tablet = createVault(memoryStorage());
  await assert.rejects(tablet.saveToken('R1', new Uint8Array(1), new Uint8Array(1)), /no token in progress/);
  await tablet.saveBlinded('R1', await blindedRound('R1'));
  await assert.rejects(tablet.saveCastRequest('R1', {}), /state blinded/);
  await assert.rejects(tablet.keepOnlyReceipt('R1', 'ab'), /state blinded/);
  await tablet.saveToken('R1', new Uint8Array(1), new Uint8Array(1));
  await tablet.keepOnlyReceipt('R1', 'ab');
  await assert.rejects(tablet.saveToken('R1', new Uint8Array(1), new Uint8Array(1)), /state cast/);
});

test('forget deletes the round', async () => {
  const tablet = createVault(memoryStorage());
  await tablet.saveBlinded('R1', await blindedRound('R1'));
  await tablet.forget('R1');
  assert.equal(await tablet.load('R1'), null);
});

async function castRound(tablet, roundId, receipt) {
  await tablet.saveBlinded(roundId, await blindedRound(roundId));
  await tablet.saveToken(roundId, new Uint8Array(384), new Uint8Array(384));
  await tablet.saveCastRequest(roundId, { body: { round: roundId, choices: [] }, token: {}, signature: 'x' });
  await tablet.keepOnlyReceipt(roundId, receipt);
}

test('"Xong" under the receipt forgets the receipt: only "voted in this round" remains', async () => {
  const storage = memoryStorage();
  const tablet = createVault(storage);
  const receipt = 'cd'.repeat(32);
  await castRound(tablet, 'R1', receipt);
  await tablet.receiptDone('R1');
  assert.deepEqual(storage.rows.get('R1'), { roundId: 'R1', state: 'done' });
  assert.equal(JSON.stringify([...storage.rows.values()]).includes(receipt.slice(0, 12)), false,
    'no part of the receipt is left in the vault');
  await tablet.receiptDone('R1'); // a second tap (or a reload mid-tap) changes nothing
  assert.deepEqual(await tablet.load('R1'), { roundId: 'R1', state: 'done' });
  await assert.rejects(tablet.keepOnlyReceipt('R1', receipt), /state done/, 'a finished round cannot get a receipt back');
  await assert.rejects(tablet.saveToken('R1', new Uint8Array(1), new Uint8Array(1)), /state done/);
});

test('"Xong" before the cast is refused: the token is never dropped by a stray tap', async () => {
  const tablet = createVault(memoryStorage());
  await assert.rejects(tablet.receiptDone('R1'), /no token in progress/);
  await tablet.saveBlinded('R1', await blindedRound('R1'));
  await tablet.saveToken('R1', new Uint8Array(1), new Uint8Array(1));
  await assert.rejects(tablet.receiptDone('R1'), /state token/);
  assert.equal((await tablet.load('R1')).state, 'token');
});

test('when a round closes every other round is wiped, receipts included', async () => {
  const storage = memoryStorage();
  const tablet = createVault(storage);
  await castRound(tablet, 'R1', 'ef'.repeat(32));
  await castRound(tablet, 'R2', '01'.repeat(32));
  await tablet.saveBlinded('R3', await blindedRound('R3'));
  await tablet.forgetAllBut('R3');
  assert.deepEqual(await tablet.rounds(), ['R3']);
  assert.equal(await tablet.load('R1'), null);
  await tablet.forgetAllBut(null);
  assert.deepEqual(await tablet.rounds(), []);
  assert.equal(storage.rows.size, 0);
});
