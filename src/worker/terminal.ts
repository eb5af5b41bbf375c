// The terminal side of the worker API: the engine's Session (src/engine/session.ts) driven
// line by line, with long-running commands (`kubectl get -w`, `tcpdump`, `ping`) that keep
// printing as virtual time passes until interrupted or until they end by themselves
// (`tcpdump -c N`: the last chunk says running: false and the prompt comes back). The worker's
// run loop calls `drain()` once per frame.

import type { Simulation } from '../engine/simulation.ts';
import { createSession, type RunningCommand } from '../engine/session.ts';
import type { ShellOutput } from '../engine/shell/index.ts';
import type { CompletionView, TerminalOutput } from './contract.ts';

export interface TerminalBridge {
  execute(line: string): TerminalOutput;
  interrupt(): TerminalOutput;
  isComplete(line: string): boolean;
  complete(line: string, cursor: number): CompletionView;
  prompt(): string;
  /** Output a running command produced since the last call (undefined: nothing running, nothing
   *  new); `running: false` when the command ended by itself with it. */
  drain(): { text: string; running: boolean; prompt: string } | undefined;
}

const joined = (out: ShellOutput): string => out.chunks.map((c) => c.text).join('');

export function createTerminalBridge(sim: Simulation): TerminalBridge {
  const session = createSession(sim);
  let running: RunningCommand | undefined;
  return {
    execute(line) {
      // A line sent while a watch runs (checks, tests) runs beside it; the watch goes on.
      const begun = session.begin(line);
      const out: TerminalOutput = { text: joined(begun.output), exitCode: begun.output.exitCode, prompt: session.prompt() };
      if (begun.running) {
        running = begun.running;
        out.running = true;
      }
      return out;
    },
    interrupt() {
      const r = running;
      running = undefined;
      if (!r) {
        session.cancelLine();
        return { text: '', exitCode: 130, prompt: session.prompt() };
      }
      const { text, exitCode } = r.stop();
      return { text, exitCode, prompt: session.prompt() };
    },
    isComplete: (line) => session.isComplete(line),
    complete(line, cursor) {
      const c = session.complete(line, cursor);
      return { from: c.start, candidates: c.candidates };
    },
    prompt: () => session.prompt(),
    drain() {
      if (!running) return undefined;
      const text = running.drain();
      if (running.exited() !== undefined) {
        running = undefined;
        return { text, running: false, prompt: session.prompt() };
      }
      return text === '' ? undefined : { text, running: true, prompt: session.prompt() };
    },
  };
}
