// What a probe's connections showed, in a form two runs (the real kernel, Proxyscope) can be
// compared with: which outcomes, which pods answered, which source each pod saw, whether the
// source was rewritten (masquerade; with --random-fully a node's own address still shows as a
// new port).

import type { Expectation } from './scenario.ts';
import type { ProbeResult } from './topology.ts';

export interface ProbeSummary {
  outcomes: string[];
  pods: string[];
  /** Source IPs each answering pod saw. */
  seenByPod: Record<string, string[]>;
  masquerade: boolean[];
}

const uniqSorted = <T>(xs: T[]): T[] => [...new Set(xs)].sort();

export function summarize(rs: ProbeResult[]): ProbeSummary {
  const ok = rs.filter((r) => r.outcome === 'connected');
  const seenByPod: Record<string, string[]> = {};
  for (const pod of uniqSorted(ok.map((r) => r.pod!))) seenByPod[pod] = uniqSorted(ok.filter((r) => r.pod === pod).map((r) => r.seen!.split(':')[0]!));
  return {
    outcomes: uniqSorted(rs.map((r) => (r.detail ? `${r.outcome} (${r.detail})` : r.outcome))),
    pods: uniqSorted(ok.map((r) => r.pod!)),
    seenByPod,
    masquerade: uniqSorted(ok.map((r) => r.masqueraded ?? r.seen !== r.local)),
  };
}

/**
 * What two runs of a probe must share. Which endpoint a ClientIP-affinity client sticks to is
 * a random draw on each side, so there only the number of endpoints and the sources compare.
 */
export function comparable(e: Expectation, rs: ProbeResult[]): ProbeSummary | Record<string, unknown> {
  const s = summarize(rs);
  if (e.distinctPods === undefined) return s;
  return { outcomes: s.outcomes, distinctPods: s.pods.length, seen: uniqSorted(Object.values(s.seenByPod).flat()), masquerade: s.masquerade };
}

/** The summary a probe's expectation asks for, and the same view of what happened. */
export function againstExpectation(e: Expectation, rs: ProbeResult[]): { expected: Record<string, unknown>; actual: Record<string, unknown> } {
  const s = summarize(rs);
  const expected: Record<string, unknown> = { outcomes: [e.outcome] };
  const actual: Record<string, unknown> = { outcomes: s.outcomes };
  if (e.pods) {
    expected.pods = [...e.pods].sort();
    actual.pods = s.pods;
  }
  if (e.distinctPods !== undefined) {
    expected.distinctPods = e.distinctPods;
    actual.distinctPods = s.pods.length;
  }
  if (e.masquerade !== undefined) {
    expected.masquerade = [e.masquerade];
    actual.masquerade = s.masquerade;
  }
  return { expected, actual };
}

/** Shares of the answering pods, e.g. { "web-1": 0.334, … }. */
export function shares(rs: ProbeResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rs) if (r.pod) counts[r.pod] = (counts[r.pod] ?? 0) + 1;
  const out: Record<string, number> = {};
  for (const [pod, n] of Object.entries(counts).sort()) out[pod] = n / rs.length;
  return out;
}
