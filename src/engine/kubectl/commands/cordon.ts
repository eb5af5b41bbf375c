// `kubectl cordon NODE` and `kubectl uncordon NODE` (pkg/cmd/drain/drain.go,
// RunCordonOrUncordon; pkg/drain/cordon.go): spec.unschedulable of the nodes.

import type { KubeObject } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import type { Simulation } from '../../simulation.ts';
import { flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeNamesOf } from '../mutate/complete.ts';
import { type DryRun, dryRunStrategy } from '../mutate/dryRun.ts';
import { checkErr } from '../mutate/errors.ts';
import { dryRunFlag, selectorFlag } from '../mutate/flagDefs.ts';
import { type HelpFlag, renderHelp } from '../mutate/help.ts';
import { Output, usageError } from '../mutate/output.ts';
import { withDryRun } from '../mutate/printer.ts';
import { resolveTargets, targetNotFound } from '../mutate/targets.ts';

export const nodeFlags: HelpFlag[] = [selectorFlag, dryRunFlag];

/** The nodes named on the command line (or selected by -l), as drain's Complete finds them. */
export function nodesFor(inv: Invocation, use: string, out: Output): { ok: true; nodes: KubeObject[]; dryRun: DryRun } | { ok: false; result: CommandResult } {
  const selector = flagString(inv.flags, 'selector');
  const path = `kubectl ${use.split(' ')[0]}`;
  if (inv.args.length === 0 && selector === undefined) return { ok: false, result: out.fail(usageError(path, `USAGE: ${use} [flags]`)) };
  if (inv.args.length > 0 && selector) return { ok: false, result: out.fail(`error: cannot specify both a node name and a --selector option\nSee '${path} -h' for help and examples\n`) };
  const dry = dryRunStrategy(inv.flags);
  if (!dry.ok) return { ok: false, result: out.fail(dry.error) };
  const args = selector !== undefined ? ['nodes'] : ['nodes', ...inv.args];
  const resolved = resolveTargets({ ...inv, namespaceExplicit: false }, args, selector !== undefined ? { selector } : {});
  if (!resolved.ok) return { ok: false, result: out.fail(checkErr(resolved.errors)) };
  const nodes: KubeObject[] = [];
  for (const t of resolved.targets) {
    // The node builder does not continue on errors: the first missing node ends the command.
    if (!t.obj) return { ok: false, result: out.fail(checkErr([targetNotFound(inv, t)])) };
    nodes.push(t.obj);
  }
  return { ok: true, nodes, dryRun: dry.dryRun };
}

/** RunCordonOrUncordon for one node; prints `node/x cordoned`, `already cordoned` or an error. */
export function cordonNode(sim: Simulation, node: KubeObject, desired: boolean, dryRun: DryRun, out: Output): void {
  const verb = desired ? 'cordon' : 'uncordon';
  const name = node.metadata.name ?? '';
  const spec = (node.spec ?? {}) as { unschedulable?: boolean };
  if (!!spec.unschedulable === desired) {
    out.out(`node/${name} ${withDryRun(`already ${verb}ed`, dryRun)}\n`);
    return;
  }
  if (dryRun !== 'client') {
    const next: Record<string, unknown> = { ...spec };
    if (desired) next.unschedulable = true;
    else delete next.unschedulable;
    const r = sim.api.update('nodes', { ...node, spec: next }, { actor: 'kubectl', dryRun: dryRun === 'server' });
    if (!r.ok) {
      out.err(`error: unable to ${verb} node "${name}": ${r.status.message}\n`);
      return;
    }
  }
  out.out(`node/${name} ${withDryRun(`${verb}ed`, dryRun)}\n`);
}

function command(desired: boolean): KubectlCommand {
  const name = desired ? 'cordon' : 'uncordon';
  const help = renderHelp({
    long: desired ? 'Mark node as unschedulable.' : 'Mark node as schedulable.',
    examples: `  # Mark node "foo" as ${desired ? 'unschedulable' : 'schedulable'}\n  kubectl ${name} foo`,
    flags: nodeFlags,
    usage: `kubectl ${name} NODE [options]`,
  });
  return {
    name,
    short: desired ? 'Mark node as unschedulable' : 'Mark node as schedulable',
    group: 'Cluster Management Commands:',
    help,
    flags: nodeFlags,
    run(inv) {
      const out = new Output();
      const found = nodesFor(inv, `${name} NODE`, out);
      if (!found.ok) return found.result;
      for (const node of found.nodes) cordonNode(inv.sim, node, desired, found.dryRun, out);
      return out.result(0);
    },
    complete: (words, sim) => completeNamesOf(words, sim, 'nodes'),
  };
}

export const cordonCommand = command(true);
export const uncordonCommand = command(false);
