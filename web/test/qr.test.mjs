// The desk's QR codes never send a tablet to its own localhost.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { openedAtLoopback, learnHallOrigin, pairingUrl } = await import('../js/qr.js');

test('localhost, 127.x and ::1 count as loopback; a LAN address or a name does not', () => {
  for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]']) assert.equal(openedAtLoopback(host), true, host);
  for (const host of ['192.168.1.20', '10.0.0.5', 'phieukin.hoitruong.local', '127.0.0.1.example']) assert.equal(openedAtLoopback(host), false, host);
});

test('a console opened at localhost pairs tablets at the server LAN address and warns', async () => {
  globalThis.location = { hostname: 'localhost', host: 'localhost:8443', origin: 'https://localhost:8443' };
  const warning = await learnHallOrigin({ serverInfo: async () => ({ hallUrls: ['https://192.168.1.20:8443'] }) });
  assert.match(warning, /192\.168\.1\.20/);
  assert.equal(pairingUrl('12345678'), 'https://192.168.1.20:8443/tablet/#qr=12345678');
});

test('with no LAN address the warning says tablets cannot connect', async () => {
  globalThis.location = { hostname: '127.0.0.1', host: '127.0.0.1:8443', origin: 'https://127.0.0.1:8443' };
  const warning = await learnHallOrigin({ serverInfo: async () => ({ hallUrls: [] }) });
  assert.match(warning, /không kết nối được/);
});

test('a console opened at the LAN address needs no warning and keeps its own origin', async () => {
  globalThis.location = { hostname: '192.168.1.20', host: '192.168.1.20:8443', origin: 'https://192.168.1.20:8443' };
  const warning = await learnHallOrigin({ serverInfo: async () => { throw new Error('not asked'); } });
  assert.equal(warning, null);
  assert.equal(pairingUrl('87654321'), 'https://192.168.1.20:8443/tablet/#qr=87654321');
});
