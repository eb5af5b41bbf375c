// BoundedFrequencyRunner (pkg/util/async/bounded_frequency_runner.go) on the virtual scheduler:
// `run()` asks for a sync as soon as possible, but syncs happen at most `burst` times in quick
// succession and then once per `minInterval` (a token bucket starting full); without requests
// the function still runs every `maxInterval`. RetryAfter pulls the timer in after a failure.
//
// Timer tasks that exist because something is waiting to be synced are foreground (settle()
// waits for them); the periodic timer is background housekeeping.

import type { Scheduler, TaskHandle } from '../sim/scheduler.ts';

export class BoundedFrequencyRunner {
  private looping = false;
  private queued = false;
  private runCheck: TaskHandle | undefined;
  private timer: { at: number; background: boolean; handle: TaskHandle } | undefined;
  private lastRun = -Infinity;
  // Token bucket in milliseconds of credit: one run costs minInterval, credit accrues 1/ms.
  private credit: number;
  private creditAt: number;
  private retryTime: number | undefined;
  private stopped = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly now: () => number,
    private readonly fn: () => void,
    private readonly minInterval: number,
    private readonly maxInterval: number,
    private readonly burst: number,
    private readonly label: string,
  ) {
    this.credit = burst * minInterval;
    this.creditAt = now();
  }

  /** Loop(): from now on requests are served and the periodic timer runs. */
  loop(): void {
    this.looping = true;
    this.resetTimer(this.maxInterval, true);
    if (this.queued) {
      this.queued = false;
      this.run();
    }
  }

  /** Run(): sync as soon as allowed. Before loop() the request waits (a buffered channel). */
  run(): void {
    if (this.stopped) return;
    if (!this.looping) {
      this.queued = true;
      return;
    }
    if (this.runCheck) return;
    this.runCheck = this.scheduler.after(0, () => {
      this.runCheck = undefined;
      this.tryRun();
    }, { label: this.label });
  }

  /** RetryAfter(interval): run again no later than `interval` from now. */
  retryAfter(interval: number, background: boolean): void {
    if (this.stopped) return;
    const t = this.now() + interval;
    if (this.retryTime !== undefined && this.retryTime < t) return;
    this.retryTime = t;
    this.scheduler.after(0, () => {
      if (this.retryTime === undefined || this.stopped) return;
      const retryInterval = this.retryTime - this.now();
      this.retryTime = undefined;
      const remaining = this.timer ? this.timer.at - this.now() : Infinity;
      if (retryInterval < remaining) this.resetTimer(retryInterval, background);
    }, { label: this.label, background });
  }

  stop(): void {
    this.stopped = true;
    this.runCheck?.cancel();
    this.timer?.handle.cancel();
    this.timer = undefined;
  }

  private tryAccept(): boolean {
    if (this.minInterval === 0) return true;
    const now = this.now();
    this.credit = Math.min(this.burst * this.minInterval, this.credit + (now - this.creditAt));
    this.creditAt = now;
    if (this.credit < this.minInterval) return false;
    this.credit -= this.minInterval;
    return true;
  }

  private tryRun(): void {
    if (this.stopped) return;
    if (this.tryAccept()) {
      this.fn();
      this.lastRun = this.now();
      this.resetTimer(this.maxInterval, true);
      return;
    }
    const elapsed = this.now() - this.lastRun;
    const nextPossible = this.minInterval - elapsed;
    const remaining = this.timer ? this.timer.at - this.now() : Infinity;
    if (nextPossible < remaining) this.resetTimer(nextPossible, false);
  }

  private resetTimer(delay: number, background: boolean): void {
    if (this.stopped) return;
    this.timer?.handle.cancel();
    const at = this.now() + Math.max(0, delay);
    const handle = this.scheduler.after(Math.max(0, delay), () => {
      this.timer = undefined;
      this.tryRun();
    }, { label: this.label, background });
    this.timer = { at, background, handle };
  }
}
