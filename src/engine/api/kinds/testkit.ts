// Test support: drives one strategy through create and update the way the API server's store
// does (server-owned metadata, generation, status subresource, release on failure), without the
// rest of the store. Used by the tests beside this file.

import { VirtualClock } from '../../sim/clock.ts';
import { type Rng, createRng } from '../../sim/rng.ts';
import { cloneJson, deepEqual } from '../deepEqual.ts';
import type { FieldError, Strategy, StrategyContext } from '../strategy.ts';
import type { KubeObject } from '../types.ts';

export const EPOCH = 1768467600000; // 2026-01-15T09:00:00Z

export function testContext(seed = 1, rng: Rng = createRng(seed)): StrategyContext {
  return { clock: new VirtualClock(EPOCH), rng, get: () => undefined };
}

export type Outcome = { ok: true; object: KubeObject } | { ok: false; errs: FieldError[] };

export function create(strategy: Strategy, input: KubeObject, ctx: StrategyContext, namespaced = true): Outcome {
  const obj = cloneJson(input);
  const meta = obj.metadata;
  if (namespaced) meta.namespace ??= 'default';
  delete meta.uid;
  delete meta.resourceVersion;
  meta.creationTimestamp = ctx.clock.timestamp();
  if (strategy.generation) meta.generation = 1;
  else delete meta.generation;
  let errs = strategy.prepareForCreate?.(obj, ctx) ?? [];
  if (errs.length === 0) errs = strategy.validateCreate?.(obj, ctx) ?? [];
  if (errs.length) {
    strategy.afterDelete?.(obj, ctx);
    return { ok: false, errs };
  }
  meta.uid = ctx.rng.uuid();
  meta.resourceVersion = '1';
  return { ok: true, object: obj };
}

export function update(strategy: Strategy, input: KubeObject, old: KubeObject, ctx: StrategyContext): Outcome {
  const obj = cloneJson(input);
  if (strategy.statusSubresource) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  const meta = obj.metadata;
  for (const k of ['name', 'namespace', 'uid', 'creationTimestamp', 'generation'] as const) {
    if (old.metadata[k] === undefined) delete meta[k];
    else (meta as Record<string, unknown>)[k] = old.metadata[k];
  }
  const errs = [...(strategy.prepareForUpdate?.(obj, old, ctx) ?? []), ...(strategy.validateUpdate?.(obj, old, ctx) ?? [])];
  if (errs.length) return { ok: false, errs };
  if (strategy.generation && !deepEqual(obj.spec, old.spec)) meta.generation = (old.metadata.generation ?? 0) + 1;
  return { ok: true, object: obj };
}

/** The created object, or a thrown error listing what failed (tests that expect success). */
export function created(strategy: Strategy, input: KubeObject, ctx: StrategyContext, namespaced = true): KubeObject {
  const r = create(strategy, input, ctx, namespaced);
  if (!r.ok) throw new Error(`create failed: ${JSON.stringify(r.errs)}`);
  return r.object;
}

export function rejected(r: Outcome): FieldError[] {
  if (r.ok) throw new Error(`expected a rejection, got ${JSON.stringify(r.object)}`);
  return r.errs;
}

/** The updated object, or a thrown error listing what failed (tests that expect success). */
export function updated(strategy: Strategy, input: KubeObject, old: KubeObject, ctx: StrategyContext): KubeObject {
  const r = update(strategy, input, old, ctx);
  if (!r.ok) throw new Error(`update failed: ${JSON.stringify(r.errs)}`);
  return r.object;
}
