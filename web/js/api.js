// Fetch wrappers for the HTTP API (../shared/spec/API.md). Every failure becomes an ApiError
// carrying the server's Vietnamese message, so pages can show it as it is.

const BASE = '/api/v1';

export const NETWORK_MESSAGE =
  'Không kết nối được với máy chủ. Kiểm tra mạng (Wi‑Fi) rồi thử lại.';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status; // 0 when the request never reached the server
    this.code = code;
  }
  get network() { return this.status === 0; }
}

/**
 * One HTTP call. `token` adds the Bearer header; `anonymous` sends neither header nor cookie
 * (the ballot box must not be able to tell who casts); `csv` sends text/csv.
 *
 * An anonymous call carries only what every browser of the hall sends: no Authorization, no
 * cookie (credentials 'omit'), no referrer, nothing from the HTTP cache ('no-store'), no
 * keepalive, no redirect followed. The server closes the connection after every answer to a
 * tablet's authenticated call (Connection: close), so the cast that follows goes out on a
 * fresh TLS connection (docs/threat-model.md, "The tablet's cast").
 */
export async function call(method, path, { body, token, csv, xlsx, anonymous = false, raw = false, blob = false } = {}) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (xlsx !== undefined) {
    headers['Content-Type'] = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    payload = xlsx;
  } else if (csv !== undefined) {
    headers['Content-Type'] = 'text/csv; charset=utf-8';
    payload = csv;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (token && !anonymous) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(BASE + path, {
      method, headers, body: payload,
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
      ...(anonymous ? { keepalive: false, mode: 'same-origin', redirect: 'error' } : {}),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', NETWORK_MESSAGE);
  }
  if (blob && response.ok) return { status: response.status, data: await response.blob() };
  const text = await response.text().catch(() => '');
  if (raw && response.ok) return { status: response.status, data: text };
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch { json = null; }
  }
  if (!response.ok) {
    const err = json && json.error;
    throw new ApiError(response.status, err?.code || `HTTP_${response.status}`,
      err?.message || fallbackMessage(response.status));
  }
  return { status: response.status, data: json };
}

function fallbackMessage(status) {
  if (status === 401) return 'Phiên đăng nhập đã hết hạn hoặc không hợp lệ. Vui lòng đăng nhập lại.';
  if (status === 403) return 'Tài khoản này không có quyền thực hiện thao tác.';
  if (status === 404) return 'Không tìm thấy dữ liệu được yêu cầu.';
  if (status >= 500) return `Máy chủ gặp lỗi (HTTP ${status}). Vui lòng thử lại sau giây lát.`;
  return `Yêu cầu không thành công (HTTP ${status}).`;
}

const seg = encodeURIComponent;

/** The API as seen by one caller: a staff member, a tablet, or nobody (screen, ballot box). */
export class Api {
  constructor(tokenProvider = () => null) {
    this.tokenOf = tokenProvider;
  }

  async req(method, path, body) {
    return (await call(method, path, { body, token: this.tokenOf() })).data;
  }

  // ---- staff
  login(username, password) { return this.req('POST', '/login', { username, password }); }
  /** Revokes this caller's token on the server (staff session or tablet). */
  logout() { return this.req('POST', '/logout', {}); }
  createUser(user) { return this.req('POST', '/users', user); }

  // ---- review set-up
  listReviews() { return this.req('GET', '/reviews'); }
  createReview(name, referenceDate) { return this.req('POST', '/reviews', { name, referenceDate }); }
  review(rid) { return this.req('GET', `/reviews/${seg(rid)}`); }
  addPosition(rid, position) { return this.req('POST', `/reviews/${seg(rid)}/positions`, position); }
  addCadre(rid, cadre) { return this.req('POST', `/reviews/${seg(rid)}/cadres`, cadre); }
  updatePosition(rid, pid, position) { return this.req('PUT', `/reviews/${seg(rid)}/positions/${seg(pid)}`, position); }
  deletePosition(rid, pid) { return this.req('DELETE', `/reviews/${seg(rid)}/positions/${seg(pid)}`); }
  updateCadre(rid, id, cadre) { return this.req('PUT', `/reviews/${seg(rid)}/cadres/${seg(id)}`, cadre); }
  deleteCadre(rid, id) { return this.req('DELETE', `/reviews/${seg(rid)}/cadres/${seg(id)}`); }
  /** The lines of 'planned' or 'supplementary' with their ids. */
  lines(rid, list) { return this.req('GET', `/reviews/${seg(rid)}/${list}`); }
  updateLine(rid, list, lid, cadreId, positionId) { return this.req('PUT', `/reviews/${seg(rid)}/${list}/${seg(lid)}`, { cadreId, positionId }); }
  deleteLine(rid, list, lid) { return this.req('DELETE', `/reviews/${seg(rid)}/${list}/${seg(lid)}`); }
  async importLines(rid, list, content, { preview = false } = {}) {
    return this.upload(`/reviews/${seg(rid)}/${list}/import`, content, preview);
  }
  /** A list as CSV text or as the bytes of a chosen file (.xlsx or CSV); `preview` writes nothing. */
  async importCadres(rid, content, { preview = false } = {}) {
    return this.upload(`/reviews/${seg(rid)}/cadres/import`, content, preview);
  }
  async upload(path, content, preview) {
    const isText = typeof content === 'string';
    const zip = !isText && content.length > 3 && content[0] === 0x50 && content[1] === 0x4b;
    const options = { token: this.tokenOf() };
    if (isText) options.csv = content; else if (zip) options.xlsx = content; else options.csv = content;
    return (await call('POST', path + (preview ? '?preview=true' : ''), options)).data;
  }
  /** An authenticated download (an Excel export) as a Blob. */
  async download(path) {
    return (await call('GET', path, { token: this.tokenOf(), blob: true })).data;
  }
  cadres(rid) { return this.req('GET', `/reviews/${seg(rid)}/cadres`); }
  addPlanned(rid, cadreId, positionId) { return this.req('POST', `/reviews/${seg(rid)}/planned`, { cadreId, positionId }); }
  addSupplementary(rid, cadreId, positionId) { return this.req('POST', `/reviews/${seg(rid)}/supplementary`, { cadreId, positionId }); }
  planning(rid) { return this.req('GET', `/reviews/${seg(rid)}/planning`); }

  // ---- conferences and attendance
  createConference(rid, conference) { return this.req('POST', `/reviews/${seg(rid)}/conferences`, conference); }
  conference(cid) { return this.req('GET', `/conferences/${seg(cid)}`); }
  delegates(cid) { return this.req('GET', `/conferences/${seg(cid)}/delegates`); }
  addDelegate(cid, delegate) { return this.req('POST', `/conferences/${seg(cid)}/delegates`, delegate); }
  updateDelegate(cid, did, delegate) { return this.req('PUT', `/conferences/${seg(cid)}/delegates/${seg(did)}`, delegate); }
  deleteDelegate(cid, did) { return this.req('DELETE', `/conferences/${seg(cid)}/delegates/${seg(did)}`); }
  async importDelegates(cid, content, { preview = false } = {}) {
    return this.upload(`/conferences/${seg(cid)}/delegates/import`, content, preview);
  }
  exclude(cid, did, reason) { return this.req('POST', `/conferences/${seg(cid)}/delegates/${seg(did)}/exclusion`, { reason }); }
  unexclude(cid, did) { return this.req('DELETE', `/conferences/${seg(cid)}/delegates/${seg(did)}/exclusion`); }
  checkIn(cid, did) { return this.req('POST', `/conferences/${seg(cid)}/delegates/${seg(did)}/check-in`, {}); }
  /** Ends the conference: every tablet of it is unpaired, no more check-in. */
  endConference(cid) { return this.req('POST', `/conferences/${seg(cid)}/end`, {}); }
  checkOut(cid, did) { return this.req('POST', `/conferences/${seg(cid)}/delegates/${seg(did)}/check-out`, {}); }
  attendance(cid) { return this.req('GET', `/conferences/${seg(cid)}/attendance`); }
  screen(cid) { return this.req('GET', `/conferences/${seg(cid)}/screen`); }

  // ---- tablet
  pair(pairingCode) { return this.req('POST', '/tablet/pair', { pairingCode }); }
  /** Pairs with the secret of the desk's QR code (never rate-limited, unlike the typed code). */
  pairBySecret(pairingSecret) { return this.req('POST', '/tablet/pair', { pairingSecret }); }
  tabletState() { return this.req('GET', '/tablet/state'); }
  /** The review's cadres (id, fullName, title, unit) a tablet prints its ballot and write-ins with. */
  tabletCadres() { return this.req('GET', '/tablet/cadres'); }

  // ---- rounds
  createRound(cid, content = {}) { return this.req('POST', `/conferences/${seg(cid)}/rounds`, content); }
  round(id) { return this.req('GET', `/rounds/${seg(id)}`); }
  openRound(id, reason) { return this.req('POST', `/rounds/${seg(id)}/open`, reason ? { reason } : {}); }
  closeRound(id) { return this.req('POST', `/rounds/${seg(id)}/close`, {}); }
  /** Issued but not cast, and who present has no ballot: what the secretariat checks before a close. */
  returns(id) { return this.req('GET', `/rounds/${seg(id)}/returns`); }
  summary(id) { return this.req('GET', `/rounds/${seg(id)}/summary`); }
  minutesDetails(cid) { return this.req('GET', `/conferences/${seg(cid)}/minutes-details`); }
  setMinutesDetails(cid, details) { return this.req('PUT', `/conferences/${seg(cid)}/minutes-details`, details); }
  /** Đổi phiếu: {delegateId, kind: ELECTRONIC | PAPER, reason, confirmedNotVoted}. */
  replace(id, replacement) { return this.req('POST', `/rounds/${seg(id)}/replacements`, replacement); }
  issue(id, blindedMessage) { return this.req('POST', `/rounds/${seg(id)}/issue`, { blindedMessage }); }
  /** The ballot box: no Authorization header, no cookie, whoever this Api belongs to. */
  async cast(id, request) {
    return call('POST', `/rounds/${seg(id)}/ballots`, { body: request, anonymous: true });
  }
  paperIssue(id, delegateId) { return this.req('POST', `/rounds/${seg(id)}/paper-issue`, { delegateId }); }
  paperBallot(id, choices, invalid = false) { return this.req('POST', `/rounds/${seg(id)}/paper-ballots`, { choices, invalid }); }
  result(id) { return this.req('GET', `/rounds/${seg(id)}/result`); }
  decide(id, positionId, chosen) { return this.req('POST', `/rounds/${seg(id)}/decisions`, { positionId, chosen }); }
  record(id) { return this.req('GET', `/rounds/${seg(id)}/record`); }
  /** The sealed record exactly as the server sent it, for download. */
  async recordText(id) {
    return (await call('GET', `/rounds/${seg(id)}/record`, { token: this.tokenOf(), raw: true })).data;
  }
  /** Every sealed version of a round's record: [{version, sha256, supersedes}]. */
  records(id) { return this.req('GET', `/rounds/${seg(id)}/records`); }
  /** One sealed version exactly as the server sent it, for download. */
  async recordVersionText(id, version) {
    return (await call('GET', `/rounds/${seg(id)}/records/${seg(String(version))}`, { token: this.tokenOf(), raw: true })).data;
  }
  receipt(id, receipt) { return this.req('GET', `/rounds/${seg(id)}/receipts/${seg(receipt)}`); }
  sealKey() { return this.req('GET', '/seal-key'); }
  verifier() { return this.req('GET', '/verifier'); }
  serverInfo() { return this.req('GET', '/server-info'); }
  /** Free space of the data folder's disk and the margin under which the console warns. */
  storage() { return this.req('GET', '/server/storage'); }
}

/** Staff session kept per browser tab (sessionStorage), so closing the tab logs out. */
export class StaffSession {
  constructor(page) {
    this.key = `phieukin.staff.${page}`;
    const saved = sessionStorage.getItem(this.key);
    this.data = saved ? JSON.parse(saved) : null;
    this.api = new Api(() => this.data?.token ?? null);
  }
  get loggedIn() { return this.data !== null; }
  get role() { return this.data?.role; }
  get displayName() { return this.data?.displayName; }
  async login(username, password) {
    const answer = await this.api.login(username, password);
    this.data = { token: answer.token, role: answer.role, displayName: answer.displayName || username };
    sessionStorage.setItem(this.key, JSON.stringify(this.data));
    return this.data;
  }
  /** Forgets the session here and revokes its token on the server (best effort: offline it simply expires). */
  logout() {
    const token = this.data?.token;
    this.data = null;
    sessionStorage.removeItem(this.key);
    if (token) call('POST', '/logout', { body: {}, token }).catch(() => {});
  }
}
