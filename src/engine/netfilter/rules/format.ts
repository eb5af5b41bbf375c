// formatRule(): a rule exactly as iptables-save prints it after "-A CHAIN" (nft_ipv4_save_rule:
// addresses, interfaces, protocol, then each match's save() in rule order, then the target).
import type { MatchSpec, PortRange, Rule, TargetSpec } from '../types.ts';
import { hex } from './cnum.ts';
import { tcpFlagNames } from './matches.ts';

const NO_QUOTE = /^[_\-0-9a-zA-Z]+$/;

/** xtables_save_string(): bare when only [_-0-9a-zA-Z], else double-quoted with \" \\ \' escaped. */
export function saveString(value: string): string {
  if (NO_QUOTE.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** statistic's "%.11f" of threshold / 2^31, rounded half-to-even exactly like glibc's printf. */
export function formatProbability(threshold: number): string {
  const num = BigInt(threshold) * 10n ** 11n;
  const den = 1n << 31n;
  let q = num / den;
  const r2 = (num % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  const s = q.toString().padStart(12, '0');
  return `${s.slice(0, -11)}.${s.slice(-11)}`;
}

const range = (r: PortRange, sep: string): string => (r.from === r.to ? `${r.from}` : `${r.from}${sep}${r.to}`);

function matchOptions(m: MatchSpec): string[] {
  const o: string[] = [];
  const not = (inv: boolean): void => void (inv && o.push('!'));
  switch (m.module) {
    case 'comment':
      return ['--comment', saveString(m.comment)];
    case 'tcp':
    case 'udp':
    case 'sctp':
      if (m.sport) {
        not(m.sport.invert);
        o.push('--sport', range(m.sport, ':'));
      }
      if (m.dport) {
        not(m.dport.invert);
        o.push('--dport', range(m.dport, ':'));
      }
      if (m.module === 'tcp' && m.option) {
        not(m.option.invert);
        o.push('--tcp-option', String(m.option.value));
      }
      if (m.module === 'tcp' && m.flags) {
        not(m.flags.invert);
        o.push('--tcp-flags', tcpFlagNames(m.flags.mask), tcpFlagNames(m.flags.cmp));
      }
      return o;
    case 'multiport':
      not(m.invert);
      o.push(`--${m.kind}`, m.ports.map((p) => range(p, ':')).join(','));
      return o;
    case 'statistic':
      if (m.mode === 'random') {
        o.push('--mode', 'random');
        not(m.invert);
        o.push('--probability', formatProbability(m.probability));
      } else {
        o.push('--mode', 'nth');
        not(m.invert);
        o.push('--every', String(m.every), '--packet', String(m.packet));
      }
      return o;
    case 'mark':
      not(m.invert);
      o.push('--mark', m.mask === 0xffffffff ? hex(m.value) : `${hex(m.value)}/${hex(m.mask)}`);
      return o;
    case 'addrtype':
      if (m.srcType) {
        not(m.srcType.invert);
        o.push('--src-type', m.srcType.type);
      }
      if (m.dstType) {
        not(m.dstType.invert);
        o.push('--dst-type', m.dstType.type);
      }
      if (m.limitIfaceIn) o.push('--limit-iface-in');
      if (m.limitIfaceOut) o.push('--limit-iface-out');
      return o;
    case 'conntrack':
      if (m.ctstate) {
        not(m.ctstate.invert);
        o.push('--ctstate', m.ctstate.states.join(','));
      }
      return o;
    case 'state':
      not(m.invert);
      o.push('--state', m.states.join(','));
      return o;
    case 'recent':
      not(m.invert);
      o.push(`--${m.command}`);
      if (m.seconds) o.push('--seconds', String(m.seconds));
      if (m.reap) o.push('--reap');
      if (m.hitcount) o.push('--hitcount', String(m.hitcount));
      if (m.rttl) o.push('--rttl');
      o.push('--name', m.name, '--mask', m.mask, `--${m.side}`);
      return o;
    case 'nfacct':
      // " --nfacct-name " then xtables_save_string()'s own leading space: two spaces
      return [`--nfacct-name  ${saveString(m.name)}`];
    case 'physdev':
      return m.raw;
  }
}

/** sprint_range(): an IPv6 address (range) goes in brackets when a port follows. */
function natRange(ip: string, port: PortRange | undefined): string {
  if (!port) return ip;
  return `${ip.includes(':') ? `[${ip}]` : ip}:${range(port, '-')}`;
}

function targetParts(t: TargetSpec): string[] {
  switch (t.kind) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
    case 'TRACE':
      return ['-j', t.kind];
    case 'jump':
      return ['-j', t.chain];
    case 'goto':
      return ['-g', t.chain];
    case 'REJECT':
      return ['-j', 'REJECT', '--reject-with', t.with];
    case 'DNAT':
    case 'SNAT': {
      const o = ['-j', t.kind];
      const r = natRange(t.toIp, t.toPort);
      if (r) o.push(t.kind === 'DNAT' ? '--to-destination' : '--to-source', r);
      if (t.random) o.push('--random');
      if (t.kind === 'SNAT' && t.randomFully) o.push('--random-fully');
      if (t.persistent) o.push('--persistent');
      return o;
    }
    case 'MASQUERADE': {
      const o = ['-j', 'MASQUERADE'];
      if (t.toPorts) o.push('--to-ports', range(t.toPorts, '-'));
      if (t.random) o.push('--random');
      if (t.randomFully) o.push('--random-fully');
      return o;
    }
    case 'MARK':
      return ['-j', 'MARK', '--set-xmark', `${hex(t.value)}/${hex(t.mask)}`];
    case 'LOG': {
      const o = ['-j', 'LOG'];
      if (t.prefix) o.push('--log-prefix', saveString(t.prefix));
      if (t.level !== undefined && t.level !== '4') o.push('--log-level', t.level);
      if (t.flags) o.push(...t.flags);
      return o;
    }
  }
}

function addr(letter: string, a: NonNullable<Rule['source']>): string[] {
  const mask = a.prefix < 0 ? (a.mask ?? '255.255.255.255') : String(a.prefix);
  return [...(a.invert ? ['!'] : []), `-${letter}`, `${a.network}/${mask}`];
}

/** The rule as iptables-save prints it after "-A CHAIN " ('' for a rule with no match and no target). */
export function formatRule(rule: Rule): string {
  const o: string[] = [];
  if (rule.source) o.push(...addr('s', rule.source));
  if (rule.destination) o.push(...addr('d', rule.destination));
  if (rule.inInterface) o.push(...(rule.inInterface.invert ? ['!'] : []), '-i', rule.inInterface.name);
  if (rule.outInterface) o.push(...(rule.outInterface.invert ? ['!'] : []), '-o', rule.outInterface.name);
  if (rule.protocol) o.push(...(rule.protocol.invert ? ['!'] : []), '-p', rule.protocol.name);
  if (rule.fragment) o.push(...(rule.fragment.invert ? ['!'] : []), '-f');
  for (const m of rule.matches) o.push('-m', m.module, ...matchOptions(m));
  if (rule.target) o.push(...targetParts(rule.target));
  return o.join(' ');
}

/** "-A CHAIN <rule>" without a trailing space for an empty rule. */
export function formatRuleLine(chain: string, rule: Rule): string {
  const r = formatRule(rule);
  return r ? `-A ${chain} ${r}` : `-A ${chain}`;
}
