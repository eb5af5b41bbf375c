// A packet dot's position along its route: one speed over the whole polyline, CSS ease-in-out.
import { describe, expect, it } from 'vitest';
import { dotAt, easeInOut, pathOf } from './dotPath.ts';

describe('dotAt', () => {
  const path = pathOf([{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 300 }]);

  it('starts at the first point, ends at the last, passes the corner at a quarter of the distance', () => {
    expect(path.total).toBe(400);
    expect(dotAt(path, 0)).toEqual({ x: 0, y: 0 });
    expect(dotAt(path, 1)).toEqual({ x: 100, y: 300 });
    expect(dotAt(path, 0.5)).toEqual({ x: 100, y: 100 });
  });

  it('ease-in-out: symmetric, slow at both ends', () => {
    expect(easeInOut(0.5)).toBeCloseTo(0.5, 6);
    expect(easeInOut(0.2) + easeInOut(0.8)).toBeCloseTo(1, 6);
    expect(easeInOut(0.1)).toBeLessThan(0.1);
    expect(easeInOut(-1)).toBe(0);
    expect(easeInOut(2)).toBe(1);
  });

  it('a route of one point stays there', () => {
    expect(dotAt(pathOf([{ x: 5, y: 6 }]), 0.3)).toEqual({ x: 5, y: 6 });
  });
});
