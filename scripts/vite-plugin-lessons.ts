// Build-time validation of the lessons: `vite build` fails, and `vite` (dev) shows an error
// overlay, when a content/lessons/NN-slug.md file does not parse (the parser's own messages,
// "content/lessons/05-x.md:12: …"). Lesson text reaches the app through src/worker/lessons.ts.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { parseLesson } from '../src/engine/lessons/parse.ts';

const LESSON_FILE = /^\d\d-.*\.md$/;

/** The problems of every lesson under `root` (empty when all parse). */
export function validateLessons(root: string): string[] {
  const dir = join(root, 'content/lessons');
  const scenarioDir = join(root, 'content/scenarios');
  if (!existsSync(dir)) return [];
  const scenarios = existsSync(scenarioDir) ? readdirSync(scenarioDir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)) : undefined;
  const errors: string[] = [];
  for (const file of readdirSync(dir).filter((f) => LESSON_FILE.test(f)).sort()) {
    const parsed = parseLesson(readFileSync(join(dir, file), 'utf8'), relative(root, join(dir, file)).split('\\').join('/'), scenarios ? { scenarios } : {});
    if (!parsed.ok) errors.push(...parsed.errors);
  }
  return errors;
}

const report = (errors: string[]): string => `invalid lesson file${errors.length === 1 ? '' : 's'} (see content/lessons/FORMAT.md):\n${errors.join('\n')}`;

export default function lessonsPlugin(): Plugin {
  let root = process.cwd();
  return {
    name: 'proxyscope-lessons',
    configResolved(config) {
      root = config.root;
    },
    buildStart() {
      const dir = join(root, 'content/lessons');
      if (existsSync(dir)) for (const f of readdirSync(dir)) if (LESSON_FILE.test(f)) this.addWatchFile(join(dir, f));
      const errors = validateLessons(root);
      if (errors.length) this.error(report(errors));
    },
    configureServer(server) {
      const dir = resolve(root, 'content/lessons');
      const check = (file: string): void => {
        if (!resolve(file).startsWith(dir)) return;
        const errors = validateLessons(root);
        if (!errors.length) return;
        server.config.logger.error(report(errors), { timestamp: true });
        server.ws.send({ type: 'error', err: { message: report(errors), stack: '' } });
      };
      server.watcher.add(dir);
      server.watcher.on('add', check);
      server.watcher.on('change', check);
    },
  };
}
