// Web Worker (module) of the committee page (COMMITTEE.md "Close, tally and decryption"): checks
// encrypted ballots off the page's thread and keeps the slot-wise sum of those it checked, so a
// member device recomputes the round's encrypted tally itself before it decrypts anything. The
// page runs one per core and hands each a share of the ballots.
//
// Messages in, each answered once:
//   {init: {layout, roundId, jointKey}}              → {ready: true}
//   {ballots: [{receipt, request}…]}                 → {checked: n} or {bad: {receipt, field, reason}}
//   {sum: true}                                      → {sum: {slot: {alpha, beta}}} (texts)
//   {decrypt: {roundId, keyShare, slots}}            → {contributions: {slot: {D, c, s}}}
// Errors: {error: message}.
import {
  verifyBallot, jointKey, encryptedTally, addCiphertexts, ciphertextToJson, ciphertextFromJson,
  decryptionShare, decryptionShareToJson,
} from './committee.js';
import { receiptOf } from './token.js';

let round = null; // {layout, roundId, key}
let sum = null;   // {slot: {alpha, beta}} points

self.onmessage = async (event) => {
  const message = event.data;
  try {
    if (message.init) {
      const { layout, roundId, jointKey: keyText } = message.init;
      round = { layout, roundId, key: jointKey(keyText) };
      sum = encryptedTally(layout, []);
      self.postMessage({ ready: true });
    } else if (message.ballots) {
      let n = 0;
      for (const { receipt, request } of message.ballots) {
        const bad = await check(receipt, request);
        if (bad) {
          self.postMessage({ bad: { receipt, ...bad } });
          return;
        }
        n++;
      }
      self.postMessage({ checked: n });
    } else if (message.sum) {
      const out = {};
      for (const [name, ct] of Object.entries(sum)) out[name] = ciphertextToJson(ct);
      self.postMessage({ sum: out });
    } else if (message.decrypt) {
      const { roundId, keyShare, slots } = message.decrypt;
      const share = BigInt(keyShare);
      const contributions = {};
      for (const [name, node] of Object.entries(slots)) {
        const ct = ciphertextFromJson(node);
        contributions[name] = decryptionShareToJson(decryptionShare(roundId, name, share, ct.alpha));
      }
      self.postMessage({ contributions });
    }
  } catch (e) {
    self.postMessage({ error: String((e && e.message) || e) });
  }
};

/** null when the ballot holds (receipt, token key, every proof), else {field, reason}; adds its slots to the sum. */
async function check(receipt, request) {
  if (!request || typeof request !== 'object' || typeof request.token?.key !== 'string' || !request.body) {
    return { field: '', reason: 'not a cast request {body, token, signature}' };
  }
  const result = verifyBallot(round.layout, round.roundId, request.token.key, round.key, request.body);
  if (!result.valid) return { field: result.field, reason: result.reason };
  if (await receiptOf(request) !== receipt) return { field: 'receipt', reason: 'the receipt is not the hash of the request' };
  for (const [name, ct] of Object.entries(result.slots)) sum[name] = addCiphertexts(sum[name], ct);
  return null;
}
