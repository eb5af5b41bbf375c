import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../engine/view/types.ts';
import { appendChartWrites, newestPairs, pairWrites, serviceOfSliceName } from './pairWrites.ts';

let seq = 0;
const write = (at: number, resource: string, name: string, bytes: number, verb: 'create' | 'update' | 'delete' = 'update', namespace = 'default'): SimEvent => ({
  kind: 'write', seq: ++seq, at, verb, resource, namespace, name, bytes, actor: resource === 'endpoints' ? 'endpoint-controller' : 'endpointslice-controller',
});

describe('pairWrites', () => {
  it('slice name → service via generateName suffix', () => {
    expect(serviceOfSliceName('auth-service-x7k2p')).toBe('auth-service');
    expect(serviceOfSliceName('auth')).toBeUndefined();
  });

  it('pairs one slice write with the Endpoints write of the same Service at the same moment', () => {
    const events = [
      write(1000, 'pods', 'auth-service-1', 3000),
      write(1000, 'endpointslices', 'auth-service-x7k2p', 21_000),
      write(1000, 'endpoints', 'auth-service', 52_000),
    ];
    const changes = pairWrites(events);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ namespace: 'default', service: 'auth-service', at: 1000, sliceBytes: 21_000, complete: true });
    expect(changes[0]!.endpoints?.bytes).toBe(52_000);
    expect(changes[0]!.slices.map((s) => s.name)).toEqual(['auth-service-x7k2p']);
  });

  it('[ES-4] a scale-up that creates 3 slices is one change with 3 slice writes', () => {
    const events = [
      write(2000, 'endpointslices', 'auth-service-aaaaa', 20_000, 'create'),
      write(2000, 'endpointslices', 'auth-service-bbbbb', 20_000, 'create'),
      write(2000, 'endpointslices', 'auth-service-ccccc', 10_000, 'create'),
      write(2000, 'endpoints', 'auth-service', 50_000),
    ];
    const [c] = pairWrites(events);
    expect(c!.slices).toHaveLength(3);
    expect(c!.sliceBytes).toBe(50_000);
  });

  it('a second write of the same object starts the next change; Services are kept apart', () => {
    const events = [
      write(0, 'endpointslices', 'auth-service-aaaaa', 100),
      write(0, 'endpointslices', 'web-qqqqq', 70),
      write(0, 'endpoints', 'auth-service', 200),
      write(300, 'endpoints', 'web', 90),
      write(500, 'endpointslices', 'auth-service-aaaaa', 110),
      write(500, 'endpoints', 'auth-service', 210),
    ];
    const changes = pairWrites(events);
    expect(changes.map((c) => [c.service, c.at, c.sliceBytes, c.endpoints?.bytes])).toEqual([
      ['auth-service', 0, 100, 200],
      ['web', 0, 70, 90],
      ['auth-service', 500, 110, 210],
    ]);
  });

  it('writes further apart than the window are separate changes; a lone side is incomplete', () => {
    const events = [write(0, 'endpointslices', 'auth-service-aaaaa', 100), write(5000, 'endpoints', 'auth-service', 200)];
    const changes = pairWrites(events, { windowMs: 1000 });
    expect(changes.map((c) => c.complete)).toEqual([false, false]);
    expect(newestPairs(changes, 12)).toEqual([]);
  });

  it('ignores deletes and other resources; counts a slice reported as write and slice event once', () => {
    const events: SimEvent[] = [
      write(0, 'endpointslices', 'odd-name', 100),
      { kind: 'slice', seq: ++seq, at: 0, namespace: 'default', name: 'odd-name', service: 'auth-service', verb: 'update', added: [], removed: ['default/p1'], bytes: 100 },
      write(0, 'endpoints', 'auth-service', 300),
      write(10, 'endpointslices', 'auth-service-aaaaa', 999, 'delete'),
      write(10, 'services', 'auth-service', 999),
    ];
    const changes = pairWrites(events);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ service: 'auth-service', sliceBytes: 100, complete: true });
  });

  it('uses the sliceService lookup for names without a generated suffix', () => {
    const events = [write(0, 'endpointslices', 'custom', 10), write(0, 'endpoints', 'svc-a', 20)];
    const changes = pairWrites(events, { sliceService: (_ns, n) => (n === 'custom' ? 'svc-a' : undefined) });
    expect(changes).toHaveLength(1);
    expect(changes[0]!.complete).toBe(true);
  });

  it('newestPairs keeps the newest n complete changes, oldest first', () => {
    const events: SimEvent[] = [];
    for (let i = 0; i < 20; i++) {
      events.push(write(i * 2000, 'endpointslices', 'auth-service-aaaaa', 100 + i));
      events.push(write(i * 2000, 'endpoints', 'auth-service', 1000 + i));
    }
    events.push(write(50_000, 'endpointslices', 'auth-service-aaaaa', 1)); // incomplete newest
    const pairs = newestPairs(pairWrites(events), 12);
    expect(pairs).toHaveLength(12);
    expect(pairs[0]!.sliceBytes).toBe(108);
    expect(pairs[11]!.sliceBytes).toBe(119);
  });
});

describe('appendChartWrites', () => {
  const ev = (s: number, resource = 'endpoints'): SimEvent => ({ kind: 'write', seq: s, at: s, verb: 'update', resource, namespace: 'default', name: 'a', bytes: 1, actor: 'x' });
  it('keeps slice/Endpoints writes past the store cap, in order, without duplicates', () => {
    let kept: SimEvent[] = [];
    kept = appendChartWrites(kept, [ev(1), ev(2, 'pods'), ev(3)]);
    expect(kept.map((e) => e.seq)).toEqual([1, 3]);
    // the store dropped 1..3 (cap) and appended more
    kept = appendChartWrites(kept, [ev(3), ev(4, 'pods'), ev(5)]);
    expect(kept.map((e) => e.seq)).toEqual([1, 3, 5]);
    const same = appendChartWrites(kept, [ev(5), ev(6, 'pods')]);
    expect(same).toBe(kept);
  });
  it('restarts with the simulation and caps its length', () => {
    const kept = appendChartWrites([], [ev(10), ev(11)]);
    expect(appendChartWrites(kept, [])).toEqual([]);
    expect(appendChartWrites(kept, [ev(1), ev(2)]).map((e) => e.seq)).toEqual([1, 2]);
    expect(appendChartWrites([], [ev(1), ev(2), ev(3)], 2).map((e) => e.seq)).toEqual([2, 3]);
  });
});
