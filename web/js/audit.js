// The Inspection Committee's page: each closed round's sealed record with its fingerprint,
// the seal public key, and the exact command that checks a record offline.

import { StaffSession } from './api.js';
import { h, fill, message, busy, loginForm, topbar, date, longDate } from './ui.js';
import { fromBase64url } from './crypto/b64url.js';
import { closedRounds } from './rounds-index.js';
import { recordFingerprint } from './minutes.js';

const session = new StaffSession('audit');
const bar = document.getElementById('bar');
const app = document.getElementById('app');

const KEY_FILE = 'seal-ed25519.pub.pem';
const JAR = 'phieukin.jar';

/** SPKI PEM of a raw 32-byte Ed25519 public key (RFC 8410): the form the verifier reads. */
export function ed25519Pem(rawBase64url) {
  const raw = fromBase64url(rawBase64url);
  if (raw.length !== 32) throw new Error('Khóa niêm phong Ed25519 phải dài 32 byte.');
  const der = new Uint8Array([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, ...raw]);
  const b64 = btoa(String.fromCharCode(...der));
  return `-----BEGIN PUBLIC KEY-----\n${b64}\n-----END PUBLIC KEY-----\n`;
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function recordFile(roundId, version) {
  return version ? `phieukin-record-${roundId}-v${version}.json` : `phieukin-record-${roundId}.json`;
}

/**
 * Every sealed version of the round's record (a chair decision supersedes the record), each to
 * download, and for each later one the command that checks it against the one it supersedes.
 */
async function versionsList(roundId) {
  let versions;
  try {
    versions = await session.api.records(roundId);
  } catch (error) {
    return message('error', error.message);
  }
  if (versions.length < 2) return null;
  return h('div', { class: 'versions' },
    h('p', {}, `Hồ sơ có ${versions.length} phiên bản niêm phong (mỗi quyết định của Bí thư lập một phiên bản mới thay thế phiên bản trước):`),
    h('ul', {}, versions.map((v) => {
      const button = h('button', { class: 'btn small', type: 'button', dataset: { version: String(v.version) } },
        `Tải phiên bản ${v.version} (${recordFile(roundId, v.version)})`);
      button.addEventListener('click', async () => {
        try {
          download(recordFile(roundId, v.version), await session.api.recordVersionText(roundId, v.version), 'application/json');
        } catch (error) {
          button.after(message('error', error.message));
        }
      });
      const previous = versions.find((p) => p.sha256 === v.supersedes);
      const command = previous
        ? `java -jar phieukin.jar verify ${recordFile(roundId, v.version)} --seal-key ${KEY_FILE} --previous ${recordFile(roundId, previous.version)}`
        : null;
      return h('li', { class: 'record-version' },
        h('div', {}, `Phiên bản ${v.version}: mã băm `, h('code', { class: 'wrap' }, v.sha256)),
        v.supersedes ? h('div', { class: 'muted' }, 'Thay thế hồ sơ có mã băm ', h('code', { class: 'wrap' }, v.supersedes),
          previous ? ` (phiên bản ${previous.version})` : ' (không có trong danh sách: cần hỏi Ban Tổ chức)') : null,
        button,
        command ? [h('pre', { class: 'command' }, command), copyButton(command, 'Sao chép lệnh')] : null);
    })));
}

function copyButton(text, label = 'Sao chép') {
  const button = h('button', { class: 'btn quiet small', type: 'button' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Đã sao chép';
    } catch {
      button.textContent = 'Không sao chép được — hãy chọn và sao chép bằng tay';
    }
  });
  return button;
}

function logout() {
  session.logout();
  show();
}

async function show() {
  fill(bar, topbar('Ủy ban Kiểm tra', session, logout));
  if (!session.loggedIn) {
    fill(app, loginForm(session, ['AUDITOR', 'ADMIN'], () => show(), 'Đăng nhập — Ủy ban Kiểm tra'));
    return;
  }
  fill(app, h('p', { class: 'center' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Đang tải…'));
  try {
    const seal = await session.api.sealKey();
    const verifier = await session.api.verifier().catch(() => ({ available: false }));
    let pem = null;
    try { pem = ed25519Pem(seal.publicKey); } catch { pem = null; }
    const rounds = await closedRounds(session.api);
    const rows = [];
    for (const entry of rounds) rows.push(await roundCard(entry, seal));
    fill(app,
      h('h1', {}, 'Kiểm tra hồ sơ niêm phong'),
      h('div', { class: 'card', id: 'seal-key' },
        h('h2', {}, 'Khóa công khai niêm phong'),
        h('p', {}, `Thuật toán ${seal.alg}; mã khóa (keyId): `, h('code', { id: 'key-id' }, seal.keyId)),
        h('p', {}, 'Khóa (base64url): ', h('code', { class: 'wrap', id: 'public-key' }, seal.publicKey), ' ', copyButton(seal.publicKey)),
        h('p', { class: 'muted' }, 'Đối chiếu mã khóa này với mã khóa Ban Tổ chức bàn giao trực tiếp (ví dụ in trên biên bản) trước khi tin vào kết quả kiểm tra.'),
        pem ? h('button', { class: 'btn', type: 'button', id: 'download-key', onclick: () => download(KEY_FILE, pem, 'application/x-pem-file') }, `Tải khóa (${KEY_FILE})`)
          : message('error', 'Máy chủ trả về khóa niêm phong không đúng dạng Ed25519 (32 byte).')),
      verifierCard(verifier),
      h('div', { class: 'card' },
        h('h2', {}, 'Cách kiểm tra'),
        h('ol', {},
          h('li', {}, `Tải chương trình kiểm tra (${JAR}), khóa công khai (${KEY_FILE}) và hồ sơ niêm phong của phiên cần kiểm tra vào cùng một thư mục.`),
          h('li', {}, 'Trên máy tính của Ủy ban Kiểm tra (cần Java 17 trở lên, không cần kết nối máy chủ), mở cửa sổ dòng lệnh tại thư mục đó và chạy lệnh ghi dưới mỗi phiên.'),
          h('li', {}, 'Kết quả 0: mọi kiểm tra đều đạt; 1: có kiểm tra không đạt (chương trình ghi rõ mục V1–V9); 2: không đọc được hồ sơ.'),
          h('li', {}, 'Chương trình in “Mã băm hồ sơ”: so với mã băm trên biên bản và trên màn hình hội trường. Đó là SHA-256 của dạng chuẩn JCS (RFC 8785) của toàn bộ hồ sơ, không phải của tệp tải về, nên kết quả của sha256sum trên tệp hồ sơ khác là bình thường.'))),
      h('h2', {}, `Các phiên đã kết thúc (${rounds.length})`),
      rows.length ? rows : h('p', { class: 'muted' }, 'Chưa có phiên bỏ phiếu nào kết thúc.'));
  } catch (error) {
    if (error.status === 401) { session.logout(); show(); return; }
    fill(app, message('error', error.message));
  }
}

/** The verifier the server runs from, with its SHA-256 to compare before trusting it. */
function verifierCard(verifier) {
  const check = `sha256sum -c ${JAR}.sha256`;
  return h('div', { class: 'card', id: 'verifier' },
    h('h2', {}, 'Chương trình kiểm tra'),
    verifier.available
      ? [h('p', {}, `Tệp ${JAR} (${Math.round(verifier.size / 1048576)} MB), mã băm SHA-256: `, h('code', { class: 'wrap', id: 'verifier-sha256' }, verifier.sha256), ' ', copyButton(verifier.sha256)),
        h('p', {},
          h('a', { class: 'btn', href: `/verifier/${JAR}`, download: JAR, id: 'download-verifier' }, `Tải chương trình kiểm tra (${JAR})`), ' ',
          h('a', { class: 'btn quiet', href: `/verifier/${JAR}.sha256`, download: `${JAR}.sha256` }, `Tải tệp mã băm (${JAR}.sha256)`)),
        h('p', { class: 'muted' }, 'Đối chiếu mã băm với bản Ban Tổ chức bàn giao trực tiếp; kiểm tra tệp tải về bằng lệnh:'),
        h('pre', { class: 'command' }, check), copyButton(check, 'Sao chép lệnh')]
      : message('warn', `Máy chủ này không chạy từ tệp ${JAR} nên không có bản chương trình kiểm tra để tải; hãy nhận tệp ${JAR} từ Ban Tổ chức.`));
}

async function roundCard({ review, conference, round, number }, seal) {
  const slot = h('div');
  let text = null;
  let record = null;
  try {
    text = await session.api.recordText(round.id);
    record = JSON.parse(text);
  } catch (error) {
    slot.append(message('error', error.message));
  }
  const fingerprint = record ? await recordFingerprint(record) : null;
  const keyId = record?.seal?.keyId;
  const command = `java -jar phieukin.jar verify ${recordFile(round.id)} --seal-key ${KEY_FILE}`;
  const inline = `java -jar phieukin.jar verify ${recordFile(round.id)} --seal-key ${seal.publicKey}`;
  return h('section', { class: 'card audit-round', dataset: { round: round.id } },
    h('h3', {}, `${conference.title} — phiên ${number}`),
    h('p', { class: 'muted' }, `${review.name}; bước ${conference.step}; ngày ${longDate(conference.date)}`),
    record ? h('ul', {},
      h('li', {}, 'Mã khóa niêm phong: ', h('code', {}, keyId || '—'),
        keyId && keyId !== seal.keyId ? h('strong', { class: 'badge warn' }, ' khác khóa hiện tại') : null),
      h('li', {}, 'Mã băm SHA-256 của hồ sơ: ', h('code', { class: 'wrap fingerprint' }, fingerprint || '—')),
      record.supersedes ? h('li', {}, 'Thay thế hồ sơ trước (sau quyết định của Bí thư), mã băm: ', h('code', { class: 'wrap' }, record.supersedes)) : null,
      h('li', {}, `Số phiếu trong hồ sơ: ${(record.ballots || []).length} phiếu điện tử, ${(record.paperBallots || []).length} phiếu giấy.`)) : null,
    slot,
    text ? h('button', { class: 'btn primary', type: 'button', onclick: () => download(recordFile(round.id), text, 'application/json') }, `Tải hồ sơ (${recordFile(round.id)})`) : null,
    h('p', {}, 'Lệnh kiểm tra:'),
    h('pre', { class: 'command' }, command), copyButton(command, 'Sao chép lệnh'),
    h('details', {}, h('summary', {}, 'Hoặc ghi khóa trực tiếp trong lệnh'), h('pre', { class: 'command' }, inline)),
    record ? await versionsList(round.id) : null);
}

show();
