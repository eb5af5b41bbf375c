// One connection attempt as a socket makes it: the first packet (TCP SYN or the first UDP
// datagram) through every namespace on the way, the server's answer (SYN-ACK, RST, a UDP reply
// or ICMP port unreachable) back through conntrack, and for TCP the handshake's last ACK.
// The outcome is what connect()/recv() would report. connectOpen() also hands back the state of
// an established TCP connection, for data and the close (stream.ts).

import { formatConntrack } from '../netfilter/kernel/index.ts';
import type { Packet } from '../netfilter/types.ts';
import type { Rng } from '../sim/rng.ts';
import { ifaceByName, isLocalAddress, lookupRoute } from './routing.ts';
import { nodeListener, podClientOwner, podListener, type Listener } from './sockets.ts';
import type { TimeWaitSockets } from './timewait.ts';
import type { Topology } from './topology.ts';
import type { ConnectFrom, ConnectionTrace, ConnectOptions, Hop, Host, Outcome, WireInfo } from './types.ts';
import { relatedNat, sendLocal, type Fate, type WalkCtx } from './walk.ts';
import {
  REJECT_CODES, ackWire, errnoForIcmp, icmpError, mssFor, newTcpClient, rstWire, synAckWire, synWire, tcpPacket, udpPacket, udpWire,
  type Endpoints, type TcpClientState, type TcpServerState,
} from './wire.ts';

/** An established TCP connection: who talks, their sequence numbers, what was sent so far. */
export interface OpenTcp {
  trace: ConnectionTrace;
  client: Host;
  server: Host;
  /** The client's view (to the address it dialled) and the server's (to the source it saw). */
  ends: Endpoints;
  back: Endpoints;
  tcp: TcpClientState;
  /** The server's initial sequence number, timestamp and first IP ID after the SYN-ACK. */
  srv: TcpServerState & { id: number };
  owner: { uid: number; gid: number };
  serverOwner: { uid: number; gid: number };
  /** Payload bytes each side has sent (sequence-number offsets). */
  sent: { client: number; server: number };
  /** IP IDs used after each side's first one. */
  ids: { client: number; server: number };
  /** The handshake's first packet (whose kernels hold the conntrack entry the trace shows). */
  first: WalkCtx;
  fin: { client: boolean; server: boolean };
  /** A segment was lost: nothing more is sent on this connection. */
  broken: boolean;
}

export interface ConnectDeps {
  topo: Topology;
  rng: Rng;
  now: () => number;
  /** Sockets in TIME_WAIT (the side that closed first keeps its port for 60 s). */
  timeWait?: TimeWaitSockets;
}


interface Client {
  host: Host;
  /** A source address the socket binds to (`{ ip }` sources). */
  bind?: string;
  owner: { uid: number; gid: number };
}

/** The namespace a `from` names, or why there is none. */
export function resolveClient(topo: Topology, from: ConnectFrom): Client | { error: string } {
  if ('pod' in from) {
    const key = `${from.pod.namespace}/${from.pod.name}`;
    const pod = topo.pods.get(key);
    if (!pod) return { error: `pod ${key} not found` };
    if (pod.spec.hostNetwork) {
      const node = pod.spec.nodeName ? topo.nodeState(pod.spec.nodeName) : undefined;
      if (!node) return { error: `pod ${key} is not running on a node` };
      return { host: node.host, owner: podClientOwner(pod) };
    }
    const host = topo.podHosts.get(key);
    if (!host) return { error: `pod ${key} has no network namespace (not running)` };
    return { host, owner: podClientOwner(pod) };
  }
  if ('node' in from) {
    const st = topo.nodeState(from.node);
    return st ? { host: st.host, owner: { uid: 0, gid: 0 } } : { error: `node ${from.node} not found` };
  }
  if ('external' in from) return topo.external ? { host: topo.external, owner: { uid: 0, gid: 0 } } : { error: 'the cluster has no nodes yet' };
  const host = topo.hostByIp(from.ip);
  return host ? { host, bind: from.ip, owner: { uid: 0, gid: 0 } } : { error: `no namespace has address ${from.ip}` };
}

function listenerAt(topo: Topology, host: Host, dst: string, port: number, proto: 'TCP' | 'UDP'): Listener | undefined {
  if (host.kind === 'pod') {
    const pod = topo.podOf(host);
    return pod ? podListener(pod, port, proto) : undefined;
  }
  if (host.kind === 'node' && host.node) {
    const st = topo.nodeState(host.node);
    return nodeListener({ controlPlane: st?.controlPlane ?? false, hostNetworkPods: topo.hostNetworkPods(host.node), toLoopback: dst.startsWith('127.') }, port, proto);
  }
  return undefined;
}

const EPHEMERAL_LOW = 32768; // net.ipv4.ip_local_port_range
const EPHEMERAL_HIGH = 60999;

export function connect(deps: ConnectDeps, opts: ConnectOptions): ConnectionTrace {
  return connectOpen(deps, opts).trace;
}

/** connect(), and for an established TCP connection what sending on it and closing it need. */
export function connectOpen(deps: ConnectDeps, opts: ConnectOptions): { trace: ConnectionTrace; open?: OpenTcp } {
  const kept: { open?: OpenTcp } = {};
  const trace = attempt(deps, opts, kept);
  return kept.open ? { trace, open: kept.open } : { trace };
}

/** One attempt; an established TCP connection's state is left in `kept`. */
function attempt(deps: ConnectDeps, opts: ConnectOptions, kept: { open?: OpenTcp }): ConnectionTrace {
  const { topo, rng } = deps;
  const proto = opts.proto ?? 'tcp';
  const hops: Hop[] = [];
  const resolved = resolveClient(topo, opts.from);
  if ('error' in resolved) return { outcome: 'unreachable', error: resolved.error, hops, masqueraded: false, client: { ip: '', port: 0, host: '' } };
  const client = resolved;
  const mk = (label: string, direction: 'original' | 'reply', related = false): WalkCtx => ({ topo, hops, label, direction, kernels: [], steps: 0, ...(related ? { related } : {}) });

  const r0 = lookupRoute(client.host, opts.to);
  const src = client.bind ?? r0?.src ?? '0.0.0.0';
  let sport = EPHEMERAL_LOW + rng.int(EPHEMERAL_HIGH - EPHEMERAL_LOW + 1);
  // __inet_check_established: a port whose connection to this destination is in TIME_WAIT on
  // this host is not used again (tcp_tw_reuse is off except on loopback); draw another.
  for (let i = 0; i < 16 && deps.timeWait?.has(client.host, src, sport, opts.to, opts.port, deps.now()); i++) {
    sport = EPHEMERAL_LOW + rng.int(EPHEMERAL_HIGH - EPHEMERAL_LOW + 1);
  }
  const ends: Endpoints = { src, sport, dst: opts.to, dport: opts.port };
  const base = { hops, masqueraded: false, client: { ip: src, port: sport, host: client.host.label } };
  const mtu = r0 ? (ifaceByName(client.host, r0.dev)?.mtu ?? 1500) : 1500;
  const tcp: TcpClientState = newTcpClient(rng, mtu);

  const first = mk(proto === 'tcp' ? 'SYN' : 'UDP', 'original');
  const firstPkt = proto === 'tcp' ? tcpPacket(ends, 'SYN', 60) : udpPacket(ends);
  const firstWire = proto === 'tcp' ? synWire(tcp, client.owner) : udpWire(rng.int(0x10000), client.owner);
  const fate = sendLocal(first, client.host, firstPkt, firstWire);
  const finish = (outcome: Outcome, error: string | undefined, extra: Partial<ConnectionTrace> = {}): ConnectionTrace => {
    const t: ConnectionTrace = { ...base, outcome, ...(error ? { error } : {}), ...extra };
    const ct = conntrackLine(deps, first, hops);
    if (ct) t.conntrack = ct;
    return t;
  };

  /** Did this reply reach the client's socket, addressed as the socket expects? */
  const reachedClient = (f: Fate, label: string): boolean => {
    if (f.kind !== 'delivered' || f.host !== client.host) return false;
    const q = f.packet;
    const ok = q.src === ends.dst && q.sport === ends.dport && q.dst === ends.src && q.dport === ends.sport;
    deliverHop(hops, label, client.host, q, f.wire, ok
      ? `socket ${ends.src}:${ends.sport} <- ${q.src}:${q.sport}: matches the connection`
      : `no socket for ${q.dst}:${q.dport} <- ${q.src}:${q.sport}: the socket is connected to ${ends.dst}:${ends.dport}, the kernel answers with RST`);
    return ok;
  };

  switch (fate.kind) {
    case 'error':
      return finish('unreachable', fate.error);
    case 'dropped':
      return finish('timeout', 'Connection timed out');
    case 'icmp': {
      const back = routerError(deps, mk('ICMP', 'reply', true), fate.host, fate.packet, fate.wire, fate.code);
      return finish(back && icmpMatches(back, ends) ? 'unreachable' : 'timeout', back && icmpMatches(back, ends) ? errnoForIcmp(fate.code).error : 'Connection timed out');
    }
    case 'rejected':
      return finishRejected(deps, fate, ends, tcp, proto, mk, reachedClient, finish);
    case 'delivered':
      break;
  }

  const server = fate.host;
  const p = fate.packet;
  const destination = { ip: p.dst, port: p.dport, ...(server.pod ? { pod: { namespace: server.pod.namespace, name: server.pod.name } } : {}) };
  const seen = { destination, serverSawSource: `${p.src}:${p.sport}`, masqueraded: p.src !== ends.src || p.sport !== ends.sport };
  const listener = listenerAt(topo, server, p.dst, p.dport, proto === 'tcp' ? 'TCP' : 'UDP');
  deliverHop(hops, first.label, server, p, fate.wire, listener
    ? `${p.dst}:${p.dport}/${proto}: ${listener.who} accepts it (peer ${p.src}:${p.sport})`
    : `${p.dst}:${p.dport}/${proto}: nothing listens (${proto === 'tcp' ? 'the kernel answers with RST' : 'the kernel answers with ICMP port unreachable'})`);
  const back: Endpoints = { src: p.dst, sport: p.dport, dst: p.src, dport: p.sport };
  const sr = lookupRoute(server, back.dst);
  const serverMss = mssFor(sr ? (ifaceByName(server, sr.dev)?.mtu ?? 1500) : 1500);

  if (proto === 'udp') {
    if (!listener) {
      const icmp = icmpError(p.dst, p, fate.wire, 3, rng.int(0x10000));
      const f = sendLocal(mk('ICMP', 'reply', true), server, icmp.packet, icmp.wire);
      const ok = f.kind === 'delivered' && f.host === client.host && icmpMatches(f, ends);
      if (ok) deliverHop(hops, 'ICMP', client.host, f.packet, f.wire, `ICMP port unreachable for ${ends.src}:${ends.sport} -> ${ends.dst}:${ends.dport}: the socket gets ECONNREFUSED`);
      return finish(ok ? 'refused' : 'timeout', ok ? 'Connection refused' : 'Connection timed out', seen);
    }
    const reply = udpPacket(back);
    const f = sendLocal(mk('UDP reply', 'reply'), server, reply, udpWire(0, listener.owner));
    const ok = reachedClient(f, 'UDP reply');
    return finish(ok ? 'connected' : 'timeout', ok ? undefined : 'Connection timed out', seen);
  }

  if (!listener) {
    const f = sendLocal(mk('RST', 'reply'), server, tcpPacket(back, 'RST,ACK', 40), rstWire(tcp));
    const ok = reachedClient(f, 'RST');
    return finish(ok ? 'refused' : 'timeout', ok ? 'Connection refused' : 'Connection timed out', seen);
  }
  const srv = { seq: rng.int(0x100000000), tsval: rng.int(0x100000000) };
  const f = sendLocal(mk('SYN-ACK', 'reply'), server, tcpPacket(back, 'SYN,ACK', 60), synAckWire(tcp, srv, serverMss));
  if (!reachedClient(f, 'SYN-ACK')) return finish('timeout', 'Connection timed out', seen);
  const last = sendLocal(mk('ACK', 'original'), client.host, tcpPacket(ends, 'ACK', 52), ackWire(tcp, srv, client.owner));
  if (last.kind === 'delivered') deliverHop(hops, 'ACK', last.host, last.packet, last.wire, 'the handshake completes: ESTABLISHED');
  const trace = finish('connected', undefined, seen);
  kept.open = {
    trace, client: client.host, server, ends, back, tcp, srv: { ...srv, id: (srv.seq ^ srv.tsval) >>> 16 },
    owner: client.owner, serverOwner: listener.owner, sent: { client: 0, server: 0 }, ids: { client: 2, server: 0 },
    first, fin: { client: false, server: false }, broken: last.kind !== 'delivered',
  };
  return trace;
}

type Finish = (outcome: Outcome, error: string | undefined, extra?: Partial<ConnectionTrace>) => ConnectionTrace;

/** A rule said REJECT: the rejecting namespace answers with ICMP or a TCP reset. */
function finishRejected(
  deps: ConnectDeps,
  fate: Extract<Fate, { kind: 'rejected' }>,
  ends: Endpoints,
  tcp: TcpClientState,
  proto: 'tcp' | 'udp',
  mk: (label: string, direction: 'original' | 'reply', related?: boolean) => WalkCtx,
  reachedClient: (f: Fate, label: string) => boolean,
  finish: Finish,
): ConnectionTrace {
  const h = fate.host;
  const p = fate.packet;
  if (fate.rejectWith === 'tcp-reset' && proto === 'tcp') {
    // nf_send_reset answers as the destination the client addressed (the conntrack entry's original tuple).
    const pre = fate.ct?.original ?? { src: p.src, sport: p.sport, dst: p.dst, dport: p.dport };
    const rst = tcpPacket({ src: pre.dst, sport: pre.dport, dst: pre.src, dport: pre.sport }, 'RST,ACK', 40);
    const f = sendLocal(mk('RST', 'reply', true), h, rst, rstWire(tcp));
    return reachedClient(f, 'RST') ? finish('refused', 'Connection refused') : finish('timeout', 'Connection timed out');
  }
  const code = REJECT_CODES[fate.rejectWith] ?? 3;
  // icmp_send: the address the packet was sent to if it was for us, else the route's source.
  const from = isLocalAddress(h, p.dst) ? p.dst : (lookupRoute(h, p.src)?.src ?? p.dst);
  const icmp = icmpError(from, p, fate.wire, code, deps.rng.int(0x10000));
  const ctx = mk('ICMP', 'reply', true);
  let packet = icmp.packet;
  let wire = icmp.wire;
  if (fate.ct) ({ packet, wire } = relatedNat(ctx, h, packet, wire, { entry: fate.ct, innerDir: fate.ctDir ?? 'original' }));
  const f = sendLocal(ctx, h, packet, wire);
  if (f.kind === 'delivered' && icmpMatches(f, ends)) {
    const e = errnoForIcmp(code);
    deliverHop(ctx.hops, 'ICMP', f.host, f.packet, f.wire, `ICMP type 3 code ${code} for ${ends.src}:${ends.sport} -> ${ends.dst}:${ends.dport}: connect() fails with "${e.error}"`);
    return finish(e.outcome, e.error);
  }
  return finish('timeout', 'Connection timed out');
}

/** ICMP net/host unreachable from a router that could not forward the packet. */
function routerError(deps: ConnectDeps, ctx: WalkCtx, router: Host, p: Packet, wire: WireInfo, code: number): Fate | undefined {
  const from = lookupRoute(router, p.src)?.src;
  if (!from) return undefined;
  const icmp = icmpError(from, p, wire, code, deps.rng.int(0x10000));
  const { packet, wire: w } = relatedNat(ctx, router, icmp.packet, icmp.wire);
  const f = sendLocal(ctx, router, packet, w);
  if (f.kind === 'delivered') deliverHop(ctx.hops, 'ICMP', f.host, f.packet, f.wire, `ICMP type 3 code ${code} from ${packet.src}`);
  return f;
}

function icmpMatches(f: Fate, ends: Endpoints): boolean {
  if (f.kind !== 'delivered') return false;
  const q = f.wire.icmp?.inner?.packet;
  return !!q && q.src === ends.src && q.sport === ends.sport && q.dst === ends.dst && q.dport === ends.dport;
}

export function deliverHop(hops: Hop[], label: string, host: Host, pkt: Packet, wire: WireInfo, text: string, dir?: 'original' | 'reply'): void {
  const direction = dir ?? (label === 'SYN' || label === 'UDP' || label === 'ACK' ? 'original' : 'reply');
  hops.push({ packetLabel: label, direction, host: host.label, hostKind: host.kind, ...(host.node ? { node: host.node } : {}), step: 'deliver', before: pkt, after: pkt, wire, hits: [], note: text });
}

/** The connection's entry on the first node the first packet went through. */
export function conntrackLine(deps: ConnectDeps, first: WalkCtx, hops: Hop[]): string | undefined {
  const host = first.kernels[0];
  const k = host?.kernel;
  if (!host || !k) return undefined;
  const entered = hops.find((h) => h.step === 'hook' && h.host === host.label && h.packetLabel === first.label);
  if (!entered) return undefined;
  const t = entered.before;
  const hit = k.conntrack.lookup({ proto: t.proto, src: t.src, sport: t.sport, dst: t.dst, dport: t.dport });
  return hit ? formatConntrack(hit.entry, deps.now()) : undefined;
}
