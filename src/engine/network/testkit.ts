// Test support: a cluster from a scenario text with its network and kube-proxy on every node,
// settled, plus small helpers to find pods and edit a node's rules the way `iptables` would.

import type { Pod } from '../api/types.ts';
import { createSimulation, type Simulation } from '../index.ts';
import { runIptables } from '../netfilter/rules/commands.ts';
import type { KubeProxies } from '../proxy/index.ts';
import type { Network } from './types.ts';

export interface TestCluster {
  sim: Simulation;
  net: Network;
  proxies?: KubeProxies;
}

export function bootCluster(scenario: string, opts: { kubeProxy?: boolean; seed?: number } = {}): TestCluster {
  const r = createSimulation({ scenario, ...(opts.kubeProxy === false ? { kubeProxy: false } : {}), ...(opts.seed !== undefined ? { seed: opts.seed } : {}) });
  if (!r.ok) throw new Error(r.error);
  const sim = r.sim;
  return { sim, net: sim.network, ...(sim.kubeProxies ? { proxies: sim.kubeProxies } : {}) };
}

/** Pods of a namespace whose name starts with `prefix`, by name. */
export function podsNamed(sim: Simulation, namespace: string, prefix: string): Pod[] {
  return sim.api.list<Pod>('pods', namespace).filter((p) => p.metadata.name?.startsWith(prefix));
}

/** `iptables ARGS…` in a node's namespace; throws on an error (tests only pass valid rules). */
export function iptables(net: Network, node: string, ...args: string[]): void {
  const k = net.kernel(node);
  if (!k) throw new Error(`no node ${node}`);
  const r = runIptables(k.ruleset, args);
  if (!r.done || r.exitCode !== 0) throw new Error(`iptables ${args.join(' ')}: ${JSON.stringify(r)}`);
}
