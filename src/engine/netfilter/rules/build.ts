// From a parsed command to normalised rules: ipv4_post_parse() (addresses, one rule per
// source × destination pair), the remaining do_parse() checks, and the nf_tables encoding
// (nft_rule_new): tcp/udp port matches become native payload expressions that the kernel
// hands back merged into one match, TRACE becomes `meta nftrace`.
import type { AddrMatch, Family, MatchSpec, Rule, TargetSpec } from '../types.ts';
import { paramError } from './errors.ts';
import { CMD, OPT, genericOptCheck, type ParsedCommand } from './command.ts';
import { maskToPrefix, parseAddrList, ipToString, type AddrMask } from './ipv4.ts';
import { formatIPv6, maskToPrefix6, parseAddrList6, type AddrMask6 } from './ipv6.ts';
import { protocolName } from './names.ts';
import { defaultRejectWith } from './targets.ts';

/** Rules are plain data (no Maps, no functions). */
export const deepCopy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

const RULE_CMDS = CMD.REPLACE | CMD.INSERT | CMD.DELETE | CMD.APPEND | CMD.CHECK;

/** One `-s`/`-d` network as parsed: u32 pair (iptables) or 128-bit pair (ip6tables, bigint). */
export type ParsedAddr = AddrMask | AddrMask6;

export interface Addresses {
  src: ParsedAddr[];
  dst: ParsedAddr[];
}

const ANY: ParsedAddr = { addr: 0, mask: 0 };
/** 0/0: the rule gets no address match unless inverted (0 and 0n alike). */
const isAny = (a: ParsedAddr): boolean => (a.addr === 0 || a.addr === 0n) && (a.mask === 0 || a.mask === 0n);

const parsedList = (host: string, family: Family): ParsedAddr[] => (family === 'ipv6' ? parseAddrList6(host) : parseAddrList(host));

/** ipv4_post_parse() / ipv6_post_parse() plus the checks that follow it in do_parse(). */
export function postParse(p: ParsedCommand, family: Family = 'ipv4'): Addresses {
  let shost = p.shost;
  let dhost = p.dhost;
  if (p.command & RULE_CMDS) {
    const any = family === 'ipv6' ? '::/0' : '0.0.0.0/0';
    if (!(p.options & OPT.DESTINATION)) dhost = any;
    if (!(p.options & OPT.SOURCE)) shost = any;
  }
  const src = shost !== undefined ? parsedList(shost, family) : [];
  const dst = dhost !== undefined ? parsedList(dhost, family) : [];
  if ((src.length > 1 || dst.length > 1) && (p.invflags.has('s') || p.invflags.has('d')))
    throw paramError('! not allowed with multiple source or destination IP addresses');
  if (p.command === CMD.REPLACE && (src.length !== 1 || dst.length !== 1))
    throw paramError('Replacement rule does not specify a unique address');
  genericOptCheck(p.command, p.options);
  if (p.chain !== undefined && p.chain.length >= 29)
    throw paramError(`chain name \`${p.chain}' too long (must be under 29 chars)`);
  if (p.command & (CMD.APPEND | CMD.DELETE | CMD.DELETE_NUM | CMD.CHECK | CMD.INSERT | CMD.REPLACE)) {
    if ((p.chain === 'PREROUTING' || p.chain === 'INPUT') && p.options & OPT.VIANAMEOUT)
      throw paramError(`Can't use -o with ${p.chain}\n`);
    if ((p.chain === 'POSTROUTING' || p.chain === 'OUTPUT') && p.options & OPT.VIANAMEIN)
      throw paramError(`Can't use -i with ${p.chain}\n`);
  }
  return { src, dst };
}

function addrMatch(a: ParsedAddr, invert: boolean): AddrMatch {
  if (typeof a.addr === 'bigint') {
    // ip6tables-save prints the network with inet_ntop and a /prefix (NF-1)
    const m6 = a.mask as bigint;
    const prefix = maskToPrefix6(m6);
    return { network: formatIPv6(a.addr), prefix, invert, ...(prefix < 0 ? { mask: formatIPv6(m6) } : {}) };
  }
  const addr = a.addr;
  const mask = a.mask as number;
  const prefix = maskToPrefix(mask);
  return { network: ipToString(addr), prefix, invert, ...(prefix < 0 ? { mask: ipToString(mask) } : {}) };
}

/** A tcp/udp match the nft backend encodes natively (and prints back merged). */
function isNative(m: MatchSpec): boolean {
  if (m.module === 'tcp') return !m.option && !!(m.sport || m.dport || m.flags);
  if (m.module === 'udp') return !!(m.sport || m.dport);
  return false;
}

/** Merges native tcp/udp matches into the first one, as nft_tcp_match()/nft_udp_match() do on reading back. */
function mergeNative(matches: MatchSpec[]): MatchSpec[] {
  const out: MatchSpec[] = [];
  type PortMatch = Extract<MatchSpec, { module: 'tcp' | 'udp' | 'sctp' }>;
  const first: Partial<Record<'tcp' | 'udp', PortMatch>> = {};
  for (const m of matches) {
    if ((m.module === 'tcp' || m.module === 'udp') && isNative(m)) {
      const f = first[m.module];
      if (!f) {
        const copy: PortMatch = { ...m };
        first[m.module] = copy;
        out.push(copy);
        continue;
      }
      if (m.sport) f.sport = { ...m.sport, invert: m.sport.invert || !!f.sport?.invert };
      if (m.dport) f.dport = { ...m.dport, invert: m.dport.invert || !!f.dport?.invert };
      if (m.module === 'tcp' && m.flags) f.flags = m.flags;
      continue;
    }
    out.push(m);
  }
  return out;
}

/** The rules one rule command stands for (nft_rule_new per address pair). */
export function buildRules(p: ParsedCommand, addrs: Addresses, family: Family = 'ipv4'): Rule[] {
  const matches = p.matches.map((m) => m.ext.result(m.state) as MatchSpec);
  for (const m of matches) {
    if (!isNative(m)) continue;
    if (m.module === 'tcp' && p.proto !== 6) throw paramError("TCP match requires '-p tcp'");
    if (m.module === 'udp' && p.proto !== 17) throw paramError("UDP match requires '-p udp'");
  }
  const merged = mergeNative(matches);
  let target: TargetSpec | undefined;
  if (p.target) {
    const r = p.target.ext.result(p.target.state) as TargetSpec | null;
    if (r) target = r.kind === 'REJECT' && r.with === '' ? { kind: 'REJECT', with: defaultRejectWith(family) } : r;
    // QUEUE has no place in the rule model: the kernel refuses it anyway (nft has no xt QUEUE
    // verdict), which txn.ts reports as RULE_APPEND ENOENT
    else if (p.jumpto === 'QUEUE') target = { kind: 'jump', chain: 'QUEUE' };
    else target = { kind: p.jumpto as 'ACCEPT' | 'DROP' | 'RETURN' };
  } else if (p.jumpto) {
    target = p.goto ? { kind: 'goto', chain: p.jumpto } : { kind: 'jump', chain: p.jumpto };
  }
  const rules: Rule[] = [];
  const single = Math.max(addrs.src.length, 1) * Math.max(addrs.dst.length, 1) === 1;
  for (const s of addrs.src.length ? addrs.src : [ANY]) {
    for (const d of addrs.dst.length ? addrs.dst : [ANY]) {
      // the parsed objects are fresh: copy them only when several rules share them
      const rule: Rule = { matches: single ? merged : merged.map((m) => deepCopy(m)), counters: { packets: 0, bytes: 0 } };
      const sinv = p.invflags.has('s');
      const dinv = p.invflags.has('d');
      if (!isAny(s) || sinv) rule.source = addrMatch(s, sinv);
      if (!isAny(d) || dinv) rule.destination = addrMatch(d, dinv);
      if (p.iniface !== undefined && p.iniface !== '+') rule.inInterface = { name: p.iniface, invert: p.invflags.has('i') };
      if (p.outiface !== undefined && p.outiface !== '+') rule.outInterface = { name: p.outiface, invert: p.invflags.has('o') };
      if (p.proto !== 0) rule.protocol = { name: protocolName(p.proto), invert: p.invflags.has('p') };
      if (p.options & OPT.FRAGMENT) rule.fragment = { invert: p.invflags.has('f') };
      if (target) rule.target = single ? target : deepCopy(target);
      if (p.counters) rule.counters = { ...p.counters };
      rules.push(rule);
    }
  }
  return rules;
}
