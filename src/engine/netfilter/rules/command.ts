// do_parse() of iptables 1.8.9 (xshared.c): the whole command line, in getopt order, with
// extensions loaded by -m/-j (and the protocol match loaded implicitly by an unknown option
// after -p), then the final checks in the same order as the C code — so a line with several
// mistakes reports the same one iptables reports.
import { XtError, paramError, tryHelpError } from './errors.ts';
import { xtStrtoul } from './cnum.ts';
import { COLON, Getopt, QUESTION, type LongOpt } from './getopt.ts';
import { MATCHES } from './matches.ts';
import { OTHER_TARGETS, TARGETS, standardTarget } from './targets.ts';
import { protocolByName, protocolName } from './names.ts';
import { optionParse, optionsFcheck } from './xtopt.ts';
import type { Extension, ParseEnv } from './ext.ts';
import type { Family } from '../types.ts';

export const CMD = {
  NONE: 0, INSERT: 1, DELETE: 2, DELETE_NUM: 4, REPLACE: 8, APPEND: 16, LIST: 32, FLUSH: 64,
  ZERO: 128, NEW_CHAIN: 256, DELETE_CHAIN: 512, SET_POLICY: 1024, RENAME_CHAIN: 2048,
  LIST_RULES: 4096, ZERO_NUM: 8192, CHECK: 16384,
} as const;

export const OPT = {
  NUMERIC: 1, SOURCE: 2, DESTINATION: 4, PROTOCOL: 8, JUMP: 16, VERBOSE: 32, EXPANDED: 64,
  VIANAMEIN: 128, VIANAMEOUT: 256, LINENUMBERS: 512, COUNTERS: 1024, FRAGMENT: 2048,
} as const;
const OPTFLAGS = ['n', 's', 'd', 'p', 'j', 'v', 'x', 'i', 'o', '0', 'c', 'f'];
// options that may be inverted, by OPTFLAGS index
const INVERTIBLE = new Set(['s', 'd', 'p', 'i', 'o', 'f']);

const OPTSTRING = '-:A:C:D:E:F::I:L::M:N:P:VX::Z::c:d:i:j:o:p:s:t:R:S::W::46bfg:h::m:nvw::x';

const ORIGINAL_OPTS: LongOpt[] = (
  [
    ['append', 1, 'A'], ['delete', 1, 'D'], ['check', 1, 'C'], ['insert', 1, 'I'], ['replace', 1, 'R'],
    ['list', 2, 'L'], ['list-rules', 2, 'S'], ['flush', 2, 'F'], ['zero', 2, 'Z'], ['new-chain', 1, 'N'],
    ['delete-chain', 2, 'X'], ['rename-chain', 1, 'E'], ['policy', 1, 'P'], ['source', 1, 's'],
    ['destination', 1, 'd'], ['src', 1, 's'], ['dst', 1, 'd'], ['protocol', 1, 'p'], ['in-interface', 1, 'i'],
    ['jump', 1, 'j'], ['table', 1, 't'], ['match', 1, 'm'], ['numeric', 0, 'n'], ['out-interface', 1, 'o'],
    ['verbose', 0, 'v'], ['wait', 2, 'w'], ['wait-interval', 2, 'W'], ['exact', 0, 'x'], ['fragments', 0, 'f'],
    ['version', 0, 'V'], ['help', 2, 'h'], ['line-numbers', 0, '0'], ['modprobe', 1, 'M'],
    ['set-counters', 1, 'c'], ['goto', 1, 'g'], ['ipv4', 0, '4'], ['ipv6', 0, '6'],
  ] as [string, 0 | 1 | 2, string][]
).map(([name, hasArg, c]) => ({ name, hasArg, val: c.charCodeAt(0) }));

/** One loaded extension instance (a `-m x` or `-j X`), with its parse state. */
export interface ExtInstance {
  ext: Extension<unknown, unknown>;
  state: unknown;
  xflags: { v: number };
  /** getopt value range of its options */
  offset: number;
  completed: boolean;
}

export interface ParsedCommand {
  command: number;
  chain?: string;
  rulenum: number;
  newname?: string;
  policy?: string;
  table: string;
  options: number;
  verbose: number;
  invflags: Set<string>;
  /** `-s`/`-d` arguments (undefined: not given) */
  shost?: string;
  dhost?: string;
  proto: number;
  protoText?: string;
  iniface?: string;
  outiface?: string;
  matches: ExtInstance[];
  target?: ExtInstance;
  /** -j/-g name ('' when none) */
  jumpto: string;
  goto: boolean;
  counters?: { packets: number; bytes: number };
  /** restore: a line for the other family (`-6` in iptables-restore, `-4` in ip6tables-restore), ignored */
  ignored?: boolean;
  /** -h / -V: iptables prints help or "iptables v1.8.9 (nf_tables)" ("Not 1.8.9 (nf_tables) ;-)" for ! -V) and exits 0 */
  special?: 'help' | 'version' | 'not-version';
}

export interface ParseOptions {
  restore: boolean;
  /** the table iptables-restore is in; the iptables command defaults to filter */
  table?: string;
  /** ip6tables (AF_INET6) or iptables (default) */
  family?: Family;
}

const cmd2char = (cmd: number): string => 'IDDRALFZNXPESZC'[Math.log2(cmd)] as string;

function addCommand(p: ParsedCommand, newcmd: number, othercmds: number, invert: boolean): void {
  if (invert) throw paramError("unexpected '!' flag");
  const other = p.command & ~othercmds;
  if (other) throw paramError(`Cannot use -${cmd2char(newcmd)} with -${cmd2char(other & -other)}`);
  p.command |= newcmd;
}

const EXT_MAXNAMELEN = 29;

/** assert_valid_chain_name() */
export function assertValidChainName(name: string): void {
  if (name.length >= EXT_MAXNAMELEN)
    throw paramError(`chain name \`${name}' too long (must be under ${EXT_MAXNAMELEN} chars)`);
  if (name[0] === '-' || name[0] === '!') throw paramError(`chain name not allowed to start with \`${name[0]}'`);
  if (isTargetName(name)) throw paramError('chain name may not clash with target name');
  if (/\s/.test(name)) throw paramError(`Invalid chain name \`${name}'`);
}

export const isTargetName = (name: string): boolean =>
  ['ACCEPT', 'DROP', 'QUEUE', 'RETURN', ''].includes(name) || name in TARGETS || OTHER_TARGETS.includes(name);

function parseRulenumber(s: string): number {
  const r = xtStrtoul(s, 1, 0x7fffffff);
  if (!r) throw paramError(`Invalid rule number \`${s}'`);
  return r.value;
}

/** xtables_parse_protocol() */
export function parseProtocol(s: string): number {
  const r = xtStrtoul(s, 0, 255);
  if (r) return r.value;
  const n = protocolByName(s);
  if (n !== undefined) return n;
  throw paramError(`unknown protocol "${s}" specified`);
}

const OFFSET_SCALE = 256;
const MERGED = new Map<string, LongOpt[]>();

export function parseCommand(argvIn: string[], popts: ParseOptions): ParsedCommand {
  // argv[0] is the program name in C; keep indexes identical
  const argv = ['iptables', ...argvIn];
  const g = new Getopt(argv, OPTSTRING);
  const p: ParsedCommand = {
    command: 0, rulenum: 0, table: popts.table ?? 'filter', options: 0, verbose: 0, invflags: new Set(),
    proto: 0, matches: [], jumpto: '', goto: false,
  };
  let opts: LongOpt[] = ORIGINAL_OPTS;
  // the merged option list only depends on the extensions loaded so far, in order
  let sig = '';
  let nextOffset = 0;
  // iptables-restore passes "-t <table>" itself, so any -t on a line is a second one
  let tableSet = popts.restore;
  let invert = false;
  let protoUsed = false;
  const loadedNames = new Set<string>();

  const family: Family = popts.family ?? 'ipv4';
  const env = (): ParseEnv => ({ proto: p.proto, protoInvert: p.invflags.has('p'), argv, getopt: g, family });

  const mergeOptions = (ext: Extension<unknown, unknown>): number => {
    nextOffset += OFFSET_SCALE;
    const offset = nextOffset;
    sig += `|${ext.name}`;
    const cached = MERGED.get(sig);
    if (cached) opts = cached;
    else {
      const mine: LongOpt[] = ext.entries.map((e) => ({ name: e.name, hasArg: e.type === 'none' ? 0 : 1, val: offset + e.id }));
      // base options keep precedence, then the newest extension, then the older ones
      opts = [...ORIGINAL_OPTS, ...mine, ...opts.slice(ORIGINAL_OPTS.length)];
      MERGED.set(sig, opts);
    }
    return offset;
  };

  const loadMatch = (name: string): ExtInstance => {
    if (name.length >= EXT_MAXNAMELEN)
      throw paramError(`Invalid match name "${name}" (${EXT_MAXNAMELEN - 1} chars max)`);
    const ext = MATCHES[name] as Extension<unknown, unknown> | undefined;
    if (!ext) throw paramError(`Couldn't load match \`${name}':No such file or directory\n`);
    for (const m of p.matches) if (m.ext.name === name) m.completed = true;
    const first = !loadedNames.has(name);
    loadedNames.add(name);
    // a clone (second -m of the same name) shares the first instance's option ids
    const offset = first ? mergeOptions(ext) : (p.matches.find((m) => m.ext.name === name) as ExtInstance).offset;
    const inst: ExtInstance = { ext, state: ext.init(), xflags: { v: 0 }, offset, completed: false };
    p.matches.push(inst);
    return inst;
  };

  const setOption = (opt: number, letter: string): void => {
    if (p.options & opt) throw paramError(`multiple -${letter} flags not allowed`);
    p.options |= opt;
    if (invert) {
      if (!INVERTIBLE.has(letter)) throw paramError(`cannot have ! before -${letter}`);
      p.invflags.add(letter);
    }
  };

  const hasArg = (): boolean => {
    const a = argv[g.optind];
    return a !== undefined && a[0] !== '-' && a[0] !== '!';
  };

  const callExt = (inst: ExtInstance, c: number): void => {
    // xtables_option_lookup(): the first entry with that id (aliases share ids)
    const entry = inst.ext.entries.find((e) => e.id === c - inst.offset);
    if (!entry) throw new XtError('param', `Extension does not know id ${c - inst.offset}`, 1);
    const arg = g.optarg;
    if (inst.ext.legacy) {
      inst.ext.parse(inst.state, entry, { num: 0, dbl: 0, mark: 0, mask: 0, ports: [0, 0], host: 0 }, arg ?? '', invert, env());
      inst.xflags.v |= 1 << entry.id;
      return;
    }
    const v = optionParse(inst.ext.name, entry, arg, invert, inst.xflags, family);
    inst.ext.parse(inst.state, entry, v, arg ?? '', invert, env());
  };

  /** command_default(): returns true when getopt must be rerun on the same argument */
  const commandDefault = (c: number): boolean => {
    const t = p.target;
    if (t && c >= t.offset && c < t.offset + OFFSET_SCALE) {
      callExt(t, c);
      return false;
    }
    for (const m of p.matches) {
      if (m.completed) continue;
      if (c < m.offset || c >= m.offset + OFFSET_SCALE) continue;
      callExt(m, c);
      return false;
    }
    // load the protocol match on demand: `-p tcp --dport 80`
    if (p.protoText !== undefined && !protoUsed) {
      const name = /^\d+$/.test(p.protoText) ? protocolName(Number(p.protoText)) : p.protoText;
      if (MATCHES[name]) {
        protoUsed = true;
        loadMatch(name);
        g.optind--;
        return true;
      }
    }
    const last = argv[g.optind - 1] ?? '';
    if (c === COLON) throw paramError(`option "${last}" requires an argument`);
    if (c === QUESTION) throw paramError(`unknown option "${last}"`);
    throw paramError(`Unknown arg "${g.optarg ?? ''}"`);
  };

  for (;;) {
    const c = g.next(opts);
    if (c === -1) break;
    const ch = c < 128 ? String.fromCharCode(c) : '';
    const optarg = g.optarg;
    let rerun = false;
    switch (ch) {
      case 'A':
        addCommand(p, CMD.APPEND, CMD.NONE, invert);
        p.chain = optarg;
        break;
      case 'C':
        addCommand(p, CMD.CHECK, CMD.NONE, invert);
        p.chain = optarg;
        break;
      case 'D':
        addCommand(p, CMD.DELETE, CMD.NONE, invert);
        p.chain = optarg;
        if (hasArg()) {
          p.rulenum = parseRulenumber(argv[g.optind++] as string);
          p.command = CMD.DELETE_NUM;
        }
        break;
      case 'R':
        addCommand(p, CMD.REPLACE, CMD.NONE, invert);
        p.chain = optarg;
        if (hasArg()) p.rulenum = parseRulenumber(argv[g.optind++] as string);
        else throw paramError('-R requires a rule number');
        break;
      case 'I':
        addCommand(p, CMD.INSERT, CMD.NONE, invert);
        p.chain = optarg;
        p.rulenum = hasArg() ? parseRulenumber(argv[g.optind++] as string) : 1;
        break;
      case 'L':
      case 'S':
        addCommand(p, ch === 'L' ? CMD.LIST : CMD.LIST_RULES, CMD.ZERO | CMD.ZERO_NUM, invert);
        if (optarg !== undefined) p.chain = optarg;
        else if (hasArg()) p.chain = argv[g.optind++];
        if (hasArg()) p.rulenum = parseRulenumber(argv[g.optind++] as string);
        break;
      case 'F':
        addCommand(p, CMD.FLUSH, CMD.NONE, invert);
        if (optarg !== undefined) p.chain = optarg;
        else if (hasArg()) p.chain = argv[g.optind++];
        break;
      case 'Z':
        addCommand(p, CMD.ZERO, CMD.LIST | CMD.LIST_RULES, invert);
        if (optarg !== undefined) p.chain = optarg;
        else if (hasArg()) p.chain = argv[g.optind++];
        if (hasArg()) {
          p.rulenum = parseRulenumber(argv[g.optind++] as string);
          p.command = CMD.ZERO_NUM | (p.command & ~CMD.ZERO);
        }
        break;
      case 'N':
        assertValidChainName(optarg as string);
        addCommand(p, CMD.NEW_CHAIN, CMD.NONE, invert);
        p.chain = optarg;
        break;
      case 'X':
        addCommand(p, CMD.DELETE_CHAIN, CMD.NONE, invert);
        if (optarg !== undefined) p.chain = optarg;
        else if (hasArg()) p.chain = argv[g.optind++];
        break;
      case 'E':
        addCommand(p, CMD.RENAME_CHAIN, CMD.NONE, invert);
        p.chain = optarg;
        if (hasArg()) p.newname = argv[g.optind++];
        else throw paramError('-E requires old-chain-name and new-chain-name');
        break;
      case 'P':
        addCommand(p, CMD.SET_POLICY, CMD.NONE, invert);
        p.chain = optarg;
        if (hasArg()) p.policy = argv[g.optind++];
        else throw paramError('-P requires a chain and a policy');
        break;
      case 'h':
        // iptables prints its help and exits 0: the command decides what to print
        return { ...p, special: 'help' };
      case 'p': {
        setOption(OPT.PROTOCOL, 'p');
        const text = (optarg as string).toLowerCase();
        p.protoText = text;
        p.proto = parseProtocol(text);
        if (p.proto === 0 && p.invflags.has('p')) throw paramError('rule would never match protocol');
        break;
      }
      case 's':
        setOption(OPT.SOURCE, 's');
        p.shost = optarg;
        break;
      case 'd':
        setOption(OPT.DESTINATION, 'd');
        p.dhost = optarg;
        break;
      case 'g':
        setOption(OPT.JUMP, 'j');
        p.goto = true;
        p.jumpto = parseTargetName(optarg as string);
        break;
      case 'j': {
        setOption(OPT.JUMP, 'j');
        p.jumpto = parseTargetName(optarg as string);
        const std = ['ACCEPT', 'DROP', 'RETURN', 'QUEUE'].includes(p.jumpto);
        const ext = std ? standardTarget : TARGETS[p.jumpto];
        if (ext) {
          const t = ext as unknown as Extension<unknown, unknown>;
          p.target = { ext: t, state: t.init(), xflags: { v: 0 }, offset: 0, completed: false };
          p.target.offset = mergeOptions(t);
        } else if (OTHER_TARGETS.includes(p.jumpto)) {
          throw paramError(`Couldn't load target \`${p.jumpto}':No such file or directory\n`);
        }
        break;
      }
      case 'i':
      case 'o': {
        if ((optarg as string) === '') throw paramError('Empty interface is likely to be undesired');
        setOption(ch === 'i' ? OPT.VIANAMEIN : OPT.VIANAMEOUT, ch);
        const name = optarg as string;
        if (name.length + 1 > 16)
          throw paramError(`interface name \`${name}' must be shorter than IFNAMSIZ (15)`);
        if (ch === 'i') p.iniface = name;
        else p.outiface = name;
        break;
      }
      case 'f':
        // IPv6 has no fragment bit in its header: ip6tables refuses -f before anything else
        if (family === 'ipv6') throw paramError("`-f' is not supported in IPv6, use -m frag instead");
        setOption(OPT.FRAGMENT, 'f');
        break;
      case 'v':
        if (!p.verbose) setOption(OPT.VERBOSE, 'v');
        p.verbose++;
        break;
      case 'm':
        if (invert) throw paramError('unexpected ! flag before --match');
        loadMatch(optarg as string);
        break;
      case 'n':
        setOption(OPT.NUMERIC, 'n');
        break;
      case 't':
        if (invert) throw paramError('unexpected ! flag before --table');
        if (popts.restore && tableSet) throw paramError('The -t option cannot be used in iptables-restore.\n');
        p.table = optarg as string;
        tableSet = true;
        break;
      case 'x':
        setOption(OPT.EXPANDED, 'x');
        break;
      case 'V':
        return { ...p, special: invert ? 'not-version' : 'version' };
      case 'w':
      case 'W':
        if (popts.restore) throw paramError(`You cannot use \`-${ch}' from iptables-restore`);
        if (optarg === undefined && hasArg()) g.optind++;
        break;
      case '0':
        setOption(OPT.LINENUMBERS, '0');
        break;
      case 'M':
        break;
      case 'c': {
        setOption(OPT.COUNTERS, 'c');
        const pc = optarg as string;
        let bc: string | undefined;
        const comma = pc.indexOf(',', 1);
        if (comma >= 0) bc = pc.slice(comma + 1);
        if (bc === undefined && hasArg()) bc = argv[g.optind++];
        if (bc === undefined) throw paramError('-c requires packet and byte counter');
        const pn = /^\s*\+?(\d+)/.exec(pc);
        if (!pn) throw paramError('-c packet counter not numeric');
        const bn = /^\s*\+?(\d+)/.exec(bc);
        if (!bn) throw paramError('-c byte counter not numeric');
        p.counters = { packets: Number(pn[1]), bytes: Number(bn[1]) };
        break;
      }
      case '4':
      case '6':
        // -4/-6 name the family a line is for: the own one is a no-op, the other one is
        // skipped by the restore tool and refused by the command
        if ((ch === '4') === (family === 'ipv4')) break;
        if (popts.restore) return { ...p, ignored: true };
        throw tryHelpError('');
      default:
        if (c === 1) {
          if (optarg === '!') {
            if (invert) throw paramError('multiple consecutive ! not allowed');
            invert = true;
            continue;
          }
          throw tryHelpError(`Bad argument \`${optarg ?? ''}'`);
        }
        rerun = commandDefault(c);
        if (rerun) continue;
        break;
    }
    invert = false;
  }

  if (p.table === 'nat' && (p.policy === 'DROP' || p.jumpto === 'DROP'))
    throw paramError('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');

  for (const m of p.matches) finalCheck(m);
  if (p.target) finalCheck(p.target);

  if (g.optind < argv.length) throw paramError('unknown arguments found on commandline');
  if (!p.command) throw paramError('no command specified');
  if (invert) throw paramError('nothing appropriate following !');
  return p;
}

function finalCheck(inst: ExtInstance): void {
  inst.ext.fcheck?.(inst.state, inst.xflags.v);
  if (!inst.ext.legacy) optionsFcheck(inst.ext.name, inst.xflags.v, inst.ext.entries);
}

function parseTargetName(name: string): string {
  if (name.length < 1) throw paramError('Invalid target name (too short)');
  if (name.length >= EXT_MAXNAMELEN)
    throw paramError(`Invalid target name \`${name}' (${EXT_MAXNAMELEN - 1} chars max)`);
  if (/\s/.test(name)) throw paramError(`Invalid target name \`${name}'`);
  return name;
}

/** generic_opt_check(): which options each command allows */
const LEGAL: Record<number, string> = {
  [CMD.INSERT]: 'x     x  x  ',
  [CMD.DELETE]: 'x     x  xx ',
  [CMD.DELETE_NUM]: 'xxxxx xxxxxx',
  [CMD.REPLACE]: 'x     x  x  ',
  [CMD.APPEND]: 'x     x  x  ',
  [CMD.LIST]: ' xxxx  xx xx',
  [CMD.FLUSH]: 'xxxxx xxxxxx',
  [CMD.ZERO]: 'xxxxx xxxxxx',
  [CMD.NEW_CHAIN]: 'xxxxx xxxxxx',
  [CMD.DELETE_CHAIN]: 'xxxxx xxxxxx',
  [CMD.SET_POLICY]: 'xxxxx xxxx x',
  [CMD.RENAME_CHAIN]: 'xxxxx xxxxxx',
  [CMD.LIST_RULES]: 'xxxxx xxxxxx',
  [CMD.ZERO_NUM]: 'xxxxx xxxxxx',
  [CMD.CHECK]: 'x     x  xx ',
};

export function genericOptCheck(command: number, options: number): void {
  for (let i = 0; i < OPTFLAGS.length; i++) {
    let legal = 0;
    for (let j = 0; j < 16; j++) {
      const cmd = 1 << j;
      if (!(command & cmd)) continue;
      if (!(options & (1 << i))) continue;
      const row = LEGAL[cmd] ?? '';
      if (row[i] !== 'x') legal = 1;
      else if (legal === 0) legal = -1;
    }
    if (legal === -1) throw paramError(`Illegal option \`-${OPTFLAGS[i]}' with this command`);
  }
}
