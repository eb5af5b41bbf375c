// Waiting the way kubectl waits (delete's --wait, drain, rollout status): the cluster runs on
// virtual time, so "waiting" means letting the simulation run, task by task, until the
// condition holds, and no further. Gives up when nothing is left to run or at the limit.

import { DEFAULT_SETTLE_LIMIT_MS, type Simulation } from '../../simulation.ts';

const MAX_STEPS = 1_000_000;

/** Runs the simulation until `done()` holds; true when it did. */
export function waitUntil(sim: Simulation, done: () => boolean, limitMs = DEFAULT_SETTLE_LIMIT_MS): boolean {
  const deadline = sim.clock.now() + limitMs;
  for (let steps = 0; !done(); steps++) {
    const next = sim.scheduler.nextAt();
    if (next === undefined || next > deadline || steps >= MAX_STEPS) return false;
    sim.advance(Math.max(0, next - sim.clock.now()));
  }
  return true;
}
