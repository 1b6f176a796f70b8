// The opening herd (issue 13): tablets answer a round event after a random delay and spread
// their polls, so 300 of them never ask the server in the same instant.
import { test } from 'node:test';
import assert from 'node:assert/strict';

class FakeEventSource {
  static all = [];
  constructor(url) { this.url = url; this.listeners = {}; FakeEventSource.all.push(this); }
  addEventListener(name, f) { this.listeners[name] = f; }
  close() { this.closed = true; }
  emit(name, data) { this.listeners[name]({ data: JSON.stringify(data) }); }
}
globalThis.window = globalThis;
globalThis.EventSource = FakeEventSource;
const { watchConference, spread } = await import('../js/live.js');

test('spread stays within ±jitter and actually spreads', () => {
  const values = Array.from({ length: 2000 }, () => spread(3000, 0.2));
  assert.ok(values.every((v) => v >= 2400 && v <= 3600));
  assert.ok(Math.max(...values) - Math.min(...values) > 1000, 'values are spread over the range');
  assert.equal(spread(3000, 0), 3000);
});

test('with eventDelayMs an event is answered later, at different moments for different watchers', async () => {
  const calls = [];
  const stops = [];
  FakeEventSource.all = [];
  for (let i = 0; i < 20; i++) {
    let first = true;
    stops.push(watchConference('c1', async () => {
      if (first) { first = false; return; } // the initial refresh at start
      calls.push(performance.now());
    }, { pollMs: 60000, slowPollMs: 60000, eventDelayMs: 400 }));
  }
  await new Promise((r) => setTimeout(r, 20));
  const sent = performance.now();
  for (const source of FakeEventSource.all) source.emit('round', { roundId: 'r1', status: 'OPEN' });
  assert.equal(calls.length, 0, 'not answered in the same instant');
  await new Promise((r) => setTimeout(r, 700));
  for (const stop of stops) stop();
  assert.equal(calls.length, 20, 'every watcher answered within the delay');
  const delays = calls.map((t) => t - sent);
  assert.ok(delays.every((d) => d >= 0 && d < 650));
  assert.ok(Math.max(...delays) - Math.min(...delays) > 100, 'answers are spread: ' + delays.map(Math.round));
});

test('without eventDelayMs an event is answered at once (console, hall screen)', async () => {
  let count = 0;
  FakeEventSource.all = [];
  const stop = watchConference('c1', async () => { count++; }, { pollMs: 60000, slowPollMs: 60000 });
  await new Promise((r) => setTimeout(r, 20));
  FakeEventSource.all[0].emit('round', { roundId: 'r1', status: 'OPEN' });
  await new Promise((r) => setTimeout(r, 20));
  stop();
  assert.equal(count, 2);
});
