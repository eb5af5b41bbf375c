// toServiceGraph: the Services view as a graph, derived purely from a WorldSnapshot.
// Service → its EndpointSlices (+ the legacy Endpoints object beside them) → Pods, pods
// grouped inside their Nodes. A slice with more than COLLAPSE_ABOVE endpoints collapses: its
// pods are drawn as one counted stack per node until the user expands it. Likewise the pods
// that are in no slice (Pending ones without an IP, typically: a scale past the nodes' pod
// ranges leaves hundreds of them) collapse into one counted stack per owner and node once an
// owner has more than COLLAPSE_ABOVE of them. Positions come later (layout.ts); this file
// decides only what exists and what connects to what.
import type { PodState, PodView, SliceView, WorldSnapshot } from '../../engine/view/types.ts';

/** The most pods an expanded pod stack draws one by one. */
export const EXPANDED_STACK_MAX = 120;
export const COLLAPSE_ABOVE = 30;
export const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);
/** The group pods without a node (unscheduled) sit in. */
export const UNSCHEDULED = '(unscheduled)';

export interface StateCounts {
  ready: number;
  notReady: number;
  terminating: number;
}

export interface ServiceData {
  kind: 'service';
  namespace: string;
  name: string;
  type: string;
  clusterIP?: string;
  /** "8080/TCP → 8080", one per port. */
  ports: string[];
  slices: number;
}
export interface SliceData extends StateCounts {
  kind: 'slice';
  namespace: string;
  name: string;
  service?: string;
  count: number;
  collapsed: boolean;
  /** Bigger than COLLAPSE_ABOVE: it can be collapsed and expanded. */
  large: boolean;
  bytes: number;
  resourceVersion: string;
}
export interface EndpointsData {
  kind: 'endpoints';
  namespace: string;
  name: string;
  ready: number;
  notReady: number;
  bytes: number;
}
export interface NodeGroupData {
  kind: 'nodeGroup';
  name: string;
  ip: string;
  podCIDR?: string;
  ready: boolean;
  roles: string[];
  /** Pods on the node that are drawn one by one. */
  pods: number;
}
export interface PodData {
  kind: 'pod';
  namespace: string;
  name: string;
  ip?: string;
  state: PodState;
  node?: string;
}
/** The pods of one collapsed slice on one node, as a count. */
export interface StackData extends StateCounts {
  kind: 'stack';
  slice: string;
  node: string;
  count: number;
}
/** Pods of one owner (a ReplicaSet, …) on one node (or unscheduled) that are in no slice, as a
 *  count. Expanded, the pods are drawn one by one and the stack stays as their header. */
export interface PodStackData {
  kind: 'podStack';
  namespace: string;
  /** The owner's kind and name ("ReplicaSet", "auth-service-5d8f…"). */
  ownerKind: string;
  owner: string;
  /** The node group (UNSCHEDULED for pods without a node). */
  node: string;
  count: number;
  /** Pods by PodState (pending, not-ready, failed, …), only the states present. */
  states: Partial<Record<PodState, number>>;
  /** The key toggled in `expanded` (see podStackKey). */
  key: string;
  expanded: boolean;
  /** Expanded: how many of its pods are drawn one by one (at most EXPANDED_STACK_MAX). */
  drawn: number;
}
/** An endpoint that is not a pod (the apiserver's host address, a manual slice). */
export interface AddressData {
  kind: 'address';
  ip: string;
  node?: string;
}

export type GraphNodeData = ServiceData | SliceData | EndpointsData | NodeGroupData | PodData | StackData | PodStackData | AddressData;

export interface GraphNode {
  id: string;
  data: GraphNodeData;
  /** The node group a pod, stack or address sits in. */
  parentId?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'slice' | 'endpoints' | 'endpoint' | 'stack';
  /** For 'endpoint' edges: the endpoint's conditions. */
  state?: 'ready' | 'not-ready' | 'terminating';
  /** One of many edges from an expanded large slice (drawn thin). */
  many?: boolean;
  label?: string;
}

export interface ServiceGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Where things are drawn, for packet paths: pod "ns/name" or endpoint IP → the node id
   *  showing it (the pod itself, its slice's stack, or an address chip). */
  drawnAt: Record<string, string>;
  /** Pod "ns/name" or endpoint IP → the slice node ids listing it. */
  slicesOf: Record<string, string[]>;
}

export interface ServiceGraphOptions {
  /** Slices ("ns/name") expanded past the threshold, and pod stacks (podStackKey). */
  expanded: readonly string[];
  /** Show kube-system (and the other system namespaces). */
  showSystem: boolean;
}

export const ids = {
  service: (ns: string, name: string) => `svc:${ns}/${name}`,
  slice: (ns: string, name: string) => `slice:${ns}/${name}`,
  endpoints: (ns: string, name: string) => `ep:${ns}/${name}`,
  node: (name: string) => `node:${name}`,
  pod: (ns: string, name: string) => `pod:${ns}/${name}`,
  /** podRef is "ns/name" as in a slice endpoint's targetRef. */
  podRef: (ref: string) => `pod:${ref}`,
  stack: (sliceKey: string, node: string) => `stack:${sliceKey}@${node}`,
  /** owner is "Kind/name" as in PodView.owner. */
  podStack: (ns: string, owner: string, node: string) => `pods:${ns}/${owner}@${node}`,
  address: (ip: string) => `addr:${ip}`,
};

/** What `expanded` holds for an expanded pod stack ("pods:" keeps it apart from slice keys). */
export const podStackKey = (ns: string, owner: string, node: string) => `pods:${ns}/${owner}@${node}`;

function endpointState(e: { ready: boolean; terminating: boolean }): 'ready' | 'not-ready' | 'terminating' {
  return e.terminating ? 'terminating' : e.ready ? 'ready' : 'not-ready';
}

function countStates(list: { ready: boolean; terminating: boolean }[]): StateCounts {
  const c: StateCounts = { ready: 0, notReady: 0, terminating: 0 };
  for (const e of list) {
    const s = endpointState(e);
    if (s === 'ready') c.ready++;
    else if (s === 'terminating') c.terminating++;
    else c.notReady++;
  }
  return c;
}

function portLabel(p: { name?: string; protocol: string; port: number; targetPort: string; nodePort?: number }): string {
  const node = p.nodePort ? `:${p.nodePort}` : '';
  return `${p.port}${node}/${p.protocol} → ${p.targetPort}`;
}

export function toServiceGraph(snap: WorldSnapshot, opts: ServiceGraphOptions): ServiceGraph {
  const visibleNs = (ns: string) => opts.showSystem || !SYSTEM_NAMESPACES.has(ns);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const expanded = new Set(opts.expanded);

  const services = snap.services.filter((s) => visibleNs(s.namespace));
  const slicesOf = new Map<string, SliceView[]>();
  for (const sl of snap.slices) {
    if (!visibleNs(sl.namespace)) continue;
    const key = `${sl.namespace}/${sl.service ?? ''}`;
    const list = slicesOf.get(key) ?? [];
    list.push(sl);
    slicesOf.set(key, list);
  }

  // Which pods the visible slices reference, and whether any reference is drawn one by one.
  const shownRefs = new Set<string>();
  const collapsedRefs = new Set<string>();
  const sliceCollapsed = (sl: SliceView) => sl.endpoints.length > COLLAPSE_ABOVE && !expanded.has(`${sl.namespace}/${sl.name}`);
  for (const list of slicesOf.values()) {
    for (const sl of list) {
      const target = sliceCollapsed(sl) ? collapsedRefs : shownRefs;
      for (const e of sl.endpoints) if (e.pod) target.add(e.pod);
    }
  }
  const podKey = (p: PodView) => `${p.namespace}/${p.name}`;
  const nodeNames = new Set(snap.nodes.map((n) => n.name));
  // A pod whose node is gone (or not yet chosen) sits in the unscheduled group.
  const groupOf = (p: PodView) => (p.node && nodeNames.has(p.node) ? p.node : UNSCHEDULED);
  // Each pod's key and fate are worked out once (thousands of pods after a big scale): the
  // same key string is reused for every lookup below.
  const keys = snap.pods.map(podKey);
  const podByRef = new Map<string, PodView>();
  /** Pods in no visible slice (indices), by namespace and owner. */
  const loose = new Map<string, Map<string, number[]>>();
  for (let i = 0; i < snap.pods.length; i++) {
    const p = snap.pods[i]!;
    const key = keys[i]!;
    podByRef.set(key, p);
    if (!p.owner || shownRefs.has(key) || collapsedRefs.has(key) || !visibleNs(p.namespace)) continue;
    let byOwner = loose.get(p.namespace);
    if (!byOwner) loose.set(p.namespace, (byOwner = new Map()));
    const list = byOwner.get(p.owner);
    if (list) list.push(i);
    else byOwner.set(p.owner, [i]);
  }
  // Past COLLAPSE_ABOVE pods of one owner, they stack per node group.
  const podStacks = new Map<string, PodStackData>();
  /** Pod index → its stack's node id (only stacked pods). */
  const stackOfPod = new Map<number, string>();
  for (const [ns, byOwner] of loose) {
    for (const [owner, list] of byOwner) {
      if (list.length <= COLLAPSE_ABOVE) continue;
      const slash = owner.indexOf('/');
      const byGroup = new Map<string, [string, PodStackData]>();
      for (const i of list) {
        const p = snap.pods[i]!;
        const node = groupOf(p);
        let entry = byGroup.get(node);
        if (!entry) {
          const key = podStackKey(ns, owner, node);
          const st: PodStackData = { kind: 'podStack', namespace: ns, ownerKind: owner.slice(0, slash), owner: owner.slice(slash + 1), node, count: 0, states: {}, key, expanded: expanded.has(key), drawn: 0 };
          entry = [ids.podStack(ns, owner, node), st];
          byGroup.set(node, entry);
          podStacks.set(entry[0], st);
        }
        const st = entry[1];
        st.count++;
        st.states[p.state] = (st.states[p.state] ?? 0) + 1;
        stackOfPod.set(i, entry[0]);
      }
    }
  }
  const shown: boolean[] = snap.pods.map((p, i) => {
    const key = keys[i]!;
    if (shownRefs.has(key)) return true;
    if (collapsedRefs.has(key)) return false;
    const stack = stackOfPod.get(i);
    if (stack) {
      // An expanded stack draws its first pods only: thousands of Pending pods (a scale past
      // the nodes' pod ranges) would otherwise be thousands of graph nodes.
      const st = podStacks.get(stack)!;
      if (!st.expanded || st.drawn >= EXPANDED_STACK_MAX) return false;
      st.drawn++;
      return true;
    }
    return visibleNs(p.namespace);
  });
  const pods = snap.pods.filter((_, i) => shown[i]);

  // Node groups: every node, plus one for unscheduled pods when there are any.
  const podsPerNode = new Map<string, number>();
  for (const p of pods) podsPerNode.set(groupOf(p), (podsPerNode.get(groupOf(p)) ?? 0) + 1);
  for (const n of snap.nodes) {
    const data: NodeGroupData = { kind: 'nodeGroup', name: n.name, ip: n.ip, ready: n.ready, roles: n.roles, pods: podsPerNode.get(n.name) ?? 0 };
    if (n.podCIDR) data.podCIDR = n.podCIDR;
    nodes.push({ id: ids.node(n.name), data });
  }
  const needUnscheduled = snap.pods.some((p, i) => groupOf(p) === UNSCHEDULED && (shown[i] || collapsedRefs.has(keys[i]!) || stackOfPod.has(i)));
  if (needUnscheduled) {
    nodes.push({ id: ids.node(UNSCHEDULED), data: { kind: 'nodeGroup', name: UNSCHEDULED, ip: '', ready: false, roles: [], pods: podsPerNode.get(UNSCHEDULED) ?? 0 } });
  }
  const nodeByIp = new Map(snap.nodes.map((n) => [n.ip, n.name]));

  for (const svc of services) {
    const svcId = ids.service(svc.namespace, svc.name);
    const slices = slicesOf.get(`${svc.namespace}/${svc.name}`) ?? [];
    const data: ServiceData = { kind: 'service', namespace: svc.namespace, name: svc.name, type: svc.type, ports: svc.ports.map(portLabel), slices: slices.length };
    if (svc.clusterIP) data.clusterIP = svc.clusterIP;
    nodes.push({ id: svcId, data });
    for (const sl of slices) edges.push({ id: `${svcId}>${ids.slice(sl.namespace, sl.name)}`, source: svcId, target: ids.slice(sl.namespace, sl.name), kind: 'slice' });
    const ep = snap.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
    if (ep) {
      const epId = ids.endpoints(ep.namespace, ep.name);
      nodes.push({ id: epId, data: { kind: 'endpoints', namespace: ep.namespace, name: ep.name, ready: ep.ready, notReady: ep.notReady, bytes: ep.bytes } });
      edges.push({ id: `${svcId}>${epId}`, source: svcId, target: epId, kind: 'endpoints' });
    }
  }

  // Slices (those of shown Services first, in Service order; then orphans of visible namespaces).
  const ordered: SliceView[] = [];
  for (const svc of services) ordered.push(...(slicesOf.get(`${svc.namespace}/${svc.name}`) ?? []));
  for (const [key, list] of slicesOf) {
    if (!services.some((s) => `${s.namespace}/${s.name}` === key)) ordered.push(...list);
  }
  const addresses = new Map<string, AddressData>();
  const drawnAt: Record<string, string> = {};
  const slicesOfEndpoint: Record<string, string[]> = {};
  const listed = (key: string, sliceId: string) => (slicesOfEndpoint[key] ??= []).push(sliceId);
  for (const sl of ordered) {
    const key = `${sl.namespace}/${sl.name}`;
    const sliceId = ids.slice(sl.namespace, sl.name);
    const collapsed = sliceCollapsed(sl);
    const data: SliceData = {
      kind: 'slice',
      namespace: sl.namespace,
      name: sl.name,
      count: sl.endpoints.length,
      collapsed,
      large: sl.endpoints.length > COLLAPSE_ABOVE,
      bytes: sl.bytes,
      resourceVersion: sl.resourceVersion,
      ...countStates(sl.endpoints),
    };
    if (sl.service) data.service = sl.service;
    nodes.push({ id: sliceId, data });

    const stacks = new Map<string, StackData>();
    for (const e of sl.endpoints) {
      const pod = e.pod ? podByRef.get(e.pod) : undefined;
      listed(e.ip, sliceId);
      if (e.pod) listed(e.pod, sliceId);
      if (e.pod && pod) {
        if (collapsed && !shownRefs.has(e.pod)) {
          const node = groupOf(pod);
          const st = stacks.get(node) ?? { kind: 'stack', slice: key, node, count: 0, ready: 0, notReady: 0, terminating: 0 };
          st.count++;
          const s = endpointState(e);
          if (s === 'ready') st.ready++;
          else if (s === 'terminating') st.terminating++;
          else st.notReady++;
          stacks.set(node, st);
          drawnAt[e.pod] ??= ids.stack(key, node);
          drawnAt[e.ip] ??= ids.stack(key, node);
        } else {
          const edge: GraphEdge = { id: `${sliceId}>${ids.podRef(e.pod)}`, source: sliceId, target: ids.podRef(e.pod), kind: 'endpoint', state: endpointState(e) };
          if (data.large) edge.many = true;
          edges.push(edge);
        }
      } else {
        // Not a pod we know (a host address, a hand-written slice): draw the address itself.
        const node = e.node ?? nodeByIp.get(e.ip);
        drawnAt[e.ip] ??= ids.address(e.ip);
        if (!addresses.has(e.ip)) addresses.set(e.ip, node ? { kind: 'address', ip: e.ip, node } : { kind: 'address', ip: e.ip });
        edges.push({ id: `${sliceId}>${ids.address(e.ip)}`, source: sliceId, target: ids.address(e.ip), kind: 'endpoint', state: endpointState(e) });
      }
    }
    for (const st of stacks.values()) {
      const stackId = ids.stack(key, st.node);
      nodes.push({ id: stackId, parentId: ids.node(st.node), data: st });
      edges.push({ id: `${sliceId}>${stackId}`, source: sliceId, target: stackId, kind: 'stack', label: String(st.count) });
    }
  }

  for (const [id, st] of podStacks) nodes.push({ id, parentId: ids.node(st.node), data: st });
  for (let i = 0; i < snap.pods.length; i++) {
    const p = snap.pods[i]!;
    const stack = stackOfPod.get(i);
    if (stack && !shown[i]) {
      drawnAt[keys[i]!] = stack;
      if (p.ip) drawnAt[p.ip] = stack;
    }
    if (!shown[i]) continue;
    const id = ids.pod(p.namespace, p.name);
    const data: PodData = { kind: 'pod', namespace: p.namespace, name: p.name, state: p.state };
    if (p.ip) data.ip = p.ip;
    if (p.node) data.node = p.node;
    nodes.push({ id, parentId: ids.node(groupOf(p)), data });
    // A pod drawn on its own wins over a stack that also counts it.
    drawnAt[keys[i]!] = id;
    if (p.ip) drawnAt[p.ip] = id;
  }
  for (const a of addresses.values()) {
    const node: GraphNode = { id: ids.address(a.ip), data: a };
    if (a.node && nodeNames.has(a.node)) node.parentId = ids.node(a.node);
    nodes.push(node);
  }
  return { nodes, edges, drawnAt, slicesOf: slicesOfEndpoint };
}
