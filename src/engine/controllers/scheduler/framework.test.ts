import { describe, expect, it } from 'vitest';
import type { Pod } from '../../api/types.ts';
import { feasibleNodesToFind, fitErrorMessage } from './framework.ts';

const pod = (preemptionPolicy?: string): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [], ...(preemptionPolicy ? { preemptionPolicy } : {}) }, status: {} });

describe('scheduler framework', () => {
  it('scores every node below 100, then an adaptive percentage (percentageOfNodesToScore)', () => {
    expect(feasibleNodesToFind(3)).toBe(3);
    expect(feasibleNodesToFind(99)).toBe(99);
    expect(feasibleNodesToFind(100)).toBe(100);
    expect(feasibleNodesToFind(1000)).toBe(420);
    expect(feasibleNodesToFind(5000)).toBe(500);
    expect(feasibleNodesToFind(150)).toBe(100);
  });

  it('writes the FitError message of v1.33', () => {
    const reasons = new Map([
      ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }', 1],
      ['Too many pods', 2],
    ]);
    expect(fitErrorMessage({ numAllNodes: 3, reasons, unresolvableNodes: 1, resolvableNodes: 2 }, pod())).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Too many pods. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    // Histogram entries sort as strings, as Go's sort.Strings does.
    const many = new Map([
      ['Insufficient cpu', 12],
      ['node(s) were unschedulable', 3],
    ]);
    expect(fitErrorMessage({ numAllNodes: 15, reasons: many, unresolvableNodes: 3, resolvableNodes: 12 }, pod('Never'))).toBe(
      '0/15 nodes are available: 12 Insufficient cpu, 3 node(s) were unschedulable. preemption: not eligible due to preemptionPolicy=Never.',
    );
    expect(fitErrorMessage({ numAllNodes: 0, reasons: new Map(), unresolvableNodes: 0, resolvableNodes: 0 }, pod())).toBe('no nodes available to schedule pods');
  });
});
