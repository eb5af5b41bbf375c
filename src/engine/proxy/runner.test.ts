import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../sim/clock.ts';
import { Scheduler } from '../sim/scheduler.ts';
import { BoundedFrequencyRunner } from './runner.ts';

function setup(burst = 2) {
  const clock = new VirtualClock(0);
  const scheduler = new Scheduler(clock);
  const runs: number[] = [];
  const r = new BoundedFrequencyRunner(scheduler, () => clock.now(), () => runs.push(clock.now()), 1000, 3_600_000, burst, 'test');
  return { clock, scheduler, runs, r };
}

describe('BoundedFrequencyRunner (KP-22 minSyncPeriod 1s, burstSyncs 2)', () => {
  it('[KP-22] a request before Loop waits for it, then runs at once', () => {
    const { scheduler, runs, r } = setup();
    r.run();
    scheduler.settle(10_000);
    expect(runs).toEqual([]);
    r.loop();
    scheduler.settle(10_000);
    expect(runs).toEqual([0]);
  });

  it('[KP-22] two syncs may burst, further ones wait for the minimum interval', () => {
    const { clock, scheduler, runs, r } = setup();
    r.loop();
    r.run();
    scheduler.runUntil(10);
    r.run();
    scheduler.runUntil(20);
    r.run();
    scheduler.runUntil(30);
    r.run(); // coalesces with the pending one
    expect(runs).toEqual([0, 10]);
    expect(scheduler.busy()).toBe(true); // a foreground timer: settle() waits for it
    scheduler.settle(10_000);
    expect(runs).toEqual([0, 10, 1010]);
    expect(clock.now()).toBe(1010);
  });

  it('[KP-22] requests a second apart all run immediately', () => {
    const { scheduler, runs, r } = setup();
    r.loop();
    for (const t of [0, 1000, 2000, 3000]) {
      scheduler.runUntil(t);
      r.run();
      scheduler.settle(10);
    }
    expect(runs).toEqual([0, 1000, 2000, 3000]);
  });

  it('[KP-22] without requests the function runs every maxInterval, in the background', () => {
    const { scheduler, runs, r } = setup();
    r.loop();
    expect(scheduler.busy()).toBe(false);
    scheduler.runUntil(3 * 3_600_000);
    expect(runs).toEqual([3_600_000, 7_200_000, 10_800_000]);
  });

  it('[KP-23] RetryAfter pulls the timer in', () => {
    const { scheduler, runs, r } = setup();
    r.loop();
    r.retryAfter(30_000, false);
    scheduler.settle(60_000);
    expect(runs).toEqual([30_000]);
  });

  it('stop cancels everything', () => {
    const { scheduler, runs, r } = setup();
    r.loop();
    r.run();
    r.stop();
    scheduler.runUntil(10 * 3_600_000);
    expect(runs).toEqual([]);
  });
});
