// `npm run bench:roundtrip`: one DNS lookup + one HTTP request from the client pod to a Service,
// at 10 and at 10,000 Services. Prints a table; asserts nothing (machines are noisy).
//
// The cluster is the default scenario (kind, kube-proxy iptables, CoreDNS, auth-service, the
// netshoot client pod), settled, plus Services in namespace "scale" up to N in all, each with
// one EndpointSlice of 3 synthetic endpoints written through the API (no selector, no pods:
// kube-proxy and CoreDNS see exactly N Services, as in dataplane.bench.ts). Measured:
//   - lookup: the client's getaddrinfo("auth-service") (search list, UDP to kube-dns through
//     the KUBE chains to a CoreDNS pod, which answers from the API);
//   - lookup via NXDOMAIN: getaddrinfo("auth-service.default"), whose first search name does
//     not exist (an NXDOMAIN with the zone's SOA, then the answer);
//   - curl in the pod: `curl -s http://auth-service:8080/` run by the pod's shell (lookup,
//     SYN to the ClusterIP, DNAT to a pod, the HTTP answer, FIN close);
//   - kubectl exec: the whole terminal command `kubectl exec client -- curl -s …` and the
//     settle after it, as the CLI and the page run it.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { EndpointSlice, KubeObject, Namespace, Pod, Service } from '../src/engine/api/types.ts';
import { resolvConfOf, resolveHost } from '../src/engine/dns/index.ts';
import { createSimulation, type Simulation } from '../src/engine/index.ts';
import { execInPod } from '../src/engine/podshell/index.ts';
import { createSession } from '../src/engine/session.ts';

const NS = 'scale';
const ENDPOINTS = 3;
const URL_TEXT = 'http://auth-service:8080/';
const scenarioText = readFileSync(new URL('../content/scenarios/default.yaml', import.meta.url), 'utf8');
/** Synthetic endpoint j of Service i: unique addresses in 10.200.0.0/13 (outside every pod CIDR). */
const epAddress = (i: number, j: number): string => {
  const n = i * ENDPOINTS + j;
  return `10.${200 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
};

function check<T>(r: { ok: true; object: T } | { ok: false; status: { message: string } }): T {
  if (!r.ok) throw new Error(r.status.message);
  return r.object;
}

function build(total: number): { sim: Simulation; setupS: number } {
  const t0 = performance.now();
  const created = createSimulation({ scenario: scenarioText, seed: 1 });
  if (!created.ok) throw new Error(created.error);
  const sim = created.sim;
  const actor = { actor: 'bench' };
  check(sim.api.create<Namespace>('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }, actor));
  const extra = total - sim.api.count('services');
  for (let i = 0; i < extra; i++) {
    const name = `svc-${String(i).padStart(5, '0')}`;
    check(sim.api.create<Service>('services', {
      apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS },
      spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] },
    }, actor));
    const slice: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: { name: `${name}-bench`, namespace: NS, labels: { 'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': 'bench' } },
      addressType: 'IPv4',
      endpoints: Array.from({ length: ENDPOINTS }, (_, j) => ({ addresses: [epAddress(i, j)], conditions: { ready: true, serving: true, terminating: false }, nodeName: j % 2 ? 'kind-worker2' : 'kind-worker' })),
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    };
    check(sim.api.create('endpointslices', slice as KubeObject, actor));
  }
  sim.settle();
  if (sim.api.count('services') !== total) throw new Error(`expected ${total} services, got ${sim.api.count('services')}`);
  return { sim, setupS: (performance.now() - t0) / 1000 };
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

interface Timing {
  p50: number;
  p95: number;
}

const timing = (ms: number[]): Timing => ({ p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) });

interface Probe {
  lookup: () => void;
  nx: () => void;
  curl: () => void;
  exec: () => void;
}

/** The three measured operations on one cluster (each throws if it did not work). */
function probes(sim: Simulation): Probe {
  const client = sim.api.get<Pod>('pods', 'default', 'client')!;
  const container = client.spec.containers[0]!;
  const from = { pod: { namespace: 'default', name: 'client' } };
  const conf = resolvConfOf(sim, client);
  const session = createSession(sim);
  return {
    lookup: () => {
      if (resolveHost(sim, from, conf, 'auth-service') === undefined) throw new Error('auth-service did not resolve');
    },
    nx: () => {
      if (resolveHost(sim, from, conf, 'auth-service.default') === undefined) throw new Error('auth-service.default did not resolve');
    },
    curl: () => {
      const r = execInPod(sim, client, container, ['curl', '-s', URL_TEXT], '');
      if (!r.ok || r.result.exitCode !== 0 || !r.result.stdout.startsWith('hostname: auth-service-')) throw new Error(`curl failed: ${JSON.stringify(r)}`);
    },
    exec: () => {
      const out = session.execute(`kubectl exec client -- curl -s ${URL_TEXT}`);
      sim.settle();
      if (out.exitCode !== 0) throw new Error(out.chunks.map((c) => c.text).join(''));
    },
  };
}

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
/** The requests are measured in rounds that alternate between the clusters, so that the load of
 *  a shared machine falls on every size alike. */
const ROUNDS = 10;
const sizes = (process.env.BENCH_SIZES ?? '10,10000').split(',').map(Number);
const clusters = sizes.map((services) => {
  const { sim, setupS } = build(services);
  console.error(`[${services} services: cluster built in ${setupS.toFixed(1)} s]`);
  return { services, setupS, probe: probes(sim), ms: { lookup: [] as number[], nx: [] as number[], curl: [] as number[], exec: [] as number[] } };
});
const kinds = ['lookup', 'nx', 'curl', 'exec'] as const;
for (const c of clusters) for (const k of kinds) for (let i = 0; i < 50; i++) c.probe[k](); // JIT, caches
for (let round = 0; round < ROUNDS; round++) {
  for (const c of clusters) {
    for (const k of kinds) {
      for (let i = 0; i < Math.ceil(REQUESTS / ROUNDS); i++) {
        const t = performance.now();
        c.probe[k]();
        c.ms[k].push(performance.now() - t);
      }
    }
  }
}
const rows = clusters.map((c) => ({ services: c.services, setupS: c.setupS, lookup: timing(c.ms.lookup), nx: timing(c.ms.nx), curl: timing(c.ms.curl), exec: timing(c.ms.exec) }));

const header = ['services', 'requests', 'lookup p50', 'p95', 'lookup via NXDOMAIN p50', 'p95', 'curl in pod p50', 'p95', 'kubectl exec p50', 'p95'];
const f = (x: number): string => x.toFixed(3);
const table = rows.map((r) => [String(r.services), String(Math.ceil(REQUESTS / ROUNDS) * ROUNDS), ...kinds.flatMap((k) => [f(r[k].p50), f(r[k].p95)])]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padStart(widths[i]!)).join(' | ')} |`;
console.log(`\nOne DNS lookup + one HTTP request, client pod → auth-service (N Services, ${ENDPOINTS} endpoints each); per-request ms\n`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const t of table) console.log(line(t));
if (rows.length >= 2) {
  const a = rows[0]!;
  const b = rows.at(-1)!;
  const g = (k: (typeof kinds)[number]): string => `${(b[k].p50 / a[k].p50).toFixed(2)}×`;
  console.log(`\ngrowth ${a.services} → ${b.services} Services (p50): lookup ${g('lookup')}, via NXDOMAIN ${g('nx')}, curl in pod ${g('curl')}, kubectl exec ${g('exec')} (target < 2×)`);
}
