// What a CoreDNS pod answers (DNS-1), from the API objects as its kubernetes plugin sees them,
// with kind's Corefile (kubeadm's: `kubernetes cluster.local in-addr.arpa ip6.arpa { pods
// insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }`, `forward . /etc/resolv.conf`,
// `cache 30`). Names outside cluster.local go to the node's resolver: Docker's embedded DNS,
// which knows the kind node containers; anything else is NXDOMAIN (the simulation has no
// Internet).

import type { Namespace, Node, Service } from '../api/types.ts';
import type { Simulation } from '../simulation.ts';
import { absolute, type DnsMessage, type RRType, type ResourceRecord } from './message.ts';
import { newestZoneChange, servicesWithClusterIP, slicesOfService, slicesWithAddress } from './zoneIndex.ts';

/** DNS-1: records carry TTL 5 s (the kubernetes plugin's default; kubeadm's stock Corefile raises
 *  it to 30 with `ttl 30`, and a scenario that models that Corefile should change this). */
export const COREDNS_TTL = 5;
export const CLUSTER_DOMAIN = 'cluster.local';
const ZONE = `${CLUSTER_DOMAIN}.`;
/** `cache 30` caps what comes back through `forward`. */
const FORWARD_TTL = 30;
/** Docker's embedded DNS answers container names with TTL 600; the root's negative TTL is 86400. */
const DOCKER_TTL = 600;
const ROOT_NEGATIVE_TTL = 86400;

export type Answer = Pick<DnsMessage, 'rcode' | 'aa' | 'ra' | 'answer' | 'authority' | 'additional'>;

/** CoreDNS's SOA of the zone: serial is the time of the last change it saw from the API. */
function soa(sim: Simulation): ResourceRecord {
  const serial = Math.floor((sim.scenario.epochMs + newestZoneChange(sim)) / 1000);
  return { name: ZONE, ttl: COREDNS_TTL, data: { type: 'SOA', soa: { mname: `ns.dns.${ZONE}`, rname: `hostmaster.${ZONE}`, serial, refresh: 7200, retry: 1800, expire: 86400, minimum: COREDNS_TTL } } };
}

interface Backend {
  /** Records for the name and type, or undefined when the name does not exist. */
  records: ResourceRecord[];
  extra: ResourceRecord[];
}

const dashed = (ip: string): string => ip.replace(/\./g, '-');

/** Ready endpoints of a Service (all of them with publishNotReadyAddresses), from its slices. */
function endpointsOf(sim: Simulation, svc: Service): { ip: string; host: string; ports: { name: string; port: number; protocol: string }[] }[] {
  const ns = svc.metadata.namespace ?? 'default';
  const slices = slicesOfService(sim, ns, svc.metadata.name ?? '');
  const out: { ip: string; host: string; ports: { name: string; port: number; protocol: string }[] }[] = [];
  const seen = new Set<string>();
  for (const s of slices) {
    if (s.addressType !== 'IPv4') continue;
    const ports = (s.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port ?? 0, protocol: p.protocol ?? 'TCP' }));
    for (const e of s.endpoints ?? []) {
      if (!(e.conditions.ready ?? true) && !svc.spec.publishNotReadyAddresses) continue;
      for (const ip of e.addresses) {
        if (seen.has(ip)) continue;
        seen.add(ip);
        out.push({ ip, host: e.hostname ?? dashed(ip), ports });
      }
    }
  }
  return out;
}

const isHeadless = (svc: Service): boolean => svc.spec.clusterIP === 'None';

function serviceRecords(sim: Simulation, svc: Service, owner: string, type: RRType, endpoint?: string): Backend | undefined {
  const ttl = COREDNS_TTL;
  const fqdn = `${svc.metadata.name}.${svc.metadata.namespace}.svc.${ZONE}`;
  if (svc.spec.type === 'ExternalName') {
    if (endpoint !== undefined) return undefined;
    return { records: [{ name: owner, ttl, data: { type: 'CNAME', target: absolute(svc.spec.externalName ?? '') } }], extra: [] };
  }
  const eps = isHeadless(svc) ? endpointsOf(sim, svc) : [];
  if (endpoint !== undefined) {
    const ep = eps.find((e) => e.host === endpoint);
    if (!ep) return undefined;
    return { records: type === 'A' || type === 'ANY' ? [{ name: owner, ttl, data: { type: 'A', ip: ep.ip } }] : [], extra: [] };
  }
  if (type === 'A' || type === 'ANY') {
    // A headless Service without ready endpoints has no name at all (errNoItems → NXDOMAIN).
    if (isHeadless(svc)) return eps.length ? { records: eps.map((e) => ({ name: owner, ttl, data: { type: 'A', ip: e.ip } })), extra: [] } : undefined;
    return { records: svc.spec.clusterIP ? [{ name: owner, ttl, data: { type: 'A', ip: svc.spec.clusterIP } }] : [], extra: [] };
  }
  if (type === 'SRV') return srvRecords(svc, eps, owner, fqdn);
  return { records: [], extra: [] };
}

/** SRV for `[_port._proto.]svc.ns.svc.cluster.local.`: the Service name (ClusterIP) or each endpoint (headless). */
function srvRecords(svc: Service, eps: ReturnType<typeof endpointsOf>, owner: string, fqdn: string, port?: { name: string; proto: string }): Backend {
  const ttl = COREDNS_TTL;
  const records: ResourceRecord[] = [];
  const extra: ResourceRecord[] = [];
  const match = (p: { name?: string; protocol?: string }): boolean => !port || ((p.name ?? '') === port.name && (p.protocol ?? 'TCP').toLowerCase() === port.proto);
  if (isHeadless(svc)) {
    const targets = eps.flatMap((e) => e.ports.filter(match).map((p) => ({ e, p })));
    const weight = targets.length ? Math.floor(100 / targets.length) : 0;
    for (const { e, p } of targets) {
      const target = `${e.host}.${fqdn}`;
      records.push({ name: owner, ttl, data: { type: 'SRV', priority: 0, weight, port: p.port, target } });
      extra.push({ name: target, ttl, data: { type: 'A', ip: e.ip } });
    }
  } else {
    const ports = (svc.spec.ports ?? []).filter(match);
    const weight = ports.length ? Math.floor(100 / ports.length) : 0;
    for (const p of ports) records.push({ name: owner, ttl, data: { type: 'SRV', priority: 0, weight, port: p.port, target: fqdn } });
    if (ports.length && svc.spec.clusterIP) extra.push({ name: fqdn, ttl, data: { type: 'A', ip: svc.spec.clusterIP } });
  }
  return { records, extra };
}

/** The kubernetes plugin: undefined = the name does not exist (NXDOMAIN). */
function kubernetes(sim: Simulation, owner: string, type: RRType): Backend | undefined {
  const rel = owner.slice(0, -ZONE.length - 1);
  const labels = owner === ZONE ? [] : rel.split('.');
  const nsExists = (ns: string): boolean => sim.api.get<Namespace>('namespaces', '', ns) !== undefined;
  if (labels.length === 0 || (labels.length === 1 && (labels[0] === 'svc' || labels[0] === 'pod'))) return { records: [], extra: [] };
  const kind = labels.at(-1);
  if (kind === 'pod') {
    // `pods insecure`: a-b-c-d.<ns>.pod answers a.b.c.d without looking for the pod.
    if (labels.length === 2) return nsExists(labels[0]!) ? { records: [], extra: [] } : undefined;
    if (labels.length !== 3) return undefined;
    const ip = labels[0]!.replace(/-/g, '.');
    if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return undefined;
    return { records: type === 'A' || type === 'ANY' ? [{ name: owner, ttl: COREDNS_TTL, data: { type: 'A', ip } }] : [], extra: [] };
  }
  if (kind !== 'svc') return undefined;
  const parts = labels.slice(0, -1);
  if (parts.length === 1) return nsExists(parts[0]!) ? { records: [], extra: [] } : undefined;
  // [_port._proto.]svc.ns  or  endpoint.svc.ns
  const ns = parts.at(-1)!;
  const name = parts.at(-2)!;
  const svc = sim.api.get<Service>('services', ns, name);
  if (!svc) return undefined;
  const lead = parts.slice(0, -2);
  if (lead.length === 0) return serviceRecords(sim, svc, owner, type);
  if (lead.length === 1) return serviceRecords(sim, svc, owner, type, lead[0]);
  if (lead.length === 2 && lead[0]!.startsWith('_') && lead[1]!.startsWith('_')) {
    if (type !== 'SRV' && type !== 'ANY') return { records: [], extra: [] };
    const fqdn = `${name}.${ns}.svc.${ZONE}`;
    const b = srvRecords(svc, isHeadless(svc) ? endpointsOf(sim, svc) : [], owner, fqdn, { name: lead[0]!.slice(1), proto: lead[1]!.slice(1) });
    return b.records.length ? b : undefined;
  }
  return undefined;
}

/** Docker's embedded DNS behind `forward`: the kind network's container names, nothing else. */
function upstream(sim: Simulation, owner: string, type: RRType, cap?: number): Answer {
  const name = owner.slice(0, -1);
  const node = sim.api.get<Node>('nodes', '', name);
  const ip = node?.status.addresses?.find((a) => a.type === 'InternalIP')?.address;
  if (ip) {
    const answer: ResourceRecord[] = type === 'A' ? [{ name: owner, ttl: Math.min(DOCKER_TTL, cap ?? DOCKER_TTL), data: { type: 'A', ip } }] : [];
    return { rcode: 'NOERROR', aa: false, ra: true, answer, authority: [], additional: [] };
  }
  const root = rootSoa(sim, Math.min(ROOT_NEGATIVE_TTL, cap ?? ROOT_NEGATIVE_TTL));
  return { rcode: 'NXDOMAIN', aa: false, ra: true, answer: [], authority: [root], additional: [] };
}

/** The root zone's SOA as a public resolver relays it (serial YYYYMMDDnn of the day). */
function rootSoa(sim: Simulation, ttl: number): ResourceRecord {
  const ms = sim.scenario.epochMs + sim.clock.now();
  const d = new Date(ms); // a calendar for a virtual instant, never the real clock
  const serial = Number(`${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}00`);
  return { name: '.', ttl, data: { type: 'SOA', soa: { mname: 'a.root-servers.net.', rname: 'nstld.verisign-grs.com.', serial, refresh: 1800, retry: 900, expire: 604800, minimum: 86400 } } };
}

/** The reply of a CoreDNS pod to one question. */
export function corednsAnswer(sim: Simulation, qname: string, type: RRType, depth = 0): Answer {
  const a = answerOnce(sim, qname, type);
  // An ExternalName's target is looked up too (the plugin's upstream), when it resolves here.
  const cname = a.answer.length === 1 ? a.answer[0] : undefined;
  if (cname?.data.type === 'CNAME' && type !== 'CNAME' && depth < 8) {
    const next = corednsAnswer(sim, cname.data.target, type, depth + 1);
    if (next.rcode === 'NOERROR' && next.answer.length) return { ...a, answer: [...a.answer, ...next.answer] };
  }
  return a;
}

/**
 * The kubernetes plugin's reverse zone (`in-addr.arpa`, reverse.go serviceRecordForIP): a
 * ClusterIP names its Service, else a ready endpoint address names `<host>.<service>` for every
 * Service it backs; anything else falls through to `forward`.
 */
function reverse(sim: Simulation, owner: string, type: RRType): Answer | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa\.$/.exec(owner);
  if (!m || (type !== 'PTR' && type !== 'ANY')) return undefined;
  const ip = `${m[4]}.${m[3]}.${m[2]}.${m[1]}`;
  const ptr = (target: string): ResourceRecord => ({ name: owner, ttl: COREDNS_TTL, data: { type: 'PTR', target } });
  const svc = servicesWithClusterIP(sim, ip)[0];
  if (svc) return { rcode: 'NOERROR', aa: true, ra: false, answer: [ptr(`${svc.metadata.name}.${svc.metadata.namespace}.svc.${ZONE}`)], authority: [], additional: [] };
  const targets = new Set<string>();
  for (const s of slicesWithAddress(sim, ip)) {
    const name = s.metadata.labels?.['kubernetes.io/service-name'];
    if (name === undefined || s.addressType !== 'IPv4') continue;
    for (const e of s.endpoints ?? []) {
      if (e.addresses.includes(ip) && (e.conditions.ready ?? true)) targets.add(`${e.hostname ?? dashed(ip)}.${name}.${s.metadata.namespace}.svc.${ZONE}`);
    }
  }
  if (targets.size === 0) return undefined;
  return { rcode: 'NOERROR', aa: true, ra: false, answer: [...targets].sort().map(ptr), authority: [], additional: [] };
}

function answerOnce(sim: Simulation, qname: string, type: RRType): Answer {
  const owner = absolute(qname);
  if (owner.endsWith('.in-addr.arpa.')) return reverse(sim, owner, type) ?? upstream(sim, owner, type, FORWARD_TTL);
  if (owner !== ZONE && !owner.endsWith(`.${ZONE}`)) return upstream(sim, owner, type, FORWARD_TTL);
  const b = kubernetes(sim, owner, type);
  if (!b) return { rcode: 'NXDOMAIN', aa: true, ra: false, answer: [], authority: [soa(sim)], additional: [] };
  if (b.records.length === 0) return { rcode: 'NOERROR', aa: true, ra: false, answer: [], authority: [soa(sim)], additional: [] };
  return { rcode: 'NOERROR', aa: true, ra: false, answer: loadbalance(sim, b.records), authority: [], additional: b.extra };
}

/** The `loadbalance` plugin: A records in a random order in every reply (CNAMEs stay first). */
function loadbalance(sim: Simulation, records: ResourceRecord[]): ResourceRecord[] {
  const a = records.filter((r) => r.data.type === 'A');
  if (a.length < 2) return records;
  for (let i = a.length - 1; i > 0; i--) {
    const j = sim.rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return [...records.filter((r) => r.data.type !== 'A'), ...a];
}

/** Docker's embedded DNS answering a node (kind nodes' resolv.conf points at it). */
export function dockerDnsAnswer(sim: Simulation, qname: string, type: RRType): Answer {
  return upstream(sim, absolute(qname), type);
}
