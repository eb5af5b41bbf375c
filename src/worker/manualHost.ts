// For tests: a SimHost whose real time and frame timer are driven by hand, so createSimApi's
// run loop advances exactly when a test says (`frame(ms)`), never on the wall clock.
import { FRAME_MS } from './api.ts';

export function manualHost() {
  let t = 1_000;
  let pending: (() => void) | undefined;
  return {
    host: {
      now: () => t,
      setTimer: (fn: () => void) => {
        pending = fn;
        return 1;
      },
      clearTimer: () => {
        pending = undefined;
      },
    },
    /** Lets `ms` real milliseconds pass and runs the frame that was due. */
    frame(ms = FRAME_MS) {
      t += ms;
      const f = pending;
      pending = undefined;
      f?.();
    },
    /** `n` frames of `ms` each. */
    frames(n: number, ms = FRAME_MS) {
      for (let i = 0; i < n; i++) this.frame(ms);
    },
  };
}
