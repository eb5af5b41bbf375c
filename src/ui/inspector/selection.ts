// Between the store's Selection and the object keys objectsOfEvent() names, and finding a
// selected chain in a node's ChainsSnapshot. Pure.
import type { ChainsSnapshot, ChainView, TableView } from '../../engine/view/types.ts';
import type { Selection } from '../store/types.ts';
import { chainKey, objectKey } from '../timeline/objectsOfEvent.ts';

/** Key prefix → API resource (plural) for objectYaml. */
const RESOURCE: Record<string, string> = {
  pod: 'pods',
  svc: 'services',
  slice: 'endpointslices',
  endpoints: 'endpoints',
  node: 'nodes',
  namespace: 'namespaces',
  deployment: 'deployments',
  replicaset: 'replicasets',
  daemonset: 'daemonsets',
  event: 'events',
};

const CLUSTER_SCOPED = new Set(['node', 'namespace']);

/** "pod/default/x" → an object selection; "chain/<node>/<CHAIN>" → a chain selection (table found later). */
export function keyToSelection(key: string): Selection | undefined {
  const parts = key.split('/');
  const prefix = parts[0] ?? '';
  if (prefix === 'chain' && parts.length === 3) return { kind: 'chain', node: parts[1]!, table: '', chain: parts[2]! };
  const resource = RESOURCE[prefix];
  if (!resource) return undefined;
  if (CLUSTER_SCOPED.has(prefix) && parts.length === 2) return { kind: 'object', resource, namespace: '', name: parts[1]! };
  if (parts.length === 3) return { kind: 'object', resource, namespace: parts[1]!, name: parts[2]! };
  return undefined;
}

/** The key an object or chain selection highlights (events and packets have none). */
export function selectionKey(sel: Selection | undefined): string | undefined {
  if (!sel) return undefined;
  if (sel.kind === 'object') return objectKey(resourcePlural(sel.resource), sel.namespace, sel.name);
  if (sel.kind === 'chain') return chainKey(sel.node, sel.chain);
  return undefined;
}

/** Selections may name a resource by kind or singular ("Service", "pod", "svc"): the plural. */
export function resourcePlural(resource: string): string {
  const r = resource.toLowerCase();
  const alias: Record<string, string> = {
    pod: 'pods', po: 'pods', service: 'services', svc: 'services', endpointslice: 'endpointslices', slice: 'endpointslices',
    ep: 'endpoints', node: 'nodes', no: 'nodes', namespace: 'namespaces', ns: 'namespaces', deployment: 'deployments',
    deploy: 'deployments', replicaset: 'replicasets', rs: 'replicasets', daemonset: 'daemonsets', ds: 'daemonsets',
  };
  return alias[r] ?? r;
}

/** "EndpointSlice", "Service", … for headings. */
export function kindOfResource(resource: string): string {
  const kinds: Record<string, string> = {
    pods: 'Pod', services: 'Service', endpointslices: 'EndpointSlice', endpoints: 'Endpoints', nodes: 'Node',
    namespaces: 'Namespace', deployments: 'Deployment', replicasets: 'ReplicaSet', daemonsets: 'DaemonSet', events: 'Event',
  };
  const plural = resourcePlural(resource);
  return kinds[plural] ?? resource;
}

const TABLE_PREFERENCE = ['nat', 'filter', 'mangle', 'raw'];

/** The chain in the named table; else (table unknown or without it) the first table that has it, nat first. */
export function findChain(snap: ChainsSnapshot | undefined, table: string, chain: string): { table: TableView; chain: ChainView } | undefined {
  if (!snap) return undefined;
  const rank = (t: TableView) => (t.name === table ? -1 : TABLE_PREFERENCE.indexOf(t.name));
  for (const t of [...snap.tables].sort((a, b) => rank(a) - rank(b))) {
    const c = t.chains.find((x) => x.name === chain);
    if (c) return { table: t, chain: c };
  }
  return undefined;
}
