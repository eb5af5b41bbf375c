// One `kubectl patch` request: what the API server's PATCH handler does with it
// (apiserver endpoints/handlers/patch.go: decode the patch — strictly, as the default
// fieldValidation=Warn does —, apply it to the stored object, check the name, then the
// ordinary update with its validation), and what kubectl does locally for --dry-run=client
// and --local (getPatchedJSON). Errors come back as kubectl prints them.

import { deepEqual } from '../../api/deepEqual.ts';
import { failure } from '../../api/status.ts';
import type { KubeObject } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import { type KError, plainError, statusError } from './errors.ts';
import { jsonPatch, mergePatch } from './patchJson.ts';
import { patchSchemaFor } from './patchMeta.ts';
import { goJsonKind, goJsonParse } from './patchParse.ts';
import { missingMergeKey } from './patchKeys.ts';
import { PatchError, strategicMergePatch } from './smpMerge.ts';
import type { Target } from './targets.ts';

export type PatchType = 'strategic' | 'merge' | 'json';

/** An error kubectl prints as `Error from server: …` (a Go error the server wrapped as a 500). */
export type PatchFailure = KError | { kind: 'server'; message: string };

export type PatchResult = { ok: true; object: KubeObject; changed: boolean } | { ok: false; error: PatchFailure };

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const badRequest = (message: string): PatchFailure => statusError(failure('BadRequest', message).status);

/** NewGenericServerResponse(422): what a JSON patch that does not apply gets. */
const GENERIC_INVALID: PatchFailure = statusError({ ...failure('Invalid', 'the server rejected our request due to an error in our request').status, details: {} });

/** Decodes the patch as the handler does before applying it. */
function decodeOnServer(type: PatchType, json: string): { ok: true; patch: unknown } | { ok: false; error: PatchFailure } {
  const parsed = goJsonParse(json);
  const prefix = type === 'strategic' ? '' : 'error decoding patch: ';
  if (!parsed.ok) return { ok: false, error: badRequest(prefix + parsed.error) };
  const v = parsed.value;
  if (type === 'json') {
    if (v === null) return { ok: true, patch: [] };
    if (!Array.isArray(v)) return { ok: false, error: badRequest(`${prefix}json: cannot unmarshal ${goJsonKind(v)} into Go value of type []handlers.jsonPatchOp`) };
    for (const op of v) {
      if (op !== null && !isMap(op)) return { ok: false, error: badRequest(`${prefix}json: cannot unmarshal ${goJsonKind(op)} into Go value of type handlers.jsonPatchOp`) };
      for (const f of ['op', 'path', 'from']) {
        const fv = op?.[f];
        if (fv !== undefined && fv !== null && typeof fv !== 'string') {
          return { ok: false, error: badRequest(`${prefix}json: cannot unmarshal ${goJsonKind(fv)} into Go struct field jsonPatchOp.${f} of type string`) };
        }
      }
    }
    return { ok: true, patch: v };
  }
  if (v === null) return { ok: true, patch: {} };
  if (!isMap(v)) return { ok: false, error: badRequest(`${prefix}json: cannot unmarshal ${goJsonKind(v)} into Go value of type map[string]interface {}`) };
  return { ok: true, patch: v };
}

/** The patched object, or the error applying the patch gives (server side). */
function applyOnServer(type: PatchType, live: KubeObject, patch: unknown): { ok: true; obj: unknown } | { ok: false; error: PatchFailure } {
  const doc = live as unknown as Json;
  if (type === 'merge') return { ok: true, obj: mergePatch(doc, patch) };
  if (type === 'json') {
    const r = jsonPatch(doc, patch as unknown[]);
    return r.ok ? { ok: true, obj: r.value } : { ok: false, error: GENERIC_INVALID };
  }
  const schema = patchSchemaFor(live.kind);
  const missing = missingMergeKey(patch as Json, schema);
  if (missing) return { ok: false, error: { kind: 'server', message: missing } };
  try {
    return { ok: true, obj: strategicMergePatch(doc, patch as Json, schema) };
  } catch (e) {
    if (e instanceof PatchError) return { ok: false, error: badRequest(e.message) };
    throw e;
  }
}

/** PATCH of one live object (dry-run=server: validated, not stored). */
export function patchOnServer(sim: Simulation, t: Target, type: PatchType, json: string, opts: { dryRun: boolean; status: boolean }): PatchResult {
  const live = sim.api.get(t.resource.resource, t.namespace, t.name);
  if (!live) return { ok: false, error: statusError(failure('NotFound', `${sim.api.qualified(t.resource.resource)} "${t.name}" not found`).status) };
  const decoded = decodeOnServer(type, json);
  if (!decoded.ok) return decoded;
  const applied = applyOnServer(type, live, decoded.patch);
  if (!applied.ok) return applied;
  if (!isMap(applied.obj)) return { ok: false, error: GENERIC_INVALID };
  const obj = applied.obj as unknown as KubeObject;
  const meta = isMap(obj.metadata) ? obj.metadata : (obj.metadata = {});
  // checkName and EnsureObjectNamespaceMatchesRequestNamespace (an unset field is filled in).
  if ((meta.name ?? '') !== t.name) {
    return { ok: false, error: badRequest(`the name of the object (${meta.name ?? ''}) does not match the name on the URL (${t.name})`) };
  }
  if (t.namespace && meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== t.namespace) {
    return { ok: false, error: badRequest('the namespace of the provided object does not match the namespace sent on the request') };
  }
  const write = opts.status ? sim.api.updateStatus.bind(sim.api) : sim.api.update.bind(sim.api);
  const r = write(t.resource.resource, obj, { actor: 'kubectl-patch', dryRun: opts.dryRun });
  if (!r.ok) return { ok: false, error: statusError(r.status) };
  return { ok: true, object: r.object, changed: !deepEqual(live, r.object) };
}

/** getPatchedJSON: the patch applied by kubectl itself to the object it read (or the file's). */
export function patchLocally(obj: KubeObject, type: PatchType, json: string): PatchResult {
  const parsed = goJsonParse(json);
  const doc = obj as unknown as Json;
  let out: unknown;
  if (type === 'json') {
    if (!parsed.ok || !(Array.isArray(parsed.value) || parsed.value === null)) {
      const kind = parsed.ok ? goJsonKind(parsed.value) : '';
      return { ok: false, error: plainError(parsed.ok ? `json: cannot unmarshal ${kind} into Go value of type jsonpatch.Patch` : parsed.error) };
    }
    const r = jsonPatch(doc, (parsed.value ?? []) as unknown[]);
    if (!r.ok) {
      // kubectl's "doc is missing key" rewording keeps everything after `key: `.
      const ix = r.error.indexOf('key:');
      return { ok: false, error: plainError(r.error.includes('doc is missing key') ? `Object to be patched is missing field (${r.error.slice(ix + 5)})` : r.error) };
    }
    out = r.value;
  } else if (type === 'merge') {
    if (!parsed.ok) return { ok: false, error: plainError('Invalid JSON Patch') };
    out = mergePatch(doc, parsed.value);
  } else {
    if (!parsed.ok || !(isMap(parsed.value) || parsed.value === null)) return { ok: false, error: plainError('invalid JSON document') };
    const schema = patchSchemaFor(obj.kind);
    const patch = (parsed.value ?? {}) as Json;
    const missing = missingMergeKey(patch, schema);
    if (missing) return { ok: false, error: plainError(missing) };
    try {
      out = strategicMergePatch(doc, patch, schema);
    } catch (e) {
      if (e instanceof PatchError) return { ok: false, error: plainError(e.message) };
      throw e;
    }
  }
  if (!isMap(out)) return { ok: false, error: plainError('Object is not a map') };
  return { ok: true, object: out as unknown as KubeObject, changed: !deepEqual(obj, out) };
}
