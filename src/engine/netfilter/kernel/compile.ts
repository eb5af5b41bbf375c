// Rules pre-compiled for the match loop: addresses as u32 network/mask pairs (IPv6: four
// words each, see ipv6.ts), interface
// patterns split, modules reduced to flat objects. A compiled rule is cached per Rule object
// (rules are treated as immutable apart from their counters; a changed rule is a new object),
// and per-rule match state (`--mode nth` counters) lives with it, as in the kernel.

import type { Chain, MatchSpec, Rule, TargetSpec } from '../types.ts';
import { parseIPv4, prefixMask } from './ipv4.ts';
import { fold6, parseIPv6Words, prefixWords } from './ipv6.ts';
import type { NatRange } from './nat.ts';

/** Conntrack state bits (xt_conntrack's XT_CONNTRACK_STATE_*). */
export const CT_INVALID = 1, CT_ESTABLISHED = 2, CT_RELATED = 4, CT_NEW = 8, CT_UNTRACKED = 256, CT_SNAT = 512, CT_DNAT = 1024;
const STATE_BITS: Record<string, number> = {
  INVALID: CT_INVALID, ESTABLISHED: CT_ESTABLISHED, RELATED: CT_RELATED, NEW: CT_NEW,
  UNTRACKED: CT_UNTRACKED, SNAT: CT_SNAT, DNAT: CT_DNAT,
};

/** Address types (RTN_*) as bits, for -m addrtype. */
export const ADDR_TYPES = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE'];
function typeMask(types: string): number {
  let m = 0;
  for (const t of types.split(',')) {
    const i = ADDR_TYPES.indexOf(t.trim().toUpperCase());
    if (i >= 0) m |= 1 << i;
  }
  return m;
}

export type CMatch =
  | {
      k: 'l4'; proto: string; sp: boolean; spFrom: number; spTo: number; spInv: boolean; dp: boolean; dpFrom: number; dpTo: number; dpInv: boolean;
      /** --tcp-flags mask/comp (-1 = none); --tcp-option (the simulation's segments carry no options). */
      flagMask: number; flagCmp: number; flagInv: boolean; option: boolean; optionInv: boolean;
    }
  | { k: 'multiport'; src: boolean; dst: boolean; ranges: number[]; inv: boolean }
  | { k: 'random'; threshold: number; inv: boolean }
  | { k: 'nth'; every: number; count: number; inv: boolean }
  | { k: 'mark'; value: number; mask: number; inv: boolean }
  | { k: 'addrtype'; src: number; srcInv: boolean; dst: number; dstInv: boolean }
  | { k: 'ctstate'; mask: number; inv: boolean }
  /** maskN: the IPv4 mask (-1: not an IPv4 one); mask6: an IPv6 mask that is not all ones. */
  | { k: 'recent'; spec: Extract<MatchSpec, { module: 'recent' }>; maskN: number; mask6: Int32Array | null }
  | { k: 'nfacct'; name: string }
  | { k: 'never' };

export type CTarget =
  | { k: 'ACCEPT' | 'DROP' | 'RETURN' | 'TRACE' | 'NONE' }
  /** The chain name is read from the rule's own target at every jump (a rename rewrites it). */
  | { k: 'jump' | 'goto'; spec: { chain: string } }
  | { k: 'REJECT'; with: string }
  | { k: 'DNAT' | 'SNAT'; range: NatRange | null }
  | { k: 'MASQUERADE'; spec: Extract<TargetSpec, { kind: 'MASQUERADE' }> }
  | { k: 'MARK'; value: number; mask: number }
  | { k: 'LOG'; prefix: string };

export interface CompiledRule {
  readonly rule: Rule;
  srcNet: number; srcMask: number; srcInv: boolean;
  dstNet: number; dstMask: number; dstInv: boolean;
  /**
   * IPv6 rules: net words then mask words (null: no -s/-d), tested by matches6(). Their u32
   * fields above then always pass, except that a /128 destination keeps dstNet = fold6(address),
   * dstMask = -1 so the destination index works for both families.
   */
  src6: Int32Array | null; src6Inv: boolean;
  dst6: Int32Array | null; dst6Inv: boolean;
  /** Interface pattern ('' + prefix = any), or null for no -i/-o. */
  inName: string | null; inPrefix: boolean; inInv: boolean;
  outName: string | null; outPrefix: boolean; outInv: boolean;
  proto: string | null; protoInv: boolean;
  /** `-f`: only second and later fragments, which the simulation never has. */
  fragment: boolean; fragmentInv: boolean;
  matches: CMatch[];
  target: CTarget;
  /** iptables-save text, formatted on first hit. */
  text?: string;
}

const PROTO_NUMBERS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '132': 'sctp', '0': 'all' };

/**
 * A long chain's rules that test a single destination address (`-d a.b.c.d/32`, not inverted),
 * by that address: a rule like that cannot match a packet to another address, and testing it
 * has no effect (the address is checked before any match module runs). The walk goes straight
 * to the next rule that can match; the rule numbers it reports, counters and match state come
 * out as from testing every rule in turn, as the kernel does (kube-proxy's KUBE-SERVICES holds
 * one such rule per service port).
 */
export interface DstIndex {
  /** free[i]: the first rule at or after i that is not indexed (rules.length if none). */
  free: Int32Array;
  /** destination (as a signed 32-bit number) → the indexed rules testing it, ascending */
  byDst: Map<number, number[]>;
}

/** A chain ready for the walk. */
export interface ChainCode {
  rules: CompiledRule[];
  /** null: too short to be worth an index; undefined: not built since the last change */
  index: DstIndex | null | undefined;
}

const INDEX_FROM = 32;

const ruleCache = new WeakMap<Rule, CompiledRule>();
/** `src`: the rule array the code was last checked against (see chainCode). */
const chainCache = new WeakMap<Chain, ChainCode & { src: Rule[] | null }>();

export function compiled(rule: Rule): CompiledRule {
  let c = ruleCache.get(rule);
  if (!c) ruleCache.set(rule, (c = compileRule(rule)));
  return c;
}

/** The compiled rules of a chain, refreshed where the chain's rule array changed. */
export function compiledChain(chain: Chain): CompiledRule[] {
  return chainCode(chain).rules;
}

/** The compiled rules of a chain and its destination index, refreshed where the rules changed. */
export function chainCode(chain: Chain): ChainCode {
  let code = chainCache.get(chain);
  if (!code) chainCache.set(chain, (code = { rules: [], index: undefined, src: null }));
  const arr = code.rules;
  const rules = chain.rules;
  // Transactions copy a chain's rule array before changing it (copy on write; chainGraph.ts
  // relies on the same): the same array at the same length holds the same rules, so a walk
  // entering a 20,000-rule KUBE-SERVICES does not compare every rule again.
  if (code.src === rules && arr.length === rules.length && code.index !== undefined) return code;
  code.src = rules;
  if (arr.length !== rules.length) {
    arr.length = rules.length;
    code.index = undefined;
  }
  for (let i = 0; i < rules.length; i++) {
    const c = arr[i];
    if (c === undefined || c.rule !== rules[i]) {
      arr[i] = compiled(rules[i]!);
      code.index = undefined;
    }
  }
  if (code.index === undefined) code.index = arr.length < INDEX_FROM ? null : buildIndex(arr);
  return code;
}

const indexed = (c: CompiledRule): boolean => c.dstMask === -1 && !c.dstInv;

function buildIndex(rules: CompiledRule[]): DstIndex {
  const n = rules.length;
  const free = new Int32Array(n + 1);
  free[n] = n;
  for (let i = n - 1; i >= 0; i--) free[i] = indexed(rules[i]!) ? free[i + 1]! : i;
  const byDst = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = rules[i]!;
    if (!indexed(c)) continue;
    const list = byDst.get(c.dstNet);
    if (list) list.push(i);
    else byDst.set(c.dstNet, [i]);
  }
  return { free, byDst };
}

/** The first rule at or after `i` that a packet to `dst` (signed 32-bit; fold6 for IPv6) can match. */
export function nextCandidate(index: DstIndex, i: number, dst: number): number {
  const f = index.free[i]!;
  const list = index.byDst.get(dst);
  if (list === undefined) return f;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length && list[lo]! < f ? list[lo]! : f;
}

function compileRule(rule: Rule): CompiledRule {
  const src6 = addr6(rule.source);
  const dst6 = addr6(rule.destination);
  const src = src6 ? NO_ADDR : addr(rule.source);
  const dst = dst6 ? (dst6.inv || dst6.prefix !== 128 ? NO_ADDR : { net: fold6(dst6.w), mask: -1, inv: false }) : addr(rule.destination);
  const inI = iface(rule.inInterface);
  const outI = iface(rule.outInterface);
  let proto: string | null = null;
  if (rule.protocol) {
    const name = rule.protocol.name.toLowerCase();
    const p = PROTO_NUMBERS[name] ?? name;
    proto = p === 'all' ? null : p;
  }
  const matches: CMatch[] = [];
  for (const m of rule.matches) {
    const cm = compileMatch(m);
    if (cm) matches.push(cm);
  }
  return {
    rule,
    srcNet: src.net, srcMask: src.mask, srcInv: src.inv,
    dstNet: dst.net, dstMask: dst.mask, dstInv: dst.inv,
    src6: src6?.w ?? null, src6Inv: src6?.inv ?? false,
    dst6: dst6?.w ?? null, dst6Inv: dst6?.inv ?? false,
    inName: inI.name, inPrefix: inI.prefix, inInv: inI.inv,
    outName: outI.name, outPrefix: outI.prefix, outInv: outI.inv,
    proto, protoInv: proto !== null && rule.protocol!.invert,
    fragment: rule.fragment !== undefined, fragmentInv: rule.fragment?.invert ?? false,
    matches,
    target: compileTarget(rule.target),
    text: undefined, // present from the start: one object shape for the match loop
  };
}

const NO_ADDR = { net: 0, mask: 0, inv: false };

/** An IPv6 -s/-d as net words + mask words; null for none or an IPv4 one. */
function addr6(a: Rule['source']): { w: Int32Array; inv: boolean; prefix: number } | null {
  if (!a || !a.network.includes(':')) return null;
  const net = parseIPv6Words(a.network) ?? new Int32Array(4);
  const mask = a.mask !== undefined ? (parseIPv6Words(a.mask) ?? new Int32Array(4)) : prefixWords(a.prefix);
  const w = new Int32Array(8);
  for (let i = 0; i < 4; i++) {
    w[i] = net[i]! & mask[i]!;
    w[i + 4] = mask[i]!;
  }
  return { w, inv: a.invert, prefix: a.prefix };
}

function addr(a: Rule['source']): { net: number; mask: number; inv: boolean } {
  if (!a) return { net: 0, mask: 0, inv: false };
  const mask = (a.mask !== undefined ? parseIPv4(a.mask) : prefixMask(a.prefix)) | 0;
  return { net: parseIPv4(a.network) & mask, mask, inv: a.invert };
}

function iface(i: Rule['inInterface']): { name: string | null; prefix: boolean; inv: boolean } {
  if (!i) return { name: null, prefix: false, inv: false };
  const prefix = i.name.endsWith('+');
  return { name: prefix ? i.name.slice(0, -1) : i.name, prefix, inv: i.invert };
}

function compileMatch(m: MatchSpec): CMatch | undefined {
  switch (m.module) {
    case 'comment':
      return undefined; // always matches
    case 'tcp': case 'udp': case 'sctp':
      return {
        k: 'l4', proto: m.module,
        sp: m.sport !== undefined, spFrom: m.sport?.from ?? 0, spTo: m.sport?.to ?? 0, spInv: m.sport?.invert ?? false,
        dp: m.dport !== undefined, dpFrom: m.dport?.from ?? 0, dpTo: m.dport?.to ?? 0, dpInv: m.dport?.invert ?? false,
        flagMask: m.module === 'tcp' && m.flags ? m.flags.mask : -1,
        flagCmp: m.module === 'tcp' && m.flags ? m.flags.cmp : 0,
        flagInv: m.module === 'tcp' && m.flags ? m.flags.invert : false,
        option: m.module === 'tcp' && m.option !== undefined,
        optionInv: m.module === 'tcp' && m.option ? m.option.invert : false,
      };
    case 'multiport': {
      const ranges: number[] = [];
      for (const p of m.ports) ranges.push(p.from, p.to);
      return { k: 'multiport', src: m.kind !== 'dports', dst: m.kind !== 'sports', ranges, inv: m.invert };
    }
    case 'statistic':
      if (m.mode === 'random') return { k: 'random', threshold: m.probability, inv: m.invert };
      // The kernel keeps every-1 and starts the counter at every-1-packet: packet k (from 1)
      // matches when (k-1) % every == packet.
      return { k: 'nth', every: m.every - 1, count: m.every - 1 - m.packet, inv: m.invert };
    case 'mark':
      return { k: 'mark', value: m.value >>> 0, mask: m.mask >>> 0, inv: m.invert };
    case 'addrtype':
      return {
        k: 'addrtype',
        src: m.srcType ? typeMask(m.srcType.type) : 0, srcInv: m.srcType?.invert ?? false,
        dst: m.dstType ? typeMask(m.dstType.type) : 0, dstInv: m.dstType?.invert ?? false,
      };
    case 'conntrack':
      if (!m.ctstate) return undefined;
      return { k: 'ctstate', mask: stateMask(m.ctstate.states), inv: m.ctstate.invert };
    case 'state':
      return { k: 'ctstate', mask: stateMask(m.states), inv: m.invert };
    case 'recent': {
      const m6 = m.mask.includes(':') ? parseIPv6Words(m.mask) : null;
      const full6 = m6 !== null && m6.every((x) => x === -1);
      return { k: 'recent', spec: m, maskN: parseIPv4(m.mask || '255.255.255.255'), mask6: full6 ? null : m6 };
    }
    case 'nfacct':
      return { k: 'nfacct', name: m.name };
    case 'physdev':
      return { k: 'never' };
  }
}

function stateMask(states: string[]): number {
  let mask = 0;
  for (const s of states) mask |= STATE_BITS[s.toUpperCase()] ?? 0;
  return mask;
}

function compileTarget(t: TargetSpec | undefined): CTarget {
  if (!t) return { k: 'NONE' };
  switch (t.kind) {
    case 'ACCEPT': case 'DROP': case 'RETURN': case 'TRACE':
      return { k: t.kind };
    case 'jump': case 'goto':
      return { k: t.kind, spec: t };
    case 'REJECT':
      return { k: 'REJECT', with: t.with };
    case 'DNAT':
      return { k: 'DNAT', range: natRange(t.toIp, t.toPort, !!t.random, !!t.persistent) };
    case 'SNAT':
      return { k: 'SNAT', range: natRange(t.toIp, t.toPort, !!t.random || !!t.randomFully, !!t.persistent) };
    case 'MASQUERADE':
      return { k: 'MASQUERADE', spec: t };
    case 'MARK':
      return { k: 'MARK', value: t.value >>> 0, mask: t.mask >>> 0 };
    case 'LOG':
      return { k: 'LOG', prefix: t.prefix ?? '' };
  }
}

/** `--to-destination [a[-b]][:p[-q]]` as the kernel's range; null when the address is unusable. */
export function natRange(toIp: string, toPort: { from: number; to: number } | undefined, randomAll: boolean, persistent: boolean): NatRange | null {
  const [lo, hi] = toIp.split('-');
  if (toIp.includes(':')) {
    // IPv6: the kernel keeps min and max as given (ip6tables prints "[b-a]" back unsorted)
    const min6 = parseIPv6Words(lo ?? '');
    const max6 = hi === undefined ? min6 : parseIPv6Words(hi);
    if (!min6 || !max6) return null;
    return {
      mapIps: true, minIp: 0, maxIp: 0, min6, max6,
      protoSpecified: toPort !== undefined, minPort: toPort?.from ?? 0, maxPort: toPort?.to ?? 0,
      randomAll, persistent,
    };
  }
  const minIp = toIp === '' ? 0 : parseIPv4(lo ?? '');
  const maxIp = hi === undefined ? minIp : parseIPv4(hi);
  if (minIp < 0 || maxIp < 0) return null;
  return {
    mapIps: toIp !== '',
    minIp: Math.min(minIp, maxIp), maxIp: Math.max(minIp, maxIp), min6: null, max6: null,
    protoSpecified: toPort !== undefined, minPort: toPort?.from ?? 0, maxPort: toPort?.to ?? 0,
    randomAll, persistent,
  };
}
