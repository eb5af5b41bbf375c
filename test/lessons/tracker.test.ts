// LessonTracker (steps complete in order, acknowledge for steps without checks, cached status)
// and runLessonHeadless on the fixture lesson.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LessonTracker, parseLesson, runLessonHeadless, type Lesson } from '../../src/engine/lessons/index.ts';
import { DEFAULT_SCENARIO, TestSim } from '../support/sim.ts';

const TEXT = readFileSync(new URL('../fixtures/lessons/01-every-kind.md', import.meta.url), 'utf8');
const parsed = parseLesson(TEXT, '01-every-kind.md');
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const LESSON: Lesson = parsed.lesson;

/** The learner's terminal: gate-free here, every line recorded. */
function type(t: TestSim, tracker: LessonTracker, line: string): void {
  tracker.recordCommand(line);
  t.exec(line);
}

describe('LessonTracker', () => {
  it('completes steps in order, waits at a step without checks until acknowledged', () => {
    const t = new TestSim();
    for (const line of LESSON.setup) t.exec(line);
    const tracker = new LessonTracker(t.sim, LESSON);
    const s0 = tracker.status();
    expect(s0).toEqual({ id: '01-every-kind', current: 0, passed: [false, false, false, false, false, false], checks: [{ ok: false, detail: 'no command matching /^kubectl get endpointslices?\\b/ was run yet' }], complete: false });
    // Later steps' work done first does not pass them: step 0 comes first.
    type(t, tracker, 'kubectl scale deployment auth-service --replicas=2');
    expect(tracker.status().current).toBe(0);
    type(t, tracker, 'kubectl get endpointslices');
    // Step 0 passes, step 1 is evaluated at once and passes too; step 2 has no check.
    expect(tracker.status()).toMatchObject({ current: 2, passed: [true, true, false, false, false, false], checks: [], complete: false });
    tracker.acknowledge(4); // not a step without checks: ignored
    tracker.acknowledge(2);
    const s3 = tracker.status();
    expect(s3.current).toBe(3);
    expect(s3.checks).toEqual([{ ok: false, detail: 'pods/client has no .metadata.labels.role' }]);
    // A passed step stays passed even when its check would fail now.
    type(t, tracker, 'kubectl scale deployment auth-service --replicas=1');
    expect(tracker.status().passed.slice(0, 3)).toEqual([true, true, true]);
    for (const line of LESSON.solution.slice(2)) type(t, tracker, line);
    expect(tracker.status()).toEqual({ id: '01-every-kind', current: 6, passed: [true, true, true, true, true, true], checks: [], complete: true });
  });

  it('status() is cached until the cluster, its clock or the input changes', () => {
    const t = new TestSim();
    const tracker = new LessonTracker(t.sim, LESSON);
    const a = tracker.status();
    expect(tracker.status()).toBe(a);
    tracker.recordCommand('echo hi');
    const b = tracker.status();
    expect(b).not.toBe(a);
    expect(b).toEqual(a);
    t.sim.advance(1000);
    expect(tracker.status()).not.toBe(b);
  });
});

describe('runLessonHeadless', () => {
  it('runs setup, evaluates every check before and after the solution, with a transcript', () => {
    const run = runLessonHeadless(LESSON, DEFAULT_SCENARIO);
    expect(run.setupOk).toBe(true);
    expect(run.before.map((step) => step.map((r) => r.ok))).toEqual([[false], [false, false, false, false, false], [], [false], [false, false], [false]]);
    expect(run.after.map((step) => step.map((r) => r.ok))).toEqual([[true], [true, true, true, true, true], [], [true], [true, true], [true]]);
    expect(run.transcript.split('\n').slice(0, 6)).toEqual([
      '# setup',
      '$ kubectl scale deployment auth-service --replicas=0',
      'deployment.apps/auth-service scaled',
      '[exit 0]',
      '$ kubectl create deployment old --image=nginx',
      'deployment.apps/old created',
    ]);
  });

  it('gates the solution as the learner would be gated, and reports a failing setup', () => {
    const lesson: Lesson = { ...LESSON, setup: ['kubectl get pods nope'], solution: ['iptables -L', ...LESSON.solution] };
    const run = runLessonHeadless(lesson, DEFAULT_SCENARIO);
    expect(run.setupOk).toBe(false);
    expect(run.transcript).toContain('# solution\n$ iptables -L\nbash: iptables: command not available in this lesson\n[exit 127]\n');
  });

  it('reports a scenario that does not load', () => {
    expect(runLessonHeadless(LESSON, 'kind: Nope\n')).toMatchObject({ setupOk: false, before: [], after: [] });
  });
});
