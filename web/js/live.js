// Live updates of a conference: Server-Sent Events when the server offers them, and polling
// always, slower while the event stream is up, so a dropped stream never freezes a page.

/** Event names the server sends on /conferences/{cid}/events; any of them means "refetch". */
export const CONFERENCE_EVENTS = ['attendance', 'round', 'counts', 'result'];

/**
 * Calls `refresh()` now, on every event that `wanted(type, data)` accepts (all by default) and
 * every `pollMs` (every `slowPollMs` while the stream is connected). Calls never overlap.
 * Returns a function that stops everything.
 */
export function watchConference(conferenceId, refresh, { pollMs = 3000, slowPollMs = 15000, wanted = () => true } = {}) {
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
        else timer = setTimeout(tick, streamUp ? slowPollMs : pollMs);
      }
    }
  }

  if (conferenceId && 'EventSource' in window) {
    source = new EventSource(`/api/v1/conferences/${encodeURIComponent(conferenceId)}/events`);
    source.onopen = () => { streamUp = true; };
    source.onerror = () => { streamUp = false; };
    const on = (type) => (event) => {
      let data = null;
      try { data = JSON.parse(event.data); } catch { data = null; }
      if (wanted(type, data)) tick();
    };
    source.onmessage = on('message');
    for (const name of CONFERENCE_EVENTS) source.addEventListener(name, on(name));
  }
  tick();

  return () => {
    stopped = true;
    clearTimeout(timer);
    if (source) source.close();
  };
}

/** Polls `refresh` every `ms` without overlap; returns a stop function. */
export function poll(refresh, ms) {
  return watchConference(null, refresh, { pollMs: ms, slowPollMs: ms });
}
