// The result of a round as tables, shared by the console, the hall screen, the chair, the
// auditor and the minutes, so that every page words a result the same way.

import { h, message, percent, fractionPercent, cadreDetail } from './ui.js';

/** Names of cadres and positions: {cadres: Map(id -> cadre), positions: Map(id -> position)}. */
export function directoryOf(cadres = [], positions = []) {
  return {
    cadres: new Map(cadres.map((c) => [c.id, c])),
    positions: new Map(positions.map((p) => [p.id, p])),
  };
}

/** Reads the directory through the staff API (review and its cadres). */
export async function loadDirectory(api, reviewId) {
  const [review, cadres] = await Promise.all([api.review(reviewId), api.cadres(reviewId)]);
  return { ...directoryOf(cadres, review.positions || []), review };
}

export function positionName(dir, id) {
  return dir?.positions.get(id)?.name || 'Chức danh (không tìm thấy tên)';
}

export function cadreCell(dir, id) {
  const c = dir?.cadres.get(id);
  if (!c) return h('td', {}, 'Cán bộ (không tìm thấy tên)');
  const detail = cadreDetail(c);
  return h('td', {}, h('strong', {}, c.fullName), detail ? h('div', { class: 'detail' }, detail) : null);
}

export function baseText(result) {
  const kind = result.base?.kind === 'PRESENT' ? 'số người có mặt' : 'số người được triệu tập';
  return `${kind} (${result.base?.value ?? '—'} người)`;
}

export function thresholdText(t) {
  if (!t) return '';
  return t.comparator === '>' ? `trên ${t.numerator}/${t.denominator}` : `từ ${t.numerator}/${t.denominator} trở lên`;
}

export function ballotsLine(result) {
  const b = result.ballots || {};
  return `Số phiếu thu về: ${b.cast ?? 0}; hợp lệ: ${b.valid ?? 0}; không hợp lệ: ${b.invalid ?? 0}. `
    + `Tỷ lệ tính trên ${baseText(result)}; điều kiện đạt: ${thresholdText(result.threshold)}.`;
}

/** The result tables: one per position (NOMINATION) or one for all lines (REMOVAL). */
export function resultTables(result, dir) {
  const out = [];
  if (result.lines) {
    out.push(h('table', { class: 'result-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Cán bộ'), h('th', {}, 'Chức danh quy hoạch'), h('th', { class: 'num' }, 'Đồng ý'),
        h('th', { class: 'num' }, 'Không đồng ý'), h('th', { class: 'num' }, 'Không chọn'), h('th', { class: 'num' }, 'Tỷ lệ đồng ý'), h('th', {}, 'Kết quả'))),
      h('tbody', {}, result.lines.map((l) => h('tr', { class: l.passed ? 'removed' : '' },
        cadreCell(dir, l.cadreId),
        h('td', {}, positionName(dir, l.positionId)),
        h('td', { class: 'num' }, String(l.agree)), h('td', { class: 'num' }, String(l.disagree)), h('td', { class: 'num' }, String(l.none)),
        h('td', { class: 'num' }, percent(l.percent)),
        h('td', {}, l.passed ? h('strong', {}, 'Đưa ra khỏi quy hoạch') : 'Tiếp tục quy hoạch'))))));
    return out;
  }
  for (const p of result.positions || []) {
    const selected = new Set(p.selected || []);
    out.push(h('h3', { class: 'result-position' }, positionName(dir, p.positionId),
      h('span', { class: 'slots' }, ` — số còn thiếu: ${p.openSlots}`)));
    if (p.pendingDecision) {
      out.push(h('p', { class: 'pending' }, 'Có cán bộ bằng phiếu ở vị trí cuối: chờ Bí thư Tỉnh ủy quyết định.'));
    }
    const rows = (p.candidates || []).map((c) => h('tr', { class: selected.has(c.cadreId) ? 'selected' : '' },
      cadreCell(dir, c.cadreId),
      h('td', { class: 'num' }, String(c.votes)),
      h('td', { class: 'num' }, percent(c.percent)),
      h('td', {}, selected.has(c.cadreId) ? h('strong', {}, result.step === 4 ? 'Được giới thiệu (đề nghị phê duyệt)' : 'Đạt — chuyển bước tiếp theo')
        : c.tied && p.pendingDecision ? 'Bằng phiếu — chờ Bí thư quyết định'
          : c.passed ? 'Đạt tỷ lệ, không được chọn' : 'Không đạt')));
    out.push(h('table', { class: 'result-table', dataset: { position: p.positionId } },
      h('thead', {}, h('tr', {}, h('th', {}, 'Cán bộ'), h('th', { class: 'num' }, 'Số phiếu'), h('th', { class: 'num' }, 'Tỷ lệ'), h('th', {}, 'Kết quả'))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: '4', class: 'muted' }, 'Không có cán bộ nào được giới thiệu.')))));
  }
  return out;
}

/** The structure report (cơ cấu) of the list: information only, every miss flagged. */
export function structureReport(structure, dir, title = 'Cơ cấu của danh sách đạt') {
  if (!structure?.targets) return null;
  const met = (ok) => (ok ? h('span', { class: 'badge ok' }, 'Đạt') : h('span', { class: 'badge warn' }, 'Chưa đạt'));
  const rows = structure.targets.map((t) => h('tr', {},
    h('td', {}, t.label),
    h('td', { class: 'num' }, `${t.count}/${t.total}`),
    h('td', { class: 'num' }, percent(t.percent)),
    h('td', { class: 'num' }, `≥ ${fractionPercent(t.required.numerator, t.required.denominator)}`),
    h('td', {}, met(t.met))));
  for (const s of structure.subordinatePost || []) {
    rows.push(h('tr', {},
      h('td', {}, `${positionName(dir, s.positionId)}: cán bộ đang giữ chức vụ liền kề`),
      h('td', { class: 'num' }, `${s.holding}/${s.total}`), h('td', { class: 'num' }, percent(s.percent)),
      h('td', { class: 'num' }, '≥ 2/3'), h('td', {}, met(s.met))));
  }
  const over = structure.overPositionLimit || [];
  return h('div', { class: 'card', id: 'structure' },
    h('h2', {}, title),
    h('p', { class: 'muted' }, 'Để tham khảo khi thảo luận; không làm thay đổi kết quả bỏ phiếu.'),
    h('table', {}, h('thead', {}, h('tr', {}, ['Tiêu chí', 'Số người', 'Tỷ lệ', 'Yêu cầu', ''].map((t) => h('th', {}, t)))), h('tbody', {}, rows)),
    over.length
      ? message('warn', `Cán bộ được quy hoạch vào quá 3 chức danh cùng cấp: ${over.map((o) => `${dir?.cadres.get(o.cadreId)?.fullName || 'Cán bộ (không tìm thấy tên)'} (${o.positions})`).join(', ')}.`)
      : null);
}
