// Opt-in benchmark (issue 11, tablet figure): encrypting and proving a 6 positions × 40 cadres
// ballot (240 slots, at most 3 picks per position) with web/js/crypto/committee.js in Node,
// against the ceiling its fixed-base products imply, noble's P-256 products/s measured in the
// same run. Prints medians, wall and CPU (process.cpuUsage), and the load average.
//   node src/test/js/bench-ballot.mjs [ballots=5]
import { loadavg } from 'node:os';
import * as C from '../../../web/js/crypto/committee.js';
import { jcs } from '../../../web/js/crypto/jcs.js';

const N = Number(process.argv[2] ?? 5);
const POSITIONS = 6;
const CADRES = 40;
const MAX = 3;
const layout = {
  kind: 'NOMINATION',
  sections: Array.from({ length: POSITIONS }, (_, p) => ({
    position: `P${p + 1}`, candidates: Array.from({ length: CADRES }, (_, c) => `C${String(c + 1).padStart(3, '0')}`), maxSelections: MAX,
  })),
};
const choices = { P1: ['C001', 'C017', 'C040'], P4: ['C002'] };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const load0 = loadavg();

const t0 = performance.now();
const key = C.jointKey(C.mulG(C.randomScalar()));
const precomputeMs = performance.now() - t0;
const first = performance.now();
const warm = C.encryptBallot(layout, 'R1', 'T0', key, choices);
const firstMs = performance.now() - first;
const bytes = new TextEncoder().encode(jcs(warm)).length;

const wall = [];
const cpu = [];
const ceilingWall = [];
const ceilingCpu = [];
// fixed-base products per ballot: per slot r·G, r·H, (s+cr)·G, (s+cr)·H, c(m−M)·G, w·G, w·H;
// per section sum proof over [0..MAX]: 3 per fake branch (MAX of them) + 2
const products = POSITIONS * CADRES * 7 + POSITIONS * (3 * MAX + 2);
const scalars = Array.from({ length: 64 }, () => C.randomScalar());
for (let i = 0; i < N; i++) {
  let [w, c] = [performance.now(), cpuMs()];
  const body = C.encryptBallot(layout, 'R1', `T${i + 1}`, key, choices);
  wall.push(performance.now() - w);
  cpu.push(cpuMs() - c);
  if (body.sections.length !== POSITIONS) throw new Error('bad ballot');
  // the ceiling, interleaved so that load from elsewhere hits both alike: G and H products alternately
  [w, c] = [performance.now(), cpuMs()];
  for (let k = 0; k < 400; k++) C.mul(k % 2 ? key.point : C.BASE, scalars[k % 64]);
  ceilingWall.push((performance.now() - w) / 400);
  ceilingCpu.push((cpuMs() - c) / 400);
}
let [vw, vc] = [performance.now(), cpuMs()];
const variable = C.mulG(C.randomScalar());
for (let k = 0; k < 50; k++) variable.add(C.BASE).multiplyUnsafe(scalars[k % 64]);
const variableMs = (performance.now() - vw) / 50;
const verifyStart = [performance.now(), cpuMs()];
const check = C.verifyBallot(layout, 'R1', 'T0', key, warm);
const verifyWall = performance.now() - verifyStart[0];
const verifyCpu = cpuMs() - verifyStart[1];
if (!check.valid) throw new Error('the ballot does not verify');

const report = {
  ballot: `${POSITIONS}×${CADRES} (${POSITIONS * CADRES} slots), ${bytes} bytes JCS`,
  node: process.version,
  ballots: N,
  encryptProveMs: { wallMedian: +median(wall).toFixed(0), cpuMedian: +median(cpu).toFixed(0), all: wall.map((x) => +x.toFixed(0)) },
  firstBallotMs: +firstMs.toFixed(0),
  jointKeyPrecomputeMs: +precomputeMs.toFixed(0),
  fixedBaseProductsPerBallot: products,
  nobleFixedBaseUs: { wall: +(median(ceilingWall) * 1000).toFixed(0), cpu: +(median(ceilingCpu) * 1000).toFixed(0) },
  nobleVariableBaseUs: +(variableMs * 1000).toFixed(0),
  ceilingMs: { wall: +(products * median(ceilingWall)).toFixed(0), cpu: +(products * median(ceilingCpu)).toFixed(0) },
  ratioToCeiling: { wall: +(products * median(ceilingWall) / median(wall)).toFixed(2), cpu: +(products * median(ceilingCpu) / median(cpu)).toFixed(2) },
  verifyOneBallotInJsMs: { wall: +verifyWall.toFixed(0), cpu: +verifyCpu.toFixed(0) },
  loadAverage: { before: load0.map((x) => +x.toFixed(2)), after: loadavg().map((x) => +x.toFixed(2)) },
};
console.log(JSON.stringify(report, null, 2));
