// Scripted demos (content/demos/NN-slug.yaml): a scenario and seed, then steps — what the
// presenter says, the command that runs, and how long (virtual ms) to let the cluster move
// before the next step when the demo plays by itself. Pure: parsed and validated here, tested
// against every bundled file (demoFormat.test.ts), so a bad file fails `npm test` by name.
//
//   id: 01-scale-to-250          # = the file name without .yaml
//   title: Scale to 250 and watch the slices
//   scenario: default            # a content/scenarios id
//   seed: 1                      # optional, default 1
//   steps:
//     - say: One sentence shown in the banner.
//       run: kubectl scale deployment auth-service --replicas=250   # optional
//       waitMs: 20000            # optional, default 3000

import { parse } from 'yaml';

export interface DemoStep {
  say: string;
  run?: string;
  waitMs: number;
}

export interface Demo {
  id: string;
  title: string;
  scenario: string;
  seed: number;
  steps: DemoStep[];
}

export type DemoParse = { ok: true; demo: Demo } | { ok: false; errors: string[] };

export const DEFAULT_WAIT_MS = 3000;
export const MAX_WAIT_MS = 600_000;
const FILE = /^(\d{2}-[a-z0-9-]+)\.yaml$/;
const KEYS = new Set(['id', 'title', 'scenario', 'seed', 'steps']);
const STEP_KEYS = new Set(['say', 'run', 'waitMs']);

/** Parses one demo file; `scenarios` are the known scenario ids. Errors name the file and the field. */
export function parseDemo(fileName: string, text: string, scenarios: readonly string[]): DemoParse {
  const errors: string[] = [];
  const err = (m: string) => errors.push(`${fileName}: ${m}`);
  const name = FILE.exec(fileName);
  if (!name) err('the file name must be NN-slug.yaml (two digits, then a-z 0-9 -)');
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    return { ok: false, errors: [`${fileName}: not YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`] };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { ok: false, errors: [`${fileName}: expected a mapping with id, title, scenario, steps`] };
  const d = data as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!KEYS.has(k)) err(`unknown field "${k}" (fields: ${[...KEYS].join(', ')})`);
  if (typeof d.id !== 'string') err('id: required text');
  else if (name && d.id !== name[1]) err(`id: "${d.id}" must equal the file name without .yaml ("${name[1]}")`);
  if (typeof d.title !== 'string' || d.title.trim() === '') err('title: required text');
  if (typeof d.scenario !== 'string' || !scenarios.includes(d.scenario)) err(`scenario: "${String(d.scenario)}" is not one of ${scenarios.join(', ')}`);
  const seed = d.seed ?? 1;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) err('seed: a whole number');
  const steps: DemoStep[] = [];
  if (!Array.isArray(d.steps) || d.steps.length === 0) err('steps: a list of at least one step');
  else
    d.steps.forEach((raw: unknown, i) => {
      const at = `steps[${i}]`;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return void err(`${at}: expected a mapping with say, run, waitMs`);
      const s = raw as Record<string, unknown>;
      for (const k of Object.keys(s)) if (!STEP_KEYS.has(k)) err(`${at}: unknown field "${k}" (fields: say, run, waitMs)`);
      if (typeof s.say !== 'string' || s.say.trim() === '') err(`${at}.say: required text`);
      if (s.run !== undefined && (typeof s.run !== 'string' || s.run.trim() === '' || s.run.includes('\n'))) err(`${at}.run: one command line`);
      const wait = s.waitMs ?? DEFAULT_WAIT_MS;
      if (typeof wait !== 'number' || !Number.isInteger(wait) || wait < 0 || wait > MAX_WAIT_MS) err(`${at}.waitMs: whole milliseconds, 0 to ${MAX_WAIT_MS}`);
      steps.push({ say: String(s.say ?? ''), ...(typeof s.run === 'string' ? { run: s.run } : {}), waitMs: Number(wait) });
    });
  if (errors.length) return { ok: false, errors };
  return { ok: true, demo: { id: d.id as string, title: d.title as string, scenario: d.scenario as string, seed: seed as number, steps } };
}

/** Parses every file (path → text); throws one error listing every problem (the build/test fails). */
export function parseDemos(files: Record<string, string>, scenarios: readonly string[]): Demo[] {
  const demos: Demo[] = [];
  const errors: string[] = [];
  for (const [path, text] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const out = parseDemo(path.slice(path.lastIndexOf('/') + 1), text, scenarios);
    if (out.ok) demos.push(out.demo);
    else errors.push(...out.errors);
  }
  if (errors.length) throw new Error(`invalid demo files:\n${errors.join('\n')}`);
  return demos;
}
