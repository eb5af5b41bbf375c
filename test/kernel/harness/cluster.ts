// Runs a scenario's cluster through Proxyscope (API server, scheduler, kubelets with their
// IPAM, EndpointSlice controller, the network and a kube-proxy per node), then reads back what
// the real namespaces must mirror: pod IPs, ports the images listen on, Service addresses.

import { createSimulation } from '../../../src/engine/index.ts';
import type { EndpointSlice, Pod, Service, ServicePort } from '../../../src/engine/api/types.ts';
import { programFor } from '../../../src/engine/apps/images.ts';
import { loadScenario } from '../../../src/engine/scenario/loader.ts';
import type { Simulation } from '../../../src/engine/simulation.ts';
import { CLUSTER_CIDR, KIND_NODES, OUTSIDE_IP, SERVICE_CIDR, type KernelScenario, type ProbeDef, type ScenarioNodeDef, type Source, type Target } from './scenario.ts';
import type { ListenDef, PodDef, TopologyDef } from './topology.ts';

const ip2n = (ip: string): number => ip.split('.').reduce((acc, x) => ((acc << 8) | Number(x)) >>> 0, 0);

const HEADER = (s: KernelScenario, nodes: ScenarioNodeDef[]) => `name: kernel-${s.name}
description: ${JSON.stringify(s.description)}
epoch: 2026-11-21T09:00:00Z
cluster:
  name: kind
  kubernetesVersion: v1.33.1
  serviceCIDR: ${SERVICE_CIDR}
  clusterCIDR: ${CLUSTER_CIDR}
  nodePortRange: 30000-32767
nodes:
${nodes.map((n, i) => `- name: ${n.name}\n  ip: ${n.ip}\n  podCIDR: ${n.podCIDR}\n  roles: [${i === 0 ? 'control-plane' : ''}]\n  maxPods: 110`).join('\n')}
`;

/** kube-proxy runs as a DaemonSet: Proxyscope starts a proxier where its pod runs. */
const KUBE_PROXY = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
  namespace: kube-system
  labels:
    k8s-app: kube-proxy
spec:
  selector:
    matchLabels:
      k8s-app: kube-proxy
  template:
    metadata:
      labels:
        k8s-app: kube-proxy
    spec:
      hostNetwork: true
      priorityClassName: system-node-critical
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
      - operator: Exists
      containers:
      - name: kube-proxy
        image: registry.k8s.io/kube-proxy:v1.33.1
        command:
        - /usr/local/bin/kube-proxy
        - --config=/var/lib/kube-proxy/config.conf
        - --hostname-override=$(NODE_NAME)
        securityContext:
          privileged: true
`;

export interface Resolved {
  host: string;
  port: number;
  proto: 'tcp' | 'udp';
}

export class Cluster {
  readonly nodes: ScenarioNodeDef[];

  constructor(
    readonly scenario: KernelScenario,
    readonly sim: Simulation,
  ) {
    this.nodes = scenario.nodes ?? KIND_NODES;
  }

  services(): Service[] {
    return this.sim.api.list<Service>('services');
  }

  slices(): EndpointSlice[] {
    return this.sim.api.list<EndpointSlice>('endpointslices');
  }

  pods(): Pod[] {
    return this.sim.api.list<Pod>('pods').filter((p) => !p.spec.hostNetwork && p.status.podIP);
  }

  node(name: string): ScenarioNodeDef {
    const n = this.nodes.find((x) => x.name === name);
    if (!n) throw new Error(`${this.scenario.name}: no node ${name}`);
    return n;
  }

  service(name: string): Service {
    const s = this.sim.api.get<Service>('services', 'default', name);
    if (!s) throw new Error(`${this.scenario.name}: no service ${name}`);
    return s;
  }

  /** The real topology mirroring Proxyscope's cluster. */
  topology(): TopologyDef {
    const pods: PodDef[] = this.pods().map((p) => {
      const listen: ListenDef[] = [];
      for (const c of p.spec.containers) {
        for (const lp of programFor(c).ports ?? []) if (lp.protocol !== 'SCTP') listen.push({ port: lp.port, protocol: lp.protocol });
      }
      return { name: p.metadata.name!, node: p.spec.nodeName!, ip: p.status.podIP!, listen };
    });
    const outside = { ip: OUTSIDE_IP, routes: (this.scenario.outsideRoutes ?? []).map((r) => ({ to: r.to, via: this.node(r.viaNode).ip })) };
    return { nodes: this.nodes, pods, outside, nodePrefix: 16, gateway: '172.18.0.1' };
  }

  sourceIP(s: Source): string {
    if ('pod' in s) return this.pods().find((p) => p.metadata.name === s.pod)!.status.podIP!;
    if ('node' in s) return this.node(s.node).ip;
    return OUTSIDE_IP;
  }

  private port(svc: Service, which: string | number | undefined): ServicePort {
    const ports = svc.spec.ports ?? [];
    const p = which === undefined ? ports[0] : ports.find((x) => x.name === which || x.port === which);
    if (!p) throw new Error(`${this.scenario.name}: service ${svc.metadata.name} has no port ${which}`);
    return p;
  }

  /** The first node a probe's packets reach: the one whose conntrack entry holds the NAT. */
  firstNode(p: ProbeDef): string {
    if ('node' in p.from) return p.from.node;
    if ('pod' in p.from) {
      const pod = (p.from as { pod: string }).pod;
      return this.pods().find((x) => x.metadata.name === pod)!.spec.nodeName!;
    }
    if (p.to.via === 'nodePort') return p.to.node;
    const target = ip2n(this.resolve(p.to).host);
    const route = (this.scenario.outsideRoutes ?? []).find((r) => {
      const [net, bits] = r.to.split('/');
      const b = Number(bits ?? 32);
      const mask = b === 0 ? 0 : (0xffffffff << (32 - b)) >>> 0;
      return ((target & mask) >>> 0) === ((ip2n(net!) & mask) >>> 0);
    });
    if (!route) throw new Error(`${this.scenario.name}: ${p.name}: the outside client has no route to ${this.resolve(p.to).host}`);
    return route.viaNode;
  }

  /** Where a probe connects to. */
  resolve(t: Target): Resolved {
    const svc = this.service(t.service);
    const p = this.port(svc, t.port);
    const proto = (p.protocol ?? 'TCP').toLowerCase() as 'tcp' | 'udp';
    switch (t.via) {
      case 'clusterIP':
        return { host: svc.spec.clusterIP!, port: p.port, proto };
      case 'externalIP':
        return { host: svc.spec.externalIPs![0]!, port: p.port, proto };
      case 'loadBalancer':
        return { host: svc.status!.loadBalancer!.ingress![0]!.ip!, port: p.port, proto };
      case 'nodePort':
        return { host: this.node(t.node).ip, port: p.nodePort!, proto };
      case 'localhostNodePort':
        return { host: '127.0.0.1', port: p.nodePort!, proto };
    }
  }
}

function applyChanges(s: KernelScenario, sim: Simulation): void {
  for (const d of s.changes?.delete ?? []) {
    const res = sim.api.delete(d.resource, 'default', d.name, { actor: 'kubectl-client-side-apply' });
    if (!res.ok) throw new Error(`${s.name}: delete ${d.resource}/${d.name}: ${res.status.message}`);
  }
  if (s.changes?.create) {
    const loaded = loadScenario(`name: changes\nnodes: [{ name: x, ip: 1.2.3.4, podCIDR: 10.0.0.0/24 }]\n---\n${s.changes.create}`, `${s.name} changes`);
    if (!loaded.ok) throw new Error(loaded.error);
    for (const obj of loaded.scenario.objects) {
      const resource = `${obj.kind.toLowerCase()}s`;
      const res = sim.api.create(resource, obj, { actor: 'kubectl-client-side-apply' });
      if (!res.ok) throw new Error(`${s.name}: create ${obj.kind} ${obj.metadata.name ?? ''}: ${res.status.message}`);
    }
  }
  sim.settle();
}

/** Creates the Proxyscope side of a scenario and settles it. */
export function buildCluster(s: KernelScenario, seed: number): Cluster {
  const nodes = s.nodes ?? KIND_NODES;
  const text = [HEADER(s, nodes), KUBE_PROXY, s.manifests].join('\n---\n');
  const loaded = loadScenario(text, s.name);
  if (!loaded.ok) throw new Error(loaded.error);
  // The simulation runs the network and a kube-proxy on every node itself.
  const created = createSimulation({ scenario: loaded.scenario, seed });
  if (!created.ok) throw new Error(created.error);
  if (created.problems.length > 0) throw new Error(created.problems.join('\n'));
  const sim = created.sim;
  // An external load-balancer controller (cloud-provider-kind, MetalLB) publishes the IPs.
  for (const [name, ips] of Object.entries(s.loadBalancerIPs ?? {})) {
    const svc = sim.api.get<Service>('services', 'default', name);
    if (!svc) throw new Error(`${s.name}: no service ${name} for loadBalancerIPs`);
    const res = sim.api.updateStatus('services', { ...svc, status: { loadBalancer: { ingress: ips.map((ip) => ({ ip, ipMode: 'VIP' as const })) } } }, { actor: 'cloud-controller-manager' });
    if (!res.ok) throw new Error(`${s.name}: ${res.status.message}`);
  }
  sim.settle();
  if (s.changes) applyChanges(s, sim);
  const cluster = new Cluster(s, sim);
  const missing = s.manifests.match(/^kind: Pod$/gm)?.length ?? 0;
  if (cluster.pods().length < missing) throw new Error(`${s.name}: only ${cluster.pods().length} of ${missing} pods got an IP`);
  return cluster;
}
