// Pure transitions of the lesson slice (store/types.ts LessonState): what a batch's status,
// a started lesson and the Back/Next buttons do to it. No store, no worker: the store's
// actions (store/lesson.ts) and the bridge call these.

import type { Lesson, LessonStatus } from '../../engine/lessons/types.ts';
import type { LessonState } from '../store/types.ts';
import { recordProgress, type Loaded } from './progress.ts';

export function initialLessonState(loaded: Loaded, open: boolean): LessonState {
  // A reset notice must be seen: the column opens to show it.
  return { index: [], open: open || loaded.notice !== undefined, browsing: false, viewing: 0, hints: 0, progress: loaded.progress, ...(loaded.notice ? { notice: loaded.notice } : {}) };
}

function sameStatus(a: LessonStatus | undefined, b: LessonStatus | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A batch's lesson status: kept (the same object) when nothing in it changed, so views that
 * read it do not re-render every frame; progress records the step reached. A status for
 * another lesson than the one shown (a batch of the previous run) is ignored.
 */
export function withStatus(prev: LessonState, status: LessonStatus | undefined): LessonState {
  if (!prev.lesson) return prev.status ? { ...prev, status: undefined } : prev;
  if (!status || status.id !== prev.lesson.id || sameStatus(prev.status, status)) return prev;
  // When the step shown passes, the view stays on it (Next is offered): the learner reads the
  // result before moving on.
  const progress = recordProgress(prev.progress, status.id, status.current, status.complete);
  return { ...prev, status, progress };
}

/** A lesson (re)started: shown from its first step; undefined: the sandbox. */
export function started(prev: LessonState, lesson: Lesson | undefined): LessonState {
  const { status: _s, lesson: _l, ...rest } = prev;
  return { ...rest, ...(lesson ? { lesson } : {}), browsing: false, viewing: 0, hints: 0 };
}

/** Whether the step shown has passed (or is one the learner just reads: no checks). */
export function stepPassed(s: LessonState, step = s.viewing): boolean {
  return s.status?.passed[step] ?? false;
}

/** A step without a check that the learner reached and has not acknowledged yet. */
export function awaitsReading(s: LessonState, step = s.viewing): boolean {
  return s.lesson?.steps[step]?.checks.length === 0 && (s.status?.current ?? 0) >= step && !stepPassed(s, step);
}

/** Next is possible when the step shown passed, or it is one to read (Next acknowledges it).
 *  On the last step, Next is "Finish": only for a step to read not yet acknowledged. */
export function canGoNext(s: LessonState): boolean {
  const steps = s.lesson?.steps ?? [];
  if (s.viewing >= steps.length - 1) return awaitsReading(s);
  return stepPassed(s) || awaitsReading(s);
}

export function view(prev: LessonState, step: number): LessonState {
  const last = Math.max(0, (prev.lesson?.steps.length ?? 1) - 1);
  const viewing = Math.max(0, Math.min(step, last));
  return viewing === prev.viewing ? prev : { ...prev, viewing, hints: 0 };
}

export function revealHint(prev: LessonState): LessonState {
  const hints = prev.lesson?.steps[prev.viewing]?.hints.length ?? 0;
  return prev.hints >= hints ? prev : { ...prev, hints: prev.hints + 1 };
}
