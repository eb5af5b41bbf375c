// `kubectl rollout undo` (pkg/cmd/rollout/rollout_undo.go, DeploymentRollbacker): puts the
// pod template of an earlier revision's ReplicaSet back into the Deployment.

import { deepEqual } from '../../api/deepEqual.ts';
import type { Deployment, KubeObject, PodTemplateSpec } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagInt, flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { type DryRun, dryRunStrategy } from '../mutate/dryRun.ts';
import { type KError, aggregateError, checkErr, plainError } from '../mutate/errors.ts';
import { filenameArgs } from '../mutate/files.ts';
import { dryRunFlag, filenameFlags, printFlags, selectorFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { LAST_APPLIED } from '../mutate/lastApplied.ts';
import { Output } from '../mutate/output.ts';
import { ObjectPrinter, outputFormat, withDryRun } from '../mutate/printer.ts';
import { resolveTargets, targetNotFound } from '../mutate/targets.ts';
import { describePodTemplate } from '../describe/containers.ts';
import { DescribeWriter } from '../describe/writer.ts';
import { deploymentRevisions } from './rolloutHistory.ts';

const HASH_LABEL = 'pod-template-hash';
/** Deployment annotations a rollback keeps (the ReplicaSet's own are not copied). */
const SKIP = new Set([
  LAST_APPLIED,
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

const flags: HelpFlag[] = [
  { name: 'to-revision', type: 'int', description: 'The revision to rollback to. Default to 0 (last revision).' },
  ...filenameFlags('identifying the resource to get from a server.'),
  dryRunFlag,
  selectorFlag,
  ...printFlags,
];

const help = renderHelp({
  long: 'Roll back to a previous rollout.',
  examples: `  # Roll back to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Roll back to daemonset revision 3
  kubectl rollout undo daemonset/abc --to-revision=3
  
  # Roll back to the previous deployment with dry-run
  kubectl rollout undo --dry-run=server deployment/abc`,
  flags,
  usage: 'kubectl rollout undo (TYPE NAME | TYPE/NAME) [flags] [options]',
});

function withoutHash(t: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...(t.metadata?.labels ?? {}) };
  delete labels[HASH_LABEL];
  return { ...t, metadata: { ...t.metadata, labels } };
}

/** DeploymentRollbacker.Rollback: the operation to print, or why it cannot be done. */
function rollback(inv: Invocation, d: Deployment, toRevision: number, dryRun: DryRun): { ok: true; result: string } | { ok: false; error: string } {
  if (toRevision < 0) return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  const revisions = deploymentRevisions(inv, d);
  let target: KubeObject | undefined;
  if (toRevision > 0) {
    target = revisions.find((r) => r.revision === toRevision)?.rs;
    if (!target) return { ok: false, error: `unable to find specified revision ${toRevision} in history` };
  } else {
    const sorted = [...new Set(revisions.map((r) => r.revision))].sort((a, b) => b - a);
    if (sorted.length < 2) return { ok: false, error: `no rollout history found for deployment "${d.metadata.name ?? ''}"` };
    target = revisions.find((r) => r.revision === sorted[1])!.rs;
  }
  if (dryRun === 'client') {
    // printTemplate: the revision's pod template as describe prints it (laid out here by the
    // describe writer's tabwriter, where kubectl leaves the raw tabs).
    const w = new DescribeWriter();
    describePodTemplate(w, (target.spec as { template: PodTemplateSpec }).template);
    return { ok: true, result: w.toString() };
  }
  if (d.spec.paused) return { ok: false, error: "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again" };
  const template = withoutHash((target.spec as { template: PodTemplateSpec }).template);
  if (deepEqual(template, withoutHash(d.spec.template))) return { ok: true, result: `skipped rollback (current template already matches revision ${toRevision})` };
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!SKIP.has(k)) annotations[k] = v;
  const next: Deployment = { ...d, metadata: { ...d.metadata, annotations }, spec: { ...d.spec, template } };
  const r = inv.sim.api.update('deployments', next, { actor: 'kubectl-rollout', dryRun: dryRun === 'server' });
  if (!r.ok) return { ok: false, error: `failed restoring revision ${toRevision}: ${r.status.message}` };
  return { ok: true, result: 'rolled back' };
}

function runUndo(inv: Invocation): CommandResult {
  const out = new Output();
  const dry = dryRunStrategy(inv.flags);
  if (!dry.ok) return out.fail(dry.error);
  if (inv.args.length === 0 && filenameArgs(inv.flags).length === 0) return out.fail('error: required resource not specified\n');
  const format = outputFormat(inv.flags);
  if (!format.ok) return out.fail(format.error);
  const selector = flagString(inv.flags, 'selector');
  const resolved = resolveTargets(inv, inv.args, { ...(selector !== undefined ? { selector } : {}), allowEmptySelector: true });
  if (!resolved.ok) return out.fail(checkErr(resolved.errors));
  const errors: KError[] = [...resolved.errors];
  const printer = ObjectPrinter.fromFlags(format.format, inv.flags);
  for (const t of resolved.targets) {
    if (!t.obj) {
      errors.push(targetNotFound(inv, t));
      continue;
    }
    if (t.resource.kind !== 'Deployment') {
      errors.push(plainError(`no rollbacker has been implemented for "${t.resource.group ? `${t.resource.kind}.${t.resource.group}` : t.resource.kind}"`));
      continue;
    }
    const r = rollback(inv, t.obj as Deployment, flagInt(inv.flags, 'to-revision') ?? 0, dry.dryRun);
    if (!r.ok) {
      errors.push(plainError(r.error));
      continue;
    }
    const p = printer.print(t.obj, withDryRun(r.result, dry.dryRun));
    if (p.ok) out.out(p.text);
  }
  return errors.length > 0 ? out.fail(checkErr(aggregateError(errors))) : out.result(0);
}

export const rolloutUndoCommand: KubectlCommand = {
  name: 'undo',
  short: 'Undo a previous rollout',
  group: '',
  help,
  flags,
  run: runUndo,
  complete: (words, sim) => completeTypesAndNames(words, sim, ['deployment', 'daemonset', 'statefulset']),
};
