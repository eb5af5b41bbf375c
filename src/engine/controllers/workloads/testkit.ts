// Test support: a kind-like cluster (one tainted control-plane node and workers) on a real
// ApiServer with the real strategies, every workload component started. Used by the tests of
// the workload controllers, the scheduler and the kubelets.

import { createStrategies } from '../../api/kinds/index.ts';
import { ApiServer } from '../../api/store.ts';
import type { Deployment, KubeObject, Node, Pod } from '../../api/types.ts';
import { VirtualClock } from '../../sim/clock.ts';
import { Journal } from '../../sim/journal.ts';
import { createRng } from '../../sim/rng.ts';
import { Scheduler } from '../../sim/scheduler.ts';
import type { ControllerContext } from '../context.ts';
import { startWorkloads, type Workloads } from './index.ts';

export interface TestCluster extends ControllerContext {
  workloads: Workloads;
  settle(): { ran: number; quiet: boolean };
  apply<T extends KubeObject>(resource: string, obj: T): T;
  pods(namespace?: string): Pod[];
}

export interface ClusterOptions {
  workers?: number;
  maxPods?: number;
  /** Nodes are named kind-control-plane, kind-worker, kind-worker2 … (kind's scheme). */
  controlPlane?: boolean;
  seed?: number;
}

export const workerName = (i: number): string => (i === 0 ? 'kind-worker' : `kind-worker${i + 1}`);

export function kindNode(name: string, index: number, maxPods: number, controlPlane: boolean): Node {
  const resources = { cpu: '8', 'ephemeral-storage': '263174212Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '32827056Ki', pods: String(maxPods) };
  const cond = (type: string, status: 'True' | 'False', reason: string) => ({ type, status, lastHeartbeatTime: '2026-01-01T00:00:00Z', lastTransitionTime: '2026-01-01T00:00:00Z', reason, message: reason });
  const third = Math.floor(index / 250), fourth = (index % 250) + 2;
  // kind hands out 10.244.<n>.0/24 from 10.244.0.0/16; bigger test clusters continue in 10.245.
  const cidr = `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
      },
    },
    spec: {
      podCIDR: cidr,
      podCIDRs: [cidr],
      ...(controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: `172.18.${third}.${fourth}` },
        { type: 'Hostname', address: name },
      ],
      allocatable: resources,
      capacity: resources,
      conditions: [cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory'), cond('Ready', 'True', 'KubeletReady')],
    },
  };
}

export function kindCluster(opts: ClusterOptions = {}): TestCluster {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const rng = createRng(opts.seed ?? 1);
  const journal = new Journal(() => clock.now());
  const scheduler = new Scheduler(clock);
  const api = new ApiServer(clock, rng, journal, createStrategies({ serviceCIDR: '10.96.0.0/12', nodePortRange: [30000, 32767] }));
  const ctx: ControllerContext = { api, clock, scheduler, rng, journal };
  for (const name of ['default', 'kube-system']) api.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { actor: 'kube-apiserver' });
  const maxPods = opts.maxPods ?? 110;
  let index = 0;
  const addNode = (name: string, cp: boolean): void => {
    const node = kindNode(name, index++, maxPods, cp);
    const res = api.create<Node>('nodes', { ...node, status: {} }, { actor: `kubelet/${name}` });
    if (res.ok) api.updateStatus('nodes', { ...res.object, status: node.status }, { actor: `kubelet/${name}` });
  };
  if (opts.controlPlane ?? true) addNode('kind-control-plane', true);
  for (let i = 0; i < (opts.workers ?? 2); i++) addNode(workerName(i), false);
  const workloads = startWorkloads(ctx);
  return {
    ...ctx,
    workloads,
    settle: () => scheduler.settle(600_000),
    apply<T extends KubeObject>(resource: string, obj: T): T {
      const existing = api.get(resource, obj.metadata.namespace ?? 'default', obj.metadata.name ?? '');
      const res = existing
        ? api.update<T>(resource, { ...obj, metadata: { ...obj.metadata, resourceVersion: undefined } }, { actor: 'kubectl' })
        : api.create<T>(resource, obj, { actor: 'kubectl' });
      if (!res.ok) throw new Error(res.status.message);
      return res.object;
    },
    pods: (namespace) => api.list<Pod>('pods', namespace),
  };
}

export function deployment(name: string, replicas: number, image = 'hashicorp/http-echo:1.0', extra: Partial<Deployment['spec']> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image, args: ['-text=hello'], ports: [{ containerPort: 5678 }] }] },
      },
      ...extra,
    },
  };
}

/** Pods per node name, sorted by node. */
export function spread(pods: Pod[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pods) out[p.spec.nodeName ?? '<none>'] = (out[p.spec.nodeName ?? '<none>'] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort());
}
