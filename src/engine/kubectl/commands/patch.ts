// `kubectl patch (-f FILENAME | TYPE NAME) [-p PATCH|--patch-file FILE] [--type …]`
// (pkg/cmd/patch/patch.go): sends one PATCH per object (mutate/patchApply.ts does what the API
// server does with it) and prints `patched` or `patched (no change)`; --dry-run=client and
// --local patch the object kubectl read, locally. Errors of single objects do not stop the
// others; they are printed at the end (the builder runs ContinueOnError).

import { goQuote } from '../../api/fieldErrors.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagBool, flagString } from '../flags.ts';
import type { Invocation, KubectlCommand } from '../types.ts';
import { completeTypesAndNames } from '../mutate/complete.ts';
import { dryRunStrategy } from '../mutate/dryRun.ts';
import { type KError, checkErr, errorText } from '../mutate/errors.ts';
import { Output } from '../mutate/output.ts';
import { type PatchFailure, type PatchResult, type PatchType, patchLocally, patchOnServer } from '../mutate/patchApply.ts';
import { patchToJson } from '../mutate/patchParse.ts';
import { ObjectPrinter, outputFormat, withDryRun } from '../mutate/printer.ts';
import { resolveTargets, targetNotFound } from '../mutate/targets.ts';
import { patchFlags, patchHelp } from './patchHelp.ts';

const TYPES: PatchType[] = ['json', 'merge', 'strategic'];

/** CheckErr over the collected errors; `server` errors are Status replies without a reason. */
function errorsText(errs: PatchFailure[]): string {
  const flat = errs.flatMap((e): PatchFailure[] => (e.kind === 'aggregate' ? e.errors : [e]));
  if (flat.every((e) => e.kind !== 'server')) return checkErr(flat as KError[]);
  const one = (e: PatchFailure): string => {
    if (e.kind === 'server') return `Error from server: ${e.message}`;
    if (e.kind === 'status') return `Error from server (${e.status.reason}): ${e.status.message}`;
    return errorText(e);
  };
  if (flat.length === 1) return `${one(flat[0]!)}\n`;
  return flat.map((e) => `${one(e)}\n`).join('');
}

/** Complete + Validate: the flag checks made before anything is read. */
function validate(inv: Invocation): { ok: false; error: string } | { ok: true; type: PatchType; local: boolean } {
  const patch = flagString(inv.flags, 'patch') ?? '';
  const file = flagString(inv.flags, 'patch-file') ?? '';
  const local = flagBool(inv.flags, 'local');
  const dry = dryRunStrategy(inv.flags);
  if (!dry.ok) return { ok: false, error: dry.error };
  if (patch && file) return { ok: false, error: 'error: cannot specify --patch and --patch-file together\n' };
  if (!patch && !file) return { ok: false, error: 'error: must specify --patch or --patch-file containing the contents of the patch\n' };
  if (local && inv.args.length > 0) return { ok: false, error: 'error: cannot specify --local and server resources\n' };
  if (local && dry.dryRun === 'server') return { ok: false, error: 'error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?\n' };
  const raw = flagString(inv.flags, 'type') ?? 'strategic';
  const type = (raw === '' ? 'strategic' : raw.toLowerCase()) as PatchType;
  if (!TYPES.includes(type)) return { ok: false, error: `error: --type must be one of [json merge strategic], not ${goQuote(raw)}\n` };
  return { ok: true, type, local };
}

function runPatch(inv: Invocation): CommandResult {
  const out = new Output();
  const v = validate(inv);
  if (!v.ok) return out.fail(v.error);
  const dryRun = dryRunStrategy(inv.flags);
  const dry = dryRun.ok ? dryRun.dryRun : 'none';
  const patchFlag = flagString(inv.flags, 'patch') ?? '';
  const file = flagString(inv.flags, 'patch-file') ?? '';
  let text = patchFlag;
  if (file) {
    const read = inv.shell.fs.readFile(inv.shell.fs.resolve(file));
    if (read === undefined) return out.fail(`error: unable to read patch file: open ${file}: no such file or directory\n`);
    text = read;
  }
  // The message quotes --patch even when the text came from --patch-file (as kubectl does).
  const json = patchToJson(text);
  if (!json.ok) return out.fail(`error: unable to parse ${goQuote(patchFlag)}: ${json.error}\n`);
  const resolved = resolveTargets(inv, inv.args, { fileObjects: v.local });
  if (!resolved.ok) return out.fail(checkErr(resolved.errors));

  const subresource = flagString(inv.flags, 'subresource') ?? '';
  const format = outputFormat(inv.flags);
  const printer = format.ok ? ObjectPrinter.fromFlags(format.format, inv.flags) : undefined;
  const errors: PatchFailure[] = [...resolved.errors];
  let count = 0;
  for (const t of resolved.targets) {
    if (!t.obj) {
      errors.push(targetNotFound(inv, t));
      continue;
    }
    count++;
    let r: PatchResult;
    if (!v.local && dry !== 'client') {
      if (subresource && subresource !== 'status') {
        errors.push({ kind: 'status', status: { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: 'the server could not find the requested resource' } });
        continue;
      }
      r = patchOnServer(inv.sim, t, v.type, json.json, { dryRun: dry === 'server', status: subresource === 'status' });
    } else r = patchLocally(t.obj, v.type, json.json);
    if (!r.ok) {
      errors.push(r.error);
      continue;
    }
    // The printer is built after the PATCH was sent: a bad -o fails once the change is made.
    if (!format.ok || !printer) return out.fail(format.ok ? '' : format.error);
    const p = printer.print(r.object, withDryRun(r.changed ? 'patched' : 'patched (no change)', dry));
    if (!p.ok) return out.fail(p.error);
    out.out(p.text);
  }
  if (errors.length > 0) return out.fail(errorsText(errors));
  if (count === 0) return out.fail('error: no objects passed to patch\n');
  return out.result(0);
}

export const patchCommand: KubectlCommand = {
  name: 'patch',
  short: 'Update fields of a resource',
  group: 'Advanced Commands:',
  help: patchHelp,
  flags: patchFlags,
  run: runPatch,
  complete: (words, sim) => completeTypesAndNames(words, sim),
};
