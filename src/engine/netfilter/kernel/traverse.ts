// One table's walk for one hook (ipt_do_table): rules in order, jumps with a return stack,
// goto without one, RETURN/implicit return, the built-in chain's policy when the walk falls
// off with an empty stack. Matching works on a mutable packet view and allocates nothing
// unless a rule matches.

import type { Rng } from '../../sim/rng.ts';
import type { Chain, Counters, Ruleset, TableName } from '../types.ts';
import { chainCode, nextCandidate, type CMatch, type CompiledRule, type CTarget, type DstIndex } from './compile.ts';
import { formatIPv4 } from './ipv4.ts';
import { formatIPv6Words, inNet6 } from './ipv6.ts';
import type { RecentLists } from './recent.ts';
import type { RuleHit, Verdict } from './kernelTypes.ts';

/** The packet as rules see it during one hook; NAT/MARK write back into it. */
export interface PacketView {
  src: string;
  dst: string;
  /** IPv4: the addresses as u32. IPv6: fold6 of the words (the destination index key). */
  srcN: number;
  dstN: number;
  /** IPv6 packets (ipv6 kernel): the addresses as 4 words; null for IPv4. */
  src6: Int32Array | null;
  dst6: Int32Array | null;
  proto: 'tcp' | 'udp' | 'sctp' | 'icmp';
  sport: number;
  dport: number;
  length: number;
  mark: number;
  tcpFlags: string;
  /** TCP flag bits (FIN=1 SYN=2 RST=4 PSH=8 ACK=16 URG=32) for --tcp-flags. */
  tcpBits: number;
  inIface: string;
  outIface: string;
  /** CT_* bits for -m conntrack / -m state. */
  ctBits: number;
}

/** What the walk needs from the kernel. */
export interface WalkEnv {
  rng: Rng;
  now: number;
  recent: RecentLists;
  nfacct: Map<string, Counters>;
  addrTypeBit(ipN: number, ip: string): number;
  /** IPv6 -m addrtype: does the address fit the type mask (match_type6)? */
  addrTypeMatch6(w: Int32Array, ip: string, mask: number): boolean;
  /** Set up the NAT binding a DNAT/SNAT/MASQUERADE target asks for; false = drop. */
  nat(target: CTarget, v: PacketView): boolean;
  formatRule: (rule: CompiledRule['rule']) => string;
  hits: RuleHit[];
  logs: string[];
  traced: boolean;
  dropReason?: string;
}

export interface WalkResult {
  verdict: Verdict;
  rejectWith?: string;
}

const ACCEPTED: WalkResult = { verdict: 'ACCEPT' };
const DROPPED: WalkResult = { verdict: 'DROP' };
const MAX_DEPTH = 1024;

export function walk(rs: Ruleset, tableName: TableName, hook: string, v: PacketView, env: WalkEnv): WalkResult {
  const table = rs.tables.get(tableName);
  const base = table?.chains.get(hook);
  // nf_tables creates tables and base chains lazily: what was never written to has no hook.
  if (!table || !base || table.exists === false || base.absent) return ACCEPTED;
  const stackChains: Chain[] = [];
  const stackNext: number[] = [];
  let chain = base;
  let code = chainCode(chain);
  let rules = code.rules;
  let index: DstIndex | null = code.index ?? null;
  let i = 0;
  // Rules that test another destination address are skipped (see DstIndex); dst does not
  // change during a walk (NAT rewrites the packet after it).
  const dst = v.dstN | 0;
  const ipv6 = v.src6 !== null;
  for (;;) {
    if (index !== null && i < rules.length) i = nextCandidate(index, i, dst);
    if (i >= rules.length) {
      // End of chain: implicit RETURN for user chains, the policy for an empty stack.
      if (chain !== base) env.hits.push({ table: tableName, chain: chain.name, ruleNumber: rules.length + 1, rule: '', type: 'return' });
      if (stackChains.length === 0) return policy(base, tableName, v, env);
      chain = stackChains.pop()!;
      i = stackNext.pop()!;
      code = chainCode(chain);
      rules = code.rules;
      index = code.index ?? null;
      continue;
    }
    const c = rules[i]!;
    if (!(ipv6 ? matches6(c, v, env) : matches(c, v, env))) {
      i++;
      continue;
    }
    const counters = c.rule.counters;
    counters.packets++;
    counters.bytes += v.length;
    const t = c.target;
    const hit: RuleHit = { table: tableName, chain: chain.name, ruleNumber: i + 1, rule: c.text ??= env.formatRule(c.rule), type: 'rule' };
    env.hits.push(hit);
    switch (t.k) {
      case 'NONE':
        i++;
        continue;
      case 'ACCEPT':
        hit.verdict = 'ACCEPT';
        return ACCEPTED;
      case 'DROP':
        hit.verdict = 'DROP';
        return DROPPED;
      case 'REJECT':
        hit.verdict = 'REJECT';
        return { verdict: 'REJECT', rejectWith: t.with };
      case 'RETURN':
        hit.verdict = 'RETURN';
        if (stackChains.length === 0) return policy(base, tableName, v, env);
        chain = stackChains.pop()!;
        i = stackNext.pop()!;
        code = chainCode(chain);
        rules = code.rules;
        index = code.index ?? null;
        continue;
      case 'jump':
      case 'goto': {
        const target = t.spec.chain;
        hit.verdict = `${t.k} ${target}`;
        const next = table.chains.get(target);
        if (!next || stackChains.length >= MAX_DEPTH) {
          i++; // iptables refuses such rulesets; never reached with a loaded one
          continue;
        }
        if (t.k === 'jump') {
          stackChains.push(chain);
          stackNext.push(i + 1);
        }
        chain = next;
        code = chainCode(chain);
        rules = code.rules;
        index = code.index ?? null;
        i = 0;
        continue;
      }
      case 'DNAT': case 'SNAT': case 'MASQUERADE':
        hit.verdict = t.k;
        return env.nat(t, v) ? ACCEPTED : DROPPED;
      case 'MARK':
        hit.verdict = 'MARK';
        v.mark = ((v.mark & ~t.mask) ^ t.value) >>> 0;
        i++;
        continue;
      case 'LOG':
        hit.verdict = 'LOG';
        env.logs.push(logLine(t.prefix, v));
        i++;
        continue;
      case 'TRACE':
        hit.verdict = 'TRACE';
        env.traced = true;
        i++;
        continue;
    }
  }
}

function policy(base: Chain, table: TableName, v: PacketView, env: WalkEnv): WalkResult {
  const p = base.policy ?? 'ACCEPT';
  // nf_tables base chains count policy hits only when created with counters.
  if (base.policyCounters !== false) {
    base.counters.packets++;
    base.counters.bytes += v.length;
  }
  env.hits.push({ table, chain: base.name, ruleNumber: base.rules.length + 1, rule: '', verdict: p, type: 'policy' });
  return p === 'DROP' ? DROPPED : ACCEPTED;
}

function ifaceOk(name: string, pattern: string, prefix: boolean): boolean {
  return prefix ? name.startsWith(pattern) : name === pattern;
}

export function matches(c: CompiledRule, v: PacketView, env: WalkEnv): boolean {
  if (((v.srcN & c.srcMask) !== c.srcNet) !== c.srcInv) return false;
  if (((v.dstN & c.dstMask) !== c.dstNet) !== c.dstInv) return false;
  if (c.inName !== null && ifaceOk(v.inIface, c.inName, c.inPrefix) === c.inInv) return false;
  if (c.outName !== null && ifaceOk(v.outIface, c.outName, c.outPrefix) === c.outInv) return false;
  if (c.proto !== null && (v.proto === c.proto) === c.protoInv) return false;
  if (c.fragment && !c.fragmentInv) return false;
  const ms = c.matches;
  for (let j = 0; j < ms.length; j++) if (!matchOne(ms[j]!, v, env)) return false;
  return true;
}

/** An IPv6 packet: the 128-bit -s/-d tests, then everything else as for IPv4 (whose u32
 *  address tests always pass for an IPv6 rule, see CompiledRule.src6). */
export function matches6(c: CompiledRule, v: PacketView, env: WalkEnv): boolean {
  if (c.src6 !== null && inNet6(v.src6!, c.src6) === c.src6Inv) return false;
  if (c.dst6 !== null && inNet6(v.dst6!, c.dst6) === c.dst6Inv) return false;
  return matches(c, v, env);
}

function inPort(p: number, from: number, to: number): boolean {
  return p >= from && p <= to;
}

function matchOne(m: CMatch, v: PacketView, env: WalkEnv): boolean {
  switch (m.k) {
    case 'l4':
      if (v.proto !== m.proto) return false;
      if (m.sp && inPort(v.sport, m.spFrom, m.spTo) === m.spInv) return false;
      if (m.dp && inPort(v.dport, m.dpFrom, m.dpTo) === m.dpInv) return false;
      if (m.flagMask >= 0 && ((v.tcpBits & m.flagMask) === m.flagCmp) === m.flagInv) return false;
      if (m.option && !m.optionInv) return false;
      return true;
    case 'multiport': {
      if (v.proto === 'icmp') return false;
      const r = m.ranges;
      for (let j = 0; j < r.length; j += 2) {
        if ((m.src && inPort(v.sport, r[j]!, r[j + 1]!)) || (m.dst && inPort(v.dport, r[j]!, r[j + 1]!))) return !m.inv;
      }
      return m.inv;
    }
    case 'random':
      // xt_statistic: (prandom_u32() & 0x7FFFFFFF) < probability
      return ((Math.floor(env.rng.next() * 4294967296) & 0x7fffffff) < m.threshold) !== m.inv;
    case 'nth':
      m.count = m.count === m.every ? 0 : m.count + 1;
      return (m.count === 0) !== m.inv;
    case 'mark':
      return (((v.mark & m.mask) >>> 0) === m.value) !== m.inv;
    case 'addrtype':
      if (v.src6 !== null) {
        if (m.src && env.addrTypeMatch6(v.src6, v.src, m.src) === m.srcInv) return false;
        if (m.dst && env.addrTypeMatch6(v.dst6!, v.dst, m.dst) === m.dstInv) return false;
        return true;
      }
      if (m.src && ((env.addrTypeBit(v.srcN, v.src) & m.src) !== 0) === m.srcInv) return false;
      if (m.dst && ((env.addrTypeBit(v.dstN, v.dst) & m.dst) !== 0) === m.dstInv) return false;
      return true;
    case 'ctstate':
      return ((v.ctBits & m.mask) !== 0) !== m.inv;
    case 'recent': {
      const s = m.spec;
      const ipN = s.side === 'rdest' ? v.dstN : v.srcN;
      const w6 = s.side === 'rdest' ? v.dst6 : v.src6;
      const ip = w6 !== null
        ? (m.mask6 === null ? (s.side === 'rdest' ? v.dst : v.src) : formatIPv6Words(w6.map((x, k) => x & m.mask6![k]!)))
        : m.maskN === -1 || m.maskN === 0xffffffff ? (s.side === 'rdest' ? v.dst : v.src) : formatIPv4((ipN & m.maskN) >>> 0);
      return env.recent.check(s.name, ip, s.command, s.seconds ?? 0, s.hitcount ?? 0, !!s.reap, s.invert, env.now);
    }
    case 'nfacct': {
      const acct = env.nfacct.get(m.name);
      if (acct) {
        acct.packets++;
        acct.bytes += v.length;
      }
      return true;
    }
    case 'never':
      return false;
  }
}

/** nf_log_ip's (nf_log_ipv6's) line for what the simulation knows of the packet (no MAC, TTL/HOPLIMIT, ID, SEQ). */
function logLine(prefix: string, v: PacketView): string {
  const proto = v.src6 !== null && v.proto === 'icmp' ? 'ICMPv6' : v.proto.toUpperCase();
  let s = `${prefix}IN=${v.inIface} OUT=${v.outIface} SRC=${v.src} DST=${v.dst} LEN=${v.length} PROTO=${proto}`;
  if (v.proto === 'icmp') return `${s} TYPE=${v.dport} CODE=0 ID=${v.sport}`;
  s += ` SPT=${v.sport} DPT=${v.dport}`;
  if (v.proto === 'tcp' && v.tcpFlags) s += ` ${v.tcpFlags.split(',').join(' ')}`;
  return s;
}
