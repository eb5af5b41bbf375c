// `kubectl rollout status` (pkg/cmd/rollout/rollout_status.go, polymorphichelpers
// rollout_status.go): prints the status line on the first read and on every change of the
// object, until the rollout is done. Here "watching" lets the simulated cluster run.

import type { KubeObject } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagBool, flagInt, flagString, parseGoDuration } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { type KError, aggregateError, checkErr, plainError } from '../mutate/errors.ts';
import { filenameArgs } from '../mutate/files.ts';
import { filenameFlags, selectorFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { Output } from '../mutate/output.ts';
import { resolveTargets, targetNotFound, type Target } from '../mutate/targets.ts';
import { waitUntil } from '../mutate/wait.ts';

const flags: HelpFlag[] = [
  ...filenameFlags('identifying the resource to get from a server.'),
  { name: 'watch', short: 'w', type: 'bool', default: 'true', description: "Watch the status of the rollout until it's done." },
  { name: 'revision', type: 'int', description: 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).' },
  {
    name: 'timeout',
    type: 'duration',
    description: 'The length of time to wait before ending watch, zero means never. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).',
  },
  selectorFlag,
];

const help = renderHelp({
  long: `Show the status of the rollout.

 By default 'rollout status' will watch the status of the latest rollout until it's done. If you don't want to wait for the rollout to finish then you can use --watch=false. Note that if a new rollout starts in-between, then 'rollout status' will continue watching the latest revision. If you want to pin to a specific revision and abort if it is rolled over by another revision, use --revision=N where N is the revision you need to watch for.`,
  examples: `  # Watch the rollout status of a deployment
  kubectl rollout status deployment/nginx`,
  flags,
  usage: 'kubectl rollout status (TYPE NAME | TYPE/NAME) [flags] [options]',
});

type Status = { ok: true; text: string; done: boolean } | { ok: false; error: string };

interface DeploymentLike {
  metadata: KubeObject['metadata'];
  spec?: { replicas?: number; updateStrategy?: { type?: string } };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: { type?: string; reason?: string }[];
    updatedNumberScheduled?: number;
    desiredNumberScheduled?: number;
    numberAvailable?: number;
  };
}

/** DeploymentStatusViewer.Status. */
export function deploymentStatus(obj: KubeObject, revision: number): Status {
  const d = obj as unknown as DeploymentLike;
  const name = d.metadata.name ?? '';
  const st = d.status ?? {};
  if (revision > 0) {
    const rev = Number(d.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? '0');
    if (rev !== revision) return { ok: false, error: `desired revision (${revision}) is different from the running revision (${rev})` };
  }
  if ((d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const progressing = (st.conditions ?? []).find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') return { ok: false, error: `deployment "${name}" exceeded its progress deadline` };
    const updated = st.updatedReplicas ?? 0;
    if (d.spec?.replicas !== undefined && updated < d.spec.replicas) {
      return { ok: true, done: false, text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${d.spec.replicas} new replicas have been updated...\n` };
    }
    if ((st.replicas ?? 0) > updated) {
      return { ok: true, done: false, text: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n` };
    }
    if ((st.availableReplicas ?? 0) < updated) {
      return { ok: true, done: false, text: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n` };
    }
    return { ok: true, done: true, text: `deployment "${name}" successfully rolled out\n` };
  }
  return { ok: true, done: false, text: 'Waiting for deployment spec update to be observed...\n' };
}

/** DaemonSetStatusViewer.Status. */
export function daemonSetStatus(obj: KubeObject): Status {
  const d = obj as unknown as DeploymentLike;
  const name = d.metadata.name ?? '';
  const st = d.status ?? {};
  if ((d.spec?.updateStrategy?.type ?? '') !== 'RollingUpdate') return { ok: false, error: 'rollout status is only available for RollingUpdate strategy type' };
  if ((d.metadata.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const desired = st.desiredNumberScheduled ?? 0;
    if ((st.updatedNumberScheduled ?? 0) < desired) {
      return { ok: true, done: false, text: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n` };
    }
    if ((st.numberAvailable ?? 0) < desired) {
      return { ok: true, done: false, text: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...\n` };
    }
    return { ok: true, done: true, text: `daemon set "${name}" successfully rolled out\n` };
  }
  return { ok: true, done: false, text: 'Waiting for daemon set spec update to be observed...\n' };
}

function viewerFor(t: Target): ((obj: KubeObject, revision: number) => Status) | undefined {
  if (t.resource.kind === 'Deployment') return deploymentStatus;
  if (t.resource.kind === 'DaemonSet') return (obj) => daemonSetStatus(obj);
  return undefined;
}

/** Watches one object until its rollout is done; the error (if any) ends the watch. */
function watchOne(inv: Invocation, t: Target, out: Output, opts: { watch: boolean; revision: number; timeoutMs: number }): KError | undefined {
  const viewer = viewerFor(t);
  if (!viewer) return plainError(`no status viewer has been implemented for ${t.resource.group ? `${t.resource.kind}.${t.resource.group}` : t.resource.kind}`);
  let finished = false;
  let failure: KError | undefined;
  const handle = (obj: KubeObject): void => {
    const s = viewer(obj, opts.revision);
    if (!s.ok) {
      failure = plainError(s.error);
      finished = true;
      return;
    }
    out.out(s.text);
    if (s.done || !opts.watch) finished = true;
  };
  handle(t.obj!);
  if (finished) return failure;
  const stop = inv.sim.api.watch(
    t.resource.resource,
    (ev) => {
      if (finished || ev.object.metadata.name !== t.name) return;
      if (ev.type === 'DELETED') {
        failure = plainError('object has been deleted');
        finished = true;
        return;
      }
      handle(ev.object);
    },
    t.namespace,
  );
  try {
    const ended = waitUntil(inv.sim, () => finished, opts.timeoutMs > 0 ? opts.timeoutMs : undefined);
    if (!ended) return plainError('timed out waiting for the condition');
  } finally {
    stop();
  }
  return failure;
}

function runStatus(inv: Invocation): CommandResult {
  const out = new Output();
  if (inv.args.length === 0 && filenameArgs(inv.flags).length === 0) return out.fail('error: required resource not specified\n');
  const revision = flagInt(inv.flags, 'revision') ?? 0;
  if (revision < 0) return out.fail(`error: revision must be a positive integer: ${revision}\n`);
  const selector = flagString(inv.flags, 'selector');
  const resolved = resolveTargets(inv, inv.args, { ...(selector !== undefined ? { selector } : {}), allowEmptySelector: true });
  if (!resolved.ok) return out.fail(checkErr(resolved.errors));
  const watch = inv.flags.has('watch') ? flagBool(inv.flags, 'watch') : true;
  const timeoutMs = parseGoDuration(flagString(inv.flags, 'timeout') ?? '0') ?? 0;
  const errors: KError[] = [...resolved.errors];
  let found = false;
  for (const t of resolved.targets) {
    if (!t.obj) {
      errors.push(targetNotFound(inv, t));
      continue;
    }
    found = true;
    const err = watchOne(inv, t, out, { watch, revision, timeoutMs });
    if (err) errors.push(err);
  }
  if (errors.length > 0) return out.fail(checkErr(aggregateError(errors)));
  if (!found) out.err(`No resources found in ${inv.namespace} namespace.\n`);
  return out.result(0);
}

export const rolloutStatusCommand: KubectlCommand = {
  name: 'status',
  short: 'Show the status of the rollout',
  group: '',
  help,
  flags,
  run: runStatus,
  complete: (words, sim) => completeTypesAndNames(words, sim, ['deployment', 'daemonset', 'statefulset']),
};
