// Per-key retry with exponential backoff (client-go's ItemExponentialFailureRateLimiter and a
// controller's handleErr): the n-th consecutive failure of a key waits base·2^(n-1), at most
// `maxMs`; after `maxRetries` requeues the key is dropped until something else queues it.

import type { Scheduler } from '../../sim/scheduler.ts';

export class Retrier {
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly label: string,
    private readonly requeue: (key: string) => void,
    private readonly baseMs: number,
    private readonly maxMs = 1_000_000,
    private readonly maxRetries = 15,
  ) {}

  /** A successful sync: the key starts from the base delay again. */
  forget(key: string): void {
    this.failures.delete(key);
  }

  /** A failed sync: requeue after the backoff, unless the retry budget is spent. */
  failed(key: string): void {
    const n = this.failures.get(key) ?? 0;
    if (n >= this.maxRetries) {
      this.failures.delete(key);
      return;
    }
    this.failures.set(key, n + 1);
    const delay = Math.min(this.baseMs * 2 ** n, this.maxMs);
    this.scheduler.after(delay, () => this.requeue(key), { label: `${this.label} retry ${key}` });
  }
}

/** AddAfter for one fixed delay: a key already waiting keeps its (earlier) time. */
export class DelayedAdds {
  private readonly waiting = new Set<string>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly label: string,
    private readonly add: (key: string) => void,
    private readonly delayMs: number,
  ) {}

  addAfter(key: string): void {
    if (this.delayMs <= 0) return this.add(key);
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    this.scheduler.after(
      this.delayMs,
      () => {
        this.waiting.delete(key);
        this.add(key);
      },
      { label: `${this.label} ${key}` },
    );
  }
}
