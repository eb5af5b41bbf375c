// How lessons reach the app and the build: src/worker/lessons.ts (bundled text, parsed) and the
// Vite plugin that fails `vite build` on an invalid lesson.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import lessonsPlugin, { validateLessons } from '../../scripts/vite-plugin-lessons.ts';
import { LESSON_FILES, loadLessons } from '../../src/worker/lessons.ts';

const GOOD = `---
id: 01-good
title: Good
summary: Fine.
scenario: default
solution: [kubectl get pods]
---
## Step
\`\`\`check
ran: kubectl
\`\`\`
`;

describe('src/worker/lessons.ts', () => {
  it('bundles content/lessons/NN-*.md by id (FORMAT.md is not a lesson)', () => {
    expect(Object.keys(LESSON_FILES).every((id) => /^\d\d-[a-z0-9-]+$/.test(id))).toBe(true);
    expect(Object.keys(LESSON_FILES)).not.toContain('FORMAT');
  });

  it('parses them in order and collects the errors of invalid ones', () => {
    const r = loadLessons({ '02-bad': GOOD.replace('01-good', '02-bad').replace('ran:', 'rann:'), '01-good': GOOD });
    expect(r.lessons.map((l) => l.id)).toEqual(['01-good']);
    expect(r.errors).toEqual(["content/lessons/02-bad.md:10: check: unknown key 'rann' (expected one of ran, output, object, count, trace, requests)"]);
    const bad = loadLessons({ '01-good': GOOD.replace('scenario: default', 'scenario: nope') }).errors;
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^content\/lessons\/01-good\.md:5: front matter: unknown scenario 'nope' \(content\/scenarios has: (\S+, )*default(, \S+)*\)$/);
  });
});

describe('vite-plugin-lessons', () => {
  const root = mkdtempSync(join(tmpdir(), 'lessons-plugin-'));
  mkdirSync(join(root, 'content/lessons'), { recursive: true });
  mkdirSync(join(root, 'content/scenarios'), { recursive: true });
  writeFileSync(join(root, 'content/scenarios/default.yaml'), 'name: default\n');
  writeFileSync(join(root, 'content/lessons/FORMAT.md'), '# not a lesson\n');
  writeFileSync(join(root, 'content/lessons/01-good.md'), GOOD);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  type Hook = (this: { addWatchFile(f: string): void; error(m: string): never }) => void;
  const buildStart = (): { watched: string[] } => {
    const plugin = lessonsPlugin();
    (plugin.configResolved as (c: { root: string }) => void)({ root });
    const watched: string[] = [];
    (plugin.buildStart as Hook).call({
      addWatchFile: (f) => void watched.push(f),
      error: (m) => {
        throw new Error(m);
      },
    });
    return { watched };
  };

  it('passes valid lessons and watches them', () => {
    expect(validateLessons(root)).toEqual([]);
    expect(buildStart().watched).toEqual([join(root, 'content/lessons/01-good.md')]);
  });

  it('fails the build with every problem, file and line', () => {
    writeFileSync(join(root, 'content/lessons/02-bad.md'), GOOD.replace('01-good', '02-bad').replace('scenario: default', 'scenario: nope'));
    expect(validateLessons(root)).toEqual(["content/lessons/02-bad.md:5: front matter: unknown scenario 'nope' (content/scenarios has: default)"]);
    expect(() => buildStart()).toThrow(
      "invalid lesson file (see content/lessons/FORMAT.md):\ncontent/lessons/02-bad.md:5: front matter: unknown scenario 'nope' (content/scenarios has: default)",
    );
  });
});
