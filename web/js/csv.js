// CSV reading for the import previews (RFC 4180: quoted fields, doubled quotes, CRLF or LF).
// The server checks every row again; the preview only lets the secretariat see mistakes early.

/** Parses CSV text into rows of strings; a leading BOM is dropped. */
export function parseCsv(text) {
  const src = String(text || '').replace(/^\uFEFF/, '');
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      row.push(field); field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

/**
 * Reads a CSV with a header row into {header, records:[{line, values}], problems:[{line, text}]},
 * checking each record with `checkRow(values) -> [problem text…]`. Line numbers count the
 * header as line 1, as a spreadsheet shows them.
 */
export function readTable(text, required, checkRow) {
  const rows = parseCsv(text);
  const problems = [];
  if (!rows.length) return { header: [], records: [], problems: [{ line: 1, text: 'Tệp trống.' }] };
  const header = rows[0].map((h) => h.trim());
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length) problems.push({ line: 1, text: `Dòng tiêu đề thiếu cột: ${missing.join(', ')}.` });
  const records = rows.slice(1).map((cells, i) => {
    const values = {};
    header.forEach((name, k) => { values[name] = (cells[k] ?? '').trim(); });
    const line = i + 2;
    if (cells.length > header.length) problems.push({ line, text: `có ${cells.length} cột, nhiều hơn dòng tiêu đề (${header.length}).` });
    for (const text of checkRow(values)) problems.push({ line, text });
    return { line, values };
  });
  return { header, records, problems };
}

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks that a YYYY-MM-DD text is a real calendar date. */
export function isRealDate(text) {
  if (!ISO_DATE.test(text)) return false;
  const [y, m, d] = text.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
