// The objects an event names, as keys the views share for highlighting:
//   "pod/<ns>/<name>", "svc/<ns>/<name>", "slice/<ns>/<name>", "endpoints/<ns>/<name>",
//   "node/<name>", "chain/<node>/<CHAIN>", and "<singular>/<ns>/<name>" for other API kinds
//   (cluster-scoped ones as "<singular>/<name>").
// Pure: reads only the event (and, optionally, the snapshot to turn endpoint IPs into pods).
import type { SimEvent, WorldSnapshot } from '../../engine/view/types.ts';

/** API resource (plural, as the engine's writes name it) → key prefix. */
const PREFIX: Record<string, string> = {
  pods: 'pod',
  services: 'svc',
  endpointslices: 'slice',
  endpoints: 'endpoints',
  nodes: 'node',
  namespaces: 'namespace',
  deployments: 'deployment',
  replicasets: 'replicaset',
  daemonsets: 'daemonset',
  events: 'event',
};

export function objectKey(resource: string, namespace: string, name: string): string {
  const prefix = PREFIX[resource] ?? resource.replace(/s$/, '');
  return namespace ? `${prefix}/${namespace}/${name}` : `${prefix}/${name}`;
}

export const podKey = (ns: string, name: string) => `pod/${ns}/${name}`;
export const svcKey = (ns: string, name: string) => `svc/${ns}/${name}`;
export const sliceKey = (ns: string, name: string) => `slice/${ns}/${name}`;
export const chainKey = (node: string, chain: string) => `chain/${node}/${chain}`;
export const nodeKey = (node: string) => `node/${node}`;

/** "ns/name" or "pod/ns/name" → a pod key; anything else (an IP, "external") → undefined. */
function podRef(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const parts = ref.split('/');
  if (parts.length === 3 && parts[0] === 'pod') return podKey(parts[1]!, parts[2]!);
  if (parts.length === 2 && parts[0] && parts[1]) return podKey(parts[0], parts[1]);
  return undefined;
}

/** "ns/name" or "ns/name:port" (a Service port) → a Service key. */
function serviceRef(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const m = /^([^/]+)\/([^/:]+)(?::.*)?$/.exec(ref);
  return m ? svcKey(m[1]!, m[2]!) : undefined;
}

function ipToPod(snapshot: WorldSnapshot | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of snapshot?.pods ?? []) if (p.ip) m.set(p.ip, podKey(p.namespace, p.name));
  return m;
}

export function objectsOfEvent(event: SimEvent, snapshot?: WorldSnapshot): string[] {
  const keys: string[] = [];
  const add = (k: string | undefined) => {
    if (k && !keys.includes(k)) keys.push(k);
  };
  switch (event.kind) {
    case 'write':
      add(objectKey(event.resource, event.namespace, event.name));
      break;
    case 'pod':
      add(podKey(event.namespace, event.name));
      if (event.node) add(nodeKey(event.node));
      break;
    case 'slice': {
      add(sliceKey(event.namespace, event.name));
      if (event.service) add(svcKey(event.namespace, event.service));
      // Endpoint references are pods ("ns/name") or addresses; addresses resolve through the snapshot.
      const byIp = snapshot ? ipToPod(snapshot) : undefined;
      for (const ref of [...event.added, ...event.removed]) add(podRef(ref) ?? byIp?.get(ref));
      break;
    }
    case 'sync': {
      const { node, chainsWritten, servicesWritten } = event.sync;
      add(nodeKey(node));
      for (const s of servicesWritten) add(serviceRef(s));
      for (const c of chainsWritten) add(chainKey(node, c));
      break;
    }
    case 'packet': {
      const p = event.packet;
      add(podRef(p.from));
      add(serviceRef(p.service));
      add(podRef(p.destination?.pod));
      const clientNode = p.hops.find((h) => h.node)?.node ?? p.hops.find((h) => h.hostKind === 'node')?.host;
      if (clientNode && p.sepChain) add(chainKey(clientNode, p.sepChain));
      for (const h of p.hops) {
        if (h.hostKind === 'pod') add(podRef(h.host));
        const node = h.node ?? (h.hostKind === 'node' ? h.host : undefined);
        if (!node) continue;
        for (const hit of h.hits) add(chainKey(node, hit.chain));
      }
      break;
    }
    case 'note':
      break;
  }
  return keys;
}
