// parseLesson: a valid lesson's data, and every problem reported as "FILE:LINE: message",
// exactly. The invalid cases are variants of test/fixtures/lessons/01-every-kind.md (one line
// changed), so the line numbers are those of the fixture.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson, summaryOf } from '../../src/engine/lessons/index.ts';

const FILE = '01-every-kind.md';
const VALID = readFileSync(new URL(`../fixtures/lessons/${FILE}`, import.meta.url), 'utf8');

/** The fixture with one exact piece of text replaced (it must occur once). */
function variant(from: string, to: string): string {
  expect(VALID.split(from).length, `"${from}" occurs once in the fixture`).toBe(2);
  return VALID.replace(from, to);
}

function errors(text: string, file = FILE, scenarios?: string[]): string[] {
  const r = parseLesson(text, file, scenarios ? { scenarios } : {});
  if (r.ok) expect.fail('expected parse errors');
  return r.errors;
}

const READONLY = 'an output check runs read-only commands only (kubectl get/describe/logs, iptables-save, iptables -L/-S, conntrack -L/-C/-S, ip route/addr, text tools such as grep, awk, sort, wc, and these through ssh NODE or docker exec NODE)';

describe('parseLesson: the fixture', () => {
  const r = parseLesson(VALID, FILE);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  const l = r.lesson;

  it('reads the front matter', () => {
    expect({ id: l.id, number: l.number, title: l.title, scenario: l.scenario, seed: l.seed, commands: l.commands, setup: l.setup.length, solution: l.solution.length })
      .toEqual({ id: '01-every-kind', number: 1, title: 'Every check kind', scenario: 'default', seed: 1, commands: { disable: ['iptables', 'nslookup'] }, setup: 2, solution: 5 });
    expect(summaryOf(l)).toEqual({ id: '01-every-kind', number: 1, title: 'Every check kind', summary: 'A fixture lesson with one step per check kind.', steps: 6 });
  });

  it('splits the intro and steps; a ## inside a fence is prose', () => {
    expect(l.intro).toBe('An introduction with **Markdown**.\n\n```sh\n## not a step: inside a fence\n```');
    expect(l.steps.map((s) => s.title)).toEqual(['Look at the slices', 'Scale back up', 'Read this', 'Label the client', 'A second deployment', 'Goodbye old']);
    expect(l.steps[0]).toEqual({
      title: 'Look at the slices', prose: 'Run it.', chips: ['kubectl get endpointslices'], hints: ['Type `kubectl get endpointslices`.'],
      checks: [{ kind: 'ran', pattern: '^kubectl get endpointslices?\\b' }], goals: ['Run a command matching /^kubectl get endpointslices?\\b/'],
    });
    expect(l.steps[2]!.checks).toEqual([]);
  });

  it('reads every check kind, with defaults and goals', () => {
    expect(l.steps[1]!.checks).toEqual([
      { kind: 'object', object: 'deployment/auth-service', namespace: 'default', path: '.spec.replicas', equals: '2' },
      { kind: 'count', resource: 'pods', namespace: 'default', selector: 'app=auth-service', equals: 2, description: 'Two auth-service pods' },
      { kind: 'output', command: 'kubectl get pods -l app=auth-service -o name', exitCode: 0, lines: 2, matches: '^pod/auth-service-' },
      { kind: 'trace', from: 'pod/client', to: 'auth-service:8080', protocol: 'tcp', reaches: 'ready-pod', podLabel: 'app=auth-service' },
      { kind: 'requests', from: 'pod/client', to: 'auth-service:8080', total: 20, reached: 20 },
    ]);
    expect(l.steps[1]!.goals).toEqual([
      'deployment/auth-service .spec.replicas is 2',
      'Two auth-service pods',
      '`kubectl get pods -l app=auth-service -o name` prints 2 lines and prints a match for /^pod/auth-service-/',
      'A tcp connection from pod/client to auth-service:8080 reaches a ready pod (app=auth-service)',
      'All 20 requests from pod/client to auth-service:8080 reach a ready pod',
    ]);
    expect(l.steps[5]!.goals).toEqual(['deployment/old does not exist']);
  });

  it('accepts CRLF line endings', () => {
    expect(parseLesson(VALID.replace(/\n/g, '\r\n'), FILE).ok).toBe(true);
  });
});

describe('parseLesson: problems, each with its file and line', () => {
  it('a misspelt check kind', () => {
    expect(errors(variant("ran: '^kubectl", "rann: '^kubectl"))).toEqual([
      "01-every-kind.md:39: check: unknown key 'rann' (expected one of ran, output, object, count, trace, requests)",
    ]);
  });

  it('a key the kind does not take', () => {
    expect(errors(variant('  lines: 2', '  line: 2'))).toEqual([
      "01-every-kind.md:53: check: unknown key 'line' for an output check (expected one of output, lines, matches, equals, exitCode, description)",
    ]);
  });

  it('two kinds in one check', () => {
    expect(errors(variant("ran: '^kubectl get endpointslices?\\b'", "ran: x\noutput: kubectl get pods"))).toEqual([
      '01-every-kind.md:40: check: more than one kind (ran, output): write each check as its own list item',
    ]);
  });

  it('a mapping without a kind', () => {
    expect(errors(variant("ran: '^kubectl get endpointslices?\\b'", 'description: nothing to check'))).toEqual([
      '01-every-kind.md:39: check: no kind: a check needs one of ran, output, object, count, trace, requests',
    ]);
  });

  it('an invalid regular expression', () => {
    expect(errors(variant("matches: '^pod/auth-service-'", "matches: '^pod/(auth'"))).toEqual([
      "01-every-kind.md:54: check: 'matches' is not a valid regular expression: Invalid regular expression: /^pod/(auth/m: Unterminated group",
    ]);
  });

  it('an output command that writes', () => {
    expect(errors(variant('output: kubectl get pods -l app=auth-service -o name', 'output: kubectl delete pod client'))).toEqual([
      `01-every-kind.md:52: check: 'kubectl delete pod client' is not allowed: ${READONLY}`,
    ]);
    expect(errors(variant('output: kubectl get pods -l app=auth-service -o name', 'output: kubectl get pods | xargs kubectl delete pod'))).toEqual([
      `01-every-kind.md:52: check: 'xargs kubectl delete pod' is not allowed: ${READONLY}`,
    ]);
    expect(errors(variant('output: kubectl get pods -l app=auth-service -o name', 'output: ssh kind-worker iptables -F'))).toEqual([
      `01-every-kind.md:52: check: 'iptables -F' is not allowed (only -L and -S list rules): ${READONLY}`,
    ]);
    expect(errors(variant('output: kubectl get pods -l app=auth-service -o name', 'output: kubectl get pods -w'))).toEqual([
      `01-every-kind.md:52: check: 'kubectl get pods -w' is not allowed (a watch or follow never ends): ${READONLY}`,
    ]);
  });

  it('bad values of trace and requests checks', () => {
    expect(errors(variant('- trace: pod/client -> auth-service:8080', '- trace: pod/client => auth-service:8080'))).toEqual([
      "01-every-kind.md:55: check: 'pod/client => auth-service:8080' is not SRC -> DST (e.g. pod/client -> auth-service:8080)",
    ]);
    expect(errors(variant('  reaches: ready-pod', '  reaches: pod/auth-service-1'))).toEqual([
      "01-every-kind.md:56: check: 'reaches' must be one of ready-pod, refused, timeout, unreachable",
    ]);
    expect(errors(variant('  reaches: ready-pod\n', ''))).toEqual(["01-every-kind.md:55: check: missing 'reaches'"]);
    expect(errors(variant('  reached: 20', '  reached: 21'))).toEqual(["01-every-kind.md:60: check: 'reached' (21) is more than 'total' (20)"]);
    expect(errors(variant('  total: 20', '  total: many'))).toEqual(["01-every-kind.md:59: check: 'total' must be an integer from 1 to 10000"]);
  });

  it('bad object and count checks', () => {
    expect(errors(variant('- object: deployment/auth-service', '- object: deployments.nope/auth-service'))).toEqual([
      "01-every-kind.md:45: check: 'deployments.nope/auth-service' is not RESOURCE/NAME with a known resource (e.g. deployment/auth-service)",
    ]);
    expect(errors(variant("matches: '^test'", "matches: '^test'\nabsent: true"))).toEqual([
      '01-every-kind.md:73: check: use one of equals, matches, absent (got matches, absent)',
    ]);
    expect(errors(variant('  selector: app=web\n  equals: 1', '  selector: app=web'))).toEqual([
      '01-every-kind.md:79: check: a count check needs equals, atLeast or atMost',
    ]);
    expect(errors(variant('  selector: app=auth-service', '  selector: app in (a'))).toEqual([
      "01-every-kind.md:49: check: 'app in (a' is not a label selector: unable to parse requirement: found '', expected: ',' or ')'",
    ]);
    expect(errors(variant('  path: .spec.replicas', '  path: .spec[replicas'))).toEqual([
      "01-every-kind.md:46: check: '.spec[replicas' is not a JSONPath: unterminated array",
    ]);
  });

  it('invalid YAML in a check block', () => {
    expect(errors(variant("ran: '^kubectl get endpointslices?\\b'", "ran: '^kubectl"))).toEqual([
      '01-every-kind.md:39: check: invalid YAML: Missing closing \'quote',
    ]);
  });

  it('front matter: id, unknown and missing keys, scenario, seed, gate', () => {
    expect(errors(variant('id: 01-every-kind', 'id: 01-other'))).toEqual([
      "01-every-kind.md:2: front matter: id '01-other' must equal the file name without .md ('01-every-kind')",
    ]);
    expect(errors(variant('title: Every check kind', 'titel: Every check kind'))).toEqual([
      "01-every-kind.md:1: front matter: missing 'title'",
      "01-every-kind.md:3: front matter: unknown key 'titel' (expected one of id, title, summary, scenario, seed, commands, setup, solution)",
    ]);
    expect(errors(VALID, FILE, ['kube-proxy-modes'])).toEqual([
      "01-every-kind.md:5: front matter: unknown scenario 'default' (content/scenarios has: kube-proxy-modes)",
    ]);
    expect(errors(variant('seed: 1', 'seed: -1'))).toEqual(["01-every-kind.md:6: front matter: 'seed' must be an integer from 0 to 4294967295"]);
    expect(errors(variant('  disable: [iptables, nslookup]', '  disable: [iptables]\n  allow: [kubectl]'))).toEqual([
      '01-every-kind.md:7: front matter: commands: use allow or disable, not both',
    ]);
    expect(errors(variant('  disable: [iptables, nslookup]', '  deny: [iptables]'))).toEqual([
      "01-every-kind.md:8: front matter: unknown key 'deny' in commands (expected allow or disable)",
    ]);
    expect(errors(variant('solution:\n', 'solutions:\n'))).toEqual([
      "01-every-kind.md:1: front matter: missing 'solution' (the commands that complete every step)",
      "01-every-kind.md:12: front matter: unknown key 'solutions' (expected one of id, title, summary, scenario, seed, commands, setup, solution)",
    ]);
  });

  it('gated chips and solutions', () => {
    expect(errors(variant('kubectl get endpointslices\n```', 'iptables -L\n```'))).toEqual([
      "01-every-kind.md:31: chips: 'iptables -L' is refused by the lesson's commands gate (bash: iptables: command not available in this lesson)",
    ]);
    expect(errors(variant('  - kubectl delete deployment old', '  - kubectl delete deployment old | nslookup x'))).toEqual([
      "01-every-kind.md:17: solution: 'kubectl delete deployment old | nslookup x' is refused by the lesson's commands gate (bash: nslookup: command not available in this lesson)",
    ]);
  });

  it('file structure: front matter, data blocks outside steps, unclosed fences, no steps, file name', () => {
    expect(errors(VALID.slice(4))).toEqual(["01-every-kind.md:1: front matter: the file must start with a '---' line, then YAML, then a '---' line"]);
    expect(errors(variant('```sh\n## not a step', '```check\n## not a step'))).toEqual([
      '01-every-kind.md:22: a ```check block must be inside a step (after a \'## \' heading)',
    ]);
    expect(errors(`${VALID}\n\`\`\`hint\nnever closed\n`)).toEqual(['01-every-kind.md:91: unclosed ```hint block (no closing ```)']);
    expect(errors(VALID.slice(0, VALID.indexOf('## Look')).replace('## not a step', 'not a step'))).toEqual([
      "01-every-kind.md:19: no steps: a step starts with a '## ' heading",
    ]);
    expect(errors(variant('## Read this', '##'))).toEqual(["01-every-kind.md:63: a step needs a title after '## '"]);
    expect(errors(variant('```hint\nType `kubectl get endpointslices`.\n```', '```hint\n\n```'))).toEqual(['01-every-kind.md:34: empty hint block']);
    expect(errors(VALID.replace('id: 01-every-kind', 'id: 1-x'), 'content/lessons/1-x.md')).toEqual([
      "content/lessons/1-x.md:1: file name: '1-x.md' is not NN-slug.md (two digits, a dash, then lower-case letters, digits and dashes)",
    ]);
  });
});
