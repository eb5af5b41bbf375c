// Address parsing as kube-proxy does it (k8s.io/utils/net ParseIPSloppy / ParseCIDRSloppy):
// IPv4 octets with leading zeros are read as decimal ("10.180.00.001" → 10.180.0.1), and the
// re-stringified form is what ends up in iptables rules (TestBadIPs). IPv6 addresses are
// re-stringified to their canonical form ("fd00:0:0::1" → "fd00::1").

import { formatIPv6, inPrefix6, parseIPv6, prefixMask6 } from '../netfilter/rules/ipv6.ts';

export type IPFamily = 'IPv4' | 'IPv6';

const CANONICAL_V4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Canonical dotted quad, or undefined when `s` is not an IPv4 address. */
export function parseIPv4Sloppy(s: string): string | undefined {
  if (CANONICAL_V4.test(s)) return s; // the common case: already canonical
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out.join('.');
}

export function ipv4ToInt(ip: string): number {
  const [a, b, c, d] = ip.split('.').map(Number);
  return (((a! << 24) >>> 0) + (b! << 16) + (c! << 8) + d!) >>> 0;
}

const intToIPv4 = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** The family of an address string (undefined when it is neither). */
export function ipFamilyOf(s: string): IPFamily | undefined {
  if (parseIPv4Sloppy(s) !== undefined) return 'IPv4';
  if (parseIPv6(s) !== null) return 'IPv6';
  return undefined;
}

export interface CIDR {
  network: number;
  prefix: number;
  /** "203.0.113.0/25": the network address with host bits cleared, as Go's IPNet.String(). */
  text: string;
  /** IPv6 networks: the 128-bit network (`network` is then 0). */
  network6?: bigint;
}

/** ParseIPSloppy restricted to one family: the canonical string, or undefined. */
export function parseIPSloppy(family: IPFamily, s: string): string | undefined {
  if (family === 'IPv4') return parseIPv4Sloppy(s);
  if (parseIPv4Sloppy(s) !== undefined) return undefined;
  const n = parseIPv6(s);
  return n === null ? undefined : formatIPv6(n);
}

/** ParseCIDRSloppy restricted to one family. */
export function parseCIDRSloppy(family: IPFamily, s: string): CIDR | undefined {
  if (family === 'IPv4') return parseCIDRv4Sloppy(s);
  const slash = s.indexOf('/');
  if (slash < 0 || !/^[0-9]{1,3}$/.test(s.slice(slash + 1)) || s.slice(0, slash).includes('.')) return undefined;
  const ip = parseIPv6(s.slice(0, slash));
  const prefix = Number(s.slice(slash + 1));
  if (ip === null || prefix > 128) return undefined;
  const network6 = ip & prefixMask6(prefix);
  return { network: 0, prefix, text: `${formatIPv6(network6)}/${prefix}`, network6 };
}

/** ParseCIDRSloppy for IPv4: undefined when invalid. */
export function parseCIDRv4Sloppy(s: string): CIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIPv4Sloppy(s.slice(0, slash));
  const pfx = s.slice(slash + 1);
  if (ip === undefined || !/^[0-9]{1,3}$/.test(pfx)) return undefined;
  const prefix = Number(pfx);
  if (prefix > 32) return undefined;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const network = (ipv4ToInt(ip) & mask) >>> 0;
  return { network, prefix, text: `${intToIPv4(network)}/${prefix}` };
}

export function cidrContains(c: CIDR, ip: string): boolean {
  if (c.network6 !== undefined) {
    const n = parseIPv6(ip);
    return n !== null && !ip.includes('.') && inPrefix6(n, c.network6, c.prefix);
  }
  const v4 = parseIPv4Sloppy(ip);
  if (v4 === undefined) return false;
  const mask = c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0;
  return ((ipv4ToInt(v4) & mask) >>> 0) === c.network;
}

/** net.JoinHostPort. */
export const joinHostPort = (ip: string, port: number): string => (ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
