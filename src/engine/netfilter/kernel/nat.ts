// NAT bindings (nf_nat_core.c): get_unique_tuple with its port/IP selection, and the packet
// rewrite nf_nat_packet does at every NAT hook from the binding stored in the connection.

import type { Rng } from '../../sim/rng.ts';
import { invertTuple, type ConntrackTable, type CtEntry } from './conntrack.ts';
import { formatIPv4, networkOrderWord, parseIPv4 } from './ipv4.ts';
import { cmp6, formatIPv6Words, parseIPv6Words } from './ipv6.ts';
import type { CtTuple } from './kernelTypes.ts';

export type Manip = 'SRC' | 'DST';

export interface NatRange {
  /** NF_NAT_RANGE_MAP_IPS: an address range was given (else only ports are mapped). */
  mapIps: boolean;
  /** Address range, u32 (min === max for a single address). */
  minIp: number;
  maxIp: number;
  /** IPv6 address range (4 words each; then minIp/maxIp are unused), null for IPv4. */
  min6: Int32Array | null;
  max6: Int32Array | null;
  /** NF_NAT_RANGE_PROTO_SPECIFIED: a port range was given. */
  protoSpecified: boolean;
  minPort: number;
  maxPort: number;
  /** NF_NAT_RANGE_PROTO_RANDOM_ALL (`--random`, `--random-fully`): always pick a random port. */
  randomAll: boolean;
  persistent: boolean;
}

/** NF_NAT_MAX_ATTEMPTS. */
const MAX_ATTEMPTS = 128;

/** nf_nat_setup_info: bind the connection's `manip` side into `range` (null = null binding,
 *  i.e. keep the address, yet still make the tuple unique). */
export function setupNat(table: ConntrackTable, ct: CtEntry, range: NatRange | null, manip: Manip, rng: Rng, now: number): void {
  const curr = invertTuple(ct.proto, ct.reply);
  if (!range) {
    const text = manip === 'SRC' ? ct.reply.dst : ct.reply.src;
    const ip6 = text.includes(':') ? parseIPv6Words(text) : null;
    const ip = ip6 ? 0 : parseIPv4(text);
    range = { mapIps: true, minIp: ip, maxIp: ip, min6: ip6, max6: ip6, protoSpecified: false, minPort: 0, maxPort: 0, randomAll: false, persistent: false };
  }
  const next = uniqueTuple(table, ct, curr, range, manip, rng, now);
  if (!sameTuple(next, curr)) {
    ct.reply = invertTuple(ct.proto, next);
    if (manip === 'SRC') ct.srcNat = true;
    else ct.dstNat = true;
  }
  if (manip === 'SRC') ct.srcNatDone = true;
  else ct.dstNatDone = true;
}

/** nf_nat_packet: rewrite the packet as the binding says, for its direction and the hook's
 *  manip type (replies get the inverse: un-SNAT at DST hooks, un-DNAT at SRC hooks). */
export function manipPacket(ct: CtEntry, dir: 0 | 1, manip: Manip, pkt: { src: string; dst: string; sport: number; dport: number }): boolean {
  const bound = (manip === 'SRC') === (dir === 0) ? ct.srcNat : ct.dstNat;
  if (!bound) return false;
  const target = invertTuple(ct.proto, dir === 0 ? ct.reply : ct.original);
  if (manip === 'SRC') {
    pkt.src = target.src;
    pkt.sport = target.sport;
  } else {
    pkt.dst = target.dst;
    if (ct.proto === 'icmp') pkt.sport = target.sport;
    else pkt.dport = target.dport;
  }
  return true;
}

function sameTuple(a: CtTuple, b: CtTuple): boolean {
  return a.src === b.src && a.dst === b.dst && a.sport === b.sport && a.dport === b.dport;
}

function uniqueTuple(table: ConntrackTable, ct: CtEntry, orig: CtTuple, range: NatRange, manip: Manip, rng: Rng, now: number): CtTuple {
  const used = (t: CtTuple) => table.taken(ct.proto, invertTuple(ct.proto, t), ct, now);
  // 1) Source NAT keeps the original source, or the mapping this source already has.
  if (manip === 'SRC' && !range.randomAll) {
    if (inRange(ct, orig, range, 'SRC')) {
      if (!used(orig)) return orig;
    } else {
      for (const other of table.sameSource(ct.proto, orig.src, orig.sport)) {
        const mapped = invertTuple(ct.proto, other.reply);
        const cand = { src: mapped.src, sport: mapped.sport, dst: orig.dst, dport: orig.dport };
        if (inRange(ct, cand, range, 'SRC')) {
          if (!used(cand)) return cand;
          break;
        }
      }
    }
  }
  // 2) The address: the only one, or a hash of the addresses over the range.
  const tuple = { ...orig };
  bestIp(tuple, range, manip);
  // 3) Keep the port if it is in range and unique, else search for one.
  if (!range.randomAll) {
    if (range.protoSpecified) {
      const port = keyPort(ct, tuple, manip);
      if (port >= range.minPort && port <= range.maxPort && (range.minPort === range.maxPort || !used(tuple))) return tuple;
    } else if (!used(tuple)) {
      return tuple;
    }
  }
  uniquePort(ct, tuple, range, manip, rng, used);
  return tuple;
}

function keyPort(ct: CtEntry, t: CtTuple, manip: Manip): number {
  return ct.proto === 'icmp' || manip === 'SRC' ? t.sport : t.dport;
}

function setKeyPort(ct: CtEntry, t: CtTuple, manip: Manip, port: number): void {
  if (ct.proto === 'icmp' || manip === 'SRC') t.sport = port;
  else t.dport = port;
}

function inRange(ct: CtEntry, t: CtTuple, range: NatRange, manip: Manip): boolean {
  const text = manip === 'SRC' ? t.src : t.dst;
  if (range.mapIps && range.min6 && range.max6) {
    // nf_nat_inet_in_range for IPv6: ipv6_addr_cmp against both ends
    const ip6 = parseIPv6Words(text);
    if (!ip6 || cmp6(ip6, range.min6) < 0 || cmp6(ip6, range.max6) > 0) return false;
  } else {
    const ip = parseIPv4(text);
    if (range.mapIps && (ip < range.minIp || ip > range.maxIp)) return false;
  }
  if (!range.protoSpecified) return true;
  const port = keyPort(ct, t, manip);
  return port >= range.minPort && port <= range.maxPort;
}

/** find_best_ips_proto. */
function bestIp(t: CtTuple, range: NatRange, manip: Manip): void {
  if (!range.mapIps) return;
  if (range.min6 && range.max6) {
    const ip = bestIp6(t, range.min6, range.max6, range.persistent);
    if (manip === 'SRC') t.src = ip;
    else t.dst = ip;
    return;
  }
  if (range.minIp === range.maxIp) {
    if (manip === 'SRC') t.src = formatIPv4(range.minIp);
    else t.dst = formatIPv4(range.minIp);
    return;
  }
  const srcWord = networkOrderWord(parseIPv4(t.src));
  const dstWord = networkOrderWord(parseIPv4(t.dst));
  const j = jhash2([srcWord, 0, 0, 0], range.persistent ? 0 : dstWord);
  const dist = range.maxIp - range.minIp + 1;
  const ip = range.minIp + Number((BigInt(j) * BigInt(dist)) >> 32n);
  if (manip === 'SRC') t.src = formatIPv4(ip);
  else t.dst = formatIPv4(ip);
}

/** be32 word as the kernel reads it from memory on a little-endian machine. */
const le = (w: number): number => networkOrderWord(w >>> 0);

/**
 * find_best_ips_proto for IPv6: jhash2 over the 4 source words, then word by word the address
 * in [min, max] (a word past the first differing one from max takes its full range).
 */
function bestIp6(t: CtTuple, min: Int32Array, max: Int32Array, persistent: boolean): string {
  if (cmp6(min, max) === 0) return formatIPv6Words(min);
  const src = parseIPv6Words(t.src) ?? new Int32Array(4);
  const dst = parseIPv6Words(t.dst) ?? new Int32Array(4);
  const srcLe = [le(src[0]!), le(src[1]!), le(src[2]!), le(src[3]!)];
  let j = jhash2(srcLe, persistent ? 0 : le(dst[3]!));
  const out = new Int32Array(4);
  let fullRange = false;
  for (let i = 0; i < 4; i++) {
    let lo: number;
    let dist: number;
    if (!fullRange) {
      lo = min[i]! >>> 0;
      dist = ((max[i]! >>> 0) - lo + 1) >>> 0;
    } else {
      lo = 0;
      dist = 0xffffffff;
    }
    // reciprocal_scale(j, dist) = (j * dist) >> 32
    out[i] = (lo + Number((BigInt(j) * BigInt(dist)) >> 32n)) | 0;
    if (out[i] !== max[i]) fullRange = true;
    if (!persistent) j = (j ^ le(dst[i]!)) >>> 0;
  }
  return formatIPv6Words(out);
}

/** nf_nat_l4proto_unique_tuple. */
function uniquePort(ct: CtEntry, t: CtTuple, range: NatRange, manip: Manip, rng: Rng, used: (t: CtTuple) => boolean): void {
  let min: number;
  let size: number;
  if (ct.proto === 'icmp' && !range.protoSpecified) {
    min = 0;
    size = 65536;
  } else if (!range.protoSpecified) {
    if (manip === 'DST') return; // a destination port is never changed implicitly
    const port = keyPort(ct, t, manip);
    if (port < 1024) {
      // Loose convention: below 512 is credential passing.
      if (port < 512) { min = 1; size = 511; } else { min = 600; size = 1023 - 600 + 1; }
    } else {
      min = 1024;
      size = 65535 - 1024 + 1;
    }
  } else {
    min = Math.min(range.minPort, range.maxPort);
    size = Math.abs(range.maxPort - range.minPort) + 1;
  }
  const random16 = () => Math.floor(rng.next() * 65536);
  let off = range.randomAll || manip !== 'DST' ? random16() : 0;
  let attempts = Math.min(size, MAX_ATTEMPTS);
  for (;;) {
    for (let i = 0; i < attempts; i++, off = (off + 1) & 0xffff) {
      setKeyPort(ct, t, manip, min + (off % size));
      if (!used(t)) return;
    }
    if (attempts >= size || attempts < 16) return;
    attempts = Math.floor(attempts / 2);
    off = random16();
  }
}

function rol32(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The kernel's jhash2 (Bob Jenkins' lookup3) over u32 words. */
export function jhash2(k: number[], initval: number): number {
  let a = (0xdeadbeef + (k.length << 2) + initval) >>> 0;
  let b = a;
  let c = a;
  let i = 0;
  let len = k.length;
  while (len > 3) {
    a = (a + k[i]!) >>> 0; b = (b + k[i + 1]!) >>> 0; c = (c + k[i + 2]!) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rol32(c, 4)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rol32(a, 6)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rol32(b, 8)) >>> 0; b = (b + a) >>> 0;
    a = (a - c) >>> 0; a = (a ^ rol32(c, 16)) >>> 0; c = (c + b) >>> 0;
    b = (b - a) >>> 0; b = (b ^ rol32(a, 19)) >>> 0; a = (a + c) >>> 0;
    c = (c - b) >>> 0; c = (c ^ rol32(b, 4)) >>> 0; b = (b + a) >>> 0;
    len -= 3;
    i += 3;
  }
  if (len === 0) return c;
  if (len === 3) c = (c + k[i + 2]!) >>> 0;
  if (len >= 2) b = (b + k[i + 1]!) >>> 0;
  a = (a + k[i]!) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rol32(b, 14)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rol32(c, 11)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rol32(a, 25)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rol32(b, 16)) >>> 0;
  a = (a ^ c) >>> 0; a = (a - rol32(c, 4)) >>> 0;
  b = (b ^ a) >>> 0; b = (b - rol32(a, 14)) >>> 0;
  c = (c ^ b) >>> 0; c = (c - rol32(b, 24)) >>> 0;
  return c;
}
