// --dry-run as cmdutil.GetDryRunStrategy reads it. (kubectl also accepts a bare --dry-run,
// pflag's NoOptDefVal "unchanged", meaning client; the shared flag parser needs a value.)

import { type FlagValues, flagString } from '../flags.ts';

export type DryRun = 'none' | 'client' | 'server';

const TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'];
const FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False'];

export function dryRunStrategy(flags: FlagValues): { ok: true; dryRun: DryRun } | { ok: false; error: string } {
  const v = flagString(flags, 'dry-run') ?? 'none';
  // Deprecated boolean forms: klog warns (on stderr, with a timestamp) and carries on.
  if (TRUE.includes(v) || v === 'unchanged') return { ok: true, dryRun: 'client' };
  if (FALSE.includes(v)) return { ok: true, dryRun: 'none' };
  if (v === 'client' || v === 'server' || v === 'none') return { ok: true, dryRun: v };
  return { ok: false, error: `error: Invalid dry-run value (${v}). Must be "none", "server", or "client".\n` };
}

/** --validate as cmdutil.GetValidationDirective reads it; false means no client-side schema check. */
export function validationOn(flags: FlagValues): { ok: true; validate: boolean } | { ok: false; error: string } {
  const v = flagString(flags, 'validate') ?? 'strict';
  if (TRUE.includes(v) || v === 'strict' || v === 'warn') return { ok: true, validate: true };
  if (FALSE.includes(v) || v === 'ignore') return { ok: true, validate: false };
  return { ok: false, error: `error: invalid - validate option "${v}"; must be one of: strict (or true), warn, ignore (or false)\n` };
}
