// ServiceChangeTracker and ServicePortMap (pkg/proxy/servicechangetracker.go): changes pile up
// per Service between syncs — `previous` is the state at the last sync, `current` the newest —
// and a Service whose processed ports end up unchanged drops out of the pending set.

import type { Service } from '../api/types.ts';
import type { IPFamily } from './ip.ts';
import { serviceToPortMap, type ServicePortInfo } from './servicePort.ts';

type PortMap = Map<string, ServicePortInfo>;

function portMapsEqual(a: PortMap | undefined, b: PortMap | undefined): boolean {
  if ((a?.size ?? 0) !== (b?.size ?? 0)) return false;
  if (!a || !b) return true;
  for (const [k, v] of a) if (b.get(k)?.signature !== v.signature) return false;
  return true;
}

export class ServiceChangeTracker {
  private readonly items = new Map<string, { previous: PortMap | undefined; current: PortMap | undefined }>();

  constructor(private readonly family: IPFamily = 'IPv4') {}

  /** Records one watch event; true while any Service has an unsynced change. */
  update(previous: Service | undefined, current: Service | undefined): boolean {
    const svc = current ?? previous;
    if (!svc) return false;
    const nsName = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name ?? ''}`;
    let change = this.items.get(nsName);
    if (!change) {
      change = { previous: previous ? serviceToPortMap(previous, this.family) : undefined, current: undefined };
      this.items.set(nsName, change);
    }
    change.current = current ? serviceToPortMap(current, this.family) : undefined;
    if (portMapsEqual(change.previous, change.current)) this.items.delete(nsName);
    return this.items.size > 0;
  }

  get pending(): number {
    return this.items.size;
  }

  checkout(): Map<string, { previous: PortMap | undefined; current: PortMap | undefined }> {
    const out = new Map(this.items);
    this.items.clear();
    return out;
  }
}

export interface UpdateServiceMapResult {
  updatedServices: Set<string>;
  /** ClusterIPs of deleted UDP service ports (conntrack cleanup). */
  deletedUDPClusterIPs: Set<string>;
}

/** ServicePortMap: every proxied service port by key, plus an index by Service. */
export class ServicePortMap {
  readonly ports = new Map<string, ServicePortInfo>();
  private readonly byService = new Map<string, string[]>();
  /** Bumped whenever the set of keys changes (the sorted order must be rebuilt). */
  generation = 0;

  update(tracker: ServiceChangeTracker): UpdateServiceMapResult {
    const result: UpdateServiceMapResult = { updatedServices: new Set(), deletedUDPClusterIPs: new Set() };
    for (const [nsName, change] of tracker.checkout()) {
      result.updatedServices.add(nsName);
      const oldKeys = this.byService.get(nsName) ?? [];
      const current = change.current ?? new Map<string, ServicePortInfo>();
      for (const k of oldKeys) {
        if (current.has(k)) continue;
        const old = this.ports.get(k);
        if (old?.protocol === 'udp') result.deletedUDPClusterIPs.add(old.clusterIP);
        this.ports.delete(k);
      }
      for (const [k, info] of current) this.ports.set(k, info);
      if (current.size > 0) this.byService.set(nsName, [...current.keys()]);
      else this.byService.delete(nsName);
      const newKeys = [...current.keys()];
      if (newKeys.length !== oldKeys.length || newKeys.some((k, i) => k !== oldKeys[i])) this.generation++;
    }
    return result;
  }

  keysOf(nsName: string): string[] {
    return this.byService.get(nsName) ?? [];
  }

  /** HealthCheckNodePorts: Service → health check node port. */
  healthCheckNodePorts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const info of this.ports.values()) if (info.healthCheckNodePort !== 0) out.set(info.nsName, info.healthCheckNodePort);
    return out;
  }
}
