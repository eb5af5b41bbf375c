// A lesson run without a learner, as the lesson tests and `npm run lab` do it: the scenario
// with the lesson's seed, its setup, every check evaluated, then its solution (each command
// gated as the learner's would be, the cluster settled after each), and every check again.

import { createSimulation } from '../index.ts';
import { createSession } from '../session.ts';
import { evaluateCheck } from './evaluate.ts';
import { GATED_EXIT_CODE, gateCommand } from './gate.ts';
import type { CheckResult, Lesson } from './types.ts';

export interface HeadlessRun {
  /** The simulation started and every setup command exited 0. */
  setupOk: boolean;
  /** Per step, its checks' results after the setup (before the solution). */
  before: CheckResult[][];
  /** Per step, its checks' results after the solution. */
  after: CheckResult[][];
  /** Prompt, command and output of every setup and solution command, with `[exit N]`. */
  transcript: string;
}

export function runLessonHeadless(lesson: Lesson, scenarioText: string): HeadlessRun {
  const created = createSimulation({ scenario: scenarioText, seed: lesson.seed });
  if (!created.ok) return { setupOk: false, before: [], after: [], transcript: `# scenario ${lesson.scenario}: ${created.error}\n` };
  const { sim } = created;
  const session = createSession(sim);
  let transcript = created.problems.map((p) => `# scenario problem: ${p}\n`).join('');
  const run = (line: string, gated: boolean): number => {
    transcript += `${session.prompt()}${line}\n`;
    const refused = gated ? gateCommand(lesson.commands, line) : undefined;
    if (refused !== undefined) {
      transcript += `${refused}[exit ${GATED_EXIT_CODE}]\n`;
      return GATED_EXIT_CODE;
    }
    const out = session.execute(line);
    transcript += `${out.chunks.map((c) => c.text).join('')}[exit ${out.exitCode}]\n`;
    sim.settle();
    return out.exitCode;
  };
  const evaluateAll = (typed: readonly string[]): CheckResult[][] => lesson.steps.map((s) => s.checks.map((c) => evaluateCheck(sim, c, typed)));

  let setupOk = created.problems.length === 0;
  transcript += '# setup\n';
  for (const line of lesson.setup) if (run(line, false) !== 0) setupOk = false;
  const before = evaluateAll([]);
  transcript += '# solution\n';
  for (const line of lesson.solution) run(line, true);
  const after = evaluateAll(lesson.solution);
  return { setupOk, before, after, transcript };
}
