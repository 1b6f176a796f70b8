// The vote-count minutes (biên bản kiểm phiếu) of a closed round, laid out for A4 paper,
// with the seal fingerprint and the counting committee's signature lines.

import { h, fill, message, date, longDate, dateTime, explainRules, STEP_SHORT, NOT_ANNOUNCED, WHO_SEES_RESULT } from './ui.js';
import { loadDirectory, resultTables, ballotsLine, positionName, structureReport } from './result-view.js';
import { jcsBytes } from './crypto/jcs.js';
import { groupFingerprint } from './crypto/key-fingerprint.js';

/** Lowercase hex SHA-256 of JCS(record): the fingerprint a superseding record points at. */
export async function recordFingerprint(record) {
  try {
    const digest = await crypto.subtle.digest('SHA-256', jcsBytes(record));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}

async function optional(promise) {
  try { return await promise; } catch (error) { if (error.network) throw error; return null; }
}

/** The quorum of the conference's rules as a fraction ("2/3"), as the minutes print it. */
function quorumShare(rules) {
  const q = rules?.quorum;
  return q ? `${q.numerator}/${q.denominator}` : '2/3';
}

/** "n phiếu đổi (lý do …)": the replacements counted openly in the record. */
export function replacementsLine(issued) {
  const list = issued?.replacements || [];
  if (!list.length) return null;
  const reasons = [...new Set(list.map((r) => r.reason))].join('; ');
  const paper = list.filter((r) => r.kind === 'PAPER').length;
  return h('li', { id: 'minutes-replacements' }, `Trong đó ${list.length} phiếu đổi (lý do: ${reasons}): `,
    `${list.length - paper} phiếu điện tử mới, ${paper} phiếu giấy; không xác định được phiếu ở máy cũ đã được bỏ hay chưa, nên số phiếu phát ra gồm cả phiếu đã đổi.`);
}

/** The same line from the round's summary, for a reader who may not see the record. */
function summaryReturnedLine(summary, issued) {
  if (!summary?.ballots || !issued) return null;
  const returned = summary.ballots.electronic + summary.ballots.paper;
  const missing = Math.max(0, issued.electronic + issued.paper - returned);
  return h('li', { id: 'minutes-returned' }, `Số phiếu thu về: ${returned} (điện tử: ${summary.ballots.electronic}; giấy: ${summary.ballots.paper}); `,
    h('strong', {}, `số phiếu không thu về: ${missing}`), '.');
}

/** "phát ra / thu về / không thu về", counted from the sealed record (null without one). */
export function returnedLine(record, issued) {
  if (!record || !issued) return null;
  const electronic = (record.ballots || []).length;
  const paper = (record.paperBallots || []).length;
  const returned = electronic + paper;
  const missing = Math.max(0, issued.electronic + issued.paper - returned);
  return h('li', { id: 'minutes-returned' }, `Số phiếu thu về: ${returned} (điện tử: ${electronic}; giấy: ${paper}); `,
    h('strong', {}, `số phiếu không thu về: ${missing}`), '.');
}

export async function minutesPage(ctx, roundId) {
  const { api, app } = ctx;
  const round = await api.round(roundId);
  const conference = await api.conference(round.conferenceId);
  const dir = await loadDirectory(api, conference.reviewId);
  const [record, seal, delegates, attendanceNow, summary] = await Promise.all([
    optional(api.record(roundId)), optional(api.sealKey()),
    optional(api.delegates(conference.id)), optional(api.attendance(conference.id)), optional(api.summary(roundId)),
  ]);
  // every table of the minutes comes from the sealed record (its latest version), never from /result
  const result = record?.result || null;
  const repeat = record?.round?.repeat || round.repeat || null;
  const repeatedBy = round.repeatedBy || [];
  if (round.status !== 'CLOSED') {
    fill(app, message('warn', 'Phiên bỏ phiếu chưa kết thúc nên chưa có biên bản kiểm phiếu.'));
    return;
  }
  const att = record?.attendance || {};
  const excluded = att.excluded || (delegates || []).filter((d) => d.excluded || d.exclusion || d.exclusionReason)
    .map((d) => ({ fullName: d.fullName, reason: d.exclusionReason || d.exclusion?.reason || d.exclusion || '' }));
  const convened = att.convened ?? attendanceNow?.convened;
  const present = att.present ?? round.presentAtOpen;
  const quorumRequired = att.quorumRequired ?? attendanceNow?.quorumRequired;
  const issued = record?.issued || summary?.issued;
  const fingerprint = record ? await recordFingerprint(record) : summary?.record?.sha256 || null;
  const keyId = record?.seal?.keyId || summary?.record?.keyId || seal?.keyId;
  // without the result (an unannounced step, read by the secretariat) the minutes say what they leave out
  const shortened = !result;
  const committee = summary?.countingCommittee || [];
  const d = conference.date ? conference.date.split('-') : null;
  const number = (conference.rounds || []).findIndex((r) => r.id === roundId) + 1;
  // another round as the minutes name it: its number in this conference, never its internal id
  const roundLabel = (id) => {
    const n = (conference.rounds || []).findIndex((r) => r.id === id) + 1;
    return n ? `phiên ${n}` : `một phiên của bước ${conference.step} tại hội nghị khác`;
  };

  const sheet = h('article', { class: 'minutes', id: 'minutes' },
    h('div', { class: 'minutes-head' },
      h('div', {}, h('strong', {}, 'BAN KIỂM PHIẾU'), h('div', {}, conference.title)),
      h('div', {}, h('strong', {}, 'ĐẢNG CỘNG SẢN VIỆT NAM'), h('div', { class: 'italic' }, d ? `Ngày ${longDate(conference.date)}` : ''))),
    h('h1', {}, 'BIÊN BẢN KIỂM PHIẾU'),
    shortened ? h('p', { class: 'center italic', id: 'minutes-shortened' },
      `(Bản rút gọn — ${NOT_ANNOUNCED}; bản dành cho Ban Tổ chức, không có bảng kết quả)`) : null,
    h('p', { class: 'center' }, `${conference.title} — Bước ${conference.step}: ${STEP_SHORT[conference.step]}`,
      h('br'), `Phiên bỏ phiếu ${number || ''}: ${round.kind === 'REMOVAL' ? 'rà soát, đưa ra khỏi quy hoạch' : 'giới thiệu nhân sự quy hoạch'}`,
      h('br'), dir.review.name),
    repeat ? h('p', { class: 'repeat-note', id: 'repeat-of' },
      `Phiên này được tổ chức bỏ phiếu lại thay cho ${roundLabel(repeat.of)}. Lý do: ${repeat.reason}`) : null,
    repeatedBy.map((r) => h('p', { class: 'repeat-note', dataset: { repeatedBy: r.roundId } },
      `Kết quả phiên này không được dùng: Hội nghị đã bỏ phiếu lại ở ${roundLabel(r.roundId)}. Lý do: ${r.reason}`)),

    h('p', { id: 'minutes-when' },
      summary?.place ? `Địa điểm: ${summary.place}. ` : '',
      summary?.openedAt ? `Mở phiên bỏ phiếu lúc ${dateTime(summary.openedAt)}; ` : '',
      summary?.closedAt ? `kết thúc lúc ${dateTime(summary.closedAt)}.` : ''),
    committee.length ? h('p', { id: 'minutes-committee' }, `Ban kiểm phiếu gồm: ${committee.join(', ')}.`) : null,

    h('h2', {}, '1. Thành phần'),
    h('ul', {},
      h('li', {}, `Số người được triệu tập: ${convened ?? '—'}.`),
      h('li', {}, `Số người không tính vào số triệu tập: ${excluded.length}`, excluded.length ? ':' : '.',
        excluded.length ? h('ul', {}, excluded.map((e) => h('li', {}, `${e.fullName}: ${e.reason}`))) : null),
      h('li', {}, `Số người có mặt khi mở phiên bỏ phiếu: ${present ?? '—'}.`),
      h('li', {}, `Số lượng tối thiểu để tiến hành (${quorumShare(conference.rules)} số được triệu tập): ${quorumRequired ?? '—'}; `,
        (att.quorumMet ?? (present !== undefined && quorumRequired !== undefined && present >= quorumRequired)) ? 'đủ điều kiện.' : 'không đủ điều kiện.')),

    h('h2', {}, '2. Quy tắc áp dụng'),
    h('ul', {}, explainRules(record?.rules || conference.rules, conference.step).map((t) => h('li', {}, t))),

    h('h2', {}, '3. Số phiếu'),
    h('ul', {},
      h('li', {}, `Số phiếu phát ra: ${issued ? issued.electronic + issued.paper : round.issued}`,
        issued ? ` (điện tử: ${issued.electronic}; giấy: ${issued.paper})` : '', '.'),
      replacementsLine(issued),
      record ? returnedLine(record, issued) : summaryReturnedLine(summary, issued),
      result ? h('li', {}, ballotsLine(result))
        : summary?.ballots ? h('li', { id: 'minutes-valid' }, `Số phiếu hợp lệ: ${summary.ballots.valid}; không hợp lệ: ${summary.ballots.invalid}.`)
          : h('li', {}, `Số phiếu thu về: ${round.cast}.`)),

    h('h2', {}, '4. Kết quả kiểm phiếu'),
    result
      ? [conference.rules?.announced ? null : h('p', { class: 'italic' }, `${NOT_ANNOUNCED}; biên bản này chỉ gửi cấp có thẩm quyền.`),
        ...resultTables(result, dir), structureReport(result.structure, dir)]
      : h('p', { id: 'minutes-not-announced' }, `${NOT_ANNOUNCED} — bản dành cho Ban Tổ chức. ${WHO_SEES_RESULT}`),

    (record?.decisions || []).length ? [
      h('h2', {}, '5. Quyết định của Bí thư Tỉnh ủy đối với trường hợp bằng phiếu'),
      h('ul', {}, record.decisions.map((dc) => h('li', {},
        `${positionName(dir, dc.positionId)}: chọn ${dc.chosen.map((id) => dir.cadres.get(id)?.fullName || id).join(', ')} `,
        `(${dc.decidedBy}, ${dateTime(dc.decidedAt)}).`)))] : null,

    h('h2', {}, 'Niêm phong điện tử'),
    h('ul', { class: 'seal' },
      h('li', {}, 'Mã khóa niêm phong (keyId): ', h('code', { id: 'seal-key-id' }, keyId || '—')),
      h('li', {}, 'Mã băm SHA-256 của hồ sơ niêm phong: ', h('code', { class: 'wrap', id: 'record-fingerprint' }, fingerprint || '—')),
      // protocol v2: the counting committee's key, as the members read it aloud (from the sealed record)
      record?.committee?.fingerprint ? h('li', {}, 'Mã khóa Ban kiểm phiếu: ',
        h('code', { id: 'minutes-committee-fingerprint' }, groupFingerprint(record.committee.fingerprint)),
        ` (phiếu điện tử được mã hóa; ${record.committee.threshold} trong ${(record.committee.members || []).length} thành viên đã cùng giải mã tổng số phiếu)`) : null),
    h('p', { class: 'small' }, 'Ủy ban Kiểm tra kiểm tra hồ sơ niêm phong bằng lệnh: ',
      h('code', {}, `java -jar phieukin.jar verify phieukin-record-${roundId}.json --seal-key seal-ed25519.pub.pem`)),

    h('div', { class: 'signatures' },
      (committee.length ? committee : [null, null, null]).map((name, i) => h('div', {},
        h('strong', {}, i === 0 ? 'TRƯỞNG BAN KIỂM PHIẾU' : 'THÀNH VIÊN'), h('div', { class: 'italic' }, '(Ký, ghi rõ họ tên)'),
        h('div', { class: 'sign-space' }), name ? h('div', { class: 'signer' }, name) : null))));

  fill(app,
    h('div', { class: 'no-print row' },
      h('a', { href: `#/round/${encodeURIComponent(roundId)}` }, '‹ Về phiên bỏ phiếu'),
      h('button', { class: 'btn primary', type: 'button', onclick: () => window.print() }, 'In biên bản (A4)'),
      result ? exportButton(ctx.api, roundId) : null),
    sheet);
}

/** The minutes' result table as Excel (GET /rounds/{id}/result.xlsx, the same access as the result). */
function exportButton(api, roundId) {
  const button = h('button', { class: 'btn quiet', type: 'button', id: 'minutes-result-export' }, 'Xuất kết quả ra Excel (.xlsx)');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const blob = await api.download(`/rounds/${encodeURIComponent(roundId)}/result.xlsx`);
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: `ket-qua-kiem-phieu-${roundId}.xlsx` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (error) {
      button.after(message('error', error.message));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
