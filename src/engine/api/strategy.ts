// Per-kind behaviour of the API server's REST layer (the equivalent of the registry
// strategies in kubernetes pkg/registry/*/strategy.go): defaulting, allocation, validation,
// and what an update may change. Implementations live in ./kinds/.

import type { Clock } from '../sim/clock.ts';
import type { Rng } from '../sim/rng.ts';
import type { KubeObject } from './types.ts';

/** One validation failure, as field.Error in apimachinery. */
export interface FieldError {
  /** e.g. "spec.ports[0].port" */
  field: string;
  type: 'Invalid' | 'Required' | 'Duplicate' | 'NotSupported' | 'Forbidden' | 'TooLong' | 'TooMany' | 'NotFound';
  /** The offending value as the message prints it (already formatted, e.g. `"Foo"` or `0`). */
  value?: string;
  detail?: string;
}

/** What a strategy may read while it runs. */
export interface StrategyContext {
  clock: Clock;
  rng: Rng;
  /** Look up other objects (e.g. a Node for a pod binding). */
  get(resource: string, namespace: string, name: string): KubeObject | undefined;
}

export interface Strategy {
  /** Defaulting and allocation before validation (may mutate `obj`, a private copy). */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): FieldError[] | void;
  validateCreate?(obj: KubeObject, ctx: StrategyContext): FieldError[];
  /** Carry over what an update may not change; defaulting of the new object. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[] | void;
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /** Release what the object held (cluster IPs, node ports) once it is gone. */
  afterDelete?(obj: KubeObject, ctx: StrategyContext): void;
  /** The kind has a status subresource: updates ignore status, updateStatus only status. */
  statusSubresource?: boolean;
  /** metadata.generation is kept and bumped on spec changes. */
  generation?: boolean;
  /** Default grace period on delete (pods: the pod's terminationGracePeriodSeconds). */
  gracefulDelete?(obj: KubeObject): number | undefined;
}
