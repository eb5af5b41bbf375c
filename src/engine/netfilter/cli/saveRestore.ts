// iptables-save and iptables-restore (1.8.9) on a node: option parsing, messages and exit
// codes of xtables-save/xtables-restore; the dump and the transaction are CONTRACTS §1's.

import type { CommandContext, CommandDescriptor, CommandResult } from '../../shell/types.ts';
import type { NodeWorld } from '../../nodeshell/types.ts';
import { cloneTable, restore, save } from '../rules/index.ts';
import type { Ruleset, TableName } from '../types.ts';
import { iptablesEnv, LEGACY_VERSION, NFT_VERSION } from './commands.ts';
import { IPTABLES_RESTORE_HELP } from './help.ts';

const TABLES: TableName[] = ['raw', 'mangle', 'nat', 'filter'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** ctime() of the node's wall clock (UTC, as kind nodes run), e.g. "Sat Nov 21 09:00:00 2026". */
export function ctime(iso: string): string {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d:\d\d:\d\d)/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // days since 1970-01-01 (civil-from-days inverse, proleptic Gregorian)
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  const dow = DAYS[(((days + 4) % 7) + 7) % 7] as string;
  return `${dow} ${MONTHS[mo - 1]} ${String(d).padStart(2, ' ')} ${m[4]} ${y}`;
}

const nowText = (world: NodeWorld): string => ctime(world.sim.clock.timestamp());

/** Short options with their argument (getopt "bcdt:M:f:46V" / "bcvVthnM:T:wW"). */
interface Opts {
  flags: Set<string>;
  values: Map<string, string>;
  rest: string[];
}

function getopt(prog: string, args: string[], shortOpts: string, long: Record<string, string>, tryText: string): Opts | CommandResult {
  const o: Opts = { flags: new Set(), values: new Map(), rest: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--') && a.length > 2) {
      const [name, attached] = a.slice(2).split(/=(.*)/s) as [string, string | undefined];
      const hits = Object.keys(long).filter((k) => k === name || k.startsWith(name));
      const key = long[hits.includes(name) ? name : hits.length === 1 ? (hits[0] as string) : ''];
      if (!key) return { stdout: '', stderr: `${prog}: unrecognized option '${a}'\n${tryText}`, exitCode: 1 };
      if (shortOpts.includes(`${key}:`)) {
        const v = attached ?? args[++i];
        if (v === undefined) return { stdout: '', stderr: `${prog}: option '--${name}' requires an argument\n${tryText}`, exitCode: 1 };
        o.values.set(key, v);
      } else o.flags.add(key);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j] as string;
        const at = shortOpts.indexOf(ch);
        if (at < 0 || ch === ':') return { stdout: '', stderr: `${prog}: invalid option -- '${ch}'\n${tryText}`, exitCode: 1 };
        if (shortOpts[at + 1] === ':') {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return { stdout: '', stderr: `${prog}: option requires an argument -- '${ch}'\n${tryText}`, exitCode: 1 };
          o.values.set(ch, v);
          break;
        }
        o.flags.add(ch);
      }
      continue;
    }
    o.rest.push(a);
  }
  return o;
}

const isResult = (x: Opts | CommandResult): x is CommandResult => 'exitCode' in x;

const SAVE_LONG: Record<string, string> = { counters: 'c', table: 't', modprobe: 'M', file: 'f', ipv4: '4', ipv6: '6', version: 'V', dump: 'd' };

function runSave(ctx: CommandContext<NodeWorld>, legacy: boolean): CommandResult {
  const prog = 'iptables-save';
  const parsed = getopt(prog, ctx.args, 'bcdt:M:f:46V', SAVE_LONG, "Look at manual page `iptables-save.8' for more information.\n");
  if (isResult(parsed)) return parsed;
  if (parsed.flags.has('V')) return { stdout: `${ctx.name} v${legacy ? LEGACY_VERSION : NFT_VERSION}\n`, stderr: '', exitCode: 0 };
  const env = iptablesEnv(ctx.world, legacy);
  const table = parsed.values.get('t');
  if (table !== undefined && !(TABLES as string[]).includes(table)) {
    return { stdout: '', stderr: `Table \`${table}' does not exist\n`, exitCode: 1 };
  }
  const opts = { counters: parsed.flags.has('c'), generatedAt: nowText(ctx.world) };
  let text: string;
  if (legacy) {
    if (table) ctx.world.legacy.loaded.add(table);
    const loaded = table ? [table] : [...ctx.world.legacy.loaded];
    text = loaded
      .map((t) => save(env.ruleset, { ...opts, table: t as TableName, program: 'iptables-save' }))
      .join('')
      .replaceAll(' v1.8.9 (nf_tables) on ', ' v1.8.9 on ');
  } else {
    text = save(env.ruleset, { ...opts, ...(table ? { table: table as TableName } : {}), program: ctx.name });
  }
  const warn = env.legacyTablesPresent ? '# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n' : '';
  const file = parsed.values.get('f');
  if (file !== undefined) {
    const err = ctx.fs.writeFile(file, text);
    if (err) return { stdout: '', stderr: `Failed to open file, error: ${err}\n`, exitCode: 1 };
    return { stdout: '', stderr: warn, exitCode: 0 };
  }
  return { stdout: text, stderr: warn, exitCode: 0 };
}

const RESTORE_LONG: Record<string, string> = {
  counters: 'c', verbose: 'v', version: 'V', test: 't', help: 'h', noflush: 'n', modprobe: 'M', table: 'T',
  wait: 'w', 'wait-interval': 'W', ipv4: '4', ipv6: '6',
};

function runRestore(ctx: CommandContext<NodeWorld>, legacy: boolean): CommandResult {
  const prog = 'iptables-restore';
  const version = legacy ? LEGACY_VERSION : NFT_VERSION;
  const parsed = getopt(prog, ctx.args, 'bcvVthnM:T:wW46', RESTORE_LONG, "Try `iptables-restore -h' for more information.\n");
  if (isResult(parsed)) return parsed;
  if (parsed.flags.has('h')) return { stdout: '', stderr: IPTABLES_RESTORE_HELP, exitCode: 0 };
  if (parsed.flags.has('V')) return { stdout: `${prog} v${version}\n`, stderr: '', exitCode: 0 };
  let input = ctx.stdin;
  const file = parsed.rest[0];
  if (file !== undefined) {
    const text = ctx.fs.readFile(file);
    if (text === undefined) return { stdout: '', stderr: `Can't open ${file}: No such file or directory\n`, exitCode: 1 };
    input = text;
  }
  const table = parsed.values.get('T') as TableName | undefined;
  const env = iptablesEnv(ctx.world, legacy);
  // --test: parse and check everything, change nothing
  const target: Ruleset = parsed.flags.has('t')
    ? { tables: new Map([...env.ruleset.tables].map(([n, t]) => [n, cloneTable(t)])) }
    : env.ruleset;
  const res = restore(target, input, {
    noflush: parsed.flags.has('n'),
    counters: parsed.flags.has('c'),
    ...(table ? { table } : {}),
    ...(env.nfacctExists ? { nfacctExists: env.nfacctExists } : {}),
  });
  if (legacy) for (const m of input.matchAll(/^\*(\w+)/gm)) ctx.world.legacy.loaded.add(m[1] as string);
  if (res.ok) return { stdout: '', stderr: '', exitCode: 0 };
  return { stdout: '', stderr: res.stderr.replaceAll(`v${NFT_VERSION}`, `v${version}`), exitCode: res.exitCode };
}

function saveDescriptor(name: string, legacy: boolean): CommandDescriptor<NodeWorld> {
  return {
    name,
    summary: 'dump iptables rules',
    help: '',
    ownHelp: true,
    run: (ctx) => runSave(ctx, legacy),
  };
}

function restoreDescriptor(name: string, legacy: boolean): CommandDescriptor<NodeWorld> {
  return {
    name,
    summary: 'restore iptables rules',
    help: IPTABLES_RESTORE_HELP,
    ownHelp: true,
    run: (ctx) => runRestore(ctx, legacy),
  };
}

export const saveRestoreCommands: CommandDescriptor<NodeWorld>[] = [
  saveDescriptor('iptables-save', false),
  saveDescriptor('iptables-nft-save', false),
  saveDescriptor('iptables-legacy-save', true),
  restoreDescriptor('iptables-restore', false),
  restoreDescriptor('iptables-nft-restore', false),
  restoreDescriptor('iptables-legacy-restore', true),
];
