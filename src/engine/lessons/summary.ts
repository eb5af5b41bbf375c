// The lesson index's line for a lesson.

import type { Lesson, LessonSummary } from './types.ts';

export function summaryOf(lesson: Lesson): LessonSummary {
  return { id: lesson.id, number: lesson.number, title: lesson.title, summary: lesson.summary, steps: lesson.steps.length };
}
