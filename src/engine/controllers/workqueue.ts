// A rate-free work queue as client-go's: keys are deduplicated while waiting, and processed
// in the order they were first added, `delayMs` of virtual time after the first add (a
// batching window; 0 means "right after the current event").

import type { Scheduler } from '../sim/scheduler.ts';

export class WorkQueue {
  private readonly queued = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly label: string,
    private readonly process: (key: string) => void,
    private readonly delayMs = 0,
  ) {}

  add(key: string): void {
    this.queued.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.scheduler.after(this.delayMs, () => this.drain(), { label: this.label });
  }

  get length(): number {
    return this.queued.size;
  }

  private drain(): void {
    this.scheduled = false;
    // Keys added while draining wait for the next round, like a worker picking the next item.
    const keys = [...this.queued];
    this.queued.clear();
    for (const key of keys) this.process(key);
  }
}

/** "ns/name" keys as client-go's MetaNamespaceKeyFunc. */
export const nsKey = (namespace: string | undefined, name: string | undefined): string =>
  namespace ? `${namespace}/${name ?? ''}` : (name ?? '');

export function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}
