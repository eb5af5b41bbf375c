// What the page is shown of the simulated world: plain, serialisable data the engine derives
// from its own state (API objects, each node's netfilter, kube-proxy syncs, traced
// connections). The UI renders these and never computes networking itself.
// Everything here crosses the worker boundary by structured clone: no Maps, classes or functions.

/** The newest state of the cluster, as one object. `version` grows whenever anything changes. */
export interface WorldSnapshot {
  version: number;
  /** Virtual time (ms since the scenario's epoch). */
  now: number;
  scenario: { id: string; name: string; description: string };
  nodes: NodeView[];
  pods: PodView[];
  services: ServiceView[];
  slices: SliceView[];
  /** Legacy Endpoints objects (one per Service with a selector). */
  endpoints: EndpointsView[];
  /** Per node: kube-proxy's last sync (undefined before the first one). */
  syncs: Record<string, SyncView | undefined>;
}

export interface NodeView {
  name: string;
  ip: string;
  podCIDR?: string;
  ready: boolean;
  roles: string[];
}

/** Ready, not ready (running, readiness failing or starting), terminating, or not running. */
export type PodState = 'ready' | 'not-ready' | 'terminating' | 'pending' | 'failed' | 'succeeded';

export interface PodView {
  namespace: string;
  name: string;
  uid: string;
  node?: string;
  ip?: string;
  phase: string;
  state: PodState;
  labels: Record<string, string>;
  /** e.g. "ReplicaSet/auth-service-5d8f…" */
  owner?: string;
}

export interface ServicePortView {
  name?: string;
  protocol: 'TCP' | 'UDP' | 'SCTP';
  port: number;
  targetPort: string;
  nodePort?: number;
}

export interface ServiceView {
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  clusterIP?: string;
  ports: ServicePortView[];
  selector?: Record<string, string>;
  externalIPs: string[];
  loadBalancerIPs: string[];
}

export interface SliceEndpointView {
  ip: string;
  /** targetRef pod (namespace/name). */
  pod?: string;
  node?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

export interface SliceView {
  namespace: string;
  name: string;
  /** kubernetes.io/service-name */
  service?: string;
  resourceVersion: string;
  generation?: number;
  ports: { name?: string; port: number; protocol: string }[];
  endpoints: SliceEndpointView[];
  /** JSON size of the object as stored (what one write of it costs). */
  bytes: number;
}

export interface EndpointsView {
  namespace: string;
  name: string;
  resourceVersion: string;
  ready: number;
  notReady: number;
  bytes: number;
}

export interface SyncView {
  node: string;
  at: number;
  full: boolean;
  ok: boolean;
  /** Chains declared and rewritten by this sync, in payload order. */
  chainsWritten: string[];
  chainsDeleted: string[];
  servicesWritten: string[];
  rules: number;
}

// ── Chains of one node ────────────────────────────────────────────────────────────────────

/** The KUBE-* picture of one node's nat (and filter) table, with live counters. */
export interface ChainsSnapshot {
  node: string;
  version: number;
  /** The tables in iptables-save order; only chains that exist. */
  tables: TableView[];
  lastSync?: SyncView;
}

export interface TableView {
  name: 'raw' | 'mangle' | 'nat' | 'filter';
  chains: ChainView[];
}

export interface ChainView {
  name: string;
  builtin: boolean;
  policy?: 'ACCEPT' | 'DROP';
  /** Built-in chains: the policy counters, as iptables-save prints them. User chains (nf_tables
   *  keeps no counters on them): what entered them, the sum of the rules jumping or going there. */
  packets: number;
  bytes: number;
  rules: RuleView[];
  /** The Service port a KUBE-SVC/SVL/EXT/FW/SEP chain belongs to ("ns/name:port"), from its comment. */
  servicePort?: string;
}

export interface RuleView {
  /** 1-based, as `iptables -L --line-numbers`. */
  number: number;
  /** The rule as iptables-save prints it after `-A CHAIN `. */
  text: string;
  /** A short label of what it matches, for graph edges: "10.96.241.179/32 tcp dpt:8080", "probability 0.33333333349",
   *  "src !10.244.0.0/16 10.96.241.179/32 tcp dpt:8080"; '' for a rule that matches every packet. */
  match: string;
  /** Target as iptables-save names it: ACCEPT, DROP, REJECT, RETURN, DNAT, MASQUERADE, MARK, or a chain name. */
  target?: string;
  /** For jumps and gotos: the chain it continues in. */
  jumpTo?: string;
  /** `-m statistic --mode random --probability P` as printed. */
  probability?: string;
  /** DNAT's --to-destination. */
  toDestination?: string;
  comment?: string;
  packets: number;
  bytes: number;
}

// ── Packets ───────────────────────────────────────────────────────────────────────────────

/** One hop of a traced connection: where the packet is and what it looks like there. */
export interface HopView {
  /** Which packet of the exchange: "SYN", "SYN-ACK", "ACK", "UDP", "RST", … */
  packet: string;
  direction: 'original' | 'reply';
  /** The namespace: a node name, "pod/<ns>/<name>", "external" or "gateway". */
  host: string;
  hostKind: 'node' | 'pod' | 'external' | 'gateway';
  node?: string;
  step: 'hook' | 'route' | 'transmit' | 'deliver' | 'drop';
  hook?: string;
  /** Rule hits at this hook, in order: table, chain, rule number, what it did. */
  hits: { table: string; chain: string; rule: number; verdict?: string; type: 'rule' | 'return' | 'policy' }[];
  before: HeaderView;
  after: HeaderView;
  verdict?: 'ACCEPT' | 'DROP' | 'REJECT';
  note?: string;
}

export interface HeaderView {
  src: string;
  sport: number;
  dst: string;
  dport: number;
  proto: string;
  mark: number;
  flags?: string;
}

/** A connection the engine sent (traffic toggle, `trace`, `curl` …), with every hop. */
export interface PacketView {
  id: number;
  at: number;
  /** Who started it: "traffic", "trace", "curl", "nslookup", … */
  source: string;
  from: string;
  /** What the client asked for: "10.96.241.179:8080". */
  to: string;
  proto: 'tcp' | 'udp';
  outcome: 'connected' | 'refused' | 'timeout' | 'unreachable';
  /** After DNAT: where it ended up. */
  destination?: { ip: string; port: number; pod?: string };
  masqueraded: boolean;
  /** The Service it addressed, if any ("ns/name"). */
  service?: string;
  /** The KUBE-SEP chain the client's node chose (what the Chains view highlights). */
  sepChain?: string;
  /** Every hop. In a batch with more than 50 packets only the newest 50 carry them (`trace --count`);
   *  `SimApi.packet(id)` returns the full packet (the newest 500). */
  hops: HopView[];
  /** `conntrack -L` line the connection created on the client's node. */
  conntrack?: string;
}

// ── Events ────────────────────────────────────────────────────────────────────────────────

/**
 * What happened since the last batch, in order; `seq` grows by one per event.
 * - write: an API write (not EndpointSlices: those are `slice` events).
 * - pod: a pod phase entry of the journal (scheduled, ContainerCreating, Running, Running (Ready), …).
 * - slice: an EndpointSlice create/update/delete; `added`/`removed` are addresses against the previous
 *   version of that slice (a readiness change alone has both empty).
 * - sync: a kube-proxy sync on one node.
 * - packet: a traced connection (source "traffic", "trace", "curl", …).
 * - note: controller actions ("ScalingReplicaSet: Scaled up …", source the controller) and notes.
 */
export type SimEvent =
  | { kind: 'write'; seq: number; at: number; verb: 'create' | 'update' | 'delete'; resource: string; namespace: string; name: string; bytes: number; actor: string }
  | { kind: 'pod'; seq: number; at: number; namespace: string; name: string; phase: string; node?: string; detail?: string }
  /** An EndpointSlice write with its endpoint diff, and the legacy Endpoints write it came with. */
  | { kind: 'slice'; seq: number; at: number; namespace: string; name: string; service?: string; verb: 'create' | 'update' | 'delete'; added: string[]; removed: string[]; bytes: number }
  | { kind: 'sync'; seq: number; at: number; sync: SyncView }
  | { kind: 'packet'; seq: number; at: number; packet: PacketView }
  | { kind: 'note'; seq: number; at: number; source: string; message: string };

export type SimEventKind = SimEvent['kind'];

/** One frame's worth of change, as the worker posts it. */
export interface SimBatch {
  /** The new snapshot when anything in it changed since the last batch, else undefined. */
  snapshot?: WorldSnapshot;
  /** Clock and state, always. */
  now: number;
  playing: boolean;
  speed: number;
  events: SimEvent[];
  /** Output a still-running terminal command (`kubectl get -w`) printed during this frame. */
  terminal?: { text: string; running: boolean; prompt: string };
}
