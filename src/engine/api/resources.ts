// The resource types the simulated API server serves, as `kubectl api-resources` lists them.

export interface ResourceInfo {
  /** Plural, lower-case resource name: the storage and URL key ("pods"). */
  resource: string;
  singular: string;
  kind: string;
  group: string; // "" for the core group
  version: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
  /** Member of `kubectl get all`. */
  inAll: boolean;
}

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const RESOURCES: readonly ResourceInfo[] = [
  { resource: 'namespaces', singular: 'namespace', kind: 'Namespace', group: '', version: 'v1', namespaced: false, shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], inAll: false },
  { resource: 'nodes', singular: 'node', kind: 'Node', group: '', version: 'v1', namespaced: false, shortNames: ['no'], verbs: allVerbs, inAll: false },
  { resource: 'pods', singular: 'pod', kind: 'Pod', group: '', version: 'v1', namespaced: true, shortNames: ['po'], verbs: allVerbs, inAll: true },
  { resource: 'services', singular: 'service', kind: 'Service', group: '', version: 'v1', namespaced: true, shortNames: ['svc'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], inAll: true },
  { resource: 'endpoints', singular: 'endpoints', kind: 'Endpoints', group: '', version: 'v1', namespaced: true, shortNames: ['ep'], verbs: allVerbs, inAll: false },
  { resource: 'events', singular: 'event', kind: 'Event', group: '', version: 'v1', namespaced: true, shortNames: ['ev'], verbs: allVerbs, inAll: false },
  { resource: 'daemonsets', singular: 'daemonset', kind: 'DaemonSet', group: 'apps', version: 'v1', namespaced: true, shortNames: ['ds'], verbs: allVerbs, inAll: true },
  { resource: 'deployments', singular: 'deployment', kind: 'Deployment', group: 'apps', version: 'v1', namespaced: true, shortNames: ['deploy'], verbs: allVerbs, inAll: true },
  { resource: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', group: 'apps', version: 'v1', namespaced: true, shortNames: ['rs'], verbs: allVerbs, inAll: true },
  { resource: 'endpointslices', singular: 'endpointslice', kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', namespaced: true, shortNames: [], verbs: allVerbs, inAll: false },
];

export const apiVersionOf = (r: ResourceInfo): string => (r.group ? `${r.group}/${r.version}` : r.version);

export function resourceForKind(kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind);
}

/** Resolves what a user types after `kubectl get` (pods, pod, po, Pod, pods.v1, deployments.apps …). */
export function resolveResource(typed: string): ResourceInfo | undefined {
  const lower = typed.toLowerCase();
  const [base, ...groupParts] = lower.split('.');
  const group = groupParts.join('.');
  return RESOURCES.find((r) => {
    const names = [r.resource, r.singular, r.kind.toLowerCase(), ...r.shortNames];
    if (!names.includes(base ?? '')) return false;
    if (!group) return true;
    return group === r.group || group === `${r.version}.${r.group}` || group === r.version;
  });
}
