// The merge half of the strategic merge patch (strategicpatch.mergeMap and friends) and the
// two entry points kubectl's client-side apply uses: CreateThreeWayMergePatch on the client,
// StrategicMergePatch as the API server applies it.

import { cloneJson, deepEqual } from '../../api/deepEqual.ts';
import type { PatchSchema } from './patchMeta.ts';
import { diffMaps, splitStrategies } from './smpDiff.ts';
import {
  DELETE,
  DELETE_FROM_PRIMITIVE_LIST,
  DIRECTIVE,
  type Json,
  MERGE,
  REPLACE,
  RETAIN_KEYS,
  SET_ELEMENT_ORDER,
  deduplicateScalars,
  discardNulls,
  elementKind,
  goEqual,
  goType,
  hasKey,
  isMap,
  normalizeElementOrder,
  partitionByPresence,
  removeDirectives,
} from './smpUtil.ts';

interface MergeOptions {
  /** Apply `$deleteFromPrimitiveList` lists (a server applying a patch) instead of keeping them. */
  mergeParallelList: boolean;
  /** Nulls in the patch only delete; they never appear in the result. */
  ignoreUnmatchedNulls: boolean;
}

export class PatchError extends Error {}

function mergeMap(original: Json | null, patch: Json, schema: PatchSchema, opts: MergeOptions): Json {
  if (hasKey(patch, DIRECTIVE)) {
    const d = patch[DIRECTIVE];
    if (d === REPLACE) {
      delete patch[DIRECTIVE];
      return patch;
    }
    if (d === DELETE) return {};
    throw new PatchError(`Unknown patch type: ${String(d)} in map: ${JSON.stringify(patch)}`);
  }
  const orig: Json = original ?? {};
  applyRetainKeys(orig, patch, opts);
  mergeSetElementOrder(orig, patch, schema, opts);
  for (const k0 of Object.keys(patch)) {
    let k = k0;
    const patchV = patch[k0];
    let isDeleteList = false;
    if (k0.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      if (!opts.mergeParallelList) {
        orig[k0] = patchV;
        continue;
      }
      k = k0.split('/')[1] ?? '';
      isDeleteList = true;
    }
    if (patchV === null) {
      delete orig[k];
      if (opts.ignoreUnmatchedNulls) continue;
    }
    if (!hasKey(orig, k) || goType(orig[k]) !== goType(patchV)) {
      if (!isDeleteList) {
        if (opts.ignoreUnmatchedNulls) discardNulls(patchV);
        const r = removeDirectives(patchV);
        if (r.keep) orig[k] = r.value;
        else delete orig[k];
      }
      continue;
    }
    if (isMap(orig[k])) {
      const { meta, schema: sub } = schema.lookup(k);
      const { strategy } = splitStrategies(meta.strategies);
      orig[k] = strategy === REPLACE ? patchV : mergeMap(orig[k] as Json, patchV as Json, sub, opts);
    } else if (Array.isArray(orig[k])) {
      const { meta, schema: sub } = schema.lookup(k);
      const { strategy } = splitStrategies(meta.strategies);
      orig[k] = mergeSliceHandler(orig[k] as unknown[], patchV as unknown[], sub, strategy, meta.mergeKey, isDeleteList, opts);
    } else {
      const r = removeDirectives(patchV);
      if (r.keep) orig[k] = r.value;
      else delete orig[k];
    }
  }
  return orig;
}

function applyRetainKeys(original: Json, patch: Json, opts: MergeOptions): void {
  if (!hasKey(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!opts.mergeParallelList) {
    if (hasKey(original, RETAIN_KEYS)) {
      if (!deepEqual(original[RETAIN_KEYS], retain)) throw new PatchError('retainKeys directives differ');
    } else original[RETAIN_KEYS] = retain;
    return;
  }
  if (!Array.isArray(retain)) throw new PatchError('invalid patch: the value of $retainKeys must be a list');
  for (const k of Object.keys(patch)) {
    if (patch[k] === null || k.startsWith(DELETE_FROM_PRIMITIVE_LIST) || k.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retain.includes(k)) throw new PatchError('doesn\'t match the $retainKeys list');
  }
  for (const k of Object.keys(original)) if (!retain.includes(k)) delete original[k];
}

/** mergePatchIntoOriginal: lists with a `$setElementOrder` take that order. */
function mergeSetElementOrder(original: Json, patch: Json, schema: PatchSchema, opts: MergeOptions): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER)) continue;
    const order = patch[key];
    if (!opts.mergeParallelList) {
      if (hasKey(original, key)) {
        if (!deepEqual(original[key], order)) throw new PatchError('invalid patch: $setElementOrder lists differ');
      } else original[key] = order;
    }
    delete patch[key];
    if (!Array.isArray(order)) throw new PatchError('invalid patch: $setElementOrder must be a list');
    const field = key.split('/')[1] ?? '';
    const foundOriginal = hasKey(original, field);
    const foundPatch = hasKey(patch, field);
    const originalList = foundOriginal && Array.isArray(original[field]) ? (original[field] as unknown[]) : [];
    const patchList = foundPatch && Array.isArray(patch[field]) ? (patch[field] as unknown[]) : [];
    const { meta, schema: sub } = schema.lookup(field);
    const { strategy } = splitStrategies(meta.strategies);
    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList).value as unknown[];
    else if (foundOriginal && foundPatch) merged = mergeSliceHandler(originalList, patchList, sub, strategy, meta.mergeKey, false, opts);
    else continue;
    const [patchItems, serverOnly] = partitionByPresence(merged, order, meta.mergeKey);
    const kind = elementKind(originalList, patchList);
    original[field] = normalizeElementOrder(patchItems, serverOnly, order, originalList, meta.mergeKey, kind);
    delete patch[field];
  }
}

function mergeSliceHandler(original: unknown[], patch: unknown[], schema: PatchSchema, strategy: string, mergeKey: string, isDeleteList: boolean, opts: MergeOptions): unknown[] {
  if (strategy === MERGE || isDeleteList) return mergeSlice(original, patch, schema, mergeKey, opts, isDeleteList);
  return patch;
}

function mergeSlice(original0: unknown[], patch0: unknown[], schema: PatchSchema, mergeKey: string, opts: MergeOptions, isDeleteList: boolean): unknown[] {
  if (original0.length === 0 && patch0.length === 0) return original0;
  const kind = elementKind(original0, patch0);
  let original = original0;
  let patch = patch0;
  let merged: unknown[];
  if (kind !== 'map') {
    if (opts.mergeParallelList && isDeleteList) return original.filter((v) => !patch.some((p) => goEqual(p, v)));
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (!mergeKey) throw new PatchError('cannot merge lists without merge key');
    // mergeSliceWithSpecialElements: `$patch: delete` entries remove, `$patch: replace` replaces.
    const plain: unknown[] = [];
    let replace = false;
    for (const v of patch) {
      const m = v as Json;
      if (!hasKey(m, DIRECTIVE)) plain.push(v);
      else if (m[DIRECTIVE] === DELETE) original = original.filter((o) => !(isMap(o) && goEqual(o[mergeKey], m[mergeKey])));
      else if (m[DIRECTIVE] === REPLACE) replace = true;
      else throw new PatchError(`Unknown patch type: ${String(m[DIRECTIVE])}`);
    }
    if (replace) {
      original = plain;
      patch = [];
    } else patch = plain;
    merged = [...original];
    for (const v of patch) {
      const m = v as Json;
      const idx = merged.findIndex((o) => isMap(o) && goEqual(o[mergeKey], m[mergeKey]));
      if (idx >= 0) merged[idx] = mergeMap(merged[idx] as Json, m, schema, opts);
      else merged.push(v);
    }
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, patch, kind === 'map' ? mergeKey : '');
  return normalizeElementOrder(patchItems, serverOnly, patch, original, kind === 'map' ? mergeKey : '', kind);
}

/** StrategicMergePatch as the API server applies it (a private copy of `original` is patched). */
export function strategicMergePatch(original: Json, patch: Json, schema: PatchSchema): Json {
  return mergeMap(cloneJson(original), cloneJson(patch), schema, { mergeParallelList: true, ignoreUnmatchedNulls: true });
}

/**
 * CreateThreeWayMergePatch (overwrite=true): the changes from `current` to `modified`, plus
 * the deletions from `original` (the last applied configuration) to `modified`.
 */
export function createThreeWayMergePatch(original: Json | null, modified: Json, current: Json, schema: PatchSchema): Json {
  const delta = diffMaps(current, modified, schema, { ignoreDeletions: true, setElementOrder: true });
  const deletions = diffMaps(original ?? {}, modified, schema, { ignoreChangesAndAdditions: true, setElementOrder: true });
  return mergeMap(cloneJson(deletions), cloneJson(delta), schema, { mergeParallelList: false, ignoreUnmatchedNulls: false });
}
