// Netfilter of one network namespace: the tables at each hook in kernel priority order,
// connection tracking (lookup at PREROUTING/OUTPUT, confirm at the end of POSTROUTING/INPUT)
// and NAT (nat chains only for a connection's first packet; everything else follows the
// binding stored in its conntrack entry) — NF-3.

import { BUILTIN_CHAINS, type Chain, type Counters, type Hook, type Packet, type Rule, type Ruleset, type TableName } from '../types.ts';
import { CT_DNAT, CT_ESTABLISHED, CT_INVALID, CT_NEW, CT_RELATED, CT_SNAT, CT_UNTRACKED, type CTarget } from './compile.ts';
import { ConntrackTable, tupleKey, isIcmpRequest, type CtEntry } from './conntrack.ts';
import { tcpCanStart, tcpIndex, trackGeneric, trackIcmp, trackTcp, trackUdp, TcpIndex, type TrackResult } from './ctproto.ts';
import { parseIPv4 } from './ipv4.ts';
import { fold6, formatIPv6Words, isLoopback6, isMulticast6, isUnspecified6, parseIPv6Words } from './ipv6.ts';
import type { CtState, HookMeta, HookResult, KernelOptions } from './kernelTypes.ts';
import { manipPacket, setupNat, type Manip } from './nat.ts';
import { RecentLists } from './recent.ts';
import { createRuleset, formatRule } from '../rules/index.ts';

import { walk, type PacketView, type WalkEnv, type WalkResult } from './traverse.ts';

/** The conntrack association a packet carries from hook to hook (skb->_nfct). */
interface Skb {
  ct: CtEntry | null;
  dir: 0 | 1;
  ctinfo: 'NEW' | 'ESTABLISHED' | 'RELATED';
  untracked: boolean;
  traced: boolean;
}

type Step = TableName | 'conntrack' | 'natDst' | 'natSrc' | 'confirm';

/** Hook functions in priority order: raw -300, conntrack -200, mangle -150, nat DNAT -100,
 *  filter 0, nat SNAT 100, conntrack confirm last. */
const STEPS: Record<Hook, Step[]> = {
  PREROUTING: ['raw', 'conntrack', 'mangle', 'natDst'],
  INPUT: ['mangle', 'filter', 'natSrc', 'confirm'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'conntrack', 'mangle', 'natDst', 'filter'],
  POSTROUTING: ['mangle', 'natSrc', 'confirm'],
};

const ADDR_UNSPEC = 1, ADDR_UNICAST = 1 << 1, ADDR_LOCAL = 1 << 2, ADDR_BROADCAST = 1 << 3, ADDR_ANYCAST = 1 << 4,
  ADDR_MULTICAST = 1 << 5, ADDR_UNREACHABLE = 1 << 7;

/** Every table present with its built-in chains, policy ACCEPT (iptables-legacy's view; the
 *  kernel itself starts from the rules module's createRuleset(): nf_tables has no table yet). */
export function emptyRuleset(): Ruleset {
  const tables: Ruleset['tables'] = new Map();
  for (const name of Object.keys(BUILTIN_CHAINS) as TableName[]) {
    const chains = new Map<string, Chain>();
    for (const c of BUILTIN_CHAINS[name]) chains.set(c, { name: c, policy: 'ACCEPT', counters: { packets: 0, bytes: 0 }, rules: [] });
    tables.set(name, { name, chains });
  }
  return { tables };
}

export class NetfilterKernel {
  ruleset: Ruleset;
  readonly conntrack: ConntrackTable;
  readonly recent = new RecentLists();
  /** nfacct accounting objects of this namespace. */
  readonly nfacct = new Map<string, Counters>();
  /** Renders a rule for RuleHit.rule (iptables-save form). */
  formatRule: (rule: Rule) => string = formatRule;

  private readonly skbs = new WeakMap<Packet, Skb>();
  private natCt: CtEntry | null = null;
  private readonly env: WalkEnv;
  /** An ip6tables namespace: IPv6 packets, addresses as words (PacketView.src6/dst6). */
  private readonly ipv6: boolean;

  constructor(private readonly opts: KernelOptions) {
    this.ruleset = opts.ruleset ?? createRuleset(opts.family);
    this.ipv6 = opts.family === 'ipv6';
    this.conntrack = new ConntrackTable(opts.now);
    this.env = {
      rng: opts.rng,
      now: 0,
      recent: this.recent,
      nfacct: this.nfacct,
      addrTypeBit: (ipN, ip) => this.addrTypeBit(ipN, ip),
      addrTypeMatch6: (w, ip, mask) => this.addrTypeMatch6(w, ip, mask),
      nat: (t, v) => this.natTarget(t, v),
      formatRule: (rule) => this.formatRule(rule),
      hits: [],
      logs: [],
      traced: false,
    };
  }

  /** The namespace's interface addresses (none when the network gave no lister). */
  interfaceAddrs(): string[] {
    return this.opts.interfaceAddrs?.() ?? [];
  }

  /** `nfacct add NAME`; false when it exists already. */
  addNfacct(name: string): boolean {
    if (this.nfacct.has(name)) return false;
    this.nfacct.set(name, { packets: 0, bytes: 0 });
    return true;
  }

  deleteNfacct(name: string): boolean {
    return this.nfacct.delete(name);
  }

  /** Run every table registered at `hook` over the packet (see HookResult.packet for chaining). */
  hook(hook: Hook, pkt: Packet, meta: HookMeta = {}): HookResult {
    const now = this.opts.now();
    const v: PacketView = {
      src: pkt.src, dst: pkt.dst, srcN: 0, dstN: 0, src6: null, dst6: null,
      proto: pkt.proto, sport: pkt.sport, dport: pkt.dport, length: pkt.length, mark: pkt.mark >>> 0,
      tcpFlags: '', tcpBits: 0, inIface: meta.inIface ?? '', outIface: meta.outIface ?? '', ctBits: CT_INVALID,
    };
    this.setAddrs(v);
    if (pkt.proto === 'tcp') {
      v.tcpFlags = pkt.tcpFlags ?? this.defaultFlags(v, now);
      v.tcpBits = tcpBits(v.tcpFlags);
    }
    const skb = this.skbFor(hook, pkt, meta, v, now);
    const env = this.env;
    env.now = now;
    env.hits = [];
    env.logs = [];
    env.traced = skb.traced;
    env.dropReason = undefined;

    let result: WalkResult = { verdict: 'ACCEPT' };
    for (const step of STEPS[hook]) {
      if (step === 'conntrack') {
        if (!this.conntrackIn(skb, v, now)) result = { verdict: 'DROP' };
      } else if (step === 'natDst' || step === 'natSrc') {
        result = this.natHook(hook, step === 'natSrc' ? 'SRC' : 'DST', skb, v, now);
      } else if (step === 'confirm') {
        if (skb.ct && !skb.ct.confirmed && !skb.ct.dying && !this.conntrack.insert(skb.ct, now)) {
          env.dropReason = 'nf_conntrack: clash on insert';
          result = { verdict: 'DROP' };
        }
      } else {
        v.ctBits = ctBits(skb);
        result = walk(this.ruleset, step, hook, v, env);
      }
      if (result.verdict !== 'ACCEPT') break;
    }

    skb.traced = env.traced;
    const out: Packet = { ...pkt, src: v.src, dst: v.dst, sport: v.sport, dport: v.dport, mark: v.mark };
    this.skbs.set(out, skb);
    const res: HookResult = {
      verdict: result.verdict,
      packet: out,
      hits: env.hits,
      traced: env.traced,
      logs: env.logs,
      ctState: ctState(skb),
    };
    if (result.rejectWith !== undefined) res.rejectWith = result.rejectWith;
    if (skb.ct) {
      res.direction = skb.dir === 0 ? 'original' : 'reply';
      res.conntrack = skb.ct;
    }
    if (env.dropReason !== undefined) res.dropReason = env.dropReason;
    return res;
  }

  /** The packet's conntrack association: fresh at the hooks where conntrack runs (a looped-back
   *  packet keeps its own), else the one an earlier hook left on this packet object. */
  private skbFor(hook: Hook, pkt: Packet, meta: HookMeta, v: PacketView, now: number): Skb {
    const prev = this.skbs.get(pkt);
    if (hook === 'PREROUTING' || hook === 'OUTPUT') {
      if (prev && hook === 'PREROUTING' && meta.inIface === 'lo') return { ...prev };
      return { ct: null, dir: 0, ctinfo: 'NEW', untracked: false, traced: false };
    }
    if (prev) return { ...prev };
    // A packet object this namespace never saw at PREROUTING/OUTPUT: best effort by tuple.
    const found = this.conntrack.find(tupleKey(v.proto, v.src, v.sport, v.dst, v.dport), now);
    if (!found) return { ct: null, dir: 0, ctinfo: 'NEW', untracked: false, traced: false };
    const ctinfo = found.dir === 1 || found.ct.seenReply ? 'ESTABLISHED' : 'NEW';
    return { ct: found.ct, dir: found.dir, ctinfo, untracked: false, traced: false };
  }

  /** nf_conntrack_in: find or create the connection, run the protocol tracker. */
  private conntrackIn(skb: Skb, v: PacketView, now: number): boolean {
    if (skb.ct || skb.untracked) return true; // looped back: already tracked
    const table = this.conntrack;
    let found = table.find(tupleKey(v.proto, v.src, v.sport, v.dst, v.dport), now);
    for (let attempt = 0; attempt < 2; attempt++) {
      let ct: CtEntry;
      let dir: 0 | 1 = 0;
      const index = v.proto === 'tcp' ? tcpIndex(v.tcpFlags) : TcpIndex.NONE;
      if (!found) {
        if (v.proto === 'tcp' && !tcpCanStart(index, table.sysctl)) return true; // INVALID
        if (v.proto === 'icmp' && !isIcmpRequest(v.dport)) return true;
        if (!table.makeRoom(now)) {
          this.env.dropReason = 'nf_conntrack: table full, dropping packet';
          return false;
        }
        ct = table.create(v.proto, { src: v.src, dst: v.dst, sport: v.sport, dport: v.dport }, now);
        skb.ctinfo = 'NEW';
      } else {
        ct = found.ct;
        dir = found.dir;
        skb.ctinfo = dir === 1 || ct.seenReply ? 'ESTABLISHED' : 'NEW';
      }
      let r: TrackResult;
      switch (v.proto) {
        case 'tcp': r = trackTcp(ct, dir, index, now, table.sysctl); break;
        case 'udp': r = trackUdp(ct, now, table.sysctl); break;
        case 'icmp': r = trackIcmp(ct, now, table.sysctl); break;
        default: r = trackGeneric(ct, now, table.sysctl);
      }
      if (r === 'invalid') return true;
      if (r === 'repeat') {
        table.remove(ct);
        found = undefined;
        continue;
      }
      if (r === 'kill') table.remove(ct);
      if (dir === 1) ct.seenReply = true;
      skb.ct = ct;
      skb.dir = dir;
      return true;
    }
    return true;
  }

  /** nf_nat_inet_fn: nat chains for a new connection's first packet, then the rewrite. */
  private natHook(hook: Hook, manip: Manip, skb: Skb, v: PacketView, now: number): WalkResult {
    const ct = skb.ct;
    if (!ct) return { verdict: 'ACCEPT' };
    // NAT hooks exist once the namespace has a nat table (then at all four NAT hooks).
    const natTable = this.ruleset.tables.get('nat');
    const natHooks = natTable !== undefined && natTable.exists !== false;
    if (natHooks && skb.ctinfo === 'NEW' && !(manip === 'SRC' ? ct.srcNatDone : ct.dstNatDone)) {
      v.ctBits = ctBits(skb);
      this.natCt = ct;
      const r = walk(this.ruleset, 'nat', hook, v, this.env);
      this.natCt = null;
      if (r.verdict !== 'ACCEPT') return r;
      if (!(manip === 'SRC' ? ct.srcNatDone : ct.dstNatDone)) setupNat(this.conntrack, ct, null, manip, this.opts.rng, now);
    }
    if (manipPacket(ct, skb.dir, manip, v)) this.setAddrs(v);
    return { verdict: 'ACCEPT' };
  }

  /** DNAT/SNAT/MASQUERADE: record the binding (the rewrite happens after the nat chain). */
  private natTarget(t: CTarget, v: PacketView): boolean {
    const ct = this.natCt;
    if (!ct) return true; // outside the nat table's first-packet walk: nothing to bind
    const now = this.env.now;
    const rng = this.opts.rng;
    if (t.k === 'DNAT') {
      if (t.range && !ct.dstNatDone) setupNat(this.conntrack, ct, t.range, 'DST', rng, now);
    } else if (t.k === 'SNAT') {
      if (t.range && !ct.srcNatDone) setupNat(this.conntrack, ct, t.range, 'SRC', rng, now);
    } else if (t.k === 'MASQUERADE') {
      const addr = this.opts.ifaceAddress?.(v.outIface, this.ipv6 ? 'ipv6' : 'ipv4');
      const ip6 = this.ipv6 && addr !== undefined ? parseIPv6Words(addr) : null;
      const ip = addr === undefined || this.ipv6 ? -1 : parseIPv4(addr);
      if (ip < 0 && ip6 === null) {
        this.env.dropReason = `MASQUERADE: ${v.outIface || 'interface'} ate my IP address`;
        return false;
      }
      const ports = t.spec.toPorts;
      if (!ct.srcNatDone) {
        setupNat(this.conntrack, ct, {
          mapIps: true, minIp: ip, maxIp: ip, min6: ip6, max6: ip6,
          protoSpecified: ports !== undefined, minPort: ports?.from ?? 0, maxPort: ports?.to ?? 0,
          randomAll: !!t.spec.random || !!t.spec.randomFully, persistent: false,
        }, 'SRC', rng, now);
      }
    }
    return true;
  }

  /** TCP flags when the caller gives none: SYN opens, SYN/ACK answers a SYN, ACK otherwise. */
  private defaultFlags(v: PacketView, now: number): string {
    const found = this.conntrack.find(tupleKey(v.proto, v.src, v.sport, v.dst, v.dport), now);
    if (!found) return 'SYN';
    if (found.dir === 1 && found.ct.tcpState === 'SYN_SENT') return 'SYN,ACK';
    return 'ACK';
  }

  /**
   * The packet's addresses as the match loop reads them: u32 for IPv4; for IPv6 the words,
   * fold6 as the index key, and the text in inet_ntop form (what conntrack and NAT hold).
   */
  private setAddrs(v: PacketView): void {
    if (!this.ipv6) {
      v.srcN = parseIPv4(v.src);
      v.dstN = parseIPv4(v.dst);
      return;
    }
    const s6 = parseIPv6Words(v.src) ?? new Int32Array(4);
    const d6 = parseIPv6Words(v.dst) ?? new Int32Array(4);
    v.src6 = s6;
    v.dst6 = d6;
    v.src = formatIPv6Words(s6);
    v.dst = formatIPv6Words(d6);
    v.srcN = fold6(s6);
    v.dstN = fold6(d6);
  }

  /**
   * xt_addrtype's match_type6: the address class first (MULTICAST, UNICAST, UNSPEC must fit
   * it), then for LOCAL/ANYCAST/UNREACHABLE the route lookup (local routes: ::1 and the
   * namespace's addresses; no anycast or unreachable routes in the simulation).
   */
  private addrTypeMatch6(w: Int32Array, ip: string, mask: number): boolean {
    const multicast = isMulticast6(w);
    const any = isUnspecified6(w);
    if (mask & ADDR_MULTICAST && !multicast) return false;
    if (mask & ADDR_UNICAST && (multicast || any)) return false;
    if (mask & ADDR_UNSPEC && !any) return false;
    if (mask & (ADDR_LOCAL | ADDR_ANYCAST | ADDR_UNREACHABLE)) {
      const local = isLoopback6(w) || this.opts.isLocal(ip);
      return (mask & ADDR_LOCAL) !== 0 && local;
    }
    return true;
  }

  /** inet_addr_type as a bit for -m addrtype. */
  private addrTypeBit(ipN: number, ip: string): number {
    const top = ipN >>> 24;
    if (top === 0 || ipN === 0xffffffff) return ADDR_BROADCAST;
    if (top >>> 4 === 0xe) return ADDR_MULTICAST;
    if (top === 127 || this.opts.isLocal(ip)) return ADDR_LOCAL;
    if (this.opts.isBroadcast?.(ip)) return ADDR_BROADCAST;
    return ADDR_UNICAST;
  }
}

const TCP_FLAG_BITS: [string, number][] = [['FIN', 1], ['SYN', 2], ['RST', 4], ['PSH', 8], ['ACK', 16], ['URG', 32]];

function tcpBits(flags: string): number {
  let bits = 0;
  for (const [name, bit] of TCP_FLAG_BITS) if (flags.includes(name)) bits |= bit;
  return bits;
}

function ctBits(skb: Skb): number {
  if (skb.untracked) return CT_UNTRACKED;
  const ct = skb.ct;
  if (!ct) return CT_INVALID;
  let bits = skb.ctinfo === 'NEW' ? CT_NEW : skb.ctinfo === 'RELATED' ? CT_RELATED : CT_ESTABLISHED;
  if (ct.srcNat) bits |= CT_SNAT;
  if (ct.dstNat) bits |= CT_DNAT;
  return bits;
}

function ctState(skb: Skb): CtState {
  if (skb.untracked) return 'UNTRACKED';
  if (!skb.ct) return 'INVALID';
  return skb.ctinfo;
}
