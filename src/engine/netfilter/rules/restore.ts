// iptables-restore 1.8.9 (nf_tables): the line grammar of xtables_restore_parse_line(), one
// transaction per "*table … COMMIT" block (tables committed before a failing block stay
// changed, as with the real tool), and its error texts and exit codes.
import type { Ruleset, TableName } from '../types.ts';
import { XtError, paramError, renderError, renderKernelErrors } from './errors.ts';
import { assertValidChainName } from './command.ts';
import { commandOps, parseIptablesArgs } from './commands.ts';
import { isBuiltin, isTableName } from './ruleset.ts';
import { runTransaction, type Op } from './txn.ts';

export interface RestoreOptions {
  noflush: boolean;
  counters: boolean;
  /** -T: only this table's blocks are applied */
  table?: TableName;
  /** nfacct objects that exist (see runTransaction) */
  nfacctExists?: (name: string) => boolean;
}

export type RestoreResult = { ok: true } | { ok: false; stderr: string; exitCode: number };

const PROG = 'iptables-restore';

/** add_param_to_argv(): splits on blanks, "double quotes" group (with \" \\ escapes inside). */
export function tokenizeRestoreLine(s: string): string[] {
  // fast path: no quotes, plain blank-separated words
  if (!s.includes('"')) return s.split(/[ \t\n]+/).filter((w) => w !== '');
  const out: string[] = [];
  let quoteOpen = false;
  let escaped = false;
  let param = '';
  for (const ch of s) {
    if (quoteOpen) {
      if (escaped) {
        param += ch;
        escaped = false;
        continue;
      } else if (ch === '\\') {
        escaped = true;
        continue;
      } else if (ch === '"') {
        quoteOpen = false;
      } else {
        param += ch;
        continue;
      }
    } else if (ch === '"') {
      quoteOpen = true;
      continue;
    }
    if (ch === '"' || ch === ' ' || ch === '\t' || ch === '\n') {
      if (ch !== '"' && !param.length) continue;
      out.push(param);
      param = '';
      continue;
    }
    param += ch;
  }
  if (param.length) out.push(param);
  return out;
}

/** strtok(): skips leading delimiters, returns the token and the index after its delimiter. */
function strtok(s: string, from: number, delims: string): { tok: string; next: number } | null {
  let i = from;
  while (i < s.length && delims.includes(s[i] as string)) i++;
  if (i >= s.length) return null;
  let j = i;
  while (j < s.length && !delims.includes(s[j] as string)) j++;
  return { tok: s.slice(i, j), next: Math.min(j + 1, s.length) };
}

/** tokenize_rule_counters(): "[pkts:bytes] rest" */
function ruleCounters(line: string, lineno: number): { pcnt: string; bcnt: string; rest: string } {
  const close = line.indexOf(']');
  if (close < 0) throw paramError(`Bad line ${lineno}: need ]`);
  const p = strtok(line, 1, ':');
  if (!p) throw paramError(`Bad line ${lineno}: need :`);
  const b = strtok(line, p.next, ']');
  if (!b) throw paramError(`Bad line ${lineno}: need ]`);
  return { pcnt: p.tok, bcnt: b.tok, rest: line.slice(close + 1) };
}

const fail = (stderr: string, exitCode: number): RestoreResult => ({ ok: false, stderr, exitCode });
const paramFail = (err: XtError, line: number): RestoreResult =>
  fail(renderError(err, PROG, err.kind === 'param' || err.kind === 'tryhelp' ? line : undefined), err.exitCode);

/**
 * Applies an iptables-restore input. `rs` is changed block by block: every COMMIT that
 * succeeded stays applied even when a later block fails (each COMMIT is its own nf_tables
 * transaction); the failing block changes nothing.
 */
export function restore(rs: Ruleset, text: string, opts: RestoreOptions): RestoreResult {
  // fgets() lines keep their "\n" (it ends the last token); a last line without one is kept
  const lines = text.split(/(?<=\n)/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let inTable = false;
  let table: TableName | undefined;
  let skipping = false;
  let ops: Op[] = [];
  let lineno = 0;

  for (const raw of lines) {
    lineno++;
    try {
      if (raw[0] === '\n') continue;
      if (raw[0] === '#') continue;
      if (inTable && raw.startsWith('COMMIT') && (raw.length === 6 || raw[6] === '\n')) {
        inTable = false;
        const r = runTransaction(rs, ops, { restore: true, ...(opts.nfacctExists ? { nfacctExists: opts.nfacctExists } : {}) });
        ops = [];
        if (r.ok) continue;
        if ('kernel' in r) return fail(renderKernelErrors(r.kernel, PROG), 4);
        const p = r.prepare;
        if (p.kind === 'nochain') return paramFail(paramError(`Chain '${p.chain}' does not exist`), lineno);
        return fail(`${PROG}: line ${p.line} failed: ${p.msg}.\n`, 1);
      }
      if (raw[0] === '*' && !inTable) {
        const name = raw.slice(1).split(/[ \t\n]/).find((x) => x !== '');
        if (name === undefined) throw paramError(`${PROG}: line ${lineno} table name invalid`);
        if (!isTableName(name)) throw paramError(`${PROG}: line ${lineno} table name '${name}' invalid`);
        table = name;
        skipping = opts.table !== undefined && opts.table !== name;
        if (skipping) continue;
        if (!opts.noflush) ops.push({ type: 'table_flush', table, line: lineno });
        inTable = true;
        continue;
      }
      if (raw[0] === ':' && inTable && table) {
        const words = raw.slice(1).split(/[ \t\n]/).filter((x) => x !== '');
        const chain = words[0];
        if (chain === undefined) throw paramError(`${PROG}: line ${lineno} chain name invalid`);
        assertValidChainName(chain);
        const policy = words[1];
        if (policy === undefined) throw paramError(`${PROG}: line ${lineno} policy invalid`);
        if (isBuiltin(table, chain)) {
          let counters = { packets: 0, bytes: 0 };
          if (opts.counters) {
            const m = /^\[\s*\+?(\d+):\s*\+?(\d+)\]/.exec(words[2] ?? '');
            if (!m) throw paramError(`invalid policy counters for chain '${chain}'`);
            counters = { packets: Number(m[1]), bytes: Number(m[2]) };
          }
          ops.push({ type: 'set_policy', table, chain, policy, counters, line: lineno });
        } else {
          ops.push({ type: 'chain_restore', table, chain, line: lineno });
        }
        continue;
      }
      if (inTable && table) {
        let rest = raw;
        let counters: string[] = [];
        if (rest[0] === '[') {
          const c = ruleCounters(rest, lineno);
          counters = ['--set-counters', c.pcnt, c.bcnt];
          rest = c.rest;
        }
        const argv = [...(opts.counters ? counters : []), ...tokenizeRestoreLine(rest)];
        const parsed = parseIptablesArgs(argv, { restore: true, table });
        if (!parsed.ok) return paramFail(parsed.error, lineno);
        if (parsed.cmd.ignored || parsed.cmd.special) continue;
        ops.push(...commandOps(parsed.cmd, lineno));
        continue;
      }
      if (skipping) continue;
      return fail(`${PROG}: line ${lineno} failed\n`, 1);
    } catch (e) {
      if (e instanceof XtError) return paramFail(e, lineno);
      throw e;
    }
  }
  if (inTable) return fail(`${PROG}: COMMIT expected at line ${lineno + 1}\n`, 1);
  return { ok: true };
}

