// Test driver: a settled default-scenario simulation with a shell session, and a transcript
// runner that behaves like the CLI (each command, then settle).

import { readFileSync } from 'node:fs';
import { createSimulation } from '../../src/engine/index.ts';
import { createSession } from '../../src/engine/session.ts';
import type { Simulation } from '../../src/engine/simulation.ts';

export const DEFAULT_SCENARIO = readFileSync(new URL('../../content/scenarios/default.yaml', import.meta.url), 'utf8');

export function defaultSim(seed = 1): Simulation {
  const created = createSimulation({ scenario: DEFAULT_SCENARIO, seed });
  if (!created.ok) throw new Error(created.error);
  if (created.problems.length) throw new Error(created.problems.join('\n'));
  return created.sim;
}

export class TestSim {
  readonly sim: Simulation;
  readonly shell;
  last = { stdout: '', stderr: '', exitCode: 0 };

  constructor(seed = 1) {
    this.sim = defaultSim(seed);
    this.shell = createSession(this.sim);
  }

  /** Runs one command line as the CLI does (then settles); returns the combined output. */
  exec(line: string): this {
    const out = this.shell.execute(line);
    this.last = {
      stdout: out.chunks.filter((c) => c.fd === 1).map((c) => c.text).join(''),
      stderr: out.chunks.filter((c) => c.fd === 2).map((c) => c.text).join(''),
      exitCode: out.exitCode,
    };
    this.sim.settle();
    return this;
  }

  /** `$ command` + what the terminal shows, for each command. */
  transcript(lines: string[]): string {
    return lines
      .map((line) => {
        const out = this.shell.execute(line);
        this.sim.settle();
        return `$ ${line}\n${out.chunks.map((c) => c.text).join('')}[exit ${out.exitCode}]\n`;
      })
      .join('');
  }
}
