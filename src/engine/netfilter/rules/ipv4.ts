// IPv4 address/mask parsing and printing as libxtables does it (xtables_ipparse_multiple,
// __numeric_to_ipaddr, parse_ipmask, save_ipv4_addr/mask_to_str).
import { paramError } from './errors.ts';
import { xtStrtoul, u32 } from './cnum.ts';

export const ipToString = (n: number): string =>
  [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** Strict dotted quad (inet_pton AF_INET). */
export function inetPton(s: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return u32(((parts[0] as number) << 24) | ((parts[1] as number) << 16) | ((parts[2] as number) << 8) | (parts[3] as number));
}

/** __numeric_to_ipaddr: 1–4 parts, each strtoul base 0; fewer than 4 parts pads with zeros (not for masks). */
export function numericToIp(dotted: string, isMask: boolean): number | null {
  const buf = dotted.slice(0, 19);
  const bytes: number[] = [];
  let p = buf;
  for (let i = 0; i < 3; i++) {
    const q = p.indexOf('.');
    if (q < 0) {
      if (isMask) return null;
      const r = xtStrtoul(p, 0, 255);
      if (!r) return null;
      bytes.push(r.value);
      while (bytes.length < 4) bytes.push(0);
      return u32(((bytes[0] as number) << 24) | ((bytes[1] as number) << 16) | ((bytes[2] as number) << 8) | (bytes[3] as number));
    }
    const r = xtStrtoul(p.slice(0, q), 0, 255);
    if (!r) return null;
    bytes.push(r.value);
    p = p.slice(q + 1);
  }
  const r = xtStrtoul(p, 0, 255);
  if (!r) return null;
  bytes.push(r.value);
  return u32(((bytes[0] as number) << 24) | ((bytes[1] as number) << 16) | ((bytes[2] as number) << 8) | (bytes[3] as number));
}

// getnetbyname() (Debian /etc/networks) and getaddrinfo() for the one name every host resolves.
const NETWORKS: Record<string, number> = { default: 0, loopback: 0x7f000000, 'link-local': 0xa9fe0000 };
const HOSTS: Record<string, number> = { localhost: 0x7f000001 };

function hostNetwork(name: string): number {
  const n = numericToIp(name, false);
  if (n !== null) return n;
  const net = NETWORKS[name];
  if (net !== undefined) return net;
  const host = HOSTS[name];
  if (host !== undefined) return host;
  throw paramError(`host/network \`${name}' not found`);
}

function parseMask(mask: string | undefined): number {
  if (mask === undefined) return 0xffffffff;
  const dotted = numericToIp(mask, true);
  if (dotted !== null) return dotted;
  const bits = xtStrtoul(mask, 0, 32);
  if (!bits) throw paramError(`invalid mask \`${mask}' specified`);
  return bits.value === 0 ? 0 : u32(0xffffffff << (32 - bits.value));
}

export interface AddrMask {
  addr: number;
  mask: number;
}

/** xtables_ipparse_multiple: "a[/m][,b[/m]…]" → network/mask pairs, host bits cleared. */
export function parseAddrList(name: string): AddrMask[] {
  const out: AddrMask[] = [];
  for (let item of name.split(',')) {
    item = item.replace(/^[ \t\n\v\f\r]+/, '');
    if (item.length > 255) throw paramError('Hostname too long');
    const slash = item.lastIndexOf('/');
    let host = item;
    let mask: number;
    if (slash >= 0) {
      host = item.slice(0, slash);
      mask = parseMask(item.slice(slash + 1));
    } else {
      mask = parseMask(undefined);
    }
    // "any/0": with a null mask the name is ignored
    if (mask === 0) host = '0.0.0.0';
    const addr = hostNetwork(host);
    out.push({ addr: u32(addr & mask), mask });
  }
  return out;
}

/** Prefix length of a contiguous mask, or -1. */
export function maskToPrefix(mask: number): number {
  if (mask === 0xffffffff) return 32;
  for (let i = 31; i >= 0; i--) {
    if (u32(0xfffffffe << (31 - i)) === mask || (i === 0 && mask === 0)) return i;
  }
  return -1;
}

export const prefixToMask = (prefix: number): number => (prefix === 0 ? 0 : u32(0xffffffff << (32 - prefix)));
