// Console: one voting round — the printed ballot and its warnings, open, live issued/cast
// counts, close, paper ballots, and the result as far as the announcement rule allows.

import { h, fill, message, busy, cadreDetail, STEP_SHORT, ROUND_STATUS, NOT_ANNOUNCED, WHO_SEES_RESULT } from './ui.js';
import { watchConference } from './live.js';
import { loadDirectory, positionName, resultTables, ballotsLine, structureReport } from './result-view.js';
import { attendanceBox } from './console-conference.js';
import { downloadFile } from './console-review.js';
import { awaitingDecryptionText, notReadyText } from './console-committee.js';
import { groupFingerprint } from './crypto/key-fingerprint.js';

function cadreLine(dir, id) {
  const c = dir.cadres.get(id);
  return c ? [h('strong', {}, c.fullName), h('span', { class: 'muted' }, ` — ${cadreDetail(c)}`)] : 'Cán bộ (không tìm thấy tên)';
}

function warningText(w) {
  return typeof w === 'string' ? w : w?.message || JSON.stringify(w);
}

/** The ballot as printed: sections with their candidates, or the removal lines. */
export function printedBallot(round, dir) {
  if (round.kind === 'REMOVAL') {
    return h('table', { id: 'printed' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Cán bộ'), h('th', {}, 'Chức danh quy hoạch'))),
      h('tbody', {}, (round.lines || []).map((l) => h('tr', {}, h('td', {}, cadreLine(dir, l.cadreId)), h('td', {}, positionName(dir, l.positionId))))));
  }
  return h('div', { id: 'printed' }, (round.sections || []).map((s) => h('div', { class: 'printed-section' },
    h('h3', {}, positionName(dir, s.positionId)),
    h('p', {}, `Giới thiệu không quá ${s.maxSelections} người`, s.allowNominations ? ' — được giới thiệu thêm ngoài danh sách' : ''),
    s.candidates.length
      ? h('ol', {}, s.candidates.map((id) => h('li', {}, cadreLine(dir, id))))
      : h('p', { class: 'muted' }, 'Không có tên in sẵn.'))));
}

/** "2 phiếu đã phát chưa thu về, 1 đại biểu có mặt chưa nhận phiếu", or '' when nothing is missing. */
export function unreturnedText(returns) {
  if (!returns) return '';
  const parts = [];
  if (returns.unreturned > 0) parts.push(`${returns.unreturned} phiếu đã phát chưa thu về`);
  if (returns.withoutBallot.length > 0) parts.push(`${returns.withoutBallot.length} đại biểu có mặt chưa nhận phiếu`);
  return parts.join(', ');
}

function returnsCard(returns) {
  return h('div', { class: 'card', id: 'returns' },
    h('h2', {}, 'Phiếu chưa thu về'),
    h('p', {}, `Phiếu điện tử đã phát: ${returns.issued}; đã thu về: ${returns.cast}; chưa thu về: `,
      h('strong', { id: 'unreturned-count' }, String(returns.unreturned)), '.',
      returns.paperIssued ? ` Phiếu giấy đã phát: ${returns.paperIssued} (nhập trước khi kết thúc phiên).` : ''),
    returns.withoutBallot.length
      ? [h('p', {}, `Đại biểu có mặt lúc mở phiên nhưng chưa nhận phiếu (${returns.withoutBallot.length}):`),
        h('ul', { id: 'without-ballot' }, returns.withoutBallot.map((d) => h('li', {}, d.fullName))),
        h('p', { class: 'muted' }, 'Kiểm tra máy tính bảng của các đồng chí này (đã ghép nối, có mạng), hoặc phát phiếu giấy bên dưới.')]
      : h('p', { class: 'muted' }, 'Mọi đại biểu có mặt lúc mở phiên đều đã nhận phiếu.'));
}

export async function roundPage(ctx, id) {
  const { api, app } = ctx;
  let round = await api.round(id);
  const conference = await api.conference(round.conferenceId);
  const dir = await loadDirectory(api, conference.reviewId);
  const cid = conference.id;

  const status = h('div', { id: 'round-status' });
  const returnsBox = h('div', { id: 'round-returns' });
  const attendance = h('div');
  const actions = h('div', { class: 'card' });
  const paper = h('div');
  const result = h('div', { id: 'round-result' });
  const slot = h('div');
  const number = (conference.rounds || []).findIndex((r) => r.id === id) + 1;

  fill(app,
    h('div', { class: 'crumbs' }, h('a', { href: '#/' }, 'Đợt rà soát'), ' › ',
      h('a', { href: `#/review/${encodeURIComponent(conference.reviewId)}/conferences` }, dir.review.name), ' › ',
      h('a', { href: `#/conference/${encodeURIComponent(cid)}/rounds` }, conference.title), ' › ', `Phiên ${number || ''}`),
    h('h1', {}, `Phiên bỏ phiếu ${number || ''} — ${conference.title}`),
    h('p', { class: 'muted' }, `Bước ${conference.step} — ${STEP_SHORT[conference.step]}. `,
      round.kind === 'REMOVAL' ? 'Phiếu rà soát, đưa ra khỏi quy hoạch.' : 'Phiếu giới thiệu nhân sự quy hoạch.'),
    attendance, status, returnsBox, slot, actions, paper, result,
    h('div', { class: 'card' }, h('h2', {}, 'Phiếu in'),
      (round.warnings || []).length ? h('div', { id: 'warnings' }, round.warnings.map((w) => message('warn', warningText(w)))) : null,
      printedBallot(round, dir),
      round.status === 'DRAFT' ? ballotEditor(ctx, round, dir) : null));

  let confirmClose = false;
  let drawnFor = '';
  let returns = null;
  const draw = async () => {
    round = await api.round(id);
    returns = round.status === 'OPEN' ? await api.returns(id).catch(() => null) : null;
    fill(returnsBox, returns ? returnsCard(returns) : '');
    fill(attendance, attendanceBox(await api.attendance(cid)));
    const share = round.issued ? Math.min(100, Math.round((round.cast * 100) / round.issued)) : 0;
    fill(status, h('div', { class: 'card round-live' },
      h('h2', {}, 'Trạng thái: ', h('span', { class: `status ${round.status}`, id: 'status-text' }, ROUND_STATUS[round.status] || round.status)),
      round.status === 'DRAFT' ? null : [
        h('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Số phiếu đã bỏ trên số phiếu đã phát', 'aria-valuenow': String(round.cast), 'aria-valuemax': String(round.issued) },
          h('span', { style: `width:${share}%` })),
        h('p', { class: 'big', id: 'live-counts' },
          `Đã phát ${round.issued} phiếu — đã bỏ ${round.cast} phiếu`,
          round.presentAtOpen !== undefined && round.presentAtOpen !== null ? h('span', { class: 'muted' }, ` (có mặt lúc mở phiên: ${round.presentAtOpen})`) : null),
        awaitingText(round) ? h('p', { class: 'big', id: 'awaiting-decryption' }, awaitingText(round)) : null,
        round.encryption === 'COMMITTEE' && round.committee?.fingerprint
          ? h('p', {}, 'Mã khóa Ban kiểm phiếu: ', h('code', { id: 'round-committee-fingerprint' }, groupFingerprint(round.committee.fingerprint)),
            h('span', { class: 'muted' }, ' (như trên máy tính bảng và màn hình hội trường)')) : null,
      ]));
    const missing = returns ? `${returns.unreturned}:${returns.withoutBallot.length}` : '';
    const decrypting = (round.awaitingDecryption ? `:${round.decryption?.contributed}` : '') + (round.status === 'DRAFT' ? `:${round.committee?.status}` : '');
    if (drawnFor === `${round.status}:${confirmClose}:${missing}${decrypting}`) return;
    drawnFor = `${round.status}:${confirmClose}:${missing}${decrypting}`;
    drawActions();
    if (round.status === 'OPEN') drawPaper(); else fill(paper);
    if (round.status === 'CLOSED' && !round.awaitingDecryption) await drawResult();
  };

  const drawActions = () => {
    if (round.status === 'DRAFT') {
      const open = h('button', { class: 'btn primary', type: 'button', id: 'open-round' }, 'Mở phiên bỏ phiếu');
      open.addEventListener('click', () => busy(open, slot, async () => {
        try {
          await api.openRound(id);
        } catch (error) {
          // a second round of a step that already has a closed round: the written reason (kept in both minutes)
          if (error.status !== 400 || !/"reason"/.test(error.message)) throw error;
          const reason = window.prompt(`${error.message}\n\nLý do bỏ phiếu lại:`);
          if (!reason || !reason.trim()) throw error;
          await api.openRound(id, reason.trim());
        }
        await draw();
      }));
      // v2: the server refuses to open before the committee's key is ready; say so before the click
      const notReady = notReadyText(round);
      fill(actions, h('p', {}, 'Kiểm tra danh sách in trên phiếu và số người có mặt. Khi mở phiên, số người có mặt được chốt; chỉ những người có mặt lúc đó nhận phiếu.'),
        notReady ? h('div', { id: 'committee-not-ready' }, message('warn', notReady),
          h('p', {}, h('a', { href: `#/conference/${encodeURIComponent(cid)}/committee` }, 'Đến mục Ban kiểm phiếu'))) : null,
        open);
    } else if (round.status === 'OPEN') {
      const outstanding = unreturnedText(returns);
      const close = h('button', { class: `btn ${confirmClose ? 'primary' : ''}`, type: 'button', id: 'close-round' },
        !confirmClose ? 'Kết thúc phiên bỏ phiếu'
          : outstanding ? `Vẫn kết thúc phiên (${outstanding})` : 'Bấm lần nữa để kết thúc phiên bỏ phiếu');
      close.addEventListener('click', () => {
        if (!confirmClose) { confirmClose = true; drawActions(); return; }
        busy(close, slot, async () => {
          const answer = await api.closeRound(id);
          sessionStorage.setItem(`phieukin.recordSha256.${id}`, answer.recordSha256 || '');
          confirmClose = false;
          await draw();
        });
      });
      const cancel = confirmClose ? h('button', { class: 'btn quiet', type: 'button', onclick: () => { confirmClose = false; drawnFor = ''; draw(); } }, 'Chưa kết thúc') : null;
      fill(actions, h('p', {}, 'Phiên đang mở: máy tính bảng của đại biểu có mặt đã tự nhận phiếu. Kết thúc khi mọi người đã bỏ phiếu.'),
        confirmClose && outstanding ? message('warn', `Chưa đủ phiếu thu về: ${outstanding}. Các phiếu này sẽ được ghi vào biên bản là phiếu không thu về. Đồng chí có chắc muốn kết thúc phiên?`) : null,
        h('div', { class: 'row' }, close, cancel));
    } else if (round.awaitingDecryption) {
      // protocol v2: the committee decrypts the totals on its own devices, then the record is sealed
      fill(actions, h('p', {}, 'Phiên đã kết thúc. Phiếu được mã hóa cho Ban kiểm phiếu: kết quả có khi đủ số thành viên '
        + 'giải mã trên thiết bị của mình (nút "Giải mã kết quả" tại trang /committee/).'));
    } else {
      fill(actions,
        h('p', {}, 'Phiên đã kết thúc; kết quả đã được niêm phong.'),
        h('div', { class: 'row' },
          h('a', { class: 'btn primary', href: `#/round/${encodeURIComponent(id)}/minutes`, id: 'minutes-link' }, 'Biên bản kiểm phiếu'),
          h('a', { class: 'btn quiet', href: `/screen/?conference=${encodeURIComponent(cid)}`, target: '_blank' }, 'Màn hình hội trường')));
    }
  };

  const drawResult = async () => {
    try {
      const r = await api.result(id);
      const exportSlot = h('div');
      const exportButton = h('button', { class: 'btn quiet small', type: 'button', id: 'result-export' }, 'Xuất kết quả ra Excel (.xlsx)');
      exportButton.addEventListener('click', () => busy(exportButton, exportSlot,
        () => downloadFile(() => api.download(`/rounds/${encodeURIComponent(id)}/result.xlsx`), `ket-qua-kiem-phieu-${id}.xlsx`)));
      fill(result, h('div', { class: 'card' }, h('div', { class: 'row spread' }, h('h2', {}, 'Kết quả kiểm phiếu'), exportButton), exportSlot,
        conference.rules?.announced ? null : message('warn', `${NOT_ANNOUNCED}. ${WHO_SEES_RESULT}`),
        h('p', {}, ballotsLine(r)), resultTables(r, dir)), structureReport(r.structure, dir));
    } catch (error) {
      if (error.status === 403) fill(result, h('div', { class: 'card' }, h('h2', {}, 'Kết quả kiểm phiếu'), h('p', { class: 'big', id: 'not-announced' }, NOT_ANNOUNCED),
        h('p', { class: 'muted' }, WHO_SEES_RESULT)));
      else fill(result, message('error', error.message));
    }
  };

  const drawPaper = async () => {
    const delegates = await api.delegates(cid).catch(() => []);
    const present = delegates.filter((d) => d.present);
    const pick = h('select', { id: 'paper-delegate' }, h('option', { value: '' }, '— chọn đại biểu —'),
      present.map((d) => h('option', { value: d.id }, d.fullName)));
    const issueSlot = h('div');
    const issue = h('button', { class: 'btn', type: 'button', id: 'paper-issue' }, 'Phát phiếu giấy');
    issue.addEventListener('click', () => busy(issue, issueSlot, async () => {
      if (!pick.value) throw new Error('Vui lòng chọn đại biểu nhận phiếu giấy.');
      await api.paperIssue(id, pick.value);
      fill(issueSlot, message('ok', `Đã ghi nhận phát phiếu giấy cho ${pick.selectedOptions[0].textContent}. Máy tính bảng của đại biểu này sẽ không nhận phiếu điện tử.`));
    }));
    fill(paper, h('details', { class: 'card', id: 'paper' },
      h('summary', {}, h('strong', {}, 'Phiếu giấy (dự phòng)')),
      h('p', { class: 'muted' }, 'Dùng khi máy tính bảng của đại biểu không dùng được. Mỗi đại biểu chỉ nhận một phiếu: điện tử hoặc giấy.'),
      h('div', { class: 'row' }, pick, issue), issueSlot,
      h('h3', {}, 'Nhập phiếu giấy do Ban kiểm phiếu đọc'),
      paperForm(round, dir, api)));
  };

  await draw();
  ctx.onLeave(watchConference(cid, draw, { pollMs: 2000, slowPollMs: 8000 }));
}

/** Entry of one paper ballot as the counting committee reads it out. */
function paperForm(round, dir, api) {
  const slot = h('div');
  const invalid = h('input', { type: 'checkbox', id: 'paper-invalid' });
  const parts = [];
  const read = [];
  if (round.kind === 'REMOVAL') {
    for (const l of round.lines) {
      const name = `paper-${l.id}`;
      const opts = ['AGREE', 'DISAGREE', 'NONE'].map((v) => h('label', { class: 'inline' },
        h('input', { type: 'radio', name, value: v, checked: v === 'NONE' }), { AGREE: 'Đồng ý đưa ra khỏi quy hoạch', DISAGREE: 'Không đồng ý', NONE: 'Không chọn' }[v]));
      parts.push(h('fieldset', { class: 'paper-line' }, h('legend', {}, cadreLine(dir, l.cadreId), ` (${positionName(dir, l.positionId)})`), h('div', { class: 'row' }, opts)));
      read.push(() => ({ line: l.id, vote: document.querySelector(`input[name="${name}"]:checked`)?.value || 'NONE' }));
    }
  } else {
    for (const s of round.sections) {
      const boxes = s.candidates.map((cid) => h('input', { type: 'checkbox', value: cid }));
      const over = h('span', { class: 'muted' });
      const count = () => {
        const n = boxes.filter((b) => b.checked).length;
        over.textContent = n > s.maxSelections ? ` — chọn ${n}/${s.maxSelections}: phần này của phiếu sẽ không hợp lệ` : '';
      };
      boxes.forEach((b) => b.addEventListener('change', count));
      parts.push(h('fieldset', { class: 'paper-line' }, h('legend', {}, positionName(dir, s.positionId), ` — không quá ${s.maxSelections} người`, over),
        boxes.map((b) => h('label', { class: 'inline' }, b, cadreLine(dir, b.value)))));
      read.push(() => ({ position: s.positionId, cadres: boxes.filter((b) => b.checked).map((b) => b.value).sort() }));
    }
  }
  const submit = h('button', { class: 'btn primary', type: 'submit', id: 'paper-submit' }, 'Ghi phiếu giấy');
  const form = h('form', { id: 'paper-form' }, parts,
    h('label', { class: 'inline' }, invalid, 'Ban kiểm phiếu xác định cả phiếu không hợp lệ'), slot, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, slot, async () => {
      const key = round.kind === 'REMOVAL' ? 'line' : 'position';
      const choices = read.map((f) => f()).sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));
      const { receipt } = await api.paperBallot(round.id, choices, invalid.checked);
      form.reset();
      fill(slot, message('ok', `Đã ghi phiếu giấy (biên nhận ${receipt.slice(0, 12)}).`));
    });
  });
  return form;
}

/**
 * Before a round opens the secretariat may change what is printed: another draft is made with
 * the edited list (the server checks it again) and the page moves to it; the old draft is never
 * opened.
 */
function ballotEditor(ctx, round, dir) {
  const slot = h('div');
  const submit = h('button', { class: 'btn', type: 'button', id: 'remake-round' }, 'Lập lại phiếu với danh sách này');
  let read;
  const parts = [];
  if (round.kind === 'REMOVAL') {
    const boxes = round.lines.map((l) => h('input', { type: 'checkbox', checked: true, dataset: { cadre: l.cadreId, position: l.positionId } }));
    parts.push(h('p', { class: 'muted' }, 'Bỏ đánh dấu những dòng không đưa ra rà soát tại hội nghị này.'),
      round.lines.map((l, i) => h('label', { class: 'inline' }, boxes[i], cadreLine(dir, l.cadreId), ` — ${positionName(dir, l.positionId)}`)));
    read = () => ({ lines: boxes.filter((b) => b.checked).map((b) => ({ cadreId: b.dataset.cadre, positionId: b.dataset.position })) });
  } else {
    const sections = round.sections.map((s) => {
      const list = h('div', { class: 'edit-list' });
      const add = (id, checked) => list.append(h('label', { class: 'inline' },
        h('input', { type: 'checkbox', value: id, checked }), cadreLine(dir, id)));
      s.candidates.forEach((id) => add(id, true));
      const others = [...dir.cadres.values()].filter((c) => !s.candidates.includes(c.id))
        .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
      const picker = h('select', { 'aria-label': `Thêm cán bộ vào chức danh ${positionName(dir, s.positionId)}` },
        h('option', { value: '' }, '— thêm cán bộ —'), others.map((c) => h('option', { value: c.id }, `${c.fullName} — ${cadreDetail(c)}`)));
      picker.addEventListener('change', () => {
        if (picker.value && !list.querySelector(`input[value="${CSS.escape(picker.value)}"]`)) add(picker.value, true);
        picker.value = '';
      });
      const nominations = h('input', { type: 'checkbox', checked: s.allowNominations });
      parts.push(h('fieldset', { class: 'paper-line' }, h('legend', {}, positionName(dir, s.positionId), ` — không quá ${s.maxSelections} người`),
        list, picker, h('label', { class: 'inline' }, nominations, 'Cho phép giới thiệu thêm ngoài danh sách')));
      return () => ({
        positionId: s.positionId, maxSelections: s.maxSelections, allowNominations: nominations.checked,
        candidates: [...list.querySelectorAll('input:checked')].map((b) => b.value),
      });
    });
    read = () => ({ sections: sections.map((f) => f()) });
  }
  submit.addEventListener('click', () => busy(submit, slot, async () => {
    const made = await ctx.api.createRound(round.conferenceId, read());
    ctx.go(`#/round/${encodeURIComponent(made.id)}`);
  }));
  return h('details', { class: 'editor', id: 'ballot-editor' },
    h('summary', {}, 'Sửa danh sách in trên phiếu'),
    parts, slot, submit);
}

/** "Đang chờ Ban kiểm phiếu giải mã (1/2)" for a closed v2 round not yet decrypted, else null. */
function awaitingText(round) {
  return awaitingDecryptionText(round);
}
