// `kubectl drain NODE` (pkg/cmd/drain/drain.go, pkg/drain/drain.go): cordon, then evict the
// node's pods (refusing DaemonSet-managed, unmanaged or emptyDir pods unless told otherwise)
// and wait until they are gone, printing `pod/x evicted` as each one disappears.

import { parseSelector } from '../../api/labels.ts';
import type { Pod } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagBool, flagInt, flagString, parseGoDuration } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeNamesOf } from '../mutate/complete.ts';
import type { DryRun } from '../mutate/dryRun.ts';
import { aggregateText } from '../mutate/errors.ts';
import { dryRunFlag, selectorFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { Output } from '../mutate/output.ts';
import { withDryRun } from '../mutate/printer.ts';
import { waitUntil } from '../mutate/wait.ts';
import { cordonNode, nodesFor } from './cordon.ts';
import { drainHelpText } from './drainHelp.ts';
import { type DrainOptions, podsForDeletion } from './drainFilters.ts';

const flags: HelpFlag[] = [
  { name: 'force', type: 'bool', description: 'Continue even if there are pods that do not declare a controller.' },
  { name: 'ignore-daemonsets', type: 'bool', description: 'Ignore DaemonSet-managed pods.' },
  {
    name: 'delete-emptydir-data',
    type: 'bool',
    description: 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).',
  },
  {
    name: 'grace-period',
    type: 'int',
    default: '-1',
    description: 'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.',
  },
  { name: 'timeout', type: 'duration', description: 'The length of time to wait before giving up, zero means infinite' },
  { name: 'pod-selector', type: 'string', description: 'Label selector to filter pods on the node' },
  {
    name: 'disable-eviction',
    type: 'bool',
    description: 'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.',
  },
  {
    name: 'chunk-size',
    type: 'int',
    default: '500',
    description: 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.',
  },
  dryRunFlag,
  selectorFlag,
];

const help = renderHelp({ ...drainHelpText, flags, usage: 'kubectl drain NODE [options]' });

/** Evicts (or deletes) the pods and waits; returns the error that stops the node's drain. */
function evict(inv: Invocation, pods: Pod[], out: Output, opts: { dryRun: DryRun; grace: number; useEviction: boolean; timeoutMs: number }): string | undefined {
  const api = inv.sim.api;
  const key = (p: Pod) => `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;
  const pending = new Map(pods.map((p) => [key(p), p]));
  const verb = opts.useEviction ? 'evicted' : 'deleted';
  const finish = (p: Pod) => {
    if (!pending.delete(key(p))) return;
    out.out(`pod/${p.metadata.name ?? ''} ${withDryRun(verb, opts.dryRun)}\n`);
  };
  // Each pod's eviction polls for the pod's disappearance; here the watch tells us when.
  const stop = api.watch('pods', (ev) => {
    const p = pending.get(key(ev.object as Pod));
    if (p && (ev.type === 'DELETED' || ev.object.metadata.uid !== p.metadata.uid)) finish(p);
  });
  try {
    for (const pod of pods) {
      if (opts.useEviction) out.out(`evicting pod ${key(pod)}${opts.dryRun === 'server' ? ' (server dry run)' : ''}\n`);
      const r = api.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', {
        actor: opts.useEviction ? 'kubectl-eviction' : 'kubectl',
        dryRun: opts.dryRun === 'server',
        ...(opts.grace >= 0 ? { gracePeriodSeconds: opts.grace } : {}),
      });
      if (!r.ok && r.status.reason === 'NotFound') {
        pending.delete(key(pod));
        continue;
      }
      if (!r.ok) return `error when evicting pods/"${pod.metadata.name ?? ''}" -n "${pod.metadata.namespace ?? ''}": ${r.status.message}`;
    }
    if (opts.dryRun === 'server') return undefined;
    for (const p of [...pending.values()]) {
      const live = api.get('pods', p.metadata.namespace ?? '', p.metadata.name ?? '');
      if (!live || live.metadata.uid !== p.metadata.uid) finish(p);
    }
    const done = waitUntil(inv.sim, () => pending.size === 0, opts.timeoutMs > 0 ? opts.timeoutMs : undefined);
    if (!done && opts.timeoutMs > 0) {
      return aggregateText(
        [...pending.values()].map((p) => `error when waiting for pod "${p.metadata.name ?? ''}" in namespace "${p.metadata.namespace ?? ''}" to terminate: context deadline exceeded`),
      );
    }
  } finally {
    stop();
  }
  return undefined;
}

function runDrain(inv: Invocation): CommandResult {
  const out = new Output();
  const found = nodesFor(inv, 'drain NODE', out);
  if (!found.ok) return found.result;
  const podSelectorText = flagString(inv.flags, 'pod-selector') ?? '';
  const podSelector = parseSelector(podSelectorText);
  if (!podSelector.ok) return out.fail('error: --pod-selector=<pod_selector> must be a valid label selector\n');
  for (const node of found.nodes) cordonNode(inv.sim, node, true, found.dryRun, out);

  const opts: DrainOptions = {
    force: flagBool(inv.flags, 'force'),
    ignoreDaemonSets: flagBool(inv.flags, 'ignore-daemonsets'),
    deleteEmptyDirData: flagBool(inv.flags, 'delete-emptydir-data'),
  };
  const fatal: string[][] = [];
  const remaining: string[] = [];
  for (const node of found.nodes) {
    const name = node.metadata.name ?? '';
    const list = podsForDeletion(inv.sim, name, opts, (p) => podSelector.selector.matches(p.metadata.labels));
    let err: string | undefined;
    let errs: string[] = [];
    if (list.errors.length > 0) {
      errs = list.errors;
      err = aggregateText(list.errors);
    } else {
      if (list.warnings) out.warn(list.warnings);
      if (found.dryRun === 'client') {
        for (const p of list.pods) out.out(`evicting pod ${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''} (dry run)\n`);
      } else {
        err = evict(inv, list.pods, out, {
          dryRun: found.dryRun,
          grace: flagInt(inv.flags, 'grace-period') ?? -1,
          useEviction: !flagBool(inv.flags, 'disable-eviction'),
          timeoutMs: parseGoDuration(flagString(inv.flags, 'timeout') ?? '0') ?? 0,
        });
        if (err) errs = [err];
      }
    }
    if (err === undefined) {
      out.out(`node/${name} ${withDryRun('drained', found.dryRun)}\n`);
      continue;
    }
    out.err(`error: unable to drain node "${name}" due to error: ${err}, continuing command...\n`);
    fatal.push(errs);
    remaining.push(name);
  }
  if (remaining.length === 0) return out.result(0);
  out.err(`There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`);
  // CheckErr unwraps the outer aggregate of one node's error, then prints the inner aggregate's
  // errors one per line without "error: ".
  if (fatal.length === 1) return out.fail(fatal[0]!.map((e) => `${e}\n`).join(''));
  return out.fail(fatal.map((errs) => `${aggregateText(errs)}\n`).join(''));
}

export const drainCommand: KubectlCommand = {
  name: 'drain',
  short: 'Drain node in preparation for maintenance',
  group: 'Cluster Management Commands:',
  help,
  flags,
  run: runDrain,
  complete: (words, sim) => completeNamesOf(words, sim, 'nodes'),
};
