// The page's clock: real time → virtual time at a chosen speed, in bounded slices so each
// frame's engine work ends in time for the next batch. When the engine cannot keep up (a
// Deployment scaled to thousands of replicas), virtual time runs slower instead of the
// frames stopping: what was not reached in a frame is not owed later.

import type { Simulation } from '../engine/simulation.ts';

export const MIN_SPEED = 0.25;
export const MAX_SPEED = 4;
/** A frame never advances more than this much real time (a hidden tab's long pause is not replayed). */
export const MAX_FRAME_MS = 100;

export const clampSpeed = (s: number): number => (Number.isFinite(s) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, s)) : 1);

/**
 * Lets up to `ms` of virtual time pass, task by task, until `deadline` (real ms on `realNow`'s
 * clock) is passed; tasks due at the same instant may be spread over several frames, in the
 * order they would run anyway. Returns the virtual milliseconds that passed.
 */
export function advanceWithin(sim: Simulation, ms: number, realNow: () => number, deadline: number): number {
  const start = sim.clock.now();
  const target = start + ms;
  while (sim.scheduler.runNext(target)) {
    if (realNow() >= deadline) return sim.clock.now() - start;
  }
  sim.scheduler.runUntil(target);
  return sim.clock.now() - start;
}
