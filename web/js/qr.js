// The check-in desk's QR code: the tablet page's address with the pairing secret in the
// fragment (never sent to the server as part of the URL), so a tablet's camera app or the
// page's own scanner can pair without typing. The secret is 128 random bits, unlike the
// 8-digit code, so the server never rate-limits it: it pairs even while a guesser behind the
// hall's NAT has the typed codes refused.

import qrcode from '../vendor/qrcode-generator/qrcode.mjs';

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\])$/i;

/** Whether this page was opened at an address only this machine can reach. */
export function openedAtLoopback(hostname = location.hostname) {
  return LOOPBACK.test(hostname);
}

// The address the QR codes send tablets to: this page's own, unless it was opened at localhost,
// in which case the server's LAN address (GET /api/v1/server-info), never the tablet's own localhost.
let hallOrigin = null;

/** Learns the hall address once; answers the warning the console shows (null when none is needed). */
export async function learnHallOrigin(api) {
  if (!openedAtLoopback()) {
    hallOrigin = location.origin;
    return null;
  }
  const info = await api.serverInfo().catch(() => ({ hallUrls: [] }));
  const urls = info.hallUrls || [];
  hallOrigin = urls[0] || null;
  return hallOrigin
    ? `Bảng điều khiển đang mở tại ${location.host} (chỉ máy chủ truy cập được). Mã QR và địa chỉ in ra dùng địa chỉ mạng nội bộ ${hallOrigin}: máy tính bảng phải kết nối cùng mạng với máy chủ.`
    : `Bảng điều khiển đang mở tại ${location.host} và máy chủ không có địa chỉ mạng nội bộ: máy tính bảng sẽ không kết nối được. Hãy nối máy chủ vào mạng của hội trường rồi khởi động lại.`;
}

/** The tablet page's address on the hall network (what the server prints at start). */
export function tabletAddress() {
  return `${hallOrigin || location.origin}/tablet/`;
}

export function pairingUrl(secret) {
  return `${tabletAddress()}#qr=${secret}`;
}

/** The counting committee's member page on the hall network. */
export function committeeAddress() {
  return `${hallOrigin || location.origin}/committee/`;
}

/** A committee member's pairing QR: the member page with the desk's 8-digit code in the fragment. */
export function committeeUrl(code) {
  return `${committeeAddress()}#code=${code}`;
}

/** An <img> of the QR code for `text`, `pixels` wide. */
export function qrImage(text, pixels = 280, alt = 'Mã QR') {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const cells = qr.getModuleCount() + 8;
  const cell = Math.max(2, Math.floor(pixels / cells));
  const img = document.createElement('img');
  img.src = qr.createDataURL(cell, cell * 4);
  img.alt = alt;
  img.width = cells * cell;
  img.height = cells * cell;
  img.className = 'qr';
  return img;
}
