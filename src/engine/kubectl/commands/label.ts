// `kubectl label TYPE NAME k=v … k-` (pkg/cmd/label/label.go): reports `labeled`,
// `unlabeled` or `not labeled` per object; refuses to change a value without --overwrite.

import { deepEqual } from '../../api/deepEqual.ts';
import { validateLabelValue } from '../../api/labels.ts';
import type { KubeObject } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagBool, flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { dryRunStrategy } from '../mutate/dryRun.ts';
import { type KError, aggregateError, checkErr, plainError } from '../mutate/errors.ts';
import { filenameArgs } from '../mutate/files.ts';
import { jsonSize, listHeader, localTargets, metaTargets, patchMap, withMap } from '../mutate/metaEdit.ts';
import { Output } from '../mutate/output.ts';
import { resourcesAndPairs } from '../mutate/pairs.ts';
import { ObjectPrinter, outputFormat, withDryRun } from '../mutate/printer.ts';
import { targetNotFound } from '../mutate/targets.ts';
import { labelFlags, labelHelp } from './labelHelp.ts';

type Parsed = { set: Map<string, string>; remove: string[] };

/** label.parseLabels: KEY=VALUE (value validated here) or KEY-. */
function parseLabels(specs: string[]): { ok: true; value: Parsed } | { ok: false; error: string } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes('=')) {
      const parts = spec.split('=');
      if (parts.length !== 2) return { ok: false, error: `invalid label spec: ${spec}` };
      const errs = validateLabelValue(parts[1]!);
      if (errs.length > 0) return { ok: false, error: `invalid label value: "${spec}": ${errs.join(';')}` };
      set.set(parts[0]!, parts[1]!);
    } else if (spec.endsWith('-')) {
      remove.push(spec.slice(0, -1));
    } else return { ok: false, error: `unknown label spec: ${spec}` };
  }
  if (remove.some((r) => set.has(r))) return { ok: false, error: 'can not both modify and remove a label in the same command' };
  return { ok: true, value: { set, remove } };
}

/** labelFunc: the new labels, or the overwrite refusals. */
function applyLabels(current: Record<string, string>, p: Parsed, overwrite: boolean): { ok: true; labels: Record<string, string> } | { ok: false; errors: KError[] } {
  if (!overwrite) {
    const errs = [...p.set].filter(([k, v]) => k in current && current[k] !== v).map(([k]) => plainError(`'${k}' already has a value (${current[k]}), and --overwrite is false`));
    if (errs.length > 0) return { ok: false, errors: errs };
  }
  const labels = { ...current };
  for (const [k, v] of p.set) labels[k] = v;
  for (const k of p.remove) delete labels[k];
  return { ok: true, labels };
}

function runLabel(inv: Invocation): CommandResult {
  const out = new Output();
  const format = outputFormat(inv.flags);
  if (!format.ok) return out.fail(format.error);
  const dry = dryRunStrategy(inv.flags);
  if (!dry.ok) return out.fail(dry.error);
  const split = resourcesAndPairs(inv.args, 'label');
  if (!split.ok) return out.fail(`error: ${split.error}\n`);
  const parsed = parseLabels(split.pairs);
  if (!parsed.ok) return out.fail(`error: ${parsed.error}\n`);
  const list = flagBool(inv.flags, 'list');
  const local = flagBool(inv.flags, 'local');
  const overwrite = flagBool(inv.flags, 'overwrite');
  if (list && flagString(inv.flags, 'output')) return out.fail('error: --list and --output may not be specified together\n');
  const selector = flagString(inv.flags, 'selector');
  if (flagBool(inv.flags, 'all') && selector) return out.fail('error: cannot set --all and --selector at the same time\n');
  const files = filenameArgs(inv.flags);
  if (local) {
    if (dry.dryRun === 'server') return out.fail('error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n');
    if (split.resources.length > 0) return out.fail('error: can only use local files by -f pod.yaml or --filename=pod.json when --local=true is set\n');
    if (files.length === 0) return out.fail('error: one or more files must be specified as -f pod.yaml or --filename=pod.json\n');
  } else if (split.resources.length < 1 && files.length === 0) {
    return out.fail('error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
  }
  if (parsed.value.set.size < 1 && parsed.value.remove.length < 1 && !list) return out.fail('error: at least one label update is required\n');

  const resolved = local ? localTargets(inv, files) : metaTargets(inv, split.resources);
  if (!resolved.ok) return out.fail(checkErr(resolved.errors));
  const one = resolved.singleItemImplied;
  const rv = flagString(inv.flags, 'resource-version') ?? '';
  if (!one && rv) return out.fail('error: --resource-version may only be used with a single resource\n');

  const errors: KError[] = [...resolved.errors];
  const printer = ObjectPrinter.fromFlags(format.format, inv.flags);
  for (const t of resolved.targets) {
    if (!t.obj) {
      errors.push(targetNotFound(inv, t));
      continue;
    }
    const before = { ...(t.obj.metadata.labels ?? {}) };
    const applied = applyLabels(before, parsed.value, overwrite);
    if (!applied.ok) {
      errors.push(...aggregateError(applied.errors));
      continue;
    }
    const oldObj: KubeObject = rv ? { ...t.obj, metadata: { ...t.obj.metadata, resourceVersion: '' } } : t.obj;
    const newObj = withMap(oldObj, 'labels', applied.labels);
    if (rv) newObj.metadata.resourceVersion = rv;
    let outputObj: KubeObject = newObj;
    if (dry.dryRun !== 'client' && !local && !list) {
      for (const k of parsed.value.remove) if (!(k in before)) out.out(`label "${k}" not found.\n`);
      const r = patchMap(inv, t, 'labels', before, applied.labels, { dryRun: dry.dryRun, actor: 'kubectl-label', ...(rv ? { resourceVersion: rv } : {}) });
      if (!r.ok) {
        errors.push(r.error);
        continue;
      }
      outputObj = r.object;
    }
    if (list) {
      const labels = outputObj.metadata.labels ?? {};
      if (!one) out.out(listHeader('labels', t.obj));
      for (const k of Object.keys(labels).sort()) out.out(`${one ? '' : ' '}${k}=${labels[k]}\n`);
      continue;
    }
    const oldSize = jsonSize(oldObj);
    const newSize = jsonSize(newObj);
    let msg = 'not labeled';
    if (!deepEqual(oldObj.metadata, newObj.metadata)) msg = !overwrite && newSize < oldSize ? 'unlabeled' : 'labeled';
    const p = printer.print(newObj, withDryRun(msg, dry.dryRun));
    if (!p.ok) return out.fail(p.error);
    out.out(p.text);
  }
  return errors.length > 0 ? out.fail(checkErr(errors)) : out.result(0);
}

export const labelCommand: KubectlCommand = {
  name: 'label',
  short: 'Update the labels on a resource',
  group: 'Settings Commands:',
  help: labelHelp,
  flags: labelFlags,
  run: runLabel,
  complete: (words, sim) => completeTypesAndNames(words, sim),
};
