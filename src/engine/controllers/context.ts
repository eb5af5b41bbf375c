// What every controller, kubelet and kube-proxy is given: the shared API server and the
// simulation's clock, scheduler, randomness and journal.

import type { ApiServer } from '../api/store.ts';
import type { VirtualClock } from '../sim/clock.ts';
import type { Journal } from '../sim/journal.ts';
import type { PodLogs } from '../sim/podLogs.ts';
import type { Rng } from '../sim/rng.ts';
import type { Scheduler } from '../sim/scheduler.ts';
import type { Simulation } from '../simulation.ts';

export interface ControllerContext {
  api: ApiServer;
  clock: VirtualClock;
  scheduler: Scheduler;
  rng: Rng;
  journal: Journal;
  /** Container logs the kubelet's containers write to (absent in controller-only tests). */
  logs?: PodLogs;
  /** The whole simulation, for kubelet probes sent through the network (absent in controller-only tests). */
  sim?: Simulation;
}
