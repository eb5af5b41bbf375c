// `npm run bench`: engine benchmarks. Prints a table; asserts nothing (machines are noisy).
// Run with --expose-gc so heap figures are measured after a full collection.

import { performance } from 'node:perf_hooks';
import { createSimulation } from '../src/engine/index.ts';
import type { Simulation } from '../src/engine/simulation.ts';
import { scaleScenario } from './scaleScenario.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

interface Row {
  services: number;
  pods: number;
  settleS: number;
  heapMB: number;
  deleteMs: number;
  deleteWrites: number;
}

function oneDeletion(sim: Simulation): { ms: number; writes: number } {
  const pod = sim.api.list('pods', 'default').find((p) => p.metadata.name?.startsWith('svc-0-'));
  if (!pod) throw new Error('no pod to delete');
  const before = sim.journal.lastSeq();
  const t0 = performance.now();
  sim.api.delete('pods', 'default', pod.metadata.name!, { actor: 'bench' });
  sim.settle();
  const ms = performance.now() - t0;
  const writes = sim.journal.since(before).filter((e) => e.type === 'write').length;
  return { ms, writes };
}

function run(services: number, podsPerService: number): Row {
  const base = heapMB();
  const t0 = performance.now();
  // Control plane and network only: kube-proxy's syncs are measured in dataplane.bench.ts (with
  // hundreds of nodes, a kube-proxy per node would dominate this measurement).
  const created = createSimulation({ scenario: scaleScenario(services, podsPerService), seed: 1, kubeProxy: false });
  if (!created.ok) throw new Error(created.error);
  const settleS = (performance.now() - t0) / 1000;
  const sim = created.sim;
  const pods = sim.api.count('pods');
  const heap = heapMB() - base;
  // Median of several single-pod deletions (each settles fully: terminate, replace, re-slice).
  const samples = Array.from({ length: 5 }, () => oneDeletion(sim)).sort((a, b) => a.ms - b.ms);
  const mid = samples[2]!;
  return { services, pods, settleS, heapMB: heap, deleteMs: mid.ms, deleteWrites: mid.writes };
}

const sizes = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const rows: Row[] = [];
for (const n of sizes) {
  rows.push(run(n, 10));
  gc?.();
}

const header = ['services', 'pods', 'settle (s)', 'heap (MB)', 'one pod deletion (ms)', 'writes per deletion'];
const table = rows.map((r) => [String(r.services), String(r.pods), r.settleS.toFixed(1), r.heapMB.toFixed(0), r.deleteMs.toFixed(2), String(r.deleteWrites)]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
console.log('\nEngine: create N Services × 10 pods, settle, then delete one pod and settle\n');
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const t of table) console.log(line(t));
if (rows.length >= 2) {
  const ratio = rows.at(-1)!.deleteMs / rows[0]!.deleteMs;
  console.log(`\none-pod deletion cost, ${rows.at(-1)!.services} vs ${rows[0]!.services} services: ${ratio.toFixed(2)}× (target ≤ 2×)`);
}
