// Endpoints subsets in canonical form (ES-5): pkg/api/v1/endpoints RepackSubsets/SortSubsets,
// and the controller's truncation to 1000 addresses (pkg/controller/endpoint).
//
// Ports with the same set of (address, ready) pairs share a subset. Addresses are sorted by
// IP then pod UID; ports and subsets by the MD5 of their spew dump — an order that looks
// arbitrary but is what every real cluster shows, so we compute the same dumps and hashes.

import type { EndpointAddress, EndpointPort, EndpointSubset, ObjectReference } from '../../api/types.ts';
import { md5Hex } from '../endpointslice/gohash.ts';

export const MAX_CAPACITY = 1000;

const portId = (p: EndpointPort | undefined): string => (p ? `${p.name ?? ''}\u0000${p.port}\u0000${p.protocol ?? ''}\u0000${p.appProtocol ?? '\u0001'}` : '');

/** RepackSubsets: expand to (port, address, ready) and regroup; returns new subsets, sorted. */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddrs = new Map<string, EndpointAddress>();
  // A port (undefined: the "no ports" sentinel of headless services) → address → ready.
  const byPort = new Map<string, { port: EndpointPort | undefined; addrs: Map<EndpointAddress, boolean> }>();
  const add = (addr: EndpointAddress, port: EndpointPort | undefined, ready: boolean): void => {
    const key = `${addr.ip}\u0000${addr.targetRef?.uid ?? ''}`;
    let shared = allAddrs.get(key);
    if (!shared) allAddrs.set(key, (shared = addr));
    const id = portId(port);
    let entry = byPort.get(id);
    if (!entry) byPort.set(id, (entry = { port, addrs: new Map() }));
    // Not ready wins over ready.
    if (entry.addrs.get(shared) !== false) entry.addrs.set(shared, ready);
  };
  for (const s of subsets) {
    const ports = s.ports && s.ports.length > 0 ? s.ports : [undefined];
    for (const port of ports) {
      for (const a of s.addresses ?? []) add(a, port, true);
      for (const a of s.notReadyAddresses ?? []) add(a, port, false);
    }
  }
  // Group ports by identical address sets. Every port's addresses were added in the same
  // (pod) order, so equal sets list their members in the same order: no sorting needed.
  const groups = new Map<string, { addrs: Map<EndpointAddress, boolean>; ports: EndpointPort[] }>();
  for (const { port, addrs } of byPort.values()) {
    let key = '';
    for (const [a, r] of addrs) key += `${a.ip}\u0000${a.targetRef?.uid ?? ''}\u0000${r ? 1 : 0}\u0001`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { addrs, ports: [] }));
    if (port) g.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const { addrs, ports } of groups.values()) {
    const ready = [...addrs].filter(([, r]) => r).map(([a]) => a);
    const notReady = [...addrs].filter(([, r]) => !r).map(([a]) => a);
    const subset: EndpointSubset = {};
    if (ready.length > 0) subset.addresses = ready;
    if (notReady.length > 0) subset.notReadyAddresses = notReady;
    if (ports.length > 0) subset.ports = ports;
    out.push(subset);
  }
  return sortSubsets(out);
}

/** LessEndpointAddress: by IP (bytewise), then target UID (no target first). */
function lessAddress(a: EndpointAddress, b: EndpointAddress): boolean {
  if (a.ip !== b.ip) return a.ip < b.ip;
  if (!b.targetRef) return false;
  if (!a.targetRef) return true;
  return (a.targetRef.uid ?? '') < (b.targetRef.uid ?? '');
}

const byHash = <T>(items: T[], dump: (x: T) => string): T[] => {
  if (items.length < 2) return items;
  const hashes = new Map<T, string>(items.map((x) => [x, md5Hex(dump(x))]));
  return items.sort((a, b) => (hashes.get(a)! < hashes.get(b)! ? -1 : hashes.get(a)! > hashes.get(b)! ? 1 : 0));
};

/** SortSubsets, in place. */
export function sortSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  const cmp = (a: EndpointAddress, b: EndpointAddress): number => (lessAddress(a, b) ? -1 : lessAddress(b, a) ? 1 : 0);
  for (const s of subsets) {
    s.addresses?.sort(cmp);
    s.notReadyAddresses?.sort(cmp);
    if (s.ports) byHash(s.ports, (p) => `(v1.EndpointPort)${spewPort(p)}`);
  }
  return byHash(subsets, spewSubset);
}

// spew `%#v` dumps of core/v1 values (types printed, strings raw, nil as <nil>).
const str = (v: string | undefined): string => v ?? '';
const ptr = (v: string | undefined): string => (v === undefined ? '<nil>' : v);

function spewPort(p: EndpointPort): string {
  return `{Name:(string)${str(p.name)} Port:(int32)${p.port} Protocol:(v1.Protocol)${str(p.protocol)} AppProtocol:(*string)${ptr(p.appProtocol)}}`;
}

function spewRef(r: ObjectReference | undefined): string {
  if (!r) return '<nil>';
  return (
    `{Kind:(string)${str(r.kind)} Namespace:(string)${str(r.namespace)} Name:(string)${str(r.name)} UID:(types.UID)${str(r.uid)} ` +
    `APIVersion:(string)${str(r.apiVersion)} ResourceVersion:(string)${str(r.resourceVersion)} FieldPath:(string)${str(r.fieldPath)}}`
  );
}

function spewAddress(a: EndpointAddress): string {
  return `{IP:(string)${a.ip} Hostname:(string)${str(a.hostname)} NodeName:(*string)${ptr(a.nodeName)} TargetRef:(*v1.ObjectReference)${spewRef(a.targetRef)}}`;
}

const spewList = <T>(items: T[] | undefined, each: (x: T) => string): string => (items === undefined ? '<nil>' : `[${items.map(each).join(' ')}]`);

export function spewSubset(s: EndpointSubset): string {
  return (
    `(v1.EndpointSubset){Addresses:([]v1.EndpointAddress)${spewList(s.addresses, spewAddress)} ` +
    `NotReadyAddresses:([]v1.EndpointAddress)${spewList(s.notReadyAddresses, spewAddress)} ` +
    `Ports:([]v1.EndpointPort)${spewList(s.ports, spewPort)}}`
  );
}

/**
 * truncateEndpoints: over 1000 addresses, keep ready ones first, cutting each subset in
 * proportion to its share (rounded up, so the last subsets may get fewer). Returns whether
 * anything was cut; `subsets` is replaced in place by truncated copies.
 */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  let totalReady = 0, totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= MAX_CAPACITY) return false;
  const truncateReady = totalReady > MAX_CAPACITY;
  const max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (let i = 0; i < subsets.length; i++) {
    const s = { ...subsets[i]! };
    const inSubset = (truncateReady ? s.addresses?.length : s.notReadyAddresses?.length) ?? 0;
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      if (s.addresses && s.addresses.length > toBeAdded) s.addresses = s.addresses.slice(0, toBeAdded);
      delete s.notReadyAddresses; // Go sets an empty list, which is not written
      canBeAdded -= s.addresses?.length ?? 0;
    } else {
      if (s.notReadyAddresses && s.notReadyAddresses.length > toBeAdded) s.notReadyAddresses = s.notReadyAddresses.slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses?.length ?? 0;
    }
    if (s.addresses?.length === 0) delete s.addresses;
    if (s.notReadyAddresses?.length === 0) delete s.notReadyAddresses;
    subsets[i] = s;
  }
  return true;
}

// Semantic equality of subsets as apiequality sees it: empty and missing lists are equal,
// string fields "" and unset are equal, the target's resourceVersion is ignored.
const same = (a: string | undefined, b: string | undefined): boolean => (a ?? '') === (b ?? '');

function sameRef(a: ObjectReference | undefined, b: ObjectReference | undefined): boolean {
  if (!a || !b) return a === b;
  return same(a.kind, b.kind) && same(a.namespace, b.namespace) && same(a.name, b.name) && same(a.uid, b.uid) && same(a.apiVersion, b.apiVersion) && same(a.fieldPath, b.fieldPath);
}

const sameAddr = (a: EndpointAddress, b: EndpointAddress): boolean =>
  same(a.ip, b.ip) && same(a.hostname, b.hostname) && a.nodeName === b.nodeName && sameRef(a.targetRef, b.targetRef);

const samePort = (a: EndpointPort, b: EndpointPort): boolean => same(a.name, b.name) && a.port === b.port && same(a.protocol, b.protocol) && a.appProtocol === b.appProtocol;

function sameList<T>(a: T[] | undefined, b: T[] | undefined, eq: (x: T, y: T) => boolean): boolean {
  const la = a?.length ?? 0;
  if (la !== (b?.length ?? 0)) return false;
  for (let i = 0; i < la; i++) if (!eq(a![i]!, b![i]!)) return false;
  return true;
}

const sameSubset = (a: EndpointSubset, b: EndpointSubset): boolean =>
  sameList(a.addresses, b.addresses, sameAddr) && sameList(a.notReadyAddresses, b.notReadyAddresses, sameAddr) && sameList(a.ports, b.ports, samePort);

export function subsetsEqual(a: EndpointSubset[] | undefined, b: EndpointSubset[] | undefined): boolean {
  return sameList(a, b, sameSubset);
}
