// A ```check block (FORMAT.md "Checks"): YAML, one check or a list of them, each with exactly
// one kind key. Every problem names the line of the key it is about.

import type { Node } from 'yaml';
import { parseSelector } from '../api/labels.ts';
import { resolveResource } from '../api/resources.ts';
import { parseJsonPath } from '../kubectl/jsonpath.ts';
import { Fields, type Problem } from './fields.ts';
import { parseFlow } from './flow.ts';
import { readOnlyProblem } from './readonly.ts';
import type { CheckSpec } from './types.ts';
import { mapEntries, parseYamlBlock, seqItems, type YamlBlock } from './yamlNodes.ts';

export const CHECK_KINDS = ['ran', 'output', 'object', 'count', 'trace', 'requests'] as const;
type Kind = (typeof CHECK_KINDS)[number];

/** The keys each kind takes, the kind key first. */
const KEYS: Record<Kind, string[]> = {
  ran: ['ran', 'description'],
  output: ['output', 'lines', 'matches', 'equals', 'exitCode', 'description'],
  object: ['object', 'namespace', 'path', 'equals', 'matches', 'absent', 'description'],
  count: ['count', 'namespace', 'selector', 'equals', 'atLeast', 'atMost', 'description'],
  trace: ['trace', 'protocol', 'reaches', 'podLabel', 'description'],
  requests: ['requests', 'total', 'reached', 'description'],
};

const ALL_KEYS = new Set(Object.values(KEYS).flat());
const REACHES = ['ready-pod', 'refused', 'timeout', 'unreachable'] as const;
const MAX_REQUESTS = 10_000;

/** Parses the block's text; its first line is line `firstLine` of the file. */
export function parseCheckBlock(text: string, firstLine: number, problems: Problem[]): CheckSpec[] {
  const parsed = parseYamlBlock(text, firstLine);
  if (!parsed.ok) {
    problems.push({ line: parsed.line, message: `check: ${parsed.error}` });
    return [];
  }
  const { block } = parsed;
  const root = block.root;
  if (root === null) {
    problems.push({ line: firstLine - 1, message: 'check: empty check block' });
    return [];
  }
  const items = seqItems(root) ?? [root];
  const out: CheckSpec[] = [];
  for (const item of items) {
    const check = parseOne(block, item, problems);
    if (check) out.push(check);
  }
  return out;
}

function parseOne(block: YamlBlock, node: Node, problems: Problem[]): CheckSpec | undefined {
  const line = block.lineOf(node);
  const entries = mapEntries(block, node);
  if (!entries || entries.length === 0) {
    problems.push({ line, message: `check: expected a mapping such as 'ran: REGEX' (one of ${CHECK_KINDS.join(', ')})` });
    return undefined;
  }
  const kinds = entries.filter((e) => (CHECK_KINDS as readonly string[]).includes(e.key));
  if (kinds.length === 0) {
    const unknown = entries.find((e) => !ALL_KEYS.has(e.key));
    if (unknown) problems.push({ line: unknown.line, message: `check: unknown key '${unknown.key}' (expected one of ${CHECK_KINDS.join(', ')})` });
    else problems.push({ line, message: `check: no kind: a check needs one of ${CHECK_KINDS.join(', ')}` });
    return undefined;
  }
  if (kinds.length > 1) {
    problems.push({ line: kinds[1]!.line, message: `check: more than one kind (${kinds.map((k) => k.key).join(', ')}): write each check as its own list item` });
    return undefined;
  }
  const kind = kinds[0]!.key as Kind;
  const before = problems.length;
  for (const e of entries) {
    if (!KEYS[kind].includes(e.key)) problems.push({ line: e.line, message: `check: unknown key '${e.key}' for ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} check (expected one of ${KEYS[kind].join(', ')})` });
  }
  const f = new Fields(entries, 'check', kinds[0]!.line, problems);
  const description = f.string('description');
  const desc = description === undefined ? {} : { description };
  const spec = readKind(kind, f);
  return spec && problems.length === before ? ({ ...spec, ...desc } as CheckSpec) : undefined;
}

function readKind(kind: Kind, f: Fields): CheckSpec | undefined {
  switch (kind) {
    case 'ran': {
      const pattern = f.regex('ran');
      return pattern === undefined ? undefined : { kind, pattern };
    }
    case 'output':
      return readOutput(f);
    case 'object':
      return readObject(f);
    case 'count':
      return readCount(f);
    case 'trace':
    case 'requests':
      return readFlow(kind, f);
  }
}

function readOutput(f: Fields): CheckSpec | undefined {
  const command = f.string('output');
  if (command === undefined) return undefined;
  const bad = readOnlyProblem(command);
  if (bad) f.problem(f.lineOf('output'), bad.replace(/^output check: /, ''));
  const lines = f.int('lines', 0, 1_000_000);
  const matches = f.regex('matches', 'm');
  const equals = f.text('equals');
  const exitCode = f.int('exitCode', 0, 255) ?? 0;
  return { kind: 'output', command, exitCode, ...(lines === undefined ? {} : { lines }), ...(matches === undefined ? {} : { matches }), ...(equals === undefined ? {} : { equals }) };
}

/** RESOURCE/NAME with a resource kubectl knows (kept as written: goals show it). */
function readRef(f: Fields, key: string): { resource: string; name: string } | undefined {
  const ref = f.string(key);
  if (ref === undefined) return undefined;
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(ref);
  const info = m ? resolveResource(m[1]!) : undefined;
  if (!m || !info) {
    f.problem(f.lineOf(key), `'${ref}' is not RESOURCE/NAME with a known resource (e.g. deployment/auth-service)`);
    return undefined;
  }
  return { resource: m[1]!, name: m[2]! };
}

function readObject(f: Fields): CheckSpec | undefined {
  const ref = readRef(f, 'object');
  const namespace = f.string('namespace') ?? 'default';
  const path = f.string('path');
  if (path !== undefined) {
    const p = parseJsonPath(`{${path}}`);
    if (!p.ok) f.problem(f.lineOf('path'), `'${path}' is not a JSONPath: ${p.error}`);
  }
  const equals = f.text('equals');
  const matches = f.regex('matches');
  const absent = f.bool('absent');
  const given = ['equals', 'matches', 'absent'].filter((k) => f.has(k));
  if (given.length > 1) f.problem(f.lineOf(given[1]!), `use one of equals, matches, absent (got ${given.join(', ')})`);
  if (!ref) return undefined;
  return {
    kind: 'object', object: `${ref.resource}/${ref.name}`, namespace,
    ...(path === undefined ? {} : { path }), ...(equals === undefined ? {} : { equals }),
    ...(matches === undefined ? {} : { matches }), ...(absent === undefined ? {} : { absent }),
  };
}

function readCount(f: Fields): CheckSpec | undefined {
  const typed = f.string('count');
  const info = typed === undefined ? undefined : resolveResource(typed);
  if (typed !== undefined && !info) f.problem(f.lineOf('count'), `unknown resource '${typed}'`);
  const namespace = f.string('namespace') ?? 'default';
  const selector = f.string('selector');
  if (selector !== undefined) {
    const s = parseSelector(selector);
    if (!s.ok) f.problem(f.lineOf('selector'), `'${selector}' is not a label selector: ${s.error}`);
  }
  const equals = f.int('equals', 0, 1_000_000);
  const atLeast = f.int('atLeast', 0, 1_000_000);
  const atMost = f.int('atMost', 0, 1_000_000);
  if (!f.has('equals') && !f.has('atLeast') && !f.has('atMost')) f.problem(f.lineOf('count'), 'a count check needs equals, atLeast or atMost');
  if (!info) return undefined;
  return {
    kind: 'count', resource: info.resource, namespace, ...(selector === undefined ? {} : { selector }),
    ...(equals === undefined ? {} : { equals }), ...(atLeast === undefined ? {} : { atLeast }), ...(atMost === undefined ? {} : { atMost }),
  };
}

function readFlow(kind: 'trace' | 'requests', f: Fields): CheckSpec | undefined {
  const text = f.string(kind);
  const flow = text === undefined ? undefined : parseFlow(text);
  if (flow && !flow.ok) f.problem(f.lineOf(kind), flow.error);
  if (kind === 'trace') {
    const protocol = f.string('protocol') ?? 'tcp';
    if (protocol !== 'tcp' && protocol !== 'udp') f.problem(f.lineOf('protocol'), `'protocol' must be tcp or udp`);
    const reaches = f.string('reaches', true);
    if (reaches !== undefined && !(REACHES as readonly string[]).includes(reaches)) f.problem(f.lineOf('reaches'), `'reaches' must be one of ${REACHES.join(', ')}`);
    const podLabel = f.string('podLabel');
    if (podLabel !== undefined && !parseSelector(podLabel).ok) f.problem(f.lineOf('podLabel'), `'${podLabel}' is not a label selector`);
    if (!flow?.ok || reaches === undefined) return undefined;
    return {
      kind, from: flow.from, to: flow.to, protocol: protocol === 'udp' ? 'udp' : 'tcp',
      reaches: reaches as (typeof REACHES)[number], ...(podLabel === undefined ? {} : { podLabel }),
    };
  }
  const total = f.int('total', 1, MAX_REQUESTS) ?? 100;
  const reached = f.int('reached', 0, MAX_REQUESTS) ?? total;
  if (reached > total) f.problem(f.lineOf('reached'), `'reached' (${reached}) is more than 'total' (${total})`);
  if (!flow?.ok) return undefined;
  return { kind, from: flow.from, to: flow.to, total, reached };
}
