// What kube-proxy keeps of one Service port (pkg/proxy/serviceport.go newBaseServiceInfo plus
// the iptables proxier's precomputed chain names): addresses filtered to the proxier's family
// and re-stringified, VIP-mode load-balancer IPs only, trimmed source ranges, policies.

import type { Service, ServicePort } from '../api/types.ts';
import { serviceExternalChain, serviceFirewallChain, serviceLocalChain, servicePortChain } from './chainNames.ts';
import { ipFamilyOf, parseCIDRSloppy, parseIPSloppy, type CIDR, type IPFamily } from './ip.ts';

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface ServicePortInfo {
  /** Map key: service port name plus protocol (ServicePortName equality). */
  key: string;
  /** "ns/name", what the normalised order sorts by. */
  nsName: string;
  /** ServicePortName.String(): "ns/name:port", or "ns/name" for an unnamed port. */
  nameString: string;
  portName: string;
  protocol: Protocol;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  loadBalancerSourceRanges: CIDR[];
  healthCheckNodePort: number;
  sessionAffinityClientIP: boolean;
  stickyMaxAgeSeconds: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  hintsAnnotation: string;
  clusterPolicyChain: string;
  localPolicyChain: string;
  firewallChain: string;
  externalChain: string;
  /** Everything above that rules depend on, for DeepEqual-style change detection. */
  signature: string;
}

export const servicePortKey = (nsName: string, portName: string, protocol: string): string => `${nsName}:${portName}/${protocol}`;

/** ExternallyAccessible: reachable through something other than the ClusterIP. */
export const externallyAccessible = (s: ServicePortInfo): boolean =>
  s.nodePort !== 0 || s.loadBalancerVIPs.length !== 0 || s.externalIPs.length !== 0;

/** UsesClusterEndpoints: iTP Cluster, or any external access (eTP Local short-circuits need it). */
export const usesClusterEndpoints = (s: ServicePortInfo): boolean => !s.internalPolicyLocal || externallyAccessible(s);

export const usesLocalEndpoints = (s: ServicePortInfo): boolean =>
  s.internalPolicyLocal || (s.externalPolicyLocal && externallyAccessible(s));

/** proxyutil.ShouldSkipService plus GetClusterIPByFamily: the ClusterIP to proxy, if any. */
export function proxiedClusterIP(svc: Service, family: IPFamily = 'IPv4'): string | undefined {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return undefined;
  if (!spec.clusterIP || spec.clusterIP === 'None') return undefined;
  const candidates = spec.clusterIPs && spec.clusterIPs.length > 0 ? spec.clusterIPs : [spec.clusterIP];
  for (const ip of candidates) if (ipFamilyOf(ip) === family) return parseIPSloppy(family, ip);
  return undefined;
}

function externalPolicyLocal(svc: Service): boolean {
  const t = svc.spec.type;
  return (t === 'NodePort' || t === 'LoadBalancer') && svc.spec.externalTrafficPolicy === 'Local';
}

/** All proxied ports of a Service, keyed by servicePortKey (undefined map entries: skipped service). */
export function serviceToPortMap(svc: Service, family: IPFamily = 'IPv4'): Map<string, ServicePortInfo> | undefined {
  const clusterIP = proxiedClusterIP(svc, family);
  if (clusterIP === undefined) return undefined;
  const out = new Map<string, ServicePortInfo>();
  for (const p of svc.spec.ports ?? []) {
    const info = newServicePortInfo(svc, p, clusterIP, family);
    out.set(info.key, info);
  }
  return out;
}

function newServicePortInfo(svc: Service, port: ServicePort, clusterIP: string, family: IPFamily): ServicePortInfo {
  const spec = svc.spec;
  const ns = svc.metadata.namespace ?? 'default';
  const nsName = `${ns}/${svc.metadata.name ?? ''}`;
  const portName = port.name ?? '';
  const protocol = (port.protocol ?? 'TCP').toLowerCase() as Protocol;
  const nameString = portName === '' ? nsName : `${nsName}:${portName}`;
  const clientIP = spec.sessionAffinity === 'ClientIP';
  const extLocal = externalPolicyLocal(svc);
  const annotations = svc.metadata.annotations ?? {};
  const hints = annotations['service.kubernetes.io/topology-aware-hints'] ?? annotations['service.kubernetes.io/topology-mode'] ?? '';

  // MapIPsByIPFamily: unparseable addresses are dropped, the rest re-stringified.
  const externalIPs: string[] = [];
  for (const ip of spec.externalIPs ?? []) {
    const a = parseIPSloppy(family, ip);
    if (a !== undefined) externalIPs.push(a);
  }
  const sourceRanges: CIDR[] = [];
  for (const r of spec.loadBalancerSourceRanges ?? []) {
    const c = parseCIDRSloppy(family, r.trim());
    if (c) sourceRanges.push(c);
  }
  const lbVIPs: string[] = [];
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (!ing.ip) continue;
    // Proxy-mode load balancers deliver to the node ports; kube-proxy leaves their IPs alone.
    if (ing.ipMode === 'Proxy') continue;
    const a = parseIPSloppy(family, ing.ip);
    if (a !== undefined) lbVIPs.push(a);
  }
  // NeedsHealthCheck: LoadBalancer with externalTrafficPolicy Local.
  const hcnp = spec.type === 'LoadBalancer' && extLocal ? (spec.healthCheckNodePort ?? 0) : 0;

  const info: ServicePortInfo = {
    key: servicePortKey(nsName, portName, protocol),
    nsName,
    nameString,
    portName,
    protocol,
    clusterIP,
    port: port.port,
    nodePort: port.nodePort ?? 0,
    externalIPs,
    loadBalancerVIPs: lbVIPs,
    loadBalancerSourceRanges: sourceRanges,
    healthCheckNodePort: hcnp,
    sessionAffinityClientIP: clientIP,
    stickyMaxAgeSeconds: clientIP ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0,
    externalPolicyLocal: extLocal,
    internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
    hintsAnnotation: hints,
    clusterPolicyChain: servicePortChain(nameString, protocol),
    localPolicyChain: serviceLocalChain(nameString, protocol),
    firewallChain: serviceFirewallChain(nameString, protocol),
    externalChain: serviceExternalChain(nameString, protocol),
    signature: '',
  };
  info.signature = JSON.stringify([
    info.clusterIP, info.port, info.nodePort, externalIPs, lbVIPs, sourceRanges.map((c) => c.text), hcnp,
    clientIP, info.stickyMaxAgeSeconds, extLocal, info.internalPolicyLocal, hints,
  ]);
  return info;
}
