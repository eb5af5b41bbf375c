// Per-node state that outlives one shell session (leaving and re-entering a node keeps it):
// the iptables-legacy tables, and a stand-alone kernel for nodes the network does not model.

import { NetfilterKernel } from '../netfilter/kernel/index.ts';
import { createRuleset } from '../netfilter/rules/index.ts';
import type { Simulation } from '../simulation.ts';
import type { LegacyState } from './types.ts';

interface NodeState {
  legacy: LegacyState;
  kernel?: NetfilterKernel;
}

const STATE = new WeakMap<Simulation, Map<string, NodeState>>();

export function nodeState(sim: Simulation, node: string): NodeState {
  let nodes = STATE.get(sim);
  if (!nodes) STATE.set(sim, (nodes = new Map()));
  let s = nodes.get(node);
  if (!s) nodes.set(node, (s = { legacy: { ruleset: createRuleset(), loaded: new Set() } }));
  return s;
}

/** The scenario's node by name (kind node containers are named after their nodes). */
export function scenarioNode(sim: Simulation, node: string): Simulation['scenario']['nodes'][number] | undefined {
  return sim.scenario.nodes.find((n) => n.name === node);
}

/** A kernel of its own for a node when no network provides one (rules only, no traffic). */
export function standaloneKernel(sim: Simulation, node: string): NetfilterKernel {
  const s = nodeState(sim, node);
  if (!s.kernel) {
    const ip = scenarioNode(sim, node)?.ip;
    s.kernel = new NetfilterKernel({
      rng: sim.rng,
      now: () => sim.clock.now(),
      isLocal: (addr) => addr === ip || addr.startsWith('127.'),
      ruleset: createRuleset(),
    });
  }
  return s.kernel;
}
