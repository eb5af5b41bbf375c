// The jump graph of one committed table, kept from transaction to transaction, for the kernel's
// hook validation (hookcheck.ts). kube-proxy rewrites a 300,000-rule nat table on every sync
// but changes the graph in a few chains at most: each chain's jump targets and hook-limited
// targets are recorded with the parents of every chain, so which hooks reach a chain is a
// search over its ancestors and what a jump allows is remembered until something below changes.
//
// A graph belongs to one Table object. Transactions copy on write, so a committed table's
// chains are not changed afterwards; the graph still checks every chain object, rule list and
// length before it is used and is rebuilt when anything changed behind its back.
import type { Chain, Rule, Table } from '../types.ts';
import { isBuiltin, jumpTarget } from './ruleset.ts';

export const HOOK_BIT: Record<string, number> = { PREROUTING: 1, INPUT: 2, FORWARD: 4, OUTPUT: 8, POSTROUTING: 16 };
export const ALL_HOOKS = 31;
/** Hooks a target may be used from. */
const LIMIT: Record<string, number> = {
  DNAT: HOOK_BIT.PREROUTING! | HOOK_BIT.OUTPUT!,
  SNAT: HOOK_BIT.POSTROUTING! | HOOK_BIT.INPUT!,
  MASQUERADE: HOOK_BIT.POSTROUTING!,
  REJECT: HOOK_BIT.INPUT! | HOOK_BIT.FORWARD! | HOOK_BIT.OUTPUT!,
};

export const limitOf = (r: Rule): number | undefined => (r.target ? LIMIT[r.target.kind] : undefined);

/** One chain as the graph recorded it. */
interface Node {
  name: string;
  chain: Chain;
  rules: Rule[];
  length: number;
  /** Chains its rules jump or go to, each once, in rule order. */
  targets: string[];
  /** The nodes of those of `targets` that exist, while refsEpoch is the graph's shapeEpoch. */
  refs: Node[];
  refsEpoch: number;
  /** Hooks its own targets allow (the intersection). */
  limit: number;
  /** What jumps into it allow, valid while allowedEpoch is the graph's. */
  allowed: number;
  allowedEpoch: number;
  /** Hooks reaching it, valid while reachEpoch is the graph's. */
  reach: number;
  reachEpoch: number;
}

/** The jump targets (each once, in rule order) and the limit of a chain's rules. */
function edgesOf(c: Chain): { targets: string[]; limit: number } {
  const seen = new Set<string>();
  let limit = ALL_HOOKS;
  for (const r of c.rules) {
    const j = jumpTarget(r);
    if (j !== undefined) seen.add(j);
    else {
      const l = limitOf(r);
      if (l !== undefined) limit &= l;
    }
  }
  return { targets: [...seen], limit };
}

function nodeOf(name: string, c: Chain): Node {
  const { targets, limit } = edgesOf(c);
  return { name, chain: c, rules: c.rules, length: c.rules.length, targets, refs: [], refsEpoch: -1, limit, allowed: 0, allowedEpoch: -1, reach: 0, reachEpoch: -1 };
}

/**
 * Whether the chain's rules have the node's edges (targets in the same first-use order, same
 * limit), found without building them: a full sync rewrites every chain the same way.
 */
function sameEdges(n: Node, c: Chain): boolean {
  const targets = n.targets;
  let k = 0;
  let limit = ALL_HOOKS;
  for (const r of c.rules) {
    const j = jumpTarget(r);
    if (j === undefined) {
      const l = limitOf(r);
      if (l !== undefined) limit &= l;
    } else if (targets[k] === j) k++;
    // a target used again: it must be one of those seen so far (a short look back)
    else if (k > 32 || !targets.slice(0, k).includes(j)) return false;
  }
  return k === targets.length && limit === n.limit;
}

const graphs = new WeakMap<Table, ChainGraph>();

export class ChainGraph {
  /** In the order of the table's chain map (checked side by side with it). */
  private readonly nodes = new Map<string, Node>();
  /** chain name → chains with a rule jumping or going to it */
  private readonly parents = new Map<string, Set<string>>();
  /** Node.allowed is remembered for chains without a cycle below them, until something below changes. */
  private allowedEpoch = 0;
  /** Node.reach holds for the current state only. */
  private reachEpoch = 0;
  /** The reachEpoch at which reachEverything() last set every node's reach. */
  private reachAllEpoch = -1;
  /** Changes when chains come or go (Node.refs). */
  private shapeEpoch = 0;
  /** Set when the table has a cycle: the whole-table analysis. */
  private cyclic: { allowed: Map<string, number>; loopy: Set<string> } | undefined;

  private constructor(private table: Table) {
    for (const [name, c] of table.chains) {
      const n = nodeOf(name, c);
      this.nodes.set(name, n);
      this.link(n);
    }
  }

  /** The graph of a committed table: the one kept for it if still accurate, else a new one. */
  static of(t: Table): ChainGraph {
    const g = graphs.get(t);
    if (g && g.matches(t)) return g;
    const fresh = new ChainGraph(t);
    graphs.set(t, fresh);
    return fresh;
  }

  /** The graph kept for `t`, unchecked (to carry it over to the next state). */
  static kept(t: Table): ChainGraph | undefined {
    return graphs.get(t);
  }

  static forget(t: Table): void {
    graphs.delete(t);
  }

  /** A transaction committed: the table `view` showed is now the object `live`. */
  static moved(view: Table, live: Table): void {
    const g = graphs.get(view);
    if (!g) return;
    graphs.delete(view);
    g.table = live;
    graphs.set(live, g);
  }

  /** Every chain as recorded, in the same order (a walk over both maps, no lookups). */
  private matches(t: Table): boolean {
    if (t !== this.table || t.chains.size !== this.nodes.size) return false;
    const nodes = this.nodes.values();
    for (const [name, c] of t.chains) {
      const n = nodes.next().value as Node;
      if (n.name !== name || n.chain !== c || n.rules !== c.rules || n.length !== c.rules.length) return false;
    }
    return true;
  }

  private link(n: Node): void {
    for (const t of n.targets) {
      let p = this.parents.get(t);
      if (!p) this.parents.set(t, (p = new Set()));
      p.add(n.name);
    }
  }

  private unlink(n: Node): void {
    for (const t of n.targets) this.parents.get(t)?.delete(n.name);
  }

  private refsOf(n: Node): Node[] {
    if (n.refsEpoch === this.shapeEpoch) return n.refs;
    const refs: Node[] = [];
    for (const t of n.targets) {
      const m = this.nodes.get(t);
      if (m) refs.push(m);
    }
    n.refs = refs;
    n.refsEpoch = this.shapeEpoch;
    return refs;
  }

  /** The chain and every chain with a path to it. */
  private ancestors(name: string): Set<string> {
    const seen = new Set([name]);
    const stack = [name];
    while (stack.length > 0) {
      for (const p of this.parents.get(stack.pop()!) ?? []) {
        if (seen.has(p)) continue;
        seen.add(p);
        stack.push(p);
      }
    }
    return seen;
  }

  /**
   * Follows the table to its next state `next`. `names[i]` was given the chain object
   * `chains[i]` (undefined: deleted), in order; no other chain changed. The graph then belongs
   * to `next`.
   */
  advance(next: Table, names: string[], chains: (Chain | undefined)[]): void {
    const changed: string[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const c = chains[i];
      const old = this.nodes.get(name);
      if (!c) {
        if (old) {
          this.unlink(old);
          this.nodes.delete(name);
          this.shapeEpoch++;
          changed.push(name);
        }
        continue;
      }
      if (!old) {
        const n = nodeOf(name, c);
        this.nodes.set(name, n);
        this.link(n);
        this.shapeEpoch++;
        changed.push(name);
        continue;
      }
      if (old.chain === c && old.rules === c.rules && old.length === c.rules.length) continue;
      const same = sameEdges(old, c);
      old.chain = c;
      old.rules = c.rules;
      old.length = c.rules.length;
      if (same) continue;
      // other edges: the node stays where it is in the map (the order of the table's)
      this.unlink(old);
      const { targets, limit } = edgesOf(c);
      old.targets = targets;
      old.limit = limit;
      old.refsEpoch = -1;
      this.link(old);
      changed.push(name);
    }
    // What a jump allows changes for everything above a changed chain (paths from unchanged
    // chains are the same before and after, so the new graph's ancestors are all of them).
    if (changed.length > 256) this.allowedEpoch++;
    else {
      for (const name of changed) {
        for (const a of this.ancestors(name)) {
          const n = this.nodes.get(a);
          if (n) n.allowedEpoch = -1;
        }
      }
    }
    graphs.delete(this.table);
    this.table = next;
    graphs.set(next, this);
    // Reach and cycles depend on the edges only: without a changed chain they still hold.
    if (changed.length > 0) {
      this.reachEpoch++;
      this.cyclic = undefined;
    }
  }

  /** Hooks the chain is reachable from (a built-in chain is its own hook). */
  reach(name: string): number {
    const node = this.nodes.get(name);
    if (!node) return 0;
    if (node.reachEpoch === this.reachEpoch) return node.reach;
    let mask = 0;
    const seen = new Set([name]);
    const stack = [name];
    while (stack.length > 0) {
      const x = stack.pop()!;
      const n = this.nodes.get(x);
      if (!n) continue;
      if (x !== name && n.reachEpoch === this.reachEpoch) {
        mask |= n.reach; // already complete for x: its ancestors need not be walked again
        continue;
      }
      if (isBuiltin(this.table.name, x)) mask |= HOOK_BIT[x] ?? 0;
      for (const p of this.parents.get(x) ?? []) {
        if (seen.has(p)) continue;
        seen.add(p);
        stack.push(p);
      }
    }
    node.reach = mask;
    node.reachEpoch = this.reachEpoch;
    return mask;
  }

  /**
   * Works out the hooks reaching every chain at once, forwards from the built-in chains: cheaper
   * than searching back from each of many chains (a full kube-proxy sync asks for all of them).
   */
  reachEverything(): void {
    const epoch = this.reachEpoch;
    // Nothing changed since the last time: every node's reach still holds.
    if (this.reachAllEpoch === epoch) return;
    this.reachAllEpoch = epoch;
    const work: Node[] = [];
    for (const n of this.nodes.values()) {
      n.reachEpoch = epoch;
      n.reach = isBuiltin(this.table.name, n.name) ? (HOOK_BIT[n.name] ?? 0) : 0;
      if (n.reach !== 0) work.push(n);
    }
    while (work.length > 0) {
      const n = work.pop()!;
      for (const m of this.refsOf(n)) {
        if ((m.reach | n.reach) === m.reach) continue;
        m.reach |= n.reach;
        work.push(m);
      }
    }
  }

  /** Hooks every target reachable from the chain allows; undefined when there is no such chain. */
  allowed(name: string): number | undefined {
    const node = this.nodes.get(name);
    if (!node) return undefined;
    if (!this.cyclic) {
      if (node.allowedEpoch === this.allowedEpoch) return node.allowed;
      const m = this.visit(node, new Set());
      if (m !== undefined) return m;
      this.cyclic = { allowed: allowedByRounds(this.table), loopy: loopyChains(this.table) };
    }
    return this.cyclic.allowed.get(name);
  }

  /**
   * Whether every jump in the chain is fine wherever its rules jump: no hook reaches it, or
   * what the chain as a whole allows (the least its targets allow) covers the hooks reaching
   * it and no loop is below it. Else the caller checks jump by jump.
   */
  jumpsClear(name: string): boolean {
    const node = this.nodes.get(name);
    if (!node) return true;
    const hooks = node.reachEpoch === this.reachEpoch ? node.reach : this.reach(name);
    if (hooks === 0) return true;
    const allowed = !this.cyclic && node.allowedEpoch === this.allowedEpoch ? node.allowed : this.allowed(name)!;
    return (hooks & ~allowed) === 0 && !this.loopy(name);
  }

  /**
   * Whether a jump cycle can be reached from the chain (the kernel refuses that under a hook:
   * EMLINK), for a chain allowed() was asked about: without a cycle found, there is none below.
   */
  loopy(name: string): boolean {
    return this.cyclic?.loopy.has(name) ?? false;
  }

  /** Depth first below `n`; undefined when a cycle is reachable (nothing is remembered then). */
  private visit(n: Node, onPath: Set<Node>): number | undefined {
    if (n.allowedEpoch === this.allowedEpoch) return n.allowed;
    if (onPath.has(n)) return undefined;
    onPath.add(n);
    let mask = n.limit;
    for (const m of this.refsOf(n)) {
      const a = this.visit(m, onPath);
      if (a === undefined) return undefined;
      mask &= a;
    }
    onPath.delete(n);
    n.allowed = mask;
    n.allowedEpoch = this.allowedEpoch;
    return mask;
  }
}

/** The greatest fixpoint of "allowed", by rounds over the whole table (for cyclic graphs). */
function allowedByRounds(t: Table): Map<string, number> {
  const allowed = new Map<string, number>();
  for (const c of t.chains.keys()) allowed.set(c, ALL_HOOKS);
  let changed = true;
  while (changed) {
    changed = false;
    for (const c of t.chains.values()) {
      let mine = allowed.get(c.name)!;
      for (const r of c.rules) {
        if (mine === 0) break;
        const j = jumpTarget(r);
        const other = j !== undefined ? allowed.get(j) : limitOf(r);
        if (other === undefined || (mine & other) === mine) continue;
        mine &= other;
        changed = true;
      }
      allowed.set(c.name, mine);
    }
  }
  return allowed;
}

/** Chains from which a jump cycle can be reached. */
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
