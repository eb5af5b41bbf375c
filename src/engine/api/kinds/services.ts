// Services (pkg/registry/core/service): SetDefaults_Service, allocation of ClusterIPs and
// NodePorts, dropTypeDependentFields on type changes, validation and release on delete.
// Allocation runs before validation, as upstream's BeginCreate/BeginUpdate hooks do.

import { cloneJson } from '../deepEqual.ts';
import type { FieldError, Strategy } from '../strategy.ts';
import type { KubeObject, Service } from '../types.ts';
import { ClusterIPAllocator, NodePortAllocator } from './allocators.ts';
import { type Allocators, type Txn, allocateCreate, allocateUpdate, commit, newTxn, releaseService, reserveService, revert } from './serviceAlloc.ts';
import { externallyAccessible, needsHealthCheck, validateService, validateServiceUpdate } from './serviceValidation.ts';

export function defaultService(svc: Service): void {
  const spec = svc.spec;
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined)
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  if (!spec.type) spec.type = 'ClusterIP';
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(svc) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.internalTrafficPolicy === undefined && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type))
    spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
}

/** dropTypeDependentFields: what a type change leaves behind is cleared when left unchanged. */
function dropTypeDependentFields(svc: Service, old: Service): void {
  const [n, o] = [svc.spec, old.spec];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (o.type !== 'ExternalName' && n.type === 'ExternalName') {
    if (o.clusterIP === n.clusterIP && same(o.clusterIPs, n.clusterIPs)) {
      delete n.clusterIP;
      delete n.clusterIPs;
    }
    if (same(o.ipFamilies, n.ipFamilies)) delete n.ipFamilies;
    if ((o.ipFamilyPolicy ?? '') === (n.ipFamilyPolicy ?? '')) delete n.ipFamilyPolicy;
  }
  const needsNP = (s: Service): boolean => s.spec.type === 'NodePort' || s.spec.type === 'LoadBalancer';
  const oldNP = new Set((o.ports ?? []).map((p) => p.nodePort).filter(Boolean));
  if (needsNP(old) && !needsNP(svc) && (n.ports ?? []).every((p) => !p.nodePort || oldNP.has(p.nodePort)))
    for (const p of n.ports ?? []) delete p.nodePort;
  if (needsHealthCheck(old) && !needsHealthCheck(svc) && o.healthCheckNodePort === n.healthCheckNodePort) delete n.healthCheckNodePort;
  if (o.type === 'LoadBalancer' && n.type !== 'LoadBalancer' && n.allocateLoadBalancerNodePorts !== undefined && o.allocateLoadBalancerNodePorts === n.allocateLoadBalancerNodePorts)
    delete n.allocateLoadBalancerNodePorts;
  if (o.type === 'LoadBalancer' && n.type !== 'LoadBalancer' && n.loadBalancerClass === o.loadBalancerClass) delete n.loadBalancerClass;
  if (externallyAccessible(old) && !externallyAccessible(svc) && o.externalTrafficPolicy === n.externalTrafficPolicy) delete n.externalTrafficPolicy;
  if (n.type !== 'LoadBalancer') svc.status = { ...(svc.status ?? {}), loadBalancer: {} };
}

/** The Service strategy, with the allocators it owns (one pair per API server). */
export interface ServiceStrategy extends Strategy {
  allocators: Allocators;
  /** Takes the addresses and ports of a Service stored without going through create. */
  reserve(svc: Service): void;
}

export function serviceStrategy(serviceCIDR: string, nodePortRange: [number, number]): ServiceStrategy {
  const al: Allocators = { ips: new ClusterIPAllocator(serviceCIDR), ports: new NodePortAllocator(nodePortRange) };
  // Allocations of a write in progress, keyed by the object being written.
  const pending = new WeakMap<KubeObject, Txn>();
  const failed = new WeakSet<KubeObject>();
  return {
    allocators: al,
    statusSubresource: true,
    reserve: (svc) => reserveService(al, svc),
    prepareForCreate(obj, ctx) {
      const svc = obj as Service;
      svc.spec = cloneJson(svc.spec ?? {}); // never default a sub-tree a trusted caller still shares
      defaultService(svc);
      svc.status = { loadBalancer: {} };
      const t = newTxn();
      const errs = allocateCreate(al, svc, ctx.rng, t);
      if (errs.length === 0) pending.set(obj, t);
      return errs;
    },
    validateCreate: (obj) => validateService(obj as Service),
    prepareForUpdate(obj, old, ctx) {
      const svc = obj as Service;
      svc.spec = cloneJson(svc.spec ?? {});
      defaultService(svc);
      const t = newTxn();
      const errs = allocateUpdate(al, svc, old as Service, ctx.rng, t);
      if (errs.length) {
        failed.add(obj);
        return errs;
      }
      pending.set(obj, t);
      dropTypeDependentFields(svc, old as Service);
      return [];
    },
    validateUpdate(obj, old): FieldError[] {
      if (failed.has(obj)) return []; // the allocation errors already stand alone, as upstream
      const errs = validateServiceUpdate(obj as Service, old as Service);
      const t = pending.get(obj);
      if (t) {
        if (errs.length) revert(al, t);
        else commit(al, t);
        pending.delete(obj);
      }
      return errs;
    },
    afterDelete(obj) {
      const t = pending.get(obj);
      // A create that failed (or was a dry run) gives back only what it took; a stored
      // Service, recognisable by its uid, gives back everything it holds.
      if (!obj.metadata.uid) {
        if (t) revert(al, t);
        pending.delete(obj);
        return;
      }
      pending.delete(obj);
      releaseService(al, obj as Service);
    },
  };
}
