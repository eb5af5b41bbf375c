// What `kubectl label` and `kubectl annotate` share: finding the objects (always re-read
// from the server, Builder.Latest), and writing a changed labels/annotations map back as the
// JSON merge patch they send, which the API server applies to the live object.

import { cloneJson } from '../../api/deepEqual.ts';
import type { KubeObject } from '../../api/types.ts';
import { marshalCompact } from '../../format/gojson.ts';
import { flagBool, flagString } from '../flags.ts';
import type { Invocation } from '../types.ts';
import type { DryRun } from './dryRun.ts';
import { type KError, statusError } from './errors.ts';
import { utf8Length } from '../../api/labels.ts';
import { readManifests } from './files.ts';
import { streamsToInfos } from './infos.ts';
import { type Target, type TargetResult, resolveTargets, targetNotFound } from './targets.ts';

export type MapField = 'labels' | 'annotations';

/** Resolves the objects of label/annotate: TYPE NAME…, TYPE/NAME, -l, --all, -A or -f. */
export function metaTargets(inv: Invocation, resources: string[]): TargetResult {
  const selector = flagString(inv.flags, 'selector');
  const all = flagBool(inv.flags, 'all');
  return resolveTargets(inv, resources, {
    ...(selector !== undefined ? { selector } : {}),
    all,
    allNamespaces: flagBool(inv.flags, 'all-namespaces'),
    allowEmptySelector: all,
  });
}

/** --local: the objects of the -f files themselves; the server is never asked. */
export function localTargets(inv: Invocation, filenames: string[]): TargetResult {
  const read = readManifests(inv, filenames, flagBool(inv.flags, 'recursive'));
  if (!read.ok) return { ok: false, errors: read.errors };
  const { infos, errors } = streamsToInfos(read.streams, { namespace: inv.namespace, enforceNamespace: inv.namespaceExplicit, validate: false });
  const targets = infos.map((i) => ({ resource: i.resource, namespace: i.namespace, name: i.name, obj: i.obj, source: i.source }));
  return { ok: true, targets, errors, singleItemImplied: read.singleItemImplied, bySelector: false };
}

/** A copy of the object with `field` set to `values` (an empty map disappears, as omitempty). */
export function withMap(obj: KubeObject, field: MapField, values: Record<string, string>): KubeObject {
  const copy = cloneJson(obj);
  if (Object.keys(values).length > 0) copy.metadata[field] = values;
  else delete copy.metadata[field];
  return copy;
}

/** Byte length of the object's JSON (label compares old and new sizes to word its message). */
export const jsonSize = (obj: KubeObject): number => utf8Length(marshalCompact(obj));

/**
 * Sends the change of `field` (a merge patch of that map) to the live object. `resourceVersion`
 * set: the patch carries it, so the write fails with a Conflict when the object moved on.
 */
export function patchMap(
  inv: Invocation,
  t: Target,
  field: MapField,
  before: Record<string, string>,
  after: Record<string, string>,
  opts: { dryRun: DryRun; actor: string; resourceVersion?: string },
): { ok: true; object: KubeObject } | { ok: false; error: KError } {
  const live = inv.sim.api.get(t.resource.resource, t.namespace, t.name);
  if (!live) return { ok: false, error: targetNotFound(inv, t) };
  const current = { ...(live.metadata[field] ?? {}) };
  for (const k of Object.keys(before)) if (!(k in after)) delete current[k];
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) current[k] = v;
  const next = withMap(live, field, current);
  if (opts.resourceVersion) next.metadata.resourceVersion = opts.resourceVersion;
  const r = inv.sim.api.update(t.resource.resource, next, { actor: opts.actor, dryRun: opts.dryRun === 'server' });
  return r.ok ? { ok: true, object: r.object } : { ok: false, error: statusError(r.status) };
}

/** `kind.group/name` as the --list header names an object (Go's GroupVersionKind fields). */
export function listHeader(what: string, obj: KubeObject): string {
  const slash = obj.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : obj.apiVersion.slice(0, slash);
  return `Listing ${what} for ${obj.kind}.${group}/${obj.metadata.name ?? ''}:\n`;
}
