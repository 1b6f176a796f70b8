// The hall screen: attendance, quorum, the round's progress and, once a round is closed, the
// result only where the conference announces it. Reads only the public screen endpoint.
//
// A projector cannot be scrolled: every state fits the screen (1920×1080 down to 1280×720),
// the type scales with the screen (32 px body, 80 px headline at 1080 lines), and a result
// too long for one screen is cut into pages — one position per page, long tables split by
// rows — that turn by themselves every PAGE_SECONDS with "Trang 2/6".

import { Api } from './api.js';
import { h, fill, message, percent, longDate, STEP_SHORT, NOT_ANNOUNCED } from './ui.js';
import { watchConference } from './live.js';
import { baseText, thresholdText } from './result-view.js';
import { keyFingerprint, groupFingerprint } from './crypto/key-fingerprint.js';

const PAGE_SECONDS = 12;

const app = document.getElementById('app');
const api = new Api();
const conferenceId = new URLSearchParams(location.search).get('conference');

let shownJson = '';   // the view on screen, to re-render only when it changed
let lastView = null;
let pages = [];       // the result's page elements
let pageAt = 0;
let pageTimer = null;

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

async function render(view) {
  const conference = view.conference || {};
  const att = view.attendance || {};
  const cadres = names(view.cadres);
  const positions = names(view.positions);
  const round = view.round;
  const closedWithResult = round?.status === 'CLOSED' && view.result;
  const fingerprint = round?.tokenKey ? await keyFingerprint(round.tokenKey) : null;

  const quorumText = att.quorumMet
    ? `Đủ số lượng để tiến hành bỏ phiếu (cần ít nhất ${att.quorumRequired})`
    : `Chưa đủ số lượng: cần ít nhất ${att.quorumRequired} người có mặt`;

  const parts = [
    h('header', { class: 'screen-head' },
      h('div', { class: 'step' },
        conference.step ? `Bước ${conference.step} — ${STEP_SHORT[conference.step]}` : '',
        conference.date ? h('span', { class: 'when' }, ` · ${longDate(conference.date)}`) : null),
      h('h1', { id: 'conference-title' }, conference.title || 'Hội nghị')),
  ];

  if (closedWithResult) {
    // The result needs the room: attendance and progress shrink to one line.
    parts.push(h('div', { class: 'summary-line', id: 'round' },
      h('span', { id: 'quorum', class: `quorum-inline ${att.quorumMet ? 'met' : 'unmet'}` },
        `Có mặt ${att.present ?? '—'}/${att.convened ?? '—'}`),
      h('span', { id: 'counts' }, h('strong', {}, String(round.cast ?? 0)), ' phiếu đã bỏ / ',
        h('strong', {}, String(round.issued ?? 0)), ' phiếu đã phát'),
      h('span', { class: 'status CLOSED' }, 'Đã kết thúc bỏ phiếu')));
    parts.push(resultSection(view.result, cadres, positions));
  } else {
    parts.push(
      h('section', { class: 'stats', 'aria-label': 'Điểm danh' },
        stat('Được triệu tập', att.convened ?? '—', att.excluded ? `đã trừ ${att.excluded} người không tính vào số triệu tập` : null),
        stat('Có mặt', att.present ?? '—', null, 'present'),
        stat(att.quorum ? `Tối thiểu (${att.quorum.numerator}/${att.quorum.denominator})` : 'Tối thiểu', att.quorumRequired ?? '—', null)),
      h('div', { class: `quorum ${att.quorumMet ? 'met' : 'unmet'}`, id: 'quorum' }, quorumText));
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
        parts.push(h('section', { class: 'not-announced', id: 'not-announced' }, view.notice || NOT_ANNOUNCED));
      }
    } else {
      parts.push(h('section', { class: 'round', id: 'round' }, h('h2', {}, 'Chưa mở phiên bỏ phiếu')));
    }
  }
  const footer = [];
  const keys = [];
  if (fingerprint) {
    // computed here from the key itself; the server's own figure must agree
    const claimed = round.tokenKeyFingerprint;
    keys.push(h('span', { class: 'key-fingerprint' }, 'Mã khóa phiên: ',
      h('code', { id: 'key-fingerprint' }, groupFingerprint(fingerprint)),
      claimed && claimed !== fingerprint ? h('strong', { class: 'removed' }, ' — KHÁC mã máy chủ báo: báo Ủy ban Kiểm tra') : null));
  }
  // protocol v2: the counting committee's key, the one the members read aloud and every tablet shows with its ballot
  if (round && view.committee?.fingerprint && !closedWithResult) {
    keys.push(h('span', { class: 'key-fingerprint committee-fingerprint' }, 'Mã khóa Ban kiểm phiếu: ',
      h('code', { id: 'committee-fingerprint' }, groupFingerprint(view.committee.fingerprint))));
  }
  if (keys.length) footer.push(h('div', { class: 'key-fingerprints' }, keys));
  if (view.sealKeyId) {
    footer.push(h('div', { class: 'seal', id: 'seal' }, `Mã khóa niêm phong: ${view.sealKeyId}`,
      view.recordSha256 ? ` — mã băm hồ sơ niêm phong: ${view.recordSha256}` : ''));
  }
  if (footer.length) parts.push(h('footer', { class: 'screen-foot' }, footer));
  fill(app, ...parts);
  paginate();
}

function cadreCell(cadres, id) {
  const c = cadres.get(id);
  if (!c) return h('td', {}, 'Cán bộ (không có tên trong danh sách)');
  return h('td', {}, h('strong', {}, c.fullName), c.title ? h('span', { class: 'detail' }, ` — ${c.title}`) : null);
}

/**
 * The result as blocks (one per position, or one for all removal lines, then the structure
 * report); paginate() cuts them into pages that fit the screen once they are on it.
 */
function resultSection(result, cadres, positions) {
  const ballots = result.ballots || {};
  const head = h('div', { class: 'result-head' },
    h('h2', {}, 'Kết quả kiểm phiếu'),
    h('span', { class: 'page-no', id: 'page-no', 'aria-live': 'polite' }));
  const summary = h('p', { class: 'ballots' },
    `Phiếu thu về: ${ballots.cast ?? 0}, hợp lệ: ${ballots.valid ?? 0}, không hợp lệ: ${ballots.invalid ?? 0}. `,
    `Tỷ lệ tính trên ${baseText(result)}, đạt khi ${thresholdText(result.threshold)}.`);
  const blocks = [];
  if (result.lines) {
    blocks.push({
      title: () => [h('h3', {}, 'Rà soát, đưa ra khỏi quy hoạch')],
      head: () => h('tr', {}, h('th', {}, 'Cán bộ'), h('th', {}, 'Chức danh'), h('th', { class: 'num' }, 'Đồng ý'),
        h('th', { class: 'num' }, 'Không đồng ý'), h('th', { class: 'num' }, 'Tỷ lệ'), h('th', {}, 'Kết quả')),
      rows: result.lines.map((l) => () => h('tr', { class: l.passed ? 'removed-row' : '' },
        cadreCell(cadres, l.cadreId),
        h('td', {}, positions.get(l.positionId)?.name || 'Chức danh (không có tên)'),
        h('td', { class: 'num' }, String(l.agree)), h('td', { class: 'num' }, String(l.disagree)),
        h('td', { class: 'num' }, percent(l.percent)),
        h('td', {}, l.passed ? h('strong', { class: 'removed' }, 'Đưa ra khỏi quy hoạch') : 'Tiếp tục quy hoạch'))),
    });
  }
  for (const p of result.positions || []) {
    const selected = new Set(p.selected || []);
    const name = positions.get(p.positionId)?.name || 'Chức danh (không có tên)';
    blocks.push({
      title: (continued) => [
        h('h3', { dataset: { position: p.positionId } }, name, continued ? ' (tiếp theo)' : '',
          h('span', { class: 'slots' }, ` — số còn thiếu: ${p.openSlots}`)),
        p.pendingDecision ? h('p', { class: 'pending' }, 'Có cán bộ bằng phiếu ở vị trí cuối: chờ Bí thư Tỉnh ủy quyết định.') : null,
      ],
      head: () => h('tr', {}, h('th', {}, 'Cán bộ'), h('th', { class: 'num' }, 'Số phiếu'), h('th', { class: 'num' }, 'Tỷ lệ'), h('th', {}, 'Kết quả')),
      rows: (p.candidates || []).map((c) => () => h('tr', { class: selected.has(c.cadreId) ? 'selected' : '' },
        cadreCell(cadres, c.cadreId),
        h('td', { class: 'num' }, String(c.votes)),
        h('td', { class: 'num' }, percent(c.percent)),
        h('td', {}, selected.has(c.cadreId) ? h('strong', {}, 'Được giới thiệu')
          : c.tied && p.pendingDecision ? 'Bằng phiếu — chờ quyết định'
            : c.passed ? 'Đạt tỷ lệ, không được chọn' : 'Không đạt'))),
      empty: 'Không có cán bộ nào được giới thiệu.',
    });
  }
  const structure = result.structure;
  if (structure?.targets?.length) {
    blocks.push({
      title: (continued) => [h('h3', {}, 'Cơ cấu của danh sách đạt', continued ? ' (tiếp theo)' : '',
        h('span', { class: 'slots' }, ' — để tham khảo, không làm thay đổi kết quả'))],
      head: () => h('tr', {}, h('th', {}, 'Tiêu chí'), h('th', { class: 'num' }, 'Số người'), h('th', { class: 'num' }, 'Tỷ lệ'), h('th', {}, '')),
      rows: structure.targets.map((t) => () => h('tr', {},
        h('td', {}, t.label), h('td', { class: 'num' }, `${t.count}/${t.total}`), h('td', { class: 'num' }, percent(t.percent)),
        h('td', {}, t.met ? 'Đạt' : h('strong', { class: 'removed' }, 'Chưa đạt')))),
    });
  }
  const area = h('div', { class: 'pages', id: 'pages' });
  area.blocks = blocks;
  return h('section', { class: 'result', id: 'result' }, head, summary, area);
}

/**
 * Cuts the result's blocks into pages that fit #pages, then shows the current page: a block
 * (a position, the removal lines, the structure report) goes whole onto the current page when
 * it fits there, else it starts a page of its own, and a block too long for one page goes on
 * over as many pages as it needs, "(tiếp theo)".
 */
function paginate() {
  const area = document.getElementById('pages');
  pages = [];
  if (!area) { schedulePaging(); return; }
  const room = area.clientHeight;
  const newPage = () => {
    const page = h('div', { class: 'page' });
    area.append(page);
    pages.push(page);
    return page;
  };
  const fits = (page) => page.scrollHeight <= room && page.getBoundingClientRect().height <= room;
  const piece = (block, continued, rows) => {
    const nodes = block.title(continued).filter(Boolean);
    const body = h('tbody', {}, rows);
    if (!block.rows.length) body.append(h('tr', {}, h('td', { colspan: '6', class: 'muted' }, block.empty || '—')));
    const table = h('table', {}, h('thead', {}, block.head()), body);
    return { nodes: [...nodes, table], body };
  };
  let page = null;
  for (const block of area.blocks) {
    // the whole block on the page already started, if there is room
    if (page) {
      const whole = piece(block, false, block.rows.map((row) => row()));
      page.append(...whole.nodes);
      if (fits(page)) continue;
      whole.nodes.forEach((n) => n.remove());
    }
    page = newPage();
    let part = piece(block, false, []);
    page.append(...part.nodes);
    let onPage = 0;
    for (const row of block.rows) {
      const tr = row();
      part.body.append(tr);
      onPage++;
      if (!fits(page) && onPage > 1) {
        tr.remove();
        page = newPage();
        part = piece(block, true, [tr]);
        page.append(...part.nodes);
        onPage = 1;
      }
    }
  }
  if (pageAt >= pages.length) pageAt = 0;
  showPage();
  schedulePaging();
}

function showPage() {
  pages.forEach((page, i) => { page.hidden = i !== pageAt; });
  const label = document.getElementById('page-no');
  if (label) label.textContent = pages.length > 1 ? `Trang ${pageAt + 1}/${pages.length}` : '';
}

function schedulePaging() {
  clearInterval(pageTimer);
  pageTimer = null;
  if (pages.length > 1) {
    pageTimer = setInterval(() => {
      pageAt = (pageAt + 1) % pages.length;
      showPage();
    }, PAGE_SECONDS * 1000);
  }
}

async function refresh() {
  try {
    const view = await api.screen(conferenceId);
    const json = JSON.stringify(view);
    if (json === shownJson) return;
    const sameResult = lastView && JSON.stringify(lastView.result) === JSON.stringify(view.result);
    if (!sameResult) pageAt = 0;
    shownJson = json;
    lastView = view;
    await render(view);
  } catch (error) {
    if (!app.querySelector('.screen-head')) fill(app, message('error', error.message));
    throw error;
  }
}

if (!conferenceId) {
  fill(app, message('error', 'Thiếu mã hội nghị. Mở trang theo địa chỉ /screen/?conference=MÃ_HỘI_NGHỊ (Ban Tổ chức có đường dẫn trong trang điều hành).'));
} else {
  watchConference(conferenceId, refresh, { pollMs: 2000, slowPollMs: 10000 });
  let resizing = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(() => { if (lastView) render(lastView); }, 200);
  });
}
