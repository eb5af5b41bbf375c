// What kubectl's object-generating commands share (create deployment/service/namespace, run,
// expose): the NAME argument, --dry-run, the printer, --save-config, and sending the object.

import type { Status } from '../../api/status.ts';
import type { KubeObject, ObjectMeta } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagBool } from '../flags.ts';
import type { Invocation } from '../types.ts';
import { type DryRun, dryRunStrategy, validationOn } from '../mutate/dryRun.ts';
import { createOrUpdateAnnotation } from '../mutate/lastApplied.ts';
import { failure, usageError } from '../mutate/output.ts';
import { ObjectPrinter, outputFormat, withDryRun } from '../mutate/printer.ts';

/** Metadata of a generated (typed) object: its zero creationTimestamp serialises as null. */
export function generatedMeta(fields: ObjectMeta): ObjectMeta {
  return { ...fields, creationTimestamp: null } as unknown as ObjectMeta;
}

/** cobra's ArgsLenAtDash: how many positional arguments came before `--` (-1: no `--`). */
export function argsLenAtDash(inv: Invocation): number {
  const raw = inv.shell.args;
  const dash = raw.indexOf('--');
  if (dash < 0) return -1;
  return Math.max(0, inv.args.length - (raw.length - dash - 1));
}

/** NameFromCommandArgs: exactly one NAME before any `--`. */
export function nameFromArgs(inv: Invocation, path: string): { ok: true; name: string } | { ok: false; result: CommandResult } {
  const atDash = argsLenAtDash(inv);
  const n = atDash === -1 ? inv.args.length : atDash;
  if (n !== 1) return { ok: false, result: failure(usageError(path, `exactly one NAME is required, got ${n}`)) };
  return { ok: true, name: inv.args[0]! };
}

/** cobra's MarkFlagRequired check, made before the command runs. */
export function requiredFlags(inv: Invocation, names: string[]): CommandResult | undefined {
  const missing = names.filter((n) => !inv.flags.has(n));
  if (missing.length === 0) return undefined;
  return failure(`error: required flag(s) ${missing.map((m) => `"${m}"`).join(', ')} not set\n`);
}

export interface Generated {
  dryRun: DryRun;
  printer: ObjectPrinter;
  saveConfig: boolean;
}

/** --dry-run, -o and --validate as the generators read them in Complete(). */
export function generatorOptions(inv: Invocation): { ok: true; opts: Generated } | { ok: false; result: CommandResult } {
  const dry = dryRunStrategy(inv.flags);
  if (!dry.ok) return { ok: false, result: failure(dry.error) };
  const format = outputFormat(inv.flags);
  if (!format.ok) return { ok: false, result: failure(format.error) };
  const validation = validationOn(inv.flags);
  if (!validation.ok) return { ok: false, result: failure(validation.error) };
  return { ok: true, opts: { dryRun: dry.dryRun, printer: ObjectPrinter.fromFlags(format.format, inv.flags), saveConfig: flagBool(inv.flags, 'save-config') } };
}

/** Prints a generated or created object with the `created` operation. */
export function printCreated(obj: KubeObject, opts: Generated, operation = 'created'): CommandResult {
  const p = opts.printer.print(obj, withDryRun(operation, opts.dryRun));
  return p.ok ? { stdout: p.text, stderr: '', exitCode: 0 } : failure(p.error);
}

/**
 * Sends a generated object (unless --dry-run=client) and prints the result. `onError` words
 * the API error as the command does (some wrap it in `failed to create …`).
 */
export function createGenerated(
  inv: Invocation,
  resource: string,
  obj: KubeObject,
  opts: Generated,
  actor: string,
  onError: (status: Status) => string,
): CommandResult {
  const annotated = createOrUpdateAnnotation(opts.saveConfig, obj);
  if (opts.dryRun === 'client') {
    // Without -n the object is printed without a namespace, as generated.
    if (inv.namespaceExplicit && inv.sim.api.info(resource).namespaced) annotated.metadata = { ...annotated.metadata, namespace: inv.namespace };
    return printCreated(annotated, opts);
  }
  const toSend: KubeObject = inv.sim.api.info(resource).namespaced ? { ...annotated, metadata: { ...annotated.metadata, namespace: inv.namespace } } : annotated;
  const r = inv.sim.api.create(resource, toSend, { actor, dryRun: opts.dryRun === 'server' });
  if (!r.ok) return failure(onError(r.status));
  return printCreated(r.object, opts);
}
