// Plays a tablet and a committee member device for the Java interop tests
// (vn.phieukin.ballot.js.CommitteeInteropTest): one JSON command per line on stdin, one JSON
// answer per line on stdout, with web/js/crypto/committee.js and shares.js doing the work and the
// member's secrets (WebCrypto E_i key pair, polynomial, key share) kept in memory between commands.
//   {"op":"encryptBallot","layout","roundId","tokenKey","jointKey","choices"} -> {"body","ms"}
//   {"op":"verifyBallot","layout","roundId","tokenKey","jointKey","body"}     -> {"valid","field"?,"slots"?}
//   {"op":"memberKey"}                                        -> {"shareKey"} (new E_i)
//   {"op":"deal","ctx","index","k","shareKeys":{j: E_j}}      -> {"commitments","pok","shares":[{from,to,iv,ciphertext}]}
//   {"op":"receive","ctx","index","dealers":[{index,shareKey,commitments,share}]} -> {"verificationKey"} | {"error"}
//   {"op":"fingerprint","members"}                            -> {"fingerprint"}
//   {"op":"decrypt","roundId","slot","alpha"}                 -> {"D","c","s"}
// Test-only: never run with real secrets.
import { createInterface } from 'node:readline';
import * as C from '../../../web/js/crypto/committee.js';
import { generateShareKeyPair, exportShareKey, encryptShare, decryptShare } from '../../../web/js/crypto/shares.js';

const member = {};
const toJsonSlots = (slots) => Object.fromEntries(Object.entries(slots).map(([n, ct]) => [n, C.ciphertextToJson(ct)]));

const commands = {
  encryptBallot({ layout, roundId, tokenKey, jointKey, choices }) {
    const t = performance.now();
    const body = C.encryptBallot(layout, roundId, tokenKey, C.jointKey(jointKey), choices);
    return { body, ms: performance.now() - t };
  },
  verifyBallot({ layout, roundId, tokenKey, jointKey, body }) {
    const check = C.verifyBallot(layout, roundId, tokenKey, C.jointKey(jointKey), body);
    return check.valid ? { valid: true, slots: toJsonSlots(check.slots) } : { valid: false, field: check.field };
  },
  async memberKey() {
    member.pair = await generateShareKeyPair();
    member.shareKey = await exportShareKey(member.pair.publicKey);
    return { shareKey: member.shareKey };
  },
  async deal({ ctx, index, k, shareKeys }) {
    member.index = index;
    member.f = C.randomPolynomial(k);
    const shares = [];
    for (const [j, key] of Object.entries(shareKeys)) {
      shares.push(await encryptShare(member.pair.privateKey, key, ctx, index, Number(j), C.evaluatePolynomial(member.f, Number(j))));
    }
    return { commitments: C.commitmentsOf(member.f).map(C.pointText), pok: C.pokToJson(C.schnorrProve(ctx, member.f[0])), shares };
  },
  async receive({ ctx, index, dealers }) {
    const received = [C.evaluatePolynomial(member.f, index)];
    const all = [C.commitmentsOf(member.f)];
    for (const d of dealers) {
      const commitments = d.commitments.map(C.pointFromText);
      const share = await decryptShare(member.pair.privateKey, d.shareKey, ctx, d.share);
      if (!C.shareMatches(index, share, commitments)) return { error: `the share from member ${d.index} does not match its commitments` };
      received.push(share);
      all.push(commitments);
    }
    member.keyShare = C.keyShareOf(received);
    return { verificationKey: C.pointText(C.mulG(member.keyShare)) };
  },
  fingerprint({ members }) {
    return { fingerprint: C.fingerprint(members) };
  },
  decrypt({ roundId, slot, alpha }) {
    return C.decryptionShareToJson(C.decryptionShare(roundId, slot, member.keyShare, C.pointFromText(alpha)));
  },
};

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === '') continue;
  let answer;
  try {
    const command = JSON.parse(line);
    if (!Object.hasOwn(commands, command.op)) throw new Error(`unknown op ${command.op}`);
    answer = await commands[command.op](command);
  } catch (error) {
    answer = { error: String(error?.message ?? error) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
