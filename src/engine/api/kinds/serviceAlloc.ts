// The Service REST layer's allocation step (pkg/registry/core/service/storage/alloc.go):
// IP-family defaulting, ClusterIPs, NodePorts and the health-check NodePort, as a transaction
// that is reverted when the write fails and whose releases only happen once it succeeds.

import type { Rng } from '../../sim/rng.ts';
import { goStringSlice } from '../fieldErrors.ts';
import type { FieldError } from '../strategy.ts';
import type { Service } from '../types.ts';
import type { ClusterIPAllocator, NodePortAllocator } from './allocators.ts';
import { invalid, printed } from './errors.ts';
import { ipFamilyOf } from './ip.ts';
import { needsHealthCheck, validateClusterIPFields } from './serviceValidation.ts';

export interface Allocators {
  ips: ClusterIPAllocator;
  ports: NodePortAllocator;
}

export interface Txn {
  ips: string[];
  ports: number[];
  releaseIPs: string[];
  releasePorts: number[];
}

export const newTxn = (): Txn => ({ ips: [], ports: [], releaseIPs: [], releasePorts: [] });

export function revert(al: Allocators, t: Txn): void {
  for (const ip of t.ips) al.ips.release(ip);
  for (const p of t.ports) al.ports.release(p);
  t.ips = [];
  t.ports = [];
}

export function commit(al: Allocators, t: Txn): void {
  for (const ip of t.releaseIPs) al.ips.release(ip);
  for (const p of t.releasePorts) al.ports.release(p);
  t.releaseIPs = [];
  t.releasePorts = [];
}

const needsNodePort = (s: Service): boolean =>
  s.spec.type === 'NodePort' || (s.spec.type === 'LoadBalancer' && s.spec.allocateLoadBalancerNodePorts !== false);

/** initIPFamilyFields for a single-stack IPv4 cluster. */
function initIPFamilies(svc: Service, old: Service | undefined): FieldError[] {
  const spec = svc.spec;
  if (spec.type === 'ExternalName') return [];
  const headlessNoSelector = spec.clusterIP === 'None' && Object.keys(spec.selector ?? {}).length === 0;
  if (spec.ipFamilyPolicy === undefined) {
    if (old?.spec.ipFamilyPolicy !== undefined) spec.ipFamilyPolicy = old.spec.ipFamilyPolicy;
    else spec.ipFamilyPolicy = headlessNoSelector ? 'RequireDualStack' : 'SingleStack';
  }
  const pre = validateClusterIPFields(svc);
  if (pre.length) return pre;
  const errs: FieldError[] = [];
  if (old && spec.ipFamilyPolicy === 'SingleStack') {
    if (JSON.stringify(old.spec.clusterIPs) === JSON.stringify(spec.clusterIPs) && (spec.clusterIPs ?? []).length > 1) spec.clusterIPs = spec.clusterIPs!.slice(0, 1);
    if (JSON.stringify(old.spec.ipFamilies) === JSON.stringify(spec.ipFamilies) && (spec.ipFamilies ?? []).length > 1) spec.ipFamilies = spec.ipFamilies!.slice(0, 1);
  }
  if (spec.ipFamilyPolicy === 'SingleStack') {
    if ((spec.clusterIPs ?? []).length === 2)
      errs.push(invalid('spec.ipFamilyPolicy', 'SingleStack', "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    if ((spec.ipFamilies ?? []).length === 2)
      errs.push(invalid('spec.ipFamilyPolicy', 'SingleStack', "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
  }
  const families = [...(spec.ipFamilies ?? [])];
  for (const [i, ip] of (spec.clusterIPs ?? []).entries()) {
    if (ip === 'None') break;
    if (i < families.length) continue;
    const fam = ipFamilyOf(ip);
    if (fam !== 'IPv4') errs.push(invalid(`spec.clusterIPs[${i}]`, printed(goStringSlice(spec.clusterIPs)), `${fam} is not configured on this cluster`));
    else families.push(fam);
  }
  spec.ipFamilies = families.length ? families : spec.ipFamilies;
  if (errs.length) return errs;
  if (headlessNoSelector) {
    spec.ipFamilies = (spec.ipFamilies ?? []).length ? spec.ipFamilies : ['IPv4'];
    if (spec.ipFamilies!.length < 2 && spec.ipFamilyPolicy !== 'SingleStack')
      spec.ipFamilies = [...spec.ipFamilies!, spec.ipFamilies![0] === 'IPv4' ? 'IPv6' : 'IPv4'];
    return [];
  }
  if (spec.ipFamilyPolicy === 'RequireDualStack')
    errs.push(invalid('spec.ipFamilyPolicy', 'RequireDualStack', 'this cluster is not configured for dual-stack services'));
  (spec.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4') errs.push(invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'));
  });
  if (errs.length) return errs;
  if (!(spec.ipFamilies ?? []).length) spec.ipFamilies = ['IPv4'];
  return [];
}

function allocClusterIPs(al: Allocators, svc: Service, rng: Rng, t: Txn): FieldError[] {
  const spec = svc.spec;
  if (spec.type === 'ExternalName' || spec.clusterIPs?.[0] === 'None') return [];
  const requested = spec.clusterIPs?.[0];
  if (requested) {
    const err = al.ips.allocate(requested);
    if (err) return [invalid('spec.clusterIPs', printed(goStringSlice(spec.clusterIPs)), `failed to allocate IP ${requested}: ${err.message}`)];
    t.ips.push(requested);
    return [];
  }
  const ip = al.ips.allocateNext(rng);
  // Upstream answers an exhausted range with an InternalError; a Strategy can only report fields.
  if (typeof ip !== 'string') return [invalid('spec.clusterIPs', printed(goStringSlice(spec.clusterIPs ?? null)), `failed to allocate a serviceIP: ${ip.message}`)];
  t.ips.push(ip);
  spec.clusterIPs = [ip];
  spec.clusterIP = ip;
  return [];
}

/** initNodePorts: ports with the same number share one NodePort. */
function initNodePorts(al: Allocators, svc: Service, rng: Rng, t: Txn): FieldError[] {
  const ports = svc.spec.ports ?? [];
  const byPort = new Map<number, number>();
  for (const [i, p] of ports.entries()) {
    if (!p.nodePort && !needsNodePort(svc)) continue;
    const assigned = byPort.get(p.port) ?? 0;
    if (!assigned) {
      const requested = ports.find((q) => q.port === p.port && q.nodePort)?.nodePort ?? 0;
      if (requested) {
        const err = al.ports.allocate(requested);
        if (err) return [invalid(`spec.ports[${i}].nodePort`, requested, err.message)];
        t.ports.push(requested);
        p.nodePort = requested;
        byPort.set(p.port, requested);
      } else {
        const np = al.ports.allocateNext(rng);
        if (typeof np !== 'number') return [invalid(`spec.ports[${i}].nodePort`, 0, `failed to allocate a nodePort: ${np.message}`)];
        t.ports.push(np);
        p.nodePort = np;
        byPort.set(p.port, np);
      }
    } else if (p.nodePort !== assigned) {
      if (!p.nodePort) p.nodePort = assigned;
      else {
        const err = al.ports.allocate(p.nodePort);
        if (err) return [invalid(`spec.ports[${i}].nodePort`, p.nodePort, err.message)];
        t.ports.push(p.nodePort);
      }
    }
  }
  return [];
}

function allocHealthCheck(al: Allocators, svc: Service, rng: Rng, t: Txn): FieldError[] {
  const requested = svc.spec.healthCheckNodePort ?? 0;
  if (requested) {
    const err = al.ports.allocate(requested);
    if (err)
      return [invalid('spec.healthCheckNodePort', requested, `failed to allocate requested HealthCheck NodePort ${requested}: ${err.message}`)];
    t.ports.push(requested);
    return [];
  }
  const np = al.ports.allocateNext(rng);
  if (typeof np !== 'number') return [invalid('spec.healthCheckNodePort', 0, `failed to allocate a HealthCheck NodePort 0: ${np.message}`)];
  t.ports.push(np);
  svc.spec.healthCheckNodePort = np;
  return [];
}

/** beginCreate: normalize clusterIPs, then allocateCreate. On error nothing stays allocated. */
export function allocateCreate(al: Allocators, svc: Service, rng: Rng, t: Txn): FieldError[] {
  const spec = svc.spec;
  if (spec.clusterIP && !(spec.clusterIPs ?? []).length) spec.clusterIPs = [spec.clusterIP];
  const errs = initIPFamilies(svc, undefined);
  const steps = [
    () => errs,
    () => allocClusterIPs(al, svc, rng, t),
    () => (spec.type === 'NodePort' || spec.type === 'LoadBalancer' ? initNodePorts(al, svc, rng, t) : []),
    () => (needsHealthCheck(svc) ? allocHealthCheck(al, svc, rng, t) : []),
  ];
  for (const step of steps) {
    const e = step();
    if (e.length) {
      revert(al, t);
      return e;
    }
  }
  return [];
}

const nodePortsOf = (s: Service): number[] => (s.spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((p) => p !== 0);

/** patchAllocatedValues + normalizeClusterIPs + allocateUpdate (beginUpdate). */
export function allocateUpdate(al: Allocators, svc: Service, old: Service, rng: Rng, t: Txn): FieldError[] {
  const [n, o] = [svc.spec, old.spec];
  // patchAllocatedValues: a re-submitted manifest keeps what was allocated for it.
  if (o.type !== 'ExternalName' && n.type !== 'ExternalName') {
    if (!n.clusterIP) n.clusterIP = o.clusterIP;
    if (!(n.clusterIPs ?? []).length && (o.clusterIPs ?? []).length) n.clusterIPs = o.clusterIPs;
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const oldPorts = new Set(nodePortsOf(old));
    const used = new Set(nodePortsOf(svc).filter((p) => oldPorts.has(p)));
    const byName = new Map((o.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const p of n.ports ?? []) {
      const prev = byName.get(p.name ?? '') ?? 0;
      if (!p.nodePort && !used.has(prev) && prev) p.nodePort = prev;
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(svc) && !n.healthCheckNodePort) n.healthCheckNodePort = o.healthCheckNodePort;
  // normalizeClusterIPs
  if ((o.clusterIPs ?? []).length && !(n.clusterIPs ?? []).length && o.clusterIP === n.clusterIP) n.clusterIPs = o.clusterIPs;
  const sameIPs = JSON.stringify(o.clusterIPs ?? []) === JSON.stringify(n.clusterIPs ?? []);
  if (o.clusterIP !== n.clusterIP) {
    if (o.clusterIP && !n.clusterIP) {
      if (sameIPs) delete n.clusterIPs;
    } else if (sameIPs) n.clusterIPs = [n.clusterIP!];
  }
  const fail = (e: FieldError[]): FieldError[] => {
    revert(al, t);
    return e;
  };
  const famErrs = initIPFamilies(svc, old);
  if (famErrs.length) return fail(famErrs);
  // updateClusterIPs
  if (o.type === 'ExternalName' && n.type !== 'ExternalName') {
    const e = allocClusterIPs(al, svc, rng, t);
    if (e.length) return fail(e);
  } else if (!(o.clusterIPs?.[0] === 'None') && o.type !== 'ExternalName' && n.type === 'ExternalName') {
    t.releaseIPs.push(...(o.clusterIPs ?? []).filter((ip) => ip && ip !== 'None'));
  }
  // txnUpdateNodePorts
  const oldNeeds = o.type === 'NodePort' || o.type === 'LoadBalancer';
  const newNeeds = n.type === 'NodePort' || n.type === 'LoadBalancer';
  if (oldNeeds && (n.type === 'ExternalName' || n.type === 'ClusterIP')) t.releasePorts.push(...nodePortsOf(old));
  if (newNeeds) {
    const oldNumbers = nodePortsOf(old);
    for (const [i, p] of (n.ports ?? []).entries()) {
      if (!p.nodePort && !needsNodePort(svc)) continue;
      if (p.nodePort) {
        if (!oldNumbers.includes(p.nodePort) && !t.ports.includes(p.nodePort)) {
          const err = al.ports.allocate(p.nodePort);
          if (err) return fail([invalid(`spec.ports[${i}].nodePort`, p.nodePort, err.message)]);
          t.ports.push(p.nodePort);
        }
      } else {
        const np = al.ports.allocateNext(rng);
        if (typeof np !== 'number') return fail([invalid(`spec.ports[${i}].nodePort`, 0, `failed to allocate a nodePort: ${np.message}`)]);
        t.ports.push(np);
        p.nodePort = np;
      }
    }
    const kept = nodePortsOf(svc);
    t.releasePorts.push(...oldNumbers.filter((p) => !kept.includes(p)));
  }
  // updateHealthCheckNodePort
  if (!needsHealthCheck(old) && needsHealthCheck(svc)) {
    const e = allocHealthCheck(al, svc, rng, t);
    if (e.length) return fail(e);
  } else if (needsHealthCheck(old) && !needsHealthCheck(svc) && o.healthCheckNodePort) t.releasePorts.push(o.healthCheckNodePort);
  return [];
}

/** releaseAllocatedResources: what a deleted Service gives back. */
export function releaseService(al: Allocators, svc: Service): void {
  if (svc.spec?.type !== 'ExternalName' && svc.spec?.clusterIPs?.[0] !== 'None') for (const ip of svc.spec?.clusterIPs ?? []) al.ips.release(ip);
  for (const p of nodePortsOf(svc)) al.ports.release(p);
  if (needsHealthCheck(svc) && svc.spec.healthCheckNodePort) al.ports.release(svc.spec.healthCheckNodePort);
}

/** Marks a stored Service's addresses and ports as taken (e.g. objects loaded from a snapshot). */
export function reserveService(al: Allocators, svc: Service): void {
  if (svc.spec?.type !== 'ExternalName' && svc.spec?.clusterIPs?.[0] !== 'None') for (const ip of svc.spec?.clusterIPs ?? []) al.ips.allocate(ip);
  for (const p of nodePortsOf(svc)) al.ports.allocate(p);
  if (needsHealthCheck(svc) && svc.spec.healthCheckNodePort) al.ports.allocate(svc.spec.healthCheckNodePort);
}
