// Test support: a Simulation with only a clock, for printers that read nothing else.

import { VirtualClock } from '../../sim/clock.ts';
import type { Simulation } from '../../simulation.ts';

/** The default scenario's epoch (2026-11-21T09:00:00Z); `nowMs` of virtual time has passed. */
export function clockOnlySim(nowMs: number): Simulation {
  const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
  clock.advanceTo(nowMs);
  return { clock } as unknown as Simulation;
}
