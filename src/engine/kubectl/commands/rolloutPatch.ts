// What `rollout restart|pause|resume` share (pkg/cmd/rollout, set.CalculatePatches): pick the
// objects (one TYPE alone selects them all), change each locally, and write the change back;
// an unchanged object means the patch would be empty.

import { deepEqual } from '../../api/deepEqual.ts';
import type { KubeObject } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagString } from '../flags.ts';
import type { Invocation } from '../types.ts';
import { type KError, aggregateError, checkErr, plainError } from '../mutate/errors.ts';
import { filenameArgs } from '../mutate/files.ts';
import { Output } from '../mutate/output.ts';
import { ObjectPrinter, outputFormat } from '../mutate/printer.ts';
import { resolveTargets, targetNotFound, type Target } from '../mutate/targets.ts';

export interface PatchOp {
  /** The local change, or why it cannot be made (`is already paused`). */
  mutate(obj: KubeObject, inv: Invocation): { ok: true; obj: KubeObject } | { ok: false; error: string };
  operation: string;
  /** What an empty patch means: a printed operation, or an error for the object. */
  unchanged: { print: string } | { error: (name: string) => string };
  actor: string;
}

/** `deployments.apps` as the rollout errors name a resource. */
export const resourceString = (t: Target): string => (t.resource.group ? `${t.resource.resource}.${t.resource.group}` : t.resource.resource);

export function runPatchOp(inv: Invocation, op: PatchOp): CommandResult {
  const out = new Output();
  if (inv.args.length === 0 && filenameArgs(inv.flags).length === 0) return out.fail('error: required resource not specified\n');
  const format = outputFormat(inv.flags);
  if (!format.ok) return out.fail(format.error);
  const selector = flagString(inv.flags, 'selector');
  const resolved = resolveTargets(inv, inv.args, { ...(selector !== undefined ? { selector } : {}), allowEmptySelector: true });
  if (!resolved.ok) return out.fail(checkErr(resolved.errors));
  const infoErrors: KError[] = [...resolved.errors];
  const targets = resolved.targets.filter((t) => {
    if (!t.obj) infoErrors.push(targetNotFound(inv, t));
    return !!t.obj;
  });
  const errors: KError[] = aggregateError(infoErrors);
  if (targets.length === 0 && errors.length === 0) {
    out.err(`No resources found in ${inv.namespace} namespace.\n`);
    return out.result(0);
  }
  const printer = ObjectPrinter.fromFlags(format.format, inv.flags);
  for (const t of targets) {
    const changed = op.mutate(t.obj!, inv);
    if (!changed.ok) {
      errors.push(plainError(`error: ${resourceString(t)} "${t.name}" ${changed.error}`));
      continue;
    }
    let result = changed.obj;
    let operation = op.operation;
    if (deepEqual(changed.obj, t.obj)) {
      if ('error' in op.unchanged) {
        errors.push(plainError(op.unchanged.error(t.name)));
        continue;
      }
      operation = op.unchanged.print;
    } else {
      const r = inv.sim.api.update(t.resource.resource, changed.obj, { actor: op.actor });
      if (!r.ok) {
        errors.push(plainError(`failed to patch: ${r.status.message}`));
        continue;
      }
      result = r.object;
    }
    const p = printer.print(result, operation);
    if (!p.ok) errors.push(plainError(p.error.replace(/^error: /, '').replace(/\n$/, '')));
    else out.out(p.text);
  }
  return errors.length > 0 ? out.fail(checkErr(errors)) : out.result(0);
}
