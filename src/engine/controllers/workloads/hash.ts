// Name hashes the apps controllers put into object names and labels: pod-template-hash
// (controller.ComputeHash: FNV-32a of the pod template plus the collision count) and the
// DaemonSet's controller-revision-hash (history.HashControllerRevision: FNV-32 of the
// ControllerRevision patch). Both are printed with rand.SafeEncodeString.

import { utf8Bytes } from '../../util/sha256.ts';
import type { PodTemplateSpec } from '../../api/types.ts';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export function fnv32a(bytes: Uint8Array, seed = FNV_OFFSET): number {
  let h = seed;
  for (const b of bytes) h = Math.imul(h ^ b, FNV_PRIME) >>> 0;
  return h >>> 0;
}

export function fnv32(bytes: Uint8Array, seed = FNV_OFFSET): number {
  let h = seed;
  for (const b of bytes) h = (Math.imul(h, FNV_PRIME) ^ b) >>> 0;
  return h >>> 0;
}

// k8s.io/apimachinery/pkg/util/rand: no vowels (no words) and no confusable 0/1/3.
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** rand.SafeEncodeString: each byte maps to alphabet[byte % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/**
 * JSON as Go's encoding/json writes a map: keys sorted, `<`, `>` and `&` escaped. Used so that
 * the same object always hashes the same, whatever order its YAML listed the fields in.
 */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${canonicalJson(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** controller.ComputeHash: the pod-template-hash of a Deployment's template. */
export function computeTemplateHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32a(utf8Bytes(canonicalJson(template)));
  if (collisionCount !== undefined) {
    // binary.LittleEndian.PutUint32 into an 8-byte slice: the upper 4 bytes stay zero.
    const c = collisionCount >>> 0;
    h = fnv32a(Uint8Array.from([c & 255, (c >>> 8) & 255, (c >>> 16) & 255, c >>> 24, 0, 0, 0, 0]), h);
  }
  return safeEncodeString(String(h));
}

/**
 * The DaemonSet's controller-revision-hash: FNV-32 of the revision's raw patch
 * `{"spec":{"template":{…,"$patch":"replace"}}}` (json.Marshal of a map: sorted keys), with
 * the fields the API always serialises (`creationTimestamp: null`, `resources: {}`) present.
 */
export function computeDaemonSetHash(template: PodTemplateSpec, collisionCount?: number): string {
  const containers = (template.spec.containers ?? []).map((c) => ({ resources: {}, ...c }));
  const t = {
    ...template,
    metadata: { creationTimestamp: null, ...template.metadata },
    spec: { ...template.spec, containers },
    $patch: 'replace',
  };
  let h = fnv32(utf8Bytes(canonicalJson({ spec: { template: t } })));
  if (collisionCount !== undefined) h = fnv32(utf8Bytes(String(collisionCount)), h);
  return safeEncodeString(String(h));
}
