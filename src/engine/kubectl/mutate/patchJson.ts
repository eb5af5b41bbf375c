// The two non-strategic patch types `kubectl patch --type` sends, applied the way the API
// server's vendored evanphx/json-patch (v4) applies them: JSON merge patch (RFC 7386, MergePatch)
// and JSON patch (RFC 6902, Patch.Apply). Errors carry json-patch's texts; the API server hides
// them behind a generic 422 (see patchServer.ts), `--dry-run=client`/`--local` print them.

import { cloneJson, deepEqual } from '../../api/deepEqual.ts';

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export type PatchResult = { ok: true; value: unknown } | { ok: false; error: string };

/** mergeDocs/pruneNulls: null deletes, maps merge, anything else replaces (its nulls pruned). */
export function mergePatch(doc: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return cloneJson(patch);
  const out: Json = isMap(doc) ? cloneJson(doc) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else if (isMap(v) && isMap(out[k])) out[k] = mergePatch(out[k], v);
    else out[k] = pruneNulls(cloneJson(v));
  }
  return out;
}

function pruneNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pruneNulls);
  if (!isMap(v)) return v;
  for (const k of Object.keys(v)) {
    if (v[k] === null) delete v[k];
    else v[k] = pruneNulls(v[k]);
  }
  return v;
}

interface Operation {
  op?: unknown;
  path?: unknown;
  from?: unknown;
  value?: unknown;
}

/** RFC 6901: `/a/b~1c` → ['a', 'b/c']. */
function splitPointer(path: string): string[] {
  return path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container holding the pointer's last token, and that token (findObject). */
function findParent(doc: { root: unknown }, path: string): { container: unknown; key: string } | undefined {
  if (!path.startsWith('/')) return undefined;
  const parts = splitPointer(path);
  let cur: unknown = doc.root;
  for (const p of parts.slice(0, -1)) {
    if (isMap(cur)) cur = cur[p];
    else if (Array.isArray(cur)) {
      const i = arrayIndex(p, cur.length - 1);
      if (i === undefined) return undefined;
      cur = cur[i];
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  if (!isMap(cur) && !Array.isArray(cur)) return undefined;
  return { container: cur, key: parts.at(-1) ?? '' };
}

function arrayIndex(token: string, max: number): number | undefined {
  if (!/^\d+$/.test(token)) return undefined;
  const i = Number(token);
  return i <= max ? i : undefined;
}

const invalidIndex = (key: string) => `Unable to access invalid index: ${key}: invalid index referenced`;

function get(c: unknown, key: string): unknown {
  if (isMap(c)) return Object.prototype.hasOwnProperty.call(c, key) ? c[key] : undefined;
  const arr = c as unknown[];
  const i = arrayIndex(key, arr.length - 1);
  return i === undefined ? undefined : arr[i];
}

function add(doc: { root: unknown }, path: string, value: unknown): string | undefined {
  if (path === '') {
    doc.root = value;
    return undefined;
  }
  const p = findParent(doc, path);
  if (!p) return `add operation does not apply: doc is missing path: "${path}": missing value`;
  if (isMap(p.container)) p.container[p.key] = value;
  else {
    const arr = p.container as unknown[];
    const i = p.key === '-' ? arr.length : arrayIndex(p.key, arr.length);
    if (i === undefined) return invalidIndex(p.key);
    arr.splice(i, 0, value);
  }
  return undefined;
}

function remove(doc: { root: unknown }, path: string, op: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const p = findParent(doc, path);
  if (!p) return { ok: false, error: `${op} operation does not apply: doc is missing path: "${path}": missing value` };
  if (isMap(p.container)) {
    if (!Object.prototype.hasOwnProperty.call(p.container, p.key)) return { ok: false, error: `Unable to remove nonexistent key: ${p.key}: missing value` };
    const value = p.container[p.key];
    delete p.container[p.key];
    return { ok: true, value };
  }
  const arr = p.container as unknown[];
  const i = arrayIndex(p.key, arr.length - 1);
  if (i === undefined) return { ok: false, error: invalidIndex(p.key) };
  return { ok: true, value: arr.splice(i, 1)[0] };
}

function applyOne(doc: { root: unknown }, o: Operation): string | undefined {
  const kind = typeof o.op === 'string' ? o.op : 'unknown';
  const path = typeof o.path === 'string' ? o.path : '';
  const from = typeof o.from === 'string' ? o.from : '';
  switch (kind) {
    case 'add':
      return add(doc, path, cloneJson(o.value ?? null));
    case 'remove': {
      const r = remove(doc, path, 'remove');
      return r.ok ? undefined : r.error;
    }
    case 'replace': {
      const p = findParent(doc, path);
      if (!p) return `replace operation does not apply: doc is missing path: ${path}: missing value`;
      if (get(p.container, p.key) === undefined) return `replace operation does not apply: doc is missing key: ${path}: missing value`;
      if (isMap(p.container)) p.container[p.key] = cloneJson(o.value ?? null);
      else (p.container as unknown[])[Number(p.key)] = cloneJson(o.value ?? null);
      return undefined;
    }
    case 'move': {
      const r = remove(doc, from, 'move');
      if (!r.ok) return `move operation does not apply: doc is missing from path: ${from}: missing value`;
      return add(doc, path, r.value);
    }
    case 'copy': {
      const p = findParent(doc, from);
      const v = p ? get(p.container, p.key) : undefined;
      if (v === undefined) return `copy operation does not apply: doc is missing from path: ${from}: missing value`;
      return add(doc, path, cloneJson(v));
    }
    case 'test': {
      const p = path === '' ? { container: { '': doc.root }, key: '' } : findParent(doc, path);
      const v = p ? get(p.container, p.key) : undefined;
      if (v === undefined && o.value === undefined) return undefined;
      return deepEqual(v ?? null, o.value ?? null) ? undefined : `testing value ${path} failed: test failed`;
    }
    default:
      return `Unexpected kind: ${kind}`;
  }
}

/** Patch.Apply: the operations in order on a copy; the first failing one stops it. */
export function jsonPatch(doc: unknown, ops: unknown[]): PatchResult {
  const d = { root: cloneJson(doc) };
  for (const o of ops) {
    const err = applyOne(d, isMap(o) ? (o as Operation) : {});
    if (err) return { ok: false, error: err };
  }
  return { ok: true, value: d.root };
}
