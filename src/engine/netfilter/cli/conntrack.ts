// `conntrack` (conntrack-tools 1.4.7) on a node: -L/-D/-F/-C/-E over the node's conntrack
// table, with the tool's option parsing, messages (stderr) and exit codes.

import { formatConntrack, type ConntrackEntry, type ConntrackFilter, type CtProto, type TcpState } from '../kernel/index.ts';
import type { CommandDescriptor, CommandResult } from '../../shell/types.ts';
import type { NodeWorld } from '../../nodeshell/types.ts';
import { CONNTRACK_HELP } from './help.ts';

const PREFIX = 'conntrack v1.4.7 (conntrack-tools): ';
const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";

type Cmd = 'L' | 'D' | 'F' | 'C' | 'E' | 'G' | 'I' | 'U' | 'S';

const COMMANDS: Record<string, Cmd> = {
  L: 'L', dump: 'L', D: 'D', delete: 'D', F: 'F', flush: 'F', C: 'C', count: 'C', E: 'E', event: 'E',
  G: 'G', get: 'G', I: 'I', create: 'I', U: 'U', update: 'U', S: 'S', stats: 'S',
};

/** Options with an argument; the value names the filter field (or a setting). */
const WITH_ARG: Record<string, string> = {
  s: 'src', src: 'src', 'orig-src': 'src', d: 'dst', dst: 'dst', 'orig-dst': 'dst',
  r: 'replySrc', 'reply-src': 'replySrc', q: 'replyDst', 'reply-dst': 'replyDst',
  p: 'proto', protonum: 'proto', t: 'timeout', timeout: 'timeout', u: 'status', status: 'status',
  m: 'mark', mark: 'mark', o: 'output', output: 'output', f: 'family', family: 'family',
  n: 'srcNat', 'src-nat': 'srcNat', g: 'dstNat', 'dst-nat': 'dstNat', j: 'anyNat', 'any-nat': 'anyNat',
  w: 'zone', zone: 'zone', 'orig-zone': 'zone', 'reply-zone': 'zone', b: 'buffer', 'buffer-size': 'buffer',
  e: 'events', 'event-mask': 'events', l: 'label', label: 'label', c: 'secmark', secmark: 'secmark',
  'mask-src': 'mask', 'mask-dst': 'mask',
};
const FLAGS = new Set(['z', 'zero', 'h', 'help', 'V', 'version']);
/** Options the protocol extension adds once -p names it. */
const PROTO_OPTS: Record<string, Record<string, string>> = {
  tcp: { sport: 'sport', 'orig-port-src': 'sport', dport: 'dport', 'orig-port-dst': 'dport', 'reply-port-src': 'replySport', 'reply-port-dst': 'replyDport', state: 'state' },
  udp: { sport: 'sport', 'orig-port-src': 'sport', dport: 'dport', 'orig-port-dst': 'dport', 'reply-port-src': 'replySport', 'reply-port-dst': 'replyDport' },
  sctp: { sport: 'sport', 'orig-port-src': 'sport', dport: 'dport', 'orig-port-dst': 'dport', 'reply-port-src': 'replySport', 'reply-port-dst': 'replyDport', state: 'state' },
  icmp: {},
};
const PROTO_NUMBERS: Record<string, CtProto> = { '6': 'tcp', '17': 'udp', '132': 'sctp', '1': 'icmp' };
const TCP_STATES = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'];

const usage = (msg: string): CommandResult => ({ stdout: '', stderr: `${PREFIX}${msg}\n${TRY}`, exitCode: 2 });

/** inet_aton: a, a.b, a.b.c or a.b.c.d (each part decimal, octal or hex). */
function inetAton(s: string): string | undefined {
  const parts = s.split('.');
  if (parts.length > 4 || parts.some((p) => !/^(0x[0-9a-f]+|[0-9]+)$/i.test(p))) return undefined;
  const nums = parts.map((p) => (/^0x/i.test(p) ? parseInt(p, 16) : p.length > 1 && p.startsWith('0') ? parseInt(p, 8) : parseInt(p, 10)));
  if (nums.some((n) => Number.isNaN(n))) return undefined;
  const last = nums.pop() as number;
  const limits = [0xffffffff, 0xffffff, 0xffff, 0xff];
  if (last > (limits[nums.length] as number) || nums.some((n) => n > 255)) return undefined;
  const bytes = [...nums];
  const lastBytes = 4 - nums.length;
  for (let i = lastBytes - 1; i >= 0; i--) bytes.push(Math.floor(last / 256 ** i) % 256);
  return bytes.join('.');
}

interface Parsed {
  cmd?: Cmd;
  filter: ConntrackFilter;
  extended: boolean;
  family: 'ipv4' | 'ipv6';
  table: string;
}

function parse(args: string[]): Parsed | CommandResult {
  const p: Parsed = { filter: {}, extended: false, family: 'ipv4', table: 'conntrack' };
  for (let i = 0; i < args.length; i++) {
    const tok = args[i] as string;
    if (!tok.startsWith('-') || tok === '-') return usage(`Bad parameter \`${tok}'`);
    const long = tok.startsWith('--');
    const eq = long ? tok.indexOf('=') : -1;
    const name = long ? tok.slice(2, eq >= 0 ? eq : undefined) : tok.slice(1, 2);
    let attached: string | undefined = long ? (eq >= 0 ? tok.slice(eq + 1) : undefined) : tok.length > 2 ? tok.slice(2) : undefined;
    const optName = long ? tok.slice(0, eq >= 0 ? eq : undefined) : tok.slice(0, 2);
    const cmd = COMMANDS[name];
    if (cmd && (long || 'LDFCEGIUS'.includes(name))) {
      if (p.cmd) return usage('Invalid commands combination');
      p.cmd = cmd;
      // -L [table]: an optional table name follows.
      const next = attached ?? (args[i + 1] !== undefined && !(args[i + 1] as string).startsWith('-') ? args[++i] : undefined);
      if (next !== undefined) p.table = next;
      continue;
    }
    if (FLAGS.has(name)) {
      if (name === 'h' || name === 'help') return { stdout: CONNTRACK_HELP, stderr: '', exitCode: 0 };
      if (name === 'V' || name === 'version') return { stdout: 'conntrack v1.4.7 (conntrack-tools)\n', stderr: '', exitCode: 0 };
      continue;
    }
    const protoField = p.filter.proto ? PROTO_OPTS[p.filter.proto]?.[name] : undefined;
    const field = long || name.length === 1 ? (WITH_ARG[name] ?? protoField) : undefined;
    if (!field) return usage(`unknown option \`${optName}'`);
    if (attached === undefined) {
      if (i + 1 >= args.length) return usage(`option \`${optName}' requires an argument`);
      attached = args[++i] as string;
    }
    const v = attached;
    switch (field) {
      case 'src':
      case 'dst':
      case 'replySrc':
      case 'replyDst': {
        const ip = inetAton(v);
        if (!ip) return usage(`Invalid IP address \`${v}'`);
        p.filter[field] = ip;
        break;
      }
      case 'proto': {
        const proto = PROTO_NUMBERS[v] ?? (v in PROTO_OPTS ? (v as CtProto) : undefined);
        if (!proto) return usage(`\`${v}' unsupported protocol`);
        p.filter.proto = proto;
        break;
      }
      case 'sport':
      case 'dport':
      case 'replySport':
      case 'replyDport': {
        if (!/^[0-9]+$/.test(v) || Number(v) > 65535) return usage(`invalid port \`${v}'`);
        p.filter[field] = Number(v);
        break;
      }
      case 'state': {
        if (!TCP_STATES.includes(v)) return usage(`unknown state \`${v}'`);
        p.filter.state = v as TcpState;
        break;
      }
      case 'mark':
        p.filter.mark = Number(v.split('/')[0]);
        break;
      case 'status': {
        const s = v.split(',')[0] as string;
        if (!['ASSURED', 'SEEN_REPLY', 'UNREPLIED', 'SRC_NAT', 'DST_NAT', 'FIXED_TIMEOUT', 'EXPECTED', 'OFFLOAD'].includes(s)) {
          return usage(`Bad parameter \`${v}'`);
        }
        if (s === 'ASSURED' || s === 'SEEN_REPLY' || s === 'UNREPLIED' || s === 'SRC_NAT' || s === 'DST_NAT') p.filter.status = s;
        break;
      }
      case 'output':
        p.extended = v.split(',').includes('extended');
        break;
      case 'family':
        if (v !== 'ipv4' && v !== 'ipv6') return usage(`Unknown family \`${v}'`);
        p.family = v;
        break;
      default:
        break;
    }
  }
  return p;
}

export const conntrackCommand: CommandDescriptor<NodeWorld> = {
  name: 'conntrack',
  summary: 'command line interface for netfilter connection tracking',
  help: CONNTRACK_HELP,
  ownHelp: true,
  run(ctx) {
    const p = parse(ctx.args);
    if ('exitCode' in p) return p;
    if (!p.cmd) return { stdout: CONNTRACK_HELP, stderr: '', exitCode: 0 };
    const kernel = ctx.world.kernel();
    const now = ctx.world.sim.clock.now();
    const ct = kernel?.conntrack;
    const entries = () => (ct && p.family === 'ipv4' ? ct.list(now, p.filter) : []);
    const line = (e: ConntrackEntry): string => `${formatConntrack(e, now, { extended: p.extended })}\n`;
    switch (p.cmd) {
      case 'L': {
        if (p.table === 'expect') return { stdout: '', stderr: `${PREFIX}0 expectations have been shown.\n`, exitCode: 0 };
        const list = p.table === 'conntrack' ? entries() : [];
        return { stdout: list.map(line).join(''), stderr: `${PREFIX}${list.length} flow entries have been shown.\n`, exitCode: 0 };
      }
      case 'D': {
        const list = entries();
        if (ct && list.length) ct.delete(p.filter, now);
        return {
          stdout: list.map(line).join(''),
          stderr: `${PREFIX}${list.length} flow entries have been deleted.\n`,
          exitCode: list.length ? 0 : 1,
        };
      }
      case 'F':
        ct?.flush();
        return { stdout: '', stderr: `${PREFIX}connection tracking table has been emptied.\n`, exitCode: 0 };
      case 'C':
        return { stdout: `${ct ? ct.count(now) : 0}\n`, stderr: '', exitCode: 0 };
      case 'E':
        // Events stream until Ctrl-C; a synchronous shell stops it at once.
        return { stdout: '', stderr: `${PREFIX}0 flow events have been shown.\n`, exitCode: 0 };
      default:
        return usage('Operation not supported');
    }
  },
};
