/// <reference types="vite/client" />
// The lesson files (content/lessons/NN-slug.md), bundled as text by Vite. Ids are the file
// names without .md; FORMAT.md is the format's description, not a lesson. The engine never
// imports this: it parses lesson text.

import { parseLesson, type Lesson } from '../engine/lessons/index.ts';
import { SCENARIO_FILES } from './scenarios.ts';

const files = import.meta.glob('../../content/lessons/[0-9][0-9]-*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** id → file text. */
export const LESSON_FILES: Record<string, string> = Object.fromEntries(
  Object.entries(files).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/, ''), text]),
);

/** Every lesson that parses, in file-name order, and the problems of those that do not. */
export function loadLessons(texts: Record<string, string> = LESSON_FILES): { lessons: Lesson[]; errors: string[] } {
  const lessons: Lesson[] = [];
  const errors: string[] = [];
  const scenarios = Object.keys(SCENARIO_FILES);
  for (const id of Object.keys(texts).sort()) {
    const parsed = parseLesson(texts[id]!, `content/lessons/${id}.md`, { scenarios });
    if (parsed.ok) lessons.push(parsed.lesson);
    else errors.push(...parsed.errors);
  }
  return { lessons, errors };
}
