// One rule as `iptables -L` prints it (iptables 1.8.9, nf_tables): the fixed columns
// (print_rule_details, print_ifaces, print_ipv4_addresses in xshared.c) and the text each
// match and target extension prints after them (their ->print functions).

import type { AddrMatch, IfaceMatch, MatchSpec, PortRange, Rule, TargetSpec } from '../types.ts';
import type { NameResolver } from './names.ts';

/** The -L flags that change the layout (FMT_* in xtables). */
export interface ListFormat {
  /** -n: no name lookups, protocols as numbers, `*` for any interface. */
  numeric: boolean;
  /** -v: counters and the in/out interface columns. */
  verbose: boolean;
  /** -x: exact counters instead of K/M/G. */
  exact: boolean;
  /** --line-numbers */
  lineNumbers: boolean;
}

/**
 * xtables_print_num: counters scaled to K/M/G/T (each step rounds to the nearest thousand)
 * unless -x; `notable` (chain headers) drops the column padding. Always ends with a space.
 */
export function printNum(n: number, exact: boolean, notable = false): string {
  if (exact) return notable ? `${n} ` : `${String(n).padStart(8)} `;
  if (n <= 99999) return notable ? `${n} ` : `${String(n).padStart(5)} `;
  let v = Math.floor((n + 500) / 1000);
  for (const unit of ['K', 'M', 'G']) {
    if (v <= 9999) return notable ? `${v}${unit} ` : `${String(v).padStart(4)}${unit} `;
    v = Math.floor((v + 500) / 1000);
  }
  return notable ? `${v}T ` : `${String(v).padStart(4)}T `;
}

const PROTO_NUMBERS: Record<string, number> = {
  all: 0, icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, icmpv6: 58, 'ipv6-icmp': 58,
  sctp: 132, mh: 135, udplite: 136,
};

/** The text in the target column: the chain jumped to, the target's name, or nothing. */
export function targetName(t: TargetSpec | undefined): string {
  if (!t) return '';
  return t.kind === 'jump' || t.kind === 'goto' ? t.chain : t.kind;
}

function addrText(a: AddrMatch | undefined, fmt: ListFormat, names: NameResolver): string {
  const network = a?.network ?? '0.0.0.0';
  const prefix = a?.prefix ?? 0;
  if (prefix === 0 && !fmt.numeric) return 'anywhere';
  const name = fmt.numeric ? network : (names.host(network) ?? names.network(network) ?? network);
  if (a?.mask !== undefined && prefix < 0) return `${name}/${a.mask}`;
  return prefix === 32 ? name : `${name}/${prefix}`;
}

function ifaceText(i: IfaceMatch | undefined, fmt: ListFormat): string {
  return `${i?.invert ? '!' : ''}${i?.name ?? (fmt.numeric ? '*' : 'any')}`;
}

/**
 * The rule as `iptables -L` prints it, with its trailing newline. `notable` is the one-line
 * form `iptables -v -A …` echoes (FMT_PRINT_RULE: numeric addresses, no columns).
 */
export function formatListRule(rule: Rule, num: number, fmt: ListFormat, names: NameResolver, notable = false): string {
  const proto = rule.protocol?.name ?? 'all';
  let s = '';
  if (notable) {
    s += `${targetName(rule.target)} ${rule.protocol?.invert ? '!' : ' '}${proto} opt ${fragText(rule)} `;
    s += `in ${ifaceText(rule.inInterface, fmt)} out ${ifaceText(rule.outInterface, fmt)} `;
    s += `${rule.source?.invert ? '!' : ' '}${addrText(rule.source, fmt, names)} `;
    s += `${rule.destination?.invert ? '!' : ' '}-> ${addrText(rule.destination, fmt, names)}  `;
  } else {
    if (fmt.lineNumbers) s += `${String(num).padEnd(4)} `;
    if (fmt.verbose) s += printNum(rule.counters.packets, fmt.exact) + printNum(rule.counters.bytes, fmt.exact);
    s += `${targetName(rule.target).padEnd(9)} `;
    s += rule.protocol?.invert ? '!' : ' ';
    const protoText = fmt.numeric ? String(PROTO_NUMBERS[proto] ?? proto) : proto;
    s += `${protoText.padEnd(4)} ${fragText(rule)} `;
    if (fmt.verbose) s += ` ${ifaceText(rule.inInterface, fmt).padEnd(6)} ${ifaceText(rule.outInterface, fmt).padEnd(6)} `;
    s += `${rule.source?.invert ? '!' : ' '}${addrText(rule.source, fmt, names).padEnd(19)} `;
    s += `${rule.destination?.invert ? '!' : ' '}${addrText(rule.destination, fmt, names).padEnd(19)} `;
  }
  if (rule.target?.kind === 'goto') s += '[goto] ';
  for (const m of rule.matches) s += matchText(m, rule, fmt.numeric, names);
  if (rule.target) s += targetText(rule.target, fmt.numeric);
  return `${s}\n`;
}

/** print_fragment: "--", "-f" or "!f". */
const fragText = (rule: Rule): string => (rule.fragment ? `${rule.fragment.invert ? '!' : '-'}f` : '--');

const TCP_FLAGS: [string, number][] = [['FIN', 1], ['SYN', 2], ['RST', 4], ['PSH', 8], ['ACK', 16], ['URG', 32]];

/** print_tcpf: flag names in bit order, NONE for none. */
function tcpFlags(bits: number): string {
  const names = TCP_FLAGS.filter(([, b]) => bits & b).map(([n]) => n);
  return names.length ? names.join(',') : 'NONE';
}

const hex2 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;

function portText(port: number, proto: string, numeric: boolean, names: NameResolver): string {
  return (numeric ? undefined : names.service(port, proto)) ?? String(port);
}

/** print_ports of libxt_tcp/udp/sctp: " dpt:53", " spts:1000:2000", " dpt:!22". */
function ports(label: string, r: (PortRange & { invert: boolean }) | undefined, proto: string, numeric: boolean, names: NameResolver): string {
  if (!r) return '';
  const inv = r.invert ? '!' : '';
  if (r.from === r.to) return ` ${label}:${inv}${portText(r.from, proto, numeric, names)}`;
  return ` ${label}s:${inv}${portText(r.from, proto, numeric, names)}:${portText(r.to, proto, numeric, names)}`;
}

const CT_STATE_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
const byCtOrder = (states: string[]): string =>
  [...states].sort((a, b) => CT_STATE_ORDER.indexOf(a) - CT_STATE_ORDER.indexOf(b)).join(',');

const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

/** statistic's "%.11f" of threshold / 2^31, rounded half-to-even as glibc's printf does. */
function probabilityText(threshold: number): string {
  const num = BigInt(Math.round(threshold)) * 10n ** 11n;
  const den = 1n << 31n;
  let q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  const digits = q.toString().padStart(12, '0');
  return `${digits.slice(0, -11)}.${digits.slice(-11)}`;
}

function matchText(m: MatchSpec, rule: Rule, numeric: boolean, names: NameResolver): string {
  switch (m.module) {
    case 'comment':
      return ` /* ${m.comment} */`;
    case 'tcp':
    case 'udp':
    case 'sctp':
    {
      let s = ` ${m.module}${ports('spt', m.sport, m.module, numeric, names)}${ports('dpt', m.dport, m.module, numeric, names)}`;
      if (m.option) s += ` option=${m.option.invert ? '!' : ''}${m.option.value}`;
      if (m.flags && (m.flags.mask || m.flags.invert)) {
        const f = numeric ? `${hex2(m.flags.mask)}/${hex2(m.flags.cmp)}` : `${tcpFlags(m.flags.mask)}/${tcpFlags(m.flags.cmp)}`;
        s += ` flags:${m.flags.invert ? '!' : ''}${f}`;
      }
      return s;
    }
    case 'multiport': {
      const proto = rule.protocol?.name ?? '';
      const list = m.ports
        .map((r) => portText(r.from, proto, numeric, names) + (r.to !== r.from ? `:${portText(r.to, proto, numeric, names)}` : ''))
        .join(',');
      return ` multiport ${m.kind} ${m.invert ? ' !' : ''}${list}`;
    }
    case 'statistic':
      if (m.mode === 'random') return ` statistic mode random${m.invert ? ' !' : ''} probability ${probabilityText(m.probability)}`;
      return ` statistic mode nth${m.invert ? ' !' : ''} every ${m.every}${m.packet ? ` packet ${m.packet}` : ''}`;
    case 'mark':
      return ` mark match${m.invert ? ' !' : ''} ${hex(m.value)}${m.mask >>> 0 === 0xffffffff ? '' : `/${hex(m.mask)}`}`;
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      if (m.srcType) s += ` src-type ${m.srcType.invert ? '!' : ''}${m.srcType.type}`;
      if (m.dstType) s += ` dst-type ${m.dstType.invert ? '!' : ''}${m.dstType.type}`;
      if (m.limitIfaceIn) s += ' limit-in';
      if (m.limitIfaceOut) s += ' limit-out';
      return s;
    }
    case 'conntrack':
      return m.ctstate ? `${m.ctstate.invert ? ' !' : ''} ctstate ${byCtOrder(m.ctstate.states)}` : '';
    case 'state':
      return `${m.invert ? ' !' : ''} state ${byCtOrder(m.states)}`;
    case 'recent': {
      let s = `${m.invert ? ' !' : ''} recent: ${{ set: 'SET', rcheck: 'CHECK', update: 'UPDATE', remove: 'REMOVE' }[m.command]}`;
      if (m.seconds) s += ` seconds: ${m.seconds}`;
      if (m.reap) s += ' reap';
      if (m.hitcount) s += ` hit_count: ${m.hitcount}`;
      if (m.rttl) s += ' TTL-Match';
      return `${s} name: ${m.name} side: ${m.side === 'rsource' ? 'source' : 'dest'} mask: ${m.mask}`;
    }
    case 'nfacct':
      return ` nfacct-name  ${m.name}`;
    case 'physdev':
      return ` PHYSDEV match ${m.raw.join(' ')}`;
  }
}

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];
/** --log-* flag options: their bit in logflags and the word -L prints. */
const LOG_FLAGS: [string, number, string][] = [
  ['--log-tcp-sequence', 1, 'tcp-sequence'], ['--log-tcp-options', 2, 'tcp-options'], ['--log-ip-options', 4, 'ip-options'],
  ['--log-uid', 8, 'uid'], ['--log-macdecode', 32, 'macdecode'],
];
const LOG_LEVEL_ALIASES: Record<string, number> = { error: 3, warning: 4, panic: 0 };

function logLevel(level: string | undefined): number {
  if (level === undefined) return 4;
  if (/^[0-7]$/.test(level)) return Number(level);
  const i = LOG_LEVELS.indexOf(level);
  return i >= 0 ? i : (LOG_LEVEL_ALIASES[level] ?? 4);
}

const natRange = (t: { toIp: string; toPort?: PortRange }): string =>
  `${t.toIp}${t.toPort ? `:${t.toPort.from}${t.toPort.to !== t.toPort.from ? `-${t.toPort.to}` : ''}` : ''}`;

function targetText(t: TargetSpec, numeric: boolean): string {
  switch (t.kind) {
    case 'REJECT':
      return ` reject-with ${t.with}`;
    case 'DNAT':
      return ` to:${natRange(t)}${t.random ? ' random' : ''}${t.persistent ? ' persistent' : ''}`;
    case 'SNAT':
      return ` to:${natRange(t)}${t.random ? ' random' : ''}${t.randomFully ? ' random-fully' : ''}${t.persistent ? ' persistent' : ''}`;
    case 'MASQUERADE': {
      const p = t.toPorts;
      return `${p ? ` masq ports: ${p.from}${p.to !== p.from ? `-${p.to}` : ''}` : ''}${t.random ? ' random' : ''}${t.randomFully ? ' random-fully' : ''}`;
    }
    case 'MARK': {
      // mark_tg_print: the kernel's (value, mask) pair read back as the operation it performs.
      const value = t.value >>> 0;
      const mask = t.mask >>> 0;
      if (value === 0) return ` MARK and ${hex(~mask)}`;
      if (value === mask) return ` MARK or ${hex(value)}`;
      if (mask === 0) return ` MARK xor ${hex(value)}`;
      if (mask === 0xffffffff) return ` MARK set ${hex(value)}`;
      return ` MARK xset ${hex(value)}/${hex(mask)}`;
    }
    case 'LOG': {
      const level = logLevel(t.level);
      const flags = LOG_FLAGS.filter(([opt]) => t.flags?.includes(opt));
      const head = numeric
        ? ` LOG flags ${flags.reduce((n, [, bit]) => n | bit, 0)} level ${level}`
        : ` LOG level ${LOG_LEVELS[level] ?? level}${flags.map(([, , word]) => ` ${word}`).join('')}`;
      return `${head}${t.prefix ? ` prefix "${t.prefix}"` : ''}`;
    }
    default:
      return '';
  }
}
