import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../engine/view/types.ts';
import { countKinds, DEFAULT_FILTER, describeEvent, filterEvents, toggleKind } from './filters.ts';
import { formatAxisTime, formatBytes, formatClock } from './format.ts';

const events: SimEvent[] = [
  { kind: 'pod', seq: 1, at: 0, namespace: 'default', name: 'p', phase: 'Running', node: 'kind-worker' },
  { kind: 'write', seq: 2, at: 5, verb: 'update', resource: 'endpoints', namespace: 'default', name: 'auth-service', bytes: 52_400, actor: 'endpoint-controller' },
  { kind: 'slice', seq: 3, at: 5, namespace: 'default', name: 'auth-service-x7k2p', service: 'auth-service', verb: 'update', added: ['default/p'], removed: [], bytes: 900 },
  { kind: 'note', seq: 4, at: 9, source: 'scenario', message: 'hello' },
];

describe('filters', () => {
  it('default shows every kind; toggling hides one kind and keeps order', () => {
    expect(filterEvents(events, DEFAULT_FILTER).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    const f = toggleKind(DEFAULT_FILTER, 'write');
    expect(f.write).toBe(false);
    expect(DEFAULT_FILTER.write).toBe(true);
    expect(filterEvents(events, f).map((e) => e.seq)).toEqual([1, 3, 4]);
    expect(filterEvents(events, toggleKind(toggleKind(f, 'pod'), 'note')).map((e) => e.seq)).toEqual([3]);
  });

  it('counts kinds', () => {
    expect(countKinds(events)).toEqual({ pod: 1, slice: 1, sync: 0, packet: 0, write: 1, note: 1 });
  });

  it('describes events on one line', () => {
    expect(events.map(describeEvent)).toEqual([
      'pod default/p Running on kind-worker',
      'update endpoints default/auth-service (51.2 KiB) by endpoint-controller',
      'update EndpointSlice default/auth-service-x7k2p +1 (900 B)',
      'scenario: hello',
    ]);
  });
});

describe('format', () => {
  it('bytes', () => {
    expect([0, 812, 1024, 18_841, 250_000, 3_500_000].map(formatBytes)).toEqual(['0 B', '812 B', '1.0 KiB', '18.4 KiB', '244 KiB', '3.3 MiB']);
  });
  it('time', () => {
    expect(formatClock(125_042)).toBe('2:05.042');
    expect([0, 12_400, 125_000].map((t) => formatAxisTime(t))).toEqual(['0s', '12s', '2m05s']);
    expect([26_500, 65_500].map((t) => formatAxisTime(t, 500))).toEqual(['26.5s', '1m05.5s']);
  });
});
