// Lessons as data (content/lessons/FORMAT.md): parsing, command gating, check evaluation,
// progress tracking and headless runs. Pure engine code: no DOM, no file access.

export type * from './types.ts';
export { parseLesson, type ParseOptions } from './parse.ts';
export { summaryOf } from './summary.ts';
export { gateCommand, GATED_EXIT_CODE } from './gate.ts';
export { evaluateCheck } from './evaluate.ts';
export { LessonTracker } from './tracker.ts';
export { runLessonHeadless, type HeadlessRun } from './headless.ts';
export { goalOf } from './goals.ts';
