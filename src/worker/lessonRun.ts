// A lesson running in the worker (contract.ts LessonApi): the lesson's setup run headless on a
// fresh simulation, the command gate the learner's shell goes through, and the tracker's
// status — evaluated after every command and, while virtual time moves, at most every
// STATUS_INTERVAL_MS of real time (checks run kubectl and dry-run traces: cheap, not free).
// api.ts owns the simulation and the batches; this file owns only the lesson's part.

import { LessonTracker, gateCommand } from '../engine/lessons/index.ts';
import type { Lesson, LessonStatus, LessonSummary } from '../engine/lessons/types.ts';
import { createSession } from '../engine/session.ts';
import type { Simulation } from '../engine/simulation.ts';
import { loadLessons } from './lessons.ts';

/** Real ms between two evaluations while only the clock moves (≈4 a second). */
export const STATUS_INTERVAL_MS = 250;

let cached: Lesson[] | undefined;

/** The bundled lessons (content/lessons) that parse, once (the build and tests reject broken ones). */
export function allLessons(): Lesson[] {
  cached ??= loadLessons().lessons;
  return cached;
}

export function lessonSummaries(): LessonSummary[] {
  return allLessons().map((l) => ({ id: l.id, number: l.number, title: l.title, summary: l.summary, steps: l.steps.length }));
}

export function findLesson(id: string): Lesson | undefined {
  return allLessons().find((l) => l.id === id);
}

export interface LessonRun {
  readonly lesson: Lesson;
  /** The text that refuses a gated line (exit 127), or undefined when the line may run. */
  refuse(line: string): string | undefined;
  /** The learner ran `line` (after it ran). */
  ran(line: string): void;
  acknowledge(step: number): void;
  /** The status to send now: re-evaluated when a command/acknowledge happened since the last
   *  call, or when virtual time moved and STATUS_INTERVAL_MS of real time passed. */
  poll(realNow: number): LessonStatus;
}

/** Runs the lesson's setup on `sim` (each command, then the cluster settles) and starts tracking. */
export function beginLesson(lesson: Lesson, sim: Simulation): LessonRun {
  const shell = createSession(sim);
  for (const line of lesson.setup) {
    shell.execute(line);
    sim.settle();
  }
  const tracker = new LessonTracker(sim, lesson);
  let dirty = true;
  let last: LessonStatus | undefined;
  let lastReal = -Infinity;
  let lastVirtual = -1;
  return {
    lesson,
    refuse: (line) => gateCommand(lesson.commands, line),
    ran(line) {
      tracker.recordCommand(line);
      dirty = true;
    },
    acknowledge(step) {
      tracker.acknowledge(step);
      dirty = true;
    },
    poll(realNow) {
      const virtual = sim.clock.now();
      if (!last || dirty || (virtual !== lastVirtual && realNow - lastReal >= STATUS_INTERVAL_MS)) {
        last = tracker.status();
        dirty = false;
        lastReal = realNow;
        lastVirtual = virtual;
      }
      return last;
    },
  };
}
