// `kubectl events` (kubectl/pkg/cmd/events, v1.33): lists Events sorted by when they last
// happened (SortableEvents), in the EventPrinter's own table (OBJECT is Kind/name, LAST SEEN
// folds repeats into "(xN over …)"). --for becomes a field selector on the involved object's
// kind, apiVersion and name; --types filters Normal/Warning. Not modelled: -o and --watch.

import { apiVersionOf } from '../../api/resources.ts';
import type { KubeObject } from '../../api/types.ts';
import type { CommandResult } from '../../shell/types.ts';
import { flagAll, flagBool, flagString, type FlagDef } from '../flags.ts';
import { escapeTerminal, num, objOf, since, str, timeOf } from '../printers/format.ts';
import { renderHelp } from '../printers/helpText.ts';
import { GET_TABWRITER, tabulate } from '../printers/tabwriter.ts';
import { resolveTypeOrError } from '../resourceArgs.ts';
import type { Invocation, KubectlCommand } from '../types.ts';

const FLAGS: FlagDef[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool', description: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.' },
  { name: 'chunk-size', type: 'int', description: 'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.', default: '500' },
  { name: 'for', type: 'string', description: 'Filter events to only those pertaining to the specified resource.' },
  { name: 'no-headers', type: 'bool', description: "When using the default output format, don't print headers." },
  { name: 'types', type: 'stringArray', description: 'Output only events of given types.', default: '[]' },
];

const fail = (stderr: string): CommandResult => ({ stdout: '', stderr, exitCode: 1 });
type Ev = KubeObject & Record<string, unknown>;

/** eventTime(): series last observed, else lastTimestamp, else eventTime. */
function sortTime(inv: Invocation, e: Ev): number {
  return timeOf(inv.sim, str(objOf(e['series'])['lastObservedTime']) || str(e['lastTimestamp']) || str(e['eventTime'])) ?? 0;
}

/** getInterval: "<last> (xN over <first>)" for repeats, else the age of the first occurrence. */
function interval(inv: Invocation, e: Ev): string {
  const first = str(e['eventTime']) ? since(inv.sim, str(e['eventTime'])) : since(inv.sim, str(e['firstTimestamp']) || undefined);
  const series = e['series'] ? objOf(e['series']) : undefined;
  if (series) return `${since(inv.sim, str(series['lastObservedTime']) || undefined)} (x${num(series['count'])} over ${first})`;
  if (num(e['count']) > 1) return `${since(inv.sim, str(e['lastTimestamp']) || undefined)} (x${num(e['count'])} over ${first})`;
  return first;
}

function run(inv: Invocation): CommandResult {
  const all = flagBool(inv.flags, 'all-namespaces');
  // StringSlice: each value may itself be a comma-separated list.
  const types = flagAll(inv.flags, 'types').flatMap((v) => v.split(',')).filter((v) => v !== '');
  if (types.some((t) => t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning')) return fail('error: valid --types are Normal or Warning\n');
  let forKind: { kind: string; apiVersion: string; name: string } | undefined;
  const forArg = flagString(inv.flags, 'for') ?? '';
  if (forArg !== '') {
    if (!forArg.includes('/')) return fail('error: --for must be in resource/name form\n');
    const seg = forArg.split('/');
    if (seg.length !== 2) return fail('error: arguments in resource/name form may not have more than one slash\n');
    const r = resolveTypeOrError(seg[0]!.toLowerCase());
    if (!r.ok) return fail(`${r.error}\n`);
    forKind = { kind: r.info.kind, apiVersion: apiVersionOf(r.info), name: seg[1]! };
  }
  const matches = (o: KubeObject): boolean => {
    const e = o as Ev;
    const io = objOf(e['involvedObject']);
    if (forKind && (str(io['kind']) !== forKind.kind || str(io['apiVersion']) !== forKind.apiVersion || str(io['name']) !== forKind.name)) return false;
    return types.length === 0 || types.some((t) => t.toLowerCase() === str(e['type']).toLowerCase());
  };
  const events = inv.sim.api.list('events', all ? undefined : inv.namespace, matches) as Ev[];
  if (events.length === 0) return { stdout: '', stderr: all ? 'No events found.\n' : `No events found in ${inv.namespace} namespace.\n`, exitCode: 0 };
  // sort.Sort is not stable; equal times keep list order here.
  const sorted = events.map((e) => ({ e, t: sortTime(inv, e) })).sort((a, b) => a.t - b.t);
  let text = '';
  if (!flagBool(inv.flags, 'no-headers')) text += `${all ? 'NAMESPACE\t' : ''}LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n`;
  for (const { e } of sorted) {
    const io = objOf(e['involvedObject']);
    const cells = [interval(inv, e), str(e['type']), str(e['reason']), `${str(io['kind'])}/${str(io['name'])}`, str(e['message']).trim()].map((c, i) => (i === 0 ? c : escapeTerminal(c)));
    text += `${all ? `${e.metadata.namespace ?? ''}\t` : ''}${cells.join('\t')}\n`;
  }
  return { stdout: tabulate(text, GET_TABWRITER), stderr: '', exitCode: 0 };
}

const USAGE = 'kubectl events [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file] [--for TYPE/NAME] [--watch] [--types=Normal,Warning]';

export const eventsCommand: KubectlCommand = {
  name: 'events',
  short: 'List events',
  group: 'Troubleshooting and Debugging Commands:',
  flags: FLAGS,
  help: renderHelp({
    long: 'Display events.\n\n Prints a table of the most important information about events. You can request events for a namespace, for all namespace, or filtered to only those pertaining to a specified resource.',
    examples: [
      '# List recent events in the default namespace',
      'kubectl events',
      '',
      '# List recent events in all namespaces',
      'kubectl events --all-namespaces',
      '',
      '# List recent events for the specified pod, then wait for more events and list them as they arrive',
      'kubectl events --for pod/web-pod-13je7 --watch',
      '',
      '# List recent events in YAML format',
      'kubectl events -oyaml',
      '',
      "# List recent only events of type 'Warning' or 'Normal'",
      'kubectl events --types=Warning,Normal',
    ],
    flags: FLAGS,
    usage: USAGE,
  }),
  run,
};
