// Ruleset edit helpers for the iptables command: each is one nf_tables transaction and fails
// with the text and exit code iptables 1.8.9 (nf_tables) prints.
import type { Rule, Ruleset, TableName } from '../types.ts';
import { XtError, renderError, type OpResult } from './errors.ts';
import { assertValidChainName } from './command.ts';
import { renderTxnFailure } from './commands.ts';
import { runTransaction, type Op, type TxnOptions } from './txn.ts';
import { cloneRule } from './ruleset.ts';

export interface EditOptions {
  nfacctExists?: TxnOptions['nfacctExists'];
}

function run(rs: Ruleset, op: Op, opts: EditOptions = {}): OpResult {
  const r = runTransaction(rs, [op], { ...opts, restore: false });
  if (r.ok) return { ok: true };
  const f = renderTxnFailure(r);
  return { ok: false, stderr: f.stderr, exitCode: f.exitCode };
}

export const appendRule = (rs: Ruleset, table: TableName, chain: string, rule: Rule, o?: EditOptions): OpResult =>
  run(rs, { type: 'append', table, chain, rule: cloneRule(rule), line: 0 }, o);

/** -I CHAIN [position]: 1-based; position count+1 appends. */
export const insertRule = (rs: Ruleset, table: TableName, chain: string, rule: Rule, position = 1, o?: EditOptions): OpResult =>
  run(rs, { type: 'insert', table, chain, rule: cloneRule(rule), rulenum: position, line: 0 }, o);

export const replaceRule = (rs: Ruleset, table: TableName, chain: string, position: number, rule: Rule, o?: EditOptions): OpResult =>
  run(rs, { type: 'replace', table, chain, rule: cloneRule(rule), rulenum: position, line: 0 }, o);

/** -D CHAIN <rule spec>: the first rule that prints the same. */
export const deleteRule = (rs: Ruleset, table: TableName, chain: string, rule: Rule): OpResult =>
  run(rs, { type: 'delete', table, chain, rule, line: 0 });

/** -D CHAIN N */
export const deleteRuleNum = (rs: Ruleset, table: TableName, chain: string, position: number): OpResult =>
  run(rs, { type: 'delete_num', table, chain, rulenum: position, line: 0 });

/** -C CHAIN <rule spec> */
export const checkRule = (rs: Ruleset, table: TableName, chain: string, rule: Rule): OpResult =>
  run(rs, { type: 'check', table, chain, rule, line: 0 });

/** -F [CHAIN] */
export const flushChain = (rs: Ruleset, table: TableName, chain?: string): OpResult =>
  run(rs, { type: 'flush', table, ...(chain !== undefined ? { chain } : {}), line: 0 });

/** -Z [CHAIN [N]] */
export const zeroCounters = (rs: Ruleset, table: TableName, chain?: string, position?: number): OpResult =>
  run(rs, { type: 'zero', table, ...(chain !== undefined ? { chain } : {}), ...(position !== undefined ? { rulenum: position } : {}), line: 0 });

/** -N CHAIN (the name checks of the command line included) */
export function newChain(rs: Ruleset, table: TableName, chain: string): OpResult {
  try {
    assertValidChainName(chain);
  } catch (e) {
    if (e instanceof XtError) return { ok: false, stderr: renderError(e, 'iptables'), exitCode: e.exitCode };
    throw e;
  }
  return run(rs, { type: 'new_chain', table, chain, line: 0 });
}

/** -X [CHAIN] */
export const deleteChain = (rs: Ruleset, table: TableName, chain?: string): OpResult =>
  run(rs, { type: 'del_chain', table, ...(chain !== undefined ? { chain } : {}), line: 0 });

/** -E OLD NEW: references follow the chain */
export const renameChain = (rs: Ruleset, table: TableName, chain: string, newname: string): OpResult =>
  run(rs, { type: 'rename', table, chain, newname, line: 0 });

/** -P CHAIN POLICY */
export const setPolicy = (rs: Ruleset, table: TableName, chain: string, policy: string): OpResult =>
  run(rs, { type: 'set_policy', table, chain, policy, line: 0 });
