// The committee member's page /committee/ (COMMITTEE.md): a member of the counting committee
// (Ban kiểm phiếu) pairs this device with the desk's 8-digit code (or its QR, #code=…), takes
// part in the key ceremony with one button, reads the fingerprint aloud, and at each close
// presses "Giải mã kết quả": the device downloads the round's encrypted ballots, checks every
// proof (in Web Workers, one per core), recomputes the encrypted tally, compares it with the
// server's and only then sends its decryption share with its proofs.
//
// The member's secrets (the ECDH key for receiving shares, the polynomial until the shares are
// checked, the key share after) stay in this browser's IndexedDB ("phieukin-committee-<slot>",
// one slot per tab as tablets have) and are never sent anywhere; what is sent is public (the
// share key, commitments, proof, the shares encrypted to their addressees, the verification
// key, the decryption shares with their proofs).

import { call, ApiError } from './api.js';
import { h, fill, message, STEP_SHORT } from './ui.js';
import { openKv } from './kv.js';
import { claimSlot } from './tablet-slot.js';
import {
  ceremonyContext, randomPolynomial, evaluatePolynomial, commitmentsOf, schnorrProve, schnorrVerify, pokToJson,
  pokFromJson, pointText, pointFromText, shareMatches, keyShareOf, mulG, verificationKey, jointKeyOf, fingerprint,
  groupedFingerprint, slotNames, ciphertextFromJson, addCiphertexts, ZERO_CIPHERTEXT,
} from './crypto/committee.js';
import { generateShareKeyPair, exportShareKey, encryptShare, decryptShare } from './crypto/shares.js';

const BALLOT_TITLES = {
  REMOVAL: 'Phiếu rà soát, đưa ra khỏi quy hoạch',
  NOMINATION: 'Phiếu giới thiệu nhân sự quy hoạch',
};
const PAGE = 50;        // ballots per download
const BATCH = 2;        // ballots per hand-out to a worker
const POLL_MS = 3000;   // how often the page looks for rounds awaiting decryption

const app = document.getElementById('app');
const who = document.getElementById('who');
const net = document.getElementById('net');

let kv;
let me = null;          // the stored member record (see save())
let stopWatching = null;
let busyRound = null;   // the round being decrypted now

const seg = encodeURIComponent;
async function api(method, path, body) {
  try {
    const answer = (await call(method, path, { body, token: me?.token })).data;
    setOnline(true);
    return answer;
  } catch (e) {
    if (e instanceof ApiError && e.network) setOnline(false);
    if (e instanceof ApiError && e.status === 401 && me) {
      await forget('Thiết bị không còn được ghép nối: Ban Tổ chức đã tạo lại Ban kiểm phiếu hoặc mã đã bị hủy. '
        + 'Hãy ghép nối lại bằng mã mới.');
    }
    throw e;
  }
}

function setOnline(online) {
  net.hidden = online;
  if (!online) fill(net, 'Mất kết nối với máy chủ — thiết bị đang tự thử lại…');
}

// One thing at a time: polls and buttons never interleave.
let chain = Promise.resolve();
function serial(task) {
  const run = chain.then(task, task);
  chain = run.catch(() => {});
  return run;
}

async function save(change) {
  me = { ...me, ...change };
  await kv.set('member', me);
}

// ---------------------------------------------------------------- start
async function start() {
  if (!window.isSecureContext || !crypto.subtle || !window.indexedDB) {
    fill(app, message('error', 'Trang Ban kiểm phiếu phải được mở qua HTTPS (địa chỉ bắt đầu bằng https://) '
      + 'trên một trình duyệt cho phép lưu dữ liệu. Vui lòng liên hệ Ban Tổ chức.'));
    return;
  }
  const slot = await claimSlot('committee');
  kv = openKv(`phieukin-committee-${slot}`);
  me = await kv.get('member');
  const fragment = new URLSearchParams(location.hash.slice(1));
  const code = fragment.get('code') || fragment.get('pair');
  if (code) {
    history.replaceState(null, '', location.pathname + location.search);
    await pairWith(code, null);
    return;
  }
  route();
}

/** Shows what this device must do now. */
function route() {
  renderWho();
  if (!me) viewPairing();
  else if (!me.joined) viewJoin();
  else if (!me.confirmed || !me.keyShare) startCeremony();
  else startDecrypting();
}

function renderWho() {
  fill(who);
  if (!me) return;
  who.append(h('span', {}, `Thành viên số ${me.index}: `, h('strong', { id: 'member-name' }, me.fullName)));
}

function stop() {
  if (stopWatching) stopWatching();
  stopWatching = null;
}

async function forget(note) {
  stop();
  if (me?.keyShare) await kv.set(`archive:${me.conferenceId}:${me.index}`, { ...me, token: null });
  me = null;
  await kv.delete('member');
  renderWho();
  viewPairing(note);
}

// ---------------------------------------------------------------- pairing
function viewPairing(note) {
  stop();
  const slot = h('div', { id: 'pair-error' });
  const input = h('input', {
    type: 'text', id: 'pairing-code', class: 'code-input', inputmode: 'numeric',
    autocomplete: 'one-time-code', maxlength: '11', placeholder: '12345678', 'aria-describedby': 'pair-help',
  });
  const submit = h('button', { class: 'btn primary wide', type: 'submit', id: 'pair-submit' }, 'Ghép nối');
  const form = h('form', { class: 'card pair', novalidate: true },
    h('h1', {}, 'Ghép nối thiết bị thành viên Ban kiểm phiếu'),
    note ? message('warn', note) : null,
    h('label', { for: 'pairing-code' }, 'Mã ghép nối (8 chữ số)'),
    h('p', { id: 'pair-help', class: 'muted' }, 'Ban Tổ chức đưa cho mỗi thành viên Ban kiểm phiếu một mã riêng. '
      + 'Mã dùng một lần, có hiệu lực 15 phút. Mỗi thành viên dùng thiết bị của mình.'),
    input, slot, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    pairWith(input.value, { button: submit, slot });
  });
  fill(app, form);
  input.focus();
}

async function pairWith(raw, ui) {
  const code = String(raw || '').replace(/\D/g, '');
  if (code.length !== 8) {
    if (ui) fill(ui.slot, message('error', 'Mã ghép nối gồm đúng 8 chữ số.'));
    else viewPairing('Mã trong đường dẫn không phải 8 chữ số: hãy nhập mã.');
    return;
  }
  if (ui) { ui.button.disabled = true; fill(ui.slot); }
  try {
    const paired = (await call('POST', '/committee/pair', { body: { pairingCode: code } })).data;
    if (me?.keyShare) await kv.set(`archive:${me.conferenceId}:${me.index}`, { ...me, token: null });
    me = { token: paired.memberToken, index: paired.index, conferenceId: paired.conferenceId, fullName: paired.fullName };
    await kv.set('member', me);
    route();
  } catch (e) {
    if (ui) { fill(ui.slot, message('error', e.message)); ui.button.disabled = false; }
    else viewPairing(e.message);
  }
}

// ---------------------------------------------------------------- the key ceremony
function viewJoin() {
  const slot = h('div', { id: 'join-error' });
  const button = h('button', { class: 'btn primary wide big', id: 'join-ceremony' }, 'Tham gia tạo khóa');
  button.addEventListener('click', async () => {
    button.disabled = true;
    await save({ joined: true, ceremonyStartedAt: Date.now(), workMs: 0 });
    startCeremony();
  });
  fill(app, h('div', { class: 'card stack' },
    h('h1', {}, 'Tạo khóa của Ban kiểm phiếu'),
    h('p', { class: 'big' }, 'Khi Ban Tổ chức mời, mọi thành viên cùng bấm nút dưới đây. Thiết bị tự làm các bước '
      + 'còn lại và giữ phần khóa của đồng chí; phần khóa không bao giờ rời khỏi thiết bị này.'),
    h('p', { class: 'muted' }, 'Phiếu bầu được mã hóa bằng khóa chung của Ban kiểm phiếu: chỉ khi đủ số thành viên '
      + 'cùng giải mã mới biết được tổng số phiếu, không ai biết được từng lá phiếu.'),
    slot, button));
}

const STATUS_TEXT = {
  KEYS: 'Đang chờ các thành viên gửi khóa nhận phần khóa',
  DEAL: 'Đang chờ các thành viên chia phần khóa',
  CHECK: 'Đang chờ các thành viên kiểm tra phần khóa',
};

function startCeremony() {
  stop();
  fill(app, waitingCard('Đang tạo khóa…', ''));
  let timer = null;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    let again = 2000;
    try {
      again = await serial(advance);
    } catch (e) {
      // unpaired (401): forget() already shows the pairing form and stopped this loop
      if (me && !stopped && !(e instanceof ApiError && e.network)) showProblem(e.message);
    }
    if (!stopped && again > 0) timer = setTimeout(tick, again);
  };
  stopWatching = () => { stopped = true; clearTimeout(timer); };
  tick();
}

/** One step of the ceremony; returns the delay before the next look (0: done). */
async function advance() {
  if (!me) return 0;
  let view = await api('GET', `/conferences/${seg(me.conferenceId)}/committee`);
  for (let step = 0; step < 4; step++) {
    const mine = view.members.find((m) => m.index === me.index);
    if (view.status === 'FAILED') { viewFailed(view); return 5000; }
    if (me.shareKey && mine.shareKey && mine.shareKey !== me.shareKey) {
      showProblem('Khóa nhận phần khóa của đồng chí trên máy chủ khác khóa thiết bị này đã tạo: có thể một thiết bị khác '
        + 'đã dùng mã ghép nối của đồng chí. Báo ngay Ban Tổ chức để tạo lại khóa.');
      return 5000;
    }
    if (view.status === 'KEYS' && !mine.shareKey) {
      view = await postKey();
      continue;
    }
    if (!me.shareKey) {
      showProblem('Thiết bị này không giữ khóa đã gửi cho Ban kiểm phiếu (dữ liệu của trình duyệt đã bị xóa hoặc '
        + 'đồng chí dùng thiết bị khác). Báo Ban Tổ chức để tạo lại khóa.');
      return 5000;
    }
    if (view.status === 'DEAL' && !mine.commitments) {
      view = await deal(view);
      continue;
    }
    if (view.status === 'CHECK' && !mine.accepted) {
      if (me.complaint) { showProblem(complaintText(me.complaint)); return 5000; }
      view = await check(view);
      continue;
    }
    if (view.status === 'READY') {
      if (!me.keyShare) {
        showProblem('Ban kiểm phiếu đã có khóa nhưng thiết bị này không giữ phần khóa của đồng chí. Báo Ban Tổ chức.');
        return 5000;
      }
      if (!me.readyAt) await save({ readyAt: Date.now() });
      viewFingerprint(view);
      return 0;
    }
    break;
  }
  const done = view.members.filter((m) => (view.status === 'KEYS' ? m.shareKey
    : view.status === 'DEAL' ? m.commitments : m.accepted)).length;
  fill(app, waitingCard(STATUS_TEXT[view.status] || 'Đang tạo khóa…', `${done}/${view.n} thành viên đã xong bước này.`,
    'Thiết bị đã làm xong phần việc của mình ở bước này. Giữ trang này mở.'));
  return 2000;
}

async function timed(work) {
  const t = performance.now();
  try {
    return await work();
  } finally {
    await save({ workMs: (me.workMs || 0) + (performance.now() - t) });
  }
}

/** Step 1: the ECDH key pair for receiving shares (the private key not extractable, kept here). */
async function postKey() {
  if (!me.keyPair) {
    await timed(async () => {
      const keyPair = await generateShareKeyPair();
      await save({ keyPair, shareKey: await exportShareKey(keyPair.publicKey) });
    });
  }
  return api('POST', '/committee/key', { shareKey: me.shareKey });
}

/** Step 2: the polynomial, its commitments and proof, and each other member's share encrypted to that member. */
async function deal(view) {
  if (!me.dealBody) {
    await timed(async () => {
      const ctx = ceremonyContext(me.conferenceId, view.n, view.threshold);
      const coefficients = randomPolynomial(view.threshold);
      const shares = [];
      for (const m of view.members) {
        if (m.index === me.index) continue;
        const s = await encryptShare(me.keyPair.privateKey, m.shareKey, ctx, me.index, m.index,
          evaluatePolynomial(coefficients, m.index));
        shares.push({ to: s.to, iv: s.iv, ciphertext: s.ciphertext });
      }
      const dealBody = {
        commitments: commitmentsOf(coefficients).map(pointText),
        pok: pokToJson(schnorrProve(ctx, coefficients[0])),
        shares,
      };
      // kept before it is sent: a retry sends the same deal (the server takes it again, never another one)
      await save({ coefficients: coefficients.map(String), dealBody, n: view.n, threshold: view.threshold });
    });
  }
  return api('POST', '/committee/deal', me.dealBody);
}

/** Step 3: every share addressed here opens and matches its dealer's commitments; then accept, or complain. */
async function check(view) {
  const outcome = await timed(async () => {
    const ctx = ceremonyContext(me.conferenceId, view.n, view.threshold);
    const mine = view.members.find((m) => m.index === me.index);
    if (JSON.stringify(mine.commitments) !== JSON.stringify(me.dealBody.commitments)
        || JSON.stringify(mine.pok) !== JSON.stringify(me.dealBody.pok)) {
      return { problem: 'Máy chủ không giữ đúng các cam kết thiết bị này đã gửi. Báo ngay Ban Tổ chức và Ủy ban Kiểm tra.' };
    }
    const coefficients = me.coefficients.map((c) => BigInt(c));
    const received = [evaluatePolynomial(coefficients, me.index)];
    const all = [];
    for (const m of view.members) {
      let commitments;
      try {
        commitments = m.commitments.map(pointFromText);
      } catch {
        return { complaint: { against: m.index, reason: 'cam kết không phải điểm hợp lệ' } };
      }
      all.push(commitments);
      if (m.index === me.index) continue;
      if (commitments.length !== view.threshold) {
        return { complaint: { against: m.index, reason: 'số cam kết khác ngưỡng k' } };
      }
      let pok;
      try { pok = pokFromJson(m.pok); } catch { pok = null; }
      if (!pok || !schnorrVerify(ctx, commitments[0], pok)) {
        return { complaint: { against: m.index, reason: 'chứng minh Schnorr không đúng' } };
      }
      const share = view.shares.find((s) => s.from === m.index);
      if (!share) return { complaint: { against: m.index, reason: 'không nhận được phần khóa' } };
      let value;
      try {
        value = await decryptShare(me.keyPair.privateKey, m.shareKey, ctx, { ...share, to: me.index });
      } catch {
        return { complaint: { against: m.index, reason: 'không giải mã được phần khóa' } };
      }
      if (!shareMatches(me.index, value, commitments)) {
        return { complaint: { against: m.index, reason: 'phần khóa không khớp cam kết' } };
      }
      received.push(value);
    }
    const keyShare = keyShareOf(received);
    const vk = mulG(keyShare);
    if (!vk.equals(verificationKey(me.index, all))) {
      return { problem: 'Phần khóa tính được không khớp khóa kiểm tra: báo Ban Tổ chức để tạo lại khóa.' };
    }
    await save({
      keyShare: keyShare.toString(), verificationKey: pointText(vk), jointKey: jointKeyOf(all).text,
      fingerprint: fingerprint(view.members), coefficients: null,
    });
    return { accept: pointText(vk) };
  });
  if (outcome.problem) {
    showProblem(outcome.problem);
    return view;
  }
  if (outcome.complaint) {
    await save({ complaint: outcome.complaint });
    return api('POST', '/committee/complaint', outcome.complaint);
  }
  return api('POST', '/committee/accept', { verificationKey: outcome.accept });
}

function complaintText(c) {
  return `Thiết bị đã báo Ban Tổ chức: phần khóa của thành viên số ${c.against} không đúng (${c.reason}). `
    + 'Ban Tổ chức cần tạo lại khóa; sau đó mọi thành viên ghép nối lại bằng mã mới.';
}

function viewFailed(view) {
  const c = view.complaint || {};
  fill(app, h('div', { class: 'card stack', id: 'ceremony-failed' },
    h('h1', {}, 'Việc tạo khóa đã dừng'),
    message('error', `Thành viên số ${c.from} báo phần khóa của thành viên số ${c.against} không đúng`
      + (c.reason ? ` (${c.reason})` : '') + '.'),
    h('p', { class: 'big' }, 'Ban Tổ chức cần tạo lại khóa của Ban kiểm phiếu. Sau đó mỗi thành viên nhận mã ghép nối '
      + 'mới và ghép nối lại thiết bị; chưa phiên bỏ phiếu nào được mở khi chưa có khóa.')));
}

function showProblem(text) {
  fill(app, h('div', { class: 'card stack' }, h('h1', {}, 'Cần Ban Tổ chức xử lý'), message('error', text)));
}

function waitingCard(title, line, note) {
  return h('div', { class: 'card center waiting' },
    h('h1', {}, title),
    h('p', { class: 'big' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' ', h('span', { id: 'ceremony-progress' }, line)),
    note ? h('p', { class: 'muted' }, note) : null);
}

/** Step 4: the fingerprint, large, read aloud and compared; then confirmed on this device. */
function viewFingerprint(view) {
  const same = view.fingerprint === me.fingerprint && view.jointKey === me.jointKey;
  if (!same) {
    fill(app, h('div', { class: 'card stack', id: 'fingerprint-mismatch' },
      h('h1', {}, 'Mã khóa không khớp'),
      message('error', 'Mã khóa máy chủ công bố khác mã thiết bị này tự tính từ các khóa các thành viên đã gửi. '
        + 'KHÔNG dùng khóa này: báo ngay Ban Tổ chức và Ủy ban Kiểm tra; Ban Tổ chức tạo lại khóa.'),
      h('p', {}, 'Thiết bị này tính được: ', h('code', {}, groupedFingerprint(me.fingerprint)))));
    return;
  }
  const seconds = ((me.readyAt - me.ceremonyStartedAt) / 1000);
  const slot = h('div', { id: 'fingerprint-answer' });
  const confirm = h('button', { class: 'btn ok wide big', id: 'confirm-fingerprint' }, 'Mã giống nhau — Xác nhận');
  const differs = h('button', { class: 'btn quiet wide', id: 'fingerprint-differs' }, 'Mã không giống nhau');
  confirm.addEventListener('click', async () => {
    await save({ confirmed: true, confirmedAt: Date.now() });
    startDecrypting();
  });
  differs.addEventListener('click', () => {
    fill(slot, message('error', 'Không mở phiên bỏ phiếu nào. Báo ngay Ban Tổ chức: Ban Tổ chức tạo lại khóa của Ban kiểm '
      + 'phiếu, mỗi thành viên ghép nối lại bằng mã mới và cùng tạo khóa lại.'));
  });
  fill(app, h('div', { class: 'card center stack', id: 'fingerprint-card' },
    h('h1', {}, 'Mã khóa của Ban kiểm phiếu'),
    h('p', { class: 'fingerprint', id: 'fingerprint', dataset: { value: me.fingerprint } }, groupedFingerprint(me.fingerprint)),
    h('p', { class: 'big read-aloud' }, 'Đọc to mã này và so với các thành viên khác'),
    h('p', { class: 'muted' }, 'Mã giống nhau trên mọi thiết bị nghĩa là mọi thành viên cùng giữ một khóa, không ai '
      + 'thay được khóa của thành viên khác. Màn hình hội trường và máy tính bảng của đại biểu cũng hiện mã này.'),
    h('p', { class: 'muted small', id: 'ceremony-time', dataset: { ms: String(me.readyAt - me.ceremonyStartedAt),
      workMs: String(Math.round(me.workMs || 0)) } },
    `Tạo khóa xong sau ${seconds.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giây; `
      + `thiết bị này tính toán ${((me.workMs || 0) / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} giây.`),
    confirm, differs, slot));
}

// ---------------------------------------------------------------- decryption at each close
// Polling only, no event stream: a browser keeps at most six connections per server over HTTP/1.1,
// and a laptop that is also a tablet or the console must not spend them on this page.
function startDecrypting() {
  stop();
  renderRounds(null);
  let timer = null;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    try {
      await serial(refreshRounds);
    } catch {
      // the page shows the network banner; keep looking
    }
    if (!stopped) timer = setTimeout(tick, POLL_MS);
  };
  stopWatching = () => { stopped = true; clearTimeout(timer); };
  tick();
}

let shown = null; // what the list shows now, so that a poll with no change leaves the page as it is

async function refreshRounds() {
  if (!me || busyRound) return;
  const answer = await api('GET', `/conferences/${seg(me.conferenceId)}/committee/rounds`);
  if (busyRound || !me) return;
  const now = JSON.stringify([answer.rounds, me.lastDone ?? null, me.contributed ?? null]);
  if (now === shown) return;
  shown = now;
  renderRounds(answer.rounds);
}

function renderRounds(rounds) {
  if (rounds === null) shown = null;
  const header = h('div', { class: 'card' },
    h('p', { class: 'key-fingerprint' }, 'Mã khóa Ban kiểm phiếu: ',
      h('code', { id: 'committee-fingerprint' }, groupedFingerprint(me.fingerprint))),
    h('p', { class: 'muted small' }, 'Thiết bị này giữ phần khóa của đồng chí. Giữ thiết bị bên mình đến khi hội nghị '
      + 'kết thúc và mọi phiên bỏ phiếu đã có kết quả.'));
  if (rounds === null) {
    fill(app, header, h('p', { class: 'center big' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Đang tải…'));
    return;
  }
  const list = h('div', { id: 'rounds' });
  if (rounds.length === 0) {
    list.append(h('div', { class: 'card center waiting', id: 'no-rounds' },
      h('h1', {}, 'Chưa có phiên nào chờ giải mã'),
      h('p', { class: 'big' }, 'Khi một phiên bỏ phiếu kết thúc, phiên đó hiện ở đây với nút "Giải mã kết quả".')));
  }
  rounds.forEach((r, i) => {
    const slot = h('div', { class: 'round-answer' });
    const title = `${BALLOT_TITLES[r.kind] || 'Phiếu bầu'} — ${STEP_SHORT[r.step] || `Bước ${r.step}`}`;
    const card = h('div', { class: 'card stack round', dataset: { round: r.id } },
      h('h2', {}, title),
      h('p', { class: 'big' }, `${r.ballots} phiếu điện tử · đã có ${r.contributed}/${r.threshold} thành viên giải mã`),
      slot);
    if (r.youContributed || me.contributed?.[r.id]) {
      card.append(message('ok', 'Thiết bị này đã góp phần giải mã phiên này. Đang chờ thành viên khác.'));
    } else {
      const button = h('button', { class: 'btn primary wide big decrypt', id: `decrypt-${i}` }, 'Giải mã kết quả');
      button.addEventListener('click', () => decryptRound(r, card));
      card.append(button);
    }
    list.append(card);
  });
  fill(app, header, me.lastDone ? lastDoneCard(me.lastDone) : null, list, rounds.length === 0 ? destroyCard() : null);
}

/** "Hủy khóa": after the conference's last round has its result, the member may destroy the share here. */
function destroyCard() {
  const slot = h('div', { id: 'destroy-answer' });
  const ask = h('button', { class: 'btn quiet', id: 'destroy-key' }, 'Hủy khóa');
  ask.addEventListener('click', () => {
    const yes = h('button', { class: 'btn primary', id: 'destroy-confirm' }, 'Xác nhận hủy khóa');
    const no = h('button', { class: 'btn quiet', id: 'destroy-cancel', onclick: () => fill(slot) }, 'Không hủy');
    yes.addEventListener('click', () => serial(destroyKey));
    fill(slot, message('warn', 'Sau khi hủy, thiết bị này không giải mã được phiên nào nữa. Chỉ hủy khi hội nghị đã kết thúc '
      + 'và mọi phiên bỏ phiếu đã có kết quả.'), h('div', { class: 'row' }, yes, no));
  });
  return h('div', { class: 'card stack' },
    h('p', { class: 'muted' }, 'Khi hội nghị đã kết thúc và mọi phiên bỏ phiếu đã có kết quả, đồng chí hủy phần khóa '
      + 'trên thiết bị này.'),
    ask, slot);
}

async function destroyKey() {
  stop();
  const archived = `archive:${me.conferenceId}:${me.index}`;
  await kv.delete(archived);
  await kv.delete('member');
  me = null;
  renderWho();
  fill(app, h('div', { class: 'card center', id: 'key-destroyed' },
    h('h1', {}, 'Đã hủy khóa trên thiết bị này'),
    h('p', { class: 'big' }, 'Thiết bị không còn giữ phần khóa của đồng chí và không giải mã được nữa.')));
}

function lastDoneCard(done) {
  return h('div', { class: 'card stack', id: 'decrypt-done', dataset: { round: done.roundId, ms: String(done.ms),
    checkMs: String(done.checkMs), ballots: String(done.ballots), decrypted: String(done.decrypted) } },
  message('ok', done.decrypted
    ? 'Đã giải mã xong: đủ số thành viên đã giải mã, kết quả đã được tính và niêm phong vào biên bản kiểm phiếu.'
    : `Đã gửi phần giải mã (${done.contributed}/${done.threshold}). Kết quả có khi đủ ${done.threshold} thành viên giải mã.`),
  h('p', { class: 'muted small' }, `Đã kiểm tra ${done.ballots} phiếu trong ${secs(done.checkMs)} giây; `
    + `cả việc giải mã mất ${secs(done.ms)} giây.`));
}

const secs = (ms) => (ms / 1000).toLocaleString('vi-VN', { maximumFractionDigits: 1 });

/** "Giải mã kết quả": check everything, then contribute. */
async function decryptRound(r, card) {
  if (busyRound) return;
  busyRound = r.id;
  const progressBar = h('progress', { id: 'decrypt-bar', max: '1', value: '0' });
  const line = h('p', { class: 'big', id: 'decrypt-progress', 'aria-live': 'polite' }, 'Đang tải kết quả mã hóa…');
  fill(card, h('h2', {}, 'Đang giải mã kết quả'), progressBar, line,
    h('p', { class: 'muted' }, 'Thiết bị kiểm tra từng lá phiếu trước khi giải mã. Giữ trang này mở.'));
  const workers = [];
  const t0 = performance.now();
  try {
    const outcome = await checkAndContribute(r.id, workers, (text, done, total) => {
      line.textContent = text;
      progressBar.max = total || 1;
      progressBar.value = done;
    });
    const ms = Math.round(performance.now() - t0);
    await save({
      contributed: { ...(me.contributed || {}), [r.id]: true },
      lastDone: { roundId: r.id, ms, checkMs: outcome.checkMs, ballots: outcome.ballots, decrypted: !!outcome.answer.decrypted,
        contributed: outcome.answer.contributed, threshold: outcome.answer.threshold },
    });
    busyRound = null;
    shown = null;
    await serial(refreshRounds);
  } catch (e) {
    busyRound = null;
    // 409: this device's share is already in (an answer lost on the way) or the result is already made
    const settled = e instanceof ApiError && e.status === 409;
    fill(card, h('h2', {}, settled ? 'Không cần giải mã nữa' : 'Không giải mã'), message(settled ? 'info' : 'error', e.message),
      h('button', { class: 'btn wide', onclick: () => { shown = null; serial(refreshRounds); } }, 'Quay lại danh sách'));
  } finally {
    workers.forEach((w) => w.stop());
  }
}

class Refusal extends Error {}

async function checkAndContribute(roundId, workers, progress) {
  const tally = await api('GET', `/rounds/${seg(roundId)}/encrypted-tally`);
  const first = await api('GET', `/rounds/${seg(roundId)}/encrypted-ballots?offset=0&limit=${PAGE}`);
  const total = first.total;
  if (first.round !== roundId || first.conferenceId !== me.conferenceId) throw new Refusal('Máy chủ gửi phiếu của một phiên khác.');
  if (first.jointKey !== me.jointKey || first.fingerprint !== me.fingerprint) {
    throw new Refusal('Phiên này dùng khóa khác khóa Ban kiểm phiếu đã tạo trên thiết bị này: không giải mã. Báo ngay Ban Tổ chức và Ủy ban Kiểm tra.');
  }
  if (tally.ballots !== total) {
    throw new Refusal(`Máy chủ nói có ${tally.ballots} phiếu trong kết quả mã hóa nhưng gửi ${total} phiếu: không giải mã. Báo ngay Ban Tổ chức.`);
  }
  const names = slotNames(first.layout);
  const served = Object.keys(tally.slots);
  if (names.length !== served.length || names.some((n) => !(n in tally.slots))) {
    throw new Refusal('Kết quả mã hóa của máy chủ không có đúng các ô của lá phiếu: không giải mã.');
  }

  const count = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, 8, Math.ceil(total / BATCH) || 1));
  for (let i = 0; i < count; i++) workers.push(startWorker());
  await Promise.all(workers.map((w) => w.ask({ init: { layout: first.layout, roundId, jointKey: me.jointKey } })));

  // the download feeds a queue that the workers empty, BATCH ballots at a time
  const queue = [];
  const waiting = [];
  let downloaded = false;
  let checked = 0;
  let failure = null;
  const receipts = new Set();
  const tokenKeys = new Set();
  let lastReceipt = '';
  const take = (page) => {
    for (const b of page.ballots) {
      if (!(b.receipt > lastReceipt)) throw new Refusal('Các phiếu máy chủ gửi không theo thứ tự mã biên nhận hoặc có phiếu trùng: không giải mã.');
      lastReceipt = b.receipt;
      const key = b.request?.token?.key;
      if (typeof key !== 'string' || tokenKeys.has(key)) throw new Refusal('Hai phiếu dùng cùng một thẻ bỏ phiếu: không giải mã. Báo ngay Ban Tổ chức và Ủy ban Kiểm tra.');
      tokenKeys.add(key);
      receipts.add(b.receipt);
      queue.push(b);
    }
    waiting.splice(0).forEach((wake) => wake());
  };
  const nextBatch = async () => {
    while (queue.length === 0 && !downloaded && !failure) await new Promise((wake) => waiting.push(wake));
    return failure ? [] : queue.splice(0, BATCH);
  };
  const t0 = performance.now();
  const report = () => progress(`Đang kiểm tra phiếu ${checked}/${total}…`, checked, total);
  report();
  const runs = workers.map(async (w) => {
    for (;;) {
      const batch = await nextBatch();
      if (batch.length === 0) return;
      const answer = await w.ask({ ballots: batch });
      if (answer.bad) {
        const r = answer.bad.receipt;
        failure = new Refusal(`Một lá phiếu (mã biên nhận ${r.slice(0, 4)} ${r.slice(4, 8)} ${r.slice(8, 12)}) không qua được `
          + 'kiểm tra: không giải mã. Báo ngay Ban Tổ chức và Ủy ban Kiểm tra. '
          + `Chi tiết kỹ thuật: ${answer.bad.field || 'phiếu'}.`);
        waiting.splice(0).forEach((wake) => wake());
        return;
      }
      checked += answer.checked;
      report();
    }
  });
  try {
    take(first);
    for (let offset = first.ballots.length; offset < total && !failure; ) {
      const page = await api('GET', `/rounds/${seg(roundId)}/encrypted-ballots?offset=${offset}&limit=${PAGE}`);
      if (page.ballots.length === 0) throw new Refusal('Máy chủ gửi thiếu phiếu: không giải mã.');
      take(page);
      offset += page.ballots.length;
    }
  } catch (e) {
    failure = failure || e;
  } finally {
    downloaded = true;
    waiting.splice(0).forEach((wake) => wake());
  }
  await Promise.all(runs);
  if (failure) throw failure;
  if (checked !== total || receipts.size !== total) throw new Refusal('Không kiểm tra được đủ các phiếu: không giải mã.');
  const checkMs = Math.round(performance.now() - t0);

  progress('Đang so sánh với kết quả mã hóa của máy chủ…', total, total);
  const sums = await Promise.all(workers.map((w) => w.ask({ sum: true })));
  for (const name of names) {
    let ct = ZERO_CIPHERTEXT;
    for (const s of sums) ct = addCiphertexts(ct, ciphertextFromJson(s.sum[name]));
    const theirs = ciphertextFromJson(tally.slots[name]);
    if (!ct.alpha.equals(theirs.alpha) || !ct.beta.equals(theirs.beta)) {
      throw new Refusal('Kết quả mã hóa của máy chủ khác tổng các phiếu thiết bị vừa kiểm tra: không giải mã. '
        + 'Báo ngay Ban Tổ chức và Ủy ban Kiểm tra.');
    }
  }

  progress('Đang tính phần giải mã của đồng chí…', total, total);
  const { contributions } = await workers[0].ask({ decrypt: { roundId, keyShare: me.keyShare, slots: tally.slots } });
  progress('Đang gửi phần giải mã…', total, total);
  const answer = await api('POST', `/rounds/${seg(roundId)}/decryption`, { contributions });
  return { answer, checkMs, ballots: total };
}

function startWorker() {
  const worker = new Worker(new URL('./crypto/tally-worker.js', import.meta.url), { type: 'module' });
  let pending = null;
  worker.onmessage = (event) => {
    const p = pending;
    pending = null;
    if (!p) return;
    if (event.data.error) p.reject(new Error('Thiết bị không kiểm tra được phiếu: ' + event.data.error));
    else p.resolve(event.data);
  };
  worker.onerror = (event) => {
    const p = pending;
    pending = null;
    if (p) p.reject(new Error('Thiết bị không chạy được phần kiểm tra phiếu: ' + (event.message || 'lỗi không rõ')));
  };
  return {
    ask(msg) {
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(msg);
      });
    },
    stop() { worker.terminate(); },
  };
}

start().catch((e) => fill(app, message('error', 'Không khởi động được trang: ' + (e?.message || e))));
