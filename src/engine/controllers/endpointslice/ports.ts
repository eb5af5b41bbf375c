// Service ports resolved against a pod (FindPort, getEndpointPorts in
// staging/src/k8s.io/endpointslice/utils.go) and the order they are written in.
//
// Upstream hashes the endpoint ports to group endpoints (endpointsliceutil.NewPortMapKey) and
// that call sorts the very slice that becomes EndpointSlice.ports, by the MD5 of each port's
// spew dump (v1.33; v1.35 moved to FNV-128a). So a slice's ports are in hash order, not
// service order — kube-dns's slice shows PORTS `9153,53,53` — and we reproduce the dump and
// the hash to write them in the same order.

import type { Container, Pod, Service, ServicePort, SlicePort } from '../../api/types.ts';
import { md5Hex } from './gohash.ts';

/** The API server defaults protocols to TCP; our objects may omit it. */
export const protocolOf = (p: { protocol?: string }): string => p.protocol ?? 'TCP';

/**
 * podutil.FindPort: the container port a service port targets on this pod, or undefined
 * ("no suitable port for manifest"). A named targetPort matches a container port of the same
 * name and protocol, in regular containers, then in sidecars (restartPolicy Always init
 * containers).
 */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  // The API server defaults an unset (or 0, or "") targetPort to the port.
  const t = svcPort.targetPort;
  const target = t === undefined || t === 0 || t === '' ? svcPort.port : t;
  if (typeof target === 'number') return target;
  const proto = protocolOf(svcPort);
  const search = (containers: Container[]): number | undefined => {
    for (const c of containers) {
      for (const p of c.ports ?? []) if (p.name === target && protocolOf(p) === proto) return p.containerPort;
    }
    return undefined;
  };
  const sidecars = (pod.spec.initContainers ?? []).filter((c) => c['restartPolicy'] === 'Always');
  return search(pod.spec.containers ?? []) ?? search(sidecars);
}

/** spew `%#v` of a discovery/v1 EndpointPort (every field a pointer). */
export function spewSlicePort(p: SlicePort): string {
  const str = (v: string | undefined) => (v === undefined ? '<nil>' : v);
  return (
    `(v1.EndpointPort){Name:(*string)${str(p.name)} Protocol:(*v1.Protocol)${str(p.protocol)} ` +
    `Port:(*int32)${p.port === undefined ? '<nil>' : p.port} AppProtocol:(*string)${str(p.appProtocol)}}`
  );
}

// Services have a handful of distinct ports; their hashes are worth remembering.
const hashCache = new Map<string, string>();
function portHash(p: SlicePort): string {
  const dump = spewSlicePort(p);
  let h = hashCache.get(dump);
  if (h === undefined) {
    if (hashCache.size > 10_000) hashCache.clear();
    hashCache.set(dump, (h = md5Hex(dump)));
  }
  return h;
}

/** Sorts ports in place into the order NewPortMapKey leaves them (hash order). */
export function sortSlicePorts(ports: SlicePort[]): SlicePort[] {
  return ports.sort((a, b) => {
    const ha = portHash(a), hb = portHash(b);
    return ha < hb ? -1 : ha > hb ? 1 : 0;
  });
}

/**
 * getEndpointPorts: one SlicePort per service port that resolves on this pod (unresolvable
 * named ports are skipped), named "" when the service port is unnamed, in hash order.
 */
export function endpointPorts(service: Service, pod: Pod): SlicePort[] {
  const ports: SlicePort[] = [];
  const svcPorts = service.spec.ports ?? [];
  // Headless services may have no ports at all.
  if (svcPorts.length === 0 && service.spec.clusterIP === 'None') return ports;
  for (const sp of svcPorts) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: SlicePort = { name: sp.name ?? '', protocol: protocolOf(sp), port };
    if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
    ports.push(ep);
  }
  return sortSlicePorts(ports);
}

/**
 * A key identifying a set of ports regardless of order (what PortMapKey identifies; nil and
 * empty are the same set). Unset and empty fields differ, as they hash differently upstream.
 */
export function portsKey(ports: readonly SlicePort[] | null | undefined): string {
  if (!ports || ports.length === 0) return '[]';
  const parts = ports.map((p) => JSON.stringify([p.name ?? null, p.protocol ?? null, p.port ?? null, p.appProtocol ?? null]));
  return parts.sort().join(',');
}
