// A learner's progress through a lesson: the commands they typed, the steps they passed. Steps
// complete in order (FORMAT.md): only the first unpassed step's checks are evaluated, a step
// without checks passes once acknowledged, and a passed step stays passed. status() is asked
// often (after every command, every batch): it re-evaluates only when the cluster's API or the
// learner's input changed since the last call, or a virtual second began (what changes
// without an API write — kube-proxy's rule syncs, conntrack timeouts — moves on that scale;
// with the clock running, evaluating on every frame would cost dry-run connections each time).

import type { Simulation } from '../simulation.ts';
import { evaluateCheck } from './evaluate.ts';
import type { CheckResult, Lesson, LessonStatus } from './types.ts';

/** Virtual time that alone makes status() evaluate again. */
const CLOCK_GRAIN_MS = 1000;

export class LessonTracker {
  private readonly typed: string[] = [];
  private readonly passed: boolean[];
  private readonly acknowledged = new Set<number>();
  /** Bumped by every input: a recorded command may change what no API write shows (rules, counters). */
  private inputs = 0;
  private cache: { key: string; status: LessonStatus } | undefined;

  constructor(
    private readonly sim: Simulation,
    private readonly lesson: Lesson,
  ) {
    this.passed = lesson.steps.map(() => false);
  }

  /** A line the learner ran (as typed; gated lines too: they were typed). */
  recordCommand(line: string): void {
    this.typed.push(line);
    this.inputs++;
  }

  /** The learner moved on from step `step`: it passes if it has no checks (once the steps before it passed). */
  acknowledge(step: number): void {
    if (this.lesson.steps[step]?.checks.length !== 0) return;
    this.acknowledged.add(step);
    this.inputs++;
  }

  /** The commands recorded so far. */
  commands(): readonly string[] {
    return this.typed;
  }

  status(): LessonStatus {
    const key = `${this.sim.api.resourceVersion()}|${Math.floor(this.sim.clock.now() / CLOCK_GRAIN_MS)}|${this.inputs}`;
    if (this.cache?.key === key) return this.cache.status;
    const steps = this.lesson.steps;
    let current = this.passed.indexOf(false);
    if (current < 0) current = steps.length;
    let checks: CheckResult[] = [];
    while (current < steps.length) {
      const step = steps[current]!;
      if (step.checks.length === 0) {
        if (!this.acknowledged.has(current)) break;
      } else {
        checks = step.checks.map((c) => evaluateCheck(this.sim, c, this.typed));
        if (!checks.every((r) => r.ok)) break;
        checks = [];
      }
      this.passed[current] = true;
      current++;
    }
    const status: LessonStatus = { id: this.lesson.id, current, passed: [...this.passed], checks, complete: current === steps.length };
    this.cache = { key, status };
    return status;
  }
}
