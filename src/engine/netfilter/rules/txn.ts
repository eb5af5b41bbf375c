// One nf_tables transaction as iptables-nft runs it: commands are queued, then nft_prepare()
// applies them in order to its cache (userspace errors stop it: chain missing, index too big…),
// then the kernel checks the batch (EBUSY for deleting a chain in use, EINVAL for a target in
// the wrong table or hook…) and either everything or nothing is applied.
//
// The working state costs what the transaction touches, not the size of the table (kube-proxy's
// tables run to 300,000 rules): the chain map is an overlay on the committed one (overlay.ts)
// and a chain is copied the first time an operation changes it. A commit updates the table
// object in place (its chain map gets the changes); chain and rule objects from before the
// transaction are never changed (apart from the counters the kernel keeps in them).
import type { Chain, Rule, Ruleset, Table, TableName } from '../types.ts';
import type { KernelError } from './errors.ts';
import { formatRule } from './format.ts';
import { ChainGraph } from './chainGraph.ts';
import { AddedRules, hookErrors, type Touched } from './hookcheck.ts';
import { ChainOverlay } from './overlay.ts';
import { builtinChain, emptyTable, getTable, isBuiltin, jumpTarget } from './ruleset.ts';

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
  /**
   * The operations are shared templates (iptables-restore's parsed-line cache): rules going
   * into the table are copied (with counters of their own), and `lines[i]` is the input line
   * of `ops[i]`.
   */
  shared?: { lines: number[] };
}

/**
 * A rule going into a table from a shared template: an object of its own with counters of its
 * own (everything else is never changed in place). Built field by field in the order build.ts
 * gives them, which is much cheaper than a spread of objects of many shapes.
 */
function freshRule(r: Rule): Rule {
  const c: Rule = { matches: r.matches, counters: { packets: r.counters.packets, bytes: r.counters.bytes } };
  if (r.source !== undefined) c.source = r.source;
  if (r.destination !== undefined) c.destination = r.destination;
  if (r.inInterface !== undefined) c.inInterface = r.inInterface;
  if (r.outInterface !== undefined) c.outInterface = r.outInterface;
  if (r.protocol !== undefined) c.protocol = r.protocol;
  if (r.fragment !== undefined) c.fragment = r.fragment;
  if (r.target !== undefined) c.target = r.target;
  return c;
}

const RULE_OP: Partial<Record<Op['type'], KernelError['op']>> = { append: 'RULE_APPEND', insert: 'RULE_INSERT', replace: 'RULE_REPLACE' };

export type TxnResult =
  | { ok: true; checked?: boolean }
  | { ok: false; prepare: PrepareError }
  | { ok: false; kernel: KernelError[] };

const sameRule = (a: Rule, b: Rule): boolean => formatRule(a) === formatRule(b);

const TABLE_OF: Record<string, TableName> = { DNAT: 'nat', SNAT: 'nat', MASQUERADE: 'nat', REJECT: 'filter' };
const L4: Record<string, string> = { tcp: 'tcp', udp: 'udp', sctp: 'sctp' };

// xt_addrtype's checkentry for NFPROTO_IPV6: no BROADCAST, BLACKHOLE, PROHIBIT and above
// (IPv6 routes have no such types).
const NO_ADDRTYPE6 = new Set(['BROADCAST', 'BLACKHOLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE']);
const addrtype6Invalid = (m: Rule['matches'][number]): boolean =>
  m.module === 'addrtype' &&
  [m.srcType?.type, m.dstType?.type].some((ts) => ts !== undefined && ts.split(',').some((x) => NO_ADDRTYPE6.has(x.trim().toUpperCase())));

/** Checks the kernel makes when a rule is added (xt_check_match/target, nft validation). */
function ruleInvalid(t: Table, rule: Rule, opts: TxnOptions, ipv6: boolean): 'EINVAL' | 'ENOENT' | undefined {
  if (jumpTarget(rule) === 'QUEUE') return 'ENOENT';
  const src = rule.source, dst = rule.destination;
  if ((src && src.invert && src.prefix === 0) || (dst && dst.invert && dst.prefix === 0)) return 'EINVAL';
  for (const m of rule.matches) {
    // native tcp/udp port matches are checked in userspace instead ("TCP match requires '-p tcp'")
    const native = (m.module === 'tcp' && !m.option && (m.sport || m.dport || m.flags)) || (m.module === 'udp' && (m.sport || m.dport));
    if (L4[m.module] && !native && (rule.protocol?.name !== m.module || rule.protocol.invert)) return 'EINVAL';
    if (m.module === 'nfacct' && opts.nfacctExists && !opts.nfacctExists(m.name)) return 'ENOENT';
    if (ipv6 && addrtype6Invalid(m)) return 'EINVAL';
  }
  const tg = rule.target;
  if (!tg) return undefined;
  const need = TABLE_OF[tg.kind];
  if (need && need !== t.name) return 'EINVAL';
  if (tg.kind === 'REJECT' && tg.with === 'tcp-reset' && (rule.protocol?.name !== 'tcp' || rule.protocol.invert))
    return 'EINVAL';
  return undefined;
}

/** A table as the transaction changes it. */
/** What the transaction did to a chain of its own. */
interface Own {
  /** Rules were added to it. */
  added: boolean;
  /** Rules added to it may have been taken out again. */
  lost: boolean;
}

interface Work {
  /** The table as this transaction sees it (chains: an overlay, or a map of its own). */
  t: Table;
  /** The committed table it becomes on success. */
  live: Table;
  /** Chains copied (or created) by this transaction: only these may be changed in place. */
  owned: Map<Chain, Own>;
  /** Rules added here may have gone anywhere (a chain they were in was deleted, a rename). */
  allLost: boolean;
  /** How many rules jump or go to each chain (for -X), kept while only -X runs. */
  refs?: Map<string, number>;
  /** Names whose chain object was replaced, created or deleted (a name may repeat). */
  touched: Touched;
  /** Rules added to this table, checked against the hooks once everything is in place. */
  added: AddedRules;
}

const zeroCounters = (): { packets: number; bytes: number } => ({ packets: 0, bytes: 0 });

/** Runs the operations as one transaction; `rs` changes only when everything succeeded. */
export function runTransaction(rs: Ruleset, ops: Op[], opts: TxnOptions): TxnResult {
  const work = new Map<TableName, Work>();
  const tableOf = (name: TableName): Work => {
    let w = work.get(name);
    if (!w) {
      const live = getTable(rs, name);
      const t = { ...live, chains: new ChainOverlay(live.chains) };
      w = { t, live, owned: new Map(), allLost: false, touched: { names: [], chains: [] }, added: new AddedRules() };
      work.set(name, w);
    }
    return w;
  };
  const kernel: KernelError[] = [];
  /** The operation each kernel error came from (for placing the hook errors among them). */
  const kernelAt: number[] = [];
  const created = new Set<string>();
  let checked: boolean | undefined;
  const nft = (msg: string, errno: 'ENOENT' | 'EINVAL' | 'EEXIST' | 'E2BIG' | 'EBUSY', line: number): TxnResult => ({
    ok: false,
    prepare: { kind: 'nft', msg, errno, line },
  });
  const NOCHAIN = 'No chain/target/match by that name';

  let w!: Work;
  let t!: Table;
  let op!: Op;
  let line = 0;
  let index = 0;
  /** Puts a chain object of this transaction's own into the table. */
  const place = (name: string, c: Chain): Chain => {
    t.chains.set(name, c);
    // Past many changes the overlay makes a copy: work on that directly.
    if (t.chains instanceof ChainOverlay && t.chains.ownMap) t.chains = t.chains.ownMap;
    w.owned.set(c, { added: false, lost: false });
    touch(name, c);
    return c;
  };
  const touch = (name: string, c: Chain | undefined): void => {
    if (w.touched === 'all') return;
    w.touched.names.push(name);
    w.touched.chains.push(c);
  };
  /**
   * The chain, for changing: copied on first write. `emptied` copies it without its rules;
   * `removes`: the change may take out rules added earlier in the batch.
   */
  const own = (name: string, emptied = false, removes = true): Chain | undefined => {
    const c = t.chains.get(name);
    if (!c) return undefined;
    const mine = w.owned.get(c);
    if (mine) {
      if (removes && mine.added) mine.lost = true;
      if (emptied) c.rules = [];
      return c;
    }
    return place(name, { ...c, counters: { ...c.counters }, rules: emptied ? [] : [...c.rules] });
  };
  /** Rules were added to the chain object `c` (this transaction's own). */
  const addedTo = (c: Chain): Own => {
    const mine = w.owned.get(c)!;
    mine.added = true;
    return mine;
  };
  /** a chain nf_tables has: user chains, and built-ins once instantiated */
  const present = (name: string): Chain | undefined => {
    const c = t.chains.get(name);
    return c && !c.absent ? c : undefined;
  };
  /** nft_xt_builtin_init(table, chain): creates the table and, for a built-in, that chain */
  const instantiate = (chain?: string): void => {
    t.exists = true;
    if (chain === undefined || !t.chains.get(chain)?.absent) return;
    const c = own(chain, false, false)!;
    delete c.absent;
    // created implicitly (-A/-I/-F): the base chain has no policy counters
    c.policyCounters = false;
  };
  const ruleOp = (kind: KernelError['op'], chain: string, rule: Rule): void => {
    const bad = ruleInvalid(t, rule, opts, rs.family === 'ipv6');
    if (bad) kernelErr({ op: kind, errno: bad, what: `rule in chain ${chain}`, line });
    else w.added.push(chain, rule, index);
  };
  const kernelErr = (e: KernelError): void => {
    kernel.push(e);
    kernelAt.push(index);
  };
  // The last jump target found to exist (chains only go away with -X, -E and a table flush).
  let known: { t: Table; chain: string } | undefined;
  const jumpCheck = (rule: Rule): TxnResult | undefined => {
    const j = jumpTarget(rule);
    if (j === undefined || j === 'QUEUE') return undefined;
    if (known !== undefined && known.chain === j && known.t === t) return undefined;
    // nft_chain_exists(): built-in names always count as existing
    if (!t.chains.has(j) && !isBuiltin(op.table, j)) return { ok: false, prepare: { kind: 'nochain', chain: j } };
    known = { t, chain: j };
    return undefined;
  };

  // Consecutive appends to one chain (a restore's usual lines): the chain is present and this
  // transaction's own after the first, so the rest go straight in.
  let appendTo: { table: TableName; chain: string; c: Chain; mine: Own } | undefined;
  const lines = opts.shared?.lines;
  for (index = 0; index < ops.length; index++) {
    const cur = ops[index]!;
    op = cur;
    line = lines ? lines[index]! : cur.line;
    if (cur.type === 'append' && appendTo !== undefined && appendTo.chain === cur.chain && appendTo.table === cur.table) {
      const e = jumpCheck(cur.rule);
      if (e) return e;
      const rule = lines ? freshRule(cur.rule) : cur.rule;
      appendTo.c.rules.push(rule);
      appendTo.mine.added = true;
      ruleOp('RULE_APPEND', cur.chain, rule);
      continue;
    }
    appendTo = undefined;
    w = tableOf(cur.table);
    t = w.t;
    // Only -X keeps the reference counts up to date itself.
    if (cur.type !== 'del_chain') w.refs = undefined;
    if (cur.type === 'del_chain' || cur.type === 'rename' || cur.type === 'table_flush') known = undefined;
    if (cur.type === 'append') {
      // The first rule of a chain this transaction already owns (a restore declares every
      // chain before its rules): one lookup instead of the general path's four.
      const c = t.chains.get(cur.chain);
      const mine = c !== undefined && !c.absent ? w.owned.get(c) : undefined;
      if (mine !== undefined) {
        const e = jumpCheck(cur.rule);
        if (e) return e;
        t.exists = true;
        const rule = lines ? freshRule(cur.rule) : cur.rule;
        c!.rules.push(rule);
        mine.added = true;
        ruleOp('RULE_APPEND', cur.chain, rule);
        appendTo = { table: cur.table, chain: cur.chain, c: c!, mine };
        continue;
      }
    }
    switch (cur.type) {
      case 'table_flush': {
        // iptables-restore without --noflush deletes the whole table (NFT_MSG_DELTABLE)
        const fresh = emptyTable(cur.table);
        const owned = new Map([...fresh.chains.values()].map((c) => [c, { added: false, lost: false }]));
        work.set(cur.table, { t: fresh, live: w.live, owned, allLost: false, touched: 'all', added: new AddedRules() });
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
          if (!c) return nft('Bad rule (does a matching rule exist in that chain?)', 'ENOENT', line);
          const i = c.rules.findIndex((r) => sameRule(r, cur.rule));
          if (i < 0) return nft('Bad rule (does a matching rule exist in that chain?)', 'ENOENT', line);
          if (cur.type === 'delete') own(cur.chain)!.rules.splice(i, 1);
          else checked = true;
          break;
        }
        if (!c) return nft(NOCHAIN, 'ENOENT', line);
        const rule = lines ? freshRule(cur.rule) : cur.rule;
        if (cur.type === 'append') {
          const o = own(cur.chain, false, false)!;
          o.rules.push(rule);
          ruleOp('RULE_APPEND', cur.chain, rule);
          appendTo = { table: cur.table, chain: cur.chain, c: o, mine: addedTo(o) };
        } else if (cur.type === 'insert') {
          if (cur.rulenum - 1 > c.rules.length) return nft('Index of insertion too big', 'E2BIG', line);
          const o = own(cur.chain, false, false)!;
          o.rules.splice(cur.rulenum - 1, 0, rule);
          addedTo(o);
          ruleOp('RULE_INSERT', cur.chain, rule);
        } else {
          if (cur.rulenum > c.rules.length) return nft(NOCHAIN, 'ENOENT', line);
          const o = own(cur.chain)!;
          o.rules[cur.rulenum - 1] = rule;
          addedTo(o);
          ruleOp('RULE_REPLACE', cur.chain, rule);
        }
        break;
      }
      case 'delete_num': {
        const c = present(cur.chain);
        if (!c) return nft(NOCHAIN, 'ENOENT', line);
        if (cur.rulenum > c.rules.length) return nft('Index of deletion too big', 'E2BIG', line);
        own(cur.chain)!.rules.splice(cur.rulenum - 1, 1);
        break;
      }
      case 'flush': {
        if (cur.chain === undefined) {
          for (const [name, c] of [...t.chains]) if (c.rules.length > 0) own(name, true);
          break;
        }
        instantiate(cur.chain);
        if (!present(cur.chain)) return nft(NOCHAIN, 'ENOENT', line);
        own(cur.chain, true);
        break;
      }
      case 'zero': {
        let names: string[];
        if (cur.chain === undefined) names = [...t.chains].filter(([, c]) => !c.absent).map(([name]) => name);
        else if (!present(cur.chain)) return nft(NOCHAIN, 'ENOENT', line);
        else names = [cur.chain];
        for (const name of names) {
          const c = own(name)!;
          // rule objects are shared with the live ruleset: replace, never change in place
          if (cur.rulenum !== undefined) {
            const r = c.rules[cur.rulenum - 1];
            if (!r) continue;
            c.rules[cur.rulenum - 1] = { ...r, counters: zeroCounters() };
            continue;
          }
          c.counters = zeroCounters();
          c.rules = c.rules.map((r) => ({ ...r, counters: zeroCounters() }));
        }
        break;
      }
      case 'new_chain':
        instantiate();
        if (t.chains.has(cur.chain)) return nft('Chain already exists', 'EEXIST', line);
        place(cur.chain, { name: cur.chain, counters: zeroCounters(), rules: [] });
        created.add(`${cur.table}/${cur.chain}`);
        break;
      case 'chain_restore': {
        instantiate();
        let c = own(cur.chain, true);
        if (!c) {
          c = place(cur.chain, { name: cur.chain, counters: zeroCounters(), rules: [] });
          created.add(`${cur.table}/${cur.chain}`);
        }
        // its rules usually follow: they go straight in
        appendTo = { table: cur.table, chain: cur.chain, c, mine: w.owned.get(c)! };
        continue;
      }
      case 'del_chain': {
        const names = cur.chain === undefined ? [...t.chains.keys()] : [cur.chain];
        if (cur.chain !== undefined && !present(cur.chain)) return nft(NOCHAIN, 'ENOENT', line);
        const refs = (w.refs ??= jumpCounts(t));
        const unref = (c: Chain): void => {
          for (const r of c.rules) {
            const j = jumpTarget(r);
            if (j !== undefined) refs.set(j, refs.get(j)! - 1);
          }
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
              if (cur.chain !== undefined) return nft('Directory not empty', 'EBUSY', line);
              continue;
            }
            // "-X" alone skips the built-in chains it may not delete
            if (cur.chain === undefined && c.rules.length > 0) continue;
            if (c.rules.length > 0) kernelErr({ op: 'CHAIN_DEL', errno: 'EBUSY', what: `chain ${name}`, line });
            if (w.owned.get(c)?.added) w.allLost = true;
            unref(c);
            place(name, builtinChain(name));
            continue;
          }
          if (c.rules.length > 0 || (refs.get(name) ?? 0) > 0) {
            // the iptables command shows only the first failure
            if (opts.restore || kernel.length === kernelBefore)
              kernelErr({ op: 'CHAIN_DEL', errno: 'EBUSY', what: `chain ${name}`, line });
          }
          if (w.owned.get(c)?.added) w.allLost = true;
          unref(c);
          t.chains.delete(name);
          touch(name, undefined);
        }
        break;
      }
      case 'rename': {
        if (t.chains.has(cur.newname) || isBuiltin(cur.table, cur.newname)) return nft('File exists', 'EEXIST', line);
        const c = present(cur.chain);
        if (!c) return nft(NOCHAIN, 'ENOENT', line);
        if (created.has(`${cur.table}/${cur.chain}`))
          kernelErr({ op: 'CHAIN_RENAME', errno: 'ENOENT', what: `chain ${cur.newname}`, line });
        // keep the position (creation order) of the chain; the renamed object shares its rule
        // list with the old one, so it is this transaction's own only if the old one was
        const renamed: Chain = { ...c, name: cur.newname };
        t.chains = new Map([...t.chains].map(([n, ch]): [string, Chain] => (n === cur.chain ? [cur.newname, renamed] : [n, ch])));
        w.touched = 'all';
        if (w.added.rule.length > 0) w.allLost = true;
        const mine = w.owned.get(c);
        if (mine) w.owned.set(renamed, mine);
        const retarget = (r: Rule): boolean => !!r.target && (r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === cur.chain;
        for (const [name, ch] of [...t.chains]) {
          if (!ch.rules.some(retarget)) continue;
          const o = own(name)!;
          o.rules = o.rules.map((r) => (retarget(r) ? { ...r, target: { ...r.target!, chain: cur.newname } as Rule['target'] } : r));
        }
        break;
      }
      case 'set_policy': {
        if (!isBuiltin(cur.table, cur.chain)) return nft('Bad built-in chain name', 'ENOENT', line);
        const c = own(cur.chain, false, false) ?? place(cur.chain, builtinChain(cur.chain));
        if (c.absent) c.policyCounters = true;
        t.exists = true;
        delete c.absent;
        if (cur.policy === 'ACCEPT' || cur.policy === 'DROP') c.policy = cur.policy;
        else if (cur.policy !== '-') return nft('Bad policy name', 'EINVAL', line);
        if (cur.counters) c.counters = { ...cur.counters };
        break;
      }
    }
  }
  // Kernel hook checks per table, on the final state; each error goes where its operation was
  // in the batch.
  const hookErrs: { err: KernelError; pos: number; seq: number }[] = [];
  for (const x of work.values()) {
    const a = x.added;
    const unstable = (chain: string): boolean => {
      if (x.allLost) return true;
      const c = x.t.chains.get(chain);
      return !c || x.owned.get(c)?.lost === true;
    };
    for (const { index: i, emlink } of hookErrors(x.live, x.t, x.touched, a, unstable)) {
      const k = a.opIndex[i]!;
      const o = ops[k]!;
      const err: KernelError = { op: RULE_OP[o.type]!, errno: emlink ? 'EMLINK' : 'EINVAL', what: `rule in chain ${a.chain[i]!}`, line: lines ? lines[k]! : o.line };
      // where it goes among the other errors: after those of earlier operations
      let pos = 0;
      while (pos < kernelAt.length && kernelAt[pos]! < k) pos++;
      hookErrs.push({ err, pos, seq: k });
    }
  }
  if (hookErrs.length) {
    // keep batch order: insert each hook error at the position its operation had
    hookErrs.sort((x, y) => x.seq - y.seq);
    for (const h of hookErrs.reverse()) kernel.splice(h.pos, 0, h.err);
  }
  if (kernel.length) return { ok: false, kernel };
  for (const x of work.values()) {
    const { t: view, live } = x;
    live.chains = view.chains instanceof ChainOverlay ? view.chains.commit() : view.chains;
    if (view.exists === undefined) delete live.exists;
    else live.exists = view.exists;
    ChainGraph.moved(view, live);
  }
  return checked ? { ok: true, checked } : { ok: true };
}

/** Rules jumping or going to each chain of the table. */
function jumpCounts(t: Table): Map<string, number> {
  const refs = new Map<string, number>();
  for (const c of t.chains.values()) {
    for (const r of c.rules) {
      const j = jumpTarget(r);
      if (j !== undefined) refs.set(j, (refs.get(j) ?? 0) + 1);
    }
  }
  return refs;
}
