import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.ts';
import { VirtualClock } from '../../sim/clock.ts';
import { podsToDelete } from './ranking.ts';

const clock = new VirtualClock(Date.UTC(2026, 0, 1));
clock.advanceTo(3_600_000); // 01:00:00

function pod(name: string, o: { node?: string; phase?: 'Pending' | 'Running'; readySince?: string; created?: string; restarts?: number; cost?: string; uid?: string } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, uid: o.uid ?? name, creationTimestamp: o.created ?? '2026-01-01T00:00:00Z', ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}) },
    spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? 'Running',
      conditions: o.readySince ? [{ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: o.readySince }] : [],
      containerStatuses: [{ name: 'c', image: 'x', imageID: '', ready: !!o.readySince, restartCount: o.restarts ?? 0, state: {}, lastState: {} }],
    },
  };
}
const names = (ps: Pod[]): string[] => ps.map((p) => p.metadata.name!);

describe('ActivePodsWithRanks', () => {
  it('unscheduled < pending < not ready < ready', () => {
    const pods = [pod('ready', { node: 'a', readySince: '2026-01-01T00:00:10Z' }), pod('running', { node: 'a' }), pod('pending', { node: 'a', phase: 'Pending' }), pod('unscheduled', { phase: 'Pending' })];
    expect(names(podsToDelete(pods, [], 3, clock))).toEqual(['unscheduled', 'pending', 'running']);
  });

  it('lower deletion cost first, then pods doubled up on a node', () => {
    const r = '2026-01-01T00:00:10Z';
    const pods = [pod('a1', { node: 'a', readySince: r }), pod('a2', { node: 'a', readySince: r }), pod('b1', { node: 'b', readySince: r }), pod('cheap', { node: 'b', readySince: r, cost: '-5' })];
    expect(names(podsToDelete(pods, pods, 2, clock))).toEqual(['cheap', 'a1']);
  });

  it('recently ready first, in logarithmic buckets with the uid as tie-break; then restarts; then newest', () => {
    const pods = [
      pod('old', { node: 'a', readySince: '2026-01-01T00:00:00Z', uid: '1' }),
      pod('new', { node: 'b', readySince: '2026-01-01T00:59:00Z', uid: '2' }),
      pod('newer', { node: 'c', readySince: '2026-01-01T00:59:30Z', uid: '3' }),
    ];
    // 60s and 30s ago fall into different log2(ns) buckets; an hour ago is oldest.
    expect(names(podsToDelete(pods, [], 2, clock))).toEqual(['newer', 'new']);
    const same = [pod('x', { node: 'a' }), pod('y', { node: 'b', created: '2026-01-01T00:59:59Z' }), pod('crashy', { node: 'c', restarts: 3 })];
    expect(names(podsToDelete(same, [], 2, clock))).toEqual(['crashy', 'y']);
    // Asked for all of them: no ranking needed.
    expect(names(podsToDelete(same, [], 3, clock))).toEqual(['x', 'y', 'crashy']);
  });
});
