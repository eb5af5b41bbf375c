// `kubectl get -o custom-columns=NAME:.metadata.name,IP:.status.podIP` as kubectl
// (pkg/cmd/get/customcolumn.go, v0.33) does it: a relaxed JSONPath per column evaluated with
// missing keys allowed, every value printed with fmt.Sprint and joined by ",", `<none>` for no
// value, lines aligned by the same tabwriter as kubectl's tables.

import { printTableNoHeaders } from '../format/table.ts';
import { findJsonPathResults, goSprint, parseJsonPath } from './jsonpath.ts';

export interface CustomColumn {
  header: string;
  /** A full JSONPath template such as `{.metadata.name}` ("" for an empty spec). */
  fieldSpec: string;
}

const jsonRegexp = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression: `metadata.name`, `.metadata.name`, `{metadata.name}` → `{.metadata.name}`. */
export function relaxedJsonPathExpression(expr: string): { ok: true; expr: string } | { ok: false; error: string } {
  if (expr === '') return { ok: true, expr };
  const m = jsonRegexp.exec(expr);
  if (!m) return { ok: false, error: "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'" };
  return { ok: true, expr: `{.${m[1] ?? m[2]}}` };
}

/**
 * NewCustomColumnsPrinterFromSpec. `error` is the complete stderr kubectl prints (it fails
 * before contacting the server).
 */
export function parseCustomColumns(spec: string): { ok: true; columns: CustomColumn[] } | { ok: false; error: string } {
  if (spec === '') return { ok: false, error: 'error: custom-columns format specified but no custom columns given\n' };
  const columns: CustomColumn[] = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) return { ok: false, error: `error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>\n` };
    const relaxed = relaxedJsonPathExpression(part.slice(colon + 1));
    if (!relaxed.ok) return { ok: false, error: `error: ${relaxed.error}\n` };
    columns.push({ header: part.slice(0, colon), fieldSpec: relaxed.expr });
  }
  return { ok: true, columns };
}

/** printers.EscapeTerminal: ESC and CR are made visible. */
const escapeTerminal = (s: string): string => s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');

/**
 * The cells kubectl writes for `objects` (the items of the list it prints, or the one object
 * of `get NAME`). A column error stops the printer: the lines written before it are still
 * flushed to stdout, and `error` is the stderr text.
 */
export function customColumnCells(columns: readonly CustomColumn[], objects: readonly unknown[]): { rows: string[][]; error?: string } {
  const templates = [];
  for (const c of columns) {
    const p = parseJsonPath(c.fieldSpec);
    if (!p.ok) return { rows: [], error: `error: ${p.error}\n` };
    templates.push(p.template);
  }
  const rows: string[][] = [];
  for (const obj of objects) {
    const row: string[] = [];
    for (const t of templates) {
      const found = findJsonPathResults(t, obj, true);
      if (!found.ok) return { rows, error: `error: ${found.error}\n` };
      const values = found.results;
      const cells = values.length === 0 || values[0]!.length === 0 ? ['<none>'] : [];
      for (const list of values) for (const v of list) cells.push(escapeTerminal(goSprint(v)));
      row.push(cells.join(','));
    }
    rows.push(row);
  }
  return { rows };
}

/**
 * `-o custom-columns=SPEC` output for `objects`. On failure `stdout` still holds what kubectl
 * flushed before the error (the header, earlier rows) and `error` the stderr text.
 */
export function printCustomColumns(spec: string, objects: readonly unknown[], opts: { noHeaders?: boolean } = {}): { ok: true; stdout: string } | { ok: false; stdout: string; error: string } {
  const parsed = parseCustomColumns(spec);
  if (!parsed.ok) return { ok: false, stdout: '', error: parsed.error };
  const { rows, error } = customColumnCells(parsed.columns, objects);
  const headers = parsed.columns.map((c) => c.header);
  // The header goes through the same tabwriter as the rows, and is printed even with no rows.
  const stdout = printTableNoHeaders(opts.noHeaders ? rows : [headers, ...rows]);
  return error === undefined ? { ok: true, stdout } : { ok: false, stdout, error };
}
