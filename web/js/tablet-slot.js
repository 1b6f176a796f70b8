// Which "tablet" this browser tab is. A real tablet has one tab and must find its pairing and
// token again after a reload or a browser restart; on a laptop two tabs may act as two
// tablets (the README's demo). Each tab holds a Web Lock on its slot for as long as it lives:
// a reload gets its own slot back (sessionStorage), a restarted browser takes the first free
// known slot (localStorage), and a second tab gets a new one.

// `page` names the kind of device ('tablet', or 'committee' for the committee member page), so
// that the slots of one page never take the other's.

export async function claimSlot(page = 'tablet') {
  const KNOWN = `phieukin.${page}.slots`;
  const MINE = `phieukin.${page}.slot`;
  const remember = (slot) => {
    sessionStorage.setItem(MINE, slot);
    return slot;
  };
  const mine = sessionStorage.getItem(MINE);
  if (!navigator.locks) {
    const slot = mine || 'a';
    sessionStorage.setItem(MINE, slot);
    return slot;
  }
  // After a reload the previous page may not have released the lock yet: wait a little.
  if (mine && await hold(page, mine, 3000)) return mine;
  const known = JSON.parse(localStorage.getItem(KNOWN) || '[]');
  for (const slot of known) {
    if (slot !== mine && await hold(page, slot, 0)) return remember(slot);
  }
  const fresh = Array.from(crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(16).padStart(2, '0')).join('');
  known.push(fresh);
  localStorage.setItem(KNOWN, JSON.stringify(known));
  await hold(page, fresh, 0);
  return remember(fresh);
}

/** Takes the lock `phieukin-<page>-<slot>` for the life of the page; false if not granted in time. */
function hold(page, slot, waitMs) {
  return new Promise((resolve) => {
    const options = waitMs > 0 ? { signal: AbortSignal.timeout(waitMs) } : { ifAvailable: true };
    navigator.locks.request(`phieukin-${page}-${slot}`, options, (lock) => {
      if (!lock) { resolve(false); return undefined; }
      resolve(true);
      return new Promise(() => {}); // never released while the page lives
    }).catch(() => resolve(false));
  });
}
