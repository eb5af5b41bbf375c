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
import { performance, PerformanceObserver } from 'node:perf_hooks';
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
// Garbage collection pauses (main thread), to show how much of a sync they are.
const gcPauses: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, duration: e.duration });
}).observe({ entryTypes: ['gc'] });
/** GC time within [from, to] (the observer reports after the event loop turned). */
async function gcBetween(from: number, to: number): Promise<number> {
  await new Promise((r) => setTimeout(r, 0));
  return gcPauses.filter((g) => g.start >= from && g.start <= to).reduce((a, g) => a + g.duration, 0);
}
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

/** One sync as the benchmark saw it (every node's kube-proxy is watched during set-up). */
interface SyncTiming {
  node: string;
  ms: number;
  restoreMs: number;
  bytes: number;
  rules: number;
}

interface Cluster {
  sim: Simulation;
  proxier: Proxier;
  /** Restore time of the measured proxier's last sync (ms), measured around the port's restore(). */
  lastRestoreMs: () => number;
  /** The syncs during set-up that wrote the N Services, in the order they ran. */
  initial: SyncTiming[];
  targetIP: string;
  setupS: number;
  /** Heap before the simulation was created (MB, after GC). */
  baseMB: number;
}

/**
 * Times a node's syncs: the proxier asks its deps for the node's port at every sync, so
 * wrapping that object's restore() splits a sync into payload building and iptables-restore;
 * the runner calls syncProxyRules through the instance, so wrapping that times the whole sync.
 */
function watch(node: string, proxier: Proxier, log: { on: boolean; syncs: SyncTiming[] }): () => number {
  const port = (proxier as unknown as { deps: { port: () => NetfilterPort } }).deps.port();
  const restore = port.restore.bind(port);
  let restoreMs = 0;
  port.restore = (payload) => {
    const s = performance.now();
    const r = restore(payload);
    restoreMs = performance.now() - s;
    return r;
  };
  const sync = proxier.syncProxyRules.bind(proxier);
  proxier.syncProxyRules = () => {
    const s = performance.now();
    const rec = sync();
    const ms = performance.now() - s;
    if (log.on && rec) log.syncs.push({ node, ms, restoreMs, bytes: rec.payload.length, rules: rec.ruleCount.filter + rec.ruleCount.nat });
    return rec;
  };
  return () => restoreMs;
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

  const log = { on: false, syncs: [] as SyncTiming[] };
  let lastRestoreMs = (): number => 0;
  for (const node of ['kind-control-plane', 'kind-worker', 'kind-worker2']) {
    const p = sim.kubeProxies?.proxier(node);
    if (!p) throw new Error(`no kube-proxy on ${node}`);
    const restoreMs = watch(node, p, log);
    if (node === NODE) lastRestoreMs = restoreMs;
  }
  const proxier = sim.kubeProxies!.proxier(NODE)!;

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
  // Every kube-proxy syncs the new Services: the first sync builds every rule text, the first
  // restore on each node parses every line (each node's ruleset keeps its own parsed lines).
  log.on = true;
  sim.settle();
  log.on = false;
  const setupS = (performance.now() - t0) / 1000;
  const initial = log.syncs.filter((x) => x.rules > services);
  return { sim, proxier, lastRestoreMs, initial, targetIP, setupS, baseMB: base };
}

interface SyncSample {
  ms: number;
  /** Garbage collection during the sync. */
  gcMs: number;
  /** Payload size (history records drop old large payloads, so it is taken at once). */
  bytes: number;
  buildMs: number;
  restoreMs: number;
  rec: SyncRecord;
}

async function timed(c: Cluster, run: () => SyncRecord | undefined): Promise<SyncSample> {
  const t = performance.now();
  const rec = run();
  const end = performance.now();
  const ms = end - t;
  if (!rec?.ok) throw new Error(`sync failed: ${rec?.error ?? 'not synced'}`);
  const restoreMs = c.lastRestoreMs();
  const bytes = rec.payload.length;
  return { ms, gcMs: await gcBetween(t, end), bytes, buildMs: ms - restoreMs, restoreMs, rec };
}

const pick = (samples: SyncSample[]): SyncSample & { buildMed: number; restoreMed: number; gcMed: number } => {
  const byTime = [...samples].sort((a, b) => a.ms - b.ms);
  return {
    ...byTime[byTime.length >> 1]!,
    buildMed: median(samples.map((s) => s.buildMs)),
    restoreMed: median(samples.map((s) => s.restoreMs)),
    gcMed: median(samples.map((s) => s.gcMs)),
  };
};

/** Full syncs of the node's kube-proxy (forceSyncProxyRules, as after the canary's loss or the hourly resync). */
async function fullSyncs(c: Cluster, n: number) {
  const samples: SyncSample[] = [];
  for (let i = 0; i < n; i++) samples.push(await timed(c, () => c.proxier.forceSyncProxyRules('forced')));
  return pick(samples);
}

/** One endpoint of one Service moves (an EndpointSlice update through the API), then a sync. */
async function partialSyncs(c: Cluster, services: number, n: number) {
  const samples: SyncSample[] = [];
  const idx = services >> 1;
  for (let k = 0; k < n; k++) {
    const slice = c.sim.api.get<EndpointSlice>('endpointslices', NS, `${svcName(idx)}-bench`)!;
    const endpoints = slice.endpoints!.map((e, j) => (j === 3 ? { ...e, addresses: [epAddress(idx, j, k + 1)] } : e));
    check(c.sim.api.update('endpointslices', { ...slice, endpoints } as KubeObject, { actor: 'bench' }));
    const s = await timed(c, () => c.proxier.syncNow());
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
function rulesEvaluated(t: ConnectionTrace, node?: string): number {
  let n = 0;
  for (const hop of t.hops) {
    if (hop.step !== 'hook' || (node !== undefined && (hop.hostKind !== 'node' || hop.node !== node))) continue;
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

async function traces(c: Cluster, n: number) {
  const from = { pod: { namespace: 'default', name: 'client' } };
  const clientNode = c.sim.api.get<Pod>('pods', 'default', 'client')!.spec.nodeName!;
  const opts = { from, to: c.targetIP, port: 80 };
  for (let i = 0; i < 20; i++) c.sim.network.connect(opts); // compile the rules, warm the JIT
  const connectMs: number[] = [];
  const evaluated: number[] = [];
  const onClientNode: number[] = [];
  let last: ConnectionTrace | undefined;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    last = c.sim.network.connect(opts);
    connectMs.push(performance.now() - t);
    if (last.outcome !== 'connected') throw new Error(`trace: ${last.outcome} ${last.error ?? ''}`);
    evaluated.push(rulesEvaluated(last));
    onClientNode.push(rulesEvaluated(last, clientNode));
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
  await new Promise((r) => setTimeout(r, 0));
  const kubeServices = last!.hops.flatMap((h) => h.hits).find((h) => h.table === 'nat' && h.chain === 'KUBE-SERVICES' && h.type === 'rule');
  return {
    connectMs: median(connectMs),
    commandMs: median(commandMs),
    evaluated: median(evaluated),
    onClientNode: median(onClientNode),
    kubeServicesRule: kubeServices?.ruleNumber ?? 0,
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

type Full = Awaited<ReturnType<typeof fullSyncs>>;
type Partial = Awaited<ReturnType<typeof partialSyncs>>;
type Trace = Awaited<ReturnType<typeof traces>>;
const results: { services: number; setupS: number; heapMB: number; initial: SyncTiming[]; full?: Full; partial?: Partial; trace?: Trace }[] = [];
for (const services of [...new Set([...traceSizes, ...syncSizes])].sort((a, b) => a - b)) {
  const c = build(services);
  const r: (typeof results)[number] = { services, setupS: c.setupS, heapMB: 0, initial: c.initial };
  if (syncSizes.includes(services)) {
    r.full = await fullSyncs(c, REPEAT);
    // The whole simulation after the full syncs (three nodes' rulesets, kube-proxy caches and
    // sync history with the newest payloads, API objects).
    r.heapMB = heapMB() - c.baseMB;
    r.partial = await partialSyncs(c, services, REPEAT);
  }
  if (traceSizes.includes(services)) r.trace = await traces(c, TRACES);
  results.push(r);
  console.error(`[${services} services: cluster built in ${c.setupS.toFixed(1)} s]`);
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(2);
const ms = (x: number): string => x.toFixed(x < 10 ? 2 : 0);
const syncRows = results.filter((r) => r.full);
printTable(
  `Full kube-proxy sync on ${NODE}, N Services × ${ENDPOINTS} endpoints (forceSyncProxyRules: jump rules checked with iptables -C, every chain's rules in the payload, iptables-restore --noflush --counters into the node's ruleset); median of ${REPEAT}`,
  ['services', 'endpoints', 'rules', 'payload (MB)', 'build (ms)', 'restore (ms)', 'sync (ms)', 'of which GC (ms)', 'heap (MB)'],
  syncRows.map((r) => {
    const f = r.full!;
    return [String(r.services), String(r.services * ENDPOINTS), String(f.rec.ruleCount.filter + f.rec.ruleCount.nat), mb(f.bytes), ms(f.buildMed), ms(f.restoreMed), ms(f.ms), ms(f.gcMed), r.heapMB.toFixed(0)];
  }),
  [`\nfull sync of ${syncRows.at(-1)?.services} Services: ${syncRows.at(-1) ? ms(syncRows.at(-1)!.full!.ms) : '-'} ms (target < 1500 ms)`],
);
printTable(
  'The first sync with the N Services on each node (when they appeared; that restore parses every line, later ones find them parsed)',
  ['services', 'node', 'rules', 'build (ms)', 'restore (ms)', 'sync (ms)'],
  syncRows.flatMap((r) => r.initial.map((x) => [String(r.services), x.node, String(x.rules), ms(x.ms - x.restoreMs), ms(x.restoreMs), ms(x.ms)])),
);
printTable(
  `Partial sync on ${NODE} after one EndpointSlice update (one endpoint of one Service replaced through the API); median of ${REPEAT}`,
  ['services', 'rules written', 'payload (KB)', 'build (ms)', 'restore (ms)', 'sync (ms)', 'share of full'],
  syncRows.map((r) => {
    const p = r.partial!;
    return [String(r.services), String(p.rec.ruleCount.filter + p.rec.ruleCount.nat), (p.bytes / 1024).toFixed(1), ms(p.buildMed), ms(p.restoreMed), ms(p.ms), `${((p.ms / r.full!.ms) * 100).toFixed(2)} %`];
  }),
  ['\n(target: a partial sync under 5 % of a full one)'],
);
const traceRows = results.filter((r) => r.trace);
printTable(
  `One new TCP connection from pod default/client to the last Service's ClusterIP (scale/svc-<N-1>:80), SYN to final ACK on every node it crosses; median of ${TRACES}`,
  ['services', 'connect (ms)', 'trace command (ms)', 'rules evaluated', "on the client's node", 'KUBE-SERVICES rule'],
  traceRows.map((r) => {
    const t = r.trace!;
    return [String(r.services), t.connectMs.toFixed(3), t.commandMs.toFixed(3), String(t.evaluated), String(t.onClientNode), String(t.kubeServicesRule)];
  }),
  traceRows.length >= 2
    ? [`\nconnect time, ${traceRows.at(-1)!.services} vs ${traceRows[0]!.services} Services: ${(traceRows.at(-1)!.trace!.connectMs / traceRows[0]!.trace!.connectMs).toFixed(2)}× (target < 2×); rules evaluated on the client's node: ${(traceRows.at(-1)!.trace!.onClientNode / traceRows[0]!.trace!.onClientNode).toFixed(0)}×`]
    : [],
);
