// The simulated network: network namespaces (one per node, one per non-hostNetwork pod, an
// outside client and the docker bridge gateway), their interfaces and routes, and the result
// of sending one connection through them (every hop, as the kernel would trace it).

import type { Hook, Packet } from '../netfilter/types.ts';
import type { Rng } from '../sim/rng.ts';
import type { NetfilterKernel, RuleHit } from './kernelPort.ts';

/** An IPv4 address on an interface (`ip addr`). */
export interface IfAddr {
  ip: string;
  prefix: number;
  /** Broadcast address when the kernel shows one (`brd`). */
  brd?: string;
  scope: 'global' | 'host' | 'link';
}

/** An IPv6 address on an interface (printed after the IPv4 ones). */
export interface IfAddr6 {
  ip: string;
  prefix: number;
  scope: 'global' | 'host' | 'link';
  /** Extra flags iproute2 prints after the scope, e.g. "nodad". */
  flags?: string;
}

export interface Iface {
  index: number;
  name: string;
  type: 'loopback' | 'veth';
  mac: string;
  mtu: number;
  /** txqueuelen; 0 is not printed (docker creates its veths with qlen 0). */
  qlen: number;
  addrs: IfAddr[];
  addrs6: IfAddr6[];
  /** The other end of a veth: which host and which interface. */
  peer?: { host: Host; ifindex: number; ifname: string };
  /** How `ip addr` names the peer's namespace: `link-netnsid 0` or `link-netns cni-…`. */
  linkNetns?: { id: number } | { name: string };
  /** The docker network this interface is attached to (node, external client, gateway). */
  segment?: string;
}

/** A route in the main table, as kindnet, the ptp plugin and the kernel install them. */
export interface Route {
  /** Destination network as a number; with prefix 0 it is `default`. */
  dst: number;
  prefix: number;
  via?: string;
  dev: string;
  proto?: 'kernel';
  scope?: 'link' | 'host';
  src?: string;
}

export type HostKind = 'node' | 'pod' | 'external' | 'gateway';

/** One network namespace. */
export interface Host {
  /** `node/<name>`, `pod/<ns>/<name>`, `external`, `gateway`. */
  id: string;
  kind: HostKind;
  /** How traces show it: the node name, `pod/<ns>/<name>`, `external`, `gateway`. */
  label: string;
  /** The node a pod runs on, or the node itself. */
  node?: string;
  pod?: { namespace: string; name: string; uid: string };
  ifaces: Iface[];
  routes: Route[];
  /** kindnet's routes to the other nodes' podCIDRs (one array shared by every node; a node skips its own). */
  peerRoutes?: Route[];
  /** Every IPv4 address on the interfaces (the local routing table, minus 127/8). */
  addresses: Set<string>;
  /** net.ipv4.ip_forward (nodes route; pods and the client do not). */
  forwarding: boolean;
  /** Netfilter of this namespace (nodes only: pod namespaces have no rules). */
  kernel?: NetfilterKernel;
}

export type ConnectFrom =
  | { pod: { namespace: string; name: string } }
  | { node: string }
  | { external: true }
  | { ip: string };

export interface ConnectOptions {
  from: ConnectFrom;
  /** Destination IP. */
  to: string;
  port: number;
  proto?: 'tcp' | 'udp';
  /** Who asks, for observers (`onConnect`): "traffic", "trace", "curl", … Changes nothing on the wire. */
  source?: string;
  /**
   * The caller will talk on the connection and close it (`Network.send`, `Network.close`):
   * an established TCP connection stays open and observers see its trace when it is closed.
   * Without it (and for UDP or a failed attempt) connect() is one attempt, observed at once.
   */
  keepOpen?: boolean;
  /**
   * Draw ports, sequence numbers and IP IDs from this generator instead of the network's: the
   * kubelet's background probes must not change what later commands draw.
   */
  rng?: Rng;
}

/** What a socket sees: connect() succeeded, was refused, never answered, or got an ICMP error. */
export type Outcome = 'connected' | 'refused' | 'timeout' | 'unreachable';

/** Extra header fields that netfilter's Packet does not carry but the TRACE log prints. */
export interface WireInfo {
  ttl: number;
  id: number;
  df: boolean;
  /** TOS byte (the log splits it into TOS and PREC). */
  tos: number;
  tcp?: { seq: number; ack: number; window: number; options: string };
  icmp?: { type: number; code: number; inner?: { packet: Packet; wire: WireInfo } };
  /** Owner of the local socket that sent it (printed as UID=/GID= in OUTPUT and POSTROUTING). */
  owner?: { uid: number; gid: number };
}

export type HopStep =
  | 'hook' // a netfilter hook of this namespace (hits: the TRACE lines)
  | 'route' // a routing decision
  | 'transmit' // the packet leaves on an interface and arrives on the next one
  | 'deliver' // a local socket receives it
  | 'drop'; // lost here (no route, no listener on the wire, routing off, …)

export interface Hop {
  /** Which packet of the exchange this hop belongs to, e.g. "SYN", "SYN-ACK", "ACK". */
  packetLabel: string;
  direction: 'original' | 'reply';
  host: string;
  hostKind: HostKind;
  /** The node this namespace lives on (undefined for the client and the gateway). */
  node?: string;
  step: HopStep;
  hook?: Hook;
  inIface?: string;
  outIface?: string;
  before: Packet;
  after: Packet;
  /** Header fields of `after` for TRACE lines. */
  wire: WireInfo;
  /** MAC header of the received frame (dst, src), printed as MAC= for packets with IN=. */
  mac?: string;
  hits: RuleHit[];
  verdict?: 'ACCEPT' | 'DROP' | 'REJECT';
  /** A sentence for routing, transmit, delivery and drop steps. */
  note?: string;
}

export interface ConnectionTrace {
  outcome: Outcome;
  /** The socket error text for refused/timeout/unreachable, as the C library words it. */
  error?: string;
  hops: Hop[];
  /** Where the first packet ended up (after DNAT). */
  destination?: { ip: string; port: number; pod?: { namespace: string; name: string } };
  /** The client address as the server saw it (ip:port). */
  serverSawSource?: string;
  masqueraded: boolean;
  /** `conntrack -L` line of the connection on the client's node. */
  conntrack?: string;
  /** The client's address and port (before any NAT). */
  client: { ip: string; port: number; host: string };
}

export type ConnectListener = (trace: ConnectionTrace, opts: ConnectOptions) => void;

export interface Network {
  kernel(node: string): NetfilterKernel | undefined;
  /** A namespace by node name, `external`, `gateway`, `pod/<ns>/<name>`, `<ns>/<name>` or IP. */
  host(nameOrIp: string): Host | undefined;
  connect(opts: ConnectOptions): ConnectionTrace;
  /**
   * `bytes` of data from one side of a connection opened with `keepOpen` (a PSH,ACK segment and
   * the peer's ACK, appended to the trace's hops); false when it did not get through or the
   * connection is not open.
   */
  send(trace: ConnectionTrace, from: 'client' | 'server', bytes: number): boolean;
  /**
   * Closes a connection opened with `keepOpen`: `by` sends FIN,ACK, the peer answers FIN,ACK,
   * `by` the last ACK (default: the client, as curl does). The conntrack entries end in
   * TIME_WAIT; `trace.conntrack` shows the entry as it is then. Observers see the trace now.
   */
  close(trace: ConnectionTrace, by?: 'client' | 'server'): void;
  /**
   * Dry-run connections: `fn` gets a connect() that changes nothing later commands could see
   * (no rule counters, conntrack entries, recent lists or draws from the cluster's random
   * generators; observers are not told). `seed` picks the dry run's own random draws (default 1).
   */
  dryRun<T>(fn: (connect: (opts: ConnectOptions) => ConnectionTrace) => T, seed?: number): T;
  /** Calls `listener` after every connect() with its trace and the options it was asked with; returns an unsubscribe. */
  onConnect(listener: ConnectListener): () => void;
  /** Every namespace, nodes first (for tests and views). */
  hosts(): Host[];
  /** Stops following the API. */
  stop(): void;
}
