// `kubectl scale --replicas=N TYPE NAME | TYPE/NAME | -f FILE` (pkg/cmd/scale/scale.go and
// pkg/scale): writes spec.replicas through the scale subresource (Deployments, ReplicaSets),
// with the --current-replicas / --resource-version preconditions and an optional --timeout wait.

import { failure as statusFailure } from '../../api/status.ts';
import type { KubeObject } from '../../api/types.ts';
import { flagBool, flagInt, flagString, parseGoDuration } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { dryRunStrategy } from '../mutate/dryRun.ts';
import { type KError, aggregateError, checkErr, errorText, plainError, statusError } from '../mutate/errors.ts';
import { dryRunFlag, filenameFlags, printFlags, recordFlag, selectorFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { Output } from '../mutate/output.ts';
import { ObjectPrinter, outputFormat, withDryRun } from '../mutate/printer.ts';
import { type Target, resolveTargets, targetNotFound } from '../mutate/targets.ts';
import { waitUntil } from '../mutate/wait.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';

const flags: HelpFlag[] = [
  recordFlag,
  ...printFlags,
  { name: 'all', type: 'bool', description: 'Select all resources in the namespace of the specified resource types' },
  {
    name: 'resource-version',
    type: 'string',
    description: 'Precondition for resource version. Requires that the current resource version match this value in order to scale.',
  },
  {
    name: 'current-replicas',
    type: 'int',
    default: '-1',
    description: 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.',
  },
  { name: 'replicas', type: 'int', description: 'The new desired number of replicas. Required.' },
  {
    name: 'timeout',
    type: 'duration',
    description: "The length of time to wait before giving up on a scale operation, zero means don't wait. Any other values should contain a corresponding time unit (e.g. 1s, 2m, 3h).",
  },
  ...filenameFlags('identifying the resource to set a new size'),
  dryRunFlag,
  selectorFlag,
];

const help = renderHelp({
  long: `Set a new size for a deployment, replica set, replication controller, or stateful set.

 Scale also allows users to specify one or more preconditions for the scale action.

 If --current-replicas or --resource-version is specified, it is validated before the scale is attempted, and it is guaranteed that the precondition holds true when the scale is sent to the server.`,
  examples: `  # Scale a replica set named 'foo' to 3
  kubectl scale --replicas=3 rs/foo
  
  # Scale a resource identified by type and name specified in "foo.yaml" to 3
  kubectl scale --replicas=3 -f foo.yaml
  
  # If the deployment named mysql's current size is 2, scale mysql to 3
  kubectl scale --current-replicas=2 --replicas=3 deployment/mysql
  
  # Scale multiple replication controllers
  kubectl scale --replicas=5 rc/example1 rc/example2 rc/example3
  
  # Scale stateful set named 'web' to 3
  kubectl scale --replicas=3 statefulset/web`,
  flags,
  usage: 'kubectl scale [--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME) [options]',
});

/** Kinds with a scale subresource in Proxyscope's API server. */
const SCALABLE = new Set(['deployments', 'replicasets']);

function scaleOne(inv: Invocation, t: Target, replicas: number, current: number, rv: string, serverDryRun: boolean): KError | undefined {
  const api = inv.sim.api;
  if (!SCALABLE.has(t.resource.resource)) return statusError(statusFailure('NotFound', 'the server could not find the requested resource').status);
  const live = api.get(t.resource.resource, t.namespace, t.name);
  if (!live) return targetNotFound(inv, t);
  const spec = (live.spec ?? {}) as { replicas?: number };
  if (current !== -1 && (spec.replicas ?? 0) !== current) return plainError(`Expected replicas to be ${current}, was ${spec.replicas ?? 0}`);
  if (rv && live.metadata.resourceVersion !== rv) return plainError(`Expected resource version to be ${rv}, was ${live.metadata.resourceVersion ?? ''}`);
  const next: KubeObject = { ...live, spec: { ...(live.spec as object), replicas } };
  const r = api.update(t.resource.resource, next, { actor: 'kubectl', dryRun: serverDryRun });
  return r.ok ? undefined : statusError(r.status);
}

function runScale(inv: Invocation): ReturnType<KubectlCommand['run']> {
  const out = new Output();
  if (!inv.flags.has('replicas')) return out.fail('error: required flag(s) "replicas" not set\n');
  const dry = dryRunStrategy(inv.flags);
  if (!dry.ok) return out.fail(dry.error);
  const format = outputFormat(inv.flags);
  if (!format.ok) return out.fail(format.error);
  const replicas = flagInt(inv.flags, 'replicas') ?? 0;
  const current = flagInt(inv.flags, 'current-replicas') ?? -1;
  if (replicas < 0) return out.fail('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n');
  if (current < -1) return out.fail('error: The --current-replicas must specify an integer of -1 or greater\n');
  const all = flagBool(inv.flags, 'all');
  const selector = flagString(inv.flags, 'selector');
  const resolved = resolveTargets(inv, inv.args, { ...(selector !== undefined ? { selector } : {}), all, allowEmptySelector: all });
  if (!resolved.ok) return out.fail(checkErr(resolved.errors));
  const infoErrors: KError[] = [...resolved.errors];
  const infos: Target[] = [];
  for (const t of resolved.targets) {
    if (t.obj) infos.push(t);
    else infoErrors.push(targetNotFound(inv, t));
  }
  const rv = flagString(inv.flags, 'resource-version') ?? '';
  if (rv && infos.length > 1) return out.fail('error: cannot use --resource-version with multiple resources\n');
  if (infos.length === 0) {
    const agg = aggregateError(infoErrors);
    return out.fail(`error: no objects passed to scale${agg.length > 0 ? ` ${errorText(agg[0]!)}` : ''}\n`);
  }
  const printer = ObjectPrinter.fromFlags(format.format, inv.flags);
  const timeoutMs = parseGoDuration(flagString(inv.flags, 'timeout') ?? '0') ?? 0;
  for (const t of infos) {
    if (dry.dryRun !== 'client') {
      const err = scaleOne(inv, t, replicas, current, rv, dry.dryRun === 'server');
      if (err) return out.fail(checkErr([err]));
      if (timeoutMs > 0 && dry.dryRun === 'none' && !waitForReplicas(inv, t, replicas, timeoutMs)) {
        return out.fail(`error: timed out waiting for "${t.name}" to be synced\n`);
      }
    }
    const p = printer.print(t.obj!, withDryRun('scaled', dry.dryRun));
    if (!p.ok) return out.fail(p.error);
    out.out(p.text);
  }
  return infoErrors.length > 0 ? out.fail(checkErr(aggregateError(infoErrors))) : out.result(0);
}

/** WaitForScaleHasDesiredReplicas: status.replicas reaches the new size (or someone rescaled). */
function waitForReplicas(inv: Invocation, t: Target, replicas: number, timeoutMs: number): boolean {
  return waitUntil(
    inv.sim,
    () => {
      const o = inv.sim.api.get(t.resource.resource, t.namespace, t.name);
      if (!o) return true;
      const spec = (o.spec ?? {}) as { replicas?: number };
      const status = (o.status ?? {}) as { replicas?: number };
      return spec.replicas !== replicas || (status.replicas ?? 0) === replicas;
    },
    timeoutMs,
  );
}

export const scaleCommand: KubectlCommand = {
  name: 'scale',
  short: 'Set a new size for a deployment, replica set, or replication controller',
  group: 'Deploy Commands:',
  help,
  flags,
  run: runScale,
  complete: (words, sim) => completeTypesAndNames(words, sim, ['deployment', 'replicaset', 'replicationcontroller', 'statefulset']),
};
