// The diff half of the strategic merge patch (strategicpatch.diffMaps and friends): what a
// patch must say to turn `original` into `modified`, with options to leave out deletions or
// changes, as CreateThreeWayMergePatch needs.

import { deepEqual } from '../../api/deepEqual.ts';
import type { PatchSchema } from './patchMeta.ts';
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
  elementKind,
  goType,
  hasKey,
  isMap,
  normalizeSliceOrder,
  sortMapsByField,
  sortScalars,
  sv,
} from './smpUtil.ts';

export interface DiffOptions {
  ignoreChangesAndAdditions?: boolean;
  ignoreDeletions?: boolean;
  setElementOrder?: boolean;
  buildRetainKeysDirective?: boolean;
}

/** extractRetainKeysPatchStrategy. */
export function splitStrategies(strategies: string[]): { retainKeys: boolean; strategy: string } {
  const retainKeys = strategies.includes('retainKeys');
  return { retainKeys, strategy: strategies.find((s) => s !== 'retainKeys') ?? '' };
}

export function diffMaps(original: Json, modified: Json, schema: PatchSchema, opts: DiffOptions): Json {
  const patch: Json = {};
  const retainKeys: string[] = [];
  for (const key of Object.keys(modified)) {
    const modifiedValue = modified[key];
    if (opts.buildRetainKeysDirective && modifiedValue !== null) retainKeys.push(key);
    if (!hasKey(original, key)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE) {
      if (modifiedValue !== originalValue) patch[DIRECTIVE] = modifiedValue;
      continue;
    }
    if (goType(originalValue) !== goType(modifiedValue)) {
      if (!opts.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isMap(originalValue)) handleMapDiff(key, originalValue, modifiedValue as Json, patch, schema, opts);
    else if (Array.isArray(originalValue)) handleSliceDiff(key, originalValue, modifiedValue as unknown[], patch, schema, opts);
    else replaceIfNotEqual(key, originalValue, modifiedValue, patch, opts);
  }
  if (!opts.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!hasKey(modified, key)) patch[key] = null;
  }
  if (retainKeys.length > 0 && (Object.keys(patch).length > 0 || hasAdditionalField(original, modified))) {
    patch[RETAIN_KEYS] = sortScalars(retainKeys);
  }
  return patch;
}

function hasAdditionalField(original: Json, modified: Json): boolean {
  return Object.keys(original).some((k) => original[k] !== null && !hasKey(modified, k));
}

function replaceIfNotEqual(key: string, original: unknown, modified: unknown, patch: Json, opts: DiffOptions): void {
  if (opts.ignoreChangesAndAdditions) return;
  if (deepEqual(original, modified)) return;
  patch[key] = modified;
}

function handleMapDiff(key: string, original: Json, modified: Json, patch: Json, schema: PatchSchema, opts: DiffOptions): void {
  const { meta, schema: sub } = schema.lookup(key);
  const { retainKeys, strategy } = splitStrategies(meta.strategies);
  if (strategy === REPLACE) {
    if (!opts.ignoreChangesAndAdditions) patch[key] = modified;
    return;
  }
  const value = diffMaps(original, modified, sub, { ...opts, buildRetainKeysDirective: retainKeys });
  if (Object.keys(value).length > 0) patch[key] = value;
}

function handleSliceDiff(key: string, original: unknown[], modified: unknown[], patch: Json, schema: PatchSchema, opts: DiffOptions): void {
  const { meta, schema: sub } = schema.lookup(key);
  const { retainKeys, strategy } = splitStrategies(meta.strategies);
  if (strategy !== MERGE) {
    replaceIfNotEqual(key, original, modified, patch, opts);
    return;
  }
  const { add, del, order } = diffLists(original, modified, sub, meta.mergeKey, { ...opts, buildRetainKeysDirective: retainKeys });
  if (add.length > 0) patch[key] = add;
  if (del.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST}/${key}`] = del;
  if (order.length > 0) patch[`${SET_ELEMENT_ORDER}/${key}`] = order;
}

function diffLists(original: unknown[], modified: unknown[], schema: PatchSchema, mergeKey: string, opts: DiffOptions): { add: unknown[]; del: unknown[]; order: unknown[] } {
  if (original.length === 0) {
    if (modified.length === 0 || opts.ignoreChangesAndAdditions) return { add: [], del: [], order: [] };
    return { add: modified, del: [], order: [] };
  }
  const kind = elementKind(original, modified);
  if (kind === 'map') {
    const r = diffListsOfMaps(original, modified, schema, mergeKey, opts);
    const add = [...normalizeSliceOrder(r.patch, modified, mergeKey, kind), ...r.deletions];
    const orderSame = original.length === modified.length && modified.every((m, i) => sv((original[i] as Json)[mergeKey]) === sv((m as Json)[mergeKey]));
    let order: unknown[] = [];
    if (opts.setElementOrder && ((!opts.ignoreChangesAndAdditions && (add.length > 0 || !orderSame)) || (!opts.ignoreDeletions && add.length > 0))) {
      order = modified.map((v) => ({ [mergeKey]: (v as Json)[mergeKey] }));
    }
    return { add, del: [], order };
  }
  const r = diffListsOfScalars(original, modified, opts);
  const add = normalizeSliceOrder(r.add, modified, mergeKey, kind);
  let order: unknown[] = [];
  if (opts.setElementOrder && ((!opts.ignoreDeletions && r.del.length > 0) || (!opts.ignoreChangesAndAdditions && !deepEqual(original, modified)))) {
    order = modified;
  }
  return { add, del: r.del, order };
}

function diffListsOfScalars(original: unknown[], modified: unknown[], opts: DiffOptions): { add: unknown[]; del: unknown[] } {
  const o = sortScalars(original);
  const m = sortScalars(modified);
  const add: unknown[] = [];
  const del: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const inO = i < o.length;
    const inM = j < m.length;
    if (inO && inM && sv(o[i]) === sv(m[j])) {
      i++;
      j++;
    } else if (!inO || (inO && inM && sv(o[i]) > sv(m[j]))) {
      if (!opts.ignoreChangesAndAdditions) add.push(m[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) del.push(o[i]);
      i++;
    }
  }
  return { add, del: deduplicateScalars(del) };
}

function diffListsOfMaps(original: unknown[], modified: unknown[], schema: PatchSchema, mergeKey: string, opts: DiffOptions): { patch: unknown[]; deletions: unknown[] } {
  const o = sortMapsByField(original, mergeKey) as Json[];
  const m = sortMapsByField(modified, mergeKey) as Json[];
  const patch: unknown[] = [];
  const deletions: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < o.length || j < m.length) {
    const inO = i < o.length;
    const inM = j < m.length;
    const ok = inO ? sv(o[i]![mergeKey]) : '';
    const mk = inM ? sv(m[j]![mergeKey]) : '';
    if (inO && inM && ok === mk) {
      const value = diffMaps(o[i]!, m[j]!, schema, opts);
      if (Object.keys(value).length > 0) {
        value[mergeKey] = m[j]![mergeKey];
        patch.push(value);
      }
      i++;
      j++;
    } else if (!inO || (inO && inM && ok > mk)) {
      if (!opts.ignoreChangesAndAdditions) patch.push(m[j]);
      j++;
    } else {
      if (!opts.ignoreDeletions) deletions.push({ [mergeKey]: o[i]![mergeKey], [DIRECTIVE]: DELETE });
      i++;
    }
  }
  return { patch, deletions };
}
