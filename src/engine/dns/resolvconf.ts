// /etc/resolv.conf of pods and nodes (DNS-2), and the parsing the stub resolver does.
//
// A kind node's resolv.conf is Docker's for a container on a user-defined network
// (`nameserver 127.0.0.11`, `options ndots:0`, on a host without search domains) after kind's
// entrypoint swapped the embedded DNS address for the network gateway. The kubelet
// (pkg/kubelet/network/dns/dns.go) reads it: for ClusterFirst pods the servers become the
// cluster DNS, the search list `<ns>.svc.cluster.local svc.cluster.local cluster.local` plus
// the host's (none), options `ndots:5`; hostNetwork pods with ClusterFirst fall back to Default
// (the node's servers, search and options). containerd writes search, nameserver, options in
// that order (parseDNSOptions).

import type { Pod } from '../api/types.ts';
import type { Simulation } from '../simulation.ts';
import { CLUSTER_DOMAIN } from './coredns.ts';

export const CLUSTER_DNS = '10.96.0.10';
export const DOCKER_GATEWAY_DNS = '172.18.0.1';

/** What a kind node's /etc/resolv.conf says. */
export const NODE_RESOLV_CONF = `nameserver ${DOCKER_GATEWAY_DNS}\noptions ndots:0\n`;

interface DnsConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

/** containerd's parseDNSOptions. */
function writeResolvConf(c: DnsConfig): string {
  let s = '';
  if (c.searches.length) s += `search ${c.searches.join(' ')}\n`;
  if (c.servers.length) s += `nameserver ${c.servers.join('\nnameserver ')}\n`;
  if (c.options.length) s += `options ${c.options.join(' ')}\n`;
  return s;
}

/** The kubelet's GetPodDNS for the policies kind pods use (dnsConfig is appended as upstream does). */
export function podResolvConf(sim: Simulation, pod: Pod): string {
  void sim;
  const host = parseResolvConf(NODE_RESOLV_CONF);
  const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  let c: DnsConfig;
  if (policy === 'None') c = { servers: [], searches: [], options: [] };
  else if (policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && !pod.spec.hostNetwork)) {
    const ns = pod.metadata.namespace ?? 'default';
    const cluster = [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN];
    c = { servers: [CLUSTER_DNS], searches: unique([...cluster, ...host.search]), options: ['ndots:5'] };
  } else c = { servers: host.nameservers, searches: host.search, options: host.options };
  const extra = pod.spec['dnsConfig'] as { nameservers?: string[]; searches?: string[]; options?: { name: string; value?: string }[] } | undefined;
  if (extra) {
    c.servers = unique([...c.servers, ...(extra.nameservers ?? [])]);
    c.searches = unique([...c.searches, ...(extra.searches ?? [])]);
    const opts = new Map(c.options.map((o) => [o.split(':')[0]!, o.includes(':') ? o.slice(o.indexOf(':') + 1) : '']));
    for (const o of extra.options ?? []) opts.set(o.name, o.value ?? '');
    c.options = [...opts].map(([k, v]) => (v ? `${k}:${v}` : k));
  }
  return writeResolvConf(c);
}

const unique = (xs: string[]): string[] => [...new Set(xs)];

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
  options: string[];
  timeoutS: number;
  attempts: number;
}

/** glibc's reading: nameservers accumulate, the last search line wins, options accumulate. */
export function parseResolvConf(text: string): ResolvConf {
  const r: ResolvConf = { nameservers: [], search: [], ndots: 1, options: [], timeoutS: 5, attempts: 2 };
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith(';')) continue;
    const f = line.split(/\s+/).filter(Boolean);
    if (f[0] === 'nameserver' && f[1]) r.nameservers.push(f[1]);
    else if (f[0] === 'search' || f[0] === 'domain') r.search = f.slice(1).map((s) => s.replace(/\.$/, '')).filter((s) => s !== '');
    else if (f[0] === 'options') {
      for (const o of f.slice(1)) {
        r.options.push(o);
        const [k, v] = o.split(':');
        const n = Number(v);
        if (k === 'ndots' && Number.isInteger(n)) r.ndots = Math.min(n, 15);
        if (k === 'timeout' && Number.isInteger(n)) r.timeoutS = n;
        if (k === 'attempts' && Number.isInteger(n)) r.attempts = n;
      }
    }
  }
  return r;
}

/**
 * The names getaddrinfo tries, in order (glibc res_nsearch, musl name_from_dns_search): a
 * name ending in a dot only as is; one with at least ndots dots as is first, then with each
 * search suffix; otherwise each suffix first, then as is.
 */
export function searchCandidates(conf: ResolvConf, name: string): string[] {
  if (name.endsWith('.')) return [name];
  const dots = name.split('.').length - 1;
  const withSuffix = conf.search.map((s) => `${name}.${s}.`);
  return dots >= conf.ndots ? [`${name}.`, ...withSuffix] : [...withSuffix, `${name}.`];
}
