// Errors as kubectl's cmdutil.CheckErr prints them. A command collects KErrors (plain Go
// errors or API Status errors) and prints them at the end: one error alone gets the
// standard form (`error: …`, `Error from server (Reason): …`, `The Service "x" is invalid: …`),
// several are printed one per line by MultipleErrors, where plain errors carry no `error: `.

import { kubectlErrorMessage } from '../../api/fieldErrors.ts';
import type { Status } from '../../api/status.ts';
import { errorLine } from './output.ts';

export type KError = { kind: 'plain'; message: string } | { kind: 'status'; status: Status } | { kind: 'aggregate'; errors: KError[] };

export const plainError = (message: string): KError => ({ kind: 'plain', message });
export const statusError = (status: Status): KError => ({ kind: 'status', status });

/** utilerrors.NewAggregate: several errors travelling as one (nothing when empty). */
export function aggregateError(errs: readonly KError[]): KError[] {
  if (errs.length === 0) return [];
  return errs.length === 1 ? [errs[0]!] : [{ kind: 'aggregate', errors: [...errs] }];
}

/** cmdutil.AddSourceToErr: `error when creating "x.yaml": …` in front of the message. */
export function withSource(err: KError, verb: string, source: string): KError {
  if (!source || err.kind === 'aggregate') return err;
  if (err.kind === 'status') return { kind: 'status', status: { ...err.status, message: `error when ${verb} "${source}": ${err.status.message}` } };
  return { kind: 'plain', message: `error when ${verb} "${source}": ${err.message}` };
}

/** The text of one error as Go's err.Error() would give it. */
export function errorText(err: KError): string {
  if (err.kind === 'aggregate') return aggregateText([...new Set(err.errors.map(errorText))]);
  return err.kind === 'plain' ? err.message : err.status.message;
}

/** StandardErrorMessage, or the bare message (what MultipleErrors prints per error). */
function messageForError(err: KError): string {
  if (err.kind === 'status') return `Error from server (${err.status.reason}): ${err.status.message}`;
  return errorText(err);
}

/** The whole stderr text kubectl prints for these errors ('' when there are none). */
export function checkErr(errs: readonly KError[]): string {
  if (errs.length === 0) return '';
  if (errs.length === 1) {
    const e = errs[0]!;
    if (e.kind === 'aggregate') return checkErr(e.errors);
    return e.kind === 'plain' ? errorLine(e.message) : kubectlErrorMessage(e.status);
  }
  return errs.map((e) => `${messageForError(e)}\n`).join('');
}

/** utilerrors.NewAggregate(errs).Error(): the message alone, or `[a, b]`. */
export function aggregateText(messages: readonly string[]): string {
  return messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
}
