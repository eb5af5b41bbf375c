// EndpointSliceCache, EndpointsChangeTracker and EndpointsMap (pkg/proxy/endpointslicecache.go,
// endpointschangetracker.go) for one IPv4 proxier (EP-1). Slices are grouped by the Service
// named in their `kubernetes.io/service-name` label; an update is pending until the next sync,
// which checks changes out and rebuilds that Service's endpoints from all its applied slices.

import { deepEqual } from '../api/deepEqual.ts';
import type { EndpointSlice } from '../api/types.ts';
import { endpointChain } from './chainNames.ts';
import { joinHostPort, parseIPSloppy, type IPFamily } from './ip.ts';
import { servicePortKey } from './servicePort.ts';

export const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';

export interface EndpointInfo {
  ip: string;
  port: number;
  /** "ip:port", the endpoint string rules and sort order use (KP-17). */
  str: string;
  isLocal: boolean;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  zoneHints: Set<string> | undefined;
  /** KUBE-SEP-… */
  chain: string;
}

/** Service port key → its endpoints, sorted by endpoint string. */
export type EndpointsByPort = Map<string, EndpointInfo[]>;

interface SliceData {
  slice: EndpointSlice;
  remove: boolean;
  /**
   * The slice's endpoints per service port, in slice order. Computed when the update arrives
   * (chain names are the costly part) and reused by every rebuild of the Service.
   */
  parsed: EndpointsByPort;
}

interface SliceTracker {
  applied: Map<string, SliceData>;
  pending: Map<string, SliceData>;
  /** The endpoints computed from `applied` at the last checkout. */
  appliedEndpoints: EndpointsByPort;
}

/** endpointSliceCacheKeys: the owning Service ("ns/name") and the slice name. */
function cacheKeys(slice: EndpointSlice): { service: string; slice: string } | undefined {
  const svc = slice.metadata.labels?.[LABEL_SERVICE_NAME];
  if (!svc || !slice.metadata.namespace || !slice.metadata.name) return undefined;
  return { service: `${slice.metadata.namespace}/${svc}`, slice: slice.metadata.name };
}

export class EndpointsChangeTracker {
  private readonly trackers = new Map<string, SliceTracker>();

  constructor(private readonly nodeName: string, private readonly family: IPFamily = 'IPv4') {}

  /** EndpointSliceUpdate: true when this update must be synced. */
  sliceUpdate(slice: EndpointSlice, remove: boolean): boolean {
    if (slice.addressType !== this.family) return false; // the other family's proxier's business (EP-1)
    const keys = cacheKeys(slice);
    if (!keys) return false;
    let t = this.trackers.get(keys.service);
    if (!t) this.trackers.set(keys.service, (t = { applied: new Map(), pending: new Map(), appliedEndpoints: new Map() }));
    const pending = t.pending.get(keys.slice);
    const applied = t.applied.get(keys.slice);
    let changed: boolean;
    if (pending) changed = !(pending.remove === remove && deepEqual(pending.slice, slice));
    else if (applied) changed = !(applied.remove === remove && deepEqual(applied.slice, slice));
    else changed = !remove;
    if (changed) {
      const before = (pending && !pending.remove ? pending : applied)?.parsed;
      t.pending.set(keys.slice, { slice, remove, parsed: remove ? new Map() : this.parseSlice(keys.service, slice, before) });
    }
    else if (t.applied.size === 0 && t.pending.size === 0) this.trackers.delete(keys.service);
    return changed;
  }

  get pending(): boolean {
    for (const t of this.trackers.values()) if (t.pending.size > 0) return true;
    return false;
  }

  /** checkoutChanges: per changed Service, its endpoints before and after. */
  checkout(): Map<string, { previous: EndpointsByPort; current: EndpointsByPort }> {
    const changes = new Map<string, { previous: EndpointsByPort; current: EndpointsByPort }>();
    for (const [service, t] of this.trackers) {
      if (t.pending.size === 0) continue;
      const previous = t.appliedEndpoints;
      for (const [name, data] of t.pending) {
        if (data.remove) t.applied.delete(name);
        else t.applied.set(name, data);
      }
      t.pending.clear();
      t.appliedEndpoints = this.endpointsFor(t.applied);
      if (t.applied.size === 0) this.trackers.delete(service);
      changes.set(service, { previous, current: t.appliedEndpoints });
    }
    return changes;
  }

  /** All endpoints of a Service from its applied slices, per port, sorted by endpoint string. */
  private endpointsFor(slices: Map<string, SliceData>): EndpointsByPort {
    const byPort = new Map<string, Map<string, EndpointInfo>>();
    // Upstream walks a Go map (random order); slice-name order only matters for the rare
    // duplicate-IP tie-break below, and keeps the simulation deterministic.
    const names = slices.size > 1 ? [...slices.keys()].sort() : [...slices.keys()];
    for (const name of names) {
      for (const [key, list] of slices.get(name)!.parsed) {
        let set = byPort.get(key);
        if (!set) byPort.set(key, (set = new Map()));
        // The same IP in two slices (a pod moving between slices, or an IP reused while the
        // old pod terminates): a non-terminating endpoint wins.
        for (const info of list) if (!info.terminating || !set.has(info.str)) set.set(info.str, info);
      }
    }
    const out: EndpointsByPort = new Map();
    for (const [key, set] of byPort) {
      if (set.size === 0) continue;
      const list = [...set.values()];
      list.sort((a, b) => (a.str < b.str ? -1 : a.str > b.str ? 1 : 0));
      out.set(key, list);
    }
    return out;
  }

  private parseSlice(service: string, slice: EndpointSlice, before: EndpointsByPort | undefined): EndpointsByPort {
    const out: EndpointsByPort = new Map();
    for (const port of slice.ports ?? []) {
      // Upstream ignores a port without a name; our stored slices leave "" out, so a missing
      // name is the unnamed port.
      const portName = port.name ?? '';
      if (!port.port) continue; // "Ignoring invalid endpoint port"
      const protocol = (port.protocol ?? 'TCP').toLowerCase();
      const key = servicePortKey(service, portName, protocol);
      const spn = portName === '' ? service : `${service}:${portName}`;
      // Chain names of endpoints this slice already had.
      let known: Map<string, string> | undefined;
      const prev = before?.get(key);
      if (prev && prev.length > 0) {
        known = new Map();
        for (const e of prev) known.set(e.str, e.chain);
      }
      const list: EndpointInfo[] = [];
      for (const ep of slice.endpoints ?? []) {
        if (!ep.addresses || ep.addresses.length === 0) continue;
        const ip = parseIPSloppy(this.family, ep.addresses[0]!); // only the first address counts (EP-1)
        if (ip === undefined) continue;
        const c = ep.conditions ?? {};
        const str = joinHostPort(ip, port.port);
        const zones = ep.hints?.forZones;
        list.push({
          ip,
          port: port.port,
          str,
          isLocal: ep.nodeName !== undefined && this.nodeName !== '' && ep.nodeName === this.nodeName,
          ready: c.ready === undefined || c.ready === null || c.ready,
          serving: c.serving === undefined || c.serving === null || c.serving,
          terminating: c.terminating === true,
          zoneHints: zones && zones.length > 0 ? new Set(zones.map((z) => z.name)) : undefined,
          chain: known?.get(str) ?? endpointChain(spn, protocol, str),
        });
      }
      const existing = out.get(key);
      if (existing) existing.push(...list);
      else out.set(key, list);
    }
    return out;
  }
}

/** EndpointsMap: service port key → endpoints, updated from checked-out changes. */
export class EndpointsMap {
  readonly ports: EndpointsByPort = new Map();

  /**
   * `conntrackCleanupRequired`: a UDP port's endpoints changed, so stale UDP conntrack entries
   * (which would otherwise keep sending datagrams to a gone endpoint) must be cleared.
   */
  update(tracker: EndpointsChangeTracker): { updatedServices: Set<string>; conntrackCleanupRequired: boolean } {
    const updatedServices = new Set<string>();
    let conntrackCleanupRequired = false;
    for (const [service, change] of tracker.checkout()) {
      updatedServices.add(service);
      for (const k of change.previous.keys()) {
        this.ports.delete(k);
        if (k.endsWith('/udp')) conntrackCleanupRequired = true;
      }
      for (const [k, v] of change.current) {
        this.ports.set(k, v);
        if (k.endsWith('/udp')) conntrackCleanupRequired = true;
      }
    }
    return { updatedServices, conntrackCleanupRequired };
  }
}
