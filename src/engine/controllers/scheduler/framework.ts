// One scheduling cycle of kube-scheduler's default profile (v1.33), on the incremental node
// cache: Filter (NodeUnschedulable, TaintToleration, NodeAffinity, NodePorts,
// NodeResourcesFit), Score (TaintToleration ×3, NodeAffinity ×2, NodeResourcesFit
// LeastAllocated ×1, BalancedAllocation ×1, default PodTopologySpread ×2), host selection with
// a seeded reservoir tie-break, and the FitError message of an unschedulable pod.

import type { Pod, Toleration } from '../../api/types.ts';
import type { Rng } from '../../sim/rng.ts';
import type { NodeInfo, PodResources } from './nodeinfo.ts';
import { matchesRequiredAffinity, nodeAffinityOf, taintReason, termMatches, toleratesTaint } from './predicates.ts';

const MAX_SCORE = 100;

export interface PodInfo {
  pod: Pod;
  res: PodResources;
  owner: string | undefined;
  tolerations: Toleration[];
}

interface FilterFailure {
  reasons: string[];
  /** UnschedulableAndUnresolvable: preemption on this node cannot help. */
  unresolvable: boolean;
}

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };

export function filter(p: PodInfo, ni: NodeInfo): FilterFailure | null {
  if (ni.unschedulable && !p.tolerations.some((t) => toleratesTaint(t, UNSCHEDULABLE_TAINT))) {
    return { reasons: ['node(s) were unschedulable'], unresolvable: true };
  }
  for (const taint of ni.hardTaints) {
    if (!p.tolerations.some((t) => toleratesTaint(t, taint))) return { reasons: [taintReason(taint)], unresolvable: true };
  }
  if (!matchesRequiredAffinity(p.pod.spec, ni.node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], unresolvable: true };
  if (p.res.hostPorts.some((hp) => ni.usedPorts.has(hp))) return { reasons: ["node(s) didn't have free ports for the requested pod ports"], unresolvable: false };
  const reasons: string[] = [];
  if (ni.pods + 1 > ni.allocPods) reasons.push('Too many pods');
  if (p.res.milliCPU > 0 && p.res.milliCPU > ni.allocCPU - ni.requestedCPU) reasons.push('Insufficient cpu');
  if (p.res.memory > 0 && p.res.memory > ni.allocMemory - ni.requestedMemory) reasons.push('Insufficient memory');
  return reasons.length ? { reasons, unresolvable: false } : null;
}

/** numFeasibleNodesToFind with the adaptive percentageOfNodesToScore. */
export function feasibleNodesToFind(all: number): number {
  if (all < 100) return all;
  const pct = Math.max(5, 50 - Math.trunc(all / 125));
  return Math.max(100, Math.trunc((all * pct) / 100));
}

const leastRequested = (requested: number, capacity: number): number =>
  capacity === 0 || requested > capacity ? 0 : Math.trunc(((capacity - requested) * MAX_SCORE) / capacity);

/** DefaultNormalizeScore: scale to 0..100 by the maximum (reversed when fewer is better). */
function normalize(scores: number[], reverse: boolean): number[] {
  const max = Math.max(0, ...scores);
  if (max === 0) return scores.map(() => (reverse ? MAX_SCORE : 0));
  return scores.map((s) => {
    const v = Math.trunc((MAX_SCORE * s) / max);
    return reverse ? MAX_SCORE - v : v;
  });
}

export function score(p: PodInfo, nodes: NodeInfo[]): number[] {
  const total = nodes.map(() => 0);
  // TaintToleration: intolerable PreferNoSchedule taints, fewer is better.
  const soft = p.tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  const taintCounts = nodes.map((ni) => ni.softTaints.filter((taint) => !soft.some((t) => toleratesTaint(t, taint))).length);
  normalize(taintCounts, true).forEach((s, i) => (total[i]! += 3 * s));
  // NodeAffinity: weights of the preferred terms the node matches.
  const preferred = nodeAffinityOf(p.pod.spec)?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  if (preferred.length) {
    const w = nodes.map((ni) => preferred.reduce((n, t) => n + (termMatches(t.preference, ni.node) ? t.weight : 0), 0));
    normalize(w, false).forEach((s, i) => (total[i]! += 2 * s));
  }
  nodes.forEach((ni, i) => {
    // NodeResourcesFit, LeastAllocated on cpu and memory (weight 1 each), non-zero requests.
    const cpu = leastRequested(ni.nonZeroCPU + p.res.nonZeroCPU, ni.allocCPU);
    const mem = leastRequested(ni.nonZeroMemory + p.res.nonZeroMemory, ni.allocMemory);
    total[i]! += Math.trunc((cpu + mem) / 2);
    // BalancedAllocation: 1 - |cpu fraction - memory fraction| / 2.
    const fc = ni.allocCPU ? Math.min(1, (ni.requestedCPU + p.res.milliCPU) / ni.allocCPU) : 0;
    const fm = ni.allocMemory ? Math.min(1, (ni.requestedMemory + p.res.memory) / ni.allocMemory) : 0;
    total[i]! += Math.trunc((1 - Math.abs(fc - fm) / 2) * MAX_SCORE);
  });
  // PodTopologySpread system defaults: kubernetes.io/hostname maxSkew 3 (zone maxSkew 5 only
  // where nodes carry a zone label) over the pods of the same controller.
  if (p.owner) {
    const w = Math.log(nodes.length + 2);
    const raw = nodes.map((ni) => {
      const labels = ni.node.metadata.labels ?? {};
      let s = 0;
      if ('kubernetes.io/hostname' in labels) s += (ni.owners.get(p.owner!) ?? 0) * w + 2;
      return Math.round(s);
    });
    const max = Math.max(...raw), min = Math.min(...raw);
    raw.forEach((s, i) => (total[i]! += 2 * (max === 0 ? MAX_SCORE : Math.trunc((MAX_SCORE * (max + min - s)) / max))));
  }
  return total;
}

/** selectHost: the best score, ties broken uniformly (reservoir sampling) with the seeded rng. */
export function selectHost(nodes: NodeInfo[], scores: number[], rng: Rng): NodeInfo {
  let best = 0, count = 0;
  for (let i = 0; i < nodes.length; i++) {
    if (i === 0 || scores[i]! > scores[best]!) {
      best = i;
      count = 1;
    } else if (scores[i] === scores[best]) {
      count++;
      if (rng.int(count) === 0) best = i;
    }
  }
  return nodes[best]!;
}

export interface Diagnosis {
  numAllNodes: number;
  reasons: Map<string, number>;
  resolvableNodes: number;
  unresolvableNodes: number;
}

const histogram = (m: Map<string, number>): string => [...m].map(([r, n]) => `${n} ${r}`).sort().join(', ');

/** FitError.Error() with the DefaultPreemption post-filter message (v1.33 wording). */
export function fitErrorMessage(d: Diagnosis, pod: Pod): string {
  if (d.numAllNodes === 0) return 'no nodes available to schedule pods';
  let msg = `0/${d.numAllNodes} nodes are available: ${histogram(d.reasons)}.`;
  if (pod.spec.preemptionPolicy === 'Never') return `${msg} preemption: not eligible due to preemptionPolicy=Never.`;
  const pre = new Map<string, number>();
  if (d.unresolvableNodes) pre.set('Preemption is not helpful for scheduling', d.unresolvableNodes);
  // Every pod here has the same priority as the incoming one: there is nobody to evict.
  if (d.resolvableNodes) pre.set('No preemption victims found for incoming pod', d.resolvableNodes);
  msg += ` preemption: 0/${d.numAllNodes} nodes are available: ${histogram(pre)}.`;
  return msg;
}
