// The `iptables` command (1.8.9): parse the command line as do_parse does, then list (-L/-S)
// or run the change as one nf_tables transaction, printing what the real binary prints.

import type { CommandResult } from '../../shell/types.ts';
import {
  CMD, OPT, XtError, commandOps, formatRule, isBuiltin, parseIptablesArgs, renderError, renderTxnFailure, runTransaction,
  type Op, type ParsedIptables,
} from '../rules/index.ts';
import type { Chain, Rule, Ruleset, Table, TableName } from '../types.ts';
import { iptablesHelp } from './help.ts';
import { listChains, orderedChains } from './list.ts';
import type { NameResolver } from './names.ts';
import { formatListRule, type ListFormat } from './ruleText.ts';

export interface IptablesEnv {
  ruleset: Ruleset;
  names: NameResolver;
  /** "1.8.9 (nf_tables)" or "1.8.9 (legacy)". */
  version: string;
  /** iptables-nft warns when legacy tables exist in the namespace too. */
  legacyTablesPresent: boolean;
  /** Called with each table a legacy command loads (iptables-legacy-save lists only those). */
  onTableUsed?(table: TableName): void;
  nfacctExists?(name: string): boolean;
}

const NFT = '1.8.9 (nf_tables)';
const LEGACY_WARNING = '# Warning: iptables-legacy tables present, use iptables-legacy to see them\n';

const out = (stdout: string, stderr = '', exitCode = 0): CommandResult => ({ stdout, stderr, exitCode });

/** An XtError as this binary prints it (legacy has its own version string). */
function xtFail(e: XtError, version: string): CommandResult {
  return out('', renderError(e, 'iptables').replaceAll(`v${NFT}`, `v${version}`), e.exitCode);
}

/** -S: `-P`/`-N` lines, then the rules; -v adds `-c PKTS BYTES` before the target. */
export function listRuleSpecs(table: Table, chain: string | undefined, ruleNumber: number | undefined, verbose: boolean): string {
  const chains = chain === undefined ? orderedChains(table) : [table.chains.get(chain)].filter((c) => c !== undefined);
  const counters = (c: { packets: number; bytes: number }): string => (verbose ? ` -c ${c.packets} ${c.bytes}` : '');
  const ruleLine = (name: string, r: Rule): string => {
    const full = formatRule(r);
    if (!verbose) return `-A ${name}${full ? ` ${full}` : ''}\n`;
    // the counters go between the matches and the target
    const head = r.target ? formatRule({ ...r, target: undefined }) : full;
    const tail = full.slice(head.length).trimStart();
    return `-A ${name}${head ? ` ${head}` : ''}${counters(r.counters)}${tail ? ` ${tail}` : ''}\n`;
  };
  if (ruleNumber !== undefined) {
    const c = chains[0];
    const r = c?.rules[ruleNumber - 1];
    return c && r ? ruleLine(c.name, r) : '';
  }
  let s = '';
  for (const c of chains) {
    s += c.policy ? `-P ${c.name} ${c.policy}${counters(c.counters)}\n` : `-N ${c.name}\n`;
  }
  for (const c of chains) for (const r of c.rules) s += ruleLine(c.name, r);
  return s;
}

function listing(env: IptablesEnv, p: ParsedIptables, table: TableName): CommandResult {
  const t = env.ruleset.tables.get(table);
  const legacy = env.version !== NFT;
  const warn = env.legacyTablesPresent && !legacy ? LEGACY_WARNING : '';
  const found = p.chain !== undefined ? t?.chains.get(p.chain) : undefined;
  // A base chain renamed away from its hook name is one iptables cannot show (nft can).
  const incompatible = found !== undefined && found.policy !== undefined && !isBuiltin(table, found.name);
  if (p.chain !== undefined && (!found || incompatible)) {
    if (legacy) return out('', 'iptables: No chain/target/match by that name.\n', 1);
    return out('', `iptables v${NFT}: chain \`${p.chain}' in table \`${table}' is incompatible, use 'nft' tool.\n`, 1);
  }
  if (!t) return out('', warn);
  const rulenum = p.rulenum || undefined;
  const note =
    p.chain === undefined && [...t.chains.values()].some((c) => c.policy !== undefined && !isBuiltin(table, c.name))
      ? `# Table \`${table}' contains incompatible base-chains, use 'nft' tool to list them.\n`
      : '';
  if (p.command & CMD.LIST_RULES) return out(note + listRuleSpecs(t, p.chain, rulenum, p.verbose > 0), warn);
  const fmt: ListFormat = {
    numeric: !!(p.options & OPT.NUMERIC),
    verbose: p.verbose > 0,
    exact: !!(p.options & OPT.EXPANDED),
    lineNumbers: !!(p.options & OPT.LINENUMBERS),
  };
  const text = listChains(env.ruleset, { table, chain: p.chain, ruleNumber: rulenum }, fmt, env.names);
  return out(note + text, warn);
}

const RULE_FORMAT: ListFormat = { numeric: true, verbose: true, exact: false, lineNumbers: false };

/** The operations of a change; `-P -c P B` sets the policy counters too. */
function operations(p: ParsedIptables): Op[] {
  return commandOps(p, 0).map((op) => (op.type === 'set_policy' && p.counters ? { ...op, counters: p.counters } : op));
}

const freshBuiltin = (name: string): Chain => ({ name, policy: 'ACCEPT', counters: { packets: 0, bytes: 0 }, rules: [] });

/** A failed transaction as this binary prints it (the version string names its backend). */
function txnFail(r: Parameters<typeof renderTxnFailure>[0], version: string, stdout = ''): CommandResult {
  const f = renderTxnFailure(r);
  return out(stdout, f.stderr.replaceAll(`v${NFT}`, `v${version}`), f.exitCode);
}

/** What `-v` prints for a change (nft_rule_print_save/"Flushing chain" …). */
function verboseText(p: ParsedIptables, env: IptablesEnv, before: Table | undefined, rules: Rule[]): string {
  if (!p.verbose) return '';
  const chainsOf = (name: string | undefined): string[] =>
    name !== undefined ? [name] : before ? orderedChains(before).map((c) => c.name) : [];
  switch (p.command) {
    case CMD.APPEND:
    case CMD.INSERT:
    case CMD.REPLACE:
    case CMD.DELETE:
    case CMD.CHECK:
      return rules.map((r) => formatListRule(r, 0, RULE_FORMAT, env.names, true)).join('');
    case CMD.FLUSH:
      return chainsOf(p.chain).map((c) => `Flushing chain \`${c}'\n`).join('');
    case CMD.ZERO:
      return chainsOf(p.chain).map((c) => `Zeroing chain \`${c}'\n`).join('');
    case CMD.DELETE_CHAIN:
      return chainsOf(p.chain).filter((c) => p.chain !== undefined || !before || !isBuiltin(before.name, c)).map((c) => `Deleting chain \`${c}'\n`).join('');
    default:
      return '';
  }
}

export function runIptables(args: string[], env: IptablesEnv): CommandResult {
  const parsed = parseIptablesArgs(args, { restore: false });
  if (!parsed.ok) return xtFail(parsed.error, env.version);
  const p = parsed.cmd;
  if (p.special === 'help') return out(iptablesHelp(env.version));
  if (p.special === 'version') return out(`iptables v${env.version}\n`);
  if (p.special === 'not-version') return out(`Not iptables v${env.version} ;-)\n`);
  const table = p.table;
  env.onTableUsed?.(table);
  if (p.command & (CMD.LIST | CMD.LIST_RULES)) {
    const listed = listing(env, p, table);
    if (listed.exitCode === 0 && p.command & CMD.ZERO) {
      const zeroing = verboseText({ ...p, command: CMD.ZERO }, env, env.ruleset.tables.get(table), []);
      runTransaction(env.ruleset, [{ type: 'zero', table, chain: p.chain, line: 0 }], { restore: false });
      return { ...listed, stdout: listed.stdout + zeroing };
    }
    return listed;
  }
  const before = env.ruleset.tables.get(table);
  const chain = p.chain;
  // Cases the nf_tables cache or kernel decide differently from the generic transaction.
  if (p.command === CMD.RENAME_CHAIN && chain !== undefined && isBuiltin(table, chain) && before?.chains.has(chain)) {
    // nf_tables renames the base chain; iptables then shows a fresh, empty built-in in its place
    const res = runTransaction(env.ruleset, operations(p), { restore: false });
    if (!res.ok) return txnFail(res, env.version);
    env.ruleset.tables.get(table)?.chains.set(chain, freshBuiltin(chain));
    return out('');
  }
  if (p.command === CMD.DELETE_CHAIN && chain !== undefined && isBuiltin(table, chain)) {
    return txnFail({ ok: false, kernel: [{ op: 'CHAIN_DEL', errno: 'EBUSY', what: `chain ${chain}`, line: 0 }] }, env.version);
  }
  if (p.command === CMD.REPLACE && chain !== undefined) {
    const c = before?.chains.get(chain);
    if (c && p.rulenum > c.rules.length) return out('', 'iptables: Index of replacement too big.\n', 1);
  }
  const verbose = verboseText(p, env, before, p.rules);
  const res = runTransaction(env.ruleset, operations(p), { restore: false, nfacctExists: env.nfacctExists });
  if (res.ok) return out(verbose);
  return txnFail(res, env.version, verbose);
}
