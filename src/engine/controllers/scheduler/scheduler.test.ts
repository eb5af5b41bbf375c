import { describe, expect, it } from 'vitest';
import type { Node, Pod } from '../../api/types.ts';
import { deployment, kindCluster, spread, type TestCluster } from '../workloads/testkit.ts';

const scheduled = (p: Pod) => p.status.conditions?.find((c) => c.type === 'PodScheduled');
const bare = (name: string, spec: Partial<Pod['spec']> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
  status: {},
});
const updateNode = (c: TestCluster, name: string, f: (n: Node) => Node): void => {
  const n = c.api.get<Node>('nodes', '', name)!;
  const res = c.api.update('nodes', f(n), { actor: 'kubectl' });
  if (!res.ok) throw new Error(res.status.message);
};

describe('default-scheduler', () => {
  it('binds through pods/binding: spec.nodeName and PodScheduled True', () => {
    const c = kindCluster();
    c.apply('pods', bare('web'));
    c.scheduler.runUntil(0);
    const p = c.api.get<Pod>('pods', 'default', 'web')!;
    expect(p.spec.nodeName).toBe('kind-worker2');
    expect(p.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:00:00Z' }]);
    expect(c.journal.since(0).filter((e) => e.type === 'write' && e.name === 'web').map((e) => (e.type === 'write' ? e.actor : ''))).toEqual(['kubectl', 'default-scheduler']);
  });

  it('explains why a pod fits nowhere, in the v1.33 wording', () => {
    const c = kindCluster();
    c.apply('pods', bare('picky', { nodeSelector: { disktype: 'ssd' } }));
    expect(c.settle().quiet).toBe(true);
    const p = c.api.get<Pod>('pods', 'default', 'picky')!;
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status).toEqual({
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: '2026-01-01T00:00:00Z',
          reason: 'Unschedulable',
          message:
            "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
        },
      ],
    });
    // Labelling a node is a cluster event: the pod is retried and lands there.
    updateNode(c, 'kind-worker', (n) => ({ ...n, metadata: { ...n.metadata, labels: { ...n.metadata.labels, disktype: 'ssd' } } }));
    expect(c.settle().quiet).toBe(true);
    expect(c.api.get<Pod>('pods', 'default', 'picky')!.spec.nodeName).toBe('kind-worker');
  });

  it('counts pods per node: Too many pods, retried when a pod goes away', () => {
    const c = kindCluster({ maxPods: 2 });
    c.apply('deployments', deployment('web', 5));
    expect(c.settle().quiet).toBe(true);
    const pending = c.pods('default').filter((p) => !p.spec.nodeName);
    expect(pending.length).toBe(1);
    expect(scheduled(pending[0]!)?.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Too many pods. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
    const victim = c.pods('default').find((p) => p.spec.nodeName)!;
    c.api.delete('pods', 'default', victim.metadata.name!, { actor: 'kubectl' });
    expect(c.settle().quiet).toBe(true);
    // The replacement and the pending pod compete for the one free slot; one of them stays pending.
    const pods = c.pods('default');
    expect(pods.length).toBe(5);
    expect(pods.filter((p) => p.spec.nodeName).length).toBe(4);
    expect(pods.find((p) => p.metadata.name === pending[0]!.metadata.name)!.spec.nodeName).toBe(victim.spec.nodeName);
  });

  it('respects cordoned and NotReady nodes and spreads replicas over the rest', () => {
    const c = kindCluster({ workers: 3 });
    updateNode(c, 'kind-worker', (n) => ({ ...n, spec: { ...n.spec, unschedulable: true } }));
    const n2 = c.api.get<Node>('nodes', '', 'kind-worker2')!;
    c.api.updateStatus('nodes', { ...n2, status: { ...n2.status, conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' }] } }, { actor: 'kubelet/kind-worker2' });
    c.apply('pods', bare('lone', { nodeSelector: { 'kubernetes.io/hostname': 'kind-worker2' } }));
    c.apply('deployments', deployment('web', 4));
    expect(c.settle().quiet).toBe(true);
    expect(spread(c.pods('default').filter((p) => p.metadata.name !== 'lone'))).toEqual({ 'kind-worker3': 4 });
    expect(scheduled(c.api.get<Pod>('pods', 'default', 'lone')!)?.message).toBe(
      "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 node(s) were unschedulable. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    );
  });

  it('spreads a Deployment evenly (least allocated + default topology spreading)', () => {
    const c = kindCluster({ workers: 3 });
    c.apply('deployments', deployment('web', 10));
    c.settle();
    expect(Object.values(spread(c.pods('default'))).sort()).toEqual([3, 3, 4]);
  });
});
