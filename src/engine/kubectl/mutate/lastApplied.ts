// The `kubectl.kubernetes.io/last-applied-configuration` annotation of client-side apply
// (k8s.io/kubectl/pkg/util/apply.go): the object as applied, without that annotation,
// encoded as compact JSON with sorted keys and a trailing newline (json.Encoder).

import { cloneJson } from '../../api/deepEqual.ts';
import type { KubeObject } from '../../api/types.ts';
import { marshalCompact } from '../../format/gojson.ts';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The object without the last-applied annotation. kubectl sets the remaining annotations back
 * as a map even when it is empty, so the value always carries `"annotations":{}` or more.
 */
function withoutAnnotation(obj: KubeObject): KubeObject {
  const copy = cloneJson(obj);
  const annotations = { ...(copy.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  copy.metadata = { ...(copy.metadata ?? {}), annotations };
  return copy;
}

/** GetModifiedConfiguration(obj, false): the annotation's value for this object. */
export function lastAppliedValue(obj: KubeObject): string {
  return `${marshalCompact(withoutAnnotation(obj))}\n`;
}

/** CreateApplyAnnotation: a copy of the object carrying its own last-applied annotation. */
export function withLastApplied(obj: KubeObject): KubeObject {
  const value = lastAppliedValue(obj);
  const copy = cloneJson(obj);
  copy.metadata = { ...(copy.metadata ?? {}), annotations: { ...(copy.metadata?.annotations ?? {}), [LAST_APPLIED]: value } };
  return copy;
}

/** CreateOrUpdateAnnotation(createAnnotation, obj): --save-config, or refresh an existing one. */
export function createOrUpdateAnnotation(create: boolean, obj: KubeObject): KubeObject {
  if (create || obj.metadata?.annotations?.[LAST_APPLIED]) return withLastApplied(obj);
  return obj;
}

/** The last-applied configuration of a live object, decoded (undefined when absent or bad). */
export function originalConfiguration(obj: KubeObject): Record<string, unknown> | undefined {
  const text = obj.metadata?.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** pruneNullsFromMap: what client-side apply removes before creating. */
export function pruneNulls<T>(v: T): T {
  if (Array.isArray(v)) return v.map(pruneNulls) as T;
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = pruneNulls(x);
    return out as T;
  }
  return v;
}
