// One scenario end to end: Proxyscope builds the cluster (its simulation runs the network and
// a kube-proxy per node); the real kernel replays exactly the restores kube-proxy did and
// carries real connections; Proxyscope's rules engine replays the same restores on fresh
// rulesets and its network answers the same connections. The tests then only compare.

import { createResolver, runIptables } from '../../../src/engine/netfilter/cli/index.ts';
import { createRuleset, formatRule, restore, save, type RestoreResult } from '../../../src/engine/netfilter/rules/index.ts';
import type { Ruleset } from '../../../src/engine/netfilter/types.ts';
import { addRoute } from '../../../src/engine/network/routing.ts';
import { createSession } from '../../../src/engine/session.ts';
import { buildCluster, type Cluster } from './cluster.ts';
import { runOnKernel, type KernelOutcome, type NodeLoad } from './kernelRun.ts';
import { connectAll, traceSpread } from './proxyscopeProbes.ts';
import type { KernelScenario } from './scenario.ts';
import { setupFromRuleset } from './setup.ts';
import type { ProbeResult } from './topology.ts';

export const SEED = 1;
/** iptables-save's header time is not compared; any fixed text will do. */
const GENERATED_AT = 'Sat Nov 21 09:00:00 2026';
export const TABLES = ['nat', 'filter', 'mangle'] as const;
export type ComparedTable = (typeof TABLES)[number];
/** Proxier.history keeps this many syncs; a scenario must stay below to be replayed whole. */
const HISTORY_LIMIT = 50;

export interface Printed {
  /** iptables-save, whole and per table. */
  full: string;
  table: Record<ComparedTable, string>;
  /** `iptables -t nat -L -n -v`, `iptables -t filter -L -n -v --line-numbers`. */
  listNat: string;
  listFilter: string;
}

export type LivePrinted = Pick<Printed, 'full' | 'listNat' | 'listFilter'>;

export interface ScenarioResult {
  cluster: Cluster;
  /** How many restores kube-proxy did per node. */
  payloadSource: string;
  loads: Map<string, NodeLoad>;
  kernel: KernelOutcome;
  /** Proxyscope's rules engine fed the same restores on fresh rulesets. */
  replay: { restores: Map<string, RestoreResult[]>; printed: Map<string, Printed> };
  /** The nodes as Proxyscope's kube-proxy left them, printed by its node shell. */
  live: Map<string, LivePrinted>;
  /** Proxyscope's network: the scenario's probes. */
  connections: ProbeResult[][];
  /** `trace … --count N --json` for the distribution probe. */
  spread?: { connections: number; shares: Record<string, number> };
}

const ip2n = (ip: string): number => ip.split('.').reduce((acc, x) => ((acc << 8) | Number(x)) >>> 0, 0);

/** The restores Proxyscope's kube-proxy did on each node, in order, and what it set up around them. */
function proxyLoads(cluster: Cluster): Map<string, NodeLoad> {
  const { sim } = cluster;
  const loads = new Map<string, NodeLoad>();
  for (const n of cluster.nodes) {
    const proxier = sim.kubeProxies?.proxier(n.name);
    const kernel = sim.network.kernel(n.name);
    if (!proxier || !kernel) throw new Error(`${cluster.scenario.name}: no kube-proxy ran on ${n.name}`);
    if (proxier.history.length >= HISTORY_LIMIT) throw new Error(`${cluster.scenario.name}: ${n.name} synced too often to replay (history keeps ${HISTORY_LIMIT})`);
    loads.set(n.name, {
      nfacct: [...kernel.nfacct.keys()],
      setup: setupFromRuleset(kernel.ruleset, formatRule),
      payloads: proxier.history.map((h) => ({ text: h.payload, full: h.full, okInProxyscope: h.ok })),
    });
  }
  return loads;
}

function print(rs: Ruleset, nfacct: Set<string>): Printed {
  // The kernel side runs the binary as `iptables-save`, which is the name its header prints.
  const opts = { generatedAt: GENERATED_AT, program: 'iptables-save' };
  const table = Object.fromEntries(TABLES.map((t) => [t, save(rs, { ...opts, table: t })])) as Record<ComparedTable, string>;
  const env = { ruleset: rs, names: createResolver({}), version: '1.8.9 (nf_tables)', legacyTablesPresent: false, nfacctExists: (n: string) => nfacct.has(n) };
  return {
    full: save(rs, opts),
    table,
    listNat: runIptables(['-t', 'nat', '-L', '-n', '-v'], env).stdout,
    listFilter: runIptables(['-t', 'filter', '-L', '-n', '-v', '--line-numbers'], env).stdout,
  };
}

/** What `docker exec NODE iptables-save` / `iptables -L` print in Proxyscope's shell. */
function nodeShellPrint(cluster: Cluster, node: string): LivePrinted {
  const session = createSession(cluster.sim);
  const run = (line: string): string => {
    const out = session.execute(`docker exec ${node} ${line}`);
    const text = (fd: number) => out.chunks.filter((c) => c.fd === fd).map((c) => c.text).join('');
    if (out.exitCode !== 0) throw new Error(`docker exec ${node} ${line}: ${text(2)}`);
    return text(1);
  };
  return {
    full: run('iptables-save'),
    listNat: run('iptables -t nat -L -n -v'),
    listFilter: run('iptables -t filter -L -n -v --line-numbers'),
  };
}

/** Proxyscope's restore() on a fresh ruleset, fed exactly what the real kernel gets. */
function replay(loads: Map<string, NodeLoad>): ScenarioResult['replay'] {
  const restores = new Map<string, RestoreResult[]>();
  const printed = new Map<string, Printed>();
  for (const [node, load] of loads) {
    const rs = createRuleset();
    const nfacct = new Set(load.nfacct);
    const opts = { noflush: true, counters: true, nfacctExists: (n: string) => nfacct.has(n) };
    restore(rs, load.setup, opts);
    restores.set(node, load.payloads.map((p) => restore(rs, p.text, opts)));
    printed.set(node, print(rs, nfacct));
  }
  return { restores, printed };
}

export async function runScenario(s: KernelScenario): Promise<ScenarioResult> {
  const cluster = buildCluster(s, SEED);
  const { network } = cluster.sim;
  try {
    const loads = proxyLoads(cluster);
    const payloadSource = `Proxyscope's kube-proxy (${[...loads.values()].map((l) => l.payloads.length).join('/')} restores per node)`;
    const live = new Map(cluster.nodes.map((n) => [n.name, nodeShellPrint(cluster, n.name)] as const));
    const proxyscope = replay(loads);
    // The outside client's static routes (a LoadBalancer, a route to the Service range) go on
    // Proxyscope's external host too.
    const ext = network.host('external')!;
    for (const r of s.outsideRoutes ?? []) {
      const [net, bits] = r.to.split('/');
      addRoute(ext.routes, { dst: ip2n(net!), prefix: Number(bits ?? 32), via: cluster.node(r.viaNode).ip, dev: 'eth0' });
    }
    const connections = connectAll(cluster, s.probes);
    const spread = s.distribution ? traceSpread(cluster, s.distribution) : undefined;
    const kernel = await runOnKernel(cluster, { loads, extra: s.distribution ? [s.distribution] : [] });
    return { cluster, payloadSource, loads, kernel, replay: proxyscope, live, connections, ...(spread ? { spread } : {}) };
  } finally {
    cluster.sim.kubeProxies?.stop();
    network.stop();
  }
}
