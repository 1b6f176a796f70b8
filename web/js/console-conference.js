// Console: one conference — the check-in desk, the roster with exclusions, the rounds, and
// the live attendance and quorum above them.

import { h, fill, message, busy, date, longDate, fold, explainRules, STEP_SHORT, ROUND_STATUS } from './ui.js';
import { watchConference } from './live.js';
import { pairingUrl, qrImage, tabletAddress } from './qr.js';
import { csvImport, downloadFile, confirmDelete, rowActions } from './console-review.js';
import { committeeTab, awaitingDecryptionText } from './console-committee.js';

const TABS = [
  ['desk', 'Điểm danh'],
  ['roster', 'Danh sách triệu tập'],
  ['committee', 'Ban kiểm phiếu'],
  ['rounds', 'Phiên bỏ phiếu'],
  ['rules', 'Quy tắc'],
];

export function attendanceBox(att) {
  return h('div', { class: `attendance ${att.quorumMet ? 'met' : 'unmet'}`, id: 'attendance', role: 'status' },
    h('div', {}, h('span', { class: 'n' }, String(att.convened)), ' được triệu tập'),
    h('div', {}, h('span', { class: 'n', id: 'present-count' }, String(att.present)), ' có mặt'),
    att.excluded ? h('div', {}, h('span', { class: 'n' }, String(att.excluded)), ' không tính (có lý do)') : null,
    h('div', { class: 'q' }, att.quorumMet
      ? `Đủ số lượng tối thiểu (${att.quorumRequired})`
      : `Chưa đủ số lượng: cần ${att.quorumRequired} người có mặt`));
}

export async function conferencePage(ctx, cid, tab = 'desk') {
  const { api, app } = ctx;
  const conference = await api.conference(cid);
  const review = await api.review(conference.reviewId).catch(() => null);
  const attendance = h('div');
  const body = h('div');
  fill(app,
    h('div', { class: 'crumbs' }, h('a', { href: '#/' }, 'Đợt rà soát'), ' › ',
      review ? h('a', { href: `#/review/${encodeURIComponent(review.id)}/conferences` }, review.name) : 'Đợt rà soát', ' › ', conference.title),
    h('div', { class: 'row spread' },
      h('div', {}, h('h1', { id: 'conference-title' }, conference.title),
        h('p', { class: 'muted' }, `Bước ${conference.step} — ${STEP_SHORT[conference.step]} — ngày ${longDate(conference.date)}`)),
      h('a', { class: 'btn quiet', href: `/screen/?conference=${encodeURIComponent(cid)}`, target: '_blank', id: 'open-screen' }, 'Mở màn hình hội trường')),
    attendance,
    h('nav', { class: 'tabs', 'aria-label': 'Các phần của hội nghị' },
      TABS.map(([key, label]) => h('a', {
        href: `#/conference/${encodeURIComponent(cid)}/${key}`, class: key === tab ? 'active' : '', 'aria-current': key === tab ? 'page' : null,
      }, label))),
    body);

  const c = { ...ctx, conference, cid, body, reload: () => conferencePage(ctx, cid, tab) };
  let onTick = async () => {};
  if (tab === 'roster') await rosterTab(c);
  else if (tab === 'rounds') onTick = await roundsTab(c);
  else if (tab === 'rules') await rulesTab(c);
  else if (tab === 'committee') onTick = await committeeTab(c);
  else onTick = await deskTab(c);

  ctx.onLeave(watchConference(cid, async () => {
    fill(attendance, attendanceBox(await api.attendance(cid)));
    await onTick();
  }));
}

async function rulesTab({ api, cid, conference, body }) {
  const details = await api.minutesDetails(cid).catch(() => ({ place: '', countingCommittee: [] }));
  const place = h('input', { type: 'text', id: 'minutes-place', value: details.place || '', placeholder: 'Ví dụ: Hội trường Tỉnh ủy' });
  // with encrypted ballots the members are named once, in the tab "Ban kiểm phiếu", which fills this list
  const named = conference.rules?.encryption === 'COMMITTEE';
  const members = h('textarea', { id: 'minutes-committee-names', rows: 4, placeholder: 'Mỗi dòng một họ tên; người đầu tiên là Trưởng Ban kiểm phiếu', readOnly: named });
  members.value = (details.countingCommittee || []).join('\n');
  const slot = h('div');
  const save = h('button', { class: 'btn primary', type: 'button', id: 'minutes-details-save' }, 'Lưu thông tin biên bản');
  save.addEventListener('click', () => busy(save, slot, async () => {
    const names = members.value.split('\n').map((n) => n.trim()).filter(Boolean);
    await api.setMinutesDetails(cid, { place: place.value.trim() || undefined, countingCommittee: names });
    fill(slot, message('ok', 'Đã lưu: địa điểm và Ban kiểm phiếu sẽ in trên biên bản kiểm phiếu của các phiên.'));
  }));
  fill(body,
    h('div', { class: 'card' }, h('h2', {}, 'Quy tắc của hội nghị này'),
      h('ul', { class: 'rules' }, explainRules(conference.rules, conference.step).map((t) => h('li', {}, t)))),
    h('div', { class: 'card', id: 'minutes-details' }, h('h2', {}, 'Thông tin ghi vào biên bản kiểm phiếu'),
      h('label', { for: 'minutes-place' }, 'Địa điểm'), place,
      h('label', { for: 'minutes-committee-names' }, 'Ban kiểm phiếu (do hội nghị bầu)'), members,
      named ? h('p', { class: 'muted', id: 'minutes-committee-from' }, 'Họ tên Ban kiểm phiếu lấy từ mục ',
        h('a', { href: `#/conference/${encodeURIComponent(cid)}/committee` }, 'Ban kiểm phiếu'), ' (nơi lập Ban và tạo khóa); sửa ở đó.') : null,
      slot, save));
}

function statusOf(d) {
  if (d.excluded || d.exclusion || d.exclusionReason) return h('span', { class: 'badge no' }, 'Không tính vào số triệu tập');
  if (d.present) return h('span', { class: 'badge ok' }, 'Có mặt');
  return h('span', { class: 'badge warn' }, 'Chưa điểm danh');
}

function exclusionReason(d) {
  return d.exclusionReason || d.exclusion?.reason || (typeof d.exclusion === 'string' ? d.exclusion : '') || '';
}

function isExcluded(d) {
  return Boolean(d.excluded || d.exclusion || d.exclusionReason);
}

// ------------------------------------------------------------------ check-in desk
async function deskTab({ api, cid, body, conference }) {
  let delegates = await api.delegates(cid);
  const search = h('input', { type: 'search', id: 'desk-search', placeholder: 'Gõ họ tên đại biểu…', 'aria-label': 'Tìm đại biểu theo họ tên', autocomplete: 'off' });
  const list = h('div', { class: 'desk-list', id: 'desk-list' });
  const pairingPanel = h('div', { id: 'pairing-panel', 'aria-live': 'polite' });
  const slot = h('div');

  const showCode = (d, code, expiresAt, secret) => {
    const end = expiresAt ? new Date(expiresAt) : new Date(Date.now() + 15 * 60 * 1000);
    const until = end.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit' });
    fill(pairingPanel, h('div', { class: 'card pairing' },
      h('div', {},
        h('p', { class: 'muted' }, 'Mã ghép nối máy tính bảng cho đại biểu'),
        h('p', { class: 'big', id: 'pairing-name' }, h('strong', {}, d.fullName)),
        h('p', { class: 'pairing-code', id: 'pairing-code', 'aria-label': `Mã ghép nối ${code.split('').join(' ')}` }, `${code.slice(0, 4)} ${code.slice(4)}`),
        h('p', {}, `Nhập mã trên trang máy tính bảng, hoặc quét mã QR. Mã dùng một lần, hết hạn lúc ${until}.`),
        h('div', { class: 'row' },
          h('button', { class: 'btn', type: 'button', onclick: () => fill(pairingPanel) }, 'Xong — ẩn mã'),
          secret ? h('button', { class: 'btn quiet', type: 'button', id: 'print-pairing-slip',
            onclick: () => printSlip(conference, d, code, secret, end) }, 'In phiếu ghép nối') : null)),
      secret ? qrImage(pairingUrl(secret), 300, `Mã QR ghép nối cho ${d.fullName}`) : null));
    pairingPanel.scrollIntoView({ block: 'start' });
  };

  // đổi phiếu: the delegate's tablet failed after it took the round's ballot
  const showReplacement = (d) => {
    const reasons = ['Máy tính bảng hỏng', 'Máy tính bảng hết pin, không sạc kịp', 'Mất kết nối, không khôi phục được', 'Lý do khác'];
    const reason = h('select', { id: 'replacement-reason' }, reasons.map((r) => h('option', { value: r }, r)));
    const other = h('input', { type: 'text', id: 'replacement-other', placeholder: 'Ghi rõ lý do', 'aria-label': 'Lý do khác' });
    other.hidden = true;
    reason.addEventListener('change', () => { other.hidden = reason.value !== 'Lý do khác'; if (!other.hidden) other.focus(); });
    const electronic = h('input', { type: 'radio', name: 'replacement-kind', id: 'replacement-kind-ELECTRONIC', value: 'ELECTRONIC', checked: true });
    const paperKind = h('input', { type: 'radio', name: 'replacement-kind', id: 'replacement-kind-PAPER', value: 'PAPER' });
    const confirm = h('input', { type: 'checkbox', id: 'replacement-confirm' });
    const formSlot = h('div');
    const submit = h('button', { class: 'btn primary', type: 'button', id: 'replacement-submit' }, 'Ghi nhận đổi phiếu');
    submit.addEventListener('click', () => busy(submit, formSlot, async () => {
      const text = reason.value === 'Lý do khác' ? other.value.trim() : reason.value;
      if (!text) throw new Error('Hãy ghi rõ lý do đổi phiếu.');
      if (!confirm.checked) throw new Error('Hãy hỏi đại biểu và đánh dấu xác nhận đồng chí chưa bỏ phiếu bằng máy cũ.');
      const conference = await api.conference(cid);
      const open = (conference.rounds || []).find((r) => r.status === 'OPEN');
      if (!open) throw new Error('Không có phiên bỏ phiếu nào đang mở: chỉ đổi phiếu khi phiên đang mở.');
      const kind = paperKind.checked ? 'PAPER' : 'ELECTRONIC';
      await api.replace(open.id, { delegateId: d.id, kind, reason: text, confirmedNotVoted: true });
      if (kind === 'ELECTRONIC') {
        const { pairingCode, expiresAt, pairingSecret } = await api.checkIn(cid, d.id);
        showCode(d, pairingCode, expiresAt, pairingSecret);
        pairingPanel.prepend(message('ok', `Đã ghi nhận đổi phiếu cho ${d.fullName}; máy cũ đã bị ngắt. Ghép nối máy tính bảng mới bằng mã dưới đây.`));
      } else {
        fill(pairingPanel, h('div', { class: 'card', id: 'replacement-done' },
          message('ok', `Đã ghi nhận đổi phiếu và phát phiếu giấy cho ${d.fullName}; máy cũ đã bị ngắt. Sau khi đồng chí bỏ phiếu, nhập phiếu giấy tại trang phiên bỏ phiếu.`),
          h('button', { class: 'btn', type: 'button', onclick: () => fill(pairingPanel) }, 'Xong')));
      }
    }));
    fill(pairingPanel, h('div', { class: 'card', id: 'replacement-form' },
      h('h2', {}, `Đổi phiếu cho đại biểu ${d.fullName}`),
      h('p', {}, 'Dùng khi máy tính bảng của đại biểu bị hỏng sau khi đã nhận phiếu của phiên đang mở. Máy cũ sẽ bị ngắt; việc đổi phiếu (người, lý do, giờ) được ghi công khai vào biên bản kiểm phiếu.'),
      h('label', { for: 'replacement-reason' }, 'Lý do'), reason, other,
      h('fieldset', {}, h('legend', {}, 'Đại biểu bỏ phiếu bằng'),
        h('label', { class: 'inline' }, electronic, 'Máy tính bảng khác (phiếu điện tử mới)'),
        h('label', { class: 'inline' }, paperKind, 'Phiếu giấy')),
      h('label', { class: 'inline' }, confirm, 'Đại biểu xác nhận chưa bỏ phiếu bằng máy cũ'),
      formSlot,
      h('div', { class: 'row' }, submit, h('button', { class: 'btn quiet', type: 'button', onclick: () => fill(pairingPanel) }, 'Hủy'))));
    pairingPanel.scrollIntoView({ block: 'start' });
  };

  const act = (button, action) => busy(button, slot, async () => {
    await action();
    delegates = await api.delegates(cid);
    draw();
  });

  const draw = () => {
    const q = fold(search.value);
    const shown = delegates.filter((d) => !q || fold(d.fullName).includes(q));
    const rows = shown.slice(0, 40).map((d) => {
      const buttons = [];
      if (!isExcluded(d)) {
        const checkIn = h('button', { class: `btn ${d.present ? 'quiet' : 'primary'} small`, type: 'button', dataset: { delegate: d.id } },
          d.present ? 'Cấp mã ghép nối mới' : 'Điểm danh');
        checkIn.addEventListener('click', () => act(checkIn, async () => {
          const { pairingCode, expiresAt, pairingSecret } = await api.checkIn(cid, d.id);
          showCode(d, pairingCode, expiresAt, pairingSecret);
        }));
        buttons.push(checkIn);
        if (d.present) {
          const out = h('button', { class: 'btn quiet small', type: 'button' }, 'Ra về');
          out.addEventListener('click', () => act(out, async () => {
            await api.checkOut(cid, d.id);
            fill(pairingPanel);
          }));
          buttons.push(out);
          const swap = h('button', { class: 'btn quiet small', type: 'button', dataset: { replace: d.id } }, 'Đổi phiếu');
          swap.addEventListener('click', () => showReplacement(d));
          buttons.push(swap);
        }
      }
      return h('div', { class: 'desk-row', dataset: { name: d.fullName } },
        h('div', {}, h('strong', {}, d.fullName), d.title ? h('div', { class: 'muted small' }, d.title) : null),
        statusOf(d), h('div', { class: 'row end' }, buttons));
    });
    fill(list, rows.length ? rows : h('p', { class: 'muted' }, 'Không có đại biểu nào khớp.'),
      shown.length > 40 ? h('p', { class: 'muted' }, `Còn ${shown.length - 40} người nữa; gõ thêm họ tên để thu hẹp.`) : null);
  };
  search.addEventListener('input', draw);
  draw();
  fill(body, pairingPanel, h('div', { class: 'card' }, h('h2', {}, 'Bàn điểm danh'),
    h('label', { for: 'desk-search' }, 'Tìm đại biểu'), search, slot, list));
  search.focus();
  return async () => {
    // keep the list current when another desk checks people in
    if (document.activeElement !== search || !search.value) {
      delegates = await api.delegates(cid);
      draw();
    }
  };
}

// ------------------------------------------------------------------ roster
async function rosterTab({ api, cid, body, reload, conference }) {
  const delegates = await api.delegates(cid);
  const slot = h('div');
  const rows = delegates.map((d) => {
    const reason = h('input', { type: 'text', placeholder: 'Lý do (ví dụ: vắng có lý do, đang bị đình chỉ…)', 'aria-label': `Lý do không tính ${d.fullName}` });
    let action;
    if (isExcluded(d)) {
      action = h('button', { class: 'btn quiet small', type: 'button' }, 'Tính lại vào số triệu tập');
      action.addEventListener('click', () => busy(action, slot, async () => { await api.unexclude(cid, d.id); await reload(); }));
    } else {
      action = h('button', { class: 'btn quiet small', type: 'button' }, 'Không tính vào số triệu tập');
      action.addEventListener('click', () => busy(action, slot, async () => {
        if (!reason.value.trim()) throw new Error(`Vui lòng ghi lý do không tính đồng chí ${d.fullName} vào số được triệu tập.`);
        await api.exclude(cid, d.id, reason.value.trim());
        await reload();
      }));
    }
    const nameCell = h('td', {});
    const titleCell = h('td', {});
    const actions = h('td', { class: 'actions' });
    const view = () => {
      fill(nameCell, d.fullName, d.chair ? h('span', { class: 'badge red' }, ' Chủ trì') : null);
      fill(titleCell, d.title || '');
      fill(actions, action, ' ', rowActions(edit, () => confirmDelete(actions,
        `Xóa ${d.fullName}${d.title ? ` (${d.title})` : ''} khỏi danh sách triệu tập?`, async () => {
          await api.deleteDelegate(cid, d.id);
          await reload();
        }, slot), d.fullName));
    };
    const edit = () => {
      const name = h('input', { type: 'text', value: d.fullName, 'aria-label': 'Họ và tên' });
      const title = h('input', { type: 'text', value: d.title || '', 'aria-label': 'Chức vụ' });
      const chair = h('input', { type: 'checkbox', checked: Boolean(d.chair) });
      const save = h('button', { class: 'btn primary small', type: 'button' }, 'Lưu');
      save.addEventListener('click', () => busy(save, slot, async () => {
        if (!name.value.trim()) throw new Error('Vui lòng nhập họ tên.');
        await api.updateDelegate(cid, d.id, { fullName: name.value.trim(), title: title.value.trim(), chair: chair.checked });
        await reload();
      }));
      fill(nameCell, name, h('label', { class: 'inline' }, chair, 'Chủ trì'));
      fill(titleCell, title);
      fill(actions, h('div', { class: 'row' }, save, h('button', { class: 'btn quiet small', type: 'button', onclick: view }, 'Hủy')));
      name.focus();
    };
    view();
    return h('tr', { dataset: { delegate: d.id } }, nameCell, titleCell,
      h('td', {}, statusOf(d)),
      h('td', {}, isExcluded(d) ? exclusionReason(d) : reason),
      actions);
  });
  const name = h('input', { type: 'text' });
  const title = h('input', { type: 'text' });
  const chair = h('input', { type: 'checkbox' });
  const addSlot = h('div');
  const add = h('button', { class: 'btn primary', type: 'submit' }, 'Thêm đại biểu');
  const form = h('form', { class: 'card', id: 'new-delegate' }, h('h2', {}, 'Thêm người được triệu tập'),
    h('div', { class: 'grid2' },
      h('div', { class: 'field' }, h('label', { for: 'delegate-name' }, 'Họ và tên'), Object.assign(name, { id: 'delegate-name' })),
      h('div', { class: 'field' }, h('label', { for: 'delegate-title' }, 'Chức vụ'), Object.assign(title, { id: 'delegate-title' }))),
    h('label', { class: 'inline' }, chair, 'Chủ trì hội nghị'), addSlot, add);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(add, addSlot, async () => {
      if (!name.value.trim()) throw new Error('Vui lòng nhập họ tên.');
      await api.addDelegate(cid, { fullName: name.value.trim(), title: title.value.trim(), chair: chair.checked });
      await reload();
    });
  });
  fill(body,
    h('div', { class: 'card' }, h('div', { class: 'row spread' }, h('h2', {}, `Danh sách triệu tập (${delegates.length} người)`),
      h('div', { class: 'row' }, h('button', { class: 'btn quiet small', type: 'button', id: 'print-attendance-sheet',
        onclick: () => printAttendanceSheet(conference, delegates) }, 'In danh sách ký tên'), rosterExport(api, cid, slot))),
      h('p', { class: 'muted' }, 'Người không tính vào số triệu tập (bị đình chỉ, vắng có lý do được chấp thuận…) phải có lý do; lý do được ghi vào biên bản. '
        + 'Sửa hoặc xóa tên được đến khi mở phiên bỏ phiếu đầu tiên của hội nghị; sau đó chỉ còn cách không tính vào số triệu tập.'),
      slot,
      h('div', { class: 'table-wrap' }, h('table', { id: 'roster' },
        h('thead', {}, h('tr', {}, ['Họ tên', 'Chức vụ', 'Trạng thái', 'Lý do không tính', ''].map((t) => h('th', {}, t)))),
        h('tbody', {}, rows)))),
    form,
    csvImport({
      id: 'delegate-import', title: 'Nhập danh sách triệu tập từ tệp Excel hoặc CSV',
      help: 'Dòng đầu là tên cột: Họ và tên, Chức vụ, Chủ trì (Có nếu chủ trì, có thể bỏ trống), hoặc fullName,title,chair. '
        + 'Người trùng họ tên và chức vụ với người đã có trong danh sách được báo lỗi, không nhập hai lần.',
      example: 'Họ và tên;Chức vụ;Chủ trì\nNguyễn Văn An;Ủy viên Ban Thường vụ;Không',
      columns: ['fullName', 'title', 'chair'], labels: { fullName: 'Họ và tên', title: 'Chức vụ', chair: 'Chủ trì' },
      template: '/api/v1/templates/delegates.xlsx',
      send: (content, options) => api.importDelegates(cid, content, options), done: reload,
    }));
}

/** The roster with attendance as Excel, for the secretariat's own files. */
function rosterExport(api, cid, slot) {
  const button = h('button', { class: 'btn quiet small', type: 'button', id: 'roster-export' }, 'Xuất ra Excel (.xlsx)');
  button.addEventListener('click', () => busy(button, slot,
    () => downloadFile(() => api.download(`/conferences/${encodeURIComponent(cid)}/delegates.xlsx`), 'danh-sach-trieu-tap.xlsx')));
  return button;
}

// ------------------------------------------------------------------ rounds
async function roundsTab({ api, cid, body, go }) {
  const list = h('div', { id: 'rounds' });
  const slot = h('div');
  const create = h('button', { class: 'btn primary', type: 'button', id: 'create-round' }, 'Tạo phiên bỏ phiếu');
  // a second round of a step that already has a closed round needs a written reason (kept in both minutes)
  const reason = h('textarea', { id: 'repeat-reason', rows: '2', 'aria-label': 'Lý do bỏ phiếu lại' });
  const reasonField = h('div', { class: 'field', hidden: true },
    h('label', { for: 'repeat-reason' }, 'Lý do bỏ phiếu lại (ghi vào biên bản của cả hai phiên)'), reason);
  create.addEventListener('click', () => busy(create, slot, async () => {
    try {
      const round = await api.createRound(cid, reason.value.trim() ? { reason: reason.value.trim() } : {});
      go(`#/round/${encodeURIComponent(round.id)}`);
    } catch (error) {
      if (error.status === 400 && /"reason"/.test(error.message)) { reasonField.hidden = false; reason.focus(); }
      throw error;
    }
  }));
  const end = h('button', { class: 'btn quiet', type: 'button', id: 'end-conference' }, 'Kết thúc hội nghị');
  end.addEventListener('click', () => busy(end, slot, async () => {
    if (!window.confirm('Kết thúc hội nghị? Mọi máy tính bảng của hội nghị sẽ bị hủy ghép nối và không điểm danh thêm được nữa.')) return;
    await api.endConference(cid);
    fill(slot, message('ok', 'Hội nghị đã kết thúc: các máy tính bảng đã được hủy ghép nối.'));
  }));
  const draw = async () => {
    const conference = await api.conference(cid);
    const rounds = conference.rounds || [];
    fill(list, rounds.length
      ? h('table', {}, h('thead', {}, h('tr', {}, ['Phiên', 'Loại phiếu', 'Trạng thái', 'Đã phát', 'Đã bỏ', ''].map((t) => h('th', {}, t)))),
        h('tbody', {}, rounds.map((r, i) => h('tr', {},
          h('td', {}, `Phiên ${i + 1}`),
          h('td', {}, r.kind === 'REMOVAL' ? 'Rà soát, đưa ra khỏi quy hoạch' : 'Giới thiệu nhân sự'),
          h('td', { class: 'round-status' }, ROUND_STATUS[r.status] || r.status,
            awaitingDecryptionText(r) ? h('div', { class: 'small awaiting-decryption' }, awaitingDecryptionText(r)) : null),
          h('td', { class: 'num' }, String(r.issued ?? 0)), h('td', { class: 'num' }, String(r.cast ?? 0)),
          h('td', {}, h('a', { href: `#/round/${encodeURIComponent(r.id)}` }, 'Mở'),
            r.status === 'CLOSED' ? [' · ', h('a', { href: `#/round/${encodeURIComponent(r.id)}/minutes` }, 'Biên bản')] : null)))))
      : h('p', { class: 'muted' }, 'Chưa có phiên bỏ phiếu nào.'));
  };
  await draw();
  fill(body, h('div', { class: 'card' }, h('h2', {}, 'Phiên bỏ phiếu'), list, slot,
    h('p', { class: 'muted' }, 'Phiếu được lập từ kết quả các bước trước; kiểm tra danh sách in trên phiếu trước khi mở phiên.'),
    reasonField, h('div', { class: 'row' }, create, end)));
  return draw;
}

// ------------------------------------------------------------------ printed papers
// What a printed pairing slip may carry: the 8-digit code and the QR secret are one-use secrets
// that expire 15 minutes after check-in, so a slip is printed only at the desk, at check-in, for
// the delegate standing there, and handed to them: never in a batch beforehand (codes printed
// the day before would be expired, or, if they lived that long, would let whoever found a slip
// pair a tablet as that delegate). The slip says when it stops working and asks to be destroyed
// after pairing. Nothing of it is kept: the page forgets it once printed.

/** Prints one element alone (the rest of the page hidden by print.css), then removes it. */
function printAlone(sheet) {
  document.querySelectorAll('.print-alone').forEach((e) => e.remove());
  sheet.classList.add('print-alone');
  document.body.append(sheet);
  document.body.classList.add('printing-alone');
  const done = () => {
    document.body.classList.remove('printing-alone');
    sheet.remove();
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

function vnTime(instant) {
  return instant.toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', hour12: false });
}

/** The pairing slip of one delegate: name, code, QR, the tablet address, when it stops working. */
function printSlip(conference, d, code, secret, end) {
  const day = end.toLocaleDateString('sv-SE'); // YYYY-MM-DD in the hall's time zone
  printAlone(h('section', { class: 'pairing-slip', id: 'pairing-slip' },
    h('p', { class: 'slip-head' }, 'PHIẾU GHÉP NỐI MÁY TÍNH BẢNG'),
    h('p', { class: 'slip-conference' }, `${conference.title} — ngày ${longDate(conference.date)}`),
    h('p', { class: 'slip-name' }, d.fullName),
    d.title ? h('p', { class: 'slip-title' }, d.title) : null,
    h('div', { class: 'slip-body' },
      qrImage(pairingUrl(secret), 260, `Mã QR ghép nối cho ${d.fullName}`),
      h('div', {},
        h('p', {}, 'Mã ghép nối'),
        h('p', { class: 'slip-code' }, `${code.slice(0, 4)} ${code.slice(4)}`),
        h('p', {}, 'Quét mã QR bằng máy tính bảng, hoặc mở ', h('strong', {}, tabletAddress()), ' và nhập mã.'))),
    h('p', { class: 'slip-warning' }, `Mã chỉ dùng một lần và hết hạn lúc ${vnTime(end)} ngày ${longDate(day)}. `
      + 'Sau khi ghép nối, phiếu này không còn giá trị: đề nghị đồng chí hủy phiếu, không để lại trên bàn. '
      + 'Không đưa phiếu cho người khác.')));
}

/** The attendance sheet for signatures: STT, họ và tên, chức vụ (with the unit), chữ ký. */
function printAttendanceSheet(conference, delegates) {
  const listed = delegates.filter((d) => !isExcluded(d));
  const excluded = delegates.filter(isExcluded);
  printAlone(h('section', { class: 'attendance-sheet', id: 'attendance-sheet' },
    h('p', { class: 'sheet-head' }, 'DANH SÁCH ĐẠI BIỂU DỰ HỘI NGHỊ'),
    h('p', { class: 'sheet-conference' }, conference.title),
    h('p', { class: 'sheet-date' }, `Ngày ${longDate(conference.date)}`),
    h('table', {},
      h('thead', {}, h('tr', {}, ['STT', 'Họ và tên', 'Chức vụ, đơn vị', 'Chữ ký'].map((t) => h('th', {}, t)))),
      h('tbody', {}, listed.map((d, i) => h('tr', {},
        h('td', { class: 'num' }, String(i + 1)), h('td', {}, d.fullName), h('td', {}, d.title || ''), h('td', { class: 'sign' }, ''))))),
    excluded.length ? h('p', { class: 'sheet-note' }, `Không tính vào số triệu tập (${excluded.length}): `
      + excluded.map((d) => `${d.fullName} (${exclusionReason(d)})`).join('; ') + '.') : null,
    h('p', { class: 'sheet-note' }, `Tổng số được triệu tập: ${listed.length} đồng chí.`)));
}
