// `kubectl apply -f …`: client-side apply (k8s.io/kubectl pkg/cmd/apply/apply.go). Each object
// is created with its last-applied annotation when absent, otherwise patched by a three-way
// merge (mutate/apply3way.ts) and reported `configured` or `unchanged`. Errors of single
// objects do not stop the others; they are printed at the end.

import { parseSelector } from '../../api/labels.ts';
import type { KubeObject } from '../../api/types.ts';
import { flagBool, flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { applyToLive } from '../mutate/apply3way.ts';
import { dryRunStrategy, validationOn } from '../mutate/dryRun.ts';
import { type KError, aggregateError, checkErr, plainError, statusError, withSource } from '../mutate/errors.ts';
import { filenameArgs, readManifests } from '../mutate/files.ts';
import { type ObjInfo, streamsToInfos } from '../mutate/infos.ts';
import { LAST_APPLIED, pruneNulls, withLastApplied } from '../mutate/lastApplied.ts';
import { Output, usageError } from '../mutate/output.ts';
import { ObjectPrinter, outputFormat, withDryRun } from '../mutate/printer.ts';
import { applyFlags, applyHelp } from './applyHelp.ts';

const MISSING_ANNOTATION = (resourceName: string) =>
  `Warning: resource ${resourceName} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`;

function runApply(inv: Invocation): ReturnType<KubectlCommand['run']> {
  const out = new Output();
  if (inv.args.length > 0) return out.fail(usageError('kubectl apply', `Unexpected args: [${inv.args.join(' ')}]`));
  const dry = dryRunStrategy(inv.flags);
  if (!dry.ok) return out.fail(dry.error);
  const validation = validationOn(inv.flags);
  if (!validation.ok) return out.fail(validation.error);
  const filenames = filenameArgs(inv.flags);
  if (filenames.length === 0) return out.fail('error: must specify one of -f and -k\n');
  const format = outputFormat(inv.flags);
  const selectorText = flagString(inv.flags, 'selector');
  const selector = selectorText !== undefined ? parseSelector(selectorText) : undefined;
  if (selector && !selector.ok) return out.fail(`error: ${selector.error}\n`);

  const read = readManifests(inv, filenames, flagBool(inv.flags, 'recursive'));
  if (!read.ok) return out.fail(checkErr(read.errors));
  const built = streamsToInfos(read.streams, { namespace: inv.namespace, enforceNamespace: inv.namespaceExplicit, validate: validation.validate });
  const errors: KError[] = aggregateError(built.errors);
  const infos = selector?.ok ? built.infos.filter((i) => selector.selector.matches(i.obj.metadata.labels)) : built.infos;
  if (infos.length === 0 && errors.length === 0) return out.fail('error: no objects passed to apply\n');

  // -o yaml|json (and formats kubectl rejects) print the objects once, at the end.
  const printsObjects = !format.ok || (format.format.kind !== 'default' && format.format.kind !== 'name');
  const namePrinter = new ObjectPrinter(format.ok && format.format.kind === 'name' ? format.format : { kind: 'default' });
  const results: KubeObject[] = [];
  for (const info of infos) {
    const r = applyOne(inv, info, dry.dryRun, out);
    results.push(r.object);
    if (!r.ok) errors.push(r.error);
    else if (!printsObjects) {
      const p = namePrinter.print(r.object, withDryRun(r.operation, dry.dryRun));
      if (p.ok) out.out(p.text);
    }
  }
  if (errors.length > 0) return out.fail(checkErr(errors));
  if (printsObjects) {
    if (!format.ok) return out.fail(format.error);
    const printer = ObjectPrinter.fromFlags(format.format, inv.flags);
    const obj = results.length === 1 ? results[0]! : ({ apiVersion: 'v1', items: results, kind: 'List', metadata: {} } as unknown as KubeObject);
    const p = printer.print(obj, '');
    if (!p.ok) return out.fail(p.error);
    out.out(p.text);
  }
  return out.result(0);
}

type ApplyOne = { ok: true; object: KubeObject; operation: string } | { ok: false; object: KubeObject; error: KError };

function applyOne(inv: Invocation, info: ObjInfo, dryRun: 'none' | 'client' | 'server', out: Output): ApplyOne {
  const api = inv.sim.api;
  const gen = info.obj.metadata.generateName;
  if (!info.name && gen) return { ok: false, object: info.obj, error: plainError(`from ${gen}: cannot use generate name with apply`) };
  const live = info.name ? api.get(info.resource.resource, info.namespace, info.name) : undefined;
  if (!live) {
    const obj = pruneNulls(withLastApplied(info.obj));
    if (dryRun === 'client') return { ok: true, object: obj, operation: 'created' };
    const r = api.create(info.resource.resource, obj, { actor: 'kubectl-client-side-apply', dryRun: dryRun === 'server' });
    if (!r.ok) return { ok: false, object: obj, error: withSource(statusError(r.status), 'creating', info.source) };
    return { ok: true, object: r.object, operation: 'created' };
  }
  if (dryRun === 'client') {
    // GetModifiedConfiguration leaves the annotation as the file had it ("" when absent).
    const obj: KubeObject = { ...info.obj, metadata: { ...info.obj.metadata, annotations: { ...info.obj.metadata.annotations, [LAST_APPLIED]: info.obj.metadata.annotations?.[LAST_APPLIED] ?? '' } } };
    return { ok: true, object: obj, operation: 'configured' };
  }
  if (live.metadata.annotations?.[LAST_APPLIED] === undefined) out.err(MISSING_ANNOTATION(`${info.resource.resource}/${info.name}`));
  const r = applyToLive(inv.sim, info.resource, info.obj, live, { dryRun, source: info.source, actor: 'kubectl-client-side-apply' });
  if (!r.ok) return { ok: false, object: info.obj, error: r.error };
  if (r.object.metadata.deletionTimestamp) out.err(`Warning: Detected changes to resource ${info.name} which is currently being deleted.\n`);
  return { ok: true, object: r.object, operation: r.changed ? 'configured' : 'unchanged' };
}

export const applyCommand: KubectlCommand = {
  name: 'apply',
  short: 'Apply a configuration to a resource by file name or stdin',
  group: 'Advanced Commands:',
  help: applyHelp,
  flags: applyFlags,
  run: runApply,
};
