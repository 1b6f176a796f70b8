// Protocol v2 on the tablet (COMMITTEE.md): when the conference encrypts its ballots to the
// counting committee, the delegate's choices become an encrypted ballot with its proofs, made in
// a Web Worker (the page never freezes) while "Đang mã hóa phiếu…" shows. tablet.js keeps the
// v1 flow and calls in here through two small hooks.
import { encryptBallotInWorker, prepareBallotWorker } from './crypto/ballot-encrypt.js';
import { groupedFingerprint } from './crypto/committee.js';

const ascending = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Whether the round's ballots are encrypted to the committee. */
export const encrypted = (round) => round?.encryption === 'COMMITTEE';

/**
 * The round's slot layout: per section its candidate list (the printed candidates or, where
 * write-ins are allowed, every cadre of the registry), sorted by id; per line AGREE/DISAGREE.
 */
export function layoutOf(round, registryIds) {
  if (round.kind === 'REMOVAL') {
    return { kind: 'REMOVAL', lines: round.lines.map((l) => l.id).sort(ascending) };
  }
  const sections = [...round.sections].sort((a, b) => ascending(a.positionId, b.positionId)).map((s) => ({
    position: s.positionId,
    candidates: [...new Set(s.allowNominations ? [...s.candidates, ...registryIds] : s.candidates)].sort(ascending),
    maxSelections: s.maxSelections,
  }));
  return { kind: 'NOMINATION', sections };
}

/** The plain body {round, choices} as the encryption's choices. */
export function choicesOf(body) {
  const choices = {};
  for (const c of body.choices) {
    if ('line' in c) choices[c.line] = c.vote;
    else choices[c.position] = c.cadres;
  }
  return choices;
}

/** The encrypted body (COMMITTEE.md) for the plain body; `onProgress(done, total)` while it works. */
export function encryptBody(round, body, tokenKey, registryIds, onProgress) {
  return encryptBallotInWorker({
    layout: layoutOf(round, registryIds), roundId: round.id, tokenKey,
    jointKey: round.committee.jointKey, choices: choicesOf(body),
  }, onProgress);
}

/** "Mã khóa Ban kiểm phiếu: 3f2a 9c01 …", shown under the ballot heading. */
export function committeeLine(h, round) {
  if (!encrypted(round) || !round.committee?.fingerprint) return null;
  // the ballot of an encrypted round is on screen: load the encryption worker now, while online
  prepareBallotWorker();
  return h('p', { class: 'key-fingerprint' },
    'Mã khóa Ban kiểm phiếu: ', h('code', { id: 'committee-fingerprint' }, groupedFingerprint(round.committee.fingerprint)),
    h('span', { class: 'muted' }, ' — phiếu được mã hóa, chỉ Ban kiểm phiếu giải mã được tổng số phiếu.'));
}

/** The "Đang mã hóa phiếu…" card, with a progress line it updates. */
export function encryptingCard(h) {
  const progress = h('p', { class: 'muted', id: 'encrypt-progress', 'aria-live': 'polite' }, '');
  const card = h('div', { class: 'card center' },
    h('h1', {}, 'Đang mã hóa phiếu…'),
    h('p', { class: 'big' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Vui lòng chờ trong giây lát.'),
    progress);
  card.progress = (done, total) => { progress.textContent = `${done}/${total}`; };
  return card;
}
