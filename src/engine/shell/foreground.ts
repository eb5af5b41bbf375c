// Commands that keep running (`kubectl get -w`, `tcpdump`, `ping`) in an interactive terminal.
// Headless runs (tests, the CLI) let such a command run until the cluster settles and return
// everything it printed. The page's terminal instead lets it go on printing as virtual time
// passes until Ctrl-C or its own end (`-c N`): the session opens a foreground slot for the one
// command the user typed, and a command that would keep running claims it, returns what it
// printed so far, and leaves the rest to the handle it registered. Keyed by the world object
// (the Simulation) so commands need no new context, however deep in `kubectl exec` or
// `docker exec` they run.

import { Parser } from './parser.ts';

/** How a program ends: what it prints last and its exit status. */
export interface Ending {
  text: string;
  exitCode: number;
}

/** What a still-running command leaves behind: its further output, and how to stop it. */
export interface LiveOutput {
  /** Output printed since the last call ('' when nothing new). */
  take(): string;
  /** Stops the command silently (unsubscribes its watches, cancels its timers). */
  stop(): void;
  /**
   * Ctrl-C delivered to the program (SIGINT): it stops and prints its last words (tcpdump's
   * statistics, ping's summary). Absent: the session just stops it, as kubectl dies on SIGINT.
   */
  interrupt?(): Ending;
  /** The exit status once the program ended by itself (`-c N`); its last output is in take(). */
  exited?(): number | undefined;
}

/**
 * A client between the terminal and the program (`kubectl exec`, `docker exec`, `ssh`). With a
 * terminal (-t) Ctrl-C reaches the program; without one the signal kills the client itself:
 * the output stops there and the client's status is `killedStatus` (128+SIGINT for a Go
 * binary; ssh's cleanup_exit(255)).
 */
export interface Relay {
  tty: boolean;
  killedStatus?: number;
  /** The program exited with `code`: what the client adds (kubectl's "command terminated …") and its own status. */
  exit?(code: number): Ending;
}

interface Slot {
  claimed?: LiveOutput;
  relays: Relay[];
}

const slots = new WeakMap<object, Slot>();

/** Runs `run` with a foreground slot open for `world`; `live` is set when a command claimed it. */
export function runInForeground<T>(world: object, run: () => T): { result: T; live?: LiveOutput } {
  const slot: Slot = { relays: [] };
  slots.set(world, slot);
  try {
    const result = run();
    return slot.claimed ? { result, live: slot.claimed } : { result };
  } finally {
    slots.delete(world);
  }
}

/**
 * Runs `run` (the program a client starts) through `relay`. `line`: the command line the
 * client hands to a remote shell; a pipe or a list there runs as headless (its later commands
 * would otherwise run before the first one ends).
 */
export function runRelayed<T>(world: object, relay: Relay, run: () => T, line?: string): T {
  const slot = slots.get(world);
  if (!slot) return run();
  if (line !== undefined && !isForegroundLine(NO_DEFINITIONS, line)) {
    slots.delete(world);
    try {
      return run();
    } finally {
      slots.set(world, slot);
    }
  }
  slot.relays.push(relay);
  try {
    return run();
  } finally {
    slot.relays.pop();
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
  // The innermost client wraps the program first.
  slot.claimed = slot.relays.reduceRight<LiveOutput>((inner, relay) => relayed(inner, relay), live);
  return true;
}

/** `inner` as seen through a client. */
function relayed(inner: LiveOutput, relay: Relay): LiveOutput {
  let ended: Ending | undefined;
  const end = (code: number): Ending => (ended ??= relay.exit?.(code) ?? { text: '', exitCode: code });
  return {
    take() {
      const text = inner.take();
      const code = inner.exited?.();
      if (code === undefined || ended) return text;
      return text + end(code).text;
    },
    stop: () => inner.stop(),
    interrupt() {
      if (!relay.tty) {
        inner.stop();
        return { text: '', exitCode: relay.killedStatus ?? 130 };
      }
      let last: Ending;
      if (inner.interrupt) last = inner.interrupt();
      else {
        inner.stop();
        last = { text: '', exitCode: 130 };
      }
      const e = end(last.exitCode);
      return { text: last.text + e.text, exitCode: e.exitCode };
    },
    exited() {
      const code = inner.exited?.();
      return code === undefined ? undefined : end(code).exitCode;
    },
  };
}

/** What a shell has defined that may turn a simple command into something else. */
export interface ShellDefinitions {
  functions: ReadonlyMap<string, unknown>;
  aliases: ReadonlyMap<string, string>;
}

const NO_DEFINITIONS: ShellDefinitions = { functions: new Map(), aliases: new Map() };

/**
 * True when `input` is one simple command writing to the terminal: no pipe, list, redirection,
 * substitution or background `&`, not a function, and (through aliases) again such a command.
 * Only such a command may keep running; a long-running one inside anything else runs as headless.
 */
export function isForegroundLine(shell: ShellDefinitions, input: string, depth = 0): boolean {
  if (depth > 10) return false;
  let list;
  try {
    const parser = new Parser(input);
    list = parser.parseCommandLine();
    if (list === null || parser.parseCommandLine() !== null) return false;
  } catch {
    return false;
  }
  const item = list.items[0];
  if (list.items.length !== 1 || !item || item.background || item.andOr.rest.length > 0) return false;
  const pipeline = item.andOr.first;
  const cmd = pipeline.cmds[0];
  if (pipeline.bang || pipeline.cmds.length !== 1 || cmd?.kind !== 'simple' || cmd.redirs.length > 0) return false;
  if (cmd.words.some((w) => w.parts.some((p) => p.kind === 'cmdsub'))) return false;
  const name = cmd.words[0]?.raw;
  if (name === undefined || shell.functions.has(name)) return false;
  const alias = shell.aliases.get(name);
  return alias === undefined || isForegroundLine(shell, alias, depth + 1);
}
