// What an EndpointSlice of the controller carries besides its endpoints (ES-1): labels,
// generateName, owner reference, address type — staging/src/k8s.io/endpointslice/utils.go.

import type { EndpointSlice, OwnerReference, Service, SlicePort } from '../../api/types.ts';
import { isIPv6String } from './ip.ts';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';
export const LABEL_MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
export const LABEL_HEADLESS = 'service.kubernetes.io/headless';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const ANNOTATION_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

export type AddressType = EndpointSlice['addressType'];

/** helper.IsServiceIPSet: headless services and those without a ClusterIP are not. */
export const isServiceIPSet = (svc: Service): boolean => !!svc.spec.clusterIP && svc.spec.clusterIP !== 'None';

/** A selector that selects: nil and empty selectors (the same after storage) select nothing. */
export const hasSelector = (svc: Service): boolean => Object.keys(svc.spec.selector ?? {}).length > 0;

const isReserved = (key: string): boolean => key === LABEL_SERVICE_NAME || key === LABEL_MANAGED_BY || key === LABEL_HEADLESS;

/** Map with keys in sorted order (Go writes maps sorted; keep ours equal on the wire). */
function sortedRecord(entries: [string, string][]): Record<string, string> {
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}

/**
 * setEndpointSliceLabels: the service's labels (reserved keys skipped) plus service-name,
 * managed-by and, for headless services, headless. `changed` reports whether the slice's
 * non-reserved labels differ from the service's (reserved label changes never count).
 */
export function sliceLabels(slice: EndpointSlice | undefined, svc: Service): { labels: Record<string, string>; changed: boolean } {
  const own = Object.entries(slice?.metadata.labels ?? {}).filter(([k]) => !isReserved(k));
  const fromSvc = Object.entries(svc.metadata.labels ?? {}).filter(([k]) => !isReserved(k));
  let changed = own.length !== fromSvc.length;
  if (!changed) {
    const svcLabels = svc.metadata.labels!;
    changed = own.some(([k, v]) => !Object.prototype.hasOwnProperty.call(svcLabels, k) || svcLabels[k] !== v);
  }
  const entries: [string, string][] = [...fromSvc];
  if (!isServiceIPSet(svc)) entries.push([LABEL_HEADLESS, '']);
  entries.push([LABEL_SERVICE_NAME, svc.metadata.name ?? ''], [LABEL_MANAGED_BY, CONTROLLER_NAME]);
  return { labels: sortedRecord(entries), changed };
}

/** metav1.NewControllerRef(service, v1 Service). */
export function serviceOwnerRef(svc: Service): OwnerReference {
  return { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name ?? '', uid: svc.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** ownedBy: an owner reference to this very Service (same UID). */
export function ownedBy(slice: EndpointSlice, svc: Service): boolean {
  return (slice.metadata.ownerReferences ?? []).some((o) => o.uid === svc.metadata.uid && o.kind === 'Service' && o.apiVersion === 'v1');
}

export const managedByController = (slice: EndpointSlice): boolean => slice.metadata.labels?.[LABEL_MANAGED_BY] === CONTROLLER_NAME;

/**
 * newEndpointSlice: an unnamed slice (the API server appends 5 random characters to
 * `<service>-`), owned by the Service. Empty lists are written as null, which is how they
 * come back from storage (protobuf has no empty list), e.g. `endpoints: null` on the
 * placeholder slice of a service without endpoints.
 */
export function newEndpointSlice(svc: Service, ports: SlicePort[], addressType: AddressType): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata.name ?? ''}-`,
      namespace: svc.metadata.namespace ?? 'default',
      labels: sliceLabels(undefined, svc).labels,
      ownerReferences: [serviceOwnerRef(svc)],
    },
    addressType,
    endpoints: [],
    ports: ports.length > 0 ? ports : null,
  };
}

/**
 * getAddressTypesForService: from spec.ipFamilies; without them, the ClusterIP's family; a
 * headless service without families gets both.
 */
export function addressTypesForService(svc: Service): AddressType[] {
  const families = svc.spec.ipFamilies ?? [];
  const out: AddressType[] = [];
  if (families.includes('IPv4')) out.push('IPv4');
  if (families.includes('IPv6')) out.push('IPv6');
  if (out.length > 0) return out;
  if (isServiceIPSet(svc)) return [isIPv6String(svc.spec.clusterIP!) ? 'IPv6' : 'IPv4'];
  return ['IPv4', 'IPv6'];
}
