// The endpoints a Service should have, from its pods (ES-2): reconcileByAddressType's first
// half and podToEndpoint in staging/src/k8s.io/endpointslice/{reconciler,utils}.go.

import type { Node, Pod, Service, SliceEndpoint, SlicePort } from '../../api/types.ts';
import { canonicalIP, isIPv6String } from './ip.ts';
import { endpointPorts, portsKey } from './ports.ts';
import type { AddressType } from './sliceMeta.ts';
import { addressTypesForService } from './sliceMeta.ts';

export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

/** Endpoints sharing one resolved port set: they go into the same slices. */
export interface DesiredGroup {
  ports: SlicePort[];
  endpoints: SliceEndpoint[];
}

/** Groups by port-set key (portsKey), per address type. */
export type Desired = Map<AddressType, Map<string, DesiredGroup>>;

/** podutil.IsPodReady: the Ready condition is True. */
export const isPodReady = (pod: Pod): boolean => (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** The Ready condition's lastTransitionTime (the pod's endpoint trigger time). */
export const podReadyTransition = (pod: Pod): string | undefined => pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;

/**
 * ShouldPodBeInEndpoints: not Succeeded/Failed, has an IP, and (unless terminating pods are
 * wanted, as EndpointSlices always want them) not being deleted.
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

/** ShouldSetHostname: spec.hostname set and spec.subdomain naming this service. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  const hostname = pod.spec['hostname'];
  return typeof hostname === 'string' && hostname.length > 0 && pod.spec['subdomain'] === svc.metadata.name && svc.metadata.namespace === pod.metadata.namespace;
}

/** podToEndpoint: the endpoint for one pod and address type (addresses may be empty). */
export function podToEndpoint(pod: Pod, node: Node | undefined, svc: Service, addressType: AddressType): SliceEndpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  // For compatibility, ready is never true for a terminating pod unless publishNotReadyAddresses.
  const ready = svc.spec.publishNotReadyAddresses === true || (serving && !terminating);
  const addresses: string[] = [];
  for (const { ip } of pod.status?.podIPs ?? []) {
    if (isIPv6String(ip) === (addressType === 'IPv6')) addresses.push(canonicalIP(ip) ?? ip);
  }
  // Field order as the API serialises discovery/v1 Endpoint.
  const ep: SliceEndpoint = { addresses, conditions: { ready, serving, terminating } };
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec['hostname'] as string;
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
  if (pod.spec.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[LABEL_TOPOLOGY_ZONE];
  if (zone) ep.zone = zone;
  return ep;
}

// Stored objects never change (every write stores a new one), so a pod's endpoint for a
// given Service version, address type and zone can be remembered: a sync of a Service with
// thousands of pods then rebuilds only the endpoints of pods that changed, and hands the
// reconciler the very objects already stored in the slices (equal by identity).
interface PodEntry {
  svc: Service;
  addressType: AddressType;
  zone: string | undefined;
  ports: SlicePort[];
  portsKey: string;
  ep: SliceEndpoint;
}
const podEntries = new WeakMap<Pod, PodEntry[]>();

function podEntry(pod: Pod, node: Node | undefined, svc: Service, addressType: AddressType): PodEntry {
  const zone = node?.metadata.labels?.[LABEL_TOPOLOGY_ZONE];
  let entries = podEntries.get(pod);
  const hit = entries?.find((e) => e.svc === svc && e.addressType === addressType && e.zone === zone);
  if (hit) return hit;
  const ports = endpointPorts(svc, pod);
  const entry: PodEntry = { svc, addressType, zone, ports, portsKey: portsKey(ports), ep: podToEndpoint(pod, node, svc, addressType) };
  if (!entries) podEntries.set(pod, (entries = []));
  // Keep a few (services selecting the pod × families); drop entries of older versions.
  if (entries.length >= 8) entries.shift();
  entries.push(entry);
  return entry;
}

export interface DesiredResult {
  desired: Desired;
  /** Pods left out because their node is missing: the sync is retried (as upstream). */
  errors: string[];
}

/**
 * The desired endpoints of every address type the service serves, grouped by the port set
 * each pod resolves. A pod whose node does not exist is skipped (and reported) unless the
 * service publishes not-ready addresses.
 */
export function desiredEndpoints(svc: Service, pods: readonly Pod[], getNode: (name: string) => Node | undefined): DesiredResult {
  const desired: Desired = new Map();
  const errors: string[] = [];
  const ns = svc.metadata.namespace ?? '';
  for (const addressType of addressTypesForService(svc)) {
    const groups = new Map<string, DesiredGroup>();
    desired.set(addressType, groups);
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const nodeName = pod.spec.nodeName ?? '';
      const node = getNode(nodeName);
      const { ports, portsKey: key, ep } = podEntry(pod, node, svc, addressType);
      let group = groups.get(key);
      // The group exists even if the pod ends up skipped: its slices are kept (emptied), not deleted.
      if (!group) groups.set(key, (group = { ports, endpoints: [] }));
      if (!node && svc.spec.publishNotReadyAddresses !== true) {
        errors.push(`skipping Pod ${pod.metadata.name} for Service ${ns}/${svc.metadata.name}: Node ${nodeName} Not Found`);
        continue;
      }
      if (ep.addresses.length > 0) group.endpoints.push(ep);
    }
  }
  return { desired, errors };
}
