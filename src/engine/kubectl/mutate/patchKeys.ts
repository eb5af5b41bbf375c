// A strategic merge patch must name the merge key of every element of a list merged by key
// (strategicpatch mergeSlice: `map: map[image:nginx] does not contain declared merge key:
// name`), e.g. a container without its name. The shared merge code assumes well-formed
// patches, so `kubectl patch` checks this first, with Go's %v rendering of the element.

import type { PatchSchema } from './patchMeta.ts';

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** fmt's %v of a decoded JSON value (maps with sorted keys; ints kept as ints by the server). */
export function goV(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goV).join(' ')}]`;
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goV(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** The first missing-merge-key error in the patch, if any. */
export function missingMergeKey(patch: Json, schema: PatchSchema): string | undefined {
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    const { meta, schema: sub } = schema.lookup(k);
    if (isMap(v)) {
      const inner = missingMergeKey(v, sub);
      if (inner) return inner;
    } else if (Array.isArray(v) && meta.strategies.includes('merge') && meta.mergeKey) {
      for (const el of v) {
        if (!isMap(el)) continue;
        if (el['$patch'] === 'replace') continue;
        if (!(meta.mergeKey in el)) return `map: ${goV(el)} does not contain declared merge key: ${meta.mergeKey}`;
        const inner = missingMergeKey(el, sub);
        if (inner) return inner;
      }
    }
  }
  return undefined;
}
