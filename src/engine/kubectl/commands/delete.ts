// `kubectl delete` (pkg/cmd/delete/delete.go): by TYPE NAME…, TYPE/NAME, -l, --all or -f;
// graceful deletion with --grace-period/--now/--force; by default it waits until the objects
// are gone, which here means letting the simulated cluster run until they are.

import type { CommandResult } from '../../shell/types.ts';
import { DEFAULT_SETTLE_LIMIT_MS } from '../../simulation.ts';
import { flagBool, flagInt, flagString, parseGoDuration } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { dryRunStrategy } from '../mutate/dryRun.ts';
import { type KError, checkErr, statusError, withSource } from '../mutate/errors.ts';
import { Output } from '../mutate/output.ts';
import { type Target, resolveTargets } from '../mutate/targets.ts';
import { waitUntil } from '../mutate/wait.ts';
import { deleteFlags, deleteHelp } from './deleteHelp.ts';

/** `pod` or `deployment.apps`, as delete's PrintObj names a kind. */
function kindString(t: Target): string {
  const k = t.resource.kind.toLowerCase();
  return t.resource.group ? `${k}.${t.resource.group}` : k;
}

/** parseCascadingFlag; the boolean forms are deprecated with a warning. */
function cascade(value: string, out: Output): string | undefined {
  if (['true', '1', 't', 'T', 'TRUE', 'True'].includes(value)) {
    out.err(`warning: --cascade=${value} is deprecated (boolean value) and can be replaced with --cascade=background.\n`);
    return 'background';
  }
  if (['false', '0', 'f', 'F', 'FALSE', 'False'].includes(value)) {
    out.err(`warning: --cascade=${value} is deprecated (boolean value) and can be replaced with --cascade=orphan.\n`);
    return 'orphan';
  }
  return ['orphan', 'foreground', 'background'].includes(value) ? value : undefined;
}

function runDelete(inv: Invocation): CommandResult {
  const out = new Output();
  const cascadeValue = cascade(flagString(inv.flags, 'cascade') ?? 'background', out);
  if (cascadeValue === undefined) {
    return out.fail(`error: invalid cascade value (${flagString(inv.flags, 'cascade')}). Must be "background", "foreground", or "orphan"\n`);
  }
  const all = flagBool(inv.flags, 'all');
  const allNamespaces = flagBool(inv.flags, 'all-namespaces');
  const selector = flagString(inv.flags, 'selector');
  const force = flagBool(inv.flags, 'force');
  let grace = flagInt(inv.flags, 'grace-period') ?? -1;
  const ignoreNotFound = inv.flags.has('ignore-not-found') ? flagBool(inv.flags, 'ignore-not-found') : all || !!selector;
  if (flagBool(inv.flags, 'now')) {
    if (grace !== -1) return out.fail('error: --now and --grace-period cannot be specified together\n');
    grace = 1;
  }
  // --grace-period=0 without --force used to mean "now"; kubectl keeps that meaning.
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  const dry = dryRunStrategy(inv.flags);
  if (!dry.ok) return out.fail(dry.error);

  const resolved = resolveTargets(inv, inv.args, { ...(selector !== undefined ? { selector } : {}), all, allNamespaces });
  if (!resolved.ok) return out.fail(checkErr(resolved.errors));

  const output = flagString(inv.flags, 'output') ?? '';
  if (output !== '' && output !== 'name') return out.fail(`error: unexpected -o output mode: ${output}. We only support '-o name'\n`);
  if (all && selector) return out.fail('error: cannot set --all and --selector at the same time\n');
  if (grace === 0 && force) {
    out.warn('Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  } else if (grace > 0 && force) {
    return out.fail('error: --force and --grace-period greater than 0 cannot be specified together\n');
  }

  let targets = resolved.targets;
  if (flagBool(inv.flags, 'interactive')) {
    const present = targets.filter((t) => t.obj || !ignoreNotFound);
    if (present.length === 0) {
      out.out('No resources found\n');
      return out.result(0);
    }
    out.out(`You are about to delete the following ${present.length} resource(s):\n${present.map((t) => `${kindString(t)}/${t.name}\n`).join('')}Do you want to continue? (y/n): `);
    const answer = inv.shell.stdin.trim().split(/\s+/)[0] ?? '';
    if (answer.toLowerCase() !== 'y') {
      out.out('deletion is cancelled\n');
      return out.result(0);
    }
    targets = present;
  }

  const errors: KError[] = [...resolved.errors];
  const deleted: { t: Target; uid: string | undefined }[] = [];
  let found = 0;
  let warnClusterScope = inv.namespaceExplicit && !allNamespaces;
  const operation = `${grace === 0 ? 'force deleted' : 'deleted'}${dry.dryRun === 'client' ? ' (dry run)' : dry.dryRun === 'server' ? ' (server dry run)' : ''}`;
  const print = (t: Target) => out.out(output === 'name' ? `${kindString(t)}/${t.name}\n` : `${kindString(t)} "${t.name}" ${operation}\n`);
  for (const t of targets) {
    found++;
    if (warnClusterScope && !t.resource.namespaced) {
      out.warn('deleting cluster-scoped resources, not scoped to the provided namespace');
      warnClusterScope = false;
    }
    if (dry.dryRun === 'client') {
      print(t);
      continue;
    }
    const r = inv.sim.api.delete(t.resource.resource, t.namespace, t.name, {
      actor: 'kubectl',
      dryRun: dry.dryRun === 'server',
      ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}),
    });
    if (!r.ok) {
      if (!(ignoreNotFound && r.status.reason === 'NotFound')) errors.push(withSource(statusError(r.status), 'deleting', t.source ?? ''));
      continue;
    }
    print(t);
    deleted.push({ t, uid: r.object.metadata.uid });
  }
  if (errors.length > 0) return out.fail(checkErr(errors));
  if (found === 0) {
    out.out('No resources found\n');
    return out.result(0);
  }
  const wait = inv.flags.has('wait') ? flagBool(inv.flags, 'wait') : true;
  if (!wait || dry.dryRun !== 'none' || deleted.length === 0) return out.result(0);
  // Without --timeout kubectl waits up to a week; the simulation gives up sooner on an object
  // that never goes (e.g. a pod on a node that is gone), as a user would press Ctrl-C.
  const timeout = parseGoDuration(flagString(inv.flags, 'timeout') ?? '0') || 0;
  const gone = () => deleted.every(({ t, uid }) => inv.sim.api.get(t.resource.resource, t.namespace, t.name)?.metadata.uid !== uid);
  if (!waitUntil(inv.sim, gone, timeout > 0 ? timeout : DEFAULT_SETTLE_LIMIT_MS) && timeout > 0) {
    const left = deleted.find(({ t, uid }) => inv.sim.api.get(t.resource.resource, t.namespace, t.name)?.metadata.uid === uid);
    if (left) return out.fail(`error: timed out waiting for the condition on ${left.t.resource.resource}/${left.t.name}\n`);
  }
  return out.result(0);
}

export const deleteCommand: KubectlCommand = {
  name: 'delete',
  short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  group: 'Basic Commands (Intermediate):',
  help: deleteHelp,
  flags: deleteFlags,
  run: runDelete,
  complete: (words, sim) => completeTypesAndNames(words, sim),
};
