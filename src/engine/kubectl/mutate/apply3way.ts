// Client-side apply of one object that already exists (kubectl apply's Patcher): the
// three-way strategic merge patch between the last applied configuration, the new
// configuration (carrying its own last-applied annotation) and the live object, applied the
// way the API server applies a strategic merge patch, then written as an update.

import type { ResourceInfo } from '../../api/resources.ts';
import type { KubeObject } from '../../api/types.ts';
import type { Simulation } from '../../simulation.ts';
import { marshalCompact } from '../../format/gojson.ts';
import type { DryRun } from './dryRun.ts';
import { type KError, plainError, statusError } from './errors.ts';
import { originalConfiguration, withLastApplied } from './lastApplied.ts';
import { patchSchemaFor } from './patchMeta.ts';
import { PatchError, createThreeWayMergePatch, strategicMergePatch } from './smpMerge.ts';

export type PatchOutcome =
  | { ok: true; changed: false; object: KubeObject }
  | { ok: true; changed: true; object: KubeObject; patch: string }
  | { ok: false; error: KError };

/** info.String(): how kubectl names the object in a failed patch's message. */
function infoString(r: ResourceInfo, namespace: string, name: string): string {
  const gv = r.group ? `${r.group}/${r.version}` : r.version;
  return `Resource: "${r.group}/${r.version}, Resource=${r.resource}", GroupVersionKind: "${gv}, Kind=${r.kind}"\nName: "${name}", Namespace: "${namespace}"`;
}

/** The patch kubectl would send for `config` against `live` ('{}' when nothing changes). */
export function applyPatch(config: KubeObject, live: KubeObject): Record<string, unknown> {
  const modified = withLastApplied(config) as unknown as Record<string, unknown>;
  return createThreeWayMergePatch(originalConfiguration(live) ?? null, modified, live as unknown as Record<string, unknown>, patchSchemaFor(live.kind));
}

export function applyToLive(
  sim: Simulation,
  resource: ResourceInfo,
  config: KubeObject,
  live: KubeObject,
  opts: { dryRun: DryRun; source: string; actor: string },
): PatchOutcome {
  let patch: Record<string, unknown>;
  let merged: Record<string, unknown>;
  try {
    patch = applyPatch(config, live);
    if (Object.keys(patch).length === 0) return { ok: true, changed: false, object: live };
    merged = strategicMergePatch(live as unknown as Record<string, unknown>, patch, patchSchemaFor(live.kind));
  } catch (e) {
    if (e instanceof PatchError) return { ok: false, error: plainError(e.message) };
    throw e;
  }
  const patchText = marshalCompact(patch);
  const r = sim.api.update(resource.resource, merged as unknown as KubeObject, { actor: opts.actor, dryRun: opts.dryRun === 'server' });
  if (!r.ok) {
    // Patcher.Patch adds `error when patching "x.yaml"`, apply adds the patch and the object.
    const name = live.metadata.name ?? '';
    const ns = live.metadata.namespace ?? '';
    const prefix = `error when applying patch:\n${patchText}\nto:\n${infoString(resource, ns, name)}\nfor: "${opts.source}": error when patching "${opts.source}": `;
    return { ok: false, error: statusError({ ...r.status, message: prefix + r.status.message }) };
  }
  return { ok: true, changed: true, object: r.object, patch: patchText };
}
