// Shared pieces of the strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch):
// directive names, Go-like type checks on decoded JSON, scalar sorting and the element
// ordering rules ($setElementOrder). Values are decoded JSON; like the Go code, the merge
// functions may modify the maps they are given, so callers pass copies.

export type Json = Record<string, unknown>;

export const DIRECTIVE = '$patch';
export const DELETE = 'delete';
export const REPLACE = 'replace';
export const MERGE = 'merge';
export const RETAIN_KEYS = '$retainKeys';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
export const SET_ELEMENT_ORDER = '$setElementOrder';

export const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** reflect.TypeOf of a decoded JSON value (all numbers are float64 in Go). */
export function goType(v: unknown): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  return typeof v === 'object' ? 'map' : typeof v;
}

/** fmt's %v of a scalar, as the sorting helpers compare them. */
export const sv = (v: unknown): string => (v === null || v === undefined ? '<nil>' : String(v));

/** Go's == on two interface{} values holding JSON scalars (maps and slices never equal). */
export const goEqual = (a: unknown, b: unknown): boolean => a === b && (typeof a !== 'object' || a === null);

export function hasKey(m: Json, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(m, key);
}

/** sort.Sort of scalars by their %v text (stable for the short lists seen here). */
export function sortScalars(s: unknown[]): unknown[] {
  return [...s].sort((a, b) => (sv(a) < sv(b) ? -1 : sv(a) > sv(b) ? 1 : 0));
}

/** deduplicateScalars: Go's in-place version, which moves the last element into each hole. */
export function deduplicateScalars(input: unknown[]): unknown[] {
  const s = [...input];
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEqual(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

/** Sorts maps by the %v text of their merge key (sortMapsBasedOnField). */
export function sortMapsByField(m: unknown[], field: string): unknown[] {
  return [...m].sort((a, b) => {
    const x = sv((a as Json)[field]);
    const y = sv((b as Json)[field]);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** The element kind of one or more lists: 'map', 'scalar', 'slice' or '' (all empty). */
export function elementKind(...lists: unknown[][]): string {
  for (const l of lists) for (const v of l) return isMap(v) ? 'map' : Array.isArray(v) ? 'slice' : 'scalar';
  return '';
}

/** index(): position of `val` in `l`, comparing merge keys for maps and values otherwise. */
export function indexOf(l: unknown[], val: unknown, mergeKey: string, kind: string): number {
  const get = (item: unknown): unknown => (kind === 'map' ? (isMap(item) ? item[mergeKey] : null) : item);
  const want = get(val);
  return l.findIndex((v) => goEqual(get(v), want) || (want === null && get(v) === null));
}

/** normalizeSliceOrder: `toSort` in the order of `order`; `$patch: delete` entries last. */
export function normalizeSliceOrder(toSort: unknown[], order: unknown[], mergeKey: string, kind: string): unknown[] {
  let items = [...toSort];
  let toDelete: unknown[] = [];
  if (kind === 'map') {
    toDelete = items.filter((v) => isMap(v) && v[DIRECTIVE] === DELETE);
    items = items.filter((v) => !(isMap(v) && v[DIRECTIVE] === DELETE));
  }
  // sort.SliceStable with upstream's comparator, which calls an element "less" whenever it
  // (or its neighbour) is missing from `order`: an insertion sort reproduces its moves.
  const less = (a: unknown, b: unknown): boolean => {
    const ia = indexOf(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexOf(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  };
  for (let i = 1; i < items.length; i++) {
    for (let j = i; j > 0 && less(items[j], items[j - 1]); j--) [items[j], items[j - 1]] = [items[j - 1], items[j]];
  }
  return [...items, ...toDelete];
}

/** mergeSortedSlice: interleaves server-only items into the patch items by server order. */
function mergeSortedSlice(left: unknown[], right: unknown[], serverOrder: unknown[], mergeKey: string, kind: string): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexOf(serverOrder, left[i], mergeKey, kind);
      const ri = indexOf(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/** normalizeElementOrder: patch items in patch order, server-only items where the server had them. */
export function normalizeElementOrder(patch: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string, kind: string): unknown[] {
  const p = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const s = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(s, p, serverOrder, mergeKey, kind);
}

/** Splits `items` into those present in `by` (by merge key, or value for scalars) and the rest. */
export function partitionByPresence(items: unknown[], by: unknown[], mergeKey: string): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const rest: unknown[] = [];
  for (const v of items) {
    const found = mergeKey ? isMap(v) && by.some((b) => isMap(b) && goEqual(b[mergeKey], v[mergeKey])) : by.some((b) => goEqual(b, v));
    (found ? present : rest).push(v);
  }
  return [present, rest];
}

/** removeDirectives: drops `$patch` maps; undefined means "do not keep this value". */
export function removeDirectives(obj: unknown): { keep: boolean; value: unknown } {
  if (isMap(obj)) {
    if (hasKey(obj, DIRECTIVE)) return { keep: false, value: null };
    for (const k of Object.keys(obj)) {
      const r = removeDirectives(obj[k]);
      if (r.keep) obj[k] = r.value;
      else delete obj[k];
    }
    return { keep: true, value: obj };
  }
  if (Array.isArray(obj)) {
    const res: unknown[] = [];
    for (const v of obj) {
      const r = removeDirectives(v);
      if (r.keep) res.push(r.value);
    }
    return { keep: true, value: res };
  }
  return { keep: true, value: obj };
}

/** discardNullValuesFromPatch. */
export function discardNulls(v: unknown): void {
  if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNulls(v[k]);
    }
  } else if (Array.isArray(v)) v.forEach(discardNulls);
}
