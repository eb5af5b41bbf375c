// CategorizeEndpoints (pkg/proxy/topology.go, EP-2/EP-3): which endpoints "Cluster" and
// "Local" traffic policy use on this node. Ready endpoints by default, serving-and-terminating
// ones when no ready endpoint exists (independently for Cluster and Local). Zone hints apply
// only when every ready endpoint carries one and one matches this node's zone. Node hints
// (PreferSameTrafficDistribution) are alpha and off in v1.33, so they are not modelled.

import type { EndpointInfo } from './endpointCache.ts';
import { usesClusterEndpoints, usesLocalEndpoints, type ServicePortInfo } from './servicePort.ts';

export interface Categorized {
  clusterEndpoints: EndpointInfo[];
  localEndpoints: EndpointInfo[];
  /** Every endpoint that needs a KUBE-SEP chain on this node. */
  allReachable: EndpointInfo[];
  hasAnyEndpoints: boolean;
}

function topologyModeFromHints(endpoints: EndpointInfo[], zone: string): string {
  let hasEndpointForZone = false;
  let allHaveZoneHints = true;
  for (const ep of endpoints) {
    if (!ep.ready) continue;
    if (!ep.zoneHints || ep.zoneHints.size === 0) allHaveZoneHints = false;
    else if (ep.zoneHints.has(zone)) hasEndpointForZone = true;
  }
  return allHaveZoneHints && hasEndpointForZone ? 'PreferSameZone' : '';
}

export function categorizeEndpoints(endpoints: EndpointInfo[], svc: ServicePortInfo, nodeLabels: Record<string, string> | undefined): Categorized {
  let clusterEndpoints: EndpointInfo[] = [];
  let localEndpoints: EndpointInfo[] = [];
  let hasAnyEndpoints = false;
  let topologyMode = '';
  let useServingTerminating = false;

  if (usesClusterEndpoints(svc)) {
    const zone = nodeLabels?.['topology.kubernetes.io/zone'] ?? '';
    topologyMode = topologyModeFromHints(endpoints, zone);
    clusterEndpoints = endpoints.filter((ep) => ep.ready && (topologyMode === '' || (ep.zoneHints?.has(zone) ?? false)));
    if (clusterEndpoints.length === 0) clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
    if (clusterEndpoints.length > 0) hasAnyEndpoints = true;
  }

  if (!usesLocalEndpoints(svc)) return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };

  let hasLocalReady = false;
  let hasLocalServingTerminating = false;
  for (const ep of endpoints) {
    if (ep.ready) {
      hasAnyEndpoints = true;
      if (ep.isLocal) hasLocalReady = true;
    } else if (ep.serving && ep.terminating) {
      hasAnyEndpoints = true;
      if (ep.isLocal) hasLocalServingTerminating = true;
    }
  }
  if (hasLocalReady) localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.ready);
  else if (hasLocalServingTerminating) {
    useServingTerminating = true;
    localEndpoints = endpoints.filter((ep) => ep.isLocal && ep.serving && ep.terminating);
  }

  if (!usesClusterEndpoints(svc)) return { clusterEndpoints, localEndpoints, allReachable: localEndpoints, hasAnyEndpoints };
  if (topologyMode === '' && !useServingTerminating) {
    // Every ready endpoint is a cluster endpoint, so the local ones are already included.
    return { clusterEndpoints, localEndpoints, allReachable: clusterEndpoints, hasAnyEndpoints };
  }
  const merged = new Map<string, EndpointInfo>();
  for (const ep of clusterEndpoints) merged.set(ep.str, ep);
  for (const ep of localEndpoints) merged.set(ep.str, ep);
  return { clusterEndpoints, localEndpoints, allReachable: [...merged.values()], hasAnyEndpoints };
}
