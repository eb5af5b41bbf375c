// Match extensions without port or state handling: recent (revision 1), nfacct, physdev.
import type { MatchSpec } from '../types.ts';
import { paramError } from './errors.ts';
import { ipToString } from './ipv4.ts';
import type { Extension } from './ext.ts';

// ---- recent (revision 1) ----
/** libxt_recent's IPv6 default mask, as ip6tables-save prints it. */
const ALL_ONES6 = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
const F_ANY_OP = 15;
interface RecentState {
  command?: 'set' | 'rcheck' | 'update' | 'remove';
  invert: boolean;
  seconds?: number;
  reap?: boolean;
  hitcount?: number;
  rttl?: boolean;
  name: string;
  side: 'rsource' | 'rdest';
  mask: number;
  /** ip6tables: the mask as text (default all ones) */
  mask6?: string;
}
export const recentMatch: Extension<RecentState, MatchSpec> = {
  name: 'recent',
  entries: [
    { name: 'set', id: 0, type: 'none', excl: F_ANY_OP, invert: true },
    { name: 'rcheck', id: 1, type: 'none', excl: F_ANY_OP, invert: true },
    { name: 'update', id: 2, type: 'none', excl: F_ANY_OP, invert: true },
    { name: 'remove', id: 3, type: 'none', excl: F_ANY_OP, invert: true },
    { name: 'seconds', id: 4, type: 'uint32', min: 1 },
    { name: 'reap', id: 5, type: 'none', also: 16 },
    { name: 'hitcount', id: 6, type: 'uint32' },
    { name: 'rttl', id: 7, type: 'none', excl: 1 | 8 },
    { name: 'name', id: 8, type: 'string' },
    { name: 'rsource', id: 9, type: 'none' },
    { name: 'rdest', id: 10, type: 'none' },
    { name: 'mask', id: 11, type: 'host' },
  ],
  init: () => ({ invert: false, name: 'DEFAULT', side: 'rsource', mask: 0xffffffff }),
  parse(st, entry, v, arg, invert, env) {
    if (env.family === 'ipv6') st.mask6 ??= ALL_ONES6;
    const cmds = ['set', 'rcheck', 'update', 'remove'] as const;
    if (entry.id <= 3) {
      // the kernel keeps one command: the bits are ORed, the first set bit wins on print
      st.command ??= cmds[entry.id];
      if (invert) st.invert = true;
      return;
    }
    switch (entry.id) {
      case 4: st.seconds = v.num; break;
      case 5: st.reap = true; break;
      case 6: st.hitcount = v.num; break;
      case 7: st.rttl = true; break;
      case 8: st.name = arg.slice(0, 199); break;
      case 9: st.side = 'rsource'; break;
      case 10: st.side = 'rdest'; break;
      case 11: st.mask = v.host; if (v.host6 !== undefined) st.mask6 = v.host6; break;
    }
  },
  fcheck: (_st, xflags) => {
    if (!(xflags & F_ANY_OP))
      throw paramError("recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
  },
  result: (st) => ({
    module: 'recent',
    name: st.name,
    command: st.command ?? 'set',
    ...(st.seconds ? { seconds: st.seconds } : {}),
    ...(st.reap ? { reap: true } : {}),
    ...(st.hitcount ? { hitcount: st.hitcount } : {}),
    ...(st.rttl ? { rttl: true } : {}),
    side: st.side,
    mask: st.mask6 ?? ipToString(st.mask),
    invert: st.invert,
  }),
};

// ---- nfacct ----
export const nfacctMatch: Extension<{ name: string }, MatchSpec> = {
  name: 'nfacct',
  entries: [{ name: 'nfacct-name', id: 0, type: 'string', min: 1, mand: true }],
  init: () => ({ name: '' }),
  parse(st, _e, _v, arg) {
    if (arg.includes('\n')) throw paramError('Newlines not allowed in --nfacct-name');
    st.name = arg.slice(0, 31);
  },
  result: (st) => ({ module: 'nfacct', name: st.name }),
};

// ---- physdev (kept as the printed option list) ----
interface PhysState { isIn?: boolean; in?: [string, boolean]; isOut?: boolean; out?: [string, boolean]; bridged?: boolean; inv: Set<number> }
export const physdevMatch: Extension<PhysState, MatchSpec> = {
  name: 'physdev',
  entries: [
    { name: 'physdev-in', id: 0, type: 'string', invert: true },
    { name: 'physdev-out', id: 1, type: 'string', invert: true },
    { name: 'physdev-is-in', id: 2, type: 'none', invert: true },
    { name: 'physdev-is-out', id: 3, type: 'none', invert: true },
    { name: 'physdev-is-bridged', id: 4, type: 'none', invert: true },
  ],
  init: () => ({ inv: new Set() }),
  parse(st, entry, _v, arg, invert) {
    if (invert) st.inv.add(entry.id);
    if (entry.id === 0) st.in = [arg, invert];
    else if (entry.id === 1) st.out = [arg, invert];
    else if (entry.id === 2) st.isIn = true;
    else if (entry.id === 3) st.isOut = true;
    else st.bridged = true;
  },
  fcheck: (_st, xflags) => {
    if (xflags === 0) throw paramError('PHYSDEV: no physdev option specified');
  },
  result(st) {
    const raw: string[] = [];
    const neg = (id: number): string[] => (st.inv.has(id) ? ['!'] : []);
    if (st.isIn) raw.push(...neg(2), '--physdev-is-in');
    if (st.in) raw.push(...neg(0), '--physdev-in', st.in[0]);
    if (st.isOut) raw.push(...neg(3), '--physdev-is-out');
    if (st.out) raw.push(...neg(1), '--physdev-out', st.out[0]);
    if (st.bridged) raw.push(...neg(4), '--physdev-is-bridged');
    return { module: 'physdev', raw };
  },
};

