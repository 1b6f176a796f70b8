// The tablet's memory of its token, one record per round, in IndexedDB (PROTOCOL.md "The token",
// step 1 and 3; "Receipts"). The order of calls is what keeps a delegate's vote possible and
// secret across reloads and lost responses:
//
//   const s = await newTokenSecrets(roundId); const b = await blind(jwk, s.prepared);
//   await vault.saveBlinded(roundId, {...s, ...b});            // BEFORE the issue request
//   ... POST issue {blindedMessage} (after a reload: load() and resend the SAME blindedMessage,
//       the issuer answers a repeated one with the same blind signature)
//   const sig = await finalize(jwk, s.prepared, blindSignature, inv);
//   await vault.saveToken(roundId, blindSignature, sig);
//   ... sign the ballot, build the request
//   await vault.saveCastRequest(roundId, request);             // BEFORE the cast request
//   ... POST ballots (a retry resends the SAME request: same receipt; a re-signed one would
//       be a different request and be refused as TOKEN_SPENT)
//   await vault.keepOnlyReceipt(roundId, receipt);             // forgets keys, token, choices
//   ... the tablet shows the receipt once; the delegate taps "Xong"
//   await vault.receiptDone(roundId);                          // forgets the receipt too
//   ... the round closes: await vault.forgetAllBut(null)        // nothing of it remains
//
// Records: {roundId, state, keyPair, tokenKey, prefix, prepared, inv, blindedMessage,
// blindSignature, tokenSignature, request, receipt}; state is 'blinded' → 'token' → 'casting'
// → 'cast' (receipt only) → 'done' (nothing but "this tablet has voted in this round").
// The vault is a database of its own, never the one that holds the tablet's pairing: nothing
// in the pairing's database links the delegate's name to a receipt (issue 9 item 1). The
// private key is a non-extractable CryptoKey (structured-cloneable); inv is kept
// as a decimal string (not every IndexedDB clones BigInt) and handed back as a bigint.
// Importing this module touches nothing; IndexedDB is opened on the first call.

const DB_VERSION = 1;
const STORE = 'rounds';

/**
 * A vault over `storage`: {get(roundId), update(roundId, change), delete(roundId), keys()}, all async,
 * where update stores change(current record or null) atomically; see indexedDbStorage.
 */
export function createVault(storage) {
  return {
    /** The round's record (inv as a bigint), or null. */
    async load(roundId) {
      return fromStored(await storage.get(roundId));
    },

    /** Persist fresh secrets and the blinded message; refuses to replace an existing round. */
    async saveBlinded(roundId, { keyPair, tokenKey, prefix, prepared, inv, blindedMessage }) {
      if (!keyPair?.privateKey || typeof tokenKey !== 'string' || !(prefix instanceof Uint8Array)
          || !(prepared instanceof Uint8Array) || typeof inv !== 'bigint' || !(blindedMessage instanceof Uint8Array)) {
        throw new TypeError('saveBlinded needs keyPair, tokenKey, prefix, prepared, inv (bigint) and blindedMessage');
      }
      await storage.update(roundId, (existing) => {
        // Fresh secrets would make a different blinded message, which the issuer refuses.
        if (existing) throw new Error(`round ${roundId} already has a token in progress: load it instead`);
        return { roundId, state: 'blinded', keyPair, tokenKey, prefix, prepared, inv: inv.toString(), blindedMessage };
      });
    },

    /** Record the issuer's blind signature and the final token signature. */
    async saveToken(roundId, blindSignature, tokenSignature) {
      await storage.update(roundId, (record) => {
        requireState(record, roundId, ['blinded', 'token']);
        return { ...record, state: 'token', blindSignature, tokenSignature };
      });
    },

    /** Record the exact cast request before it is sent, so that a retry resends it unchanged. */
    async saveCastRequest(roundId, request) {
      await storage.update(roundId, (record) => {
        requireState(record, roundId, ['token', 'casting']);
        return { ...record, state: 'casting', request };
      });
    },

    /** After a successful cast: drop keys, token, ballot and blinding; keep the receipt only. */
    async keepOnlyReceipt(roundId, receipt) {
      if (typeof receipt !== 'string' || receipt === '') throw new TypeError('receipt must be a string');
      await storage.update(roundId, (record) => {
        requireState(record, roundId, ['token', 'casting', 'cast']);
        return { roundId, state: 'cast', receipt };
      });
    },

    /** The delegate tapped "Xong" under the receipt: forget the receipt, keep only "voted". */
    async receiptDone(roundId) {
      await storage.update(roundId, (record) => {
        requireState(record, roundId, ['cast', 'done']);
        return { roundId, state: 'done' };
      });
    },

    /** Delete everything about the round (e.g. it closed before this tablet cast). */
    async forget(roundId) {
      await storage.delete(roundId);
    },

    /**
     * Delete every round but `keep` (null: every round). Called whenever the tablet sees which
     * round is open, so that a round that closed while the tablet was off leaves nothing behind.
     */
    async forgetAllBut(keep) {
      for (const roundId of await storage.keys()) {
        if (roundId !== keep) await storage.delete(roundId);
      }
    },

    /** The rounds the vault holds something of. */
    async rounds() {
      return storage.keys();
    },
  };
}

/**
 * IndexedDB storage: database `dbName`, object store "rounds" keyed by roundId. Nothing is
 * opened until the first call; writes use strict durability so "saved" means on disk.
 */
export function indexedDbStorage(dbName = 'phieukin') {
  let opening = null;

  function database() {
    if (!opening) {
      const idb = globalThis.indexedDB;
      if (!idb) return Promise.reject(new Error('IndexedDB is not available in this environment'));
      opening = new Promise((resolve, reject) => {
        const request = idb.open(dbName, DB_VERSION);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'roundId' });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      opening.catch(() => { opening = null; });
    }
    return opening;
  }

  // Runs `work(store, done, fail)` in one transaction; resolves with done's value once the
  // transaction has committed, rejects with fail's error (after aborting) or the IDB error.
  async function transact(mode, work) {
    const db = await database();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode, { durability: 'strict' });
      let result;
      let failure = null;
      tx.oncomplete = () => resolve(result);
      tx.onabort = () => reject(failure ?? tx.error ?? new Error('IndexedDB transaction aborted'));
      work(tx.objectStore(STORE), (value) => { result = value; }, (error) => { failure = error; tx.abort(); });
    });
  }

  return {
    get: (roundId) => transact('readonly', (store, done) => {
      const request = store.get(roundId);
      request.onsuccess = () => done(request.result ?? null);
    }),
    update: (roundId, change) => transact('readwrite', (store, done, fail) => {
      const request = store.get(roundId);
      request.onsuccess = () => {
        try {
          store.put(change(request.result ?? null));
        } catch (error) {
          fail(error);
        }
      };
    }),
    delete: (roundId) => transact('readwrite', (store) => { store.delete(roundId); }),
    keys: () => transact('readonly', (store, done) => {
      const request = store.getAllKeys();
      request.onsuccess = () => done(request.result ?? []);
    }),
  };
}

/** The tablet's vault in IndexedDB database "phieukin". */
export const vault = createVault(indexedDbStorage());

function requireState(record, roundId, allowed) {
  if (!record) throw new Error(`no token in progress for round ${roundId}`);
  if (!allowed.includes(record.state)) {
    throw new Error(`round ${roundId} is in state ${record.state}, expected ${allowed.join(' or ')}`);
  }
}

function fromStored(record) {
  if (!record) return null;
  return record.inv === undefined ? { ...record } : { ...record, inv: BigInt(record.inv) };
}
