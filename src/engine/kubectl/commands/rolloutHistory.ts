// `kubectl rollout history` (pkg/cmd/rollout/rollout_history.go, DeploymentHistoryViewer):
// the revisions of a Deployment, read from its ReplicaSets' revision annotations.

import type { KubeObject } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { type KError, aggregateError, checkErr, plainError } from '../mutate/errors.ts';
import { filenameArgs } from '../mutate/files.ts';
import { filenameFlags, printFlags, selectorFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { Output } from '../mutate/output.ts';
import { ObjectPrinter, outputFormat } from '../mutate/printer.ts';
import { resolveTargets, targetNotFound } from '../mutate/targets.ts';
import { DESCRIBE_TABWRITER, TabWriter } from '../printers/tabwriter.ts';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

const flags: HelpFlag[] = [selectorFlag, ...filenameFlags('identifying the resource to get from a server.'), ...printFlags];

const help = renderHelp({
  long: 'View previous rollout revisions and configurations.',
  examples: `  # View the rollout history of a deployment
  kubectl rollout history deployment/abc
  
  # View the details of daemonset revision 3
  kubectl rollout history daemonset/abc --revision=3`,
  flags,
  usage: 'kubectl rollout history (TYPE NAME | TYPE/NAME) [flags] [options]',
});

/** The ReplicaSets a Deployment controls, with their revision numbers. */
export function deploymentRevisions(inv: Invocation, d: KubeObject): { revision: number; rs: KubeObject }[] {
  const uid = d.metadata.uid;
  return inv.sim.api
    .list('replicasets', d.metadata.namespace)
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === uid))
    .map((rs) => ({ revision: Number(rs.metadata.annotations?.[REVISION] ?? '0'), rs }))
    .filter((r) => Number.isInteger(r.revision));
}

/** DeploymentHistoryViewer.ViewHistory without --revision. */
function viewHistory(inv: Invocation, d: KubeObject): string {
  const byRevision = new Map<number, string>();
  for (const { revision, rs } of deploymentRevisions(inv, d)) {
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE] ?? '';
    if (!byRevision.has(revision) || cause) byRevision.set(revision, cause);
  }
  if (byRevision.size === 0) return 'No rollout history found.';
  const tw = new TabWriter(DESCRIBE_TABWRITER);
  tw.write('REVISION\tCHANGE-CAUSE\n');
  for (const r of [...byRevision.keys()].sort((a, b) => a - b)) tw.write(`${r}\t${byRevision.get(r) || '<none>'}\n`);
  tw.flush();
  return tw.take();
}

function runHistory(inv: Invocation): CommandResult {
  const out = new Output();
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
    if (t.resource.kind !== 'Deployment' && t.resource.kind !== 'DaemonSet') {
      errors.push(plainError(`no history viewer has been implemented for "${t.resource.group ? `${t.resource.kind}.${t.resource.group}` : t.resource.kind}"`));
      continue;
    }
    if (printer.printsObjects || printer.format.kind === 'name') {
      // -o: the ReplicaSets of each revision, in revision order.
      const revisions = t.resource.kind === 'Deployment' ? deploymentRevisions(inv, t.obj).sort((a, b) => a.revision - b.revision) : [];
      for (const { rs } of revisions) {
        const p = printer.print(rs, '');
        if (p.ok) out.out(p.text);
      }
      continue;
    }
    const history = t.resource.kind === 'Deployment' ? viewHistory(inv, t.obj) : 'No rollout history found.';
    const p = printer.print(t.obj, `\n${history}`);
    if (p.ok) out.out(p.text);
  }
  return errors.length > 0 ? out.fail(checkErr(aggregateError(errors))) : out.result(0);
}

export const rolloutHistoryCommand: KubectlCommand = {
  name: 'history',
  short: 'View rollout history',
  group: '',
  help,
  flags,
  run: runHistory,
  complete: (words, sim) => completeTypesAndNames(words, sim, ['deployment', 'daemonset', 'statefulset']),
};
