// kubectl's HumanReadablePrinter for server-side tables (cli-runtime printers/tableprinter.go):
// decorates a table with NAMESPACE, -L label columns, LABELS and `kind/` name prefixes, drops
// priority columns unless -o wide, and writes tab-separated lines for the tabwriter.

import type { KubeObject } from '../../api/types.ts';
import type { ResourceInfo } from '../../api/resources.ts';
import type { Simulation } from '../../simulation.ts';
import { escapeTerminal, formatLabels } from './format.ts';
import { tableFor } from './rows.ts';

export interface HumanOptions {
  wide: boolean;
  noHeaders: boolean;
  /** -A: a NAMESPACE column first (never for cluster-scoped kinds). */
  withNamespace: boolean;
  showLabels: boolean;
  /** -L keys. */
  labelColumns: string[];
  /** Prefix names with `kind[.group]/` (several kinds in one `get`). */
  withKind: boolean;
}

/** strings.ToLower(GroupKind.String()): `pod`, `deployment.apps`. */
export const kindPrefix = (info: ResourceInfo): string => (info.group ? `${info.kind.toLowerCase()}.${info.group}` : info.kind.toLowerCase());

/** `-o name` text of one object: `pod/x`, `deployment.apps/x`. */
export const objectName = (info: ResourceInfo, name: string): string => `${kindPrefix(info)}/${name || '<unknown>'}`;

/** formatLabelHeaders: the last path segment of each -L key, upper-cased. */
const labelHeaders = (keys: string[]): string[] => keys.map((k) => (k.split('/').at(-1) ?? '').toUpperCase());

/** Cells are cut at the first newline, carriage return or form feed ("..." marks the cut). */
function cellText(cell: string): string {
  const brk = cell.search(/[\f\n\r]/);
  return brk >= 0 ? escapeTerminal(cell.slice(0, brk)) + '...' : escapeTerminal(cell);
}

export function headerLine(info: ResourceInfo, opts: HumanOptions): string {
  const def = tableFor(info.resource);
  const headers = [
    ...(opts.withNamespace ? ['NAMESPACE'] : []),
    ...def.columns.filter((c) => opts.wide || c.priority === 0).map((c) => c.name),
    ...labelHeaders(opts.labelColumns),
    ...(opts.showLabels ? ['LABELS'] : []),
  ];
  return headers.join('\t') + '\n';
}

export function rowLine(sim: Simulation, info: ResourceInfo, obj: KubeObject, opts: HumanOptions): string {
  const def = tableFor(info.resource);
  const all = def.cells(obj, sim);
  const cells: string[] = [];
  // decorateTable prefixes the first column of format "name" (events have it last).
  const nameColumn = opts.withKind ? def.columns.findIndex((c) => c.name === 'NAME') : -1;
  if (opts.withNamespace) cells.push(obj.metadata.namespace ?? '');
  def.columns.forEach((c, i) => {
    if (!opts.wide && c.priority !== 0) return;
    let cell = all[i] ?? '';
    if (i === nameColumn) cell = `${kindPrefix(info)}/${cell}`;
    cells.push(cell);
  });
  const labels = obj.metadata.labels ?? {};
  for (const key of opts.labelColumns) cells.push(Object.prototype.hasOwnProperty.call(labels, key) ? labels[key]! : '');
  if (opts.showLabels) cells.push(formatLabels(labels));
  return cells.map(cellText).join('\t') + '\n';
}

/** printTable: the header (unless --no-headers, and only when there are rows) and one line per object. */
export function tableText(sim: Simulation, info: ResourceInfo, objs: readonly KubeObject[], opts: HumanOptions, printHeader = true): string {
  if (objs.length === 0) return '';
  let out = printHeader && !opts.noHeaders ? headerLine(info, opts) : '';
  for (const o of objs) out += rowLine(sim, info, o, opts);
  return out;
}
