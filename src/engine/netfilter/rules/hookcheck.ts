// The kernel's hook validation of the rules a transaction added (nft_chain_validate): a
// target only some hooks allow (DNAT, SNAT, MASQUERADE, REJECT), a jump into chains holding
// one, or a jump into a loop (EMLINK), from a chain reachable from another hook.
//
// Checked once on the final state (not after every rule, which would be quadratic): a jump is
// charged with what it makes reachable; a target itself only when its chain was already
// reachable from the wrong hook before the transaction (the kernel validates each new rule
// against the table as it is at that point of the batch). The questions go to the table's
// jump graph (chainGraph.ts), which follows the table from one transaction to the next.
import type { Chain, Rule, Table } from '../types.ts';
import { ALL_HOOKS, ChainGraph, limitOf } from './chainGraph.ts';
import { jumpTarget } from './ruleset.ts';

/**
 * The chains the transaction gave a new object (or deleted: undefined), in order, as parallel
 * lists; 'all' after a table flush or a rename.
 */
export type Touched = { names: string[]; chains: (Chain | undefined)[] } | 'all';

/** The rules a transaction added to one table, in batch order, as parallel lists (a kube-proxy restore adds 300,000). */
export class AddedRules {
  readonly chain: string[] = [];
  readonly rule: Rule[] = [];
  /** Index of the operation that added it (its place in the batch). */
  readonly opIndex: number[] = [];

  push(chain: string, rule: Rule, opIndex: number): void {
    this.chain.push(chain);
    this.rule.push(rule);
    this.opIndex.push(opIndex);
  }
}

/**
 * Indexes (into `added`) of the rules the kernel refuses, with EMLINK for a jump into a loop
 * (else the error the rule's operation carries). Moves the table's jump graph on to `after`.
 */
export function hookErrors(
  before: Table,
  after: Table,
  touched: Touched,
  added: AddedRules,
  /** Whether rules added to the chain may have been taken out again (by -D, -R, -F, -Z, -X …). */
  unstable: (chain: string) => boolean,
): { index: number; emlink: boolean }[] {
  const n = added.rule.length;
  // Is the rule still in its chain? Only asked where something may have taken rules out.
  const lists = new Map<string, Set<Rule> | Rule[]>();
  const present = (i: number): boolean => {
    const chain = added.chain[i]!;
    if (!unstable(chain)) return true;
    let rules = lists.get(chain);
    if (!rules) {
      const c = after.chains.get(chain);
      rules = !c ? [] : c.rules.length > 16 ? new Set(c.rules) : c.rules;
      lists.set(chain, rules);
    }
    return rules instanceof Set ? rules.has(added.rule[i]!) : rules.includes(added.rule[i]!);
  };
  // Which rules can fail at all: jumps, and targets only some hooks allow (their hooks).
  const JUMP = -1;
  const kind = new Int8Array(n); // 0: cannot fail, JUMP, else the hooks its target allows
  let jumps = 0;
  let limited = 0;
  let jumpChains = 0;
  let limitedChains = 0;
  // (runs of rules of one chain with jumps / with such targets: how many chains ask)
  let jumpRun = false;
  let limitedRun = false;
  for (let i = 0; i < n; i++) {
    const r = added.rule[i]!;
    if (i === 0 || added.chain[i] !== added.chain[i - 1]) jumpRun = limitedRun = false;
    if (jumpTarget(r) !== undefined) {
      kind[i] = JUMP;
      jumps++;
      if (!jumpRun) jumpChains++;
      jumpRun = true;
    } else {
      const l = limitOf(r);
      if (l === undefined) continue;
      kind[i] = l;
      limited++;
      if (!limitedRun) limitedChains++;
      limitedRun = true;
    }
  }
  if (jumps === 0 && limited === 0) {
    carry(before, after, touched);
    return [];
  }

  const out: { index: number; emlink: boolean }[] = [];
  let graph = ChainGraph.of(before);
  // Rules come in runs per chain; a run is cleared at once when the least any of its rules
  // allows (or, for jumps, what the chain as a whole allows) covers the hooks reaching it.
  if (limited > 0) {
    // Rules in many chains ask which hooks reach them: one pass answers all.
    if (limitedChains >= 64) graph.reachEverything();
    for (let a = 0; a < n; ) {
      const chain = added.chain[a]!;
      let b = a;
      let least = ALL_HOOKS;
      for (; b < n && added.chain[b] === chain; b++) if (kind[b]! > 0) least &= kind[b]!;
      const hooks = least === ALL_HOOKS ? 0 : graph.reach(chain);
      if ((hooks & ~least) !== 0) {
        for (let i = a; i < b; i++) {
          const limit = kind[i]!;
          if (limit > 0 && (hooks & ~limit) !== 0 && present(i)) out.push({ index: i, emlink: false });
        }
      }
      a = b;
    }
  }
  if (touched === 'all') {
    ChainGraph.forget(before);
    graph = ChainGraph.of(after);
  } else graph.advance(after, touched.names, touched.chains);
  if (jumps > 0) {
    if (jumpChains >= 64) graph.reachEverything();
    for (let a = 0; a < n; ) {
      const chain = added.chain[a]!;
      let b = a;
      let jumpsHere = false;
      for (; b < n && added.chain[b] === chain; b++) if (kind[b] === JUMP) jumpsHere = true;
      // Unreachable from any hook, a chain may jump anywhere. What the chain allows is the
      // least any of its targets allows, and no loop is below it unless it is loopy itself.
      if (jumpsHere && !graph.jumpsClear(chain)) {
        const hooks = graph.reach(chain);
        for (let i = a; i < b; i++) {
          if (kind[i] !== JUMP) continue;
          const j = jumpTarget(added.rule[i]!)!;
          const allowed = graph.allowed(j);
          if (allowed === undefined) continue;
          const emlink = graph.loopy(j); // answered by allowed() just now
          if ((emlink || (hooks & ~allowed) !== 0) && present(i)) out.push({ index: i, emlink });
        }
      }
      a = b;
    }
  }
  return out.sort((x, y) => x.index - y.index);
}

/** Keeps the table's jump graph (if it has one) for its next state. */
function carry(before: Table, after: Table, touched: Touched): void {
  const graph = ChainGraph.kept(before);
  if (!graph) return;
  if (touched === 'all') ChainGraph.forget(before);
  else graph.advance(after, touched.names, touched.chains);
}
