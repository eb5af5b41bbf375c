// The conntrack table of one namespace: confirmed connections hashed by both tuples, as
// nf_conntrack_hash does, expiring lazily on the virtual clock (an expired entry is gone the
// moment anything looks at it — the kernel's GC only makes that visible sooner).

import type { ConntrackEntry, ConntrackFilter, CtProto, CtTuple, TcpState } from './kernelTypes.ts';
import { defaultSysctl, type ConntrackSysctl } from './sysctl.ts';

/** A connection with the kernel-private state the lookup, NAT and protocol trackers need. */
export class CtEntry implements ConntrackEntry {
  reply: CtTuple;
  tcpState?: TcpState;
  seenReply = false;
  assured = false;
  srcNat = false;
  dstNat = false;
  confirmed = false;
  expires: number;
  mark = 0;
  zone = 0;
  use = 1;
  /** NAT binding already set up for this manip type (IPS_SRC_NAT_DONE / IPS_DST_NAT_DONE). */
  srcNatDone = false;
  dstNatDone = false;
  /** Removed from the table (killed, expired, deleted) while a packet may still hold it. */
  dying = false;
  // TCP tracker memory (ct->proto.tcp): last packet index/direction, who started closing.
  tcpLastIndex = -1;
  tcpLastDir = -1;
  tcpCloseInit = [false, false];
  tcpSimultaneousOpen = false;
  /** UDP: replies after this virtual ms make the flow a stream (2 s after the first packet). */
  udpStreamTs = 0;
  origKey = '';
  replyKey = '';

  constructor(
    readonly id: number,
    readonly proto: CtProto,
    readonly original: CtTuple,
    readonly createdAt: number,
  ) {
    this.reply = invertTuple(proto, original);
    this.expires = createdAt;
  }
}

export function tupleKey(proto: CtProto, src: string, sport: number, dst: string, dport: number): string {
  return `${proto} ${src}:${sport}>${dst}:${dport}`;
}

/** ICMP request types and their replies (nf_conntrack_proto_icmp invmap). */
const ICMP_INVERSE: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };

export function invertTuple(proto: CtProto, t: CtTuple): CtTuple {
  if (proto === 'icmp') return { src: t.dst, dst: t.src, sport: t.sport, dport: ICMP_INVERSE[t.dport] ?? t.dport };
  return { src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

export function isIcmpRequest(type: number): boolean {
  return type === 8 || type === 13 || type === 15 || type === 17;
}

/** Conntrack ids look like the kernel's (a 32-bit hash), but are reproducible: a mixed counter. */
function mixId(seq: number): number {
  let h = Math.imul(seq ^ 0x5bd1e995, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export class ConntrackTable {
  readonly sysctl: ConntrackSysctl;
  private readonly hash = new Map<string, CtEntry>();
  private readonly entries = new Set<CtEntry>();
  /** Source-NATed connections by original source (nf_nat_bysource), for find_appropriate_src. */
  private readonly bySource = new Map<string, Set<CtEntry>>();
  private seq = 0;

  constructor(private readonly clock: () => number, sysctl?: Partial<ConntrackSysctl>) {
    this.sysctl = { ...defaultSysctl(), ...sysctl };
  }

  /** The confirmed, unexpired connection a packet with this tuple belongs to, and its direction. */
  lookup(
    t: { proto: CtProto; src: string; dst: string; sport: number; dport: number },
    now: number = this.clock(),
  ): { entry: ConntrackEntry; direction: 'original' | 'reply' } | undefined {
    const found = this.find(tupleKey(t.proto, t.src, t.sport, t.dst, t.dport), now);
    return found && { entry: found.ct, direction: found.dir === 0 ? 'original' : 'reply' };
  }

  /** Live entries, oldest first (expired ones are dropped on the way). */
  list(now: number = this.clock(), filter?: ConntrackFilter): ConntrackEntry[] {
    const out: ConntrackEntry[] = [];
    for (const ct of this.entries) {
      if (ct.expires <= now) this.remove(ct);
      else if (!filter || matchesFilter(ct, filter)) out.push(ct);
    }
    return out;
  }

  /** `conntrack -C`. */
  count(now: number = this.clock()): number {
    return this.list(now).length;
  }

  /** `conntrack -D …`: deletes the matching entries, returns how many. */
  delete(filter: ConntrackFilter, now: number = this.clock()): number {
    let n = 0;
    for (const ct of this.list(now, filter)) {
      this.remove(ct as CtEntry);
      n++;
    }
    return n;
  }

  /** `conntrack -F`: returns how many entries were removed. */
  flush(): number {
    const n = this.entries.size;
    for (const ct of [...this.entries]) this.remove(ct);
    return n;
  }

  // ---- kernel-internal -------------------------------------------------------------------

  /** Hash lookup by packet tuple key; dir 0 = original, 1 = reply. */
  find(key: string, now: number): { ct: CtEntry; dir: 0 | 1 } | undefined {
    const ct = this.hash.get(key);
    if (!ct) return undefined;
    if (ct.expires <= now) {
      this.remove(ct);
      return undefined;
    }
    return { ct, dir: key === ct.origKey ? 0 : 1 };
  }

  create(proto: CtProto, original: CtTuple, now: number): CtEntry {
    return new CtEntry(mixId(++this.seq), proto, original, now);
  }

  /** Room for one more connection? Like early_drop, evicts the oldest unassured one if full. */
  makeRoom(now: number): boolean {
    if (this.entries.size < this.sysctl.nf_conntrack_max) return true;
    for (const ct of this.entries) {
      if (ct.expires <= now || !ct.assured) {
        this.remove(ct);
        return true;
      }
    }
    return false;
  }

  /** __nf_conntrack_confirm: false when either tuple is already in the table (clash). */
  insert(ct: CtEntry, now: number): boolean {
    const o = ct.original;
    const r = ct.reply;
    ct.origKey = tupleKey(ct.proto, o.src, o.sport, o.dst, o.dport);
    ct.replyKey = tupleKey(ct.proto, r.src, r.sport, r.dst, r.dport);
    if (this.find(ct.origKey, now) || this.find(ct.replyKey, now)) return false;
    this.hash.set(ct.origKey, ct);
    this.hash.set(ct.replyKey, ct);
    this.entries.add(ct);
    ct.confirmed = true;
    if (ct.srcNatDone) {
      const k = sourceKey(ct.proto, o.src, o.sport);
      let set = this.bySource.get(k);
      if (!set) this.bySource.set(k, (set = new Set()));
      set.add(ct);
    }
    return true;
  }

  remove(ct: CtEntry): void {
    ct.dying = true;
    if (!this.entries.delete(ct)) return;
    if (this.hash.get(ct.origKey) === ct) this.hash.delete(ct.origKey);
    if (this.hash.get(ct.replyKey) === ct) this.hash.delete(ct.replyKey);
    const k = sourceKey(ct.proto, ct.original.src, ct.original.sport);
    const set = this.bySource.get(k);
    if (set) {
      set.delete(ct);
      if (set.size === 0) this.bySource.delete(k);
    }
  }

  /** nf_conntrack_tuple_taken: does another live connection already use `t` in either direction? */
  taken(proto: CtProto, t: CtTuple, ignore: CtEntry, now: number): boolean {
    const found = this.find(tupleKey(proto, t.src, t.sport, t.dst, t.dport), now);
    return found !== undefined && found.ct !== ignore;
  }

  /** Confirmed source-NATed connections with this original source address and port. */
  sameSource(proto: CtProto, src: string, sport: number): Iterable<CtEntry> {
    return this.bySource.get(sourceKey(proto, src, sport)) ?? [];
  }
}

function sourceKey(proto: CtProto, src: string, sport: number): string {
  return `${proto} ${src}:${sport}`;
}

export function matchesFilter(ct: ConntrackEntry, f: ConntrackFilter): boolean {
  const o = ct.original;
  const r = ct.reply;
  if (f.proto !== undefined && ct.proto !== f.proto) return false;
  if (f.src !== undefined && o.src !== f.src) return false;
  if (f.dst !== undefined && o.dst !== f.dst) return false;
  if (f.sport !== undefined && o.sport !== f.sport) return false;
  if (f.dport !== undefined && o.dport !== f.dport) return false;
  if (f.replySrc !== undefined && r.src !== f.replySrc) return false;
  if (f.replyDst !== undefined && r.dst !== f.replyDst) return false;
  if (f.replySport !== undefined && r.sport !== f.replySport) return false;
  if (f.replyDport !== undefined && r.dport !== f.replyDport) return false;
  if (f.state !== undefined && ct.tcpState !== f.state) return false;
  if (f.mark !== undefined && ct.mark !== f.mark) return false;
  switch (f.status) {
    case undefined: return true;
    case 'ASSURED': return ct.assured;
    case 'SEEN_REPLY': return ct.seenReply;
    case 'UNREPLIED': return !ct.seenReply;
    case 'SRC_NAT': return ct.srcNat;
    case 'DST_NAT': return ct.dstNat;
  }
}
