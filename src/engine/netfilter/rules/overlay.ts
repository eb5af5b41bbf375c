// A table's chain map as a transaction sees it: the committed map with the transaction's
// changes laid over it, behaving exactly like a copy of the map changed the same way (same
// content, same iteration order), without copying the committed map's 100,000 chains for a
// transaction that changes twenty. Committing replays the changes onto the committed map.
// Past a few thousand changes (a full kube-proxy sync) a real copy is cheaper to work on.
import type { Chain } from '../types.ts';

const COPY_FROM = 2048;

export class ChainOverlay extends Map<string, Chain> {
  /** Latest value per changed name; null: deleted. */
  private readonly changes = new Map<string, Chain | null>();
  /** Every set/delete in order, to replay onto the committed map. */
  private readonly log: [string, Chain | null][] = [];
  /** Names after the committed ones, in order: new, or deleted and set again. */
  private readonly tail = new Map<string, true>();
  /** Committed names no longer at their place (deleted, or moved to the tail). */
  private displaced = 0;
  /** Set once the changes are many: from then on all operations go to this map. */
  private copy: Map<string, Chain> | undefined;

  /** `copyFrom`: changes after which a real copy is made (tests use small numbers). */
  constructor(
    private readonly base: Map<string, Chain>,
    private readonly copyFrom = COPY_FROM,
  ) {
    super();
  }

  override get(name: string): Chain | undefined {
    if (this.copy) return this.copy.get(name);
    const c = this.changes.get(name);
    if (c !== undefined) return c ?? undefined;
    return this.base.get(name);
  }

  override has(name: string): boolean {
    if (this.copy) return this.copy.has(name);
    const c = this.changes.get(name);
    if (c !== undefined) return c !== null;
    return this.base.has(name);
  }

  override set(name: string, chain: Chain): this {
    if (this.copy) {
      this.copy.set(name, chain);
      return this;
    }
    if (!this.has(name)) {
      // a new name, or one deleted before: it goes to the end
      this.tail.set(name, true);
    }
    this.changes.set(name, chain);
    this.log.push([name, chain]);
    if (this.changes.size >= this.copyFrom) this.materialize();
    return this;
  }

  override delete(name: string): boolean {
    if (this.copy) return this.copy.delete(name);
    if (!this.has(name)) return false;
    if (this.tail.has(name)) this.tail.delete(name);
    else this.displaced++;
    this.changes.set(name, null);
    this.log.push([name, null]);
    return true;
  }

  override get size(): number {
    if (this.copy) return this.copy.size;
    return this.base.size - this.displaced + this.tail.size;
  }

  override clear(): void {
    throw new Error('ChainOverlay.clear: not supported');
  }

  override *entries(): MapIterator<[string, Chain]> {
    if (this.copy) {
      yield* this.copy.entries();
      return;
    }
    for (const [name, chain] of this.base) {
      const c = this.changes.get(name);
      if (c === undefined) yield [name, chain];
      else if (c !== null && !this.tail.has(name)) yield [name, c];
    }
    for (const name of this.tail.keys()) yield [name, this.changes.get(name)!];
  }

  override [Symbol.iterator](): MapIterator<[string, Chain]> {
    return this.entries();
  }

  override *keys(): MapIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  override *values(): MapIterator<Chain> {
    for (const [, chain] of this.entries()) yield chain;
  }

  override forEach(fn: (value: Chain, key: string, map: Map<string, Chain>) => void, thisArg?: unknown): void {
    for (const [name, chain] of this.entries()) fn.call(thisArg, chain, name, this);
  }

  private materialize(): void {
    const copy = new Map(this.base);
    replay(copy, this.log);
    this.copy = copy;
  }

  /** The map of its own once there is one (the transaction then works on it directly). */
  get ownMap(): Map<string, Chain> | undefined {
    return this.copy;
  }

  /** Applies the changes to the committed map, or hands back the copy to use instead. */
  commit(): Map<string, Chain> {
    if (this.copy) return this.copy;
    replay(this.base, this.log);
    return this.base;
  }
}

/** The same sets and deletes on a real map (a set keeps a present name's place). */
function replay(m: Map<string, Chain>, log: [string, Chain | null][]): void {
  for (const [name, chain] of log) {
    if (chain === null) m.delete(name);
    else m.set(name, chain);
  }
}
