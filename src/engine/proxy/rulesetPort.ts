// A NetfilterPort on a node's real ruleset (src/engine/netfilter/rules): what kube-proxy's
// utiliptables does with the binaries — iptables-restore --noflush --counters for the payload,
// `iptables -N` (EnsureChain), `iptables -C` then `-I` (EnsureRule Prepend) for the jumps, and
// the chain list of a table as iptables-save shows it.

import type { Counters, Ruleset, TableName } from '../netfilter/types.ts';
import { createRuleset, restore, runIptables } from '../netfilter/rules/index.ts';
import type { ConntrackPort, NetfilterPort, PortTable, RestoreOutcome } from './port.ts';

/** The parts of a node's netfilter kube-proxy touches (NetfilterKernel has them). */
export interface KernelLike {
  ruleset: Ruleset;
  /** nfacct accounting objects of the namespace. */
  nfacct?: Map<string, Counters>;
  /** Connection tracking (for the UDP stale-flow cleanup). */
  conntrack?: ConntrackPort;
  /** Addresses on the namespace's interfaces, both families (netlink RTM_GETADDR). */
  interfaceAddrs?(): string[];
}

export function rulesetPort(kernel: KernelLike): NetfilterPort {
  const nfacct = kernel.nfacct;
  const opts = nfacct ? { nfacctExists: (n: string) => nfacct.has(n) } : {};
  return {
    restore(payload: string): RestoreOutcome {
      return restore(kernel.ruleset, payload, { noflush: true, counters: true, ...opts });
    },
    chainNames(table: PortTable): Iterable<string> {
      return kernel.ruleset.tables.get(table as TableName)?.chains.keys() ?? [];
    },
    chainExists(table: PortTable, chain: string): boolean {
      return kernel.ruleset.tables.get(table as TableName)?.chains.has(chain) ?? false;
    },
    ensureChain(table: PortTable, chain: string): void {
      // Exit status 1 ("Chain already exists") is what EnsureChain treats as success.
      runIptables(kernel.ruleset, ['-t', table, '-N', chain], opts);
    },
    ensureRuleFirst(table: PortTable, chain: string, args: string[]): void {
      const check = runIptables(kernel.ruleset, ['-t', table, '-C', chain, ...args], opts);
      if (check.done && check.exitCode === 0) return;
      runIptables(kernel.ruleset, ['-t', table, '-I', chain, ...args], opts);
    },
    ensureNfacct(name: string): boolean {
      if (!nfacct) return true;
      if (!nfacct.has(name)) nfacct.set(name, { packets: 0, bytes: 0 });
      return true;
    },
    ...(kernel.conntrack ? { conntrack: kernel.conntrack } : {}),
  };
}

/** A node without a wired network still gets a netfilter state of its own. */
export function privateKernel(): KernelLike {
  return { ruleset: createRuleset(), nfacct: new Map() };
}
