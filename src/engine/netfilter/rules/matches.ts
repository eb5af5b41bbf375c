// Match extensions (libxt_*.c) for the modules in the rule model: option tables, parsing and
// the checks with iptables' messages. Printing is in format.ts.
import type { MatchSpec, PortRange } from '../types.ts';
import { paramError } from './errors.ts';
import { xtStrtoul } from './cnum.ts';
import { serviceToPort } from './names.ts';
import { nfacctMatch, physdevMatch, recentMatch } from './matches-misc.ts';
import type { Extension } from './ext.ts';
import type { OptEntry } from './xtopt.ts';

type Ports = PortRange & { invert: boolean };

/** xtables_parse_port(): number 0–65535 or a service name for `proto`. */
export function parsePort(port: string, proto: string): number {
  const r = xtStrtoul(port, 0, 0xffff);
  if (r) return r.value;
  const s = serviceToPort(port, proto);
  if (s !== undefined) return s;
  throw paramError(`invalid port/service \`${port}' specified`);
}

/** parse_tcp_ports()/parse_sctp_ports(): "a", "a:b", ":b", "a:" */
function parseRange(s: string, proto: string): [number, number] {
  const i = s.indexOf(':');
  if (i < 0) {
    const p = parsePort(s, proto);
    return [p, p];
  }
  const a = s.slice(0, i);
  const b = s.slice(i + 1);
  const lo = a ? parsePort(a, proto) : 0;
  const hi = b ? parsePort(b, proto) : 0xffff;
  if (lo > hi) throw paramError('invalid portrange (min > max)');
  return [lo, hi];
}

const portsOrUndef = (r: [number, number], inv: boolean, always: boolean): Ports | undefined =>
  always || r[0] !== 0 || r[1] !== 0xffff ? { from: r[0], to: r[1], invert: inv } : undefined;

// ---- tcp ----
const TCP_FLAGS: [string, number][] = [
  ['FIN', 1], ['SYN', 2], ['RST', 4], ['PSH', 8], ['ACK', 16], ['URG', 32], ['ALL', 63], ['NONE', 0],
];
function parseTcpFlag(flags: string): number {
  let ret = 0;
  for (const f of flags.split(',').filter((x) => x !== '')) {
    const e = TCP_FLAGS.find(([n]) => n.toLowerCase() === f.toLowerCase());
    if (!e) throw paramError(`Unknown TCP flag \`${f}'`);
    ret |= e[1];
  }
  return ret;
}
export const tcpFlagNames = (flags: number): string => {
  const out: string[] = [];
  for (const [n, v] of TCP_FLAGS.slice(0, 6)) if (flags & v) out.push(n);
  return out.length ? out.join(',') : 'NONE';
};

interface TcpState {
  spts: [number, number];
  dpts: [number, number];
  sinv: boolean;
  dinv: boolean;
  flags?: { mask: number; cmp: number; invert: boolean };
  option?: { value: number; invert: boolean };
  seen: number;
}
const legacyPorts: OptEntry[] = [
  { name: 'source-port', id: 1, type: 'string' },
  { name: 'sport', id: 1, type: 'string' },
  { name: 'destination-port', id: 2, type: 'string' },
  { name: 'dport', id: 2, type: 'string' },
];
export const tcpMatch: Extension<TcpState, MatchSpec> = {
  name: 'tcp',
  legacy: true,
  entries: [
    ...legacyPorts,
    { name: 'syn', id: 3, type: 'none' },
    { name: 'tcp-flags', id: 4, type: 'string' },
    { name: 'tcp-option', id: 5, type: 'string' },
  ],
  init: () => ({ spts: [0, 0xffff], dpts: [0, 0xffff], sinv: false, dinv: false, seen: 0 }),
  parse(st, entry, _v, arg, invert, env) {
    switch (entry.id) {
      case 1:
        if (st.seen & 1) throw paramError("Only one `--source-port' allowed");
        st.spts = parseRange(arg, 'tcp');
        st.sinv ||= invert;
        st.seen |= 1;
        break;
      case 2:
        if (st.seen & 2) throw paramError("Only one `--destination-port' allowed");
        st.dpts = parseRange(arg, 'tcp');
        st.dinv ||= invert;
        st.seen |= 2;
        break;
      case 3:
      case 4: {
        if (st.seen & 4) throw paramError("Only one of `--syn' or `--tcp-flags'  allowed");
        if (entry.id === 3) {
          st.flags = { mask: parseTcpFlag('SYN,RST,ACK,FIN'), cmp: parseTcpFlag('SYN'), invert };
        } else {
          const second = env.argv[env.getopt.optind];
          if (second === undefined || second[0] === '-' || second[0] === '!')
            throw paramError('--tcp-flags requires two args.');
          st.flags = { mask: parseTcpFlag(arg), cmp: parseTcpFlag(second), invert };
          env.getopt.optind++;
        }
        st.seen |= 4;
        break;
      }
      case 5: {
        if (st.seen & 8) throw paramError("Only one `--tcp-option' allowed");
        const r = xtStrtoul(arg, 1, 255);
        if (!r) throw paramError(`Bad TCP option "${arg}"`);
        st.option = { value: r.value, invert };
        st.seen |= 8;
        break;
      }
    }
  },
  result: (st) => ({
    module: 'tcp',
    ...(portsOrUndef(st.spts, st.sinv, false) ? { sport: portsOrUndef(st.spts, st.sinv, false) } : {}),
    ...(portsOrUndef(st.dpts, st.dinv, false) ? { dport: portsOrUndef(st.dpts, st.dinv, false) } : {}),
    ...(st.flags && (st.flags.mask || st.flags.invert) ? { flags: st.flags } : {}),
    ...(st.option ? { option: st.option } : {}),
  }),
};

// ---- udp (x6, XTTYPE_PORTRC) ----
interface UdpState { spts: [number, number]; dpts: [number, number]; sinv: boolean; dinv: boolean }
export const udpMatch: Extension<UdpState, MatchSpec> = {
  name: 'udp',
  entries: [
    { name: 'source-port', id: 0, type: 'portrc', invert: true },
    { name: 'sport', id: 0, type: 'portrc', invert: true },
    { name: 'destination-port', id: 1, type: 'portrc', invert: true },
    { name: 'dport', id: 1, type: 'portrc', invert: true },
  ],
  init: () => ({ spts: [0, 0xffff], dpts: [0, 0xffff], sinv: false, dinv: false }),
  parse(st, entry, v, _a, invert) {
    if (entry.id === 0) {
      st.spts = v.ports;
      st.sinv ||= invert;
    } else {
      st.dpts = v.ports;
      st.dinv ||= invert;
    }
  },
  result: (st) => ({
    module: 'udp',
    ...(portsOrUndef(st.spts, st.sinv, false) ? { sport: portsOrUndef(st.spts, st.sinv, false) } : {}),
    ...(portsOrUndef(st.dpts, st.dinv, false) ? { dport: portsOrUndef(st.dpts, st.dinv, false) } : {}),
  }),
};

// ---- sctp (legacy; ports only — --chunk-types is not modelled) ----
interface SctpState { sport?: Ports; dport?: Ports }
export const sctpMatch: Extension<SctpState, MatchSpec> = {
  name: 'sctp',
  legacy: true,
  entries: legacyPorts,
  init: () => ({}),
  parse(st, entry, _v, arg, invert) {
    if (entry.id === 1) {
      if (st.sport) throw paramError("Only one `--source-port' allowed");
      const r = parseRange(arg, 'sctp');
      st.sport = { from: r[0], to: r[1], invert };
    } else {
      if (st.dport) throw paramError("Only one `--destination-port' allowed");
      const r = parseRange(arg, 'sctp');
      st.dport = { from: r[0], to: r[1], invert };
    }
  },
  result: (st) => ({ module: 'sctp', ...(st.sport ? { sport: st.sport } : {}), ...(st.dport ? { dport: st.dport } : {}) }),
};

// ---- comment ----
export const commentMatch: Extension<{ comment: string }, MatchSpec> = {
  name: 'comment',
  entries: [{ name: 'comment', id: 0, type: 'string', mand: true }],
  init: () => ({ comment: '' }),
  // XT_MAX_COMMENT_LEN 256: the kernel keeps 255 characters
  parse: (st, _e, _v, arg) => void (st.comment = arg.slice(0, 255)),
  result: (st) => ({ module: 'comment', comment: st.comment }),
};

// ---- multiport (revision 1) ----
const MP_ANY = 7;
interface MpState { kind?: 'sports' | 'dports' | 'ports'; ports: PortRange[]; invert: boolean }
const MP_PROTOS: Record<number, string> = { 6: 'tcp', 17: 'udp', 136: 'udplite', 132: 'sctp', 33: 'dccp' };
export const multiportMatch: Extension<MpState, MatchSpec> = {
  name: 'multiport',
  entries: [
    { name: 'source-ports', id: 0, type: 'string', excl: MP_ANY, invert: true },
    { name: 'sports', id: 0, type: 'string', excl: MP_ANY, invert: true },
    { name: 'destination-ports', id: 1, type: 'string', excl: MP_ANY, invert: true },
    { name: 'dports', id: 1, type: 'string', excl: MP_ANY, invert: true },
    { name: 'ports', id: 2, type: 'string', excl: MP_ANY, invert: true },
  ],
  init: () => ({ ports: [], invert: false }),
  parse(st, entry, _v, arg, invert, env) {
    if (env.protoInvert) throw paramError('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
    const proto = MP_PROTOS[env.proto];
    if (!proto) {
      if (!env.proto) throw paramError("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
      throw paramError('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
    }
    const items = arg.split(',');
    const ports: PortRange[] = [];
    let slots = 0;
    for (const item of items) {
      if (slots >= 15) throw paramError('too many ports specified');
      const colon = item.indexOf(':');
      if (colon >= 0) {
        if (slots === 14) throw paramError('too many ports specified');
        const lo = parsePort(item.slice(0, colon), proto);
        const hi = parsePort(item.slice(colon + 1), proto);
        if (lo >= hi) throw paramError('invalid portrange specified');
        ports.push({ from: lo, to: hi });
        slots += 2;
      } else {
        const p = parsePort(item, proto);
        ports.push({ from: p, to: p });
        slots += 1;
      }
    }
    st.ports = ports;
    st.kind = entry.id === 0 ? 'sports' : entry.id === 1 ? 'dports' : 'ports';
    if (invert) st.invert = true;
  },
  fcheck: (_st, xflags) => {
    if (xflags === 0) throw paramError('multiport expection an option');
  },
  result: (st) => ({ module: 'multiport', kind: st.kind ?? 'ports', ports: st.ports, invert: st.invert }),
};

// ---- statistic ----
interface StatState { mode?: 'random' | 'nth'; probability: number; every: number; packet: number; invert: boolean }
export const statisticMatch: Extension<StatState, MatchSpec> = {
  name: 'statistic',
  entries: [
    { name: 'mode', id: 0, type: 'string', mand: true },
    { name: 'probability', id: 1, type: 'double', invert: true, min: 0, max: 1, excl: 4 | 8 },
    { name: 'every', id: 2, type: 'uint32', min: 1, invert: true, excl: 2, also: 8 },
    { name: 'packet', id: 3, type: 'uint32', excl: 2, also: 4 },
  ],
  init: () => ({ probability: 0, every: 0, packet: 0, invert: false }),
  parse(st, entry, v, arg, invert) {
    if (invert) st.invert = true;
    switch (entry.id) {
      case 0:
        if (arg === 'random') st.mode = 'random';
        else if (arg === 'nth') st.mode = 'nth';
        else throw paramError(`Bad mode "${arg}"`);
        break;
      case 1:
        // lround(0x80000000 * p): the kernel compares a u32 random number against this
        st.probability = Math.round(0x80000000 * v.dbl);
        break;
      case 2:
        st.every = v.num - 1;
        break;
      case 3:
        st.packet = v.num;
        break;
    }
  },
  fcheck(st, xflags) {
    if (st.mode === 'random' || st.mode === undefined) {
      if (!(xflags & 2)) throw paramError('--probability must be specified when using random mode');
    }
    if (st.mode === 'nth' && !(xflags & (4 | 8)))
      throw paramError('--every and --packet must be specified when using nth mode');
    if (st.packet > st.every) throw paramError('the --packet p must be 0 <= p <= n-1');
  },
  result: (st) =>
    st.mode === 'nth'
      ? { module: 'statistic', mode: 'nth', every: st.every + 1, packet: st.packet, invert: st.invert }
      : { module: 'statistic', mode: 'random', probability: st.probability, invert: st.invert },
};

// ---- mark (revision 1) ----
interface MarkState { mark: number; mask: number; invert: boolean }
export const markMatch: Extension<MarkState, MatchSpec> = {
  name: 'mark',
  entries: [{ name: 'mark', id: 0, type: 'markmask32', mand: true, invert: true }],
  init: () => ({ mark: 0, mask: 0, invert: false }),
  parse(st, _e, v, _a, invert) {
    if (invert) st.invert = true;
    st.mark = v.mark;
    st.mask = v.mask;
  },
  result: (st) => ({ module: 'mark', value: st.mark, mask: st.mask, invert: st.invert }),
};

// ---- addrtype (revision 1) ----
export const RTN_NAMES = [
  'UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE',
  'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE',
];
function parseTypes(arg: string): number {
  let mask = 0;
  const one = (name: string): boolean => {
    const i = RTN_NAMES.findIndex((n) => n.slice(0, name.length).toLowerCase() === name.toLowerCase() && name.length <= n.length);
    if (i < 0) return false;
    mask |= 1 << i;
    return true;
  };
  let rest = arg;
  let comma: number;
  while ((comma = rest.indexOf(',')) >= 0) {
    if (comma === 0 || !one(rest.slice(0, comma))) throw paramError(`addrtype: bad type \`${rest}'`);
    rest = rest.slice(comma + 1);
  }
  if (rest.length === 0 || !one(rest)) throw paramError(`addrtype: bad type "${rest}"`);
  return mask;
}
/** Canonical "TYPE,TYPE" in rtn order, as the kernel stores the bitmask. */
const typesToString = (mask: number): string => RTN_NAMES.filter((_, i) => mask & (1 << i)).join(',');
interface AddrtypeState { src: number; dst: number; sinv: boolean; dinv: boolean; limIn: boolean; limOut: boolean }
export const addrtypeMatch: Extension<AddrtypeState, MatchSpec> = {
  name: 'addrtype',
  entries: [
    { name: 'src-type', id: 0, type: 'string', invert: true },
    { name: 'dst-type', id: 1, type: 'string', invert: true },
    { name: 'limit-iface-in', id: 2, type: 'none', excl: 8 },
    { name: 'limit-iface-out', id: 3, type: 'none', excl: 4 },
  ],
  init: () => ({ src: 0, dst: 0, sinv: false, dinv: false, limIn: false, limOut: false }),
  parse(st, entry, _v, arg, invert) {
    if (entry.id === 0) {
      st.src |= parseTypes(arg);
      if (invert) st.sinv = true;
    } else if (entry.id === 1) {
      st.dst |= parseTypes(arg);
      if (invert) st.dinv = true;
    } else if (entry.id === 2) st.limIn = true;
    else st.limOut = true;
  },
  fcheck: (_st, xflags) => {
    if (!(xflags & 3)) throw paramError('addrtype: you must specify --src-type or --dst-type');
  },
  result: (st) => ({
    module: 'addrtype',
    ...(st.src ? { srcType: { type: typesToString(st.src), invert: st.sinv } } : {}),
    ...(st.dst ? { dstType: { type: typesToString(st.dst), invert: st.dinv } } : {}),
    ...(st.limIn ? { limitIfaceIn: true } : {}),
    ...(st.limOut ? { limitIfaceOut: true } : {}),
  }),
};

// ---- conntrack (--ctstate only) and state ----
const CT_STATES = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
// parse order differs from print order: ESTABLISHED is tried before RELATED
const CT_PARSE_ORDER = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
function parseStates(arg: string, names: string[], bad: string, empty: string | undefined): string[] {
  const set = new Set<string>();
  const one = (s: string): boolean => {
    const hit = CT_PARSE_ORDER.filter((n) => names.includes(n)).find(
      (n) => s.length <= n.length && n.slice(0, s.length).toLowerCase() === s.toLowerCase(),
    );
    if (!hit) return false;
    set.add(hit);
    return true;
  };
  let rest = arg;
  let comma: number;
  while ((comma = rest.indexOf(',')) >= 0) {
    if (comma === 0 || !one(rest.slice(0, comma))) throw paramError(`${bad} "${rest}"`);
    rest = rest.slice(comma + 1);
  }
  if (rest === '' && empty) throw paramError(empty);
  if (rest === '' || !one(rest)) throw paramError(`${bad} "${rest}"`);
  return CT_STATES.filter((s) => set.has(s));
}
interface CtState { states?: string[]; invert: boolean }
export const conntrackMatch: Extension<CtState, MatchSpec> = {
  name: 'conntrack',
  entries: [{ name: 'ctstate', id: 0, type: 'string', invert: true }],
  init: () => ({ invert: false }),
  parse(st, _e, _v, arg, invert) {
    st.states = parseStates(arg, CT_STATES, 'Bad ctstate', undefined);
    if (invert) st.invert = true;
  },
  fcheck: (_st, xflags) => {
    if (xflags === 0) throw paramError('conntrack: At least one option is required');
  },
  result: (st) => ({ module: 'conntrack', ...(st.states ? { ctstate: { states: st.states, invert: st.invert } } : {}) }),
};
export const stateMatch: Extension<CtState, MatchSpec> = {
  name: 'state',
  entries: [{ name: 'state', id: 0, type: 'string', mand: true, invert: true }],
  init: () => ({ invert: false }),
  parse(st, _e, _v, arg, invert) {
    st.states = parseStates(
      arg,
      CT_STATES.slice(0, 5),
      'Bad state',
      '"--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED',
    );
    if (invert) st.invert = true;
  },
  result: (st) => ({ module: 'state', states: st.states ?? [], invert: st.invert }),
};

export const MATCHES: Record<string, Extension<never, MatchSpec>> = Object.fromEntries(
  [tcpMatch, udpMatch, sctpMatch, commentMatch, multiportMatch, statisticMatch, markMatch, addrtypeMatch,
    conntrackMatch, stateMatch, recentMatch, nfacctMatch, physdevMatch].map((m) => [m.name, m as unknown as Extension<never, MatchSpec>]),
);
