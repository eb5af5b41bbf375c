// The terminal side of the worker API: the engine's Session (src/engine/session.ts) driven
// line by line, with long-running commands (`kubectl get -w`) that keep printing as virtual
// time passes until interrupted. The worker's run loop calls `drain()` once per frame.
// STUB: the signatures are the contract; the terminal part (src/ui/terminal/ owner) fills it in.

import type { Simulation } from '../engine/simulation.ts';
import { createSession } from '../engine/session.ts';
import type { CompletionView, TerminalOutput } from './contract.ts';

export interface TerminalBridge {
  execute(line: string): TerminalOutput;
  interrupt(): TerminalOutput;
  isComplete(line: string): boolean;
  complete(line: string, cursor: number): CompletionView;
  prompt(): string;
  /** Output a running command produced since the last call (undefined: nothing running, nothing new). */
  drain(): { text: string; running: boolean; prompt: string } | undefined;
}

export function createTerminalBridge(sim: Simulation): TerminalBridge {
  const session = createSession(sim);
  return {
    execute(line) {
      const out = session.execute(line);
      return { text: out.chunks.map((c) => c.text).join(''), exitCode: out.exitCode, prompt: session.prompt() };
    },
    interrupt: () => ({ text: '', exitCode: 130, prompt: session.prompt() }),
    isComplete: (line) => session.isComplete(line),
    complete(line, cursor) {
      const c = session.complete(line, cursor);
      return { from: c.start, candidates: c.candidates };
    },
    prompt: () => session.prompt(),
    drain: () => undefined,
  };
}
