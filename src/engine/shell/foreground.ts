// Commands that keep running (`kubectl get -w`) in an interactive terminal. Headless runs
// (tests, the CLI) let such a command run until the cluster settles and return everything it
// printed. The page's terminal instead lets it go on printing as virtual time passes until
// Ctrl-C: the session opens a foreground slot for the one command the user typed, and a
// command that would keep running claims it, returns what it printed so far, and leaves the
// rest to the handle it registered. Keyed by the world object so commands need no new context.

/** What a still-running command leaves behind: its further output, and how to stop it. */
export interface LiveOutput {
  /** Output printed since the last call ('' when nothing new). */
  take(): string;
  /** Stops the command (unsubscribes its watches). */
  stop(): void;
}

interface Slot {
  claimed?: LiveOutput;
}

const slots = new WeakMap<object, Slot>();

/** Runs `run` with a foreground slot open for `world`; `live` is set when a command claimed it. */
export function runInForeground<T>(world: object, run: () => T): { result: T; live?: LiveOutput } {
  const slot: Slot = {};
  slots.set(world, slot);
  try {
    const result = run();
    return slot.claimed ? { result, live: slot.claimed } : { result };
  } finally {
    slots.delete(world);
  }
}

/**
 * Called by a command that would keep running. True: the terminal took it over — the command
 * returns now and `live` produces the rest. False (headless, in a pipe, or already claimed):
 * the command runs to its end as usual.
 */
export function keepRunning(world: object, live: LiveOutput): boolean {
  const slot = slots.get(world);
  if (!slot || slot.claimed) return false;
  slot.claimed = live;
  return true;
}
