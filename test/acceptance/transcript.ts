// A golden-transcript driver: one or more terminals on the same simulated cluster, as a person
// works with two windows (kubectl on the laptop, a shell on a node). Each line is echoed after
// its terminal's prompt; the output is what that terminal shows. A line run with `background`
// keeps running (`tcpdump`, `kubectl logs -f`) while later lines run in other terminals; `collect`
// prints what it showed meanwhile and interrupts it (Ctrl-C) unless it ended by itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { createSession, type RunningCommand, type Session } from '../../src/engine/session.ts';
import type { Simulation } from '../../src/engine/simulation.ts';

export type Step =
  | { term: string; line: string }
  | { term: string; background: string }
  | { term: string; collect: true }
  | { advanceMs: number };

export function runTranscript(sim: Simulation, steps: Step[]): string {
  const sessions = new Map<string, Session>();
  const running = new Map<string, RunningCommand>();
  const session = (term: string): Session => {
    let s = sessions.get(term);
    if (!s) sessions.set(term, (s = createSession(sim)));
    return s;
  };
  let out = '';
  for (const step of steps) {
    if ('advanceMs' in step) {
      sim.advance(step.advanceMs);
      continue;
    }
    const s = session(step.term);
    const head = `[${step.term}] `;
    if ('line' in step) {
      out += `${head}${s.prompt()}${step.line}\n`;
      const result = s.execute(step.line);
      out += result.chunks.map((c) => c.text).join('');
      sim.settle();
    } else if ('background' in step) {
      out += `${head}${s.prompt()}${step.background}\n`;
      const begun = s.begin(step.background);
      out += begun.output.chunks.map((c) => c.text).join('');
      if (begun.running) running.set(step.term, begun.running);
    } else {
      const r = running.get(step.term);
      running.delete(step.term);
      if (!r) continue;
      const shown = r.drain();
      const stopped = r.stop().text;
      // Ctrl-C leaves the cursor after "^C"; the shell's next prompt starts a new line.
      out += shown + (stopped ? `${stopped}\n` : '');
    }
  }
  return out;
}

/** Compares with the golden file, or rewrites it when UPDATE_GOLDEN=1. */
export function golden(name: string, text: string): string {
  const file = new URL(`../fixtures/transcripts/${name}`, import.meta.url);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
  return readFileSync(file, 'utf8');
}
