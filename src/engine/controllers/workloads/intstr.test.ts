import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../api/types.ts';
import { maxSurge, maxUnavailable, resolveFenceposts, scaledValue } from './intstr.ts';

const d = (replicas: number, maxSurge?: number | string, maxUnavailable?: number | string, type = 'RollingUpdate'): Deployment => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'x' },
  spec: { replicas, selector: {}, template: { metadata: {}, spec: { containers: [] } }, strategy: { type, rollingUpdate: { maxSurge, maxUnavailable } } },
});

describe('maxSurge / maxUnavailable', () => {
  it('scales percentages: surge rounds up, unavailable rounds down', () => {
    expect(scaledValue('25%', 3, true)).toBe(1);
    expect(scaledValue('25%', 3, false)).toBe(0);
    expect(scaledValue('25%', 250, true)).toBe(63);
    expect(scaledValue('25%', 250, false)).toBe(62);
    expect(scaledValue(2, 10, false)).toBe(2);
  });

  it('defaults to 25% each and never lets both be zero', () => {
    expect(resolveFenceposts(d(3))).toEqual([1, 0]);
    expect(resolveFenceposts(d(10))).toEqual([3, 2]);
    expect(resolveFenceposts(d(3, 0, 0))).toEqual([0, 1]);
    expect(resolveFenceposts(d(1, '10%', '10%'))).toEqual([1, 0]);
  });

  it('is zero for Recreate and caps unavailability at the replica count', () => {
    expect(maxSurge(d(3, 1, 1, 'Recreate'))).toBe(0);
    expect(maxUnavailable(d(3, 1, 1, 'Recreate'))).toBe(0);
    expect(maxUnavailable(d(2, 0, 5))).toBe(2);
    expect(maxUnavailable(d(0))).toBe(0);
  });
});
