// Console: the planning review's set-up — positions, cadres (form and CSV), the planned and
// supplementary lists, and the conferences of the four steps with their rules.

import { h, fill, message, busy, date, longDate, fold, explainRules, cadreDetail, STEP_TITLES } from './ui.js';
import { directoryOf, structureReport } from './result-view.js';
import { isRealDate } from './csv.js';

const KNOWN = 'phieukin.console.reviews';

/** Step defaults of PROCEDURE.md, shown in the form before the server applies them. */
export const DEFAULT_RULES = {
  1: { threshold: { comparator: '>', numerator: 1, denominator: 2 }, base: 'CONVENED', announced: true, selection: 'ALL_PASSING', quorum: { numerator: 2, denominator: 3 }, allowNominations: false },
  2: { threshold: { comparator: '>=', numerator: 3, denominator: 10 }, base: 'PRESENT', announced: false, selection: 'ALL_PASSING', quorum: { numerator: 2, denominator: 3 }, allowNominations: true },
  3: { threshold: { comparator: '>', numerator: 1, denominator: 2 }, base: 'PRESENT', announced: false, selection: 'ALL_PASSING', quorum: { numerator: 2, denominator: 3 }, allowNominations: false },
  4: { threshold: { comparator: '>', numerator: 1, denominator: 2 }, base: 'CONVENED', announced: true, selection: 'TOP_DOWN', quorum: { numerator: 2, denominator: 3 }, allowNominations: false },
};

export const CONFERENCE_TITLES = {
  1: 'Hội nghị Ban Thường vụ Tỉnh ủy (lần 1)',
  2: 'Hội nghị cán bộ chủ chốt',
  3: 'Hội nghị Ban Chấp hành Đảng bộ tỉnh',
  4: 'Hội nghị Ban Thường vụ Tỉnh ủy (lần 2)',
};

function remember(id) {
  const known = JSON.parse(localStorage.getItem(KNOWN) || '[]');
  if (!known.includes(id)) localStorage.setItem(KNOWN, JSON.stringify([...known, id]));
}

function field(id, label, input, hint) {
  input.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label, hint ? h('span', { class: 'hint' }, ` ${hint}`) : null), input);
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

// ------------------------------------------------------------------ list of reviews
export async function reviewsPage(ctx) {
  const { api, app } = ctx;
  let reviews;
  try {
    reviews = await api.listReviews();
  } catch (error) {
    if (error.status !== 404 && error.status !== 405) throw error;
    const known = JSON.parse(localStorage.getItem(KNOWN) || '[]');
    reviews = (await Promise.all(known.map((id) => api.review(id).catch(() => null)))).filter(Boolean);
  }
  const list = reviews.length
    ? h('ul', { class: 'link-list', id: 'reviews' }, reviews.map((r) => h('li', {},
      h('a', { href: `#/review/${encodeURIComponent(r.id)}` }, r.name), h('span', { class: 'muted' }, ` — ngày tham chiếu ${longDate(r.referenceDate)}`))))
    : h('p', { class: 'muted' }, 'Chưa có đợt rà soát nào.');
  const parts = [h('div', { class: 'card' }, h('h1', {}, 'Đợt rà soát, bổ sung quy hoạch'), list)];
  if (ctx.role === 'ADMIN') {
    const slot = h('div');
    const name = h('input', { type: 'text', required: true, placeholder: 'Rà soát, bổ sung quy hoạch Ban Chấp hành Đảng bộ tỉnh nhiệm kỳ 2025–2030' });
    const ref = h('input', { type: 'date', required: true, value: today() });
    const submit = h('button', { class: 'btn primary', type: 'submit' }, 'Tạo đợt rà soát');
    const form = h('form', { class: 'card', id: 'new-review' },
      h('h2', {}, 'Tạo đợt rà soát mới'),
      field('review-name', 'Tên đợt rà soát', name),
      field('review-ref', 'Ngày tham chiếu', ref, '(dùng để tính tuổi cán bộ trong báo cáo cơ cấu)'),
      slot, submit);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(submit, slot, async () => {
        if (!name.value.trim()) throw new Error('Vui lòng nhập tên đợt rà soát.');
        if (!isRealDate(ref.value)) throw new Error('Ngày tham chiếu không hợp lệ.');
        const { id } = await api.createReview(name.value.trim(), ref.value);
        remember(id);
        ctx.go(`#/review/${encodeURIComponent(id)}/positions`);
      });
    });
    parts.push(form);
  }
  fill(app, ...parts);
}

// ------------------------------------------------------------------ one review
const TABS = [
  ['positions', 'Chức danh'],
  ['cadres', 'Cán bộ'],
  ['planning', 'Danh sách quy hoạch'],
  ['conferences', 'Hội nghị'],
];

export async function reviewPage(ctx, rid, tab = 'conferences') {
  const { api, app } = ctx;
  remember(rid);
  const review = await api.review(rid);
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Các phần của đợt rà soát' },
    TABS.map(([key, label]) => h('a', {
      href: `#/review/${encodeURIComponent(rid)}/${key}`, class: key === tab ? 'active' : '', 'aria-current': key === tab ? 'page' : null,
    }, label)));
  const body = h('div');
  fill(app,
    h('div', { class: 'crumbs' }, h('a', { href: '#/' }, 'Đợt rà soát'), ' › ', review.name),
    h('h1', { id: 'review-name' }, review.name),
    h('p', { class: 'muted' }, `Ngày tham chiếu: ${longDate(review.referenceDate)}`),
    tabs, body);
  const ctxR = { ...ctx, review, rid, body, reload: () => reviewPage(ctx, rid, tab) };
  if (tab === 'positions') positionsTab(ctxR);
  else if (tab === 'cadres') await cadresTab(ctxR);
  else if (tab === 'planning') await planningTab(ctxR);
  else conferencesTab(ctxR);
}

/**
 * Asks, in place of `cell`'s content, to confirm a deletion that names what goes ("Xóa cán bộ
 * Nguyễn Văn An khỏi danh sách?"); `onYes` runs on "Xóa", "Hủy" puts the content back.
 */
export function confirmDelete(cell, question, onYes, slot) {
  const kept = [...cell.childNodes];
  const yes = h('button', { class: 'btn danger small', type: 'button', dataset: { confirm: 'yes' } }, 'Xóa');
  const no = h('button', { class: 'btn quiet small', type: 'button' }, 'Hủy');
  no.addEventListener('click', () => fill(cell, ...kept));
  yes.addEventListener('click', () => busy(yes, slot, onYes));
  fill(cell, h('div', { class: 'msg warn confirm-delete', role: 'alertdialog', 'aria-label': question },
    h('p', {}, question), h('div', { class: 'row' }, yes, no)));
  yes.focus();
}

/** The "Sửa" and "Xóa" buttons of a row. */
export function rowActions(onEdit, onDelete, name) {
  const edit = h('button', { class: 'btn quiet small', type: 'button', dataset: { action: 'edit' }, 'aria-label': `Sửa ${name}` }, 'Sửa');
  const del = h('button', { class: 'btn quiet small', type: 'button', dataset: { action: 'delete' }, 'aria-label': `Xóa ${name}` }, 'Xóa');
  edit.addEventListener('click', onEdit);
  del.addEventListener('click', onDelete);
  return [edit, del];
}

function positionsTab({ api, review, rid, body, reload, role }) {
  const admin = role === 'ADMIN';
  const slot = h('div');
  const rows = (review.positions || []).map((p) => {
    const nameCell = h('td', {}, p.name);
    const maxCell = h('td', { class: 'num' }, String(p.maxPlanned));
    const actions = h('td', { class: 'actions' });
    const row = h('tr', { dataset: { position: p.id } }, nameCell, maxCell, admin ? actions : null);
    const view = () => {
      fill(nameCell, p.name);
      fill(maxCell, String(p.maxPlanned));
      fill(actions, rowActions(edit, () => confirmDelete(actions, `Xóa chức danh ${p.name}?`, async () => {
        await api.deletePosition(rid, p.id);
        await reload();
      }, slot), p.name));
    };
    const edit = () => {
      const name = h('input', { type: 'text', value: p.name, 'aria-label': 'Tên chức danh' });
      const max = h('input', { type: 'number', min: '1', max: '20', value: String(p.maxPlanned), 'aria-label': 'Số cán bộ quy hoạch tối đa' });
      const save = h('button', { class: 'btn primary small', type: 'button' }, 'Lưu');
      save.addEventListener('click', () => busy(save, slot, async () => {
        if (!name.value.trim()) throw new Error('Vui lòng nhập tên chức danh.');
        await api.updatePosition(rid, p.id, { name: name.value.trim(), maxPlanned: Number(max.value) || p.maxPlanned });
        await reload();
      }));
      fill(nameCell, name);
      fill(maxCell, max);
      fill(actions, h('div', { class: 'row' }, save, h('button', { class: 'btn quiet small', type: 'button', onclick: view }, 'Hủy')));
      name.focus();
    };
    view();
    return row;
  });
  const table = rows.length
    ? h('table', { id: 'positions' }, h('thead', {}, h('tr', {}, h('th', {}, 'Chức danh quy hoạch'),
      h('th', { class: 'num' }, 'Số cán bộ quy hoạch tối đa'), admin ? h('th', {}, '') : null)), h('tbody', {}, rows))
    : h('p', { class: 'muted' }, 'Chưa có chức danh nào.');
  fill(body, h('div', { class: 'card' }, h('h2', {}, 'Chức danh quy hoạch'),
    admin ? h('p', { class: 'muted' }, 'Sửa hoặc xóa được đến khi mở phiên bỏ phiếu bước 1; chức danh còn dòng quy hoạch thì phải xóa các dòng đó trước.') : null,
    slot, table));
  if (!admin) return;
  const addSlot = h('div');
  const name = h('input', { type: 'text', placeholder: 'Bí thư Tỉnh ủy' });
  const max = h('input', { type: 'number', min: '1', max: '10', value: '3' });
  const submit = h('button', { class: 'btn primary', type: 'submit' }, 'Thêm chức danh');
  const form = h('form', { class: 'card', id: 'new-position' }, h('h2', {}, 'Thêm chức danh'),
    h('div', { class: 'grid2' }, field('position-name', 'Tên chức danh', name),
      field('position-max', 'Số cán bộ quy hoạch tối đa', max, '(mặc định 3: mỗi chức danh không quá ba cán bộ)')),
    addSlot, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, addSlot, async () => {
      if (!name.value.trim()) throw new Error('Vui lòng nhập tên chức danh.');
      await api.addPosition(rid, { name: name.value.trim(), maxPlanned: Number(max.value) || 3 });
      await reload();
    });
  });
  body.append(form);
}

const CADRE_FIELDS = ['fullName', 'birthDate', 'gender', 'ethnicity', 'title', 'unit', 'stem', 'subordinatePost'];
const REQUIRED_CADRE_FIELDS = ['fullName', 'birthDate', 'gender', 'ethnicity', 'title', 'unit'];
const FIELD_LABELS = {
  fullName: 'Họ và tên', birthDate: 'Ngày sinh', gender: 'Giới tính', ethnicity: 'Dân tộc', title: 'Chức vụ', unit: 'Đơn vị',
  stem: 'KH–CN', subordinatePost: 'Liền kề',
};
const FIELD_NAMES = {
  fullName: 'họ tên', birthDate: 'ngày sinh', gender: 'giới tính', ethnicity: 'dân tộc', title: 'chức vụ', unit: 'đơn vị',
  stem: 'khoa học – công nghệ', subordinatePost: 'chức vụ liền kề',
};

function checkCadre(v) {
  const out = [];
  for (const name of REQUIRED_CADRE_FIELDS) if (!v[name]) out.push(`thiếu ${FIELD_NAMES[name]} (${name}).`);
  if (v.birthDate && !isRealDate(v.birthDate)) out.push(`ngày sinh không phải ngày có thật (ví dụ 30/04/1975).`);
  if (v.gender && !['F', 'M'].includes(v.gender)) out.push(`giới tính "${v.gender}" phải là F (nữ) hoặc M (nam).`);
  for (const flag of ['stem', 'subordinatePost']) {
    if (v[flag] && !['true', 'false'].includes(v[flag])) out.push(`cột ${flag} phải là true hoặc false, không phải "${v[flag]}".`);
  }
  return out;
}


async function cadresTab({ api, rid, body, reload, role }) {
  const admin = role === 'ADMIN';
  const cadres = await api.cadres(rid);
  const search = h('input', { type: 'search', id: 'cadre-search', placeholder: 'Tìm theo họ tên, chức vụ, đơn vị…', 'aria-label': 'Tìm cán bộ' });
  const tbody = h('tbody');
  const listSlot = h('div');
  let startEdit = () => {};
  const draw = () => {
    const q = fold(search.value);
    fill(tbody, cadres.filter((c) => !q || fold(`${c.fullName} ${c.title} ${c.unit}`).includes(q)).map((c) => {
      const actions = h('td', { class: 'actions' });
      fill(actions, rowActions(() => startEdit(c), () => confirmDelete(actions,
        `Xóa cán bộ ${c.fullName} (sinh ${date(c.birthDate)}) khỏi danh sách?`, async () => {
          await api.deleteCadre(rid, c.id);
          await reload();
        }, listSlot), c.fullName));
      return h('tr', { dataset: { cadre: c.id } },
        h('td', {}, c.fullName), h('td', {}, date(c.birthDate)), h('td', {}, c.gender === 'F' ? 'Nữ' : 'Nam'),
        h('td', {}, c.ethnicity), h('td', {}, c.title), h('td', {}, c.unit),
        h('td', {}, [c.stem ? 'KH-CN' : null, c.subordinatePost ? 'Liền kề' : null].filter(Boolean).join(', ')),
        admin ? actions : null);
    }));
  };
  search.addEventListener('input', draw);
  draw();
  const exportSlot = h('div');
  const exportButton = h('button', { class: 'btn quiet small', type: 'button', id: 'cadres-export' }, 'Xuất ra Excel (.xlsx)');
  exportButton.addEventListener('click', () => busy(exportButton, exportSlot,
    () => downloadFile(() => api.download(`/reviews/${encodeURIComponent(rid)}/cadres.xlsx`), 'danh-sach-can-bo.xlsx')));
  fill(body, h('div', { class: 'card' },
    h('div', { class: 'row spread' }, h('h2', {}, `Cán bộ (${cadres.length})`), exportButton), exportSlot,
    admin ? h('p', { class: 'muted' }, 'Sửa hoặc xóa được đến khi mở phiên bỏ phiếu bước 2 (cán bộ đã in trên phiếu một phiên đã mở thì không sửa được); '
      + 'cán bộ còn trong quy hoạch hay danh sách bổ sung thì phải xóa dòng đó trước.') : null,
    search, listSlot,
    h('div', { class: 'table-wrap' }, h('table', { id: 'cadres' },
      h('thead', {}, h('tr', {}, ['Họ tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Chức vụ', 'Đơn vị', 'Ghi chú', admin ? '' : null]
        .filter((t) => t !== null).map((t) => h('th', {}, t)))),
      tbody))));
  if (!admin) return;

  // one cadre by form; the same form corrects one ("Sửa")
  const inputs = {
    fullName: h('input', { type: 'text' }), birthDate: h('input', { type: 'date' }),
    gender: h('select', {}, h('option', { value: 'M' }, 'Nam'), h('option', { value: 'F' }, 'Nữ')),
    ethnicity: h('input', { type: 'text', value: 'Kinh' }), title: h('input', { type: 'text' }), unit: h('input', { type: 'text' }),
    stem: h('input', { type: 'checkbox' }), subordinatePost: h('input', { type: 'checkbox' }),
  };
  const slot = h('div');
  const heading = h('h2', {}, 'Thêm một cán bộ');
  const submit = h('button', { class: 'btn primary', type: 'submit' }, 'Thêm cán bộ');
  const cancel = h('button', { class: 'btn quiet', type: 'button', hidden: true, id: 'cadre-edit-cancel' }, 'Hủy sửa');
  let editing = null;
  const form = h('form', { class: 'card', id: 'new-cadre' }, heading,
    h('div', { class: 'grid3' },
      field('cadre-fullName', 'Họ và tên', inputs.fullName), field('cadre-birthDate', 'Ngày sinh', inputs.birthDate),
      field('cadre-gender', 'Giới tính', inputs.gender), field('cadre-ethnicity', 'Dân tộc', inputs.ethnicity),
      field('cadre-title', 'Chức vụ', inputs.title), field('cadre-unit', 'Đơn vị công tác', inputs.unit)),
    h('label', { class: 'inline' }, inputs.stem, 'Có chuyên môn khoa học, công nghệ, chuyển đổi số'),
    h('label', { class: 'inline' }, inputs.subordinatePost, 'Đang giữ chức vụ liền kề chức danh quy hoạch'),
    slot, h('div', { class: 'row' }, submit, cancel));
  startEdit = (c) => {
    editing = c;
    for (const k of CADRE_FIELDS) {
      if (inputs[k].type === 'checkbox') inputs[k].checked = Boolean(c[k]); else inputs[k].value = c[k];
    }
    fill(heading, `Sửa thông tin cán bộ: ${c.fullName}`);
    submit.textContent = 'Lưu thay đổi';
    cancel.hidden = false;
    fill(slot);
    form.scrollIntoView({ block: 'start' });
    inputs.fullName.focus();
  };
  cancel.addEventListener('click', () => reload());
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, slot, async () => {
      const cadre = {};
      for (const k of CADRE_FIELDS) cadre[k] = inputs[k].type === 'checkbox' ? inputs[k].checked : inputs[k].value.trim();
      const problems = checkCadre({ ...cadre, stem: '', subordinatePost: '' });
      if (problems.length) throw new Error(`Chưa ${editing ? 'lưu' : 'thêm'} được: ${problems.join(' ')}`);
      if (editing) await api.updateCadre(rid, editing.id, cadre);
      else await api.addCadre(rid, cadre);
      await reload();
    });
  });
  body.append(form, csvImport({
    id: 'cadre-import',
    title: 'Nhập danh sách cán bộ từ tệp Excel hoặc CSV',
    help: 'Dòng đầu là tên cột: Họ và tên, Ngày sinh, Giới tính, Dân tộc, Chức vụ, Đơn vị, Khoa học – công nghệ, Chức vụ liền kề '
      + '(hoặc fullName,birthDate,gender,ethnicity,title,unit,stem,subordinatePost). Ngày sinh dạng 30/04/1975; giới tính Nam hoặc Nữ; '
      + 'hai cột cuối Có/Không, có thể bỏ trống. Cán bộ trùng họ tên và ngày sinh với người đã có được báo lỗi, không nhập hai lần.',
    example: 'Họ và tên;Ngày sinh;Giới tính;Dân tộc;Chức vụ;Đơn vị\nNguyễn Văn An;30/04/1975;Nam;Kinh;Giám đốc Sở Tài chính;Sở Tài chính',
    columns: CADRE_FIELDS,
    labels: FIELD_LABELS,
    template: '/api/v1/templates/cadres.xlsx',
    send: (content, options) => api.importCadres(rid, content, options),
    done: reload,
  }));
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Saves a download the server answers to an authenticated GET (a plain link would not carry the token). */
export async function downloadFile(fetchBlob, fileName) {
  const blob = await fetchBlob();
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/**
 * An import box for a list kept in Excel: choose a .xlsx or .csv file (or paste CSV), see the
 * server's preview of every line with its problems (duplicates of what is already there
 * included), then send. Nothing is imported until every line is right.
 */
export function csvImport({ id, title, help, example, columns, labels = {}, template, send, done }) {
  const text = h('textarea', { id: `${id}-text`, placeholder: example, spellcheck: false, 'aria-describedby': `${id}-help` });
  const file = h('input', { type: 'file', accept: `.xlsx,.csv,text/csv,${XLSX_TYPE}`, id: `${id}-file` });
  const fileName = h('span', { class: 'muted' }, 'chưa chọn tệp');
  const preview = h('div', { class: 'preview', id: `${id}-preview` });
  const slot = h('div');
  const send_ = h('button', { class: 'btn primary', type: 'button', disabled: true, id: `${id}-send` }, 'Nhập');
  let ready = null; // what the preview approved: CSV text or the .xlsx bytes
  let asked = 0;
  const show = async (content) => {
    const mine = ++asked;
    ready = null;
    send_.disabled = true;
    send_.textContent = 'Nhập';
    if (content === null || (typeof content === 'string' && !content.trim())) { fill(preview); return; }
    fill(preview, h('p', { class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Đang kiểm tra tệp…'));
    let answer;
    try {
      answer = await send(content, { preview: true });
    } catch (error) {
      if (mine === asked) fill(preview, message('error', error.message));
      return;
    }
    if (mine !== asked) return; // a newer content is being checked
    const bad = answer.problems || [];
    const rows = answer.records.map((r) => h('tr', { class: r.problems.length ? 'bad' : '' },
      h('td', { class: 'num' }, String(r.line)),
      columns.map((c) => h('td', {}, /^\d{4}-\d{2}-\d{2}$/.test(r.values[c] || '') ? date(r.values[c]) : (r.values[c] ?? ''))),
      h('td', {}, r.problems.join('; '))));
    fill(preview,
      bad.length
        ? message('error', `Có ${bad.length} dòng lỗi, chưa nhập dòng nào; sửa trong tệp rồi chọn lại: ` + bad.map((p) => `dòng ${p.line}: ${p.reason}`).join('; '))
        : message('ok', `${answer.records.length} dòng hợp lệ, sẵn sàng nhập.`),
      h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Dòng'), columns.map((c) => h('th', {}, labels[c] || c)), h('th', {}, 'Lỗi'))),
        h('tbody', {}, rows))));
    if (answer.importable) {
      ready = content;
      send_.disabled = false;
      send_.textContent = `Nhập ${answer.records.length} dòng`;
    }
  };
  let typing = null;
  text.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => show(text.value), 400);
  });
  file.addEventListener('change', async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    fileName.textContent = chosen.name;
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    text.value = '';
    show(bytes);
  });
  send_.addEventListener('click', () => busy(send_, slot, async () => {
    const answer = await send(ready, { preview: false });
    fill(slot, message('ok', `Đã nhập ${answer.imported} dòng.`));
    text.value = '';
    fill(preview);
    ready = null;
    send_.disabled = true;
    await done();
  }));
  return h('div', { class: 'card', id }, h('h2', {}, title),
    h('p', { id: `${id}-help`, class: 'muted' }, help),
    template ? h('p', {}, h('a', { href: template, download: '', class: 'btn quiet small', id: `${id}-template` }, 'Tải tệp mẫu (.xlsx)')) : null,
    h('div', { class: 'row file-pick' }, file, h('label', { for: `${id}-file`, class: 'btn quiet small' }, 'Chọn tệp Excel hoặc CSV…'), fileName),
    h('label', { for: `${id}-text` }, 'Hoặc dán nội dung CSV:'), text, preview, slot, send_);
}

function cadreSelect(id, cadres) {
  const sorted = [...cadres].sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
  return h('select', { id }, h('option', { value: '' }, '— chọn cán bộ —'),
    sorted.map((c) => h('option', { value: c.id }, `${c.fullName} — ${cadreDetail(c)}`)));
}

function positionSelect(id, positions) {
  return h('select', { id }, h('option', { value: '' }, '— chọn chức danh —'),
    positions.map((p) => h('option', { value: p.id }, p.name)));
}

async function planningTab({ api, review, rid, body, reload, role }) {
  const [planning, cadres] = await Promise.all([api.planning(rid), api.cadres(rid)]);
  const byId = new Map(cadres.map((c) => [c.id, c]));
  const nameOf = (id) => byId.get(typeof id === 'string' ? id : id?.cadreId)?.fullName || String(id);
  const positions = new Map((review.positions || []).map((p) => [p.id, p]));
  const list = (ids) => (ids && ids.length ? h('ul', {}, ids.map((id) => h('li', {}, nameOf(id)))) : h('span', { class: 'muted' }, '—'));
  const rows = (planning.positions || []).map((p) => h('tr', {},
    h('td', {}, positions.get(p.positionId)?.name || p.positionId),
    h('td', { class: 'num' }, String(p.maxPlanned)),
    h('td', {}, list(p.planned)),
    h('td', {}, list(p.removed)),
    h('td', { class: 'num' }, String(p.openSlots)),
    h('td', {}, list(p.proposed))));
  fill(body, h('div', { class: 'card' },
    h('h2', {}, 'Danh sách quy hoạch theo chức danh'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'planning' },
      h('thead', {}, h('tr', {}, ['Chức danh', 'Tối đa', 'Đang trong quy hoạch', 'Đưa ra (bước 1)', 'Số còn thiếu', 'Đề nghị phê duyệt (bước 4)'].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows)))),
  structureReport(planning.structure, directoryOf(cadres, review.positions || []), 'Cơ cấu danh sách quy hoạch'));
  if (role !== 'ADMIN') return;
  const [plannedLines, supplementaryLines] = await Promise.all([api.lines(rid, 'planned'), api.lines(rid, 'supplementary')]);
  const listOf = (kind, lines, frozenAt) => {
    const slot = h('div');
    if (!lines.length) return h('p', { class: 'muted' }, 'Chưa có dòng nào.');
    const rows = lines.map((line) => {
      const cadreCell = h('td', {}, nameOf(line.cadreId));
      const positionCell = h('td', {}, positions.get(line.positionId)?.name || '');
      const actions = h('td', { class: 'actions' });
      const label = `${nameOf(line.cadreId)} — ${positions.get(line.positionId)?.name || ''}`;
      const view = () => {
        fill(cadreCell, nameOf(line.cadreId));
        fill(positionCell, positions.get(line.positionId)?.name || '');
        fill(actions, rowActions(edit, () => confirmDelete(actions,
          `Xóa dòng ${kind === 'planned' ? 'quy hoạch' : 'bổ sung'}: ${nameOf(line.cadreId)}, chức danh ${positions.get(line.positionId)?.name || ''}?`,
          async () => { await api.deleteLine(rid, kind, line.id); await reload(); }, slot), label));
      };
      const edit = () => {
        const cadre = cadreSelect(`${line.id}-cadre`, cadres);
        const position = positionSelect(`${line.id}-position`, review.positions || []);
        cadre.value = line.cadreId;
        position.value = line.positionId;
        cadre.setAttribute('aria-label', 'Cán bộ');
        position.setAttribute('aria-label', 'Chức danh');
        const save = h('button', { class: 'btn primary small', type: 'button' }, 'Lưu');
        save.addEventListener('click', () => busy(save, slot, async () => {
          if (!cadre.value || !position.value) throw new Error('Vui lòng chọn cán bộ và chức danh.');
          await api.updateLine(rid, kind, line.id, cadre.value, position.value);
          await reload();
        }));
        fill(cadreCell, cadre);
        fill(positionCell, position);
        fill(actions, h('div', { class: 'row' }, save, h('button', { class: 'btn quiet small', type: 'button', onclick: view }, 'Hủy')));
      };
      view();
      return h('tr', { dataset: { line: line.id } }, cadreCell, positionCell, actions);
    });
    return h('div', {}, h('p', { class: 'muted' }, `Sửa hoặc xóa được đến khi mở phiên bỏ phiếu bước ${frozenAt}.`), slot,
      h('div', { class: 'table-wrap' }, h('table', { id: `${kind}-lines` },
        h('thead', {}, h('tr', {}, ['Cán bộ', 'Chức danh', ''].map((t) => h('th', {}, t)))), h('tbody', {}, rows))));
  };
  const lineImport = (kind, title) => csvImport({
    id: `${kind}-import`,
    title,
    help: 'Dòng đầu là tên cột: Họ và tên, Ngày sinh, Chức danh quy hoạch (hoặc fullName,birthDate,position). '
      + 'Cán bộ phải có sẵn trong danh sách cán bộ; ngày sinh dạng 30/04/1975, bắt buộc khi có hai cán bộ trùng họ tên; '
      + 'chức danh ghi đúng tên đã khai ở phần Chức danh. Dòng đã có trong quy hoạch hoặc danh sách bổ sung được báo lỗi, không nhập hai lần.',
    example: 'Họ và tên;Ngày sinh;Chức danh quy hoạch\nNguyễn Văn An;30/04/1975;Bí thư Tỉnh ủy',
    columns: ['fullName', 'birthDate', 'position'],
    labels: { fullName: 'Họ và tên', birthDate: 'Ngày sinh', position: 'Chức danh quy hoạch' },
    template: `/api/v1/templates/${kind}.xlsx`,
    send: (content, options) => api.importLines(rid, kind, content, options),
    done: reload,
  });
  const pairForm = (kind, title, help, call, lines, frozenAt) => {
    const cadre = cadreSelect(`${kind}-cadre`, cadres);
    const position = positionSelect(`${kind}-position`, review.positions || []);
    const slot = h('div');
    const submit = h('button', { class: 'btn primary', type: 'submit' }, 'Thêm');
    const form = h('form', { class: 'card', id: `${kind}-form` }, h('h2', {}, title), h('p', { class: 'muted' }, help),
      h('h3', {}, `Các dòng hiện có (${lines.length})`), listOf(kind, lines, frozenAt),
      h('h3', {}, 'Thêm một dòng'),
      h('div', { class: 'grid2' }, field(`${kind}-cadre`, 'Cán bộ', cadre), field(`${kind}-position`, 'Chức danh', position)), slot, submit);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(submit, slot, async () => {
        if (!cadre.value || !position.value) throw new Error('Vui lòng chọn cán bộ và chức danh.');
        await call(cadre.value, position.value);
        await reload();
      });
    });
    return form;
  };
  body.append(
    pairForm('planned', 'Cán bộ đã trong quy hoạch trước đợt rà soát', 'Mỗi dòng là một cán bộ đang được quy hoạch vào một chức danh; Hội nghị Ban Thường vụ (bước 1) rà soát các dòng này.',
      (c, p) => api.addPlanned(rid, c, p), plannedLines, 1),
    lineImport('planned', 'Nhập danh sách quy hoạch từ tệp Excel hoặc CSV'),
    pairForm('supplementary', 'Danh sách bổ sung được Ban Thường vụ thông qua (in trên phiếu bước 2)', 'Cán bộ được Ban Thường vụ thông qua ở bước 1 để đưa ra Hội nghị cán bộ chủ chốt giới thiệu.',
      (c, p) => api.addSupplementary(rid, c, p), supplementaryLines, 2),
    lineImport('supplementary', 'Nhập danh sách bổ sung từ tệp Excel hoặc CSV'));
}

function conferencesTab(ctx) {
  const { api, review, rid, body } = ctx;
  const confs = [...(review.conferences || [])].sort((a, b) => a.step - b.step);
  fill(body, h('div', { class: 'card' }, h('h2', {}, 'Hội nghị của đợt rà soát'),
    confs.length
      ? h('ul', { class: 'link-list', id: 'conferences' }, confs.map((c) => h('li', {},
        h('a', { href: `#/conference/${encodeURIComponent(c.id)}` }, `Bước ${c.step}: ${c.title}`),
        h('span', { class: 'muted' }, ` — ngày ${longDate(c.date)}`),
        ' ', h('a', { class: 'small', href: `/screen/?conference=${encodeURIComponent(c.id)}`, target: '_blank' }, 'màn hình hội trường'))))
      : h('p', { class: 'muted' }, 'Chưa có hội nghị nào.')));

  // creation with the rules explained
  const step = h('select', {}, [1, 2, 3, 4].map((n) => h('option', { value: String(n) }, STEP_TITLES[n])));
  step.value = String(Math.min(4, (confs.at(-1)?.step || 0) + 1));
  const title = h('input', { type: 'text' });
  const when = h('input', { type: 'date', value: today() });
  const r = {
    comparator: h('select', {}, h('option', { value: '>' }, 'trên (>)'), h('option', { value: '>=' }, 'từ … trở lên (≥)')),
    numerator: h('input', { type: 'number', min: '1' }), denominator: h('input', { type: 'number', min: '1' }),
    base: h('select', {}, h('option', { value: 'CONVENED' }, 'số người được triệu tập'), h('option', { value: 'PRESENT' }, 'số người có mặt')),
    selection: h('select', {}, h('option', { value: 'ALL_PASSING' }, 'mọi người đạt tỷ lệ'), h('option', { value: 'TOP_DOWN' }, 'lấy từ cao xuống thấp đến đủ số còn thiếu')),
    quorumN: h('input', { type: 'number', min: '1' }), quorumD: h('input', { type: 'number', min: '1' }),
    announced: h('input', { type: 'checkbox' }), allowNominations: h('input', { type: 'checkbox' }),
    encrypted: h('input', { type: 'checkbox', id: 'rule-encrypted' }),
  };
  const explanation = h('ul', { class: 'rules', id: 'rules-explained' });
  const rules = () => ({
    threshold: { comparator: r.comparator.value, numerator: Number(r.numerator.value), denominator: Number(r.denominator.value) },
    base: r.base.value, announced: r.announced.checked, selection: r.selection.value,
    quorum: { numerator: Number(r.quorumN.value), denominator: Number(r.quorumD.value) },
    allowNominations: r.allowNominations.checked,
    encryption: r.encrypted.checked ? 'COMMITTEE' : 'NONE',
  });
  const explain = () => fill(explanation, explainRules(rules(), Number(step.value)).map((t) => h('li', {}, t)));
  const setDefaults = () => {
    const d = DEFAULT_RULES[step.value];
    title.value = CONFERENCE_TITLES[step.value];
    r.comparator.value = d.threshold.comparator; r.numerator.value = d.threshold.numerator; r.denominator.value = d.threshold.denominator;
    r.base.value = d.base; r.selection.value = d.selection; r.quorumN.value = d.quorum.numerator; r.quorumD.value = d.quorum.denominator;
    r.announced.checked = d.announced; r.allowNominations.checked = d.allowNominations;
    r.encrypted.checked = true; // protocol v2 unless the secretariat runs a trial
    explain();
  };
  step.addEventListener('change', setDefaults);
  for (const input of Object.values(r)) input.addEventListener('change', explain);
  const slot = h('div');
  const submit = h('button', { class: 'btn primary', type: 'submit' }, 'Tạo hội nghị');
  const form = h('form', { class: 'card', id: 'new-conference' }, h('h2', {}, 'Tạo hội nghị'),
    field('conference-step', 'Bước', step),
    h('div', { class: 'grid2' }, field('conference-title', 'Tên hội nghị', title), field('conference-date', 'Ngày họp', when)),
    h('h3', {}, 'Quy tắc của hội nghị'),
    h('p', { class: 'muted' }, 'Mặc định theo Kế hoạch rà soát; chỉ đổi khi cấp có thẩm quyền quyết định khác. Quy tắc được ghi vào biên bản và hồ sơ niêm phong.'),
    explanation,
    h('details', {}, h('summary', {}, 'Điều chỉnh quy tắc'),
      h('div', { class: 'grid3' },
        field('rule-comparator', 'Điều kiện đạt', r.comparator),
        field('rule-numerator', 'Tỷ lệ: tử số', r.numerator), field('rule-denominator', 'Tỷ lệ: mẫu số', r.denominator),
        field('rule-base', 'Tính trên', r.base), field('rule-selection', 'Cách chọn', r.selection),
        h('div', {}, field('rule-quorumN', 'Số lượng tối thiểu: tử số', r.quorumN), field('rule-quorumD', 'mẫu số', r.quorumD))),
      h('label', { class: 'inline' }, r.announced, 'Công bố kết quả tại hội nghị'),
      h('label', { class: 'inline' }, r.allowNominations, 'Cho phép giới thiệu thêm cán bộ ngoài danh sách in sẵn'),
      h('label', { class: 'inline' }, r.encrypted, 'Mã hóa phiếu điện tử cho Ban kiểm phiếu (khuyến nghị; chỉ bỏ chọn khi chạy thử)')),
    slot, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(submit, slot, async () => {
      if (!title.value.trim()) throw new Error('Vui lòng nhập tên hội nghị.');
      if (!isRealDate(when.value)) throw new Error('Ngày họp không hợp lệ.');
      const { id } = await api.createConference(rid, { step: Number(step.value), title: title.value.trim(), date: when.value, rules: rules() });
      ctx.go(`#/conference/${encodeURIComponent(id)}/roster`);
    });
  });
  setDefaults();
  body.append(form);
}

