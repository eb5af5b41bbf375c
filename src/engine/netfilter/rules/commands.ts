// The iptables command (do_commandx + xtables_main of iptables-nft 1.8.9) for everything that
// changes the ruleset; listing is left to the caller's printer.
import type { Family, Rule, Ruleset, TableName } from '../types.ts';
import { XtError, renderError, renderKernelErrors, VERSION } from './errors.ts';
import { CMD, parseCommand, type ParsedCommand } from './command.ts';
import { buildRules, postParse } from './build.ts';
import { isTableName, toolName } from './ruleset.ts';
import { runTransaction, type Op, type TxnOptions, type TxnResult } from './txn.ts';

export interface ParsedIptables extends ParsedCommand {
  table: TableName;
  /** rules of a rule command (-A/-I/-D/-R/-C): one per source × destination address */
  rules: Rule[];
}

export type ParseResult = { ok: true; cmd: ParsedIptables } | { ok: false; error: XtError };

/** do_parse + post_parse + the table check + rule construction. */
export function parseIptablesArgs(argv: string[], opts: { restore: boolean; table?: string; family?: Family }): ParseResult {
  try {
    const p = parseCommand(argv, opts);
    if (p.special || p.ignored) return { ok: true, cmd: { ...p, table: 'filter', rules: [] } };
    const addrs = postParse(p, opts.family);
    if (!isTableName(p.table)) throw new XtError('version', `table '${p.table}' does not exist`, 3);
    const ruleCmd = p.command & (CMD.APPEND | CMD.INSERT | CMD.DELETE | CMD.REPLACE | CMD.CHECK);
    const rules = ruleCmd ? buildRules(p, addrs, opts.family) : [];
    return { ok: true, cmd: { ...p, table: p.table, rules } };
  } catch (e) {
    if (e instanceof XtError) return { ok: false, error: e };
    throw e;
  }
}

/** The queued nft commands for one parsed command line (empty for listing). */
export function commandOps(c: ParsedIptables, line: number): Op[] {
  const table = c.table;
  const chain = c.chain as string;
  const each = (f: (r: Rule) => Op): Op[] => c.rules.map(f);
  switch (c.command & ~(CMD.LIST | CMD.LIST_RULES)) {
    case CMD.APPEND:
      return each((rule) => ({ type: 'append', table, chain, rule, line }));
    case CMD.INSERT:
      // each address pair is inserted at the same position: they end up in reverse order
      return each((rule) => ({ type: 'insert', table, chain, rule, rulenum: c.rulenum, line }));
    case CMD.REPLACE:
      return each((rule) => ({ type: 'replace', table, chain, rule, rulenum: c.rulenum, line }));
    case CMD.DELETE:
      return each((rule) => ({ type: 'delete', table, chain, rule, line }));
    case CMD.CHECK:
      return each((rule) => ({ type: 'check', table, chain, rule, line }));
    case CMD.DELETE_NUM:
      return [{ type: 'delete_num', table, chain, rulenum: c.rulenum, line }];
    case CMD.FLUSH:
      return [{ type: 'flush', table, ...(c.chain !== undefined ? { chain } : {}), line }];
    case CMD.ZERO:
      return [{ type: 'zero', table, ...(c.chain !== undefined ? { chain } : {}), line }];
    case CMD.ZERO_NUM:
      return [{ type: 'zero', table, chain, rulenum: c.rulenum, line }];
    case CMD.NEW_CHAIN:
      return [{ type: 'new_chain', table, chain, line }];
    case CMD.DELETE_CHAIN:
      return [{ type: 'del_chain', table, ...(c.chain !== undefined ? { chain } : {}), line }];
    case CMD.RENAME_CHAIN:
      return [{ type: 'rename', table, chain, newname: c.newname as string, line }];
    case CMD.SET_POLICY:
      return [{ type: 'set_policy', table, chain, policy: c.policy as string, line }];
    default:
      return [];
  }
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The text and exit code of a failed transaction as the iptables command prints it. */
export function renderTxnFailure(r: Exclude<TxnResult, { ok: true }>, prog = 'iptables'): CommandOutput {
  if ('kernel' in r) return { stdout: '', stderr: renderKernelErrors(r.kernel, prog), exitCode: 4 };
  const p = r.prepare;
  if (p.kind === 'nochain')
    return { stdout: '', stderr: renderError(new XtError('param', `Chain '${p.chain}' does not exist`, 2), prog), exitCode: 2 };
  const dmesg = p.errno === 'EINVAL' ? " Run `dmesg' for more information." : '';
  return { stdout: '', stderr: `${prog}: ${p.msg}.${dmesg}\n`, exitCode: 1 };
}

export type IptablesOutcome =
  | ({ done: true } & CommandOutput)
  /** -L / -S (possibly with -Z), -h: the caller prints; `zeroAfter` tells to zero counters after listing */
  | { done: false; cmd: ParsedIptables };

/**
 * Runs `iptables <argv>` (argv without the program name) against the ruleset: parse errors,
 * cache errors and kernel errors with the real texts and exit codes. Listing commands are
 * parsed and handed back.
 */
export function runIptables(rs: Ruleset, argv: string[], opts: Omit<TxnOptions, 'restore'> = {}): IptablesOutcome {
  // an ip6tables ruleset is driven by ip6tables: its parser, its program name in every text
  const prog = toolName(rs);
  const parsed = parseIptablesArgs(argv, { restore: false, ...(rs.family ? { family: rs.family } : {}) });
  if (!parsed.ok) return { done: true, stdout: '', stderr: renderError(parsed.error, prog), exitCode: parsed.error.exitCode };
  const cmd = parsed.cmd;
  if (cmd.special === 'version') return { done: true, stdout: `${prog} v${VERSION}\n`, stderr: '', exitCode: 0 };
  if (cmd.special === 'not-version') return { done: true, stdout: `Not ${VERSION} ;-)\n`, stderr: '', exitCode: 0 };
  if (cmd.special === 'help' || cmd.command & (CMD.LIST | CMD.LIST_RULES)) return { done: false, cmd };
  const r = runTransaction(rs, commandOps(cmd, 0), { ...opts, restore: false });
  if (!r.ok) return { done: true, ...renderTxnFailure(r, prog) };
  if (cmd.command === CMD.CHECK && !r.checked) return { done: true, stdout: '', stderr: '', exitCode: 1 };
  return { done: true, stdout: '', stderr: '', exitCode: 0 };
}
