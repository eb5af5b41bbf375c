// What the worker API needs from where it runs: real time for the run loop, a timer for the
// next frame, and the scenario files. The browser (worker or page thread) provides the real
// ones; tests drive frames by hand.

import { SCENARIO_FILES } from './scenarios.ts';

export interface SimHost {
  /** Real milliseconds, monotonic (performance.now()). */
  now(): number;
  /** Runs `fn` once after `ms` real milliseconds. */
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Scenario id → the text of its file. */
  scenarios: Record<string, string>;
}

export function browserHost(): SimHost {
  return {
    now: () => performance.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    scenarios: SCENARIO_FILES,
  };
}
