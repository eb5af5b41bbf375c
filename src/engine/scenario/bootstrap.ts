// Brings a scenario's cluster into existence the way `kind create cluster` + kubectl apply
// would: system namespaces, nodes (workers may join later), the apiserver's own `kubernetes`
// Service with its endpoints, then the scenario's manifests.

import type { ApiServer } from '../api/store.ts';
import type { EndpointSlice, Endpoints, KubeObject, Namespace, Service } from '../api/types.ts';
import { resourceForKind } from '../api/resources.ts';
import type { Simulation } from '../simulation.ts';
import { nodeObject, nodeStatus } from './nodes.ts';
import type { Scenario, ScenarioNode } from './types.ts';

const ACTOR = 'kube-apiserver';

export function bootstrap(sim: Simulation): string[] {
  const { api, scenario } = sim;
  const problems: string[] = [];
  for (const name of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    api.create<Namespace>('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { actor: ACTOR });
  }
  for (const n of scenario.nodes) {
    if (n.joinAfterSeconds) sim.scheduler.after(n.joinAfterSeconds * 1000, () => registerNode(sim, n), { label: `join ${n.name}` });
    else registerNode(sim, n);
  }
  createKubernetesService(api, scenario);
  for (const obj of scenario.objects) {
    const info = resourceForKind(obj.kind);
    if (!info) {
      problems.push(`${scenario.name}: unsupported kind ${obj.kind}`);
      continue;
    }
    const res = api.create(info.resource, obj, { actor: 'kubectl-client-side-apply' });
    if (!res.ok) problems.push(`${scenario.name}: ${obj.kind} ${obj.metadata.name ?? ''}: ${res.status.message}`);
  }
  return problems;
}

function registerNode(sim: Simulation, n: ScenarioNode): void {
  const actor = `kubelet/${n.name}`;
  const created = sim.api.create('nodes', nodeObject(n, sim.scenario), { actor });
  if (!created.ok) return;
  const status = nodeStatus(n, sim.scenario, sim.rng, sim.clock.timestamp());
  sim.api.updateStatus('nodes', { ...created.object, status }, { actor, trusted: true });
}

/** The apiserver maintains `default/kubernetes` and its endpoints itself (no selector). */
function createKubernetesService(api: ApiServer, scenario: Scenario): void {
  const cp = scenario.nodes.find((n) => n.roles.includes('control-plane')) ?? scenario.nodes[0]!;
  const svc: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: firstServiceIP(scenario.serviceCIDR), ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' },
  };
  api.create('services', svc, { actor: ACTOR });
  const endpoints: Endpoints = {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: cp.ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  };
  api.create('endpoints', endpoints, { actor: ACTOR });
  const slice: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: [cp.ip], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  };
  api.create('endpointslices', slice as KubeObject, { actor: ACTOR });
}

function firstServiceIP(cidr: string): string {
  const [base] = cidr.split('/');
  const parts = (base ?? '10.96.0.0').split('.').map(Number);
  parts[3] = (parts[3] ?? 0) + 1;
  return parts.join('.');
}
