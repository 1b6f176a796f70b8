// Pairing with the desk's QR code (issue 9): the QR holds the tablet page's address with
// #qr=<secret>, a 128-bit random secret that the server never rate-limits (unlike the typed
// 8-digit code), so a tablet pairs by QR even while a guesser behind the hall's NAT has the
// typed codes from that address refused. Kept apart from tablet.js, which only calls these.

const SECRET = /(?:^|[#&?])qr=([A-Za-z0-9_-]{22,64})(?:$|&)/;

/** The pairing secret in a scanned text or a page fragment (`qr=…`), or null. */
export function qrSecret(text) {
  const found = SECRET.exec(String(text || '').trim());
  return found ? found[1] : null;
}
