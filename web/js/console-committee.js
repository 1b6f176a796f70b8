// Console: the conference's counting committee (Ban kiểm phiếu) of protocol v2
// (shared/spec/COMMITTEE.md): the secretariat names the members and the threshold k of n, gives
// each member a one-time pairing code (and its QR) for the member's own device at /committee/,
// follows the key ceremony live, shows the fingerprint that the members read aloud, and restarts
// the ceremony after a complaint (only before any round of the conference opened).
//
// The pairing codes come back only in the answer to the set-up (the server keeps only their
// hashes): they are held in this page's memory, never stored in the browser, and a reload loses
// them; a member who has not paired then needs a restart ("Khởi động lại"), which issues new codes.

import { h, fill, message, busy, dateTime } from './ui.js';
import { committeeAddress, committeeUrl, qrImage } from './qr.js';
import { groupFingerprint } from './crypto/key-fingerprint.js';

const MAX_MEMBERS = 9;
const POLL_MS = 2000;

/** The codes of the last set-up, per conference, for as long as this page lives. */
const issued = new Map();

const STATUS_TEXT = {
  KEYS: 'Bước 1/3 — đang chờ các thành viên ghép nối thiết bị và gửi khóa nhận phần khóa',
  DEAL: 'Bước 2/3 — đang chờ các thành viên chia phần khóa',
  CHECK: 'Bước 3/3 — đang chờ các thành viên kiểm tra phần khóa nhận được',
  READY: 'Đã tạo xong khóa của Ban kiểm phiếu',
  FAILED: 'Đã dừng: có thành viên khiếu nại phần khóa nhận được',
};

/** The default threshold for n members (COMMITTEE.md): ⌊n/2⌋ + 1. */
export function defaultThreshold(n) {
  return Math.floor(n / 2) + 1;
}

/**
 * The members' names and the threshold as typed, checked; throws an Error with the Vietnamese
 * message for the first thing wrong.
 */
export function checkCommittee(names, threshold) {
  const given = names.map((n) => n.trim());
  const filled = given.filter(Boolean);
  if (filled.length === 0) throw new Error('Vui lòng nhập họ tên các thành viên Ban kiểm phiếu.');
  const empty = given.findIndex((n) => !n);
  if (empty >= 0) throw new Error(`Vui lòng nhập họ tên thành viên thứ ${empty + 1}, hoặc bỏ dòng đó.`);
  if (given.length > MAX_MEMBERS) throw new Error(`Ban kiểm phiếu có nhiều nhất ${MAX_MEMBERS} thành viên.`);
  const seen = new Map();
  given.forEach((n, i) => {
    const key = n.toLocaleLowerCase('vi').replace(/\s+/g, ' ');
    if (seen.has(key)) throw new Error(`Thành viên thứ ${seen.get(key) + 1} và thứ ${i + 1} trùng họ tên (${n}): mỗi thành viên ghi một lần.`);
    seen.set(key, i);
  });
  const k = Number(threshold);
  if (!Number.isInteger(k) || k < 1 || k > given.length) {
    throw new Error(`Số thành viên cần để giải mã phải từ 1 đến ${given.length} (số thành viên).`);
  }
  return { names: given, threshold: k };
}

/** "Đang chờ Ban kiểm phiếu giải mã (1/2)" for a closed v2 round not yet decrypted, else null. */
export function awaitingDecryptionText(round) {
  if (!round || !round.awaitingDecryption) return null;
  const d = round.decryption || { contributed: 0, threshold: round.committee?.threshold ?? '?' };
  return `Đang chờ Ban kiểm phiếu giải mã (${d.contributed}/${d.threshold})`;
}

/** What the console says instead of opening a v2 round whose committee is not ready, or null. */
export function notReadyText(round) {
  if (!round || round.encryption !== 'COMMITTEE') return null;
  const status = round.committee?.status;
  if (status === 'READY') return null;
  if (!round.committee) return 'Hội nghị mã hóa phiếu cho Ban kiểm phiếu nhưng chưa lập Ban kiểm phiếu: hãy lập Ban kiểm phiếu và tạo khóa (mục "Ban kiểm phiếu" của hội nghị) trước khi mở phiên.';
  if (status === 'FAILED') return 'Việc tạo khóa của Ban kiểm phiếu đã dừng vì có khiếu nại: hãy khởi động lại ở mục "Ban kiểm phiếu" của hội nghị; chưa mở phiên được.';
  return `Ban kiểm phiếu chưa tạo xong khóa (${STATUS_TEXT[status] ? STATUS_TEXT[status].toLowerCase() : status}): chưa mở phiên được.`;
}

/** The QR a member's device scans: the member page with the code in its fragment (shared with the page /committee/). */
function memberQr(m, code) {
  const url = committeeUrl(code.pairingCode);
  const img = qrImage(url, 220, `Mã QR ghép nối cho ${m.fullName}`);
  img.dataset.url = url;
  return img;
}

function code4(code) {
  return `${code.slice(0, 4)} ${code.slice(4)}`;
}

async function loadCommittee(api, cid) {
  try {
    return await api.req('GET', `/conferences/${encodeURIComponent(cid)}/committee`);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

/** The tab "Ban kiểm phiếu" of a conference; answers the refresh the conference page calls on events. */
export async function committeeTab({ api, cid, conference, body }) {
  if (conference.rules?.encryption !== 'COMMITTEE') {
    fill(body, h('div', { class: 'card', id: 'committee' }, h('h2', {}, 'Ban kiểm phiếu'),
      message('warn', 'Hội nghị này không mã hóa phiếu (giao thức 1, dùng để thử nghiệm): không có Ban kiểm phiếu giữ khóa giải mã. '
        + 'Họ tên Ban kiểm phiếu in trên biên bản nhập ở mục "Quy tắc".')));
    return async () => {};
  }
  const root = h('div', { id: 'committee' });
  const slot = h('div');
  let committee = await loadCommittee(api, cid);
  let editing = committee === null;
  let drawnFor = '';

  const anyRoundOpened = async () => {
    const now = await api.conference(cid);
    return (now.rounds || []).some((r) => r.status !== 'DRAFT');
  };

  const submit = async (names, threshold) => {
    const answer = await api.req('POST', `/conferences/${encodeURIComponent(cid)}/committee`,
      { members: names.map((fullName) => ({ fullName })), threshold });
    issued.set(cid, answer.members);
    // the minutes' "Ban kiểm phiếu" are these members: not typed a second time
    const details = await api.minutesDetails(cid).catch(() => ({ place: '' }));
    await api.setMinutesDetails(cid, { place: details.place || undefined, countingCommittee: names }).catch(() => {});
    committee = await loadCommittee(api, cid);
    editing = false;
    drawnFor = '';
    await draw();
  };

  const form = async () => {
    const details = await api.minutesDetails(cid).catch(() => ({ countingCommittee: [] }));
    const start = committee ? committee.members.map((m) => m.fullName)
      : (details.countingCommittee || []).length ? details.countingCommittee.slice(0, MAX_MEMBERS) : ['', '', ''];
    const rows = h('ol', { class: 'committee-names', id: 'committee-names' });
    const threshold = h('select', { id: 'committee-threshold' });
    const count = () => rows.querySelectorAll('input').length;
    const redrawThreshold = (keep) => {
      const n = Math.max(1, count());
      const want = keep && Number(keep) <= n ? Number(keep) : defaultThreshold(n);
      fill(threshold, Array.from({ length: n }, (_, i) => h('option', { value: String(i + 1) }, `${i + 1} trên ${n} thành viên`)));
      threshold.value = String(want);
    };
    const addRow = (value = '') => {
      const i = count() + 1;
      const input = h('input', { type: 'text', value, class: 'committee-name', 'aria-label': `Họ tên thành viên thứ ${i}`, placeholder: 'Họ và tên' });
      const remove = h('button', { class: 'btn quiet small', type: 'button', 'aria-label': 'Bỏ thành viên này' }, 'Bỏ');
      const li = h('li', {}, h('div', { class: 'row' }, input, remove));
      remove.addEventListener('click', () => {
        if (count() <= 1) return;
        li.remove();
        rows.querySelectorAll('input').forEach((el, j) => el.setAttribute('aria-label', `Họ tên thành viên thứ ${j + 1}`));
        redrawThreshold();
      });
      rows.append(li);
    };
    start.forEach((n) => addRow(n));
    redrawThreshold(committee?.threshold);
    const add = h('button', { class: 'btn quiet small', type: 'button', id: 'committee-add' }, 'Thêm thành viên');
    add.addEventListener('click', () => {
      if (count() >= MAX_MEMBERS) { fill(slot, message('error', `Ban kiểm phiếu có nhiều nhất ${MAX_MEMBERS} thành viên.`)); return; }
      addRow();
      redrawThreshold(threshold.value);
      rows.lastElementChild.querySelector('input').focus();
    });
    const send = h('button', { class: 'btn primary', type: 'submit', id: 'committee-submit' }, committee ? 'Khởi động lại với danh sách này' : 'Lập Ban kiểm phiếu và cấp mã ghép nối');
    const f = h('form', { class: 'card', id: 'committee-form' },
      h('h2', {}, committee ? 'Khởi động lại việc tạo khóa' : 'Lập Ban kiểm phiếu'),
      h('p', {}, 'Nhập họ tên các thành viên Ban kiểm phiếu do hội nghị bầu, theo thứ tự (người đầu tiên là Trưởng Ban kiểm phiếu). '
        + 'Phiếu điện tử được mã hóa cho Ban kiểm phiếu: chỉ khi đủ số thành viên cùng giải mã trên thiết bị của mình mới có kết quả, '
        + 'và chỉ có tổng số phiếu, không bao giờ giải mã từng phiếu.'),
      rows, add,
      h('div', { class: 'field' }, h('label', { for: 'committee-threshold' }, 'Số thành viên cần để giải mã kết quả'), threshold),
      h('p', { class: 'muted' }, 'Mặc định quá nửa số thành viên (2 trên 3): thiếu một người vẫn có kết quả, nhưng một người một mình không giải mã được.'),
      slot,
      h('div', { class: 'row' }, send,
        committee ? h('button', { class: 'btn quiet', type: 'button', onclick: () => { editing = false; drawnFor = ''; draw(); } }, 'Thôi') : null));
    f.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(send, slot, async () => {
        const names = [...rows.querySelectorAll('input')].map((el) => el.value);
        const checked = checkCommittee(names, threshold.value);
        if (committee && !window.confirm('Khởi động lại việc tạo khóa? Mã ghép nối cũ hết hiệu lực; mọi thành viên phải ghép nối lại thiết bị bằng mã mới và làm lại từ đầu.')) return;
        await submit(checked.names, checked.threshold);
      });
    });
    return f;
  };

  const restart = () => {
    const button = h('button', { class: 'btn', type: 'button', id: 'committee-restart' }, 'Khởi động lại');
    button.addEventListener('click', () => busy(button, slot, async () => {
      if (await anyRoundOpened()) throw new Error('Hội nghị đã có phiên bỏ phiếu được mở: không khởi động lại việc tạo khóa được nữa.');
      if (!window.confirm('Khởi động lại việc tạo khóa của Ban kiểm phiếu? Mã ghép nối cũ hết hiệu lực; mọi thành viên phải ghép nối lại thiết bị bằng mã mới và làm lại từ đầu.')) return;
      await submit(committee.members.map((m) => m.fullName), committee.threshold);
    }));
    const change = h('button', { class: 'btn quiet', type: 'button', id: 'committee-edit' }, 'Sửa danh sách thành viên');
    change.addEventListener('click', () => busy(change, slot, async () => {
      if (await anyRoundOpened()) throw new Error('Hội nghị đã có phiên bỏ phiếu được mở: không thay đổi Ban kiểm phiếu được nữa.');
      editing = true;
      drawnFor = '';
      await draw();
    }));
    return [button, change];
  };

  const memberCard = (m, code) => {
    const steps = [
      [m.paired, 'Đã ghép nối thiết bị'], [Boolean(m.shareKey), 'Đã gửi khóa'],
      [Boolean(m.commitments), 'Đã chia phần khóa'], [m.accepted, 'Đã kiểm tra và xác nhận'],
    ];
    const last = steps.filter(([done]) => done).at(-1);
    return h('div', { class: 'card committee-member', dataset: { member: String(m.index) } },
      h('div', {},
        h('p', { class: 'muted' }, `Thành viên ${m.index}`),
        h('p', { class: 'big' }, h('strong', { class: 'committee-member-name' }, m.fullName)),
        h('p', { class: 'committee-member-status' }, last
          ? h('span', { class: `badge ${m.accepted ? 'ok' : 'warn'}` }, last[1])
          : h('span', { class: 'badge no' }, 'Chưa ghép nối')),
        code && !m.paired ? [
          h('p', { class: 'pairing-code committee-code', 'aria-label': `Mã ghép nối ${code.pairingCode.split('').join(' ')}` }, code4(code.pairingCode)),
          h('p', { class: 'small' }, `Mở trang ${committeeAddress()} trên thiết bị của thành viên, nhập mã hoặc quét mã QR.`,
            code.expiresAt ? ` Mã dùng một lần, hết hạn lúc ${dateTime(code.expiresAt)}.` : ''),
        ] : null,
        !code && !m.paired ? h('p', { class: 'small muted' }, 'Mã ghép nối chỉ hiện ngay sau khi lập (hoặc khởi động lại) tại trang này; nếu đã mất mã, bấm "Khởi động lại" để cấp mã mới.') : null),
      code && !m.paired ? memberQr(m, code) : null);
  };

  const draw = async () => {
    if (!root.isConnected && drawnFor) return;
    if (editing) {
      if (drawnFor === 'form') return;
      drawnFor = 'form';
      fill(root, await form());
      return;
    }
    const key = JSON.stringify(committee);
    if (key === drawnFor) return;
    drawnFor = key;
    const codes = issued.get(cid) || [];
    const c = committee;
    const complaint = c.complaint;
    const named = (i) => c.members.find((m) => m.index === i)?.fullName || `thành viên ${i}`;
    const opened = await anyRoundOpened();
    fill(root,
      h('div', { class: 'card', id: 'committee-ceremony' },
        h('h2', {}, `Ban kiểm phiếu — cần ${c.threshold} trong ${c.n} thành viên để giải mã`),
        h('p', { class: 'big', id: 'committee-status', dataset: { status: c.status } },
          h('span', { class: `badge ${c.status === 'READY' ? 'ok' : c.status === 'FAILED' ? 'red' : 'warn'}` }, c.status),
          ' ', STATUS_TEXT[c.status] || c.status),
        complaint ? message('error', `Thành viên ${complaint.from} (${named(complaint.from)}) khiếu nại phần khóa của thành viên `
          + `${complaint.against} (${named(complaint.against)}): ${String(complaint.reason).replace(/[.\s]+$/, '')}. Không làm tiếp được; hãy bấm "Khởi động lại" `
          + '(các thành viên ghép nối lại bằng mã mới). Nếu khiếu nại lặp lại với cùng một thiết bị, thay thiết bị đó.') : null,
        c.status === 'READY' ? h('div', { class: 'committee-fingerprint' },
          h('p', {}, 'Mã khóa Ban kiểm phiếu:'),
          h('p', { class: 'pairing-code', id: 'committee-fingerprint' }, groupFingerprint(c.fingerprint)),
          h('p', {}, 'Mời từng thành viên đọc to mã hiện trên thiết bị của mình và so với mã này: mọi thiết bị phải cùng một mã. '
            + 'Mã này cũng hiện trên màn hình hội trường, trên phiếu của mọi máy tính bảng và trong biên bản.')) : null,
        c.status !== 'READY' && c.status !== 'FAILED'
          ? h('p', { class: 'muted' }, 'Mỗi thành viên mở trang Ban kiểm phiếu trên thiết bị của mình, ghép nối bằng mã dưới đây rồi bấm nút trên trang; trang này tự cập nhật.') : null,
        slot,
        opened ? h('p', { class: 'muted' }, 'Hội nghị đã có phiên bỏ phiếu được mở: Ban kiểm phiếu và khóa không thay đổi được nữa.')
          : h('div', { class: 'row' }, restart())),
      h('div', { class: 'grid2 committee-members' }, c.members.map((m) => memberCard(m, codes.find((x) => x.index === m.index)))));
  };

  fill(body, root);
  await draw();
  // the ceremony's steps are the member devices' calls, which raise no conference event: poll while shown
  const timer = setInterval(async () => {
    if (!root.isConnected) { clearInterval(timer); return; }
    if (editing) return;
    try {
      committee = await loadCommittee(api, cid);
      if (committee) await draw();
    } catch {
      // a failed poll is retried by the next one
    }
  }, POLL_MS);
  return async () => {};
}
