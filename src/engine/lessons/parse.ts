// Lesson files (content/lessons/FORMAT.md): YAML front matter, then Markdown whose `## `
// headings start the steps and whose ```chips / ```hint / ```check blocks are data. Every
// problem is reported as "FILE:LINE: what is wrong", all of them at once.

import { Fields, type Problem } from './fields.ts';
import { gateCommand } from './gate.ts';
import { goalOf } from './goals.ts';
import { parseCheckBlock } from './parseCheck.ts';
import type { CommandGate, Lesson, LessonStep, ParseResult } from './types.ts';
import { mapEntries, parseYamlBlock } from './yamlNodes.ts';

export interface ParseOptions {
  /** Scenario ids that exist (content/scenarios); when given, `scenario:` must be one. */
  scenarios?: readonly string[];
}

const FRONT_KEYS = ['id', 'title', 'summary', 'scenario', 'seed', 'commands', 'setup', 'solution'];
const FILE_NAME = /^(\d\d)-[a-z0-9-]+\.md$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)[^`]*$/;
const STEP_HEADING = /^ {0,3}##(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const DATA_BLOCKS = new Set(['chips', 'hint', 'check']);

interface Front {
  id?: string;
  title?: string;
  summary?: string;
  scenario?: string;
  seed: number;
  commands?: CommandGate;
  setup: string[];
  solution?: string[];
  solutionLines: number[];
}

export function parseLesson(text: string, fileName: string, opts: ParseOptions = {}): ParseResult {
  const problems: Problem[] = [];
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const fail = (): ParseResult => ({ ok: false, errors: problems.sort((a, b) => a.line - b.line).map((p) => `${fileName}:${p.line}: ${p.message}`) });
  const nameMatch = FILE_NAME.exec(base);
  if (!nameMatch) problems.push({ line: 1, message: `file name: '${base}' is not NN-slug.md (two digits, a dash, then lower-case letters, digits and dashes)` });

  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const isRule = (l: string | undefined): boolean => l?.trimEnd() === '---';
  const close = isRule(lines[0]) ? lines.findIndex((l, i) => i > 0 && isRule(l)) : -1;
  if (close < 0) {
    problems.push({ line: 1, message: `front matter: the file must start with a '---' line, then YAML, then a '---' line` });
    return fail();
  }
  const front = parseFront(lines.slice(1, close).join('\n'), problems, opts);
  const id = base.replace(/\.md$/, '');
  if (front.id !== undefined && front.id !== id) problems.push({ line: lineOfKey(lines, 'id', close), message: `front matter: id '${front.id}' must equal the file name without .md ('${id}')` });
  (front.solution ?? []).forEach((cmd, i) => {
    const refused = gateCommand(front.commands, cmd);
    if (refused) problems.push({ line: front.solutionLines[i] ?? 1, message: `solution: '${cmd}' is refused by the lesson's commands gate (${refused.trim()})` });
  });

  const body = parseBody(lines, close + 1, front.commands, problems);
  if (problems.length > 0 || !front.title || !front.summary || !front.scenario || !front.solution) return fail();
  const lesson: Lesson = {
    id,
    number: Number(nameMatch![1]),
    title: front.title,
    summary: front.summary,
    scenario: front.scenario,
    seed: front.seed,
    ...(front.commands ? { commands: front.commands } : {}),
    setup: front.setup,
    solution: front.solution,
    intro: body.intro,
    steps: body.steps,
  };
  return { ok: true, lesson };
}

/** The line of a top-level front matter key (for problems found after parsing). */
function lineOfKey(lines: string[], key: string, close: number): number {
  const i = lines.slice(0, close).findIndex((l) => l.startsWith(`${key}:`));
  return i < 0 ? 1 : i + 1;
}

function parseFront(yaml: string, problems: Problem[], opts: ParseOptions): Front {
  const front: Front = { seed: 1, setup: [], solutionLines: [] };
  const parsed = parseYamlBlock(yaml, 2);
  if (!parsed.ok) {
    problems.push({ line: parsed.line, message: `front matter: ${parsed.error}` });
    return front;
  }
  const entries = parsed.block.root ? mapEntries(parsed.block, parsed.block.root) : [];
  if (!entries) {
    problems.push({ line: 2, message: `front matter: expected 'key: value' lines` });
    return front;
  }
  for (const e of entries) {
    if (!FRONT_KEYS.includes(e.key)) problems.push({ line: e.line, message: `front matter: unknown key '${e.key}' (expected one of ${FRONT_KEYS.join(', ')})` });
  }
  const f = new Fields(entries, 'front matter', 1, problems);
  front.id = f.string('id', true);
  front.title = f.string('title', true);
  front.summary = f.string('summary', true);
  front.scenario = f.string('scenario', true);
  if (front.scenario !== undefined && opts.scenarios && !opts.scenarios.includes(front.scenario)) {
    f.problem(f.lineOf('scenario'), `unknown scenario '${front.scenario}' (content/scenarios has: ${opts.scenarios.join(', ')})`);
  }
  front.seed = f.int('seed', 0, 0xffffffff) ?? 1;
  front.setup = f.strings('setup') ?? [];
  front.solution = f.strings('solution');
  front.solutionLines = f.itemLines('solution', (n) => parsed.block.lineOf(n));
  if (!f.has('solution')) f.problem(1, `missing 'solution' (the commands that complete every step)`);
  else if (front.solution?.length === 0) f.problem(f.lineOf('solution'), `'solution' must list at least one command`);
  const commands = entries.find((e) => e.key === 'commands');
  if (commands) {
    const gate = parseGate(parsed.block, commands.node, commands.line, problems);
    if (gate) front.commands = gate;
  }
  return front;
}

function parseGate(block: Parameters<typeof mapEntries>[0], node: Parameters<typeof mapEntries>[1] | null, line: number, problems: Problem[]): CommandGate | undefined {
  const entries = node ? mapEntries(block, node) : undefined;
  if (!entries) {
    problems.push({ line, message: `front matter: 'commands' must be a mapping with allow: [...] or disable: [...]` });
    return undefined;
  }
  for (const e of entries) {
    if (e.key !== 'allow' && e.key !== 'disable') problems.push({ line: e.line, message: `front matter: unknown key '${e.key}' in commands (expected allow or disable)` });
  }
  const f = new Fields(entries, 'front matter', line, problems);
  const allow = f.strings('allow');
  const disable = f.strings('disable');
  if (allow && disable) {
    f.problem(line, `commands: use allow or disable, not both`);
    return undefined;
  }
  if (allow) return { allow };
  if (disable) return { disable };
  if (entries.length === 0) f.problem(line, `commands: give allow: [...] or disable: [...]`);
  return undefined;
}

interface StepDraft {
  title: string;
  line: number;
  prose: string[];
  chips: string[];
  hints: string[];
  checks: LessonStep['checks'];
}

function parseBody(lines: string[], start: number, gate: CommandGate | undefined, problems: Problem[]): { intro: string; steps: LessonStep[] } {
  const intro: string[] = [];
  const steps: StepDraft[] = [];
  let fence: { marker: string; info: string; line: number; body: string[]; raw: string } | undefined;
  const proseOf = (): string[] => steps.at(-1)?.prose ?? intro;

  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    if (fence) {
      const closer = new RegExp(`^ {0,3}${fence.marker[0] === '`' ? '`' : '~'}{${fence.marker.length},}\\s*$`);
      if (!closer.test(line)) {
        fence.body.push(line);
        continue;
      }
      const done = fence;
      fence = undefined;
      if (!DATA_BLOCKS.has(done.info)) {
        proseOf().push(done.raw, ...done.body, line);
        continue;
      }
      const step = steps.at(-1);
      if (!step) {
        problems.push({ line: done.line, message: `a \`\`\`${done.info} block must be inside a step (after a '## ' heading)` });
        continue;
      }
      dataBlock(step, done.info, done.body, done.line, gate, problems);
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open) {
      fence = { marker: open[1]!, info: (open[2] ?? '').toLowerCase(), line: lineNo, body: [], raw: line };
      continue;
    }
    const heading = STEP_HEADING.exec(line);
    if (heading) {
      const title = (heading[1] ?? '').trim();
      if (!title) problems.push({ line: lineNo, message: `a step needs a title after '## '` });
      steps.push({ title, line: lineNo, prose: [], chips: [], hints: [], checks: [] });
      continue;
    }
    proseOf().push(line);
  }
  if (fence) problems.push({ line: fence.line, message: `unclosed \`\`\`${fence.info} block (no closing ${fence.marker})` });
  if (steps.length === 0) problems.push({ line: start + 1, message: `no steps: a step starts with a '## ' heading` });
  return {
    intro: trimBlank(intro),
    steps: steps.map((s) => ({ title: s.title, prose: trimBlank(s.prose), chips: s.chips, hints: s.hints, checks: s.checks, goals: s.checks.map(goalOf) })),
  };
}

function dataBlock(step: StepDraft, info: string, body: string[], line: number, gate: CommandGate | undefined, problems: Problem[]): void {
  if (info === 'check') {
    step.checks.push(...parseCheckBlock(body.join('\n'), line + 1, problems));
    return;
  }
  if (info === 'hint') {
    const hint = trimBlank(body);
    if (hint) step.hints.push(hint);
    else problems.push({ line, message: 'empty hint block' });
    return;
  }
  body.forEach((raw, k) => {
    const chip = raw.trim();
    if (!chip) return;
    const refused = gateCommand(gate, chip);
    if (refused) problems.push({ line: line + 1 + k, message: `chips: '${chip}' is refused by the lesson's commands gate (${refused.trim()})` });
    else step.chips.push(chip);
  });
  if (body.every((l) => !l.trim())) problems.push({ line, message: 'empty chips block' });
}

/** The text without leading and trailing blank lines. */
function trimBlank(lines: string[]): string {
  let a = 0;
  let b = lines.length;
  while (a < b && !lines[a]!.trim()) a++;
  while (b > a && !lines[b - 1]!.trim()) b--;
  return lines.slice(a, b).join('\n');
}
