// What the commands of a node shell act on: one node of the simulated cluster (its root
// network namespace: netfilter rules, conntrack table, interfaces and routes).

import type { NetfilterKernel } from '../netfilter/kernel/index.ts';
import type { Ruleset } from '../netfilter/types.ts';
import type { CommandDescriptor } from '../shell/types.ts';
import type { Simulation } from '../simulation.ts';

export interface NodeWorld {
  sim: Simulation;
  /** The node's name (kind: also its hostname and docker container name). */
  node: string;
  /** The node's root-namespace kernel (undefined: the node has none, e.g. it was removed). */
  kernel(): NetfilterKernel | undefined;
  /** `ip addr` / `ip route` text of the node's root namespace (CONTRACTS §3 formatters). */
  ipAddr(): string;
  ipRoute(): string;
  /** State the iptables-legacy binary keeps in this namespace (kind nodes use the nft backend). */
  legacy: LegacyState;
}

/** The legacy (ip_tables) backend: separate, normally empty tables; once any of them is loaded
 *  iptables-nft warns on every listing. */
export interface LegacyState {
  ruleset: Ruleset;
  /** Tables loaded so far (iptables-legacy-save prints only these). */
  loaded: Set<string>;
}

/** How a node shell reaches the rest of the simulation; the session fills this in. */
export interface NodeDeps {
  kernel?(node: string): NetfilterKernel | undefined;
  ipAddr?(node: string): string;
  ipRoute?(node: string): string;
  /** More commands for node shells (e.g. curl), registered after the built-in ones. */
  commands?: CommandDescriptor<NodeWorld>[];
}
