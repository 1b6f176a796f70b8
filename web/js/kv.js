// A tiny key-value store in IndexedDB for the tablet's pairing and its ballot draft, so that a
// reload or a crashed browser comes back where the delegate was. (The token secrets live in
// crypto/vault.js, in a database of their own.)

const STORE = 'kv';

export function openKv(dbName) {
  let opening = null;
  function database() {
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const request = indexedDB.open(dbName, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      opening.catch(() => { opening = null; });
    }
    return opening;
  }
  async function run(mode, work) {
    const db = await database();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode, { durability: 'strict' });
      let result;
      const request = work(tx.objectStore(STORE));
      request.onsuccess = () => { result = request.result; };
      tx.oncomplete = () => resolve(result);
      tx.onabort = () => reject(tx.error || new Error('IndexedDB transaction aborted'));
      tx.onerror = () => reject(tx.error);
    });
  }
  return {
    get: async (key) => (await run('readonly', (s) => s.get(key))) ?? null,
    set: (key, value) => run('readwrite', (s) => s.put(value, key)),
    delete: (key) => run('readwrite', (s) => s.delete(key)),
  };
}
