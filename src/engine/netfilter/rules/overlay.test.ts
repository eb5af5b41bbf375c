// The chain overlay behaves exactly like a copy of the committed map changed the same way:
// content, size and iteration order, before and after it switches to a copy of its own, and
// committing leaves the committed map equal to that copy.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Chain } from '../types.ts';
import { ChainOverlay } from './overlay.ts';

const chain = (name: string, tag: number): Chain => ({ name, counters: { packets: tag, bytes: 0 }, rules: [] });
const NAMES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), name: fc.constantFrom(...NAMES), tag: fc.nat(9) }),
  fc.record({ kind: fc.constant('delete' as const), name: fc.constantFrom(...NAMES) }),
);
const view = (m: Map<string, Chain>): [string, number][] => [...m].map(([n, c]) => [n, c.counters.packets]);

describe('ChainOverlay', () => {
  it('[NF-2] is a copy changed the same way: content, size, order; commit applies it', () => {
    fc.assert(
      fc.property(fc.subarray(NAMES), fc.array(op, { maxLength: 30 }), fc.integer({ min: 1, max: 40 }), (initial, ops, copyFrom) => {
        const base = new Map(initial.map((n) => [n, chain(n, 0)]));
        const before = view(base);
        const expected = new Map(base);
        const overlay = new ChainOverlay(base, copyFrom);
        for (const o of ops) {
          if (o.kind === 'set') {
            expect(overlay.set(o.name, chain(o.name, o.tag))).toBe(overlay);
            expected.set(o.name, chain(o.name, o.tag));
          } else expect(overlay.delete(o.name)).toBe(expected.delete(o.name));
          expect(overlay.size).toBe(expected.size);
          for (const n of NAMES) {
            expect(overlay.has(n)).toBe(expected.has(n));
            expect(overlay.get(n)?.counters.packets).toBe(expected.get(n)?.counters.packets);
          }
          expect(view(overlay)).toEqual(view(expected));
          expect([...overlay.keys()]).toEqual([...expected.keys()]);
        }
        // until the commit the committed map is as it was
        expect(view(base)).toEqual(before);
        expect(view(overlay.commit())).toEqual(view(expected));
      }),
      { numRuns: 400 },
    );
  });
});
