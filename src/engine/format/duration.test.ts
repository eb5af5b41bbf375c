import { describe, expect, it } from 'vitest';
import { humanDuration, shortHumanDuration } from './duration.ts';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;
const Y = 365 * D;

describe('humanDuration', () => {
  it.each([
    [-2 * S, '<invalid>'],
    [-1999, '0s'],
    [-500, '0s'],
    [0, '0s'],
    [999, '0s'],
    [59 * S, '59s'],
    [119 * S + 999, '119s'],
    [2 * M, '2m'],
    [2 * M + 5 * S, '2m5s'],
    [9 * M + 59 * S, '9m59s'],
    [10 * M + 30 * S, '10m'],
    [3 * H - 1, '179m'],
    [3 * H, '3h'],
    [3 * H + 4 * M, '3h4m'],
    [8 * H - 1, '7h59m'],
    [8 * H + 30 * M, '8h'],
    [47 * H + 59 * M, '47h'],
    [48 * H, '2d'],
    [3 * D + 4 * H, '3d4h'],
    [8 * D - 1, '7d23h'],
    [8 * D, '8d'],
    [2 * Y - 1, '729d'],
    [2 * Y, '2y'],
    [2 * Y + 12 * D, '2y12d'],
    [8 * Y - 1, '7y364d'],
    [8 * Y, '8y'],
    [25 * Y + 100 * D, '25y'],
  ])('[KC-3] %d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('shortHumanDuration', () => {
  it.each([
    [-2 * S, '<invalid>'],
    [-1 * S, '0s'],
    [0, '0s'],
    [59 * S + 999, '59s'],
    [60 * S, '1m'],
    [59 * M, '59m'],
    [H, '1h'],
    [23 * H + 59 * M, '23h'],
    [D, '1d'],
    [364 * D, '364d'],
    [Y, '1y'],
    [3 * Y - 1, '2y'],
  ])('%d ms → %s', (ms, text) => {
    expect(shortHumanDuration(ms)).toBe(text);
  });
});
