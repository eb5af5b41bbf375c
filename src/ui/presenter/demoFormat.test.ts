// Every bundled demo parses; a bad file is refused with the file name and the field.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDemo, parseDemos } from './demoFormat.ts';

const root = join(import.meta.dirname, '../../../content');
const scenarios = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));

describe('demo files', () => {
  it('every content/demos file is valid', () => {
    const dir = join(root, 'demos');
    const files = Object.fromEntries(readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const demos = parseDemos(files, scenarios);
    expect(demos.map((d) => [d.id, d.scenario, d.steps.length])).toEqual([
      ['01-scale-to-250', 'default', 5],
      ['02-follow-a-packet', 'default', 5],
    ]);
    expect(demos[0]!.steps[1]).toEqual({ say: expect.stringContaining('250 replicas'), run: 'kubectl scale deployment auth-service --replicas=250', waitMs: 20000 });
  });

  it('refuses a bad file, naming it and every wrong field', () => {
    const bad = 'id: 03-x\ntitle: ""\nscenario: nope\nseed: 1.5\ncolour: red\nsteps:\n  - run: "a\\nb"\n    waitMs: -1\n    extra: 1\n';
    expect(parseDemo('03-y.yaml', bad, ['default'])).toEqual({
      ok: false,
      errors: [
        '03-y.yaml: unknown field "colour" (fields: id, title, scenario, seed, steps)',
        '03-y.yaml: id: "03-x" must equal the file name without .yaml ("03-y")',
        '03-y.yaml: title: required text',
        '03-y.yaml: scenario: "nope" is not one of default',
        '03-y.yaml: seed: a whole number',
        '03-y.yaml: steps[0]: unknown field "extra" (fields: say, run, waitMs)',
        '03-y.yaml: steps[0].say: required text',
        '03-y.yaml: steps[0].run: one command line',
        '03-y.yaml: steps[0].waitMs: whole milliseconds, 0 to 600000',
      ],
    });
    expect(parseDemo('demo.yaml', 'a: [', scenarios)).toEqual({ ok: false, errors: [expect.stringMatching(/^demo\.yaml: not YAML: /)] });
    expect(() => parseDemos({ 'x/1-a.yaml': 'id: 1-a' }, scenarios)).toThrow(/^invalid demo files:\n1-a\.yaml: the file name must be NN-slug\.yaml/);
  });
});
