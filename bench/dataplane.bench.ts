// `npm run bench:dataplane`: data-plane benchmarks (kube-proxy syncs into a node's netfilter
// ruleset, and one traced connection through the kernels). Prints tables; asserts nothing
// (machines are noisy). Run with --expose-gc so heap figures are measured after a full GC.
//
// The cluster is the default scenario (a three-node kind cluster with kube-proxy, kindnet,
// CoreDNS, auth-service and a client pod), settled, plus N Services in namespace "scale",
// each with one EndpointSlice of 10 endpoints, created through the API server. The Services
// have no selector (their slices are written by the benchmark, as a controller would), so
// the EndpointSlice controller does not have to schedule 10 × N pods: kube-proxy sees exactly
// what it would see for N Services × 10 ready endpoints. The endpoint addresses are synthetic
// (no pods behind them), except those of the last Service, scale/svc-<N-1>, whose slice names
// the auth-service pods (scaled to 10), so a connection to it really connects.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Deployment, EndpointSlice, KubeObject, Namespace, Pod, Service } from '../src/engine/api/types.ts';
import { createSimulation, type Simulation } from '../src/engine/index.ts';
import type { ConnectionTrace } from '../src/engine/network/index.ts';
import type { Proxier, SyncRecord } from '../src/engine/proxy/index.ts';
import type { NetfilterPort } from '../src/engine/proxy/port.ts';
import { createSession } from '../src/engine/session.ts';

const gc = (globalThis as { gc?: () => void }).gc;
const heapMB = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const NODE = 'kind-worker';
const NS = 'scale';
const ENDPOINTS = 10;
const scenarioText = readFileSync(new URL('../content/scenarios/default.yaml', import.meta.url), 'utf8');
const svcName = (i: number): string => `svc-${String(i).padStart(5, '0')}`;
/** Synthetic endpoint j of Service i: unique addresses in 10.200.0.0/13 (outside every pod CIDR). */
const epAddress = (i: number, j: number, salt = 0): string => {
  const n = i * ENDPOINTS + j + salt * 500_000;
  return `10.${200 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
};

interface Cluster {
  sim: Simulation;
  proxier: Proxier;
  /** Restore time of the proxier's last sync (ms), measured around the port's restore(). */
  lastRestoreMs: () => number;
  targetIP: string;
  setupS: number;
  /** Heap before the simulation was created (MB, after GC). */
  baseMB: number;
}

function check<T>(r: { ok: true; object: T } | { ok: false; status: { message: string } }): T {
  if (!r.ok) throw new Error(r.status.message);
  return r.object;
}

function build(services: number): Cluster {
  const base = heapMB();
  const t0 = performance.now();
  const created = createSimulation({ scenario: scenarioText, seed: 1 });
  if (!created.ok) throw new Error(created.error);
  const sim = created.sim;
  const actor = { actor: 'bench' };
  const auth = sim.api.get<Deployment>('deployments', 'default', 'auth-service')!;
  check(sim.api.update('deployments', { ...auth, spec: { ...auth.spec, replicas: ENDPOINTS } }, actor));
  sim.settle();
  const authPods = sim.api.list<Pod>('pods', 'default').filter((p) => p.metadata.labels?.app === 'auth-service' && p.status?.podIP);
  if (authPods.length !== ENDPOINTS) throw new Error(`expected ${ENDPOINTS} auth-service pods, got ${authPods.length}`);

  const proxier = sim.kubeProxies?.proxier(NODE);
  if (!proxier) throw new Error(`no kube-proxy on ${NODE}`);
  // The proxier asks its deps for the node's port at every sync; wrapping that object's
  // restore() splits a sync into payload building and iptables-restore.
  const port = (proxier as unknown as { deps: { port: () => NetfilterPort } }).deps.port();
  const restore = port.restore.bind(port);
  let restoreMs = 0;
  port.restore = (payload) => {
    const s = performance.now();
    const r = restore(payload);
    restoreMs = performance.now() - s;
    return r;
  };

  check(sim.api.create<Namespace>('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, actor));
  let targetIP = '';
  for (let i = 0; i < services; i++) {
    const name = svcName(i);
    const svc = check(sim.api.create<Service>('services', {
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS },
      spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] },
    }, actor));
    const last = i === services - 1;
    const endpoints = last
      ? authPods.map((p) => ({ addresses: [p.status!.podIP!], conditions: { ready: true, serving: true, terminating: false }, nodeName: p.spec.nodeName! }))
      : Array.from({ length: ENDPOINTS }, (_, j) => ({ addresses: [epAddress(i, j)], conditions: { ready: true, serving: true, terminating: false }, nodeName: j % 2 ? 'kind-worker2' : 'kind-worker' }));
    const slice: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: { name: `${name}-bench`, namespace: NS, labels: { 'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': 'bench' } },
      addressType: 'IPv4', endpoints, ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    };
    check(sim.api.create('endpointslices', slice as KubeObject, actor));
    if (last) targetIP = svc.spec.clusterIP!;
  }
  // Every kube-proxy syncs the new Services (the first sync builds every rule text).
  sim.settle();
  const setupS = (performance.now() - t0) / 1000;
  return { sim, proxier, lastRestoreMs: () => restoreMs, targetIP, setupS, baseMB: base };
}

interface SyncSample {
  ms: number;
  /** Payload size (history records drop old large payloads, so it is taken at once). */
  bytes: number;
  buildMs: number;
  restoreMs: number;
  rec: SyncRecord;
}

function timed(c: Cluster, run: () => SyncRecord | undefined): SyncSample {
  const t = performance.now();
  const rec = run();
  const ms = performance.now() - t;
  if (!rec?.ok) throw new Error(`sync failed: ${rec?.error ?? 'not synced'}`);
  const restoreMs = c.lastRestoreMs();
  return { ms, bytes: rec.payload.length, buildMs: ms - restoreMs, restoreMs, rec };
}

const pick = (samples: SyncSample[]): SyncSample & { buildMed: number; restoreMed: number } => {
  const byTime = [...samples].sort((a, b) => a.ms - b.ms);
  return { ...byTime[byTime.length >> 1]!, buildMed: median(samples.map((s) => s.buildMs)), restoreMed: median(samples.map((s) => s.restoreMs)) };
};

/** Full syncs of the node's kube-proxy (forceSyncProxyRules, as after the canary's loss or the hourly resync). */
function fullSyncs(c: Cluster, n: number) {
  const samples: SyncSample[] = [];
  for (let i = 0; i < n; i++) samples.push(timed(c, () => c.proxier.forceSyncProxyRules('forced')));
  return pick(samples);
}

/** One endpoint of one Service moves (an EndpointSlice update through the API), then a sync. */
function partialSyncs(c: Cluster, services: number, n: number) {
  const samples: SyncSample[] = [];
  const idx = services >> 1;
  for (let k = 0; k < n; k++) {
    const slice = c.sim.api.get<EndpointSlice>('endpointslices', NS, `${svcName(idx)}-bench`)!;
    const endpoints = slice.endpoints!.map((e, j) => (j === 3 ? { ...e, addresses: [epAddress(idx, j, k + 1)] } : e));
    check(c.sim.api.update('endpointslices', { ...slice, endpoints } as KubeObject, { actor: 'bench' }));
    const s = timed(c, () => c.proxier.syncNow());
    if (s.rec.full || s.rec.servicesWritten.join() !== `${NS}/${svcName(idx)}`) throw new Error('not a partial sync of one Service');
    samples.push(s);
    c.sim.settle(); // the other nodes' proxiers catch up
  }
  return pick(samples);
}

/**
 * Rules the kernel evaluated for one connection: in every table walk, each rule up to the one
 * that decided (a hit), the rest of a chain when the walk returned from it or fell to the
 * policy. TRACE hits give exactly that: rule numbers of matches, `return`/`policy` as rules + 1.
 */
function rulesEvaluated(t: ConnectionTrace): number {
  let n = 0;
  for (const hop of t.hops) {
    if (hop.step !== 'hook') continue;
    const pos = new Map<string, number>();
    let enter: string | undefined;
    for (const h of hop.hits) {
      const key = `${h.table}:${h.chain}`;
      if (enter === key) pos.set(key, 0);
      const upto = h.type === 'rule' ? h.ruleNumber : h.ruleNumber - 1;
      n += upto - (pos.get(key) ?? 0);
      pos.set(key, upto);
      enter = h.verdict?.startsWith('jump ') || h.verdict?.startsWith('goto ') ? `${h.table}:${h.verdict.slice(5)}` : undefined;
    }
  }
  return n;
}

function traces(c: Cluster, n: number) {
  const from = { pod: { namespace: 'default', name: 'client' } };
  const opts = { from, to: c.targetIP, port: 80 };
  for (let i = 0; i < 20; i++) c.sim.network.connect(opts); // compile the rules, warm the JIT
  const connectMs: number[] = [];
  let last: ConnectionTrace | undefined;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = c.sim.network.connect(opts);
    connectMs.push(performance.now() - t);
    if (last.outcome !== 'connected') throw new Error(`trace: ${last.outcome} ${last.error ?? ''}`);
  }
  const session = createSession(c.sim);
  const cmd = `trace pod/client ${c.targetIP}:80`;
  const commandMs: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const out = session.execute(cmd);
    commandMs.push(performance.now() - t);
    if (out.exitCode !== 0) throw new Error(out.chunks.map((x) => x.text).join(''));
  }
  const kubeServices = last!.hops.flatMap((h) => h.hits).find((h) => h.table === 'nat' && h.chain === 'KUBE-SERVICES' && h.type === 'rule');
  return {
    connectMs: median(connectMs),
    commandMs: median(commandMs),
    evaluated: rulesEvaluated(last!),
    kubeServicesRule: kubeServices?.ruleNumber ?? 0,
    hits: last!.hops.reduce((s, h) => s + h.hits.length, 0),
  };
}

function printTable(title: string, header: string[], rows: string[][], notes: string[] = []): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  for (const n of notes) console.log(n);
}

const syncSizes = (process.env.BENCH_SYNC_SIZES ?? '1000,10000').split(',').map(Number);
const traceSizes = (process.env.BENCH_TRACE_SIZES ?? '10,10000').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const TRACES = Number(process.env.BENCH_TRACES ?? 200);

type Full = ReturnType<typeof fullSyncs>;
type Partial = ReturnType<typeof partialSyncs>;
type Trace = ReturnType<typeof traces>;
const results: { services: number; setupS: number; heapMB: number; full?: Full; partial?: Partial; trace?: Trace }[] = [];
for (const services of [...new Set([...traceSizes, ...syncSizes])].sort((a, b) => a - b)) {
  const c = build(services);
  const r: (typeof results)[number] = { services, setupS: c.setupS, heapMB: 0 };
  if (syncSizes.includes(services)) {
    r.full = fullSyncs(c, REPEAT);
    // The whole simulation after the full syncs (three nodes' rulesets, kube-proxy caches and
    // sync history with the newest payloads, API objects).
    r.heapMB = heapMB() - c.baseMB;
    r.partial = partialSyncs(c, services, REPEAT);
  }
  if (traceSizes.includes(services)) r.trace = traces(c, TRACES);
  results.push(r);
  console.error(`[${services} services: cluster built in ${c.setupS.toFixed(1)} s]`);
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(2);
const ms = (x: number): string => x.toFixed(x < 10 ? 2 : 0);
const syncRows = results.filter((r) => r.full);
printTable(
  `Full kube-proxy sync on ${NODE} (forceSyncProxyRules: jump rules checked, payload of every chain built, iptables-restore --noflush --counters into the node's ruleset), N Services × ${ENDPOINTS} endpoints; median of ${REPEAT}`,
  ['services', 'endpoints', 'rules', 'payload (MB)', 'build (ms)', 'restore (ms)', 'sync (ms)', 'heap (MB)'],
  syncRows.map((r) => {
    const f = r.full!;
    return [String(r.services), String(r.services * ENDPOINTS), String(f.rec.ruleCount.filter + f.rec.ruleCount.nat), mb(f.bytes), ms(f.buildMed), ms(f.restoreMed), ms(f.ms), r.heapMB.toFixed(0)];
  }),
  [`\nfull sync of ${syncRows.at(-1)?.services} Services: ${syncRows.at(-1) ? ms(syncRows.at(-1)!.full!.ms) : '-'} ms (target < 1500 ms)`],
);
printTable(
  `Partial sync on ${NODE} after one EndpointSlice update (one endpoint of scale/${svcName(0).replace(/0+$/, '')}… replaced); median of ${REPEAT}`,
  ['services', 'rules written', 'payload (KB)', 'build (ms)', 'restore (ms)', 'sync (ms)', 'share of full'],
  syncRows.map((r) => {
    const p = r.partial!;
    return [String(r.services), String(p.rec.ruleCount.filter + p.rec.ruleCount.nat), (p.bytes / 1024).toFixed(1), ms(p.buildMed), ms(p.restoreMed), ms(p.ms), `${((p.ms / r.full!.ms) * 100).toFixed(2)} %`];
  }),
  ['\n(target: a partial sync under 5 % of a full one)'],
);
const traceRows = results.filter((r) => r.trace);
printTable(
  `One new TCP connection from pod default/client to the last Service's ClusterIP (scale/svc-<N-1>:80); median of ${TRACES}`,
  ['services', 'connect (ms)', 'trace command (ms)', 'rules evaluated', 'KUBE-SERVICES rule', 'TRACE hits'],
  traceRows.map((r) => {
    const t = r.trace!;
    return [String(r.services), t.connectMs.toFixed(3), t.commandMs.toFixed(3), String(t.evaluated), String(t.kubeServicesRule), String(t.hits)];
  }),
  traceRows.length >= 2
    ? [`\nconnect time, ${traceRows.at(-1)!.services} vs ${traceRows[0]!.services} Services: ${(traceRows.at(-1)!.trace!.connectMs / traceRows[0]!.trace!.connectMs).toFixed(2)}× (target < 2×); rules evaluated: ${(traceRows.at(-1)!.trace!.evaluated / traceRows[0]!.trace!.evaluated).toFixed(0)}×`]
    : [],
);
