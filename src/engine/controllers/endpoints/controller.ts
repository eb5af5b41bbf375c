// The legacy Endpoints controller (ES-5), as pkg/controller/endpoint/endpoints_controller.go in
// kube-controller-manager v1.33: one Endpoints object per selector Service, named like it,
// rewritten whole whenever its subsets, labels or capacity annotation would change.

import type { ApiResult } from '../../api/status.ts';
import type { EndpointAddress, EndpointPort, Endpoints, EndpointSubset, Pod, Service } from '../../api/types.ts';
import type { ControllerContext } from '../context.ts';
import { isPodReady, shouldPodBeInEndpoints, shouldSetHostname } from '../endpointslice/desired.ts';
import { isIPv6String } from '../endpointslice/ip.ts';
import { ensureIndexes, podsForService, servicesToUpdate } from '../endpointslice/membership.ts';
import { findPort, protocolOf } from '../endpointslice/ports.ts';
import { DelayedAdds, Retrier } from '../endpointslice/retry.ts';
import { ANNOTATION_TRIGGER_TIME, LABEL_HEADLESS, hasSelector, isServiceIPSet } from '../endpointslice/sliceMeta.ts';
import { TriggerTimeTracker } from '../endpointslice/triggerTime.ts';
import { WorkQueue, nsKey, splitKey } from '../workqueue.ts';
import { MAX_CAPACITY, repackSubsets, subsetsEqual, truncateSubsets } from './subsets.ts';

const ACTOR = 'endpoint-controller';
export const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export interface EndpointsControllerOptions {
  /** --endpoint-updates-batch-period (default 0): delay of syncs caused by pod changes. */
  endpointUpdatesBatchPeriodMs?: number;
}

export function startEndpointsController(ctx: ControllerContext, opts: EndpointsControllerOptions = {}): void {
  const { api, scheduler } = ctx;
  ensureIndexes(api);
  const triggerTimes = new TriggerTimeTracker(ctx.clock);
  const queue: WorkQueue = new WorkQueue(scheduler, ACTOR, (key) => (sync(key) ? retrier.forget(key) : retrier.failed(key)));
  // DefaultControllerRateLimiter: 5ms doubling per failure.
  const retrier = new Retrier(scheduler, ACTOR, (key) => queue.add(key), 5);
  const podChanges = new DelayedAdds(scheduler, ACTOR, (key) => queue.add(key), opts.endpointUpdatesBatchPeriodMs ?? 0);

  api.watch('services', (e) => queue.add(nsKey(e.object.metadata.namespace, e.object.metadata.name)));
  api.watch('pods', (e) => {
    const cur = e.type === 'DELETED' ? undefined : (e.object as Pod);
    const old = e.type === 'ADDED' ? undefined : ((e.old ?? e.object) as Pod);
    for (const key of servicesToUpdate(api, old, cur)) podChanges.addAfter(key);
  });
  // Someone deleted an Endpoints object: recreate it (or finish deleting a service's).
  api.watch('endpoints', (e) => {
    if (e.type === 'DELETED') queue.add(nsKey(e.object.metadata.namespace, e.object.metadata.name));
  });

  // What the informers' initial lists would queue, plus checkLeftoverEndpoints: Endpoints
  // without a Service are deleted (leader-election records excepted).
  for (const svc of api.list('services')) queue.add(nsKey(svc.metadata.namespace, svc.metadata.name));
  for (const ep of api.list('endpoints')) {
    if (ep.metadata.annotations?.[LEADER_ANNOTATION] === undefined) queue.add(nsKey(ep.metadata.namespace, ep.metadata.name));
  }

  function sync(key: string): boolean {
    const [ns, name] = splitKey(key);
    const svc = api.get<Service>('services', ns, name);
    if (!svc) {
      const res = api.delete('endpoints', ns, name, { actor: ACTOR });
      if (!res.ok && res.status.reason !== 'NotFound') return false;
      triggerTimes.deleteService(ns, name);
      return true;
    }
    if (svc.spec.type === 'ExternalName' || !hasSelector(svc)) return true;

    const pods = podsForService(api, svc);
    // Computed before the no-op check so the tracker sees every sync.
    const triggerTime = triggerTimes.compute(ns, svc, pods);
    const subsets = repackSubsets(podSubsets(svc, pods));

    const current = api.get<Endpoints>('endpoints', ns, name);
    const labels = svc.metadata.labels ?? {};
    if (current) {
      const { [LABEL_HEADLESS]: _headless, ...compareLabels } = current.metadata.labels ?? {};
      if (subsetsEqual(current.subsets, subsets) && sameMap(compareLabels, labels) && capacityAnnotationCorrect(current)) return true;
    }

    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (triggerTime) annotations[ANNOTATION_TRIGGER_TIME] = triggerTime;
    else delete annotations[ANNOTATION_TRIGGER_TIME];
    if (truncateSubsets(subsets)) annotations[ANNOTATION_OVER_CAPACITY] = 'truncated';
    else delete annotations[ANNOTATION_OVER_CAPACITY];
    const newLabels: Record<string, string> = { ...labels };
    if (!isServiceIPSet(svc)) newLabels[LABEL_HEADLESS] = '';
    else delete newLabels[LABEL_HEADLESS];

    const meta: Endpoints['metadata'] = current ? { ...current.metadata } : { name, namespace: ns };
    setMap(meta, 'labels', newLabels);
    setMap(meta, 'annotations', annotations);
    const obj: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: meta };
    if (subsets.length > 0) obj.subsets = subsets;

    const res: ApiResult<Endpoints> = current ? api.update('endpoints', obj, { actor: ACTOR, trusted: true }) : api.create('endpoints', obj, { actor: ACTOR, trusted: true });
    if (res.ok) return true;
    // A namespace being deleted refuses new objects for good: drop the key.
    if (!current && res.status.reason === 'Forbidden' && res.status.message.includes('being terminated')) return true;
    // The Warning event upstream records.
    const detail = current ? `Failed to update endpoint ${ns}/${name}: ${res.status.message}` : `Failed to create endpoint for service ${ns}/${name}: ${res.status.message}`;
    ctx.journal.append({ type: 'controller', controller: ACTOR, action: current ? 'FailedToUpdateEndpoint' : 'FailedToCreateEndpoint', namespace: ns, name, detail });
    return false;
  }
}

/** The per-pod, per-port subsets before repacking (addEndpointSubset). */
function podSubsets(svc: Service, pods: readonly Pod[]): EndpointSubset[] {
  const tolerateUnready = svc.spec.publishNotReadyAddresses === true;
  const out: EndpointSubset[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const epa = podToEndpointAddress(svc, pod);
    if (!epa) continue;
    const ready = tolerateUnready || isPodReady(pod);
    const subset = (ports?: EndpointPort[]): EndpointSubset => {
      const s: EndpointSubset = ready ? { addresses: [epa] } : { notReadyAddresses: [epa] };
      if (ports) s.ports = ports;
      return s;
    };
    const svcPorts = svc.spec.ports ?? [];
    if (svcPorts.length === 0) {
      // Headless services may have no ports.
      if (svc.spec.clusterIP === 'None') out.push(subset());
      continue;
    }
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const epp: EndpointPort = sp.name ? { name: sp.name, port, protocol: protocolOf(sp) } : { port, protocol: protocolOf(sp) };
      if (sp.appProtocol !== undefined) epp.appProtocol = sp.appProtocol;
      out.push(subset([epp]));
    }
  }
  return out;
}

/**
 * podToEndpointAddressForService: the pod IP of the service's (first) family — from
 * ipFamilies, else the ClusterIP, else (headless) the pod's primary IP.
 */
function podToEndpointAddress(svc: Service, pod: Pod): EndpointAddress | undefined {
  let v6: boolean;
  const families = svc.spec.ipFamilies ?? [];
  if (families.length > 0) v6 = families[0] === 'IPv6';
  else if (isServiceIPSet(svc)) v6 = isIPv6String(svc.spec.clusterIP!);
  else v6 = isIPv6String(pod.status?.podIP ?? '');
  const ip = (pod.status?.podIPs ?? []).find((p) => isIPv6String(p.ip) === v6)?.ip;
  if (!ip) return undefined;
  const addr: EndpointAddress = { ip };
  if (shouldSetHostname(pod, svc)) addr.hostname = pod.spec['hostname'] as string;
  addr.nodeName = pod.spec.nodeName ?? '';
  addr.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
  return addr;
}

/** Over capacity needs a rewrite (truncation); under it, the annotation must be absent. */
function capacityAnnotationCorrect(ep: Endpoints): boolean {
  let n = 0;
  for (const s of ep.subsets ?? []) n += (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0);
  if (n > MAX_CAPACITY) return false;
  return ep.metadata.annotations?.[ANNOTATION_OVER_CAPACITY] === undefined;
}

/** apiequality on string maps: nil and empty are the same. */
function sameMap(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** Writes a map with sorted keys (as Go serialises it), or removes it when empty. */
function setMap(meta: Endpoints['metadata'], field: 'labels' | 'annotations', m: Record<string, string>): void {
  const keys = Object.keys(m).sort();
  if (keys.length === 0) delete meta[field];
  else meta[field] = Object.fromEntries(keys.map((k) => [k, m[k]!]));
}
