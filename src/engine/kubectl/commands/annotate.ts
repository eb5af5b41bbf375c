// `kubectl annotate TYPE NAME k=v … k-` (pkg/cmd/annotate/annotate.go): always reports
// `annotated`; refuses to change a value without --overwrite.

import type { KubeObject } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagBool, flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { dryRunStrategy } from '../mutate/dryRun.ts';
import { type KError, checkErr } from '../mutate/errors.ts';
import { filenameArgs } from '../mutate/files.ts';
import { listHeader, localTargets, metaTargets, patchMap, withMap } from '../mutate/metaEdit.ts';
import { Output } from '../mutate/output.ts';
import { parsePairs, resourcesAndPairs } from '../mutate/pairs.ts';
import { ObjectPrinter, outputFormat, withDryRun } from '../mutate/printer.ts';
import { targetNotFound } from '../mutate/targets.ts';
import { annotateFlags, annotateHelp } from './annotateHelp.ts';

const CHANGE_CAUSE = 'kubernetes.io/change-cause';

function runAnnotate(inv: Invocation): CommandResult {
  const out = new Output();
  const dry = dryRunStrategy(inv.flags);
  if (!dry.ok) return out.fail(dry.error);
  const format = outputFormat(inv.flags);
  if (!format.ok) return out.fail(format.error);
  const split = resourcesAndPairs(inv.args, 'annotation');
  if (!split.ok) return out.fail(`error: ${split.error}\n`);
  const pairs = parsePairs(split.pairs, 'annotation', true);
  if (!pairs.ok) return out.fail(`error: ${pairs.error}\n`);
  const list = flagBool(inv.flags, 'list');
  const local = flagBool(inv.flags, 'local');
  const overwrite = flagBool(inv.flags, 'overwrite');
  const selector = flagString(inv.flags, 'selector');
  const files = filenameArgs(inv.flags);
  if (list && flagString(inv.flags, 'output')) return out.fail('error: --list and --output may not be specified together\n');
  if (flagBool(inv.flags, 'all') && selector) return out.fail('error: cannot set --all and --selector at the same time\n');
  if (!local) {
    if (split.resources.length < 1 && files.length === 0) return out.fail('error: one or more resources must be specified as <resource> <name> or <resource>/<name>\n');
  } else {
    if (dry.dryRun === 'server') return out.fail('error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n');
    if (split.resources.length > 0) return out.fail('error: can only use local files by -f rsrc.yaml or --filename=rsrc.json when --local=true is set\n');
    if (files.length === 0) return out.fail('error: one or more files must be specified as -f rsrc.yaml or --filename=rsrc.json\n');
  }
  if (pairs.set.size < 1 && pairs.remove.length < 1 && !list) return out.fail('error: at least one annotation update is required\n');
  const both = pairs.remove.filter((r) => pairs.set.has(r));
  if (both.length > 0) return out.fail(`error: can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}\n`);

  const resolved = local ? localTargets(inv, files) : metaTargets(inv, split.resources);
  if (!resolved.ok) return out.fail(checkErr(resolved.errors));
  const rv = flagString(inv.flags, 'resource-version') ?? '';
  if (!resolved.singleItemImplied && rv) return out.fail('error: --resource-version may only be used with a single resource\n');

  const errors: KError[] = [...resolved.errors];
  const printer = ObjectPrinter.fromFlags(format.format, inv.flags);
  for (const t of resolved.targets) {
    if (!t.obj) {
      errors.push(targetNotFound(inv, t));
      continue;
    }
    const before = { ...(t.obj.metadata.annotations ?? {}) };
    if (!overwrite) {
      const clashes = [...pairs.set].filter(([k, v]) => k !== CHANGE_CAUSE && k in before && before[k] !== v).map(([k]) => `'${k}' already has a value (${before[k]})`);
      if (clashes.length > 0) {
        errors.push({ kind: 'plain', message: `--overwrite is false but found the following declared annotation(s): ${clashes.join('; ')}` });
        continue;
      }
    }
    const after = { ...before };
    for (const [k, v] of pairs.set) after[k] = v;
    for (const k of pairs.remove) delete after[k];
    let outputObj: KubeObject = withMap(t.obj, 'annotations', after);
    if (rv) outputObj.metadata.resourceVersion = rv;
    if (dry.dryRun !== 'client' && !local && !list) {
      const r = patchMap(inv, t, 'annotations', before, after, { dryRun: dry.dryRun, actor: 'kubectl-annotate', ...(rv ? { resourceVersion: rv } : {}) });
      if (!r.ok) {
        errors.push(r.error);
        continue;
      }
      outputObj = r.object;
    }
    if (list) {
      const annotations = outputObj.metadata.annotations ?? {};
      if (!resolved.singleItemImplied) out.out(listHeader('annotations', t.obj));
      for (const k of Object.keys(annotations).sort()) out.out(`${resolved.singleItemImplied ? '' : ' '}${k}=${annotations[k]}\n`);
      continue;
    }
    const p = printer.print(outputObj, withDryRun('annotated', dry.dryRun));
    if (!p.ok) return out.fail(p.error);
    out.out(p.text);
  }
  return errors.length > 0 ? out.fail(checkErr(errors)) : out.result(0);
}

export const annotateCommand: KubectlCommand = {
  name: 'annotate',
  short: 'Update the annotations on a resource',
  group: 'Settings Commands:',
  help: annotateHelp,
  flags: annotateFlags,
  run: runAnnotate,
  complete: (words, sim) => completeTypesAndNames(words, sim),
};
