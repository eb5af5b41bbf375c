// kube-proxy for every node (iptables mode, v1.33): a node's proxier starts when its kube-proxy
// pod (kube-system, k8s-app=kube-proxy) runs there, and stops with it — the rules it wrote stay.
// Services, EndpointSlices and Nodes come from shared watches, as kube-proxy's informers (with
// their label selectors) see them.

import type { EndpointSlice, Node, Pod, Service } from '../api/types.ts';
import type { ControllerContext } from '../controllers/context.ts';
import type { PodLogs } from '../sim/podLogs.ts';
import { defaultConfig, type ProxierConfig } from './config.ts';
import { kubeProxyArgv, nodePortAddressesOf, verbosityOf } from './flags.ts';
import { NodeAgent } from './nodeAgent.ts';
import type { NetfilterPort } from './port.ts';
import type { Proxier } from './proxier.ts';
import { privateKernel, rulesetPort, type KernelLike } from './rulesetPort.ts';

export type { Proxier, SyncRecord } from './proxier.ts';
export type { ProxierConfig } from './config.ts';
export type { KernelLike } from './rulesetPort.ts';

export interface KubeProxyDeps {
  /** The node's network namespace netfilter (undefined while the network is not wired). */
  kernel(node: string): KernelLike | undefined;
  logs: PodLogs;
  /** kube-proxy configuration beyond kind's defaults, e.g. `{ clusterCIDR: scenario.clusterCIDR }`. */
  config?: Partial<Omit<ProxierConfig, 'nodeName' | 'nodeIP'>>;
}

export interface KubeProxies {
  proxier(node: string): Proxier | undefined;
  stop(): void;
}

const KIND_POD_SUBNET = '10.244.0.0/16';

// Label selectors of kube-proxy's informers.
const SERVICE_PROXY_NAME = 'service.kubernetes.io/service-proxy-name';
const HEADLESS = 'service.kubernetes.io/headless';
const visibleService = (s: Service | undefined): s is Service => !!s && s.metadata.labels?.[SERVICE_PROXY_NAME] === undefined;
const visibleSlice = (s: EndpointSlice | undefined): s is EndpointSlice =>
  !!s && s.metadata.labels?.[SERVICE_PROXY_NAME] === undefined && s.metadata.labels?.[HEADLESS] === undefined;

const isKubeProxyPod = (p: Pod): boolean => p.metadata.namespace === 'kube-system' && p.metadata.labels?.['k8s-app'] === 'kube-proxy';

/** The running kube-proxy container of a pod: an id per process instance. */
function runningInstance(pod: Pod): string | undefined {
  if (pod.metadata.deletionTimestamp || pod.status?.phase !== 'Running' || !pod.spec.nodeName) return undefined;
  const cs = pod.status.containerStatuses?.find((s) => s.name === 'kube-proxy') ?? pod.status.containerStatuses?.[0];
  if (!cs?.state.running) return undefined;
  return `${pod.metadata.uid ?? ''}/${cs.restartCount}`;
}

export function startKubeProxies(ctx: ControllerContext, deps: KubeProxyDeps): KubeProxies {
  const { api } = ctx;
  const rng = ctx.rng.fork('kube-proxy');
  const agents = new Map<string, { instance: string; agent: NodeAgent }>();
  const privates = new Map<string, KernelLike>();
  const ports = new WeakMap<KernelLike, NetfilterPort>();

  const portFor = (node: string): NetfilterPort => {
    let k = deps.kernel(node);
    if (!k) {
      k = privates.get(node);
      if (!k) privates.set(node, (k = privateKernel()));
    }
    let p = ports.get(k);
    if (!p) ports.set(k, (p = rulesetPort(k)));
    return p;
  };

  const source = {
    services: () => api.list<Service>('services').filter((s) => visibleService(s)),
    endpointSlices: () => api.list<EndpointSlice>('endpointslices').filter((s) => visibleSlice(s)),
    node: (name: string) => api.get<Node>('nodes', '', name),
  };

  const reconcilePod = (pod: Pod | undefined, gone: boolean): void => {
    if (!pod || !isKubeProxyPod(pod)) return;
    const node = pod.spec.nodeName;
    if (!node) return;
    const instance = gone ? undefined : runningInstance(pod);
    const cur = agents.get(node);
    if (cur && cur.instance.startsWith(`${pod.metadata.uid ?? ''}/`) && cur.instance !== instance) {
      cur.agent.stop();
      agents.delete(node);
    }
    if (!instance || agents.get(node)?.instance === instance) return;
    agents.get(node)?.agent.stop(); // another kube-proxy pod took over the node
    const image = pod.spec.containers[0]?.image ?? '';
    const version = image.includes(':') ? image.slice(image.lastIndexOf(':') + 1) : 'v1.33.1';
    const base = defaultConfig(node, '', KIND_POD_SUBNET);
    const argv = kubeProxyArgv(pod);
    const config = {
      ...base,
      ...deps.config,
      verbosity: deps.config?.verbosity ?? verbosityOf(argv),
      nodePortAddresses: nodePortAddressesOf(argv) ?? deps.config?.nodePortAddresses ?? base.nodePortAddresses,
    };
    const podName = pod.metadata.name ?? '';
    const agent = new NodeAgent({
      ctx,
      node,
      podName,
      version,
      config,
      port: () => portFor(node),
      // The root namespace's addresses (InterfaceAddrs); none while the network is not wired.
      interfaceAddrs: () => deps.kernel(node)?.interfaceAddrs?.() ?? [],
      writeLog: (line) => deps.logs.append('kube-system', podName, 'kube-proxy', line),
      source,
      rng: rng.fork(`${node}/${instance}`),
    });
    agents.set(node, { instance, agent });
  };

  const unwatch = [
    api.watch('pods', (e) => reconcilePod(e.object as Pod, e.type === 'DELETED'), 'kube-system'),
    api.watch('services', (e) => {
      const old = visibleService(e.old as Service | undefined) ? (e.old as Service) : undefined;
      const cur = e.type !== 'DELETED' && visibleService(e.object as Service) ? (e.object as Service) : undefined;
      if (!old && !cur) return;
      for (const { agent } of agents.values()) agent.serviceEvent(old, cur);
    }),
    api.watch('endpointslices', (e) => {
      const cur = e.object as EndpointSlice;
      const old = e.old as EndpointSlice | undefined;
      const remove = e.type === 'DELETED' || !visibleSlice(cur);
      if (remove && e.type !== 'DELETED' && !visibleSlice(old)) return;
      for (const { agent } of agents.values()) agent.sliceEvent(remove ? (old ?? cur) : cur, remove);
    }),
    api.watch('nodes', (e) => {
      for (const { agent } of agents.values()) agent.nodeEvent(e.object as Node, e.type === 'DELETED');
    }),
  ];
  for (const p of api.list<Pod>('pods', 'kube-system')) reconcilePod(p, false);

  return {
    proxier: (node) => agents.get(node)?.agent.proxier,
    stop: () => {
      for (const u of unwatch) u();
      for (const { agent } of agents.values()) agent.stop();
      agents.clear();
    },
  };
}
