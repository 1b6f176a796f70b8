// The Bí thư's page: ties at the cut-off of a top-down selection, waiting for a decision.
// The chair picks exactly the slots left, confirms, and the round is sealed again.

import { StaffSession } from './api.js';
import { h, fill, message, busy, loginForm, topbar, percent, cadreDetail } from './ui.js';
import { loadDirectory, positionName, resultTables, ballotsLine } from './result-view.js';
import { closedRounds } from './rounds-index.js';

const session = new StaffSession('chair');
const bar = document.getElementById('bar');
const app = document.getElementById('app');
const directories = new Map();

async function directory(reviewId) {
  if (!directories.has(reviewId)) directories.set(reviewId, await loadDirectory(session.api, reviewId));
  return directories.get(reviewId);
}

function logout() {
  session.logout();
  show();
}

async function show(note) {
  fill(bar, topbar('Bí thư Tỉnh ủy', session, logout));
  if (!session.loggedIn) {
    fill(app, loginForm(session, ['CHAIR'], () => show(), 'Đăng nhập — Bí thư Tỉnh ủy'));
    return;
  }
  fill(app, h('p', { class: 'center' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Đang tải…'));
  try {
    const pending = [];
    const decided = [];
    for (const entry of await closedRounds(session.api)) {
      if (entry.conference.rules?.selection !== 'TOP_DOWN') continue;
      const result = await session.api.result(entry.round.id);
      const item = { ...entry, result, dir: await directory(entry.review.id) };
      if (result.positions.some((p) => p.pendingDecision)) pending.push(item);
      else decided.push(item);
    }
    const parts = [h('h1', {}, 'Trường hợp bằng phiếu chờ Bí thư quyết định')];
    if (note) parts.push(message('ok', note));
    if (!pending.length) parts.push(h('div', { class: 'card', id: 'no-pending' }, h('p', { class: 'big' }, 'Không có trường hợp bằng phiếu nào chờ quyết định.')));
    for (const item of pending) {
      for (const p of item.result.positions.filter((x) => x.pendingDecision)) parts.push(decisionCard(item, p));
    }
    if (decided.length) {
      parts.push(h('h2', {}, 'Kết quả đã hoàn tất'));
      for (const item of decided) {
        parts.push(h('details', { class: 'card' },
          h('summary', {}, `${item.conference.title} — phiên ${item.number}`),
          h('p', {}, ballotsLine(item.result)), resultTables(item.result, item.dir)));
      }
    }
    fill(app, ...parts);
  } catch (error) {
    if (error.status === 401) { session.logout(); show(); return; }
    fill(app, message('error', error.message));
  }
}

function decisionCard(item, position) {
  const { dir, round, conference } = item;
  const tied = position.candidates.filter((c) => c.tied);
  const above = (position.selected || []).filter((id) => !tied.some((c) => c.cadreId === id));
  const slotsLeft = position.openSlots - above.length;
  const slot = h('div');
  const counter = h('p', { class: 'counter', 'aria-live': 'polite' });
  const boxes = tied.map((c) => h('input', { type: 'checkbox', value: c.cadreId }));
  const confirmArea = h('div');
  const choose = h('button', { class: 'btn primary', type: 'button', disabled: true, dataset: { position: position.positionId } }, 'Quyết định');
  const refresh = () => {
    const n = boxes.filter((b) => b.checked).length;
    counter.textContent = `Đã chọn ${n}/${slotsLeft}`;
    boxes.forEach((b) => { b.disabled = !b.checked && n >= slotsLeft; });
    choose.disabled = n !== slotsLeft;
    fill(confirmArea);
  };
  boxes.forEach((b) => b.addEventListener('change', refresh));
  choose.addEventListener('click', () => {
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    const names = chosen.map((id) => dir.cadres.get(id)?.fullName || id).join(', ');
    const confirm = h('button', { class: 'btn ok', type: 'button', id: `confirm-${position.positionId}` }, 'Xác nhận quyết định');
    confirm.addEventListener('click', () => busy(confirm, slot, async () => {
      await session.api.decide(round.id, position.positionId, chosen);
      await show(`Đã ghi quyết định cho chức danh ${positionName(dir, position.positionId)}: ${names}. Kết quả đã được niêm phong lại.`);
    }));
    fill(confirmArea, h('div', { class: 'msg warn' },
      h('p', {}, `Đồng chí chọn: `, h('strong', {}, names), `. Quyết định được ghi tên đồng chí, thời điểm, và niêm phong; không sửa được.`),
      h('div', { class: 'row' }, confirm, h('button', { class: 'btn quiet', type: 'button', onclick: () => fill(confirmArea) }, 'Chọn lại'))));
  });
  const card = h('section', { class: 'card decision', dataset: { position: position.positionId } },
    h('h2', {}, positionName(dir, position.positionId)),
    h('p', { class: 'muted' }, `${conference.title} — phiên bỏ phiếu ${item.number}`),
    h('p', {}, `Số còn thiếu: ${position.openSlots}. `,
      above.length ? ['Đã được chọn theo số phiếu: ', h('strong', {}, above.map((id) => dir.cadres.get(id)?.fullName || id).join(', ')), '. '] : null,
      h('strong', {}, `Đồng chí chọn đúng ${slotsLeft} trong ${tied.length} cán bộ bằng phiếu dưới đây.`)),
    h('div', { class: 'choices' }, tied.map((c, i) => h('label', { class: 'choice' }, boxes[i],
      h('span', { class: 'cadre' }, h('strong', { class: 'cadre-name' }, dir.cadres.get(c.cadreId)?.fullName || c.cadreId),
        h('span', { class: 'cadre-detail' }, cadreDetail(dir.cadres.get(c.cadreId))),
        h('span', {}, `${c.votes} phiếu (${percent(c.percent)})`))))),
    counter, slot, choose, confirmArea);
  refresh();
  return card;
}

show();
