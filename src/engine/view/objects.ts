// API objects as the page shows them: plain views of Nodes, Pods, Services, EndpointSlices and
// Endpoints, derived from what the API server stores (never from the network or kube-proxy).

import type { Endpoints, EndpointSlice, KubeObject, Node, Pod, Service } from '../api/types.ts';
import type { EndpointsView, NodeView, PodState, PodView, ServiceView, SliceEndpointView, SliceView } from './types.ts';

// A stored object is never changed in place (every write stores a new one), so its size can be
// remembered per object: a snapshot of a big cluster does not serialise every slice again.
const sizes = new WeakMap<KubeObject, number>();

/** JSON size of the object as stored — what the journal records for a write of it. */
export function storedBytes(obj: KubeObject): number {
  let n = sizes.get(obj);
  if (n === undefined) sizes.set(obj, (n = JSON.stringify(obj).length));
  return n;
}

const ROLE_PREFIX = 'node-role.kubernetes.io/';

export function nodeView(n: Node): NodeView {
  const ip = n.status.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '';
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((k) => k.startsWith(ROLE_PREFIX))
    .map((k) => k.slice(ROLE_PREFIX.length))
    .sort();
  const view: NodeView = { name: n.metadata.name ?? '', ip, ready: n.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false, roles };
  if (n.spec.podCIDR) view.podCIDR = n.spec.podCIDR;
  return view;
}

/** Terminating (deletionTimestamp set) wins; then the phase; a running pod is ready when its Ready condition is True. */
export function podState(p: Pod): PodState {
  if (p.metadata.deletionTimestamp) return 'terminating';
  switch (p.status?.phase) {
    case 'Failed':
      return 'failed';
    case 'Succeeded':
      return 'succeeded';
    case 'Running':
      return p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? 'ready' : 'not-ready';
    case 'Unknown':
      return 'not-ready';
    default:
      return 'pending';
  }
}

export function podView(p: Pod): PodView {
  const view: PodView = {
    namespace: p.metadata.namespace ?? 'default',
    name: p.metadata.name ?? '',
    uid: p.metadata.uid ?? '',
    phase: p.status?.phase ?? 'Pending',
    state: podState(p),
    labels: { ...(p.metadata.labels ?? {}) },
  };
  if (p.spec.nodeName) view.node = p.spec.nodeName;
  if (p.status?.podIP) view.ip = p.status.podIP;
  const owner = p.metadata.ownerReferences?.find((o) => o.controller) ?? p.metadata.ownerReferences?.[0];
  if (owner) view.owner = `${owner.kind}/${owner.name}`;
  return view;
}

export function serviceView(s: Service): ServiceView {
  const spec = s.spec;
  const view: ServiceView = {
    namespace: s.metadata.namespace ?? 'default',
    name: s.metadata.name ?? '',
    type: spec.type ?? 'ClusterIP',
    ports: (spec.ports ?? []).map((p) => {
      const port: ServiceView['ports'][number] = { protocol: p.protocol ?? 'TCP', port: p.port, targetPort: String(p.targetPort ?? p.port) };
      if (p.name) port.name = p.name;
      if (p.nodePort !== undefined) port.nodePort = p.nodePort;
      return port;
    }),
    externalIPs: [...(spec.externalIPs ?? [])],
    loadBalancerIPs: (s.status?.loadBalancer?.ingress ?? []).flatMap((i) => (i.ip ? [i.ip] : [])),
  };
  if (spec.clusterIP) view.clusterIP = spec.clusterIP;
  if (spec.selector) view.selector = { ...spec.selector };
  return view;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

/** The slice's endpoints, one per address (IPv4 slices carry exactly one). Unset conditions read as
 *  the API documents: ready and serving when unknown, not terminating. */
export function sliceEndpoints(s: EndpointSlice): SliceEndpointView[] {
  const out: SliceEndpointView[] = [];
  for (const e of s.endpoints ?? []) {
    const ready = e.conditions?.ready ?? true;
    for (const ip of e.addresses) {
      const v: SliceEndpointView = { ip, ready, serving: e.conditions?.serving ?? ready, terminating: e.conditions?.terminating ?? false };
      if (e.targetRef?.kind === 'Pod' && e.targetRef.name) v.pod = `${e.targetRef.namespace ?? s.metadata.namespace ?? 'default'}/${e.targetRef.name}`;
      if (e.nodeName) v.node = e.nodeName;
      out.push(v);
    }
  }
  return out;
}

export function sliceView(s: EndpointSlice): SliceView {
  const view: SliceView = {
    namespace: s.metadata.namespace ?? 'default',
    name: s.metadata.name ?? '',
    resourceVersion: s.metadata.resourceVersion ?? '',
    ports: (s.ports ?? []).map((p) => {
      const port: SliceView['ports'][number] = { port: p.port ?? 0, protocol: p.protocol ?? 'TCP' };
      if (p.name) port.name = p.name;
      return port;
    }),
    endpoints: sliceEndpoints(s),
    bytes: storedBytes(s),
  };
  const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
  if (svc) view.service = svc;
  if (s.metadata.generation !== undefined) view.generation = s.metadata.generation;
  return view;
}

export function endpointsView(e: Endpoints): EndpointsView {
  let ready = 0;
  let notReady = 0;
  for (const sub of e.subsets ?? []) {
    ready += sub.addresses?.length ?? 0;
    notReady += sub.notReadyAddresses?.length ?? 0;
  }
  return {
    namespace: e.metadata.namespace ?? 'default',
    name: e.metadata.name ?? '',
    resourceVersion: e.metadata.resourceVersion ?? '',
    ready,
    notReady,
    bytes: storedBytes(e),
  };
}
