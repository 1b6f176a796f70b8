// Web Worker (module) that encrypts and proves a v2 ballot off the page's thread, so the tablet
// never freezes while "Đang mã hóa phiếu…" shows. Message in:
// {layout, roundId, tokenKey, jointKey, choices}; out: {progress: [done, total]}… then {body} or {error}.
import { encryptBallot, jointKey } from './committee.js';

self.onmessage = (event) => {
  const { layout, roundId, tokenKey, jointKey: keyText, choices } = event.data;
  try {
    let last = 0;
    const body = encryptBallot(layout, roundId, tokenKey, jointKey(keyText), choices, undefined, (done, total) => {
      const now = Date.now();
      if (now - last > 100 || done === total) {
        last = now;
        self.postMessage({ progress: [done, total] });
      }
    });
    self.postMessage({ body });
  } catch (e) {
    self.postMessage({ error: String(e && e.message || e) });
  }
};
