// The tablet's entry point to ballot encryption: runs web/js/crypto/ballot-worker.js in a module
// Web Worker and resolves with the v2 ballot body (COMMITTEE.md). Where module workers are not
// available (old browsers, Node tests) it encrypts on the calling thread.
import { encryptBallot, jointKey } from './committee.js';

/**
 * @param {{layout, roundId, tokenKey, jointKey: string, choices}} request
 * @param {(done: number, total: number) => void} onProgress
 * @returns {Promise<object>} the ballot body
 */
export function encryptBallotInWorker(request, onProgress = () => {}) {
  const onThread = () => encryptBallot(request.layout, request.roundId, request.tokenKey,
    jointKey(request.jointKey), request.choices, undefined, onProgress);
  if (typeof Worker === 'undefined') return Promise.resolve().then(onThread);
  const ready = spare && !spare.failed ? spare : null;
  spare = null;
  const worker = ready || newWorker();
  if (!worker) return Promise.resolve().then(onThread);
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const { progress, body, error } = event.data;
      if (progress) return onProgress(progress[0], progress[1]);
      worker.terminate();
      if (error) reject(new Error(error));
      else resolve(body);
    };
    worker.onerror = () => {
      // the worker's modules could not load (the network dropped before it was started):
      // the modules of this page are loaded, so the ballot is encrypted here instead
      worker.terminate();
      Promise.resolve().then(onThread).then(resolve, reject);
    };
    worker.postMessage(request);
  });
}

// A worker started ahead of need (prepareBallotWorker), its modules loaded while the network is up.
let spare = null;

function newWorker() {
  try {
    return new Worker(new URL('./ballot-worker.js', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
}

/**
 * Starts the encryption worker before the delegate casts (when the ballot is shown), so that
 * its modules are fetched while the tablet is online: a Wi-Fi drop at the moment of casting
 * then stops neither the encryption nor the page (the request is kept and sent again).
 */
export function prepareBallotWorker() {
  if (typeof Worker === 'undefined' || spare) return;
  const worker = newWorker();
  if (!worker) return;
  worker.addEventListener('error', () => { worker.failed = true; }, { once: true });
  spare = worker;
}
