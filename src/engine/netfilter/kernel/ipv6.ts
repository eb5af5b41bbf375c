// IPv6 addresses as the match loop compares them: four 32-bit words (network order, word 0 the
// most significant), the layout of struct in6_addr's s6_addr32 read in host order. IPv4 stays a
// single number (ipv4.ts); only an ipv6 kernel ever builds these arrays.

import { formatIPv6, parseIPv6 } from '../rules/ipv6.ts';

/** inet_pton(AF_INET6) → 4 words (signed 32-bit, for `&`/`===` with masks), or null. */
export function parseIPv6Words(s: string): Int32Array | null {
  const n = parseIPv6(s);
  if (n === null) return null;
  return bigToWords(n);
}

export function bigToWords(n: bigint): Int32Array {
  const w = new Int32Array(4);
  for (let i = 0; i < 4; i++) w[i] = Number((n >> BigInt(96 - 32 * i)) & 0xffffffffn) | 0;
  return w;
}

export function wordsToBig(w: ArrayLike<number>): bigint {
  let n = 0n;
  for (let i = 0; i < 4; i++) n = (n << 32n) | BigInt(w[i]! >>> 0);
  return n;
}

/** inet_ntop(AF_INET6) of 4 words. */
export const formatIPv6Words = (w: ArrayLike<number>): string => formatIPv6(wordsToBig(w));

/** The 4 mask words of a prefix length. */
export function prefixWords(prefix: number): Int32Array {
  const w = new Int32Array(4);
  for (let i = 0; i < 4; i++) {
    const bits = Math.max(0, Math.min(32, prefix - 32 * i));
    w[i] = bits === 0 ? 0 : bits === 32 ? -1 : (0xffffffff << (32 - bits)) | 0;
  }
  return w;
}

/**
 * One number standing for an address in the destination index (compile.ts DstIndex): equal
 * addresses fold equal; different ones may collide, which only costs a rule test (the full
 * comparison decides).
 */
export function fold6(w: ArrayLike<number>): number {
  return (w[0]! ^ Math.imul(w[1]!, 0x9e3779b1) ^ Math.imul(w[2]!, 0x85ebca6b) ^ Math.imul(w[3]!, 0xc2b2ae35)) | 0;
}

/** (a & mask) === net for 4 words; `m` holds net[0..3] then mask[0..3]. */
export function inNet6(a: Int32Array, m: Int32Array): boolean {
  return (a[0]! & m[4]!) === m[0] && (a[1]! & m[5]!) === m[1] && (a[2]! & m[6]!) === m[2] && (a[3]! & m[7]!) === m[3];
}

/** Unsigned comparison of two addresses (ipv6_addr_cmp): <0, 0, >0. */
export function cmp6(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (let i = 0; i < 4; i++) {
    const x = a[i]! >>> 0, y = b[i]! >>> 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** ipv6_addr_type() classes xt_addrtype looks at. */
export function isLoopback6(w: ArrayLike<number>): boolean {
  return w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 1;
}
export const isUnspecified6 = (w: ArrayLike<number>): boolean => w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0;
export const isMulticast6 = (w: ArrayLike<number>): boolean => w[0]! >>> 24 === 0xff;
