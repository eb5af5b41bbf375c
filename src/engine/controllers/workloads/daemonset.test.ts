import { describe, expect, it } from 'vitest';
import type { DaemonSet, Node, Pod } from '../../api/types.ts';
import { computeDaemonSetHash } from './hash.ts';
import { kindCluster, kindNode } from './testkit.ts';

function daemonSet(name: string, namespace: string, tolerateAll: boolean, hostNetwork = false): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace, labels: { 'k8s-app': name } },
    spec: {
      selector: { matchLabels: { 'k8s-app': name } },
      template: {
        metadata: { labels: { 'k8s-app': name } },
        spec: {
          ...(hostNetwork ? { hostNetwork: true } : {}),
          ...(tolerateAll ? { tolerations: [{ operator: 'Exists' }] } : {}),
          containers: [{ name, image: hostNetwork ? 'registry.k8s.io/kube-proxy:v1.33.1' : 'busybox', command: hostNetwork ? ['/usr/local/bin/kube-proxy'] : ['sleep', 'infinity'] }],
        },
      },
    },
  };
}

const DAEMON_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

describe('DaemonSet controller', () => {
  it('runs one pod per node, the control plane included when the taint is tolerated', () => {
    const c = kindCluster();
    c.apply('daemonsets', daemonSet('kube-proxy', 'kube-system', true, true));
    c.apply('daemonsets', daemonSet('agent', 'default', false));
    expect(c.settle().quiet).toBe(true);
    const proxies = c.pods('kube-system');
    expect(proxies.map((p) => [p.spec.nodeName, p.status.podIP, p.status.phase])).toEqual([
      ['kind-worker', '172.18.0.3', 'Running'],
      ['kind-worker2', '172.18.0.4', 'Running'],
      ['kind-control-plane', '172.18.0.2', 'Running'],
    ]);
    const ds = c.api.get<DaemonSet>('daemonsets', 'kube-system', 'kube-proxy')!;
    const hash = computeDaemonSetHash(ds.spec.template);
    const p = proxies.find((x) => x.spec.nodeName === 'kind-control-plane')!;
    expect(p.metadata.generateName).toBe('kube-proxy-');
    expect(p.metadata.labels).toEqual({ 'k8s-app': 'kube-proxy', 'controller-revision-hash': hash, 'pod-template-generation': '1' });
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'kube-proxy', uid: ds.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(p.spec.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['kind-control-plane'] }] }] } },
    });
    expect(p.spec.tolerations).toEqual([{ operator: 'Exists' }, ...DAEMON_TOLERATIONS, { key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(ds.status).toEqual({ currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: 1, updatedNumberScheduled: 3, numberAvailable: 3 });

    const agents = c.pods('default');
    expect(agents.map((a) => [a.spec.nodeName, a.status.podIP])).toEqual([
      ['kind-worker2', '10.244.2.2'],
      ['kind-worker', '10.244.1.2'],
    ]);
    // The daemon tolerations plus the ones admission adds for eviction never apply: both NoExecute keys are covered.
    expect(agents[0]!.spec.tolerations).toEqual(DAEMON_TOLERATIONS);
    expect(c.api.get<DaemonSet>('daemonsets', 'default', 'agent')!.status).toMatchObject({ desiredNumberScheduled: 2, numberReady: 2 });
  });

  it('follows nodes: a NoSchedule taint keeps a running pod, a new template rolls node by node, a joining node gets a pod', () => {
    const c = kindCluster();
    c.apply('daemonsets', daemonSet('agent', 'default', false));
    c.settle();
    const worker = c.api.get<Node>('nodes', '', 'kind-worker')!;
    c.api.update('nodes', { ...worker, spec: { ...worker.spec, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } }, { actor: 'kubectl' });
    c.settle();
    expect(c.pods('default').map((p) => p.spec.nodeName).sort()).toEqual(['kind-worker', 'kind-worker2']);
    expect(c.api.get<DaemonSet>('daemonsets', 'default', 'agent')!.status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 1 });

    const ds = c.api.get<DaemonSet>('daemonsets', 'default', 'agent')!;
    const template = { ...ds.spec.template, metadata: { ...ds.spec.template.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } } };
    c.apply('daemonsets', { ...ds, spec: { ...ds.spec, template } });
    const mark = c.journal.lastSeq();
    expect(c.settle().quiet).toBe(true);
    const deletes = c.journal.since(mark).flatMap((e) => (e.type === 'controller' && e.action !== 'SuccessfulCreate' ? [[e.at - c.journal.since(mark)[0]!.at, e.action]] : []));
    // busybox ignores SIGTERM: each old pod takes the full 30 s grace period before its node gets the new one.
    expect(deletes.map((d) => d[1])).toEqual(['SuccessfulDelete', 'SuccessfulDelete']);
    // The tainted node's old pod was replaced by nothing: the DaemonSet no longer schedules there.
    expect(c.pods('default').map((p) => [p.spec.nodeName, p.metadata.labels?.['pod-template-generation']])).toEqual([['kind-worker2', '2']]);

    const joined = kindNode('kind-worker3', 3, 110, false);
    const res = c.api.create<Node>('nodes', { ...joined, status: {} }, { actor: 'kubelet/kind-worker3' });
    c.api.updateStatus('nodes', { ...(res.ok ? res.object : joined), status: joined.status }, { actor: 'kubelet/kind-worker3' });
    expect(c.settle().quiet).toBe(true);
    const pods = c.pods('default');
    expect(pods.map((p) => [p.spec.nodeName, p.status.podIP, p.metadata.labels?.['pod-template-generation']]).sort()).toEqual([
      ['kind-worker2', '10.244.2.3', '2'],
      ['kind-worker3', '10.244.3.2', '2'],
    ]);
    expect(pods.every((p: Pod) => p.status.phase === 'Running')).toBe(true);
    expect(c.api.get<DaemonSet>('daemonsets', 'default', 'agent')!.status).toEqual({
      currentNumberScheduled: 2, numberMisscheduled: 0, desiredNumberScheduled: 2, numberReady: 2, observedGeneration: 2, updatedNumberScheduled: 2, numberAvailable: 2,
    });
  });
});
