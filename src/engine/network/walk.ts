// One packet through the namespaces, in the order the kernel handles it (NF-3):
//   sent by a local socket:  route -> OUTPUT -> (reroute after DNAT) -> POSTROUTING -> transmit
//   received on an iface:    PREROUTING -> route -> INPUT -> socket
//                                               -> FORWARD -> POSTROUTING -> transmit
// Transmitting hands the frame to the veth peer, or on the kind network to whoever answers
// ARP for the next hop. Every hook of a node namespace goes through its NetfilterKernel.

import type { Hook, Packet } from '../netfilter/types.ts';
import type { ConntrackEntry } from '../netfilter/kernel/index.ts';
import { describeRoute, ifaceByName, isLocalAddress, lookupRoute, type RouteResult } from './routing.ts';
import type { Topology } from './topology.ts';
import type { Hop, Host, WireInfo } from './types.ts';

/** What became of a packet. */
export type Fate =
  | { kind: 'delivered'; host: Host; packet: Packet; wire: WireInfo }
  | { kind: 'rejected'; host: Host; packet: Packet; wire: WireInfo; rejectWith: string; ct?: ConntrackEntry; ctDir?: 'original' | 'reply' }
  | { kind: 'dropped'; host: Host; why: string }
  /** The sender's own stack failed (no route: ENETUNREACH; ARP failed: EHOSTUNREACH). */
  | { kind: 'error'; host: Host; error: string }
  /** A router on the way answers with ICMP destination unreachable (code 0 net, 1 host). */
  | { kind: 'icmp'; host: Host; packet: Packet; wire: WireInfo; code: number };

export interface WalkCtx {
  topo: Topology;
  hops: Hop[];
  label: string;
  direction: 'original' | 'reply';
  /** ICMP errors are RELATED to a connection: NAT is reversed from its conntrack entry, rules are not run. */
  related?: boolean;
  /** Namespaces whose kernel the packet went through, in order. */
  kernels: Host[];
  /** Guards against routing loops (a packet bouncing between namespaces). */
  steps: number;
}

const LOOPBACK_MAC = '00:00:00:00:00:00:00:00:00:00:00:00:08:00';
const MAX_STEPS = 64;

function push(ctx: WalkCtx, host: Host, hop: Omit<Hop, 'packetLabel' | 'direction' | 'host' | 'hostKind' | 'node'>): void {
  ctx.hops.push({ packetLabel: ctx.label, direction: ctx.direction, host: host.label, hostKind: host.kind, ...(host.node ? { node: host.node } : {}), ...hop });
}

function note(ctx: WalkCtx, host: Host, step: Hop['step'], pkt: Packet, wire: WireInfo, text: string, extra: Partial<Hop> = {}): void {
  push(ctx, host, { step, before: pkt, after: pkt, wire, hits: [], note: text, ...extra });
}

interface HookOutcome {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  packet: Packet;
  rejectWith?: string;
  ct?: ConntrackEntry;
  ctDir?: 'original' | 'reply';
}

function runHook(ctx: WalkCtx, host: Host, hook: Hook, pkt: Packet, wire: WireInfo, meta: { inIface?: string; outIface?: string }, mac?: string): HookOutcome {
  const k = host.kernel;
  if (k && ctx.related) {
    // Conntrack would mark the error RELATED (kube-proxy's KUBE-FORWARD accepts it); the kernel
    // model tracks no RELATED packets, so the rules are not run for it. Said once per namespace.
    if (!ctx.hops.some((h) => h.packetLabel === ctx.label && h.host === host.label && h.step === 'hook')) {
      push(ctx, host, { step: 'hook', hook, ...iface(meta), before: pkt, after: pkt, wire, hits: [], verdict: 'ACCEPT', note: 'RELATED ICMP error: passed without running the rules (not modelled)' });
    }
    return { verdict: 'ACCEPT', packet: pkt };
  }
  if (!k) {
    // A pod namespace has no rules at all: nothing registers at its hooks.
    push(ctx, host, { step: 'hook', hook, ...iface(meta), before: pkt, after: pkt, wire, ...(mac ? { mac } : {}), hits: [], verdict: 'ACCEPT' });
    return { verdict: 'ACCEPT', packet: pkt };
  }
  if (!ctx.kernels.includes(host)) ctx.kernels.push(host);
  const res = k.hook(hook, pkt, meta);
  push(ctx, host, { step: 'hook', hook, ...iface(meta), before: pkt, after: res.packet, wire, ...(mac ? { mac } : {}), hits: res.hits, verdict: res.verdict, ...(res.dropReason ? { note: res.dropReason } : {}) });
  return { verdict: res.verdict, packet: res.packet, ...(res.rejectWith ? { rejectWith: res.rejectWith } : {}), ...(res.conntrack ? { ct: res.conntrack, ctDir: res.direction } : {}) };
}

const iface = (m: { inIface?: string; outIface?: string }) => ({ ...(m.inIface ? { inIface: m.inIface } : {}), ...(m.outIface ? { outIface: m.outIface } : {}) });

/** A verdict other than ACCEPT ends the walk here. */
function stopped(host: Host, hook: Hook, r: HookOutcome, wire: WireInfo): Fate | undefined {
  if (r.verdict === 'DROP') return { kind: 'dropped', host, why: `dropped by netfilter in ${hook}` };
  if (r.verdict === 'REJECT') {
    return { kind: 'rejected', host, packet: r.packet, wire, rejectWith: r.rejectWith ?? 'icmp-port-unreachable', ...(r.ct ? { ct: r.ct, ctDir: r.ctDir ?? 'original' } : {}) };
  }
  return undefined;
}

function route(ctx: WalkCtx, host: Host, pkt: Packet, wire: WireInfo, local: boolean): RouteResult | undefined {
  const r = lookupRoute(host, pkt.dst);
  note(ctx, host, 'route', pkt, wire, describeRoute(pkt.dst, r, local), r && !r.local ? { outIface: r.dev } : {});
  return r;
}

/** A packet a socket of `host` sends (its source address already chosen). */
export function sendLocal(ctx: WalkCtx, host: Host, pkt: Packet, wire: WireInfo): Fate {
  let r = route(ctx, host, pkt, wire, true);
  if (!r) return { kind: 'error', host, error: 'Network is unreachable' };
  const out = runHook(ctx, host, 'OUTPUT', pkt, wire, { outIface: r.dev });
  const s1 = stopped(host, 'OUTPUT', out, wire);
  if (s1) return s1;
  let p = out.packet;
  if (p.dst !== pkt.dst) {
    // ip_route_me_harder: DNAT in OUTPUT changed the destination, route again.
    r = route(ctx, host, p, wire, true);
    if (!r) return { kind: 'error', host, error: 'Network is unreachable' };
  }
  const post = runHook(ctx, host, 'POSTROUTING', p, wire, { outIface: r.dev });
  const s2 = stopped(host, 'POSTROUTING', post, wire);
  if (s2) return s2;
  p = post.packet;
  return transmit(ctx, host, r, p, wire, true);
}

function transmit(ctx: WalkCtx, host: Host, r: RouteResult, pkt: Packet, wire: WireInfo, local: boolean): Fate {
  if (++ctx.steps > MAX_STEPS) return { kind: 'dropped', host, why: 'routing loop (TTL exceeded)' };
  if (r.local || r.dev === 'lo') {
    note(ctx, host, 'transmit', pkt, wire, 'lo -> lo (loopback)', { outIface: 'lo' });
    return receive(ctx, host, 'lo', pkt, wire, LOOPBACK_MAC);
  }
  const dev = ifaceByName(host, r.dev);
  // The socket owner is only known inside the sending namespace.
  const onWire: WireInfo = { ...wire };
  delete onWire.owner;
  if (dev?.segment) {
    const target = ctx.topo.onSegment(r.nexthop);
    const tIf = target?.ifaces.find((i) => i.segment === dev.segment);
    if (!target || !tIf) {
      note(ctx, host, 'drop', pkt, wire, `ARP: no answer for ${r.nexthop} on ${dev.name}`, { outIface: dev.name });
      if (local) return { kind: 'error', host, error: 'No route to host' };
      return { kind: 'icmp', host, packet: pkt, wire, code: 1 };
    }
    note(ctx, host, 'transmit', pkt, onWire, `${dev.name} -> ${target.label} ${tIf.name} (${r.nexthop} is at ${tIf.mac})`, { outIface: dev.name });
    return receive(ctx, target, tIf.name, { ...pkt }, onWire, `${tIf.mac}:${dev.mac}:08:00`);
  }
  if (dev?.peer) {
    const peer = dev.peer.host;
    const pIf = ifaceByName(peer, dev.peer.ifname);
    note(ctx, host, 'transmit', pkt, onWire, `${dev.name} -> ${peer.label} ${dev.peer.ifname}`, { outIface: dev.name });
    return receive(ctx, peer, dev.peer.ifname, { ...pkt }, onWire, `${pIf?.mac ?? '00:00:00:00:00:00'}:${dev.mac}:08:00`);
  }
  note(ctx, host, 'drop', pkt, wire, `${r.dev}: no carrier`);
  return { kind: 'dropped', host, why: `${r.dev} has no link` };
}

/** A frame arriving on `ifname` of `host`. */
function receive(ctx: WalkCtx, host: Host, ifname: string, pkt: Packet, wire: WireInfo, mac: string): Fate {
  if (host.kind === 'gateway') {
    if (host.addresses.has(pkt.dst)) {
      note(ctx, host, 'deliver', pkt, wire, `delivered to the docker host (${pkt.dst})`, { inIface: ifname });
      return { kind: 'delivered', host, packet: pkt, wire };
    }
    note(ctx, host, 'drop', pkt, wire, `the docker host forwards ${pkt.dst} to its uplink; nothing there routes it back into the cluster`, { inIface: ifname });
    return { kind: 'dropped', host, why: `${pkt.dst} is not routable outside the cluster` };
  }
  if (ctx.related && host.kernel) ({ packet: pkt, wire } = relatedNat(ctx, host, pkt, wire));
  const pre = runHook(ctx, host, 'PREROUTING', pkt, wire, { inIface: ifname }, mac);
  const s1 = stopped(host, 'PREROUTING', pre, wire);
  if (s1) return s1;
  const p = pre.packet;
  if (isLocalAddress(host, p.dst)) {
    note(ctx, host, 'route', p, wire, describeRoute(p.dst, { local: true, dev: 'lo', nexthop: p.dst, src: p.dst }, false), { inIface: ifname });
    const inp = runHook(ctx, host, 'INPUT', p, wire, { inIface: ifname }, mac);
    const s2 = stopped(host, 'INPUT', inp, wire);
    if (s2) return s2;
    return { kind: 'delivered', host, packet: inp.packet, wire };
  }
  if (!host.forwarding) {
    note(ctx, host, 'drop', p, wire, `${p.dst} is not an address of this namespace and it does not forward (net.ipv4.ip_forward = 0)`, { inIface: ifname });
    return { kind: 'dropped', host, why: 'not forwarded' };
  }
  const r = route(ctx, host, p, wire, false);
  if (!r) return { kind: 'icmp', host, packet: p, wire, code: 0 };
  if (wire.ttl <= 1) return { kind: 'dropped', host, why: 'TTL exceeded' };
  const fw: WireInfo = { ...wire, ttl: wire.ttl - 1 };
  const f = runHook(ctx, host, 'FORWARD', p, fw, { inIface: ifname, outIface: r.dev }, mac);
  const s3 = stopped(host, 'FORWARD', f, fw);
  if (s3) return s3;
  const post = runHook(ctx, host, 'POSTROUTING', f.packet, fw, { inIface: ifname, outIface: r.dev }, mac);
  const s4 = stopped(host, 'POSTROUTING', post, fw);
  if (s4) return s4;
  return transmit(ctx, host, r, post.packet, fw, false);
}

/**
 * An ICMP error RELATED to a connection this namespace tracks: the quoted packet and the outer
 * addresses are translated back as nf_nat_icmp_reply_translation does.
 */
export function relatedNat(
  ctx: WalkCtx,
  host: Host,
  pkt: Packet,
  wire: WireInfo,
  known?: { entry: ConntrackEntry; innerDir: 'original' | 'reply' },
): { packet: Packet; wire: WireInfo } {
  const inner = wire.icmp?.inner;
  if (!inner || !host.kernel) return { packet: pkt, wire };
  const q = inner.packet;
  let found = known;
  if (!found) {
    const hit = host.kernel.conntrack.lookup({ proto: q.proto, src: q.dst, sport: q.dport, dst: q.src, dport: q.sport });
    if (!hit) return { packet: pkt, wire };
    found = { entry: hit.entry, innerDir: hit.direction === 'reply' ? 'original' : 'reply' };
  }
  const e = found.entry;
  const pre = found.innerDir === 'original' ? e.original : e.reply;
  if (pre.src === q.src && pre.dst === q.dst && pre.sport === q.sport && pre.dport === q.dport) return { packet: pkt, wire };
  const packet: Packet = { ...pkt, dst: pre.src, src: pkt.src === q.dst ? pre.dst : pkt.src };
  const translated: WireInfo = { ...wire, icmp: { ...wire.icmp!, inner: { packet: { ...q, src: pre.src, dst: pre.dst, sport: pre.sport, dport: pre.dport }, wire: inner.wire } } };
  if (!ctx.kernels.includes(host)) ctx.kernels.push(host);
  note(ctx, host, 'route', packet, translated, `conntrack: ICMP error RELATED to ${e.proto} ${e.original.src}:${e.original.sport} -> ${e.original.dst}:${e.original.dport}, NAT reversed (SRC=${pkt.src} -> ${packet.src}, DST=${pkt.dst} -> ${packet.dst})`);
  return { packet, wire: translated };
}
