// Endpoint identity and change detection, as staging/src/k8s.io/endpointslice/util
// (endpointset.go hashEndpoint, controller_utils.go EndpointsEqualBeyondHash).

import type { ObjectReference, SliceEndpoint } from '../../api/types.ts';

/**
 * hashEndpoint: an endpoint is identified by its (sorted) addresses, hostname and the
 * namespace/name of its target. Everything else (conditions, node, zone) can change in place.
 */
export function endpointKey(ep: SliceEndpoint): string {
  let key = keys.get(ep);
  if (key === undefined) {
    const addrs = ep.addresses.length > 1 ? [...ep.addresses].sort() : ep.addresses;
    key = JSON.stringify([addrs, ep.hostname ?? '', ep.targetRef?.namespace ?? '', ep.targetRef?.name ?? '']);
    keys.set(ep, key);
  }
  return key;
}
// Endpoint objects are shared between syncs and never modified: their keys can be kept.
const keys = new WeakMap<SliceEndpoint, string>();

/** Pointer fields in Go: unset and set-to-zero differ. */
const changed = <T>(a: T | undefined, b: T | undefined): boolean => a !== b;

/** ObjectReference equality ignoring resourceVersion (string fields: unset = ""). */
function sameTarget(a: ObjectReference | undefined, b: ObjectReference | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    (a.kind ?? '') === (b.kind ?? '') &&
    (a.namespace ?? '') === (b.namespace ?? '') &&
    (a.name ?? '') === (b.name ?? '') &&
    (a.uid ?? '') === (b.uid ?? '') &&
    (a.apiVersion ?? '') === (b.apiVersion ?? '') &&
    (a.fieldPath ?? '') === (b.fieldPath ?? '')
  );
}

/** EndpointsEqualBeyondHash: node, zone, the three conditions and the target reference. */
export function endpointsEqualBeyondHash(a: SliceEndpoint, b: SliceEndpoint): boolean {
  return (
    !changed(a.nodeName, b.nodeName) &&
    !changed(a.zone, b.zone) &&
    !changed(a.conditions?.ready, b.conditions?.ready) &&
    !changed(a.conditions?.serving, b.conditions?.serving) &&
    !changed(a.conditions?.terminating, b.conditions?.terminating) &&
    sameTarget(a.targetRef, b.targetRef)
  );
}
