// Issue 11's tablet figure, measured, not asserted: encrypting and proving a ballot of 6 positions
// × 40 cadres (240 slots, at most 3 picks each) with web/js/crypto/committee.js, beside the ceiling
// measured in the same Node process: @noble/curves P-256 fixed-base (precomputed G / H) and
// variable-base (a point decoded afresh) multiplications per second.
// Run: node web/bench/encrypt-ballot.bench.mjs [runs=5]   (one thread; a benchmark, not a test)
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as C from '../../../web/js/crypto/committee.js';
import { jcs } from '../../../web/js/crypto/jcs.js';

const RUNS = Number(process.argv[2] ?? 5);
const POSITIONS = 6;
const CADRES = 40;
const MAX = 3;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
function timed(fn) {
  const w0 = performance.now();
  const c0 = cpuMs();
  const out = fn();
  return { wall: performance.now() - w0, cpu: cpuMs() - c0, out };
}

const key = C.jointKey(C.mulG(C.randomScalar()));
const sections = [];
for (let p = 1; p <= POSITIONS; p++) {
  const candidates = [];
  for (let c = 1; c <= CADRES; c++) candidates.push(`C${String(c).padStart(3, '0')}`);
  sections.push({ position: `P${p}`, candidates, maxSelections: MAX });
}
const layout = { kind: 'NOMINATION', sections };
const choices = { P1: ['C001', 'C017', 'C040'], P4: ['C002'] };
const small = { kind: 'NOMINATION', sections: [{ position: 'P1', candidates: ['C001', 'C002', 'C003', 'C004', 'C005'], maxSelections: 2 }] };
// fixed-base products of the prover (committee.js: every product is with G or H):
// per [0,1] slot: r·G, r·H; simulated branch t·G, t·H, c·(m−M)·G; real branch w·G, w·H = 7;
// per sum proof over [0..MAX]: MAX simulated branches × 3 + 2
const products = POSITIONS * CADRES * 7 + POSITIONS * (3 * MAX + 2);

function ceiling() {
  const scalars = Array.from({ length: 64 }, () => C.randomScalar());
  const fixed = timed(() => { for (let i = 0; i < 400; i++) C.mul(i % 2 ? C.BASE : key.point, scalars[i % 64]); });
  const encoded = Array.from({ length: 100 }, (_, i) => C.pointBytes(C.mulG(scalars[i % 64] + BigInt(i))));
  const fresh = encoded.map((b) => C.decodePoint(b)); // decoding not timed
  const variable = timed(() => { fresh.forEach((p, i) => C.mul(p, scalars[i % 64])); });
  return { fixedUs: fixed.cpu * 1000 / 400, fixedWallUs: fixed.wall * 1000 / 400,
    variableUs: variable.cpu * 1000 / fresh.length, variableWallUs: variable.wall * 1000 / fresh.length };
}

console.log(`node ${process.version}, ${cpus().length} cpus, load average before ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
// warm-up: one ballot and one ceiling pass
C.encryptBallot(layout, 'R1', 'Tw', key, choices);
ceiling();
const rows = [];
for (let run = 0; run < RUNS; run++) {
  const before = ceiling();
  const ballot = timed(() => C.encryptBallot(layout, 'R1', `T${run}`, key, choices));
  const after = ceiling();
  rows.push({ wall: ballot.wall, cpu: ballot.cpu, fixedUs: (before.fixedUs + after.fixedUs) / 2,
    variableUs: (before.variableUs + after.variableUs) / 2, body: ballot.out });
  console.log(`  run ${run + 1}: ${ballot.wall.toFixed(0)} ms wall, ${ballot.cpu.toFixed(0)} ms CPU;`
    + ` fixed-base ${before.fixedUs.toFixed(0)}/${after.fixedUs.toFixed(0)} µs CPU, variable-base`
    + ` ${before.variableUs.toFixed(0)}/${after.variableUs.toFixed(0)} µs CPU (before/after)`);
}
const wall = median(rows.map((r) => r.wall));
const cpu = median(rows.map((r) => r.cpu));
const fixedUs = median(rows.map((r) => r.fixedUs));
const variableUs = median(rows.map((r) => r.variableUs));
const ceilingMs = products * fixedUs / 1000;
const verify = timed(() => C.verifyBallot(layout, 'R1', 'T0', key, rows[0].body));
const bytes = (body) => new TextEncoder().encode(jcs(body)).length;
console.log(`6×40 ballot (${POSITIONS * CADRES} slots, max ${MAX}), ${products} fixed-base products per ballot`);
console.log(`  encrypt + prove: median of ${RUNS}: ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU`);
console.log(`  noble P-256 in this process (CPU, median): fixed-base ${fixedUs.toFixed(1)} µs (${(1e6 / fixedUs).toFixed(0)}/s),`
  + ` variable-base ${variableUs.toFixed(1)} µs (${(1e6 / variableUs).toFixed(0)}/s)`);
console.log(`  ceiling ${ceilingMs.toFixed(0)} ms CPU (products × fixed-base) -> encryption at ${(100 * ceilingMs / cpu).toFixed(0)} % of it`);
console.log(`  (JS verify of that ballot, once: ${verify.wall.toFixed(0)} ms wall, ${verify.cpu.toFixed(0)} ms CPU, valid ${verify.out.valid})`);
console.log(`  body JCS bytes: 240 slots ${bytes(rows[0].body)}; 1 position × 5 cadres (max 2) ${bytes(C.encryptBallot(small, 'R1', 'Ts', key, { P1: ['C002'] }))}`);
console.log(`load average after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
