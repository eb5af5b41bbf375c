// Discrete-event scheduler: everything that "happens later" in the cluster (a container
// starting, a controller's queued sync, a kube-proxy sync) is a task at a virtual time.
// Settling runs tasks in time order until only background (periodic) work is left.

import type { VirtualClock } from './clock.ts';

export interface TaskOptions {
  /** Shown in diagnostics. */
  label?: string;
  /**
   * Periodic housekeeping (resyncs, heartbeats) that would run forever: it runs when time
   * passes it, but does not keep `settle()` going.
   */
  background?: boolean;
}

interface Task {
  at: number;
  seq: number;
  run: () => void;
  label: string;
  background: boolean;
  cancelled: boolean;
}

export interface TaskHandle {
  cancel(): void;
}

export class Scheduler {
  private heap: Task[] = [];
  private seq = 0;
  private foreground = 0;

  constructor(private readonly clock: VirtualClock) {}

  /** Runs `run` after `delayMs` of virtual time (0: after the current task, in FIFO order). */
  after(delayMs: number, run: () => void, opts: TaskOptions = {}): TaskHandle {
    const task: Task = {
      at: this.clock.now() + Math.max(0, delayMs),
      seq: this.seq++,
      run,
      label: opts.label ?? '',
      background: opts.background ?? false,
      cancelled: false,
    };
    if (!task.background) this.foreground++;
    this.push(task);
    return {
      cancel: () => {
        if (task.cancelled) return;
        task.cancelled = true;
        if (!task.background) this.foreground--;
      },
    };
  }

  /** True when foreground work is pending. */
  busy(): boolean {
    return this.foreground > 0;
  }

  /** Time of the next pending task, or undefined. */
  nextAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Runs every task due at or before `t`, then sets the clock to `t`. Returns tasks run. */
  runUntil(t: number): number {
    let count = 0;
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.at > t) break;
      this.runTop();
      count++;
    }
    this.clock.advanceTo(t);
    return count;
  }

  /**
   * Runs the next task if it is due at or before `t` — one step of runUntil(t), for callers that
   * spread a busy instant over several frames. Returns whether a task ran.
   */
  runNext(t: number): boolean {
    this.dropCancelled();
    const top = this.heap[0];
    if (!top || top.at > t) return false;
    this.runTop();
    return true;
  }

  /**
   * Runs tasks in order until no foreground task is pending or `limitMs` of virtual time has
   * passed (a crash-looping pod would otherwise keep the cluster busy forever).
   */
  settle(limitMs: number): { ran: number; quiet: boolean } {
    const deadline = this.clock.now() + limitMs;
    let ran = 0;
    while (this.foreground > 0) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.at > deadline) break;
      this.runTop();
      ran++;
    }
    return { ran, quiet: this.foreground === 0 };
  }

  private runTop(): void {
    const task = this.pop();
    if (!task) return;
    this.clock.advanceTo(task.at);
    task.cancelled = true;
    if (!task.background) this.foreground--;
    task.run();
  }

  private dropCancelled(): void {
    while (this.heap[0]?.cancelled) this.pop();
  }

  // Binary min-heap on (at, seq): equal times run in scheduling order, which keeps runs
  // deterministic.
  private less(a: Task, b: Task): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(task: Task): void {
    const h = this.heap;
    h.push(task);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Task | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
