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
  if (typeof Worker === 'undefined') {
    return Promise.resolve().then(() => encryptBallot(request.layout, request.roundId, request.tokenKey,
      jointKey(request.jointKey), request.choices, undefined, onProgress));
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./ballot-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => {
      const { progress, body, error } = event.data;
      if (progress) return onProgress(progress[0], progress[1]);
      worker.terminate();
      if (error) reject(new Error(error));
      else resolve(body);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'ballot encryption worker failed'));
    };
    worker.postMessage(request);
  });
}
