// The lesson part of the worker API: lessons(), lesson(id), startLesson (scenario, seed, setup,
// gate), acknowledgeStep, and the status every batch carries while a lesson runs.
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../engine/lessons/index.ts';
import { createSimulation } from '../engine/index.ts';
import type { PageBatch } from './contract.ts';
import { createSimApi } from './api.ts';
import { STATUS_INTERVAL_MS, beginLesson } from './lessonRun.ts';
import { LESSON_FILES } from './lessons.ts';
import { SCENARIO_FILES } from './scenarios.ts';
import { manualHost } from './manualHost.ts';


const ID = '05-scale-to-250';

function lessonApi() {
  const m = manualHost();
  const api = createSimApi(m.host);
  const batches: PageBatch[] = [];
  api.subscribe((b) => void batches.push(b));
  return { api, m, batches };
}

describe('worker lesson API', () => {
  it('lists the lessons in order with their step counts; lesson(id) gives the whole lesson', () => {
    const { api } = lessonApi();
    const list = api.lessons();
    expect(list.map((l) => l.number)).toEqual([...list.map((l) => l.number)].sort((a, b) => a - b));
    expect(list.find((l) => l.id === ID)).toEqual({ id: ID, number: 5, title: 'Scale to 250', summary: expect.any(String), steps: 4 });
    expect(api.lesson(ID)?.steps.map((s) => s.title)).toEqual(['Before: one slice', 'Scale to 250', 'Three slices: 100, 100, 50', 'Why the data model changed']);
    expect(api.lesson('99-nope')).toBeUndefined();
    expect(() => api.startLesson('99-nope')).toThrow('unknown lesson "99-nope"');
  });

  it('startLesson: status in every batch; a read step passes on acknowledge; checks report why they fail', () => {
    const { api, batches } = lessonApi();
    const snap = api.startLesson(ID, { playing: false, trafficRate: 0 });
    expect(snap.scenario.id).toBe('default');
    api.step(100);
    expect(batches.at(-1)!.lesson).toEqual({ id: ID, current: 0, passed: [false, false, false, false], checks: [], complete: false });
    api.acknowledgeStep(0);
    api.step(100);
    const s = batches.at(-1)!.lesson!;
    expect([s.current, s.passed]).toEqual([1, [true, false, false, false]]);
    expect(s.checks.map((c) => c.ok)).toEqual([false, false]);
    expect(s.checks[0]!.detail).toBeTruthy();
  });

  it('commands move the lesson on: scale to 250, list the slices, acknowledge the last step → complete', () => {
    const { api, batches } = lessonApi();
    api.startLesson(ID, { playing: false, trafficRate: 0 });
    api.acknowledgeStep(0);
    expect(api.execute('kubectl scale deployment auth-service --replicas=250').exitCode).toBe(0);
    for (let i = 0; i < 60 && batches.at(-1)?.lesson?.current !== 2; i++) api.step(5_000);
    expect(batches.at(-1)!.lesson!.current).toBe(2);
    expect(api.execute('kubectl get endpointslices -l kubernetes.io/service-name=auth-service').exitCode).toBe(0);
    api.step(100);
    expect(batches.at(-1)!.lesson!.current).toBe(3);
    api.acknowledgeStep(3);
    api.step(100);
    expect(batches.at(-1)!.lesson).toMatchObject({ current: 4, passed: [true, true, true, true], complete: true });
  });

  it('start() (a scenario) and startLesson(undefined) (the sandbox) leave the lesson: no status in batches', () => {
    const { api, batches } = lessonApi();
    api.startLesson(ID, { playing: false, trafficRate: 0 });
    api.startLesson(undefined, { playing: false, trafficRate: 0 });
    api.step(100);
    expect(batches.at(-1)!.lesson).toBeUndefined();
  });

  it('while only the clock moves, the status is re-evaluated at most every STATUS_INTERVAL_MS of real time', () => {
    const { api, m, batches } = lessonApi();
    api.startLesson(ID, { playing: true, trafficRate: 0 });
    api.acknowledgeStep(0);
    api.execute('kubectl scale deployment auth-service --replicas=250');
    m.frame();
    const first = batches.at(-1)!.lesson!;
    // Frames within the interval carry the very same status object (not re-evaluated).
    m.frame();
    m.frame();
    expect(batches.at(-1)!.lesson).toBe(first);
    m.frame(STATUS_INTERVAL_MS);
    expect(batches.at(-1)!.lesson).not.toBe(first);
  });
});

describe('lesson command gate (beginLesson)', () => {
  it('refuses a disabled command (in a pipeline or a wrapper too) with the gate text; allowed lines pass', () => {
    const text = LESSON_FILES[ID]!.replace('scenario: default\n', 'scenario: default\ncommands:\n  disable: [iptables-save, ssh]\n');
    const parsed = parseLesson(text, `content/lessons/${ID}.md`, { scenarios: Object.keys(SCENARIO_FILES) });
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const created = createSimulation({ scenario: SCENARIO_FILES['default']!, seed: 1 });
    if (!created.ok) throw new Error(created.error);
    const run = beginLesson(parsed.lesson, created.sim);
    expect(run.refuse('iptables-save -t nat')).toBe('bash: iptables-save: command not available in this lesson\n');
    expect(run.refuse('kubectl get pods | ssh kind-worker iptables-save')).toBe('bash: ssh: command not available in this lesson\n');
    expect(run.refuse('kubectl get pods')).toBeUndefined();
  });
});
