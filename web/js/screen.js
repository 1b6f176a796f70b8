// The hall screen: attendance, quorum, the round's progress and, once a round is closed, the
// result only where the conference announces it. Reads only the public screen endpoint.

import { Api } from './api.js';
import { h, fill, message, date, percent, STEP_SHORT, NOT_ANNOUNCED } from './ui.js';
import { watchConference } from './live.js';
import { structureReport } from './result-view.js';

const app = document.getElementById('app');
const api = new Api();
const conferenceId = new URLSearchParams(location.search).get('conference');

function stat(label, value, extra, cls = '') {
  return h('div', { class: `stat ${cls}` },
    h('div', { class: 'stat-value' }, value),
    h('div', { class: 'stat-label' }, label),
    extra ? h('div', { class: 'stat-extra' }, extra) : null);
}

function names(list) {
  const map = new Map();
  for (const item of list || []) map.set(item.id, item);
  return map;
}

function render(view) {
  const conference = view.conference || {};
  const att = view.attendance || {};
  const cadres = names(view.cadres);
  const positions = names(view.positions);
  const round = view.round;

  const quorumText = att.quorumMet
    ? `Đủ số lượng để tiến hành bỏ phiếu (cần ít nhất ${att.quorumRequired})`
    : `Chưa đủ số lượng: cần ít nhất ${att.quorumRequired} người có mặt`;

  const parts = [
    h('header', { class: 'screen-head' },
      h('div', { class: 'step' }, conference.step ? `Bước ${conference.step} — ${STEP_SHORT[conference.step]}` : ''),
      h('h1', { id: 'conference-title' }, conference.title || 'Hội nghị'),
      conference.date ? h('div', { class: 'when' }, `Ngày ${date(conference.date)}`) : null),
    h('section', { class: 'stats', 'aria-label': 'Điểm danh' },
      stat('Số người được triệu tập', att.convened ?? '—', att.excluded ? `(đã trừ ${att.excluded} người không tính, có lý do)` : null),
      stat('Có mặt', att.present ?? '—', null, 'present'),
      stat('Số lượng tối thiểu (2/3)', att.quorumRequired ?? '—', null),
    ),
    h('div', { class: `quorum ${att.quorumMet ? 'met' : 'unmet'}`, id: 'quorum' }, quorumText),
  ];

  if (round) {
    const issued = round.issued ?? 0;
    const cast = round.cast ?? 0;
    const share = issued > 0 ? Math.min(100, Math.round((cast * 100) / issued)) : 0;
    const status = round.status === 'OPEN' ? 'Đang bỏ phiếu'
      : round.status === 'CLOSED' ? 'Đã kết thúc bỏ phiếu' : 'Chuẩn bị bỏ phiếu';
    parts.push(h('section', { class: 'round', id: 'round' },
      h('h2', {}, 'Phiên bỏ phiếu: ', h('span', { class: `status ${round.status}` }, status)),
      round.status === 'DRAFT' ? null : h('div', {},
        h('div', { class: 'progress big-progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(issued), 'aria-valuenow': String(cast), 'aria-label': 'Số phiếu đã bỏ trên số phiếu đã phát' },
          h('span', { style: `width:${share}%` })),
        h('p', { class: 'counts', id: 'counts' },
          h('strong', {}, String(cast)), ' phiếu đã bỏ / ', h('strong', {}, String(issued)), ' phiếu đã phát'))));

    if (round.status === 'CLOSED') {
      if (view.result) parts.push(resultTable(view.result, cadres, positions), structureReport(view.result.structure, { cadres, positions }));
      else parts.push(h('section', { class: 'not-announced', id: 'not-announced' }, view.notice || NOT_ANNOUNCED));
    }
  } else {
    parts.push(h('section', { class: 'round', id: 'round' }, h('h2', {}, 'Chưa mở phiên bỏ phiếu')));
  }
  if (view.sealKeyId) {
    parts.push(h('footer', { class: 'seal', id: 'seal' }, `Mã khóa niêm phong: ${view.sealKeyId}`,
      view.recordSha256 ? ` — mã băm hồ sơ niêm phong: ${view.recordSha256}` : ''));
  }
  fill(app, ...parts);
}

function cadreCell(cadres, id) {
  const c = cadres.get(id);
  return c ? h('td', {}, h('strong', {}, c.fullName), c.title ? h('div', { class: 'detail' }, c.title) : null)
    : h('td', {}, `Cán bộ ${id}`);
}

function resultTable(result, cadres, positions) {
  const ballots = result.ballots || {};
  const summary = h('p', { class: 'ballots' },
    `Số phiếu thu về: ${ballots.cast ?? 0} — hợp lệ: ${ballots.valid ?? 0} — không hợp lệ: ${ballots.invalid ?? 0}. `,
    `Tỷ lệ tính trên ${result.base?.kind === 'PRESENT' ? 'số người có mặt' : 'số người được triệu tập'} (${result.base?.value ?? '—'}).`);
  const section = h('section', { class: 'result', id: 'result' }, h('h2', {}, 'Kết quả kiểm phiếu'), summary);
  if (result.lines) {
    section.append(h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Cán bộ'), h('th', {}, 'Chức danh'), h('th', { class: 'num' }, 'Đồng ý'),
        h('th', { class: 'num' }, 'Không đồng ý'), h('th', { class: 'num' }, 'Tỷ lệ đồng ý'), h('th', {}, 'Kết quả'))),
      h('tbody', {}, result.lines.map((l) => h('tr', {},
        cadreCell(cadres, l.cadreId),
        h('td', {}, positions.get(l.positionId)?.name || l.positionId),
        h('td', { class: 'num' }, String(l.agree)), h('td', { class: 'num' }, String(l.disagree)),
        h('td', { class: 'num' }, percent(l.percent)),
        h('td', {}, l.passed ? h('strong', { class: 'removed' }, 'Đưa ra khỏi quy hoạch') : 'Tiếp tục quy hoạch'))))));
    return section;
  }
  for (const p of result.positions || []) {
    const selected = new Set(p.selected || []);
    section.append(h('h3', {}, positions.get(p.positionId)?.name || p.positionId,
      h('span', { class: 'slots' }, ` — số còn thiếu: ${p.openSlots}`)));
    if (p.pendingDecision) section.append(h('p', { class: 'pending' }, 'Có cán bộ bằng phiếu ở vị trí cuối: chờ Bí thư Tỉnh ủy quyết định.'));
    section.append(h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, 'Cán bộ'), h('th', { class: 'num' }, 'Số phiếu'), h('th', { class: 'num' }, 'Tỷ lệ'), h('th', {}, 'Kết quả'))),
      h('tbody', {}, (p.candidates || []).map((c) => h('tr', { class: selected.has(c.cadreId) ? 'selected' : '' },
        cadreCell(cadres, c.cadreId),
        h('td', { class: 'num' }, String(c.votes)),
        h('td', { class: 'num' }, percent(c.percent)),
        h('td', {}, selected.has(c.cadreId) ? h('strong', {}, 'Được giới thiệu')
          : c.tied && p.pendingDecision ? 'Bằng phiếu — chờ quyết định'
            : c.passed ? 'Đạt tỷ lệ, không được chọn' : 'Không đạt'))))));
  }
  return section;
}

async function refresh() {
  try {
    render(await api.screen(conferenceId));
  } catch (error) {
    if (!app.querySelector('.stats')) fill(app, message('error', error.message));
    throw error;
  }
}

if (!conferenceId) {
  fill(app, message('error', 'Thiếu mã hội nghị. Mở trang theo địa chỉ /screen/?conference=MÃ_HỘI_NGHỊ (Ban Tổ chức có đường dẫn trong trang điều hành).'));
} else {
  watchConference(conferenceId, refresh, { pollMs: 2000, slowPollMs: 10000 });
}
