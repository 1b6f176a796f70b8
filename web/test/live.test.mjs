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

test('a hidden tab gives its event stream back and polls; shown again it streams and refreshes at once', async () => {
  // A browser keeps six HTTP/1.1 connections per server; every stream holds one (README walk-through).
  const listeners = {};
  globalThis.document = {
    visibilityState: 'visible',
    addEventListener: (name, f) => { listeners[name] = f; },
    removeEventListener: (name) => { delete listeners[name]; },
  };
  try {
    FakeEventSource.all = [];
    let count = 0;
    const stop = watchConference('c1', async () => { count++; }, { pollMs: 50, slowPollMs: 60000 });
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(FakeEventSource.all.length, 1);
    const first = FakeEventSource.all[0];
    first.onopen();
    assert.equal(count, 1, 'only the initial refresh while the stream is up (slow poll)');

    document.visibilityState = 'hidden';
    listeners.visibilitychange();
    assert.equal(first.closed, true, 'the hidden tab closed its stream');
    await new Promise((r) => setTimeout(r, 180));
    assert.ok(count >= 3, 'the hidden tab polls at pollMs: ' + count);
    assert.equal(FakeEventSource.all.length, 1, 'no stream while hidden');

    const before = count;
    document.visibilityState = 'visible';
    listeners.visibilitychange();
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(FakeEventSource.all.length, 2, 'shown again: a new stream');
    assert.ok(count > before, 'shown again: refreshed at once');
    stop();
    assert.equal(FakeEventSource.all[1].closed, true);
    assert.equal(listeners.visibilitychange, undefined, 'stop removes the listener');
  } finally {
    delete globalThis.document;
  }
});
