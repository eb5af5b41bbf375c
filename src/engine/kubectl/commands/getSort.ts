// `kubectl get --sort-by=FIELD` (kubectl/pkg/cmd/get/sorter.go): rows ordered by the first
// JSONPath result of each object; objects without the field go first; strings that both parse
// as quantities compare as quantities. Go's sort.Sort is an insertion sort for up to 12 rows
// (reproduced exactly, including how it reorders rows that lack the field); longer lists use a
// stable sort.

import { parseQuantity } from '../../api/kinds/quantity.ts';
import type { KubeObject } from '../../api/types.ts';
import { relaxedJsonPathExpression } from '../customColumns.ts';
import { findJsonPathResults, parseJsonPath, type GoValue } from '../jsonpath.ts';

/** isLess for the unstructured values a JSONPath yields. */
function isLess(a: GoValue, b: GoValue): boolean {
  if (a.k === 'nil' || b.k === 'nil') return a.k === 'nil' && b.k !== 'nil';
  if ((a.k === 'int' || a.k === 'float') && (b.k === 'int' || b.k === 'float') && a.k === b.k) return a.v < b.v;
  if (a.k === 'string' && b.k === 'string') {
    const qa = parseQuantity(a.v);
    const qb = parseQuantity(b.v);
    if (qa && qb) return qa.milli < qb.milli;
    return a.v < b.v;
  }
  // kubectl exits on unsortable values (bools, maps, mixed types); Proxyscope keeps the order.
  return false;
}

/**
 * `passes`: the table path sorts twice (RuntimeSorter, then SortingPrinter), which undoes the
 * reversal insertion sort applies to rows that lack the field; -o json/yaml/name sorts once.
 */
export function sortObjects(objects: readonly KubeObject[], sortBy: string, passes: 1 | 2 = 1): { ok: true; objects: KubeObject[] } | { ok: false; error: string } {
  const relaxed = relaxedJsonPathExpression(sortBy);
  const field = relaxed.ok ? relaxed.expr : sortBy;
  const parsed = parseJsonPath(field);
  if (!parsed.ok) return { ok: false, error: `error: ${parsed.error}\n` };
  const keyed = objects.map((o) => {
    const r = findJsonPathResults(parsed.template, o, true);
    const first = r.ok ? r.results[0]?.[0] : undefined;
    return { o, v: first };
  });
  if (keyed.length > 0 && keyed.every((k) => k.v === undefined)) {
    return { ok: false, error: `error: couldn't find any field with path "${field}" in the list of objects\n` };
  }
  const less = (i: { v: GoValue | undefined }, j: { v: GoValue | undefined }): boolean => {
    if (i.v === undefined) return true;
    if (j.v === undefined) return false;
    return isLess(i.v, j.v);
  };
  if (keyed.length <= 12) {
    for (let pass = 0; pass < passes; pass++) {
      for (let i = 1; i < keyed.length; i++) {
        for (let j = i; j > 0 && less(keyed[j]!, keyed[j - 1]!); j--) {
          [keyed[j], keyed[j - 1]] = [keyed[j - 1]!, keyed[j]!];
        }
      }
    }
  } else {
    const missing = keyed.filter((k) => k.v === undefined);
    const present = keyed.filter((k) => k.v !== undefined).sort((x, y) => (less(x, y) ? -1 : less(y, x) ? 1 : 0));
    if (passes === 1) missing.reverse();
    keyed.splice(0, keyed.length, ...missing, ...present);
  }
  return { ok: true, objects: keyed.map((k) => k.o) };
}
