// The simulated world: one cluster with its API server, controllers and clock.
// Everything here is deterministic for a given scenario and seed.

import type { ApiServer } from './api/store.ts';
import type { Network } from './network/index.ts';
import type { KubeProxies } from './proxy/index.ts';
import type { VirtualClock } from './sim/clock.ts';
import type { Journal } from './sim/journal.ts';
import type { PodLogs } from './sim/podLogs.ts';
import type { Rng } from './sim/rng.ts';
import type { Scheduler } from './sim/scheduler.ts';
import type { Scenario } from './scenario/types.ts';

export interface SettleResult {
  /** No foreground work left (false: the limit was reached, e.g. a crash loop). */
  quiet: boolean;
  /** Virtual milliseconds that passed. */
  elapsedMs: number;
}

export interface Simulation {
  readonly clock: VirtualClock;
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly journal: Journal;
  readonly api: ApiServer;
  /** Container logs (kubectl logs). */
  readonly logs: PodLogs;
  /** Network namespaces, routing and each node's netfilter. */
  readonly network: Network;
  /** kube-proxy on every node (undefined when the scenario runs without it). */
  readonly kubeProxies: KubeProxies | undefined;
  readonly scenario: Scenario;
  readonly seed: number;
  /** Runs the cluster until controllers are quiet (at most `limitMs` of virtual time). */
  settle(limitMs?: number): SettleResult;
  /** Lets `ms` of virtual time pass, running whatever falls due. */
  advance(ms: number): void;
}

/** How long one settle may run in virtual time before giving up on quiet. */
export const DEFAULT_SETTLE_LIMIT_MS = 10 * 60_000;
