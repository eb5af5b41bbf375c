// conntrack.CleanStaleEntries (pkg/proxy/conntrack/cleanup.go, v1.33): after a sync that
// changed a UDP service's endpoints, UDP flows to a service IP (ClusterIP, LoadBalancer or
// external IP) or NodePort whose reply source is not a serving endpoint any more are deleted —
// UDP has no connection end, so such a flow would keep blackholing datagrams until it expires.

import type { EndpointsByPort } from './endpointCache.ts';
import type { ConntrackPort } from './port.ts';
import type { ServicePortInfo } from './servicePort.ts';

export function cleanStaleEntries(ct: ConntrackPort, ports: Map<string, ServicePortInfo>, endpoints: EndpointsByPort): number {
  const byIP = new Map<string, Set<string>>();
  const byNodePort = new Map<number, Set<string>>();
  for (const [key, svc] of ports) {
    if (svc.protocol !== 'udp') continue;
    // Traffic policies, topology and terminating state are deliberately ignored: an existing
    // flow survives as long as its endpoint serves, as a TCP connection would.
    const serving = new Set<string>();
    for (const ep of endpoints.get(key) ?? []) if (ep.serving) serving.add(ep.ip);
    byIP.set(svc.clusterIP, serving);
    for (const ip of svc.loadBalancerVIPs) byIP.set(ip, serving);
    for (const ip of svc.externalIPs) byIP.set(ip, serving);
    if (svc.nodePort !== 0) byNodePort.set(svc.nodePort, serving);
  }
  const filters: { proto: 'udp'; dst?: string; dport?: number; replySrc: string }[] = [];
  for (const flow of ct.list()) {
    if (flow.proto !== 'udp') continue;
    const replySrc = flow.reply.src;
    const ips = byIP.get(flow.original.dst);
    if (ips && !ips.has(replySrc)) filters.push({ proto: 'udp', dst: flow.original.dst, replySrc });
    const np = byNodePort.get(flow.original.dport);
    if (np && !np.has(replySrc)) filters.push({ proto: 'udp', dport: flow.original.dport, replySrc });
  }
  let n = 0;
  for (const f of filters) n += ct.delete(f);
  return n;
}
