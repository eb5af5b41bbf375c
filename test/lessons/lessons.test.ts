// Every lesson in content/lessons (FORMAT.md "Solutions and the check tests"): it parses, its
// id is its file name, its scenario exists, its setup runs, every step's check FAILS before the
// solution and passes after it, and the solution never hits "command not found".

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson, runLessonHeadless } from '../../src/engine/lessons/index.ts';

const dir = new URL('../../content/lessons/', import.meta.url);
const scenarioDir = new URL('../../content/scenarios/', import.meta.url);
const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^\d\d-.*\.md$/.test(f)).sort() : [];
const scenarios = readdirSync(scenarioDir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));

describe('content/lessons', () => {
  it('has lesson files named NN-slug.md with distinct numbers', () => {
    const numbers = files.map((f) => f.slice(0, 2));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  for (const file of files) {
    it(file, () => {
      const parsed = parseLesson(readFileSync(new URL(file, dir), 'utf8'), file, { scenarios });
      if (!parsed.ok) expect.fail(parsed.errors.join('\n'));
      const lesson = parsed.lesson;
      expect(lesson.id).toBe(file.replace(/\.md$/, ''));
      expect(scenarios).toContain(lesson.scenario);
      const run = runLessonHeadless(lesson, readFileSync(new URL(`${lesson.scenario}.yaml`, scenarioDir), 'utf8'));
      expect(run.setupOk, `setup failed:\n${run.transcript}`).toBe(true);
      const passingBefore = lesson.steps.flatMap((s, i) => (s.checks.length > 0 && run.before[i]!.every((r) => r.ok) ? [`step ${i + 1} "${s.title}"`] : []));
      expect(passingBefore, 'these steps pass before the solution ran').toEqual([]);
      const failingAfter = lesson.steps.flatMap((s, i) => run.after[i]!.flatMap((r, j) => (r.ok ? [] : [`step ${i + 1} "${s.title}" check ${j + 1} (${s.goals[j]}): ${r.detail}`])));
      expect(failingAfter, `checks failing after the solution; transcript:\n${run.transcript}`).toEqual([]);
      expect(run.transcript).not.toMatch(/command not found/);
    });
  }
});
