// --nodeport-addresses as kube-proxy handles it (pkg/proxy/util/nodeport_addresses.go, the
// "primary" expansion of cmd/kube-proxy/app/server.go, and the tail of syncProxyRules in
// pkg/proxy/iptables/proxier.go) — KP-18: which destinations of nat KUBE-SERVICES fall through
// to KUBE-NODEPORTS.

import { formatIPv6, inPrefix6, parseIPv6 } from '../netfilter/rules/ipv6.ts';
import { cidrContains, parseCIDRv4Sloppy, parseIPv4Sloppy, type IPFamily } from './ip.ts';
import type { RuleText } from './portRules.ts';

/** The special value meaning "the node's primary IP of each family". */
export const NODE_PORT_ADDRESSES_PRIMARY = 'primary';

interface FamilyCIDR {
  contains(ip: string): boolean;
  zero: boolean;
  /** Holds 127.0.0.0 or is itself a loopback network. */
  ipv4Loopback: boolean;
}

export interface NodePortAddresses {
  family: IPFamily;
  /** The CIDRs of this family, as given ("0.0.0.0/0" or "::/0" when none was). */
  cidrStrings: string[];
  cidrs: FamilyCIDR[];
  /** A zero CIDR was given (or none of this family): every local address. */
  matchAll: boolean;
  containsIPv4Loopback: boolean;
}

function parseV6CIDR(s: string): { net: bigint; prefix: number } | undefined {
  const slash = s.indexOf('/');
  if (slash < 0 || !/^[0-9]{1,3}$/.test(s.slice(slash + 1))) return undefined;
  const net = parseIPv6(s.slice(0, slash));
  const prefix = Number(s.slice(slash + 1));
  return net === null || prefix > 128 ? undefined : { net, prefix };
}

/** A valid CIDR of either family (what kube-proxy's config validation accepts). */
export const isValidCIDR = (s: string): boolean => parseCIDRv4Sloppy(s) !== undefined || parseV6CIDR(s) !== undefined;

function familyCIDR(s: string): FamilyCIDR | undefined {
  const v4 = parseCIDRv4Sloppy(s);
  if (v4) {
    return {
      contains: (ip) => cidrContains(v4, ip),
      zero: v4.prefix === 0,
      // cidr.IP.IsLoopback() || cidr.Contains(127.0.0.0)
      ipv4Loopback: v4.network >>> 24 === 127 || cidrContains(v4, '127.0.0.0'),
    };
  }
  const v6 = parseV6CIDR(s);
  if (!v6) return undefined;
  return {
    contains: (ip) => {
      const n = parseIPv6(ip);
      return n !== null && inPrefix6(n, v6.net, v6.prefix);
    },
    zero: v6.prefix === 0,
    ipv4Loopback: false,
  };
}

/** NewNodePortAddresses: the flag's CIDRs of `family` (the others are the other proxier's). */
export function newNodePortAddresses(family: IPFamily, cidrStrings: readonly string[]): NodePortAddresses {
  let strs = cidrStrings.filter((s) => (family === 'IPv4') === (parseCIDRv4Sloppy(s) !== undefined));
  if (strs.length === 0) strs = [family === 'IPv4' ? '0.0.0.0/0' : '::/0'];
  const npa: NodePortAddresses = { family, cidrStrings: strs, cidrs: [], matchAll: false, containsIPv4Loopback: false };
  for (const s of strs) {
    const c = familyCIDR(s);
    if (!c) continue; // config validation lets no invalid CIDR get this far
    if (c.ipv4Loopback) npa.containsIPv4Loopback = true;
    if (c.zero) {
      // A zero CIDR swallows every other one.
      npa.cidrs = [c];
      npa.matchAll = true;
      break;
    }
    npa.cidrs.push(c);
  }
  return npa;
}

/**
 * `--nodeport-addresses primary` (server.go): the node's primary IPv4 as /32 and primary IPv6 as
 * /128, loopback ones left out. Any other value is returned as is.
 */
export function expandPrimary(flag: readonly string[], nodeIPs: { IPv4?: string; IPv6?: string }): string[] {
  if (flag.length !== 1 || flag[0] !== NODE_PORT_ADDRESSES_PRIMARY) return [...flag];
  const out: string[] = [];
  if (nodeIPs.IPv4 !== undefined && !isLoopback(nodeIPs.IPv4)) out.push(`${nodeIPs.IPv4}/32`);
  if (nodeIPs.IPv6 !== undefined && !isLoopback(nodeIPs.IPv6)) out.push(`${nodeIPs.IPv6}/128`);
  return out;
}

export function isLoopback(ip: string): boolean {
  const v4 = parseIPv4Sloppy(ip);
  if (v4 !== undefined) return v4.startsWith('127.');
  return parseIPv6(ip) === 1n;
}

/** Canonical form of an interface address (net.IP.String()), undefined when unparseable. */
function canonical(ip: string): string | undefined {
  const v4 = parseIPv4Sloppy(ip);
  if (v4 !== undefined) return v4;
  const v6 = parseIPv6(ip);
  return v6 === null ? undefined : formatIPv6(v6);
}

/**
 * GetNodeIPs: the interface addresses inside any of the CIDRs, without duplicates. kube-proxy
 * collects them in a Go map (random order); Proxyscope keeps first-seen order — CIDR by CIDR
 * as given, interfaces in address order — so a sync is reproducible.
 */
export function nodeIPs(npa: NodePortAddresses, interfaceAddrs: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const c of npa.cidrs) {
    for (const a of interfaceAddrs) {
      const ip = canonical(a);
      if (ip !== undefined && c.contains(ip)) seen.add(ip);
    }
  }
  return [...seen];
}

const LAST_RULE = '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';

/**
 * The tail of nat KUBE-SERVICES (KP-18). Matching every address: one `-m addrtype --dst-type
 * LOCAL` jump, excluding loopback where localhost NodePorts do not work (never on IPv6; on IPv4
 * only with route_localnet, i.e. --iptables-localhost-nodeports). Otherwise one `-d <ip>` jump
 * per matching node address — none at all when no address matches, so NodePorts answer nowhere.
 */
export function nodePortsJumpRules(npa: NodePortAddresses, localhostNodePorts: boolean, interfaceAddrs: () => readonly string[]): RuleText {
  const v6 = npa.family === 'IPv6';
  if (npa.matchAll) {
    const not = v6 ? ' ! -d ::1/128' : localhostNodePorts ? '' : ' ! -d 127.0.0.0/8';
    return { text: `${LAST_RULE} -m addrtype --dst-type LOCAL${not} -j KUBE-NODEPORTS\n`, count: 1 };
  }
  let text = '';
  let count = 0;
  for (const ip of nodeIPs(npa, interfaceAddrs())) {
    // kube-proxy logs an error for these ("--nodeport-addresses includes localhost but …").
    if (isLoopback(ip) && (v6 || !localhostNodePorts)) continue;
    text += `${LAST_RULE} -d ${ip} -j KUBE-NODEPORTS\n`;
    count++;
  }
  return { text, count };
}
