import { describe, expect, it } from 'vitest';
import type { Lesson, LessonStatus } from '../../engine/lessons/types.ts';
import { emptyProgress } from './progress.ts';
import { canGoNext, initialLessonState, revealHint, started, view, withStatus } from './state.ts';

const lesson: Lesson = {
  id: '05-scale-to-250',
  number: 5,
  title: 'Scale to 250',
  summary: 's',
  scenario: 'default',
  seed: 1,
  setup: [],
  solution: [],
  intro: 'intro',
  steps: [
    { title: 'Read', prose: 'p', chips: [], hints: [], checks: [], goals: [] },
    { title: 'Scale', prose: 'p', chips: ['kubectl scale'], hints: ['h1', 'h2'], checks: [{ kind: 'ran', pattern: '^kubectl' }], goals: ['Run kubectl'] },
    { title: 'Done', prose: 'p', chips: [], hints: [], checks: [{ kind: 'ran', pattern: '^x' }], goals: ['x'] },
  ],
};

const status = (current: number, complete = false): LessonStatus => ({
  id: lesson.id,
  current,
  passed: lesson.steps.map((_, i) => i < current),
  checks: [],
  complete,
});

const base = () => started(initialLessonState({ progress: emptyProgress() }, true), lesson);

describe('lesson slice transitions', () => {
  it('an equal status keeps the same state object (no re-render each frame)', () => {
    const s1 = withStatus(base(), status(1));
    expect(withStatus(s1, status(1))).toBe(s1);
  });

  it('records the step reached and completion in progress', () => {
    const s = withStatus(withStatus(base(), status(2)), status(3, true));
    expect(s.progress.lessons['05-scale-to-250']).toEqual({ completed: true, step: 3 });
  });

  it('ignores a status of another lesson (a batch of the previous run)', () => {
    const s = base();
    expect(withStatus(s, { ...status(1), id: '01-other' })).toBe(s);
  });

  it('Next: a step without a check may be left once reached; a checked one only once passed', () => {
    const s = withStatus(base(), status(0));
    expect(canGoNext(s)).toBe(true);
    const onScale = view(withStatus(s, status(1)), 1);
    expect(canGoNext(onScale)).toBe(false);
    expect(canGoNext(withStatus(onScale, status(2)))).toBe(true);
    // The last step has a Next ("Finish") only when it is a step to read, not yet acknowledged.
    expect(canGoNext(view(withStatus(onScale, status(3, true)), 2))).toBe(false);
    const reading = { ...lesson, steps: [lesson.steps[1]!, lesson.steps[0]!] };
    const last = view(withStatus(started(base(), reading), { ...status(1), passed: [true, false] }), 1);
    expect(canGoNext(last)).toBe(true);
    expect(canGoNext(withStatus(last, { ...status(2, true), passed: [true, true] }))).toBe(false);
  });

  it('hints are revealed one at a time, up to their number; changing step hides them', () => {
    let s = view(withStatus(base(), status(1)), 1);
    s = revealHint(revealHint(revealHint(s)));
    expect(s.hints).toBe(2);
    expect(view(s, 0).hints).toBe(0);
  });

  it('a corrupt-progress notice opens the column', () => {
    expect(initialLessonState({ progress: emptyProgress(), notice: 'reset' }, false)).toMatchObject({ open: true, notice: 'reset' });
    expect(initialLessonState({ progress: emptyProgress() }, false).open).toBe(false);
  });
});
