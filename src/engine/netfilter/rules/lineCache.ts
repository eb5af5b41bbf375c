// Parsed rule and chain lines of iptables-restore input, by their text. kube-proxy sends a node
// the same lines sync after sync (on a partial sync all of KUBE-SERVICES again), and parsing a
// line the way iptables does (getopt, extensions, address lists) is most of a restore's cost.
// A line's parse depends only on its text, the table and --counters, so a line seen before
// yields the same operations again. They are shared: the transaction copies each rule it puts
// into a table (the kernel counts into it) and takes line numbers separately
// (TxnOptions.shared). Lines that fail to parse are not kept (their messages name the line).
//
// The cache belongs to one ruleset (one network namespace, as a long-lived iptables-restore
// would keep it): nothing is shared between nodes or simulations, and it goes with the ruleset.
// Two generations bound the memory: when the current one is full it becomes the previous one
// and the one before is dropped; a line found in the previous generation moves back.
import type { Ruleset } from '../types.ts';
import type { Op } from './txn.ts';

const GENERATION = 1 << 19;

/** Lines (without their "\n") and what they parse to. */
export class LineCache {
  private current = new Map<string, readonly Op[]>();
  private previous = new Map<string, readonly Op[]>();

  /**
   * The operations of a line parsed before. `line` may be a cut of a large input: a Map
   * compares keys by content (and V8 hashes a cut natively, far cheaper than hashing in JS).
   */
  find(line: string): readonly Op[] | undefined {
    const hit = this.current.get(line);
    if (hit !== undefined) return hit;
    const old = this.previous.get(line);
    if (old !== undefined) this.add(line, old);
    return old;
  }

  add(line: string, ops: readonly Op[]): void {
    if (this.current.size >= GENERATION) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(ownCopy(line), ops);
  }
}

const caches = new WeakMap<Ruleset, Map<string, LineCache>>();

/** The cache of one ruleset for one table and --counters setting. */
export function lineCache(rs: Ruleset, table: string, counters: boolean): LineCache {
  let byKey = caches.get(rs);
  if (!byKey) caches.set(rs, (byKey = new Map()));
  const key = `${table}/${counters ? 'c' : ''}`;
  let c = byKey.get(key);
  if (!c) byKey.set(key, (c = new LineCache()));
  return c;
}

/**
 * The line as a string of its own: a line cut from a large restore input keeps all of that
 * input alive while it is referenced (a sliced string), which a cache key must not do.
 */
const ownCopy = (s: string): string => (' ' + s).slice(1);
