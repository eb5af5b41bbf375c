// Addresses and names that are random on a real cluster (veth names, MACs, netns names, IP IDs
// of nothing in particular) derived from a hash, so the same cluster always looks the same.

import { formatIPv4, parseIPv4 } from '../api/kinds/ip.ts';
import { sha256 } from '../util/sha256.ts';

export const ip2n = (ip: string): number => parseIPv4(ip) ?? 0;
export const n2ip = formatIPv4;

/** `/prefix` mask as an unsigned number. */
export const maskOf = (prefix: number): number => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);

export const inNet = (ip: number, net: number, prefix: number): boolean => ((ip & maskOf(prefix)) >>> 0) === ((net & maskOf(prefix)) >>> 0);

export const broadcastOf = (ip: string, prefix: number): string => n2ip(((ip2n(ip) & maskOf(prefix)) | (~maskOf(prefix) >>> 0)) >>> 0);

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/** ptp's `ip.RandomVethName()`: "veth" + 4 random bytes in hex. */
export function vethName(seed: string): string {
  return 'veth' + [...sha256(`veth/${seed}`).slice(0, 4)].map(hex2).join('');
}

/** A random unicast, locally administered MAC (what the kernel gives a new veth). */
export function macFor(seed: string): string {
  const b = [...sha256(`mac/${seed}`).slice(0, 6)];
  b[0] = (b[0]! & 0xfe) | 0x02;
  return b.map(hex2).join(':');
}

/** containerd's sandbox netns name: `cni-` + a random UUID-shaped hex string. */
export function netnsName(seed: string): string {
  const h = [...sha256(`netns/${seed}`).slice(0, 16)].map(hex2).join('');
  return `cni-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** RFC 5952 text of eight 16-bit groups (longest run of ≥2 zero groups becomes "::"). */
export function formatIPv6(groups: number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const text = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (best < 0) return text(groups);
  return `${text(groups.slice(0, best))}::${text(groups.slice(best + bestLen))}`;
}

/** The fe80::/64 address the kernel derives from a MAC (modified EUI-64). */
export function linkLocalFor(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  return formatIPv6([0xfe80, 0, 0, 0, ((b[0]! ^ 0x02) << 8) | b[1]!, (b[2]! << 8) | 0xff, 0xfe00 | b[3]!, (b[4]! << 8) | b[5]!]);
}
