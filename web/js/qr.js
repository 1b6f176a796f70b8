// The check-in desk's QR code: the tablet page's address with the pairing secret in the
// fragment (never sent to the server as part of the URL), so a tablet's camera app or the
// page's own scanner can pair without typing. The secret is 128 random bits, unlike the
// 8-digit code, so the server never rate-limits it: it pairs even while a guesser behind the
// hall's NAT has the typed codes refused.

import qrcode from '../vendor/qrcode-generator/qrcode.mjs';

export function pairingUrl(secret) {
  return `${location.origin}/tablet/#qr=${secret}`;
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
