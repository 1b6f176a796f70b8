// Small DOM helpers and the Vietnamese wording shared by every page.

/** Creates an element: h('button', {class: 'btn', onclick: f}, 'Text', child…). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'style') {
      el.style.cssText = value; // CSSOM, which the Content-Security-Policy allows (a style attribute it does not)
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (name in el && typeof value !== 'string') {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function $(selector, root = document) { return root.querySelector(selector); }

/** Replaces the content of `el` with the given children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A message box (role=alert for errors so screen readers announce it). */
export function message(kind, text) {
  return h('div', { class: `msg ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function showError(slot, error) {
  fill(slot, error ? message('error', error.message || String(error)) : '');
}

/** Runs an async action from a button: disables it meanwhile, shows an error in `slot`. */
export async function busy(button, slot, action) {
  if (button) button.disabled = true;
  if (slot) fill(slot);
  try {
    return await action();
  } catch (error) {
    if (slot) showError(slot, error);
    else throw error;
    return undefined;
  } finally {
    if (button) button.disabled = false;
  }
}

// Dates, one form each (issue 12 item 8): in tables and lists dd/mm/yyyy (date), in sentences
// "17 tháng 3 năm 2026" after the word "ngày" (longDate), never "tháng 03"; a moment in a
// sentence "09:05 ngày 1 tháng 12 năm 2026" (dateTime), in the hall's local time.

/** 2026-03-05 -> 05/03/2026, for table cells. */
export function date(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return iso || '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** 2026-03-05 -> "5 tháng 3 năm 2026", for prose: write "ngày ${longDate(x)}". */
export function longDate(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}/.test(iso)) return iso || '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} tháng ${m} năm ${y}`;
}

/** An instant -> "09:05 ngày 1 tháng 12 năm 2026" (local time). */
export function dateTime(iso) {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const two = (n) => String(n).padStart(2, '0');
  return `${two(t.getHours())}:${two(t.getMinutes())} ngày ${t.getDate()} tháng ${t.getMonth() + 1} năm ${t.getFullYear()}`;
}

/** "29.64" -> "29,64 %" (Vietnamese decimal comma); the server computes the figure. */
export function percent(text) {
  if (text === undefined || text === null) return '';
  return `${String(text).replace('.', ',')} %`;
}

/** p/q as a percentage with up to two decimals, rounded half-up, from integers only. */
export function fractionPercent(p, q) {
  const hundredths = Math.floor((p * 10000 * 2 + q) / (2 * q));
  const whole = Math.floor(hundredths / 100);
  const rest = hundredths % 100;
  return rest === 0 ? `${whole} %` : `${whole},${String(rest).padStart(2, '0').replace(/0$/, '')} %`;
}

/** Lower-case, without diacritics, đ -> d: so "nguyen van" finds "Nguyễn Văn". */
export function fold(text) {
  return String(text || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().trim();
}

export const STEP_TITLES = {
  1: 'Bước 1 — Hội nghị Ban Thường vụ Tỉnh ủy (lần 1): rà soát, đưa ra khỏi quy hoạch',
  2: 'Bước 2 — Hội nghị cán bộ chủ chốt: giới thiệu, phát hiện nhân sự',
  3: 'Bước 3 — Hội nghị Ban Chấp hành Đảng bộ tỉnh: giới thiệu nhân sự',
  4: 'Bước 4 — Hội nghị Ban Thường vụ Tỉnh ủy (lần 2): giới thiệu nhân sự',
};

export const STEP_SHORT = {
  1: 'Hội nghị BTV (lần 1)',
  2: 'Hội nghị cán bộ chủ chốt',
  3: 'Hội nghị BCH',
  4: 'Hội nghị BTV (lần 2)',
};

export const ROUND_STATUS = {
  DRAFT: 'Chưa mở',
  OPEN: 'Đang bỏ phiếu',
  CLOSED: 'Đã kết thúc',
};

export const VOTE_LABELS = { AGREE: 'Đồng ý', DISAGREE: 'Không đồng ý', NONE: 'Không chọn' };

export const NOT_ANNOUNCED = 'Kết quả kiểm phiếu không công bố tại hội nghị';
/** Who may see an unannounced step's result: one wording on every page (the server's rule for GET /result). */
export const WHO_SEES_RESULT = 'Kết quả chi tiết chỉ Quản trị hệ thống, Bí thư Tỉnh ủy và Ủy ban Kiểm tra được xem.';

/** The conference rules as sentences a secretary can read out. */
export function explainRules(rules, step) {
  if (!rules) return [];
  const out = [];
  const t = rules.threshold;
  const base = rules.base === 'PRESENT' ? 'số người có mặt' : 'tổng số người được triệu tập';
  if (t) {
    const share = `${t.numerator}/${t.denominator} (${fractionPercent(t.numerator, t.denominator)})`;
    const cmp = t.comparator === '>' ? `trên ${share}` : `từ ${share} trở lên`;
    out.push(step === 1
      ? `Cán bộ bị đưa ra khỏi quy hoạch khi số phiếu đồng ý ${cmp} ${base}.`
      : `Cán bộ đạt khi số phiếu giới thiệu ${cmp} ${base}.`);
  }
  out.push(step === 1
    ? `Tỷ lệ được tính trên ${base}, không tính trên số phiếu thu về; người vắng mặt hoặc không chọn ở một cán bộ được coi là không đồng ý đưa cán bộ đó ra khỏi quy hoạch.`
    : `Tỷ lệ được tính trên ${base}, không tính trên số phiếu thu về; người vắng mặt hoặc để trống được coi là không giới thiệu.`);
  if (rules.quorum) {
    out.push(`Chỉ mở phiên bỏ phiếu khi có mặt ít nhất ${rules.quorum.numerator}/${rules.quorum.denominator} số người được triệu tập; số có mặt được chốt lúc mở phiên.`);
  }
  if (rules.selection === 'TOP_DOWN') {
    out.push('Lấy từ người có số phiếu cao xuống thấp cho đến khi đủ số lượng còn thiếu của mỗi chức danh; nếu nhiều người bằng phiếu ở vị trí cuối, Bí thư Tỉnh ủy quyết định.');
  } else if (step !== 1) {
    out.push('Mọi cán bộ đạt tỷ lệ đều được chuyển sang bước tiếp theo.');
  }
  if (step !== 1) {
    out.push(rules.allowNominations
      ? 'Đại biểu được giới thiệu thêm cán bộ ngoài danh sách in sẵn (chọn trong danh sách cán bộ của đợt rà soát).'
      : 'Đại biểu chỉ bỏ phiếu cho các cán bộ có tên in sẵn trên phiếu.');
  }
  out.push(rules.announced
    ? 'Kết quả kiểm phiếu được công bố tại hội nghị.'
    : `${NOT_ANNOUNCED}. ${WHO_SEES_RESULT}`);
  // protocol v2 or v1 (COMMITTEE.md "v1 and v2 side by side"), when the rules say
  if (rules.encryption === 'COMMITTEE') {
    out.push('Phiếu điện tử được mã hóa cho Ban kiểm phiếu: máy chủ và người vận hành không đọc được phiếu nào; kết quả chỉ có khi đủ số thành viên Ban kiểm phiếu cùng giải mã trên thiết bị của mình, và chỉ giải mã tổng số phiếu, không giải mã từng phiếu.');
  } else if (rules.encryption === 'NONE') {
    out.push('Phiếu điện tử không mã hóa cho Ban kiểm phiếu (giao thức 1, dùng để thử nghiệm): máy chủ nhận nội dung phiếu (không biết của ai).');
  }
  return out;
}

/** "Giám đốc Sở Tài chính", or "Bí thư Huyện ủy — Huyện ủy X" only when the title does not name the unit already. */
export function cadreDetail(cadre) {
  if (!cadre) return '';
  const { title = '', unit = '' } = cadre;
  if (!unit || fold(title).includes(fold(unit))) return title;
  return title ? `${title} — ${unit}` : unit;
}

/** "Nguyễn Văn An" with title and unit underneath, for ballots and tables. */
export function cadreLabel(cadre, fallbackId) {
  if (!cadre) return h('span', { class: 'cadre' }, h('strong', {}, 'Cán bộ (không tìm thấy tên)'));
  const detail = cadreDetail(cadre);
  return h('span', { class: 'cadre' },
    h('strong', { class: 'cadre-name' }, cadre.fullName),
    detail ? h('span', { class: 'cadre-detail' }, detail) : null);
}

export function cadreName(cadres, id) {
  return cadres?.get?.(id)?.fullName || 'Cán bộ (không tìm thấy tên)';
}

/** Top bar with the page title and, when logged in, the user and a logout button. */
export function topbar(title, session, onLogout) {
  const who = h('div', { class: 'who' });
  if (session?.loggedIn) {
    who.append(h('span', {}, session.displayName),
      h('button', { class: 'btn small', type: 'button', onclick: onLogout }, 'Đăng xuất'));
  }
  return h('header', { class: 'topbar' },
    h('div', { class: 'brand' }, 'Phiếu kín — ', title), who);
}

/** Login form; calls onDone once the account has one of the allowed roles. */
export function loginForm(session, allowedRoles, onDone, heading = 'Đăng nhập') {
  const slot = h('div');
  const user = h('input', { type: 'text', id: 'login-user', name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { type: 'password', id: 'login-pass', name: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { class: 'btn primary wide', type: 'submit', id: 'login-submit' }, 'Đăng nhập');
  const form = h('form', { class: 'card login', novalidate: true },
    h('h1', {}, heading),
    h('div', { class: 'field' }, h('label', { for: 'login-user' }, 'Tên đăng nhập'), user),
    h('div', { class: 'field' }, h('label', { for: 'login-pass' }, 'Mật khẩu'), pass),
    slot, submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!user.value.trim() || !pass.value) {
      fill(slot, message('error', 'Vui lòng nhập tên đăng nhập và mật khẩu.'));
      return;
    }
    await busy(submit, slot, async () => {
      const data = await session.login(user.value.trim(), pass.value);
      if (!allowedRoles.includes(data.role)) {
        session.logout();
        throw new Error(`Tài khoản "${user.value.trim()}" không có quyền dùng trang này.`);
      }
      pass.value = '';
      onDone();
    });
  });
  return form;
}

/** Groups a receipt's first 12 hex characters by four: "3fa9 0c21 b7e4". */
export function receiptGroups(receipt) {
  return String(receipt || '').slice(0, 12).match(/.{1,4}/g)?.join(' ') ?? '';
}
