import { describe, expect, it } from 'vitest';
import { RecentLists } from './recent.ts';

describe('xt_recent lists', () => {
  it('[NF-3] a list holds 200 addresses (ip_list_tot); the least recently updated one is evicted', () => {
    const r = new RecentLists();
    for (let i = 0; i < 201; i++) r.check('KUBE-SEP-X', `10.0.${i >> 8}.${i & 255}`, 'set', 0, 0, false, false, i);
    const addrs = r.entries('KUBE-SEP-X').map((e) => e.addr);
    expect(addrs).toHaveLength(200);
    expect(addrs[0]).toBe('10.0.0.1');
    expect(addrs.at(-1)).toBe('10.0.0.200');
  });

  it('[NF-3] --set on a known address moves it to the end of the LRU and adds a stamp (32 slots kept)', () => {
    const r = new RecentLists();
    r.check('L', 'a', 'set', 0, 0, false, false, 1);
    r.check('L', 'b', 'set', 0, 0, false, false, 2);
    r.check('L', 'a', 'set', 0, 0, false, false, 3);
    expect(r.entries('L').map((e) => [e.addr, e.nstamps])).toEqual([['b', 1], ['a', 2]]);
    for (let t = 4; t < 50; t++) r.check('L', 'a', 'set', 0, 0, false, false, t);
    expect(r.entries('L')[1]!.nstamps).toBe(32);
  });

  it('[KP-15] --rcheck --seconds: a stamp exactly --seconds old still hits; older ones do not; ! inverts', () => {
    const r = new RecentLists();
    r.check('L', 'a', 'set', 0, 0, false, false, 0);
    expect(r.check('L', 'a', 'rcheck', 10, 0, false, false, 10_000)).toBe(true);
    expect(r.check('L', 'a', 'rcheck', 10, 0, false, false, 10_001)).toBe(false);
    expect(r.check('L', 'a', 'rcheck', 10, 0, false, true, 10_001)).toBe(true);
    expect(r.check('L', 'z', 'rcheck', 10, 0, false, false, 0)).toBe(false);
    expect(r.check('L', 'z', 'rcheck', 10, 0, false, true, 0)).toBe(true);
  });

  it('[KP-15] --reap drops the least recently updated entry once it is older than --seconds', () => {
    const r = new RecentLists();
    r.check('L', 'old', 'set', 0, 0, false, false, 0);
    r.check('L', 'new', 'set', 0, 0, false, false, 50_000);
    expect(r.check('L', 'new', 'rcheck', 30, 0, true, false, 60_000)).toBe(true);
    expect(r.entries('L').map((e) => e.addr)).toEqual(['new']);
  });
});
