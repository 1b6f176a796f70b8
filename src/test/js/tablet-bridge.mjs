// Plays the tablet for the Java cross-language tests (vn.phieukin.ballot.js): reads one JSON
// command per line on stdin, answers one JSON line on stdout, keeping the tablet's secrets in
// memory between commands exactly as web/js/crypto creates them (non-extractable key pair).
// Kept outside web/test/ because `node --test web/test/` runs every .mjs file there.
//   {"op":"newToken","roundId","jwk"}     -> {"tokenKey","prefix","prepared","blindedMessage"}
//   {"op":"finalize","blindSignature"}    -> {"tokenSignature"} | {"error"}
//   {"op":"cast","body"}                  -> {"request","receipt","shortReceipt"}
//   {"op":"jcs","value"}                  -> {"jcs"}
// Binary values are base64url. Test-only: never run with real secrets.
import { createInterface } from 'node:readline';
import { blind, finalize } from '../../../web/js/crypto/rsabssa.js';
import { newTokenSecrets, signBallot, castRequest, receiptOf, shortReceipt } from '../../../web/js/crypto/token.js';
import { toBase64url, fromBase64url } from '../../../web/js/crypto/b64url.js';
import { jcs } from '../../../web/js/crypto/jcs.js';

let tablet = null;

const commands = {
  async newToken({ roundId, jwk }) {
    const secrets = await newTokenSecrets(roundId);
    const { blindedMessage, inv } = await blind(jwk, secrets.prepared);
    tablet = { jwk, secrets, inv, tokenSignature: null };
    return {
      tokenKey: secrets.tokenKey,
      prefix: toBase64url(secrets.prefix),
      prepared: toBase64url(secrets.prepared),
      blindedMessage: toBase64url(blindedMessage),
    };
  },
  async finalize({ blindSignature }) {
    const signature = await finalize(tablet.jwk, tablet.secrets.prepared, fromBase64url(blindSignature), tablet.inv);
    tablet.tokenSignature = signature;
    return { tokenSignature: toBase64url(signature) };
  },
  async cast({ body }) {
    const { secrets, tokenSignature } = tablet;
    const signature = await signBallot(secrets.keyPair.privateKey, body);
    const request = castRequest(body, { key: secrets.tokenKey, prefix: secrets.prefix, signature: tokenSignature }, signature);
    const receipt = await receiptOf(request);
    return { request, receipt, shortReceipt: shortReceipt(receipt) };
  },
  async jcs({ value }) {
    return { jcs: jcs(value) };
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
