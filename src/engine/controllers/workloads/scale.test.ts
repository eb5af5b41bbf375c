import { describe, expect, it } from 'vitest';
import { deployment, kindCluster, spread } from './testkit.ts';

describe('scale', () => {
  it('10,000 pods over 100 nodes settle: every pod Running, 100 per node', () => {
    const c = kindCluster({ workers: 100, maxPods: 110, controlPlane: false });
    c.apply('deployments', deployment('big', 10_000));
    expect(c.settle().quiet).toBe(true);
    const pods = c.pods('default');
    expect(pods.length).toBe(10_000);
    expect(pods.filter((p) => p.status.phase === 'Running').length).toBe(10_000);
    expect(new Set(Object.values(spread(pods)))).toEqual(new Set([100]));
    expect(c.api.list('replicasets')[0]!.status).toEqual({ replicas: 10_000, fullyLabeledReplicas: 10_000, readyReplicas: 10_000, availableReplicas: 10_000, observedGeneration: 1 });
  }, 60_000);
});
