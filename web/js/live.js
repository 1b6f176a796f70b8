// Live updates of a conference: Server-Sent Events when the server offers them, and polling
// always, slower while the event stream is up, so a dropped stream never freezes a page.

/** Event names the server sends on /conferences/{cid}/events; any of them means "refetch". */
export const CONFERENCE_EVENTS = ['attendance', 'round', 'counts', 'result'];

/**
 * Calls `refresh()` now, on every event that `wanted(type, data)` accepts (all by default) and
 * every `pollMs` (every `slowPollMs` while the stream is connected). Calls never overlap.
 * `eventDelayMs` > 0 answers an event after a random delay in [0, eventDelayMs) instead of at
 * once, and `jitter` (0–0.5) spreads every poll interval by ±that share: hundreds of tablets that
 * hear the same event, or whose timers it resets, then do not all ask the server in the same
 * instant (issue 13, the opening herd). If a connection is closed (idle timeout, restart) the next
 * poll opens a new one and the browser's EventSource reconnects by itself.
 * A hidden tab (another tab in front, a minimised window) closes its stream and polls at `pollMs`
 * instead; it opens the stream again and refreshes at once when it is shown. A browser keeps at
 * most six HTTP/1.1 connections per server, and every stream holds one: with six tabs of
 * phieukin in one browser (the README's walk-through: console, three tablets, hall screen,
 * chair) the seventh request would wait forever. Only the tabs in front hold one now.
 * Returns a function that stops everything.
 */
export function watchConference(conferenceId, refresh,
  { pollMs = 3000, slowPollMs = 15000, wanted = () => true, eventDelayMs = 0, jitter = 0 } = {}) {
  let stopped = false;
  let running = false;
  let again = false;
  let streamUp = false;
  let timer = null;
  let source = null;

  async function tick() {
    if (stopped) return;
    if (running) { again = true; return; }
    running = true;
    clearTimeout(timer);
    try {
      await refresh();
    } catch {
      // the page shows its own error; keep polling
    } finally {
      running = false;
      if (!stopped) {
        if (again) { again = false; queueMicrotask(tick); }
        else timer = setTimeout(tick, spread(streamUp ? slowPollMs : pollMs, jitter));
      }
    }
  }

  const canStream = conferenceId && 'EventSource' in window;
  const doc = typeof document === 'undefined' ? null : document;
  const hidden = () => doc !== null && doc.visibilityState === 'hidden';

  function openStream() {
    if (source || stopped) return;
    source = new EventSource(`/api/v1/conferences/${encodeURIComponent(conferenceId)}/events`);
    source.onopen = () => { streamUp = true; };
    source.onerror = () => { streamUp = false; };
    const on = (type) => (event) => {
      let data = null;
      try { data = JSON.parse(event.data); } catch { data = null; }
      if (!wanted(type, data)) return;
      if (eventDelayMs > 0) {
        clearTimeout(timer);
        timer = setTimeout(tick, Math.random() * eventDelayMs);
      } else tick();
    };
    source.onmessage = on('message');
    for (const name of CONFERENCE_EVENTS) source.addEventListener(name, on(name));
  }

  function closeStream() {
    if (!source) return;
    source.close();
    source = null;
    streamUp = false;
  }

  function onVisibility() {
    if (stopped) return;
    if (hidden()) {
      closeStream();
      clearTimeout(timer); // poll at the fast rate from now on
      timer = setTimeout(tick, spread(pollMs, jitter));
    } else {
      openStream();
      tick(); // whatever happened while hidden shows at once
    }
  }

  if (canStream) {
    if (!hidden()) openStream();
    if (doc !== null) doc.addEventListener('visibilitychange', onVisibility);
  }
  tick();

  return () => {
    stopped = true;
    clearTimeout(timer);
    closeStream();
    if (canStream && doc !== null) doc.removeEventListener('visibilitychange', onVisibility);
  };
}

/** `ms` spread uniformly by ±`jitter` of itself. */
export function spread(ms, jitter = 0) {
  return jitter > 0 ? ms * (1 - jitter + 2 * jitter * Math.random()) : ms;
}

/** Polls `refresh` every `ms` without overlap; returns a stop function. */
export function poll(refresh, ms) {
  return watchConference(null, refresh, { pollMs: ms, slowPollMs: ms });
}
