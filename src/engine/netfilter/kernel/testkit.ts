// Test helpers for the kernel: a small reader for iptables-save style text (only the options
// kube-proxy's rules use) that builds Rule objects from types.ts, and packet-path drivers.
// Tests only; the real parser is the rules module's parseRuleSpec/restore.

import type { MatchSpec, Packet, PortRange, Rule, Ruleset, TableName, TargetSpec } from '../types.ts';
import type { NetfilterKernel } from './kernel.ts';
import type { HookResult } from './kernelTypes.ts';

function tokenize(s: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!);
  return out;
}

function range(s: string, sep = ':'): PortRange {
  const [a, b] = s.split(sep);
  return { from: Number(a), to: Number(b ?? a) };
}

function addr(s: string, invert: boolean): { network: string; prefix: number; invert: boolean } {
  const [network, prefix] = s.split('/');
  return { network: network!, prefix: Number(prefix ?? 32), invert };
}

/** One rule spec in iptables-save form (after `-A CHAIN`). */
export function spec(text: string): Rule {
  const t = tokenize(text);
  const rule: Rule = { matches: [], counters: { packets: 0, bytes: 0 } };
  let invert = false;
  let cur: MatchSpec | undefined;
  for (let i = 0; i < t.length; i++) {
    const tok = t[i]!;
    const next = () => t[++i]!;
    if (tok === '!') { invert = true; continue; }
    switch (tok) {
      case '-s': rule.source = addr(next(), invert); break;
      case '-d': rule.destination = addr(next(), invert); break;
      case '-i': rule.inInterface = { name: next(), invert }; break;
      case '-o': rule.outInterface = { name: next(), invert }; break;
      case '-p': rule.protocol = { name: next(), invert }; break;
      case '-m': {
        const mod = next();
        cur = startMatch(mod);
        rule.matches.push(cur);
        break;
      }
      case '-j': case '-g':
        rule.target = target(tok, next(), t.slice(i + 1));
        i = t.length;
        break;
      default:
        if (!cur) throw new Error(`option ${tok} outside a match`);
        i = matchOption(cur, tok, t, i, invert);
    }
    invert = false;
  }
  return rule;
}

function startMatch(mod: string): MatchSpec {
  switch (mod) {
    case 'comment': return { module: 'comment', comment: '' };
    case 'tcp': case 'udp': case 'sctp': return { module: mod };
    case 'multiport': return { module: 'multiport', kind: 'dports', ports: [], invert: false };
    case 'statistic': return { module: 'statistic', mode: 'random', probability: 0, invert: false };
    case 'mark': return { module: 'mark', value: 0, mask: 0xffffffff, invert: false };
    case 'addrtype': return { module: 'addrtype' };
    case 'conntrack': return { module: 'conntrack' };
    case 'state': return { module: 'state', states: [], invert: false };
    case 'recent': return { module: 'recent', name: 'DEFAULT', command: 'set', side: 'rsource', mask: '255.255.255.255', invert: false };
    case 'nfacct': return { module: 'nfacct', name: '' };
    default: throw new Error(`testkit: no match ${mod}`);
  }
}

function matchOption(m: MatchSpec, opt: string, t: string[], i: number, invert: boolean): number {
  const arg = () => t[++i]!;
  const mm = m as Record<string, unknown>;
  switch (opt) {
    case '--comment': mm.comment = arg(); break;
    case '--sport': mm.sport = { ...range(arg()), invert }; break;
    case '--dport': mm.dport = { ...range(arg()), invert }; break;
    case '--dports': case '--sports': case '--ports':
      mm.kind = opt.slice(2); mm.ports = arg().split(',').map((p) => range(p)); mm.invert = invert; break;
    case '--mode': {
      const mode = arg();
      if (mode === 'nth') Object.assign(mm, { mode, every: 1, packet: 0 });
      break;
    }
    case '--probability': mm.probability = Math.round(Number(arg()) * 0x80000000); mm.invert = invert; break;
    case '--every': mm.every = Number(arg()); mm.invert = invert; break;
    case '--packet': mm.packet = Number(arg()); break;
    case '--mark': {
      const [v, k] = arg().split('/');
      mm.value = Number(v); mm.mask = k === undefined ? 0xffffffff : Number(k); mm.invert = invert;
      break;
    }
    case '--src-type': mm.srcType = { type: arg(), invert }; break;
    case '--dst-type': mm.dstType = { type: arg(), invert }; break;
    case '--ctstate': mm.ctstate = { states: arg().split(','), invert }; break;
    case '--state': mm.states = arg().split(','); mm.invert = invert; break;
    case '--set': case '--rcheck': case '--update': case '--remove': mm.command = opt.slice(2); mm.invert = invert; break;
    case '--name': mm.name = arg(); break;
    case '--seconds': mm.seconds = Number(arg()); break;
    case '--hitcount': mm.hitcount = Number(arg()); break;
    case '--reap': mm.reap = true; break;
    case '--rttl': mm.rttl = true; break;
    case '--mask': mm.mask = arg(); break;
    case '--rsource': case '--rdest': mm.side = opt.slice(2); break;
    case '--nfacct-name': mm.name = arg(); break;
    default: throw new Error(`testkit: no option ${opt}`);
  }
  return i;
}

function target(flag: string, name: string, rest: string[]): TargetSpec {
  const opt = (o: string) => { const i = rest.indexOf(o); return i < 0 ? undefined : rest[i + 1]; };
  const has = (o: string) => rest.includes(o);
  if (flag === '-g') return { kind: 'goto', chain: name };
  switch (name) {
    case 'ACCEPT': case 'DROP': case 'RETURN': case 'TRACE': return { kind: name };
    case 'REJECT': return { kind: 'REJECT', with: opt('--reject-with') ?? 'icmp-port-unreachable' };
    case 'MARK': {
      const [v, m] = opt('--set-xmark')!.split('/');
      return { kind: 'MARK', value: Number(v), mask: Number(m) };
    }
    case 'DNAT': case 'SNAT': {
      const to = opt(name === 'DNAT' ? '--to-destination' : '--to-source')!;
      const [ip, port] = to.split(':');
      const t: Extract<TargetSpec, { kind: 'SNAT' }> = { kind: 'SNAT', toIp: ip! };
      if (port) t.toPort = range(port, '-');
      if (has('--random')) t.random = true;
      if (has('--random-fully')) t.randomFully = true;
      if (has('--persistent')) t.persistent = true;
      if (name === 'SNAT') return t;
      const { randomFully: _r, ...dnat } = t;
      return { ...dnat, kind: 'DNAT' };
    }
    case 'MASQUERADE': {
      const t: TargetSpec = { kind: 'MASQUERADE' };
      if (has('--random')) t.random = true;
      if (has('--random-fully')) t.randomFully = true;
      const p = opt('--to-ports');
      if (p) t.toPorts = range(p, '-');
      return t;
    }
    case 'LOG': return { kind: 'LOG', prefix: opt('--log-prefix') };
    default: return { kind: 'jump', chain: name };
  }
}

/** Load iptables-save style text (`*table`, `:CHAIN POLICY [0:0]`, `-A CHAIN spec`, `COMMIT`)
 *  the way iptables-nft-restore instantiates things: the table, declared chains (built-ins
 *  with policy counters), built-ins written to without declaration (without them). */
export function load(rs: Ruleset, text: string): void {
  let table: TableName | undefined;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#') || line === 'COMMIT') continue;
    if (line.startsWith('*')) {
      table = line.slice(1) as TableName;
      rs.tables.get(table)!.exists = true;
      continue;
    }
    const chains = rs.tables.get(table!)!.chains;
    if (line.startsWith(':')) {
      const [name, policy] = line.slice(1).split(' ');
      const existing = chains.get(name!);
      if (existing) {
        if (existing.absent) existing.policyCounters = true;
        delete existing.absent;
        if (policy !== '-') existing.policy = policy as 'ACCEPT' | 'DROP';
        continue;
      }
      chains.set(name!, { name: name!, counters: { packets: 0, bytes: 0 }, rules: [] });
      continue;
    }
    const m = /^-A (\S+) (.*)$/.exec(line);
    if (!m) throw new Error(`testkit: cannot read ${line}`);
    const chain = chains.get(m[1]!)!;
    if (chain.absent) {
      delete chain.absent;
      chain.policyCounters = false;
    }
    chain.rules.push(spec(m[2]!));
  }
}

export function packet(src: string, dst: string, proto: Packet['proto'] = 'tcp', tcpFlags?: string, length = 60): Packet {
  const [s, sp] = src.split(':');
  const [d, dp] = dst.split(':');
  const p: Packet = { src: s!, dst: d!, proto, sport: Number(sp ?? 0), dport: Number(dp ?? 0), length, mark: 0 };
  if (tcpFlags !== undefined) p.tcpFlags = tcpFlags;
  return p;
}

export interface PathResult {
  verdict: HookResult['verdict'];
  packet: Packet;
  steps: HookResult[];
}

function run(k: NetfilterKernel, pkt: Packet, hooks: [Parameters<NetfilterKernel['hook']>[0], string | undefined, string | undefined][]): PathResult {
  const steps: HookResult[] = [];
  let p = pkt;
  for (const [hook, inIface, outIface] of hooks) {
    const meta: { inIface?: string; outIface?: string } = {};
    if (inIface) meta.inIface = inIface;
    if (outIface) meta.outIface = outIface;
    const r = k.hook(hook, p, meta);
    steps.push(r);
    p = r.packet;
    if (r.verdict !== 'ACCEPT') return { verdict: r.verdict, packet: p, steps };
  }
  return { verdict: 'ACCEPT', packet: p, steps };
}

/** Routed through the namespace: PREROUTING → FORWARD → POSTROUTING. */
export function forward(k: NetfilterKernel, pkt: Packet, inIface: string, outIface: string): PathResult {
  return run(k, pkt, [['PREROUTING', inIface, undefined], ['FORWARD', inIface, outIface], ['POSTROUTING', undefined, outIface]]);
}

/** Locally generated: OUTPUT → POSTROUTING. */
export function output(k: NetfilterKernel, pkt: Packet, outIface: string): PathResult {
  return run(k, pkt, [['OUTPUT', undefined, outIface], ['POSTROUTING', undefined, outIface]]);
}

/** Delivered locally: PREROUTING → INPUT. */
export function input(k: NetfilterKernel, pkt: Packet, inIface: string): PathResult {
  return run(k, pkt, [['PREROUTING', inIface, undefined], ['INPUT', inIface, undefined]]);
}

/** The hits of a path as compact `table:chain:type:n` lines (the kernel's TRACE format),
 *  without the policy of built-in chains that have no rules (raw, mangle … when empty). */
export function traceLines(r: { steps: HookResult[] }): string[] {
  return r.steps.flatMap((s) => hitLines(s.hits));
}

export function hitLines(hits: HookResult['hits']): string[] {
  return hits
    .filter((h) => !(h.type === 'policy' && h.ruleNumber === 1))
    .map((h) => `${h.table}:${h.chain}:${h.type}:${h.ruleNumber}${h.verdict ? ` ${h.verdict}` : ''}`);
}
