// iptables-restore 1.8.9 (nf_tables): the line grammar of xtables_restore_parse_line(), one
// transaction per "*table … COMMIT" block (tables committed before a failing block stay
// changed, as with the real tool), and its error texts and exit codes.
import type { Family, Ruleset, TableName } from '../types.ts';
import { XtError, paramError, renderError, renderKernelErrors } from './errors.ts';
import { assertValidChainName } from './command.ts';
import { commandOps, parseIptablesArgs } from './commands.ts';
import { isBuiltin, isTableName, toolName } from './ruleset.ts';
import { lineCache, type LineCache } from './lineCache.ts';
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
const paramFail = (err: XtError, line: number, prog: string): RestoreResult =>
  fail(renderError(err, prog, err.kind === 'param' || err.kind === 'tryhelp' ? line : undefined), err.exitCode);

/** A `:CHAIN POLICY [p:b]` line of a table block: its operation. */
function chainLine(raw: string, table: TableName, lineno: number, counters: boolean, prog: string): Op {
  const words = raw.slice(1).split(/[ \t\n]/).filter((x) => x !== '');
  const chain = words[0];
  if (chain === undefined) throw paramError(`${prog}: line ${lineno} chain name invalid`);
  assertValidChainName(chain);
  const policy = words[1];
  if (policy === undefined) throw paramError(`${prog}: line ${lineno} policy invalid`);
  if (!isBuiltin(table, chain)) return { type: 'chain_restore', table, chain, line: lineno };
  let c = { packets: 0, bytes: 0 };
  if (counters) {
    const m = /^\[\s*\+?(\d+):\s*\+?(\d+)\]/.exec(words[2] ?? '');
    if (!m) throw paramError(`invalid policy counters for chain '${chain}'`);
    c = { packets: Number(m[1]), bytes: Number(m[2]) };
  }
  return { type: 'set_policy', table, chain, policy, counters: c, line: lineno };
}

/** A command line of a table block: its operations, or the failure to print. */
function commandLine(raw: string, table: TableName, lineno: number, counters: boolean, family: Family | undefined, prog: string): Op[] | RestoreResult {
  let rest = raw;
  let argvCounters: string[] = [];
  if (rest[0] === '[') {
    const c = ruleCounters(rest, lineno);
    argvCounters = ['--set-counters', c.pcnt, c.bcnt];
    rest = c.rest;
  }
  const argv = [...(counters ? argvCounters : []), ...tokenizeRestoreLine(rest)];
  const parsed = parseIptablesArgs(argv, { restore: true, table, ...(family ? { family } : {}) });
  if (!parsed.ok) return paramFail(parsed.error, lineno, prog);
  if (parsed.cmd.ignored || parsed.cmd.special) return [];
  return commandOps(parsed.cmd, lineno);
}

const NL = 10, HASH = 35, STAR = 42, COLON = 58;

/**
 * Applies an iptables-restore input. `rs` is changed block by block: every COMMIT that
 * succeeded stays applied even when a later block fails (each COMMIT is its own nf_tables
 * transaction); the failing block changes nothing.
 */
export function restore(rs: Ruleset, text: string, opts: RestoreOptions): RestoreResult {
  // an ip6tables ruleset is loaded by ip6tables-restore: IPv6 parsing, its name in the texts
  const prog = `${toolName(rs)}-restore`;
  const family = rs.family;
  let inTable = false;
  let table: TableName | undefined;
  let cache: LineCache | undefined;
  let skipping = false;
  // Shared operations (see TxnOptions.shared) and the line each comes from.
  let ops: Op[] = [];
  let lines: number[] = [];
  let lineno = 0;
  const n = text.length;
  const txnOpts = { restore: true, ...(opts.nfacctExists ? { nfacctExists: opts.nfacctExists } : {}) };

  // fgets() lines keep their "\n" (it ends the last token); a last line without one is kept.
  for (let from = 0; from < n; ) {
    const nl = text.indexOf('\n', from);
    const start = from;
    const end = nl < 0 ? n : nl + 1;
    from = end;
    lineno++;
    try {
      const first = text.charCodeAt(start);
      if (first === NL || first === HASH) continue;
      if (inTable && text.startsWith('COMMIT', start) && (end - start === 6 || text.charCodeAt(start + 6) === NL)) {
        inTable = false;
        const r = runTransaction(rs, ops, { ...txnOpts, shared: { lines } });
        ops = [];
        lines = [];
        if (r.ok) continue;
        if ('kernel' in r) return fail(renderKernelErrors(r.kernel, prog), 4);
        const p = r.prepare;
        if (p.kind === 'nochain') return paramFail(paramError(`Chain '${p.chain}' does not exist`), lineno, prog);
        return fail(`${prog}: line ${p.line} failed: ${p.msg}.\n`, 1);
      }
      if (first === STAR && !inTable) {
        const name = text.slice(start + 1, end).split(/[ \t\n]/).find((x) => x !== '');
        if (name === undefined) throw paramError(`${prog}: line ${lineno} table name invalid`);
        if (!isTableName(name)) throw paramError(`${prog}: line ${lineno} table name '${name}' invalid`);
        table = name;
        cache = lineCache(rs, name, opts.counters);
        skipping = opts.table !== undefined && opts.table !== name;
        if (skipping) continue;
        if (!opts.noflush) {
          ops.push({ type: 'table_flush', table, line: lineno });
          lines.push(lineno);
        }
        inTable = true;
        continue;
      }
      if (inTable && table) {
        // a chain line (`:`) or a command line, parsed before or now
        const raw = text.slice(start, end);
        let parsed = cache!.find(raw);
        if (parsed === undefined) {
          const now = first === COLON ? [chainLine(raw, table, lineno, opts.counters, prog)] : commandLine(raw, table, lineno, opts.counters, family, prog);
          if (!Array.isArray(now)) return now;
          cache!.add(raw, now);
          parsed = now;
        }
        for (const o of parsed) {
          ops.push(o);
          lines.push(lineno);
        }
        continue;
      }
      if (skipping) continue;
      return fail(`${prog}: line ${lineno} failed\n`, 1);
    } catch (e) {
      if (e instanceof XtError) return paramFail(e, lineno, prog);
      throw e;
    }
  }
  if (inTable) return fail(`${prog}: COMMIT expected at line ${lineno + 1}\n`, 1);
  return { ok: true };
}
