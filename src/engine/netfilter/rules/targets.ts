// Target extensions (libipt_REJECT.c, libxt_NAT.c, libxt_MARK.c, libxt_LOG.c, libxt_TRACE.c):
// options, parsing and checks with iptables' messages. Printing is in format.ts.
import type { PortRange, TargetSpec } from '../types.ts';
import { paramError } from './errors.ts';
import { xtStrtoul, u32 } from './cnum.ts';
import { inetPton } from './ipv4.ts';
import { formatIPv6, parseIPv6 } from './ipv6.ts';
import type { Family } from '../types.ts';
import { serviceToPort } from './names.ts';
import type { Extension, ParseEnv } from './ext.ts';

export const REJECT_TYPES: [string, string][] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];
/** libip6t_REJECT's reject_table (ip6tables), in its order: an empty argument selects the first. */
export const REJECT_TYPES6: [string, string][] = [
  ['icmp6-no-route', 'no-route'],
  ['icmp6-adm-prohibited', 'adm-prohibited'],
  ['icmp6-addr-unreachable', 'addr-unreach'],
  ['icmp6-port-unreachable', 'port-unreach'],
  ['tcp-reset', 'tcp-reset'],
  ['icmp6-policy-fail', 'policy-fail'],
  ['icmp6-reject-route', 'reject-route'],
];
const prefixOf = (full: string, arg: string): boolean => full.slice(0, arg.length).toLowerCase() === arg.toLowerCase();

/** The default reply of `-j REJECT` per family (libipt_REJECT / libip6t_REJECT init). */
export const defaultRejectWith = (family: Family): string => (family === 'ipv6' ? 'icmp6-port-unreachable' : 'icmp-port-unreachable');

// The state starts without a type: the family is known only once an option is parsed (or at
// result(), through the rule's family: see buildRules).
export const rejectTarget: Extension<{ with?: string }, TargetSpec> = {
  name: 'REJECT',
  entries: [{ name: 'reject-with', id: 0, type: 'string' }],
  init: () => ({}),
  parse(st, _e, _v, arg, _inv, env) {
    // strncasecmp(name, arg, strlen(arg)): any prefix of a name or alias selects it
    const types = env.family === 'ipv6' ? REJECT_TYPES6 : REJECT_TYPES;
    const hit = types.find(([n, a]) => prefixOf(n, arg) || prefixOf(a, arg));
    if (!hit) throw paramError(`unknown reject type "${arg}"`);
    st.with = hit[0];
  },
  result: (st) => ({ kind: 'REJECT', with: st.with ?? '' }),
};

// ---- NAT ----
interface NatState {
  ip?: string;
  ports?: PortRange;
  random?: boolean;
  randomFully?: boolean;
  persistent?: boolean;
}

const portOk = (env: ParseEnv): boolean => [6, 17, 132, 33, 1].includes(env.proto);

/** parse_ports(): "p", "p-q", "p-q/base" (base rejected later: not supported for IPv4 DNAT) */
function parseNatPorts(arg: string, env: ParseEnv): PortRange {
  if (!portOk(env)) throw paramError('Need TCP, UDP, SCTP or DCCP with port specification');
  let port: number;
  let end: number;
  const r = xtStrtoul(arg, 0, 0xffff, true);
  if (r) {
    port = r.value;
    end = r.end;
  } else {
    const s = serviceToPort(arg);
    if (s === undefined) throw paramError(`Port \`${arg}' not valid`);
    port = s;
    end = arg.length;
  }
  const rest = arg.slice(end);
  if (rest === '') return { from: port, to: port };
  if (rest[0] === ':') throw paramError('Invalid port:port syntax - use dash');
  if (rest[0] !== '-') throw paramError(`Garbage after port value: \`${rest}'`);
  const maxArg = rest.slice(1);
  const m = xtStrtoul(maxArg, 0, 0xffff, true);
  if (!m) throw paramError(`Port \`${maxArg}' not valid`);
  if (m.value < port) throw paramError(`Port range \`${maxArg}' funky`);
  const after = maxArg.slice(m.end);
  if (after !== '' && after[0] !== '/') throw paramError(`Garbage after port range: \`${after}'`);
  if (after !== '') throw paramError('Shifted portmap ranges not supported with this kernel');
  return { from: port, to: m.value };
}

/** inet_pton(family) of one end of an address range, in the form the rule keeps (inet_ntop's). */
function natAddr(s: string, family: Family): string {
  if (family === 'ipv6') {
    const n = parseIPv6(s);
    if (n === null) throw paramError(`Bad IP address "${s}"`);
    return formatIPv6(n);
  }
  if (inetPton(s) === null) throw paramError(`Bad IP address "${s}"`);
  return s;
}

/**
 * parse_to(): "[ip[-ip]][:port[-port]]"; ip6tables writes "[ip[-ip]]:port" (brackets), and
 * without brackets a text with more than one colon is all address.
 */
function parseTo(arg: string, st: NatState, env: ParseEnv): void {
  const bracket = arg.indexOf('[');
  let start: string;
  let colon: number;
  if (bracket < 0) {
    start = arg;
    colon = arg.indexOf(':');
    if (colon >= 0 && arg.indexOf(':', colon + 1) >= 0) colon = -1;
    if (colon >= 0) start = arg.slice(0, colon);
  } else {
    const end = arg.indexOf(']', bracket + 1);
    if (end < 0 || env.family === 'ipv4') throw paramError('Invalid address format');
    start = arg.slice(bracket + 1, end);
    // the port is looked for after "]" only: "[a]80" is the address a
    const c = arg.indexOf(':', end + 1);
    colon = c;
  }
  if (colon >= 0) {
    st.ports = parseNatPorts(arg.slice(colon + 1), env);
    // ":port" or "[]:port": no address
    if (colon === 0 || colon === 2) return;
  }
  const dash = start.indexOf('-');
  const lo = natAddr(dash >= 0 ? start.slice(0, dash) : start, env.family);
  if (dash >= 0) {
    const hi = natAddr(start.slice(dash + 1), env.family);
    // printed as a range only when the two ends differ (memcmp of the addresses)
    st.ip = lo === hi ? lo : `${lo}-${hi}`;
  } else st.ip = lo;
}

function natExt(
  name: 'DNAT' | 'SNAT' | 'MASQUERADE',
  entries: Extension['entries'],
  result: (st: NatState) => TargetSpec,
): Extension<NatState, TargetSpec> {
  return {
    name,
    entries,
    init: () => ({}),
    parse(st, entry, _v, arg, _inv, env) {
      switch (entry.name) {
        case 'to-destination':
        case 'to-source':
          parseTo(arg, st, env);
          break;
        case 'to-ports':
          st.ports = parseNatPorts(arg, env);
          break;
        case 'random':
          st.random = true;
          break;
        case 'random-fully':
          st.randomFully = true;
          break;
        case 'persistent':
          st.persistent = true;
          break;
      }
    },
    result,
  };
}
const flagsOf = (st: NatState): Partial<{ random: boolean; randomFully: boolean; persistent: boolean }> => ({
  ...(st.random ? { random: true } : {}),
  ...(st.randomFully ? { randomFully: true } : {}),
  ...(st.persistent ? { persistent: true } : {}),
});

export const dnatTarget = natExt(
  'DNAT',
  [
    { name: 'to-destination', id: 0, type: 'string', mand: true },
    { name: 'random', id: 1, type: 'none' },
    { name: 'persistent', id: 2, type: 'none' },
  ],
  (st) => {
    const f = flagsOf(st);
    return { kind: 'DNAT', toIp: st.ip ?? '', ...(st.ports ? { toPort: st.ports } : {}), ...(f.random ? { random: true } : {}), ...(f.persistent ? { persistent: true } : {}) };
  },
);
export const snatTarget = natExt(
  'SNAT',
  [
    { name: 'to-source', id: 0, type: 'string', mand: true },
    { name: 'random', id: 1, type: 'none' },
    { name: 'random-fully', id: 2, type: 'none' },
    { name: 'persistent', id: 3, type: 'none' },
  ],
  (st) => ({ kind: 'SNAT', toIp: st.ip ?? '', ...(st.ports ? { toPort: st.ports } : {}), ...flagsOf(st) }),
);
export const masqueradeTarget = natExt(
  'MASQUERADE',
  [
    { name: 'to-ports', id: 0, type: 'string' },
    { name: 'random', id: 1, type: 'none' },
    { name: 'random-fully', id: 2, type: 'none' },
  ],
  (st) => {
    const f = flagsOf(st);
    return { kind: 'MASQUERADE', ...(st.ports ? { toPorts: st.ports } : {}), ...(f.random ? { random: true } : {}), ...(f.randomFully ? { randomFully: true } : {}) };
  },
);

// ---- MARK (revision 2) ----
const MARK_ANY = 31;
export const markTarget: Extension<{ mark: number; mask: number }, TargetSpec> = {
  name: 'MARK',
  entries: [
    { name: 'set-xmark', id: 0, type: 'markmask32', excl: MARK_ANY },
    { name: 'set-mark', id: 1, type: 'markmask32', excl: MARK_ANY },
    { name: 'and-mark', id: 2, type: 'uint32', excl: MARK_ANY },
    { name: 'or-mark', id: 3, type: 'uint32', excl: MARK_ANY },
    { name: 'xor-mark', id: 4, type: 'uint32', excl: MARK_ANY },
  ],
  init: () => ({ mark: 0, mask: 0 }),
  parse(st, entry, v) {
    switch (entry.id) {
      case 0: st.mark = v.mark; st.mask = v.mask; break;
      case 1: st.mark = v.mark; st.mask = u32(v.mark | v.mask); break;
      case 2: st.mark = 0; st.mask = u32(~v.num); break;
      case 3: st.mark = v.num; st.mask = v.num; break;
      case 4: st.mark = v.num; st.mask = 0; break;
    }
  },
  fcheck: (_st, xflags) => {
    if (xflags === 0) throw paramError('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required');
  },
  result: (st) => ({ kind: 'MARK', value: st.mark, mask: st.mask }),
};

// ---- LOG ----
const LOG_FLAGS = ['log-tcp-sequence', 'log-tcp-options', 'log-ip-options', 'log-uid', 'log-macdecode'];
interface LogState { level: number; prefix: string; flags: Set<string> }
export const logTarget: Extension<LogState, TargetSpec> = {
  name: 'LOG',
  entries: [
    { name: 'log-level', id: 0, type: 'sysloglevel' },
    { name: 'log-prefix', id: 1, type: 'string', min: 1 },
    ...LOG_FLAGS.map((name, i) => ({ name, id: i + 2, type: 'none' as const })),
  ],
  init: () => ({ level: 4, prefix: '', flags: new Set() }),
  parse(st, entry, v, arg) {
    if (entry.id === 0) st.level = v.num;
    else if (entry.id === 1) {
      if (arg.includes('\n')) throw paramError('Newlines not allowed in --log-prefix');
      st.prefix = arg.slice(0, 29);
    } else st.flags.add(entry.name);
  },
  result: (st) => ({
    kind: 'LOG',
    ...(st.prefix ? { prefix: st.prefix } : {}),
    ...(st.level !== 4 ? { level: String(st.level) } : {}),
    ...(st.flags.size ? { flags: LOG_FLAGS.filter((f) => st.flags.has(f)).map((f) => `--${f}`) } : {}),
  }),
};

export const traceTarget: Extension<null, TargetSpec> = {
  name: 'TRACE',
  entries: [],
  init: () => null,
  parse: () => undefined,
  result: () => ({ kind: 'TRACE' }),
};

/** -j ACCEPT/DROP/RETURN (QUEUE is a standard verdict iptables accepts but the model lacks) */
export const standardTarget: Extension<null, null> = {
  name: 'standard',
  entries: [],
  init: () => null,
  parse: () => undefined,
  result: () => null,
};

export const TARGETS: Record<string, Extension<never, TargetSpec | null>> = Object.fromEntries(
  [rejectTarget, dnatTarget, snatTarget, masqueradeTarget, markTarget, logTarget, traceTarget].map((t) => [
    t.name,
    t as unknown as Extension<never, TargetSpec | null>,
  ]),
);

/** Target extensions that exist in iptables 1.8.9 but are not simulated (chain names may not clash with them). */
export const OTHER_TARGETS = [
  'AUDIT', 'CHECKSUM', 'CLASSIFY', 'CLUSTERIP', 'CONNMARK', 'CONNSECMARK', 'CT', 'DSCP', 'ECN', 'HMARK',
  'IDLETIMER', 'LED', 'NETMAP', 'NFLOG', 'NFQUEUE', 'NOTRACK', 'RATEEST', 'REDIRECT', 'SECMARK', 'SET',
  'SYNPROXY', 'TCPMSS', 'TCPOPTSTRIP', 'TEE', 'TOS', 'TPROXY', 'TTL', 'ULOG',
];
