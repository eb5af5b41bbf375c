// Evaluating one check against the cluster as it is now. Nothing here changes what the
// learner sees: `output` runs on a shell of its own and only read-only commands; `trace` and
// `requests` are dry-run connections (network.dryRun); the rest reads the API server.

import { parseSelector } from '../api/labels.ts';
import { resolveResource } from '../api/resources.ts';
import type { KubeObject, Pod } from '../api/types.ts';
import { executeJsonPath, findJsonPathResults, parseJsonPath } from '../kubectl/jsonpath.ts';
import type { ConnectionTrace } from '../network/index.ts';
import type { Simulation } from '../simulation.ts';
import { compileRegex } from './fields.ts';
import { parseSource, parseTarget, resolveTarget } from './flow.ts';
import { runReadOnly } from './outputShell.ts';
import { readOnlyProblem } from './readonly.ts';
import type { CheckResult, CheckSpec } from './types.ts';

const PASS: CheckResult = { ok: true };
const fail = (detail: string): CheckResult => ({ ok: false, detail });

export function evaluateCheck(sim: Simulation, check: CheckSpec, typed: readonly string[]): CheckResult {
  switch (check.kind) {
    case 'ran': {
      const re = compileRegex(check.pattern);
      if (typeof re === 'string') return fail(`invalid regular expression /${check.pattern}/: ${re}`);
      return typed.some((line) => re.test(line.trim())) ? PASS : fail(`no command matching /${check.pattern}/ was run yet`);
    }
    case 'output':
      return evaluateOutput(sim, check);
    case 'object':
      return evaluateObject(sim, check);
    case 'count':
      return evaluateCount(sim, check);
    case 'trace':
    case 'requests':
      return evaluateFlow(sim, check);
  }
}

function evaluateOutput(sim: Simulation, c: Extract<CheckSpec, { kind: 'output' }>): CheckResult {
  const bad = readOnlyProblem(c.command);
  if (bad) return fail(bad);
  const out = runReadOnly(sim, c.command);
  if (out.exitCode !== c.exitCode) return fail(`\`${c.command}\` exited with status ${out.exitCode}, want ${c.exitCode}`);
  if (c.lines !== undefined) {
    const n = out.stdout.split('\n').filter((l) => l.trim() !== '').length;
    if (n !== c.lines) return fail(`\`${c.command}\` printed ${n} line${n === 1 ? '' : 's'}, want ${c.lines}`);
  }
  if (c.matches !== undefined) {
    const re = compileRegex(c.matches, 'm');
    if (typeof re === 'string') return fail(`invalid regular expression /${c.matches}/: ${re}`);
    if (!re.test(out.stdout)) return fail(`\`${c.command}\` printed nothing matching /${c.matches}/`);
  }
  if (c.equals !== undefined && out.stdout !== c.equals && out.stdout !== `${c.equals}\n`) {
    return fail(`\`${c.command}\` did not print the expected text`);
  }
  return PASS;
}

function evaluateObject(sim: Simulation, c: Extract<CheckSpec, { kind: 'object' }>): CheckResult {
  const slash = c.object.indexOf('/');
  const info = resolveResource(c.object.slice(0, slash));
  const name = c.object.slice(slash + 1);
  if (!info) return fail(`unknown resource in ${c.object}`);
  const where = info.namespaced ? ` in namespace ${c.namespace}` : '';
  const obj = sim.api.get(info.resource, info.namespaced ? c.namespace : '', name);
  if (c.path === undefined) {
    if (c.absent) return obj ? fail(`${c.object} still exists${where}`) : PASS;
    return obj ? PASS : fail(`${c.object} not found${where}`);
  }
  if (!obj) return c.absent ? PASS : fail(`${c.object} not found${where}`);
  const parsed = parseJsonPath(`{${c.path}}`);
  if (!parsed.ok) return fail(`invalid JSONPath ${c.path}: ${parsed.error}`);
  // Strict lookup tells a missing field from an empty one; the text is what kubectl prints.
  const strict = findJsonPathResults(parsed.template, obj, false);
  const present = strict.ok && strict.results.some((r) => r.length > 0);
  if (c.absent) return present ? fail(`${c.object} has ${c.path}`) : PASS;
  if (!present) return fail(`${c.object} has no ${c.path}`);
  const text = executeJsonPath(parsed.template, obj, { allowMissingKeys: true });
  if (!text.ok) return fail(text.error);
  if (c.equals !== undefined && text.text !== c.equals) return fail(`${c.object} ${c.path} is ${text.text}, want ${c.equals}`);
  if (c.matches !== undefined) {
    const re = compileRegex(c.matches);
    if (typeof re === 'string') return fail(`invalid regular expression /${c.matches}/: ${re}`);
    if (!re.test(text.text)) return fail(`${c.object} ${c.path} is ${text.text}, which does not match /${c.matches}/`);
  }
  return PASS;
}

function evaluateCount(sim: Simulation, c: Extract<CheckSpec, { kind: 'count' }>): CheckResult {
  const info = resolveResource(c.resource);
  if (!info) return fail(`unknown resource ${c.resource}`);
  const sel = c.selector === undefined ? undefined : parseSelector(c.selector);
  if (sel && !sel.ok) return fail(`invalid selector ${c.selector}: ${sel.error}`);
  const filter = sel?.ok ? (o: KubeObject) => sel.selector.matches(o.metadata.labels) : undefined;
  const n = sim.api.list(info.resource, info.namespaced ? c.namespace : undefined, filter).length;
  const what = `${n} ${n === 1 ? info.kind : info.resource}${c.selector ? ` with ${c.selector}` : ''}`;
  if (c.equals !== undefined && n !== c.equals) return fail(`found ${what}, want ${c.equals}`);
  if (c.atLeast !== undefined && n < c.atLeast) return fail(`found ${what}, want at least ${c.atLeast}`);
  if (c.atMost !== undefined && n > c.atMost) return fail(`found ${what}, want at most ${c.atMost}`);
  return PASS;
}

/** Is the pod a connection reached Ready (and, with `label`, selected by it)? */
function reachedReadyPod(sim: Simulation, t: ConnectionTrace, label?: string): boolean {
  const ref = t.destination?.pod;
  if (t.outcome !== 'connected' || !ref) return false;
  const pod = sim.api.get<Pod>('pods', ref.namespace, ref.name);
  if (!pod || pod.metadata.deletionTimestamp) return false;
  const ready = pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
  if (!ready) return false;
  if (label === undefined) return true;
  const sel = parseSelector(label);
  return sel.ok && sel.selector.matches(pod.metadata.labels);
}

function describeTrace(t: ConnectionTrace): string {
  if (t.outcome === 'connected') {
    const p = t.destination?.pod;
    return p ? `reached pod ${p.namespace === 'default' ? '' : `${p.namespace}/`}${p.name}` : `reached ${t.destination?.ip ?? 'a host'} (not a pod)`;
  }
  if (t.outcome === 'refused') return 'was refused';
  if (t.outcome === 'timeout') return 'timed out';
  return `was unreachable${t.error ? ` (${t.error})` : ''}`;
}

const WANT: Record<string, string> = { refused: 'refused', timeout: 'a timeout', unreachable: 'unreachable' };

function evaluateFlow(sim: Simulation, c: Extract<CheckSpec, { kind: 'trace' | 'requests' }>): CheckResult {
  const from = parseSource(c.from);
  const to = parseTarget(c.to);
  if (!from || !to) return fail(`invalid flow ${c.from} -> ${c.to}`);
  const dst = resolveTarget(sim, from, to);
  if ('error' in dst) return fail(dst.error);
  const net = sim.network;
  const opts = { from, to: dst.ip, port: dst.port, proto: c.kind === 'trace' ? c.protocol : ('tcp' as const), source: 'lesson-check' };
  if (c.kind === 'trace') {
    const t = net.dryRun((connect) => connect(opts));
    const ok = c.reaches === 'ready-pod' ? reachedReadyPod(sim, t, c.podLabel) : t.outcome === c.reaches;
    if (ok) return PASS;
    const want = c.reaches === 'ready-pod' ? `a ready pod${c.podLabel ? ` with ${c.podLabel}` : ''}` : WANT[c.reaches];
    return fail(`a ${c.protocol} connection from ${c.from} to ${c.to} ${describeTrace(t)}, want ${want}`);
  }
  let reached = 0;
  net.dryRun((connect) => {
    for (let i = 0; i < c.total; i++) if (reachedReadyPod(sim, connect(opts))) reached++;
  });
  return reached >= c.reached ? PASS : fail(`${reached} of ${c.total} requests from ${c.from} to ${c.to} reached a ready pod, want ${c.reached}`);
}
