// Dry-run connections: what connect() would do now, without changing anything a later
// command could see. For the run, each node namespace gets a stand-in kernel that shares the
// ruleset (its rule and policy counters are put back afterwards) and starts from copies of the
// `-m recent` lists and the nfacct objects, and of the conntrack table when it is near full
// (else from an empty one: a new connection with a random source port only meets existing
// entries through the table's size; copying thousands of entries would cost more than the
// connections themselves). Every random draw (ephemeral
// ports, ISNs, `-m statistic`, NAT ports) comes from a generator of its own, so the cluster's
// generators are never advanced. Observers (onConnect) are not told. Not restored: per-rule
// `-m statistic --mode nth` counters (kept with the compiled rule).

import type { NetfilterKernel } from '../netfilter/kernel/index.ts';
import { CtEntry } from '../netfilter/kernel/conntrack.ts';
import type { Counters, Ruleset } from '../netfilter/types.ts';
import { createRng, type Rng } from '../sim/rng.ts';
import { connect, type ConnectDeps } from './connect.ts';
import { createKernel, kernelInit } from './kernelPort.ts';
import type { ConnectionTrace, ConnectOptions, Host } from './types.ts';

/** More dry connections than a check makes (requests: at most 10 000), with room to spare. */
const NEAR_FULL = 20_000;

export type DryConnect = (opts: ConnectOptions) => ConnectionTrace;

/** Runs `fn` with a connect() whose connections leave no trace; `seed` picks its random draws. */
export function dryRun<T>(deps: ConnectDeps, hosts: readonly Host[], fn: (connect: DryConnect) => T, seed = 1): T {
  const rng = createRng(seed);
  const swapped: { host: Host; kernel: NetfilterKernel }[] = [];
  const counters: [Counters, number, number][] = [];
  const seen = new Set<Ruleset>();
  try {
    for (const host of hosts) {
      const k = host.kernel;
      if (!k) continue;
      if (!seen.has(k.ruleset)) {
        seen.add(k.ruleset);
        saveCounters(k.ruleset, counters);
      }
      const shadow = standIn(k, rng.fork(host.id), deps.now());
      if (!shadow) continue;
      swapped.push({ host, kernel: k });
      host.kernel = shadow;
    }
    const dry: ConnectDeps = { ...deps, rng: rng.fork('connect') };
    return fn((opts) => {
      const { keepOpen: _keep, ...once } = opts;
      return connect(dry, once);
    });
  } finally {
    for (const { host, kernel } of swapped) host.kernel = kernel;
    for (const [c, packets, bytes] of counters) {
      c.packets = packets;
      c.bytes = bytes;
    }
  }
}

function saveCounters(ruleset: Ruleset, out: [Counters, number, number][]): void {
  for (const table of ruleset.tables.values()) {
    for (const chain of table.chains.values()) {
      out.push([chain.counters, chain.counters.packets, chain.counters.bytes]);
      for (const rule of chain.rules) out.push([rule.counters, rule.counters.packets, rule.counters.bytes]);
    }
  }
}

/** A kernel like `k` (same ruleset, copies of its state) drawing from `rng`. */
function standIn(k: NetfilterKernel, rng: Rng, now: number): NetfilterKernel | undefined {
  const init = kernelInit(k);
  if (!init) return undefined;
  const s = createKernel({ ...init, rng });
  s.ruleset = k.ruleset;
  s.formatRule = k.formatRule;
  Object.assign(s.conntrack.sysctl, k.conntrack.sysctl);
  const live = k.conntrack.list(now) as CtEntry[];
  if (live.length + NEAR_FULL > k.conntrack.sysctl.nf_conntrack_max) {
    for (const ct of live) {
      // A copy: the protocol trackers and NAT write to the entries they use.
      const copy = Object.assign(new CtEntry(ct.id, ct.proto, ct.original, ct.createdAt), ct);
      copy.tcpCloseInit = [...ct.tcpCloseInit];
      s.conntrack.insert(copy, now);
    }
  }
  for (const name of k.recent.names()) {
    const table = s.recent.table(name);
    for (const e of k.recent.entries(name)) table.set(e.addr, { ...e, stamps: [...e.stamps] });
  }
  for (const [name, c] of k.nfacct) s.nfacct.set(name, { ...c });
  return s;
}
