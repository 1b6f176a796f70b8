// The tablet's v2 hooks (web/js/tablet-v2.js): the layout it builds from a round view is the
// server's (printed candidates, or the registry with write-ins, sorted by id), and the body it
// encrypts from the plain choices verifies under the committee's joint key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as C from '../js/crypto/committee.js';
import { layoutOf, choicesOf, encryptBody, encrypted } from '../js/tablet-v2.js';

const key = C.mulG(C.randomScalar());
const round = {
  id: 'r7', kind: 'NOMINATION', encryption: 'COMMITTEE',
  committee: { jointKey: C.pointText(key), fingerprint: '0123456789abcdef' },
  sections: [
    { positionId: 'p2', maxSelections: 1, candidates: ['c9', 'c10'], allowNominations: true },
    { positionId: 'p1', maxSelections: 2, candidates: ['c5', 'c3', 'c4'], allowNominations: false },
  ],
};

test('the layout lists sections by id, candidates sorted, the registry where write-ins are allowed', () => {
  const layout = layoutOf(round, ['c1', 'c10', 'c2']);
  assert.deepEqual(layout.sections.map((s) => s.position), ['p1', 'p2']);
  assert.deepEqual(layout.sections[0].candidates, ['c3', 'c4', 'c5']);
  assert.deepEqual(layout.sections[1].candidates, ['c1', 'c10', 'c2', 'c9']);
  assert.ok(encrypted(round));
  assert.ok(!encrypted({ ...round, encryption: 'NONE' }));
});

test('the encrypted body of the plain choices verifies, and a wrong pick count cannot be encrypted', async () => {
  const body = { round: 'r7', choices: [{ position: 'p1', cadres: ['c3', 'c5'] }, { position: 'p2', cadres: ['c2'] }] };
  assert.deepEqual(choicesOf(body), { p1: ['c3', 'c5'], p2: ['c2'] });
  let progress = 0;
  const encryptedBody = await encryptBody(round, body, 'TOKENKEY', ['c1', 'c10', 'c2'], (done) => { progress = done; });
  assert.equal(encryptedBody.version, 2);
  assert.equal(progress, 7);
  const checked = C.verifyBallot(layoutOf(round, ['c1', 'c10', 'c2']), 'r7', 'TOKENKEY', C.jointKey(key), encryptedBody);
  assert.equal(checked.valid, true, checked.reason);
  assert.ok(!JSON.stringify(encryptedBody).includes('choices'));
  const other = C.verifyBallot(layoutOf(round, ['c1', 'c10', 'c2']), 'r7', 'OTHERTOKEN', C.jointKey(key), encryptedBody);
  assert.equal(other.valid, false, 'bound to the token key');
  await assert.rejects(encryptBody(round, { round: 'r7', choices: [{ position: 'p1', cadres: ['c3', 'c4', 'c5'] }] },
    'TOKENKEY', [], () => {}));
});
