// The engine's only public entry: createSimulation(options).

import { createStrategies } from './api/kinds/index.ts';
import { ApiServer } from './api/store.ts';
import type { ControllerContext } from './controllers/context.ts';
import { startControllers } from './controllers/index.ts';
import { createNetwork, type Network } from './network/index.ts';
import { startKubeProxies, type KubeProxies } from './proxy/index.ts';
import { bootstrap } from './scenario/bootstrap.ts';
import { loadScenario } from './scenario/loader.ts';
import type { Scenario } from './scenario/types.ts';
import { VirtualClock } from './sim/clock.ts';
import { Journal } from './sim/journal.ts';
import { PodLogs } from './sim/podLogs.ts';
import { createRng } from './sim/rng.ts';
import { Scheduler } from './sim/scheduler.ts';
import { DEFAULT_SETTLE_LIMIT_MS, type Simulation } from './simulation.ts';

export type { Simulation } from './simulation.ts';
export type { Scenario } from './scenario/types.ts';
export { loadScenario } from './scenario/loader.ts';

export interface SimulationOptions {
  /** A loaded scenario, or the text of a scenario file. */
  scenario: Scenario | string;
  seed?: number;
  /** Settle once after bootstrapping, so the cluster starts in its steady state (default true). */
  settle?: boolean;
  /** Run kube-proxy on the nodes (default true). */
  kubeProxy?: boolean;
}

export type CreateResult = { ok: true; sim: Simulation; problems: string[] } | { ok: false; error: string };

export function createSimulation(options: SimulationOptions): CreateResult {
  let scenario: Scenario;
  if (typeof options.scenario === 'string') {
    const loaded = loadScenario(options.scenario);
    if (!loaded.ok) return { ok: false, error: loaded.error };
    scenario = loaded.scenario;
  } else {
    scenario = options.scenario;
  }
  const seed = options.seed ?? 1;
  const clock = new VirtualClock(scenario.epochMs);
  const scheduler = new Scheduler(clock);
  const rng = createRng(seed);
  const journal = new Journal(() => clock.now());
  const strategies = createStrategies({ serviceCIDR: scenario.serviceCIDR, nodePortRange: scenario.nodePortRange });
  const api = new ApiServer(clock, rng.fork('apiserver'), journal, strategies);
  const logs = new PodLogs(() => clock.now());
  // Filled in below, once the cluster exists (the network follows the API from the start).
  const late: { network?: Network; kubeProxies?: KubeProxies } = {};
  const sim: Simulation = {
    clock,
    logs,
    scheduler,
    rng,
    journal,
    api,
    scenario,
    seed,
    get network() {
      return late.network!;
    },
    get kubeProxies() {
      return late.kubeProxies;
    },
    settle(limitMs = DEFAULT_SETTLE_LIMIT_MS) {
      const start = clock.now();
      const { quiet } = scheduler.settle(limitMs);
      return { quiet, elapsedMs: clock.now() - start };
    },
    advance(ms) {
      scheduler.runUntil(clock.now() + ms);
    },
  };
  startControllers({ api, clock, scheduler, rng: rng.fork('controllers'), journal, logs, sim }, scenario);
  const problems = bootstrap(sim);
  const ctx: ControllerContext = { api, clock, scheduler, rng, journal };
  const network = (late.network = createNetwork(ctx));
  if (options.kubeProxy !== false) {
    late.kubeProxies = startKubeProxies(ctx, { kernel: (n) => network.kernel(n), logs, config: { clusterCIDR: scenario.clusterCIDR } });
  }
  if (options.settle !== false) sim.settle();
  return { ok: true, sim, problems };
}
