// Which Services a pod belongs to and which pods a Service selects, for both endpoint
// controllers (GetPodServiceMemberships, GetServicesToUpdateOnPodChange and
// podEndpointsChanged in staging/src/k8s.io/endpointslice/util/controller_utils.go).
//
// Upstream scans every Service of the namespace per pod event. We index instead, so a pod
// event costs O(its labels × services sharing a label), and listing a Service's pods costs
// O(pods carrying one of its selector's key=value pairs):
//   services by `ns/key=value` of the first (sorted) selector key,
//   pods by `ns/key=value` of each label.

import type { ApiServer } from '../../api/store.ts';
import type { EndpointSlice, KubeObject, Pod, Service } from '../../api/types.ts';
import { isPodReady } from './desired.ts';
import { LABEL_SERVICE_NAME } from './sliceMeta.ts';

const SERVICES_BY_SELECTOR = 'endpoints:selector-pair';
const PODS_BY_LABEL = 'endpoints:label-pair';
const SLICES_BY_SERVICE = 'endpointslice:service';

const pair = (ns: string | undefined, k: string, v: string): string => `${ns ?? ''}/${k}=${v}`;

function firstSelectorPair(svc: Service): string | undefined {
  const sel = svc.spec?.selector ?? {};
  const keys = Object.keys(sel);
  if (keys.length === 0) return undefined;
  const k = keys.length === 1 ? keys[0]! : keys.sort()[0]!;
  return pair(svc.metadata.namespace, k, sel[k]!);
}

/** Registers the indexes (idempotent: both controllers share them). */
export function ensureIndexes(api: ApiServer): void {
  api.addIndex('services', SERVICES_BY_SELECTOR, (o: KubeObject) => {
    const p = firstSelectorPair(o as Service);
    return p ? [p] : [];
  });
  api.addIndex('pods', PODS_BY_LABEL, (o: KubeObject) => Object.entries(o.metadata.labels ?? {}).map(([k, v]) => pair(o.metadata.namespace, k, v)));
  api.addIndex('endpointslices', SLICES_BY_SERVICE, (o: KubeObject) => {
    const svc = o.metadata.labels?.[LABEL_SERVICE_NAME];
    return svc === undefined ? [] : [`${o.metadata.namespace ?? ''}/${svc}`];
  });
}

export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const k in selector) if (!Object.prototype.hasOwnProperty.call(l, k) || l[k] !== selector[k]) return false;
  return true;
}

/** Keys (`ns/name`) of the Services whose selector matches these labels. */
export function servicesForLabels(api: ApiServer, namespace: string | undefined, labels: Record<string, string> | undefined): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const svc of api.byIndex<Service>('services', SERVICES_BY_SELECTOR, pair(namespace, k, v))) {
      if (selectorMatches(svc.spec.selector, labels)) out.add(`${svc.metadata.namespace ?? ''}/${svc.metadata.name ?? ''}`);
    }
  }
  return out;
}

/** The pods a Service selects, in name order. */
export function podsForService(api: ApiServer, svc: Service): Pod[] {
  const p = firstSelectorPair(svc);
  if (!p) return [];
  const pods = api.byIndex<Pod>('pods', PODS_BY_LABEL, p).filter((pod) => selectorMatches(svc.spec.selector, pod.metadata.labels));
  return pods.sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
}

/** The EndpointSlices labelled for a Service (any manager), in name order. */
export function slicesForService(api: ApiServer, namespace: string, name: string): EndpointSlice[] {
  const slices = api.byIndex<EndpointSlice>('endpointslices', SLICES_BY_SERVICE, `${namespace}/${name}`);
  return slices.sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
}

/**
 * podEndpointsChanged: [endpoint-relevant change, membership-relevant change]. Endpoints care
 * about deletion, readiness and IPs; membership about labels, hostname and subdomain.
 */
function podEndpointsChanged(oldPod: Pod, newPod: Pod): [boolean, boolean] {
  const labelsChanged =
    !sameLabels(oldPod.metadata.labels, newPod.metadata.labels) ||
    oldPod.spec['hostname'] !== newPod.spec['hostname'] ||
    oldPod.spec['subdomain'] !== newPod.spec['subdomain'];
  // Upstream compares deletionTimestamp pointers, which differ whenever either is set.
  if (oldPod.metadata.deletionTimestamp || newPod.metadata.deletionTimestamp) return [true, labelsChanged];
  if (isPodReady(oldPod) !== isPodReady(newPod)) return [true, labelsChanged];
  const a = oldPod.status?.podIPs ?? [], b = newPod.status?.podIPs ?? [];
  if (a.length !== b.length || a.some((ip, i) => ip.ip !== b[i]!.ip)) return [true, labelsChanged];
  return [false, labelsChanged];
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  // reflect.DeepEqual: a nil map and an empty one differ.
  if (!a || !b) return a === b;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && a[k] === b[k]);
}

/** The Services to sync after a pod event (old is undefined for ADDED, cur for DELETED). */
export function servicesToUpdate(api: ApiServer, old: Pod | undefined, cur: Pod | undefined): Set<string> {
  if (!old || !cur) {
    const pod = (cur ?? old)!;
    return servicesForLabels(api, pod.metadata.namespace, pod.metadata.labels);
  }
  if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return new Set();
  const [podChanged, labelsChanged] = podEndpointsChanged(old, cur);
  if (!podChanged && !labelsChanged) return new Set();
  const now = servicesForLabels(api, cur.metadata.namespace, cur.metadata.labels);
  if (!labelsChanged) return now;
  const before = servicesForLabels(api, old.metadata.namespace, old.metadata.labels);
  // Only labels changed: just the services the pod joined or left; otherwise all of them.
  if (podChanged) return new Set([...now, ...before]);
  return new Set([...now, ...before].filter((k) => now.has(k) !== before.has(k)));
}
