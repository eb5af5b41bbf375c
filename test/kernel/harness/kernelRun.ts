// One scenario against the real kernel: namespaces mirroring Proxyscope's cluster, each
// node loaded with the kube-proxy payload exactly as kube-proxy loads it (nfacct objects,
// KP-14 canaries and jumps, `iptables-restore --noflush --counters`), the printers read
// before any traffic, then real connections. Everything is torn down in `finally`.

import type { Cluster } from './cluster.ts';
import type { ExecResult } from './exec.ts';
import { addNfacct, conntrackList, list, restore, save } from './iptables.ts';
import type { ProbeDef, Source } from './scenario.ts';
import { World, type ProbeResult, type ProbeSpec } from './topology.ts';

/** What each node is loaded with, in this order. */
export interface NodeLoad {
  /** nfacct objects kube-proxy created in the namespace (NF-2). */
  nfacct: string[];
  /** Canary chains and built-in chain jumps (KP-14), iptables-restore --noflush input. */
  setup: string;
  /** The sync payloads (KP-10), in the order kube-proxy restored them. */
  payloads: { text: string; full: boolean; okInProxyscope?: boolean }[];
}

export interface NodeReadout {
  setup: ExecResult;
  /** One result per payload. */
  restores: ExecResult[];
  /** iptables-save, whole and per table, before any traffic. */
  save: string;
  saveTable: Record<'nat' | 'filter' | 'mangle', string>;
  /** `iptables -t nat -L -n -v` and `iptables -t filter -L -n -v --line-numbers`. */
  listNat: string;
  listFilter: string;
  conntrack?: string;
}

export interface KernelOutcome {
  nodes: Map<string, NodeReadout>;
  /** Results per probe, in scenario order. */
  probes: ProbeResult[][];
  /** Extra probes (the distribution run). */
  extra: ProbeResult[][];
  ms: number;
}

/** A connection that should be dropped is given up after this long. */
export const DROP_TIMEOUT_MS = 1000;
/** Connections that should get an answer may take longer on a loaded machine before they count as dropped. */
export const ANSWER_TIMEOUT_MS = 5000;

export function probeSpecs(cluster: Cluster, p: ProbeDef, firstId: number, group: string): ProbeSpec[] {
  const r = cluster.resolve(p.to);
  const n = p.count ?? 1;
  return Array.from({ length: n }, (_, i) => ({
    id: firstId + i,
    proto: r.proto,
    host: r.host,
    port: r.port,
    timeoutMs: p.expect.outcome === 'timeout' ? DROP_TIMEOUT_MS : ANSWER_TIMEOUT_MS,
    ...(p.sequential ? { group } : {}),
  }));
}

function sourceKey(s: Source): string {
  return JSON.stringify(s);
}

/** Runs probes grouped by source namespace, every source in parallel. */
async function runProbes(world: World, cluster: Cluster, probes: ProbeDef[], idBase: number): Promise<ProbeResult[][]> {
  const bySource = new Map<string, { from: Source; specs: ProbeSpec[] }>();
  const ranges: { key: string; ids: number[] }[] = [];
  let id = idBase;
  probes.forEach((p, i) => {
    const key = sourceKey(p.from);
    const specs = probeSpecs(cluster, p, id, `probe-${i}`);
    id += specs.length;
    if (!bySource.has(key)) bySource.set(key, { from: p.from, specs: [] });
    bySource.get(key)!.specs.push(...specs);
    ranges.push({ key, ids: specs.map((s) => s.id) });
  });
  const results = new Map<number, ProbeResult>();
  await Promise.all(
    [...bySource.values()].map(async ({ from, specs }) => {
      for (const r of await world.connect(from, specs)) results.set(r.id, r);
    }),
  );
  return ranges.map((r) => r.ids.map((x) => results.get(x)!));
}

export interface KernelRunOptions {
  loads: Map<string, NodeLoad>;
  /** Extra probe batches run after the scenario's own (e.g. 3,000 connections). */
  extra?: ProbeDef[];
}

export async function runOnKernel(cluster: Cluster, opts: KernelRunOptions): Promise<KernelOutcome> {
  const started = Date.now();
  const world = new World(cluster.topology());
  try {
    await world.up();
    const nodes = new Map<string, NodeReadout>();
    await Promise.all(
      cluster.nodes.map(async (n) => {
        const ns = world.ns({ node: n.name });
        const load = opts.loads.get(n.name)!;
        await addNfacct(ns, load.nfacct);
        const setup = await restore(ns, load.setup);
        const restores: ExecResult[] = [];
        for (const p of load.payloads) restores.push(await restore(ns, p.text));
        const [full, nat, filter, mangle, listNat, listFilter] = await Promise.all([
          save(ns),
          save(ns, 'nat'),
          save(ns, 'filter'),
          save(ns, 'mangle'),
          list(ns, 'nat', ['-n', '-v']),
          list(ns, 'filter', ['-n', '-v', '--line-numbers']),
        ]);
        nodes.set(n.name, { setup, restores, save: full, saveTable: { nat, filter, mangle }, listNat, listFilter });
      }),
    );
    await world.startServers();
    const probes = await runProbes(world, cluster, cluster.scenario.probes, 1);
    const extra = opts.extra ? await runProbes(world, cluster, opts.extra, 100_000) : [];
    await Promise.all(
      cluster.nodes.map(async (n) => {
        const ct = await conntrackList(world.ns({ node: n.name }));
        nodes.get(n.name)!.conntrack = ct.stdout;
      }),
    );
    return { nodes, probes, extra, ms: Date.now() - started };
  } finally {
    await world.down();
  }
}
