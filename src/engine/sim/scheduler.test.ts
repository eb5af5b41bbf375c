import { describe, expect, it } from 'vitest';
import { VirtualClock } from './clock.ts';
import { createRng } from './rng.ts';
import { Scheduler } from './scheduler.ts';

describe('Scheduler', () => {
  it('runs tasks in time order, FIFO within the same time', () => {
    const clock = new VirtualClock(0);
    const s = new Scheduler(clock);
    const log: string[] = [];
    s.after(20, () => log.push(`b@${clock.now()}`));
    s.after(10, () => log.push(`a@${clock.now()}`));
    s.after(20, () => log.push(`c@${clock.now()}`));
    s.after(0, () => {
      log.push(`z@${clock.now()}`);
      s.after(5, () => log.push(`nested@${clock.now()}`));
    });
    expect(s.settle(1000)).toEqual({ ran: 5, quiet: true });
    expect(log).toEqual(['z@0', 'nested@5', 'a@10', 'b@20', 'c@20']);
  });

  it('settle ignores background work but runs it when time passes it', () => {
    const clock = new VirtualClock(0);
    const s = new Scheduler(clock);
    const log: number[] = [];
    const tick = () => {
      log.push(clock.now());
      s.after(30_000, tick, { background: true });
    };
    s.after(30_000, tick, { background: true });
    s.after(1000, () => log.push(-1));
    expect(s.settle(600_000).quiet).toBe(true);
    expect(log).toEqual([-1]);
    expect(clock.now()).toBe(1000);
    s.runUntil(95_000);
    expect(log).toEqual([-1, 30_000, 60_000, 90_000]);
    expect(clock.now()).toBe(95_000);
  });

  it('settle stops at the limit when work never ends', () => {
    const clock = new VirtualClock(0);
    const s = new Scheduler(clock);
    const loop = () => s.after(1000, loop);
    loop();
    expect(s.settle(10_000).quiet).toBe(false);
    expect(clock.now()).toBe(10_000);
  });

  it('cancelled tasks do not run and do not keep settle busy', () => {
    const clock = new VirtualClock(0);
    const s = new Scheduler(clock);
    let ran = false;
    s.after(10, () => (ran = true)).cancel();
    expect(s.busy()).toBe(false);
    s.settle(100);
    expect(ran).toBe(false);
  });
});

describe('VirtualClock', () => {
  it('formats virtual time as RFC 3339 with second precision', () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 21, 9, 0, 0));
    expect(clock.timestamp()).toBe('2026-11-21T09:00:00Z');
    clock.advanceTo(61_999);
    expect(clock.timestamp()).toBe('2026-11-21T09:01:01Z');
    expect(clock.parse('2026-11-21T09:01:01Z')).toBe(61_000);
  });
});

describe('Rng', () => {
  it('is deterministic per seed and forks independently', () => {
    const a = createRng(42), b = createRng(42);
    const seqA = Array.from({ length: 5 }, () => a.int(1000));
    const seqB = Array.from({ length: 5 }, () => b.int(1000));
    expect(seqA).toEqual(seqB);
    expect(createRng(43).int(1_000_000)).not.toBe(createRng(42).int(1_000_000));
    expect(a.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.string('bcdfghjklmnpqrstvwxz2456789', 5)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('draws uniformly enough for load balancing (chi-square over 10 buckets)', () => {
    const r = createRng(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.int(10)]!++;
    const chi = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi).toBeLessThan(27.9); // p = 0.001 for 9 degrees of freedom
  });
});
