// One nf_tables transaction as iptables-nft runs it: commands are queued, then nft_prepare()
// applies them in order to its cache (userspace errors stop it: chain missing, index too big…),
// then the kernel checks the batch (EBUSY for deleting a chain in use, EINVAL for a target in
// the wrong table or hook…) and either everything or nothing is applied.
import type { Chain, Rule, Ruleset, Table, TableName } from '../types.ts';
import type { KernelError } from './errors.ts';
import { formatRule } from './format.ts';
import { builtinChain, cloneTable, emptyTable, getTable, isBuiltin, jumpTarget } from './ruleset.ts';

export type Op =
  | { type: 'append'; table: TableName; chain: string; rule: Rule; line: number }
  | { type: 'insert'; table: TableName; chain: string; rule: Rule; rulenum: number; line: number }
  | { type: 'replace'; table: TableName; chain: string; rule: Rule; rulenum: number; line: number }
  | { type: 'delete'; table: TableName; chain: string; rule: Rule; line: number }
  | { type: 'delete_num'; table: TableName; chain: string; rulenum: number; line: number }
  | { type: 'check'; table: TableName; chain: string; rule: Rule; line: number }
  | { type: 'flush'; table: TableName; chain?: string; line: number }
  | { type: 'zero'; table: TableName; chain?: string; rulenum?: number; line: number }
  | { type: 'new_chain'; table: TableName; chain: string; line: number }
  | { type: 'del_chain'; table: TableName; chain?: string; line: number }
  | { type: 'rename'; table: TableName; chain: string; newname: string; line: number }
  | { type: 'set_policy'; table: TableName; chain: string; policy: string; counters?: { packets: number; bytes: number }; line: number }
  | { type: 'chain_restore'; table: TableName; chain: string; line: number }
  | { type: 'table_flush'; table: TableName; line: number };

/** A userspace failure: nft_strerror() text, or the "Chain '%s' does not exist" parameter problem. */
export type PrepareError =
  | { kind: 'nft'; msg: string; errno: 'ENOENT' | 'EINVAL' | 'EEXIST' | 'E2BIG' | 'EBUSY'; line: number }
  | { kind: 'nochain'; chain: string };

export interface TxnOptions {
  /** iptables-restore reports some cache misses differently from the iptables command */
  restore: boolean;
  /** nfacct objects that exist in the namespace (a rule naming another one fails with ENOENT) */
  nfacctExists?: (name: string) => boolean;
}

export type TxnResult =
  | { ok: true; checked?: boolean }
  | { ok: false; prepare: PrepareError }
  | { ok: false; kernel: KernelError[] };

const sameRule = (a: Rule, b: Rule): boolean => formatRule(a) === formatRule(b);

const HOOKS: Record<string, Set<string>> = {
  DNAT: new Set(['PREROUTING', 'OUTPUT']),
  SNAT: new Set(['POSTROUTING', 'INPUT']),
  MASQUERADE: new Set(['POSTROUTING']),
  REJECT: new Set(['INPUT', 'FORWARD', 'OUTPUT']),
};
const TABLE_OF: Record<string, TableName> = { DNAT: 'nat', SNAT: 'nat', MASQUERADE: 'nat', REJECT: 'filter' };
const L4: Record<string, string> = { tcp: 'tcp', udp: 'udp', sctp: 'sctp' };

/** Checks the kernel makes when a rule is added (xt_check_match/target, nft validation). */
function ruleInvalid(t: Table, rule: Rule, opts: TxnOptions): 'EINVAL' | 'ENOENT' | undefined {
  if (jumpTarget(rule) === 'QUEUE') return 'ENOENT';
  for (const a of [rule.source, rule.destination]) if (a && a.invert && a.prefix === 0) return 'EINVAL';
  for (const m of rule.matches) {
    // native tcp/udp port matches are checked in userspace instead ("TCP match requires '-p tcp'")
    const native = (m.module === 'tcp' && !m.option && (m.sport || m.dport || m.flags)) || (m.module === 'udp' && (m.sport || m.dport));
    if (L4[m.module] && !native && (rule.protocol?.name !== m.module || rule.protocol.invert)) return 'EINVAL';
    if (m.module === 'nfacct' && opts.nfacctExists && !opts.nfacctExists(m.name)) return 'ENOENT';
  }
  const tg = rule.target;
  if (!tg) return undefined;
  const need = TABLE_OF[tg.kind];
  if (need && need !== t.name) return 'EINVAL';
  if (tg.kind === 'REJECT' && tg.with === 'tcp-reset' && (rule.protocol?.name !== 'tcp' || rule.protocol.invert))
    return 'EINVAL';
  return undefined;
}

/** Hooks each chain is reachable from (a built-in chain is its own hook). */
function reachability(t: Table): Map<string, Set<string>> {
  const reach = new Map<string, Set<string>>();
  for (const c of t.chains.keys()) reach.set(c, new Set(isBuiltin(t.name, c) ? [c] : []));
  let changed = true;
  while (changed) {
    changed = false;
    for (const c of t.chains.values()) {
      const from = reach.get(c.name) as Set<string>;
      for (const r of c.rules) {
        const j = jumpTarget(r);
        const to = j ? reach.get(j) : undefined;
        if (!to) continue;
        for (const h of from) if (!to.has(h)) {
          to.add(h);
          changed = true;
        }
      }
    }
  }
  return reach;
}

const ALL_HOOKS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** Hooks every target reachable from each chain allows (the intersection). */
function allowedHooks(t: Table): Map<string, Set<string>> {
  const allowed = new Map<string, Set<string>>();
  for (const c of t.chains.keys()) allowed.set(c, new Set(ALL_HOOKS));
  let changed = true;
  while (changed) {
    changed = false;
    for (const c of t.chains.values()) {
      const mine = allowed.get(c.name) as Set<string>;
      for (const r of c.rules) {
        const j = jumpTarget(r);
        const lim = r.target ? HOOKS[r.target.kind] : undefined;
        const other = j ? allowed.get(j) : lim;
        if (!other || mine.size === 0) continue;
        for (const h of mine) if (!other.has(h)) {
          mine.delete(h);
          changed = true;
        }
      }
    }
  }
  return allowed;
}

/** Chains from which a jump cycle can be reached (the kernel refuses those under a hook: EMLINK). */
function loopyChains(t: Table): Set<string> {
  const state = new Map<string, 1 | 2>();
  const loopy = new Set<string>();
  const visit = (name: string): boolean => {
    const s = state.get(name);
    if (s === 1) return true;
    if (s === 2) return loopy.has(name);
    state.set(name, 1);
    let bad = false;
    for (const r of t.chains.get(name)?.rules ?? []) {
      const j = jumpTarget(r);
      if (j !== undefined && t.chains.has(j) && visit(j)) bad = true;
    }
    state.set(name, 2);
    if (bad) loopy.add(name);
    return bad;
  };
  for (const c of t.chains.keys()) visit(c);
  return loopy;
}

/**
 * Whether adding `rule` to a chain reachable from `hooks` fails nft_chain_validate(): a jump
 * into chains holding a target its hooks do not allow, or such a target itself.
 */
function hookInvalid(rule: Rule, hooks: Set<string>, allowed: Map<string, Set<string>>): boolean {
  const j = jumpTarget(rule);
  const lim = j ? allowed.get(j) : rule.target ? HOOKS[rule.target.kind] : undefined;
  if (!lim) return false;
  for (const h of hooks) if (!lim.has(h)) return true;
  return false;
}

/** Runs the operations as one transaction; `rs` changes only when everything succeeded. */
export function runTransaction(rs: Ruleset, ops: Op[], opts: TxnOptions): TxnResult {
  const work = new Map<TableName, Table>();
  const tableOf = (name: TableName): Table => {
    let t = work.get(name);
    if (!t) {
      t = cloneTable(getTable(rs, name));
      work.set(name, t);
    }
    return t;
  };
  const kernel: KernelError[] = [];
  const created = new Set<string>();
  // rules added by this transaction, checked against the hooks once everything is in place
  const added: { table: TableName; chain: string; rule: Rule; err: KernelError; pos: number }[] = [];
  let checked: boolean | undefined;
  const nft = (msg: string, errno: 'ENOENT' | 'EINVAL' | 'EEXIST' | 'E2BIG' | 'EBUSY', line: number): TxnResult => ({
    ok: false,
    prepare: { kind: 'nft', msg, errno, line },
  });
  const NOCHAIN = 'No chain/target/match by that name';

  let t!: Table;
  let op!: Op;
  /** a chain nf_tables has: user chains, and built-ins once instantiated */
  const present = (name: string): Chain | undefined => {
    const c = t.chains.get(name);
    return c && !c.absent ? c : undefined;
  };
  /** nft_xt_builtin_init(table, chain): creates the table and, for a built-in, that chain */
  const instantiate = (chain?: string): void => {
    t.exists = true;
    const c = chain !== undefined ? t.chains.get(chain) : undefined;
    if (c?.absent) {
      delete c.absent;
      // created implicitly (-A/-I/-F): the base chain has no policy counters
      c.policyCounters = false;
    }
  };
  const ruleOp = (kind: KernelError['op'], chain: string, rule: Rule): void => {
    const bad = ruleInvalid(t, rule, opts);
    const err: KernelError = { op: kind, errno: bad ?? 'EINVAL', what: `rule in chain ${chain}`, line: op.line };
    if (bad) kernel.push(err);
    else added.push({ table: op.table, chain, rule, err, pos: kernel.length });
  };
  const jumpCheck = (rule: Rule): TxnResult | undefined => {
    const j = jumpTarget(rule);
    if (j === undefined || j === 'QUEUE') return undefined;
    // nft_chain_exists(): built-in names always count as existing
    if (!t.chains.has(j) && !isBuiltin(op.table, j)) return { ok: false, prepare: { kind: 'nochain', chain: j } };
    return undefined;
  };

  for (const cur of ops) {
    op = cur;
    t = tableOf(cur.table);
    switch (cur.type) {
      case 'table_flush': {
        // iptables-restore without --noflush deletes the whole table (NFT_MSG_DELTABLE)
        const fresh = emptyTable(cur.table);
        work.set(cur.table, fresh);
        break;
      }
      case 'append':
      case 'insert':
      case 'replace':
      case 'delete':
      case 'check': {
        const e = jumpCheck(cur.rule);
        if (e) return e;
        if (cur.type === 'append' || cur.type === 'insert') instantiate(cur.chain);
        const c = present(cur.chain);
        if (cur.type === 'delete' || cur.type === 'check') {
          if (!c) return nft('Bad rule (does a matching rule exist in that chain?)', 'ENOENT', cur.line);
          const i = c.rules.findIndex((r) => sameRule(r, cur.rule));
          if (i < 0) return nft('Bad rule (does a matching rule exist in that chain?)', 'ENOENT', cur.line);
          if (cur.type === 'delete') c.rules.splice(i, 1);
          else checked = true;
          break;
        }
        if (!c) return nft(NOCHAIN, 'ENOENT', cur.line);
        const rule = cur.rule;
        if (cur.type === 'append') {
          c.rules.push(rule);
          ruleOp('RULE_APPEND', cur.chain, rule);
        } else if (cur.type === 'insert') {
          if (cur.rulenum - 1 > c.rules.length) return nft('Index of insertion too big', 'E2BIG', cur.line);
          c.rules.splice(cur.rulenum - 1, 0, rule);
          ruleOp('RULE_INSERT', cur.chain, rule);
        } else {
          if (cur.rulenum > c.rules.length) return nft(NOCHAIN, 'ENOENT', cur.line);
          c.rules[cur.rulenum - 1] = rule;
          ruleOp('RULE_REPLACE', cur.chain, rule);
        }
        break;
      }
      case 'delete_num': {
        const c = present(cur.chain);
        if (!c) return nft(NOCHAIN, 'ENOENT', cur.line);
        if (cur.rulenum > c.rules.length) return nft('Index of deletion too big', 'E2BIG', cur.line);
        c.rules.splice(cur.rulenum - 1, 1);
        break;
      }
      case 'flush': {
        if (cur.chain === undefined) {
          for (const c of t.chains.values()) c.rules = [];
          break;
        }
        instantiate(cur.chain);
        const c = present(cur.chain);
        if (!c) return nft(NOCHAIN, 'ENOENT', cur.line);
        c.rules = [];
        break;
      }
      case 'zero': {
        const chains = cur.chain === undefined ? [...t.chains.values()].filter((c) => !c.absent) : [present(cur.chain)];
        for (const c of chains) {
          if (!c) return nft(NOCHAIN, 'ENOENT', cur.line);
          // rule objects are shared with the live ruleset: replace, never change in place
          if (cur.rulenum !== undefined) {
            const r = c.rules[cur.rulenum - 1];
            if (!r) continue;
            c.rules[cur.rulenum - 1] = { ...r, counters: { packets: 0, bytes: 0 } };
            continue;
          }
          c.counters = { packets: 0, bytes: 0 };
          c.rules = c.rules.map((r) => ({ ...r, counters: { packets: 0, bytes: 0 } }));
        }
        break;
      }
      case 'new_chain':
        instantiate();
        if (t.chains.has(cur.chain)) return nft('Chain already exists', 'EEXIST', cur.line);
        t.chains.set(cur.chain, { name: cur.chain, counters: { packets: 0, bytes: 0 }, rules: [] });
        created.add(`${cur.table}/${cur.chain}`);
        break;
      case 'chain_restore': {
        instantiate();
        const c = t.chains.get(cur.chain);
        if (c) c.rules = [];
        else {
          t.chains.set(cur.chain, { name: cur.chain, counters: { packets: 0, bytes: 0 }, rules: [] });
          created.add(`${cur.table}/${cur.chain}`);
        }
        break;
      }
      case 'del_chain': {
        const names = cur.chain === undefined ? [...t.chains.keys()] : [cur.chain];
        if (cur.chain !== undefined && !present(cur.chain)) return nft(NOCHAIN, 'ENOENT', cur.line);
        const inUse = (name: string): boolean => {
          for (const c of t.chains.values()) for (const r of c.rules) if (jumpTarget(r) === name) return true;
          return false;
        };
        const kernelBefore = kernel.length;
        for (const name of names) {
          const c = present(name);
          if (!c) continue;
          if (isBuiltin(cur.table, name)) {
            // iptables refuses a built-in chain with a policy other than ACCEPT itself; the
            // kernel refuses one that still has rules; a deleted one is listed (faked) again
            // with zero counters
            if (c.policy !== 'ACCEPT') {
              if (cur.chain !== undefined) return nft('Directory not empty', 'EBUSY', cur.line);
              continue;
            }
            // "-X" alone skips the built-in chains it may not delete
            if (cur.chain === undefined && c.rules.length > 0) continue;
            if (c.rules.length > 0) kernel.push({ op: 'CHAIN_DEL', errno: 'EBUSY', what: `chain ${name}`, line: cur.line });
            t.chains.set(name, builtinChain(name));
            continue;
          }
          if (c.rules.length > 0 || inUse(name)) {
            // the iptables command shows only the first failure
            if (opts.restore || kernel.length === kernelBefore)
              kernel.push({ op: 'CHAIN_DEL', errno: 'EBUSY', what: `chain ${name}`, line: cur.line });
          }
          t.chains.delete(name);
        }
        break;
      }
      case 'rename': {
        if (t.chains.has(cur.newname) || isBuiltin(cur.table, cur.newname)) return nft('File exists', 'EEXIST', cur.line);
        const c = present(cur.chain);
        if (!c) return nft(NOCHAIN, 'ENOENT', cur.line);
        if (created.has(`${cur.table}/${cur.chain}`))
          kernel.push({ op: 'CHAIN_RENAME', errno: 'ENOENT', what: `chain ${cur.newname}`, line: cur.line });
        // keep the position (creation order) of the chain
        const entries = [...t.chains.entries()].map(([n, ch]): [string, typeof ch] =>
          n === cur.chain ? [cur.newname, { ...ch, name: cur.newname }] : [n, ch],
        );
        t.chains = new Map(entries);
        for (const ch of t.chains.values())
          ch.rules = ch.rules.map((r) =>
            r.target && (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === cur.chain
              ? { ...r, target: { ...r.target, chain: cur.newname } }
              : r,
          );
        break;
      }
      case 'set_policy': {
        if (!isBuiltin(cur.table, cur.chain)) return nft('Bad built-in chain name', 'ENOENT', cur.line);
        const c = t.chains.get(cur.chain) ?? builtinChain(cur.chain);
        if (c.absent) c.policyCounters = true;
        t.exists = true;
        delete c.absent;
        t.chains.set(cur.chain, c);
        if (cur.policy === 'ACCEPT' || cur.policy === 'DROP') c.policy = cur.policy;
        else if (cur.policy !== '-') return nft('Bad policy name', 'EINVAL', cur.line);
        if (cur.counters) c.counters = { ...cur.counters };
        break;
      }
    }
  }
  const hookErrors: { err: KernelError; pos: number }[] = [];
  // Checked once on the final state (not after every rule, which would be quadratic): a jump
  // is charged with what it makes reachable; a target itself only when its chain was already
  // reachable from the wrong hook before this transaction (the kernel validates each new
  // rule against the table as it is at that point of the batch).
  const cache = new Map<TableName, { reach: Map<string, Set<string>>; before: Map<string, Set<string>>; allowed: Map<string, Set<string>>; loopy: Set<string> }>();
  for (const a of added) {
    const t = work.get(a.table) as Table;
    if (!t.chains.get(a.chain)?.rules.includes(a.rule)) continue;
    let v = cache.get(a.table);
    if (!v) {
      v = { reach: reachability(t), before: reachability(getTable(rs, a.table)), allowed: allowedHooks(t), loopy: loopyChains(t) };
      cache.set(a.table, v);
    }
    const j = jumpTarget(a.rule);
    if (j !== undefined && v.loopy.has(j) && (v.reach.get(a.chain)?.size ?? 0) > 0) {
      hookErrors.push({ ...a, err: { ...a.err, errno: 'EMLINK' } });
      continue;
    }
    const hooks = jumpTarget(a.rule) !== undefined ? v.reach.get(a.chain) : v.before.get(a.chain);
    if (hooks && hookInvalid(a.rule, hooks, v.allowed)) hookErrors.push(a);
  }
  if (hookErrors.length) {
    // keep batch order: insert each hook error at the position its operation had
    for (const h of hookErrors.reverse()) kernel.splice(h.pos, 0, h.err);
  }
  if (kernel.length) return { ok: false, kernel };
  for (const [name, t] of work) rs.tables.set(name, t);
  return checked ? { ok: true, checked } : { ok: true };
}
