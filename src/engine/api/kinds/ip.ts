// IP and CIDR parsing as the API server's validation needs it (netutils.ParseIPSloppy: IPv4
// octets may carry leading zeros), plus the checks shared by Services, Endpoints and slices.

import type { FieldError } from '../strategy.ts';
import { invalid } from './errors.ts';

/** IPv4 address as an unsigned 32-bit number, or null. */
export function parseIPv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return null;
    const v = Number(p);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** IPv6 address as eight 16-bit groups, or null. Accepts an embedded dotted IPv4 tail. */
export function parseIPv6(s: string): number[] | null {
  if (!s.includes(':')) return null;
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail stands for the last two groups.
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !rest) return null;
  const known = head.length + rest.length;
  if (halves.length === 1) return known === 8 ? head : null;
  if (known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest];
}

export const isIPv4 = (s: string): boolean => parseIPv4(s) !== null;
export const isIPv6 = (s: string): boolean => parseIPv6(s) !== null;
export const isIP = (s: string): boolean => isIPv4(s) || isIPv6(s);

/** Family of an address as ipFamilies names it. */
export const ipFamilyOf = (s: string): 'IPv4' | 'IPv6' | 'unknown' => (isIPv4(s) ? 'IPv4' : isIPv6(s) ? 'IPv6' : 'unknown');

export interface CIDRv4 {
  base: number;
  bits: number;
  size: number;
}

export function parseCIDRv4(s: string): CIDRv4 | null {
  const [addr, len, extra] = s.split('/');
  if (extra !== undefined || addr === undefined || len === undefined || !/^[0-9]{1,2}$/.test(len)) return null;
  const ip = parseIPv4(addr);
  const bits = Number(len);
  if (ip === null || bits > 32) return null;
  const size = 2 ** (32 - bits);
  return { base: ip - (ip % size), bits, size };
}

function isCIDR(s: string): boolean {
  if (parseCIDRv4(s)) return true;
  const [addr, len, extra] = s.split('/');
  return extra === undefined && addr !== undefined && len !== undefined && isIPv6(addr) && /^[0-9]{1,3}$/.test(len) && Number(len) <= 128;
}

/** IsValidIPForLegacyField (clusterIPs, externalIPs, endpoint IPs): a sloppy parse. */
export function validateIP(field: string, value: string): FieldError[] {
  return isIP(value) ? [] : [invalid(field, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

export function validateCIDR(field: string, value: string): FieldError[] {
  return isCIDR(value) ? [] : [invalid(field, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

/** ValidateNonSpecialIP: endpoints may not point at unspecified, loopback or link-local addresses. */
export function validateNonSpecialIP(field: string, value: string): FieldError[] {
  const v4 = parseIPv4(value);
  const v6 = v4 === null ? parseIPv6(value) : null;
  if (v4 === null && v6 === null) return [invalid(field, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const mapped = v6 && v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff ? v6[6]! * 65536 + v6[7]! : null;
  const ip4 = v4 ?? mapped;
  const zero = ip4 !== null ? ip4 === 0 : v6!.every((g) => g === 0);
  const loopback = ip4 !== null ? ip4 >>> 24 === 127 : v6!.slice(0, 7).every((g) => g === 0) && v6![7] === 1;
  const linkLocal = ip4 !== null ? ip4 >>> 16 === 0xa9fe : (v6![0]! & 0xffc0) === 0xfe80;
  const llMulticast = ip4 !== null ? ip4 >>> 8 === 0xe00000 : (v6![0]! & 0xff0f) === 0xff02;
  if (zero) errs.push(invalid(field, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalid(field, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal) errs.push(invalid(field, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (llMulticast) errs.push(invalid(field, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}
