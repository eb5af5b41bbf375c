// IPv6 addresses as 128-bit bigints, parsed like glibc's inet_pton(AF_INET6) and printed like
// inet_ntop (what ip6tables-save and conntrack print). Go's net.ParseIP / IP.String (kube-proxy)
// agree on every address outside ::/96 and ::ffff:0:0/96, the only ranges where inet_ntop
// switches to a dotted-quad tail; kube-proxy never handles those.

import { paramError } from './errors.ts';
import { xtStrtoul } from './cnum.ts';

const MAX = (1n << 128n) - 1n;

function parseV4Tail(s: string): bigint | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  let v = 0n;
  for (const p of m.slice(1)) {
    // inet_pton rejects leading zeros in the dotted part ("01") and values over 255.
    if (p.length > 1 && p.startsWith('0')) return null;
    const n = Number(p);
    if (n > 255) return null;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseGroups(part: string): bigint[] | null {
  if (part === '') return [];
  const out: bigint[] = [];
  const items = part.split(':');
  for (let i = 0; i < items.length; i++) {
    const g = items[i]!;
    if (i === items.length - 1 && g.includes('.')) {
      const v4 = parseV4Tail(g);
      if (v4 === null) return null;
      out.push(v4 >> 16n, v4 & 0xffffn);
      continue;
    }
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    out.push(BigInt(parseInt(g, 16)));
  }
  return out;
}

/** inet_pton(AF_INET6): the address as a bigint, or null. */
export function parseIPv6(s: string): bigint | null {
  const dbl = s.indexOf('::');
  let groups: bigint[];
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return null;
    const head = parseGroups(s.slice(0, dbl));
    const tail = parseGroups(s.slice(dbl + 2));
    if (!head || !tail || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array<bigint>(8 - head.length - tail.length).fill(0n), ...tail];
  } else {
    const all = parseGroups(s);
    if (!all || all.length !== 8) return null;
    groups = all;
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | g;
  return v;
}

const v4Text = (n: bigint): string => [24n, 16n, 8n, 0n].map((s) => Number((n >> s) & 0xffn)).join('.');

/** inet_ntop(AF_INET6): lower-case, the longest run (≥ 2) of zero groups as "::". */
export function formatIPv6(n: bigint): string {
  const w: number[] = [];
  for (let i = 7; i >= 0; i--) w.push(Number((n >> BigInt(i * 16)) & 0xffffn));
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) best = -1;
  // ::a.b.c.d (IPv4-compatible) and ::ffff:a.b.c.d (IPv4-mapped).
  if (best === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
    return `::${bestLen === 5 ? 'ffff:' : ''}${v4Text(n & 0xffffffffn)}`;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === best) {
      out += '::';
      i += bestLen - 1;
      continue;
    }
    if (out !== '' && !out.endsWith(':')) out += ':';
    out += w[i]!.toString(16);
  }
  return out;
}

/** Netmask of a prefix length. */
export const prefixMask6 = (prefix: number): bigint => (prefix <= 0 ? 0n : (MAX << BigInt(128 - Math.min(prefix, 128))) & MAX);

/** Prefix length of a contiguous mask, or -1. */
export function maskToPrefix6(mask: bigint): number {
  for (let p = 0; p <= 128; p++) if (prefixMask6(p) === mask) return p;
  return -1;
}

/** Does `ip` lie in `net`/`prefix`? */
export const inPrefix6 = (ip: bigint, net: bigint, prefix: number): boolean => (ip & prefixMask6(prefix)) === (net & prefixMask6(prefix));

// ---- ip6tables -s/-d: xtables_ip6parse_multiple() of libxtables 1.8.9 ----

/** One parsed `-s`/`-d` item: network (host bits cleared) and mask, 128-bit. */
export interface AddrMask6 {
  addr: bigint;
  mask: bigint;
}

// getaddrinfo(AF_INET6) for the names a node container's /etc/hosts gives ::1 (Docker writes
// "::1 localhost ip6-localhost ip6-loopback"); getnetbyname has no IPv6 networks
// (xtables' network_to_ip6addr is a stub returning NULL).
const HOSTS6 = new Map<string, bigint>([['localhost', 1n], ['ip6-localhost', 1n], ['ip6-loopback', 1n]]);

/** parse_ip6mask(): an address, or a prefix length 0–128 (strtoui, base 0); none = /128. */
function parseMask6(mask: string | undefined): bigint {
  if (mask === undefined) return MAX;
  const asAddr = parseIPv6(mask);
  if (asAddr !== null) return asAddr;
  const bits = xtStrtoul(mask, 0, 128);
  if (!bits) throw paramError(`invalid mask \`${mask}' specified`);
  return prefixMask6(bits.value);
}

/** xtables_ip6parse_multiple: "a[/m][,b[/m]…]" → network/mask pairs, host bits cleared. */
export function parseAddrList6(name: string): AddrMask6[] {
  const out: AddrMask6[] = [];
  for (let item of name.split(',')) {
    item = item.replace(/^[ \t\n\v\f\r]+/, '');
    if (item.length > 255) throw paramError('Hostname too long');
    const slash = item.lastIndexOf('/');
    const mask = parseMask6(slash >= 0 ? item.slice(slash + 1) : undefined);
    // "any/0": with a null mask the name is ignored
    const host = mask === 0n ? '::' : slash >= 0 ? item.slice(0, slash) : item;
    const addr = parseIPv6(host) ?? HOSTS6.get(host);
    if (addr === undefined) throw paramError(`host/network \`${host}' not found`);
    out.push({ addr: addr & mask, mask });
  }
  return out;
}
