// What the CoreDNS pods keep between queries, per simulation, so that one answer costs the
// same with 10 or 10,000 Services (the kubernetes plugin answers from informer caches and
// indexes, never by listing the cluster):
//   - the newest creation time of a Service or EndpointSlice (the SOA serial, see coredns.ts),
//     kept from watch events instead of a scan of every object per NXDOMAIN / NODATA reply;
//   - a Service's EndpointSlices, through an API index on kubernetes.io/service-name;
//   - reverse lookups: Services by ClusterIP and EndpointSlices by endpoint address.

import type { EndpointSlice, KubeObject, Service } from '../api/types.ts';
import type { Simulation } from '../simulation.ts';

const SLICES_BY_SERVICE = 'dns/slicesByService';
const SERVICES_BY_IP = 'dns/servicesByClusterIP';
const SLICES_BY_ADDRESS = 'dns/slicesByAddress';
const SERVICE_NAME = 'kubernetes.io/service-name';

interface ZoneIndex {
  /** Creation time (ms on the virtual clock) → how many live objects were created then. */
  created: Map<number, number>;
  newest: number;
}

const zones = new WeakMap<Simulation, ZoneIndex>();

function timeOf(sim: Simulation, o: KubeObject): number {
  const t = sim.clock.parse(o.metadata.creationTimestamp ?? '');
  return Number.isNaN(t) ? 0 : t;
}

function zoneOf(sim: Simulation): ZoneIndex {
  let z = zones.get(sim);
  if (z) return z;
  const zone: ZoneIndex = { created: new Map(), newest: 0 };
  const add = (o: KubeObject): void => {
    const t = timeOf(sim, o);
    zone.created.set(t, (zone.created.get(t) ?? 0) + 1);
    if (t > zone.newest) zone.newest = t;
  };
  const remove = (o: KubeObject): void => {
    const t = timeOf(sim, o);
    const n = (zone.created.get(t) ?? 0) - 1;
    if (n > 0) {
      zone.created.set(t, n);
      return;
    }
    zone.created.delete(t);
    // Few distinct creation times exist (objects are created in bursts): a scan of them is cheap.
    if (t === zone.newest) zone.newest = Math.max(0, ...zone.created.keys());
  };
  for (const r of ['services', 'endpointslices']) {
    for (const o of sim.api.list<KubeObject>(r)) add(o);
    sim.api.watch(r, (e) => {
      if (e.type === 'ADDED') add(e.object);
      else if (e.type === 'DELETED') remove(e.object);
      else if (e.old && timeOf(sim, e.old) !== timeOf(sim, e.object)) {
        remove(e.old);
        add(e.object);
      }
    });
  }
  sim.api.addIndex('endpointslices', SLICES_BY_SERVICE, (o) => {
    const svc = o.metadata.labels?.[SERVICE_NAME];
    return svc === undefined ? [] : [`${o.metadata.namespace ?? ''}/${svc}`];
  });
  sim.api.addIndex('services', SERVICES_BY_IP, (o) => {
    const ip = (o as Service).spec.clusterIP;
    return ip && ip !== 'None' ? [ip] : [];
  });
  sim.api.addIndex('endpointslices', SLICES_BY_ADDRESS, (o) => (o as EndpointSlice).endpoints?.flatMap((e) => e.addresses) ?? []);
  z = zone;
  zones.set(sim, z);
  return z;
}

/** Virtual-clock time of the newest Service or EndpointSlice still in the API (0: none). */
export function newestZoneChange(sim: Simulation): number {
  return zoneOf(sim).newest;
}

/** The EndpointSlices of Service ns/name, in name order (as a list of the namespace gives them). */
export function slicesOfService(sim: Simulation, ns: string, name: string): EndpointSlice[] {
  zoneOf(sim);
  const slices = sim.api.byIndex<EndpointSlice>('endpointslices', SLICES_BY_SERVICE, `${ns}/${name}`);
  return slices.length < 2 ? slices : slices.sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
}

/** Services whose ClusterIP is `ip`. */
export function servicesWithClusterIP(sim: Simulation, ip: string): Service[] {
  zoneOf(sim);
  return sim.api.byIndex<Service>('services', SERVICES_BY_IP, ip);
}

/** EndpointSlices with an endpoint at address `ip`. */
export function slicesWithAddress(sim: Simulation, ip: string): EndpointSlice[] {
  zoneOf(sim);
  return sim.api.byIndex<EndpointSlice>('endpointslices', SLICES_BY_ADDRESS, ip);
}
