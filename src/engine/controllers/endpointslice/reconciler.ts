// The EndpointSlice reconciler (ES-3), as staging/src/k8s.io/endpointslice/reconciler.go:
// given a Service, the endpoints it should have and the slices it has, decide which slices to
// create, update and delete. Pure: no API calls, no clock.
//
// Upstream walks Go maps and sets, so wherever it picks "any" element we take the first in
// a fixed order (desired endpoints in pod order, slices in the order given), which keeps runs
// reproducible and is one of the orders the real controller could produce.

import { deepEqual } from '../../api/deepEqual.ts';
import type { EndpointSlice, Service, SliceEndpoint, SlicePort } from '../../api/types.ts';
import type { Desired } from './desired.ts';
import { endpointKey, endpointsEqualBeyondHash } from './endpointSet.ts';
import { portsKey } from './ports.ts';
import { ANNOTATION_TRIGGER_TIME, type AddressType, addressTypesForService, newEndpointSlice, ownedBy, sliceLabels } from './sliceMeta.ts';

export interface ReconcileInput {
  service: Service;
  /** Desired endpoints per address type and port set (desired.ts). */
  desired: Desired;
  /** The service's slices managed by the controller (not being deleted). */
  existing: readonly EndpointSlice[];
  maxEndpointsPerSlice: number;
  /** RFC 3339 value for endpoints.kubernetes.io/last-change-trigger-time; unset clears it. */
  triggerTime?: string;
}

export interface SliceWrite {
  verb: 'create' | 'update' | 'delete';
  slice: EndpointSlice;
}

export interface ReconcileResult {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
  /**
   * The API calls in upstream's order: per address type its creates, updates, deletes (a
   * failed call ends its batch). Then come the `lostFamily` deletes.
   */
  batches: SliceWrite[][];
  /** Slices of address types the service no longer has: deleted last, each regardless. */
  lostFamily: EndpointSlice[];
}

interface Plan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

export function reconcile(input: ReconcileInput): ReconcileResult {
  const types = addressTypesForService(input.service);
  const byType = new Map<AddressType, EndpointSlice[]>();
  const unsupported: EndpointSlice[] = [];
  for (const s of input.existing) {
    if (!types.includes(s.addressType)) unsupported.push(s);
    else pushTo(byType, s.addressType, s);
  }
  const result: ReconcileResult = { create: [], update: [], delete: [], batches: [], lostFamily: unsupported };
  for (const t of types) {
    const plan = finalize(input, reconcileByAddressType(input, t, byType.get(t) ?? []));
    result.create.push(...plan.create);
    result.update.push(...plan.update);
    result.delete.push(...plan.delete);
    result.batches.push([
      ...plan.create.map((slice) => ({ verb: 'create' as const, slice })),
      ...plan.update.map((slice) => ({ verb: 'update' as const, slice })),
      ...plan.delete.map((slice) => ({ verb: 'delete' as const, slice })),
    ]);
  }
  result.delete.push(...unsupported);
  return result;
}

function pushTo<K, V>(m: Map<K, V[]>, key: K, v: V): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}

function reconcileByAddressType(input: ReconcileInput, addressType: AddressType, existing: EndpointSlice[]): Plan {
  const { service } = input;
  const plan: Plan = { create: [], update: [], delete: [] };
  const existingByPorts = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    // Slices of an older Service with the same name go (GC may not have got to them yet).
    if (!ownedBy(s, service)) {
      plan.delete.push(s);
      continue;
    }
    pushTo(existingByPorts, portsKey(s.ports), s);
  }
  const groups = input.desired.get(addressType) ?? new Map();
  for (const [key, group] of groups) {
    const set = new Map<string, SliceEndpoint>();
    for (const ep of group.endpoints) set.set(endpointKey(ep), ep);
    const r = reconcileByPortMapping(input, existingByPorts.get(key) ?? [], set, group.ports, addressType);
    plan.create.push(...r.create);
    plan.update.push(...r.update);
    plan.delete.push(...r.delete);
  }
  // Port sets no pod resolves any more.
  for (const [key, slices] of existingByPorts) if (!groups.has(key)) plan.delete.push(...slices);

  // A service without endpoints still gets one (empty) slice per address type.
  if (existing.length === plan.delete.length && plan.create.length === 0) {
    const placeholder = newEndpointSlice(service, [], addressType);
    if (plan.delete.length === 1 && placeholderEqual(plan.delete[0]!, placeholder)) plan.delete = [];
    else plan.create.push(placeholder);
  }
  return plan;
}

/** placeholderSliceCompare: namespace, labels, address type, no endpoints, no ports. */
function placeholderEqual(a: EndpointSlice, b: EndpointSlice): boolean {
  return (
    a.metadata.namespace === b.metadata.namespace &&
    deepEqual(a.metadata.labels ?? {}, b.metadata.labels ?? {}) &&
    a.addressType === b.addressType &&
    (a.endpoints ?? []).length === 0 &&
    (b.endpoints ?? []).length === 0 &&
    (a.ports ?? []).length === 0 &&
    (b.ports ?? []).length === 0
  );
}

/**
 * reconcileByPortMapping: (1) keep desired endpoints where they are, updating slices whose
 * endpoints changed or went (deleting emptied ones) or whose labels are stale; (2) top up
 * the slices being updated anyway, fullest first; (3) put what is left into the unchanged
 * slice it fills closest to the max, else into new slices.
 */
function reconcileByPortMapping(input: ReconcileInput, existing: EndpointSlice[], desired: Map<string, SliceEndpoint>, ports: SlicePort[], addressType: AddressType): Plan {
  const { service, maxEndpointsPerSlice: max } = input;
  const byName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();

  for (const slice of existing) {
    const name = slice.metadata.name ?? '';
    byName.set(name, slice);
    const current = slice.endpoints ?? [];
    const kept: SliceEndpoint[] = [];
    let endpointUpdated = false;
    for (const ep of current) {
      const key = endpointKey(ep);
      const want = desired.get(key);
      if (!want) continue;
      // Share the stored endpoint when nothing about it changed (same bytes on the wire).
      kept.push(deepEqual(want, ep) ? ep : want);
      if (!endpointsEqualBeyondHash(want, ep)) endpointUpdated = true;
      desired.delete(key);
    }
    const { labels, changed: labelsChanged } = sliceLabels(slice, service);
    if (endpointUpdated || kept.length !== current.length) {
      if (kept.length === 0) toDelete.add(name);
      else {
        byName.set(name, { ...slice, metadata: { ...slice.metadata, labels }, endpoints: kept });
        toUpdate.add(name);
      }
    } else if (labelsChanged) {
      byName.set(name, { ...slice, metadata: { ...slice.metadata, labels }, endpoints: [...current] });
      toUpdate.add(name);
    } else {
      unchanged.add(name);
    }
  }

  const popInto = (slice: EndpointSlice): void => {
    const eps = slice.endpoints!;
    for (const [key, ep] of desired) {
      if (eps.length >= max) break;
      eps.push(ep);
      desired.delete(key);
    }
  };

  if (desired.size > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate].map((n) => byName.get(n)!);
    slices.sort((a, b) => b.endpoints!.length - a.endpoints!.length);
    for (const slice of slices) popInto(slice);
  }

  const create: EndpointSlice[] = [];
  while (desired.size > 0) {
    let target: EndpointSlice | undefined;
    if (desired.size < max && unchanged.size > 0) {
      target = sliceToFill([...unchanged].map((n) => byName.get(n)!), desired.size, max);
    }
    if (!target) target = newEndpointSlice(service, ports, addressType);
    else {
      target = { ...target, metadata: { ...target.metadata }, endpoints: [...(target.endpoints ?? [])] };
      byName.set(target.metadata.name!, target);
    }
    popInto(target);
    // New slices have no name yet: that tells a create from an update.
    if (target.metadata.name) {
      toUpdate.add(target.metadata.name);
      unchanged.delete(target.metadata.name);
    } else {
      create.push(target);
    }
  }
  return {
    create,
    update: [...toUpdate].map((n) => byName.get(n)!),
    delete: [...toDelete].map((n) => byName.get(n)!),
  };
}

/** getSliceToFill: the slice closest to full after taking `n` more, if any can take them. */
function sliceToFill(slices: EndpointSlice[], n: number, max: number): EndpointSlice | undefined {
  let closestDiff = max;
  let closest: EndpointSlice | undefined;
  for (const s of slices) {
    const diff = max - (n + (s.endpoints?.length ?? 0));
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = s;
      if (diff === 0) break;
    }
  }
  return closest;
}

/**
 * finalize: creates that would sit next to deletes become updates of the slices to delete
 * (same address type, owned by this Service); no creates for a Service being deleted; the
 * trigger-time annotation on everything written.
 */
function finalize(input: ReconcileInput, plan: Plan): Plan {
  const { service } = input;
  let create = [...plan.create];
  const update = [...plan.update];
  const del = [...plan.delete];
  for (let i = 0; i < del.length && create.length > 0; ) {
    const victim = del[i]!;
    const slice = create[create.length - 1]!;
    if (victim.addressType === slice.addressType && ownedBy(victim, service)) {
      slice.metadata = { name: victim.metadata.name, ...slice.metadata };
      create.pop();
      update.push(slice);
      del.splice(i, 1);
    } else {
      i++;
    }
  }
  // Avoid racing the garbage collector, which is about to delete the Service's slices.
  if (service.metadata.deletionTimestamp) create = [];
  for (const s of [...create, ...update]) finishSlice(s, input.triggerTime);
  return { create, update, delete: del };
}

/** Sets (or clears) the trigger time; empty lists as storage returns them (null). */
function finishSlice(slice: EndpointSlice, triggerTime: string | undefined): void {
  const annotations = { ...(slice.metadata.annotations ?? {}) };
  if (triggerTime) annotations[ANNOTATION_TRIGGER_TIME] = triggerTime;
  else delete annotations[ANNOTATION_TRIGGER_TIME];
  const keys = Object.keys(annotations).sort();
  const sorted = keys.length > 0 ? Object.fromEntries(keys.map((k) => [k, annotations[k]!])) : undefined;
  // Rebuild metadata so annotations sit after labels, where the API serialises them.
  const meta: EndpointSlice['metadata'] = {};
  for (const [k, v] of Object.entries(slice.metadata)) {
    if (k === 'annotations') continue;
    (meta as Record<string, unknown>)[k] = v;
    if (k === 'labels' && sorted) meta.annotations = sorted;
  }
  if (sorted && !meta.annotations) meta.annotations = sorted;
  slice.metadata = meta;
  if (slice.endpoints && slice.endpoints.length === 0) slice.endpoints = null;
  if (slice.ports && slice.ports.length === 0) slice.ports = null;
}
