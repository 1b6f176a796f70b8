// The delegate's tablet: pairing, the automatic token as soon as a round opens, the ballot,
// "Xác nhận phiếu", the anonymous cast and the receipt. Every step is written to IndexedDB
// before the request that depends on it, so a reload or a dropped Wi-Fi resumes where it was
// and retries only the idempotent requests (issue with the same blinded message, cast with
// the same request).
//
// Two databases per tablet slot: the pairing (who the delegate is) and the ballot draft in
// "phieukin-tablet-<slot>", the token secrets and the receipt in the vault
// "phieukin-vault-<slot>". The receipt is shown once, with the delegate's name hidden, until
// "Xong"; then the vault forgets it and the screen only says "Đồng chí đã bỏ phiếu". The vault
// is wiped when the round closes; the pairing (and everything else) when the server answers
// 401 (the delegate checked out, the conference ended, another tablet paired).

import { Api, ApiError, call } from './api.js';
import { h, fill, message, fold, cadreDetail, VOTE_LABELS } from './ui.js';
import { watchConference } from './live.js';
import { openKv } from './kv.js';
import { claimSlot } from './tablet-slot.js';
import { blind, finalize } from './crypto/rsabssa.js';
import { newTokenSecrets, signBallot, castRequest, receiptOf, shortReceipt } from './crypto/token.js';
import { toBase64url, fromBase64url } from './crypto/b64url.js';
import { createVault, indexedDbStorage } from './crypto/vault.js';
import { keyFingerprint, groupFingerprint } from './crypto/key-fingerprint.js';
import * as v2 from './tablet-v2.js';
import { qrSecret } from './tablet-qr.js';

/** The name of the ballot of each kind of round, as the console and the minutes print it. */
const BALLOT_TITLES = {
  REMOVAL: 'Phiếu rà soát, đưa ra khỏi quy hoạch',
  NOMINATION: 'Phiếu giới thiệu nhân sự quy hoạch',
};

const app = document.getElementById('app');
const who = document.getElementById('who');
const net = document.getElementById('net');

let kv;            // pairing and draft choices (never a receipt)
let vault;         // token secrets, one record per round
let pairing = null; // {tabletToken, delegateId, delegateName, conferenceId}
const api = new Api(() => pairing?.tabletToken ?? null);

let phase = '';          // what the screen shows now
let round = null;        // the open round
let directory = null;    // {cadres: Map, positions: Map, complete}
let draft = null;        // {picks: {positionId: [cadreId]}, votes: {lineId: vote}}
let lastState = null;   // the latest GET /tablet/state
let refusal = null;      // {roundId, text}: the issuer refused this round; do not ask again
let stopWatching = null;
let fingerprint = null;  // {roundId, value, server}: the open round key's fingerprint

// One thing at a time: polling, buttons and retries never interleave their requests.
let chain = Promise.resolve();
function serial(task) {
  const run = chain.then(task, task);
  chain = run.catch(() => {});
  return run;
}

// ---------------------------------------------------------------- start
async function start() {
  if (!window.isSecureContext || !crypto.subtle) {
    fill(app, message('error', 'Trang máy tính bảng phải được mở qua HTTPS (địa chỉ bắt đầu bằng https://). Vui lòng liên hệ Ban Tổ chức.'));
    return;
  }
  const slot = await claimSlot();
  kv = openKv(`phieukin-tablet-${slot}`);
  vault = createVault(indexedDbStorage(`phieukin-vault-${slot}`));
  pairing = await kv.get('pairing');
  // Versions before issue 9 kept the last receipt beside the pairing: never again.
  await kv.delete('lastReceipt');
  const fragment = new URLSearchParams(location.hash.slice(1));
  const code = fragment.get('qr') ? `qr=${fragment.get('qr')}` : fragment.get('pair'); // QR secret (tablet-qr.js) or code
  if (code) {
    history.replaceState(null, '', location.pathname + location.search);
    await pairWith(code, null);
    return;
  }
  if (pairing) startWatching();
  else viewPairing();
}

function startWatching() {
  if (stopWatching) stopWatching();
  renderWho();
  show('waiting');
  // Only a round opening or closing matters here: a tablet must not refetch on every ballot
  // cast in the hall (each one updates the counts for the screen).
  let seen = '';
  stopWatching = watchConference(pairing.conferenceId, () => serial(sync), {
    pollMs: 3000,
    slowPollMs: 15000,
    // the opening herd (issue 13): answer a round event within 2 s, polls spread ±20%; the token
    // is still fetched within seconds of the open, never at the moment of the cast
    eventDelayMs: 2000,
    jitter: 0.2,
    wanted: (type, data) => {
      if (type !== 'round' || !data) return false;
      const now = `${data.roundId}:${data.status}`;
      const changed = now !== seen;
      seen = now;
      return changed;
    },
  });
}

function renderWho(conference) {
  fill(who);
  // The receipt is never on screen next to the delegate's name.
  if (!pairing || phase === 'receipt') return;
  who.append(h('span', {}, 'Đại biểu: ', h('strong', { id: 'delegate-name' }, pairing.delegateName)));
  if (conference?.title) who.append(h('span', { id: 'conference-title' }, conference.title));
}

function setOnline(online) {
  net.hidden = online;
  if (!online) fill(net, 'Mất kết nối với máy chủ — máy đang tự thử lại…');
}

// ---------------------------------------------------------------- pairing
function viewPairing(note) {
  phase = 'pairing';
  const slot = h('div', { id: 'pair-error' });
  const input = h('input', {
    type: 'text', id: 'pairing-code', class: 'code-input', inputmode: 'numeric',
    autocomplete: 'one-time-code', maxlength: '11', placeholder: '12345678', 'aria-describedby': 'pair-help',
  });
  const submit = h('button', { class: 'btn primary wide', type: 'submit', id: 'pair-submit' }, 'Ghép nối');
  const form = h('form', { class: 'card pair', novalidate: true },
    h('h1', {}, 'Ghép nối máy tính bảng'),
    note ? message('warn', note) : null,
    h('label', { for: 'pairing-code' }, 'Mã ghép nối (8 chữ số)'),
    h('p', { id: 'pair-help', class: 'muted' }, 'Bàn điểm danh đưa mã này (trên màn hình hoặc trên phiếu ghép nối in ra) khi đồng chí điểm danh. Mã dùng một lần, có hiệu lực 15 phút.'),
    input, slot, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    pairWith(input.value, { button: submit, slot });
  });
  const parts = [form];
  if ('BarcodeDetector' in window && navigator.mediaDevices?.getUserMedia) {
    parts.push(h('div', { class: 'card center' },
      h('p', {}, 'Hoặc quét mã QR trên màn hình bàn điểm danh hoặc trên phiếu ghép nối:'),
      h('button', { class: 'btn wide', type: 'button', id: 'scan-qr', onclick: () => scanQr(slot) }, 'Quét mã QR')));
  }
  fill(app, ...parts);
  input.focus();
}

async function pairWith(raw, ui) {
  const secret = qrSecret(raw); // the desk's QR code: see tablet-qr.js
  const digits = secret ? '' : String(raw || '').replace(/\D/g, '');
  const slot = ui?.slot;
  if (!secret && digits.length !== 8) {
    if (slot) fill(slot, message('error', 'Mã ghép nối gồm đúng 8 chữ số. Vui lòng kiểm tra lại.'));
    else viewPairing('Mã ghép nối trong mã QR không hợp lệ. Vui lòng nhập mã 8 chữ số.');
    return;
  }
  if (ui?.button) ui.button.disabled = true;
  try {
    const answer = secret ? await new Api().pairBySecret(secret) : await new Api().pair(digits);
    const previous = pairing;
    pairing = {
      tabletToken: answer.tabletToken, delegateId: answer.delegateId,
      delegateName: answer.delegateName, conferenceId: answer.conferenceId,
    };
    if (previous && previous.delegateId !== answer.delegateId) await forgetEverything();
    await kv.set('pairing', pairing);
    startWatching();
  } catch (error) {
    if (slot) fill(slot, message('error', error.message));
    else viewPairing(error.message);
  } finally {
    if (ui?.button) ui.button.disabled = false;
  }
}

/** A different delegate takes over this tablet: nothing of the previous one may remain. */
async function forgetEverything() {
  const active = await kv.get('activeRound');
  if (active) {
    await vault.forget(active);
    await kv.delete(`draft:${active}`);
  }
  await kv.delete('activeRound');
  await vault.forgetAllBut(null);
}

async function scanQr(slot) {
  let stream;
  const video = h('video', { class: 'scanner', playsinline: true, muted: true, 'aria-label': 'Hình ảnh từ máy ảnh' });
  const stop = h('button', { class: 'btn wide', type: 'button' }, 'Dừng quét');
  let scanning = true;
  stop.addEventListener('click', () => { scanning = false; });
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch {
    fill(slot, message('error', 'Không mở được máy ảnh. Hãy cho phép dùng máy ảnh hoặc nhập mã 8 chữ số.'));
    return;
  }
  const overlay = h('div', { class: 'card center', id: 'scanner' },
    h('p', {}, 'Đưa mã QR vào khung hình…'), video, stop);
  app.prepend(overlay);
  video.srcObject = stream;
  await video.play().catch(() => {});
  const detector = new BarcodeDetector({ formats: ['qr_code'] });
  let found = null;
  while (scanning && !found) {
    await new Promise((r) => setTimeout(r, 250));
    try {
      const codes = await detector.detect(video);
      const text = codes.map((c) => c.rawValue).find((v) => qrSecret(v) || /\d{8}/.test(v.replace(/\s/g, '')));
      if (text) found = text;
    } catch { /* a frame that could not be read */ }
  }
  stream.getTracks().forEach((t) => t.stop());
  overlay.remove();
  if (found) {
    // The desk's QR holds the tablet URL with #pair=CODE; a bare code works too.
    const inHash = /pair=(\d{8})/.exec(found);
    if (qrSecret(found)) await pairWith(found, { slot });
    else await pairWith(inHash ? inHash[1] : found.replace(/\s/g, '').match(/\d{8}/)[0], { slot });
  }
}

// ---------------------------------------------------------------- the loop
async function sync() {
  if (!pairing) return;
  let state;
  try {
    state = await api.tabletState();
    lastState = state;
    setOnline(true);
  } catch (error) {
    if (error.status === 401) { await unpaired(); return; }
    setOnline(!error.network);
    if (!error.network && phase === 'waiting') viewWaiting(error.message);
    return;
  }
  renderWho(state.conference);
  const open = state.openRound && state.openRound.status === 'OPEN' ? state.openRound : null;
  const active = await kv.get('activeRound');
  if (active && (!open || open.id !== active)) await roundEnded(active);
  // Whatever the vault still holds of a round that is not open (closed while the tablet was
  // off, or before this version) goes now.
  await vault.forgetAllBut(open ? open.id : null);
  if (!open) {
    if (!['receipt', 'waiting', 'ended'].includes(phase)) show('waiting');
    else if (phase === 'waiting') viewWaiting();
    return;
  }
  if (!round || round.id !== open.id) {
    round = open;
    await kv.set('activeRound', open.id);
    draft = (await kv.get(`draft:${open.id}`)) || { picks: {}, votes: {} };
    directory = null;
  }
  round = open;
  try {
    await advance(state);
  } catch (error) {
    if (error instanceof ApiError) {
      setOnline(!error.network);
      if (error.status === 401) { await unpaired(); return; }
      if (!error.network && error.code !== 'ROUND_STATE') viewProblem(error.message);
    } else {
      viewProblem(`Lỗi trên máy tính bảng: ${error.message}. Vui lòng tải lại trang hoặc liên hệ Ban Tổ chức.`);
    }
  }
}

/**
 * The server no longer knows this tablet's token (401): the delegate was checked out, the
 * conference ended, or another tablet was paired for the delegate. Nothing of the delegate
 * stays on this tablet: pairing, drafts, token secrets, receipt.
 */
async function unpaired() {
  if (stopWatching) { stopWatching(); stopWatching = null; }
  pairing = null;
  round = null;
  draft = null;
  fingerprint = null;
  await forgetEverything();
  await kv.delete('pairing');
  renderWho();
  viewPairing('Thiết bị này không còn được ghép nối (đồng chí đã ra về, đã ghép nối một thiết bị khác, hoặc hội nghị đã kết thúc). Nhập mã mới nếu cần.');
}

/** Takes the open round one step further: token, ballot, pending cast, receipt. */
async function advance(state) {
  if (refusal?.roundId === round.id) { viewProblem(refusal.text); return; }
  let record = await vault.load(round.id);
  if (!record) {
    if (state.issued) {
      refuse('Đồng chí đã nhận phiếu của phiên bỏ phiếu này (phiếu giấy, hoặc trên thiết bị khác, hoặc dữ liệu trình duyệt của máy này đã bị xóa), nên máy tính bảng này không nhận thêm phiếu. Nếu cần, vui lòng liên hệ Ban Tổ chức.');
      return;
    }
    show('fetching');
    const secrets = await newTokenSecrets(round.id);
    const blinded = await blind(round.tokenKey, secrets.prepared);
    await vault.saveBlinded(round.id, { ...secrets, ...blinded });
    record = await vault.load(round.id);
  }
  if (record.state === 'blinded') {
    show('fetching');
    let answer;
    try {
      answer = await api.issue(round.id, toBase64url(record.blindedMessage));
    } catch (error) {
      if (error.code === 'NOT_PRESENT' || error.code === 'ALREADY_ISSUED' || error.code === 'BAD_BLINDED_MESSAGE') {
        refuse(error.message);
        return;
      }
      throw error;
    }
    const blindSignature = fromBase64url(answer.blindSignature);
    let tokenSignature;
    try {
      tokenSignature = await finalize(round.tokenKey, record.prepared, blindSignature, record.inv);
    } catch {
      refuse('Chữ ký phiếu do máy chủ cấp không hợp lệ; thiết bị không dùng phiếu này. Vui lòng báo Ban Tổ chức.');
      return;
    }
    await vault.saveToken(round.id, blindSignature, tokenSignature);
    record = await vault.load(round.id);
  }
  if (record.state === 'token') {
    if (!['ballot', 'review'].includes(phase)) await showBallot();
  } else if (record.state === 'casting') {
    await sendCast(record.request);
  } else if (record.state === 'cast') {
    if (phase !== 'receipt') viewReceipt(record.receipt);
  } else if (record.state === 'done') {
    if (phase !== 'voted') viewVoted();
  }
}

function refuse(text) {
  refusal = { roundId: round.id, text };
  viewProblem(text);
}

/** The round this tablet worked on is no longer open. */
async function roundEnded(roundId) {
  const record = await vault.load(roundId);
  await kv.delete(`draft:${roundId}`);
  await kv.delete('activeRound');
  round = null;
  draft = null;
  if (!record) return;
  if (record.state === 'cast' || record.state === 'done') {
    // The receipt leaves the vault with the round; one still on screen stays until "Xong".
    await vault.forget(roundId);
    return;
  }
  if (record.state === 'casting') {
    // The answer to the cast may have been lost just before the close: ask the ballot box.
    const receipt = await receiptOf(record.request);
    try {
      const { data } = await call('GET', `/rounds/${encodeURIComponent(roundId)}/receipts/${receipt}`, { anonymous: true });
      if (data?.included) {
        await vault.forget(roundId);
        viewReceipt(receipt, { roundId });
        return;
      }
    } catch (error) {
      if (error.network) throw error; // decide when the server answers again
    }
  }
  await vault.forget(roundId);
  if (refusal?.roundId === roundId) return; // this tablet never had a ballot in this round
  {
    phase = 'ended';
    fill(app, h('div', { class: 'card center' },
      h('h1', {}, 'Phiên bỏ phiếu đã kết thúc'),
      h('p', { class: 'big' }, 'Phiên bỏ phiếu đã đóng trước khi phiếu của đồng chí được gửi, nên phiếu không được tính.'),
      h('p', { class: 'muted' }, 'Máy đã xóa lựa chọn và khóa bỏ phiếu của phiên này. Chờ phiên bỏ phiếu tiếp theo.')));
  }
}

// ---------------------------------------------------------------- screens
function show(what) {
  if (what === 'waiting') viewWaiting();
  else if (what === 'fetching') {
    if (phase === 'fetching') return;
    phase = 'fetching';
    fill(app, h('div', { class: 'card center' },
      h('h1', {}, 'Phiên bỏ phiếu đã mở'),
      h('p', { class: 'big' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Đang nhận phiếu…'),
      h('p', { class: 'muted' }, 'Máy tự nhận phiếu kín cho đồng chí; không ai biết phiếu này của ai.')));
  }
}

function viewWaiting(errorText) {
  phase = 'waiting';
  renderWho(lastState?.conference);
  fill(app,
    h('div', { class: 'card center waiting' },
      h('h1', {}, 'Chưa có phiên bỏ phiếu'),
      h('p', { class: 'big' }, 'Khi Ban Tổ chức mở phiên bỏ phiếu, phiếu sẽ tự hiện trên màn hình này.'),
      h('p', { class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Đang chờ…'),
      errorText ? message('error', errorText) : null));
}

function viewProblem(text) {
  if (phase === 'problem' && app.dataset.problem === text) return;
  phase = 'problem';
  app.dataset.problem = text;
  fill(app, h('div', { class: 'card center' },
    h('h1', {}, 'Không thể bỏ phiếu điện tử'),
    message('error', withNames(text))));
}

async function ensureDirectory() {
  if (directory) return directory;
  directory = await loadDirectory();
  return directory;
}

/** Names, titles and units of the review's cadres (the registry write-ins come from), and the position names. */
async function loadDirectory() {
  const cadres = new Map();
  const positions = new Map();
  let complete = false;
  for (const p of lastState?.conference?.positions || []) positions.set(p.id, p);
  try {
    for (const c of await api.tabletCadres()) cadres.set(c.id, c);
    complete = true;
  } catch (error) {
    if (error.network) throw error;
  }
  return { cadres, positions, complete };
}

// Internal ids never reach the screen: a name that could not be loaded says so.
function positionName(id) {
  return directory?.positions.get(id)?.name || 'Chức danh (chưa tải được tên)';
}

function cadreBlock(id) {
  const c = directory?.cadres.get(id);
  if (!c) return h('span', { class: 'cadre' }, h('strong', { class: 'cadre-name' }, 'Cán bộ (chưa tải được tên)'));
  return h('span', { class: 'cadre' },
    h('strong', { class: 'cadre-name' }, c.fullName),
    h('span', { class: 'cadre-detail' }, cadreDetail(c)));
}

/** Server messages quote ids ("Chức danh \"p3\""): the delegate reads names instead. */
function withNames(text) {
  return String(text).replace(/"([^"\s]{1,40})"/g, (quoted, id) => {
    const name = directory?.positions.get(id)?.name || directory?.cadres.get(id)?.fullName;
    return name ? `"${name}"` : quoted;
  });
}

async function saveDraft() {
  await kv.set(`draft:${round.id}`, draft);
}

function ballotTitle() {
  return BALLOT_TITLES[round.kind] || BALLOT_TITLES.NOMINATION;
}

/** The open round key's fingerprint, computed here from the very key this tablet blinds with. */
async function roundFingerprint() {
  if (fingerprint?.roundId !== round.id) {
    const value = await keyFingerprint(round.tokenKey);
    const server = round.tokenKeyFingerprint ?? null; // the server's own figure (round view)
    fingerprint = { roundId: round.id, value, server };
  }
  return fingerprint;
}

/** "Mã khóa phiên: 3f2a 9c01 b7e4 0d55", the same on every tablet and on the hall screen. */
async function fingerprintLine() {
  const { value, server } = await roundFingerprint();
  return h('p', { class: 'key-fingerprint' },
    'Mã khóa phiên: ', h('code', { id: 'key-fingerprint' }, groupFingerprint(value)),
    h('span', { class: 'muted' }, ' — phải trùng với mã trên màn hình hội trường và trên máy của các đại biểu khác.'),
    server && server !== value
      ? message('error', 'Mã khóa phiên máy chủ báo khác với mã máy tính bảng tự tính từ khóa nhận được. Không gửi phiếu; vui lòng báo Ủy ban Kiểm tra.')
      : null,
    v2.committeeLine(h, round));
}

/** Number of choices made / possible on the ballot as it is now. */
function choiceCount() {
  if (round.kind === 'REMOVAL') {
    const made = round.lines.filter((l) => (draft.votes[l.id] || 'NONE') !== 'NONE').length;
    return { made, of: round.lines.length };
  }
  let made = 0;
  let of = 0;
  for (const s of round.sections) {
    made += (draft.picks[s.positionId] || []).length;
    of += s.maxSelections;
  }
  return { made, of };
}

/** The bar that stays at the bottom of the screen: "Đã chọn n/m" and the next button. */
function ballotBar() {
  const count = h('span', { class: 'bar-count', id: 'bar-count', 'aria-live': 'polite' });
  const update = () => {
    const { made, of } = choiceCount();
    count.textContent = round.kind === 'REMOVAL'
      ? `Đã chọn ${made}/${of} cán bộ` : `Đã chọn ${made}/${of}`;
  };
  update();
  const next = h('button', { class: 'btn primary', type: 'button', id: 'to-review', onclick: () => viewReview() }, 'Xem lại phiếu');
  const bar = h('div', { class: 'ballot-bar', id: 'ballot-bar' }, count, next);
  bar.update = update;
  return bar;
}

let bar = null;
function updateBar() {
  if (bar?.isConnected) bar.update();
}

async function showBallot(errorText) {
  await ensureDirectory();
  phase = 'ballot';
  renderWho(lastState?.conference);
  const removal = round.kind === 'REMOVAL';
  const intro = h('div', { class: 'card ballot-head' },
    h('h1', { id: 'ballot-title' }, ballotTitle()),
    h('p', {}, removal
      ? 'Với mỗi cán bộ, chọn "Đồng ý đưa ra khỏi quy hoạch" hoặc "Không đồng ý"; có thể không chọn.'
      : 'Đánh dấu những cán bộ đồng chí giới thiệu vào quy hoạch. Có thể chọn ít hơn số được phép, hoặc không chọn ai.'),
    await fingerprintLine(),
    errorText ? message('error', withNames(errorText)) : null);
  const parts = removal ? removalLines() : nominationSections();
  bar = ballotBar();
  fill(app, intro, ...parts, bar);
}

function nominationSections() {
  return [...round.sections].map((section) => {
    const max = section.maxSelections;
    const picks = draft.picks[section.positionId] || (draft.picks[section.positionId] = []);
    const counter = h('p', { class: 'counter', 'aria-live': 'polite' });
    const list = h('div', { class: 'choices' });
    const writeIns = h('div', { class: 'choices' });
    const sectionEl = h('section', { class: 'card section', dataset: { position: section.positionId } },
      h('h2', {}, positionName(section.positionId)),
      h('p', { class: 'limit' }, max > 0 ? `Giới thiệu không quá ${max} người` : 'Chức danh này không còn chỗ trống; không giới thiệu thêm.'),
      counter, list);

    const refresh = () => {
      const full = picks.length >= max;
      counter.textContent = `Đã chọn ${picks.length}/${max}` + (full && max > 0 ? ' — đã đủ; bỏ chọn một người nếu muốn chọn người khác.' : '');
      counter.classList.toggle('full', full);
      for (const box of sectionEl.querySelectorAll('input[type=checkbox]')) {
        box.disabled = !box.checked && full;
        box.closest('.choice').classList.toggle('disabled', box.disabled);
      }
    };

    const choice = (cadreId, writeIn) => {
      const box = h('input', { type: 'checkbox', value: cadreId, checked: picks.includes(cadreId) });
      box.addEventListener('change', async () => {
        const at = picks.indexOf(cadreId);
        if (box.checked && at < 0) {
          if (picks.length >= max) { box.checked = false; return; }
          picks.push(cadreId);
        } else if (!box.checked && at >= 0) {
          picks.splice(at, 1);
          if (writeIn) label.remove();
        }
        refresh();
        updateBar();
        await saveDraft();
      });
      const label = h('label', { class: 'choice' + (writeIn ? ' write-in' : '') }, box, cadreBlock(cadreId),
        writeIn ? h('span', { class: 'badge warn' }, 'Giới thiệu thêm') : null);
      return label;
    };

    for (const id of section.candidates) list.append(choice(id, false));
    for (const id of picks) if (!section.candidates.includes(id)) writeIns.append(choice(id, true));

    if (section.allowNominations) {
      const results = h('div', { class: 'search-results' });
      const search = h('input', {
        type: 'search', class: 'write-in-search', placeholder: 'Gõ họ tên cán bộ…',
        'aria-label': `Tìm cán bộ để giới thiệu thêm cho chức danh ${positionName(section.positionId)}`,
      });
      search.addEventListener('input', () => {
        const query = fold(search.value);
        results.replaceChildren();
        if (query.length < 2) return;
        if (!directory.complete) {
          results.append(message('warn', 'Không tải được danh sách cán bộ của đợt rà soát, nên chưa giới thiệu thêm được.'));
          return;
        }
        const found = [...directory.cadres.values()]
          .filter((c) => !section.candidates.includes(c.id) && !picks.includes(c.id) && fold(c.fullName).includes(query))
          .slice(0, 8);
        if (!found.length) results.append(h('p', { class: 'muted' }, 'Không tìm thấy cán bộ có tên này.'));
        for (const c of found) {
          results.append(h('button', {
            type: 'button', class: 'btn quiet wide result',
            onclick: async () => {
              if (picks.length >= max) {
                results.replaceChildren(message('warn', `Đã chọn đủ ${max} người cho chức danh này.`));
                return;
              }
              picks.push(c.id);
              writeIns.append(choice(c.id, true));
              search.value = '';
              results.replaceChildren();
              refresh();
              updateBar();
              await saveDraft();
            },
          }, cadreBlock(c.id), h('span', { class: 'add' }, 'Thêm')));
        }
      });
      sectionEl.append(h('div', { class: 'write-in-box' },
        h('h3', {}, 'Giới thiệu thêm cán bộ ngoài danh sách'),
        writeIns, search, results));
    }
    refresh();
    return sectionEl;
  });
}

function removalLines() {
  return round.lines.map((line) => {
    const name = `vote-${line.id}`;
    const current = draft.votes[line.id] || 'NONE';
    const option = (vote, text) => {
      const radio = h('input', { type: 'radio', name, value: vote, checked: current === vote });
      radio.addEventListener('change', async () => {
        draft.votes[line.id] = vote;
        updateBar();
        await saveDraft();
      });
      return h('label', { class: `choice vote vote-${vote.toLowerCase()}` }, radio, h('span', {}, text));
    };
    return h('section', { class: 'card section', dataset: { line: line.id } },
      h('fieldset', {},
        h('legend', {}, cadreBlock(line.cadreId)),
        h('p', { class: 'muted' }, `Đang trong quy hoạch chức danh: ${positionName(line.positionId)}`),
        h('div', { class: 'votes' },
          option('AGREE', 'Đồng ý đưa ra khỏi quy hoạch'),
          option('DISAGREE', 'Không đồng ý'),
          option('NONE', 'Không chọn'))));
  });
}

/** The ballot body of PROTOCOL.md: every section or line, ids sorted ascending as strings. */
function ballotBody() {
  const ascending = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  if (round.kind === 'REMOVAL') {
    const choices = round.lines.map((l) => ({ line: l.id, vote: draft.votes[l.id] || 'NONE' }));
    choices.sort((a, b) => ascending(a.line, b.line));
    return { round: round.id, choices };
  }
  const choices = round.sections.map((s) => ({
    position: s.positionId, cadres: [...new Set(draft.picks[s.positionId] || [])].sort(ascending),
  }));
  choices.sort((a, b) => ascending(a.position, b.position));
  return { round: round.id, choices };
}

/** How the review screen reads a step-1 choice: the bare "Đồng ý" would not say to what. */
const REMOVAL_REVIEW_LABELS = { ...VOTE_LABELS, AGREE: 'Đồng ý đưa ra khỏi quy hoạch' };

async function viewReview() {
  phase = 'review';
  const body = ballotBody();
  const rows = round.kind === 'REMOVAL'
    ? round.lines.map((l) => h('li', {}, cadreBlock(l.cadreId),
      h('div', {}, h('span', { class: 'muted' }, `Quy hoạch chức danh ${positionName(l.positionId)}: `),
        h('strong', { class: `vote-${(draft.votes[l.id] || 'NONE').toLowerCase()}` }, REMOVAL_REVIEW_LABELS[draft.votes[l.id] || 'NONE']))))
    : round.sections.map((s) => {
      const picks = body.choices.find((c) => c.position === s.positionId).cadres;
      return h('li', {},
        h('strong', {}, positionName(s.positionId)),
        picks.length
          ? h('ul', { class: 'picked' }, picks.map((id) => h('li', {}, cadreBlock(id))))
          : h('p', { class: 'muted' }, 'Không giới thiệu ai.'));
    });
  const send = h('button', { class: 'btn ok wide', type: 'button', id: 'cast' }, 'Xác nhận và gửi phiếu');
  const back = h('button', { class: 'btn wide', type: 'button', id: 'back-to-ballot', onclick: () => showBallot() }, 'Quay lại sửa');
  send.addEventListener('click', () => {
    send.disabled = true;
    back.disabled = true;
    serial(() => submit(body));
  });
  const { made, of } = choiceCount();
  const fp = await roundFingerprint();
  if (fp.server && fp.server !== fp.value) send.disabled = true;
  fill(app, h('div', { class: 'card review' },
    h('h1', {}, 'Xác nhận phiếu'),
    h('p', { class: 'ballot-name' }, ballotTitle()),
    h('p', {}, 'Kiểm tra lại lựa chọn. Sau khi gửi, phiếu không sửa được nữa.'),
    await fingerprintLine(),
    h('ul', { class: 'review-list' }, rows)),
  h('div', { class: 'ballot-bar', id: 'ballot-bar' },
    h('span', { class: 'bar-count', id: 'bar-count' }, round.kind === 'REMOVAL' ? `Đã chọn ${made}/${of} cán bộ` : `Đã chọn ${made}/${of}`),
    h('span', { class: 'bar-buttons' }, back, send)));
  app.scrollIntoView({ block: 'start' });
}

async function submit(body) {
  if (!round || body.round !== round.id) return;
  const record = await vault.load(round.id);
  if (!record || !['token', 'casting'].includes(record.state)) return;
  if (v2.encrypted(round)) {
    // protocol v2: the choices leave the tablet only encrypted to the counting committee
    const card = v2.encryptingCard(h);
    fill(app, card);
    const registry = [...(await ensureDirectory()).cadres.keys()];
    body = await v2.encryptBody(round, body, record.tokenKey, registry, card.progress);
  }
  const signature = await signBallot(record.keyPair.privateKey, body);
  const request = castRequest(body, { key: record.tokenKey, prefix: record.prefix, signature: record.tokenSignature }, signature);
  await vault.saveCastRequest(round.id, request);
  await sendCast(request);
}

/** Sends the stored request (again): the ballot box answers an identical resend with the same receipt. */
async function sendCast(request) {
  phase = 'casting';
  fill(app, h('div', { class: 'card center' },
    h('h1', {}, 'Đang gửi phiếu…'),
    h('p', { class: 'big' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Vui lòng chờ trong giây lát.')));
  let answer;
  try {
    answer = await api.cast(round.id, request);
  } catch (error) {
    if (error.network) {
      setOnline(false);
      fill(app, h('div', { class: 'card center' },
        h('h1', {}, 'Chưa gửi được phiếu'),
        message('warn', 'Mất kết nối với máy chủ. Phiếu đã được lưu trên máy và sẽ tự gửi lại khi có mạng; đồng chí không cần làm gì thêm.'),
        h('button', { class: 'btn primary', type: 'button', onclick: () => serial(() => sendCast(request)) }, 'Gửi lại ngay')));
      return;
    }
    if (error.code === 'INVALID_BALLOT') {
      // Nothing was stored and the token is not spent: the delegate corrects and sends again.
      await showBallot(error.message);
      return;
    }
    if (error.code === 'ROUND_STATE') return; // the next poll sees the round closed
    refuse(error.message);
    return;
  }
  setOnline(true);
  const receipt = answer.data.receipt;
  await vault.keepOnlyReceipt(round.id, receipt);
  await kv.delete(`draft:${round.id}`);
  draft = { picks: {}, votes: {} };
  const mine = await receiptOf(request);
  viewReceipt(receipt, { mismatch: mine !== receipt });
}

/**
 * The receipt, once, large, with the delegate's name off the screen, until "Xong". A reload
 * before "Xong" shows it again (the vault keeps it until then, apart from the pairing).
 */
function viewReceipt(receipt, { mismatch = false, roundId = round?.id } = {}) {
  phase = 'receipt';
  renderWho();
  const check = h('div', { id: 'receipt-check' });
  const done = h('button', { class: 'btn primary wide', type: 'button', id: 'receipt-done' }, 'Xong');
  done.addEventListener('click', () => {
    done.disabled = true;
    serial(() => receiptDone(roundId));
  });
  fill(app, h('div', { class: 'card center done' },
    h('h1', {}, 'Đã bỏ phiếu'),
    h('p', { class: 'big' }, 'Phiếu của đồng chí đã được ghi nhận vào hòm phiếu.'),
    h('p', { class: 'receipt-note' }, 'Ghi lại mã biên nhận nếu đồng chí muốn tự kiểm tra'),
    h('p', { class: 'receipt', id: 'receipt' }, shortReceipt(receipt)),
    mismatch ? message('error', 'Mã biên nhận máy chủ trả về khác với mã máy tính bảng tự tính. Vui lòng báo Ủy ban Kiểm tra.') : null,
    h('p', { class: 'muted' }, 'Sau khi đồng chí bấm "Xong", mã này không hiện lại nữa và máy không lưu. Với mã này, đồng chí tự kiểm tra phiếu của mình có trong biên bản kiểm phiếu; mã không cho biết đồng chí đã chọn ai.'),
    roundId ? h('button', {
      class: 'btn', type: 'button', id: 'check-receipt',
      onclick: async (event) => {
        event.target.disabled = true;
        try {
          const { data } = await call('GET', `/rounds/${encodeURIComponent(roundId)}/receipts/${receipt}`, { anonymous: true });
          fill(check, data.included
            ? message('ok', 'Phiếu có mã biên nhận này đang ở trong hòm phiếu.')
            : message('error', 'Không tìm thấy phiếu có mã biên nhận này trong hòm phiếu.'));
        } catch (error) {
          fill(check, message('error', error.message));
        } finally {
          event.target.disabled = false;
        }
      },
    }, 'Kiểm tra phiếu trong hòm phiếu') : null,
    check,
    done));
}

/** "Xong": the vault forgets the receipt; the screen from now on says only that the delegate voted. */
async function receiptDone(roundId) {
  try {
    await vault.receiptDone(roundId);
  } catch {
    // the round closed meanwhile: the vault has already forgotten it
  }
  if (round?.id === roundId) viewVoted();
  else viewWaiting();
}

function viewVoted() {
  phase = 'voted';
  renderWho(lastState?.conference);
  fill(app, h('div', { class: 'card center done', id: 'voted' },
    h('h1', {}, 'Đồng chí đã bỏ phiếu'),
    h('p', { class: 'big' }, 'Phiếu đã được ghi nhận. Chờ Ban Tổ chức kết thúc phiên bỏ phiếu.'),
    h('p', { class: 'muted' }, 'Máy đã xóa lựa chọn, khóa bỏ phiếu và mã biên nhận.')));
}

start().catch((error) => {
  fill(app, message('error', `Không khởi động được trang máy tính bảng: ${error.message}`));
});
